"""A small hand-made practice and a fake clock, shared by the UI tests and the core's.

`make_timeline()` has every kind of step, short: get-ready, a time hold, sides, a
rest, breaths, lifts, done. No Textual here.
"""

from __future__ import annotations

from app.core.models import Breath
from app.core.steps import (
    Chime,
    ChimePoint,
    Measure,
    Section,
    Side,
    Step,
    StepKind,
    Timeline,
)

START = 1000.0

LOCUST_FIGURE = (
    " O",
    "  \\__ --->                _",
    "     \\__               __/",
    "        \\_____________/",
    "==============================",
)
TABLE_FIGURE = (
    "              |",
    " O            |",
    "  \\___________|___",
    "  |               |",
    "  |               |",
    "==============================",
)
LOCUST_CUES = (
    "Lie face down, legs long behind you",
    "Bring the big toes together",
    "Float chest, head and both legs up",
    "Slide the shoulders away from your ears",
)
TABLE_SET_UP = (
    "Sit down, feet flat on the mat",
    "Hands a foot behind the hips",
)
TABLE_CUES = {
    side: (f"Raise the {side} leg toward the sky", f"Root the {other} foot", *TABLE_SET_UP)
    for side, other in (("left", "right"), ("right", "left"))
}
HOLD_CHIMES = (
    ChimePoint(chime=Chime.HOLD_START, seconds=0),
    ChimePoint(chime=Chime.COUNTDOWN, seconds=3, from_end=True, count=3),
    ChimePoint(chime=Chime.COUNTDOWN, seconds=2, from_end=True, count=2),
    ChimePoint(chime=Chime.COUNTDOWN, seconds=1, from_end=True, count=1),
)


class FakeClock:
    """A monotonic clock that moves only when a test says so."""

    def __init__(self, now: float = START) -> None:
        self.now = now

    def __call__(self) -> float:
        return self.now

    def advance(self, seconds: float) -> None:
        self.now += seconds


def make_timeline() -> Timeline:
    """Every kind of step, short: get-ready, time hold, sides, rest, breaths, lifts, done."""
    specs: list[dict[str, object]] = [
        {
            "kind": StepKind.GET_READY,
            "duration": 3,
            "title": "Locust",
            "subtitle": "Arms by the sides",
            "set_number": 1,
            "figure": LOCUST_FIGURE,
        },
        {
            "kind": StepKind.HOLD,
            "duration": 10,
            "title": "Locust",
            "subtitle": "Arms by the sides",
            "pose_id": "locust",
            "version_id": "arms-by-sides",
            "set_number": 1,
            "target": 10,
            "cues": LOCUST_CUES,
            "figure": LOCUST_FIGURE,
            "notes": ("Keep the neck long: the gaze stays on the floor just ahead.",),
            "chimes": HOLD_CHIMES,
        },
        {
            "kind": StepKind.GET_READY,
            "duration": 3,
            "title": "Reverse Tabletop",
            "subtitle": "Leg lifted",
            "side": Side.LEFT,
            "side_label": "left leg",
            "set_number": 1,
            "cues": TABLE_SET_UP,
            "figure": TABLE_FIGURE,
            "notes": ("Keep a slight bend in the elbows so they never lock.",),
        },
        {
            "kind": StepKind.HOLD,
            "duration": 5,
            "title": "Reverse Tabletop",
            "subtitle": "Leg lifted",
            "pose_id": "reverse-tabletop",
            "version_id": "leg-lifted",
            "side": Side.LEFT,
            "side_label": "left leg",
            "set_number": 1,
            "target": 5,
            "cues": TABLE_CUES["left"],
            "figure": TABLE_FIGURE,
            "notes": ("Keep a slight bend in the elbows so they never lock.",),
            "chimes": HOLD_CHIMES,
        },
        {
            "kind": StepKind.SWITCH_SIDES,
            "duration": 3,
            "title": "Switch sides",
            "subtitle": "Leg lifted",
            "side": Side.RIGHT,
            "side_label": "right leg",
            "cues": TABLE_CUES["right"][:2],
            "figure": TABLE_FIGURE,
            "set_number": 1,
            "chimes": (ChimePoint(chime=Chime.SWITCH_SIDES, seconds=0),),
        },
        {
            "kind": StepKind.HOLD,
            "duration": 5,
            "title": "Reverse Tabletop",
            "subtitle": "Leg lifted",
            "pose_id": "reverse-tabletop",
            "version_id": "leg-lifted",
            "side": Side.RIGHT,
            "side_label": "right leg",
            "set_number": 1,
            "target": 5,
            "cues": TABLE_CUES["right"],
            "figure": TABLE_FIGURE,
            "notes": ("Keep a slight bend in the elbows so they never lock.",),
            "chimes": HOLD_CHIMES,
        },
        {
            "kind": StepKind.REST,
            "duration": 5,
            "title": "Rest",
            "subtitle": "Next: Locust, set 2 of 2",
            "set_number": 1,
            "chimes": (ChimePoint(chime=Chime.SET_FINISHED, seconds=0),),
        },
        {
            "kind": StepKind.HOLD,
            "duration": 8,
            "title": "Locust",
            "subtitle": "Arms forward",
            "pose_id": "locust",
            "version_id": "arms-forward",
            "set_number": 2,
            "measure": Measure.BREATHS,
            "target": 2,
            "breath_seconds": 4.0,
            "inhale_seconds": 2.0,
            "cues": LOCUST_CUES,
            "figure": LOCUST_FIGURE,
            "notes": ("Keep the neck long: the gaze stays on the floor just ahead.",),
            "chimes": HOLD_CHIMES,
        },
        {
            "kind": StepKind.HOLD,
            "duration": 16,
            "title": "Locust",
            "subtitle": "Opposite arm and leg lifts",
            "pose_id": "locust",
            "version_id": "opposite-lifts",
            "set_number": 2,
            "measure": Measure.REPS,
            "target": 2,
            "breath_seconds": 4.0,
            "inhale_seconds": 2.0,
            "cues": ("Lift the left arm with the right leg", "Lower; now the other pair"),
            "figure": LOCUST_FIGURE,
            "chimes": HOLD_CHIMES,
        },
        {
            "kind": StepKind.DONE,
            "duration": 0,
            "title": "Practice complete",
            "chimes": (ChimePoint(chime=Chime.SESSION_FINISHED, seconds=0),),
        },
    ]
    steps = []
    start = 0.0
    for index, spec in enumerate(specs):
        fields: dict[str, object] = {
            "index": index,
            "section": Section.STRENGTH,
            "start": start,
            "set_count": 2 if spec.get("set_number") else None,
            **spec,
        }
        step = Step(**fields)
        steps.append(step)
        start += step.duration
    return Timeline(routine_id="tiny", name="Tiny", steps=tuple(steps))


#: Step indexes of make_timeline(), by what they are.
GET_READY, TIME_HOLD, GET_READY_SIDE, LEFT_HOLD, SWITCH, RIGHT_HOLD, REST = range(7)
BREATH_HOLD, LIFTS, DONE = 7, 8, 9
assert Breath.INHALE  # the pacer's phases come from the core's Breath
