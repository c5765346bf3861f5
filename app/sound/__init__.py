"""What a practice sounds like: the chimes, the players and backends, the voice, and
the listener (`cues`) that turns engine events into them.

Importing this package loads nothing: backends import simpleaudio or miniaudio
only when opened.
"""
