"""How the practice screen shows what a step is: its label and its title's classes."""

from __future__ import annotations

from app.core.steps import StepKind
from app.ui.screens.practice import kind_label, title_classes

from .conftest import make_timeline


def test_each_step_has_its_label_and_one_title_class() -> None:
    seen = {}
    for step in make_timeline().steps:
        classes = title_classes(step)
        on = [name for name, wanted in classes.items() if wanted]
        assert on == [f"-{step.kind.value}"]
        seen[step.kind] = kind_label(step)
    assert seen == {
        StepKind.GET_READY: "GET READY",
        StepKind.HOLD: "HOLD",
        StepKind.SWITCH_SIDES: "SWITCH SIDES",
        StepKind.REST: "REST",
        StepKind.DONE: "DONE",
    }
