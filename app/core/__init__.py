"""The pure core: models, the pose library, routines, the timeline, the engine and the record.

Nothing in here does I/O beyond parsing text it is handed, starts a thread,
touches asyncio, sleeps, or imports Textual.
"""
