"""Each plan's own choices over the base every plan starts from (no I/O)."""

from __future__ import annotations

from app.core.options import PracticeOptions
from app.core.plan_choices import PlanChoices

BASE = PracticeOptions(plan_id="quick", hold_seconds=30, sets=2)


def test_a_plan_without_choices_runs_with_the_base() -> None:
    assert PlanChoices(base=BASE).for_plan("flow") == PracticeOptions(
        plan_id="flow", hold_seconds=30, sets=2
    )


def test_a_change_is_kept_for_its_plan_only() -> None:
    kept = PlanChoices(base=BASE).keep(PracticeOptions(plan_id="strength", hold_seconds=20, sets=2))
    assert kept.plans == {"strength": {"hold_seconds": 20, "hold_breaths": None}}
    assert kept.for_plan("strength").hold_seconds == 20
    assert kept.for_plan("flow").hold_seconds == 30
    assert kept.last == "strength"
    assert kept.opening.plan_id == "strength"


def test_as_planned_over_a_default_is_a_choice_too() -> None:
    kept = PlanChoices(base=BASE).keep(PracticeOptions(plan_id="flow", hold_breaths=8, sets=None))
    assert kept.for_plan("flow") == PracticeOptions(plan_id="flow", hold_breaths=8)


def test_back_to_the_base_forgets_the_plans_choices() -> None:
    kept = PlanChoices(base=BASE).keep(PracticeOptions(plan_id="flow", sets=3, hold_seconds=30))
    assert "flow" in kept.plans
    again = kept.keep(PracticeOptions(plan_id="flow", sets=2, hold_seconds=30), picked=False)
    assert again.plans == {}
    assert again.last == "flow"


def test_a_value_the_options_no_longer_take_falls_back_to_the_base() -> None:
    broken = PlanChoices(base=BASE, plans={"flow": {"sets": 99}})
    assert broken.for_plan("flow") == PracticeOptions(plan_id="flow", hold_seconds=30, sets=2)


def test_the_last_plan_picked_is_opened_over_the_settings_plan() -> None:
    assert PlanChoices(base=BASE).opening.plan_id == "quick"
    assert PlanChoices(base=BASE, last="full").opening.plan_id == "full"
