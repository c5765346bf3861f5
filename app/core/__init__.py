"""The pure core: models, the pose library, routines, the timeline and the engine.

Nothing in here does I/O beyond parsing text it is handed, starts a thread,
touches asyncio, sleeps, or imports Textual.
"""
