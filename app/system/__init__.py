"""The machine around a practice: the clock, the stay-awake lock, helper programs, folders."""
