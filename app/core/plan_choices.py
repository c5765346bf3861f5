"""Each plan's own choices from the start screen, over what every plan starts from.

What is picked on the start screen belongs to the plan it was picked for: a
hold of 20 s chosen for `strength` never reaches `flow`. `PlanChoices` holds
the base every plan starts from (the command line, then `settings.toml`, then
the built-in defaults), and for each plan only what was changed for it, by the
field of `PracticeOptions` (None: as the plan says, over a default that says
otherwise). `for_plan` is what the start screen shows and starts for a plan;
the coach's proposal is applied under it (`Proposal.apply`, then
`Routine.with_options`), so a choice of the plan wins over the proposal as any
option does. No I/O here: `app.store.plan_choices` reads and writes them.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass, field, fields, replace
from typing import Any

from app.core.options import HOLD, PracticeOptions

#: The fields a plan keeps: every option of a practice but the plan itself.
PLAN_FIELDS: tuple[str, ...] = tuple(
    item.name for item in fields(PracticeOptions) if item.name != "plan_id"
)


@dataclass(frozen=True, slots=True)
class PlanChoices:
    """The choices of every plan: a base, and what the start screen changed for each plan."""

    base: PracticeOptions = field(default_factory=PracticeOptions)
    """What every plan starts from; its `plan_id` is the plan to open on when none was
    picked yet (the `plan` setting)."""
    plans: Mapping[str, Mapping[str, object]] = field(default_factory=dict)
    """By plan id: the fields changed on the start screen for that plan, and their values."""
    last: str | None = None
    """The plan started last from the start screen, which opens on it."""

    @property
    def opening(self) -> PracticeOptions:
        """What the start screen opens on: the last plan picked (else the base's), as kept."""
        return self.for_plan(self.last or self.base.plan_id)

    def for_plan(self, plan_id: str) -> PracticeOptions:
        """The choices `plan_id` runs with: the base, with the plan's own over it."""
        own: dict[str, Any] = dict(self.plans.get(plan_id, {}))
        try:
            return replace(self.base, plan_id=plan_id, **own)
        except (TypeError, ValueError):  # a value the options no longer take: the base
            return replace(self.base, plan_id=plan_id)

    def changed(self, choices: PracticeOptions) -> dict[str, object]:
        """What `choices` changes from the base; both fields of the hold when either differs
        (a hold in breaths replaces a default hold in seconds)."""
        own = {
            name: getattr(choices, name)
            for name in PLAN_FIELDS
            if getattr(choices, name) != getattr(self.base, name)
        }
        if any(name in own for name in HOLD):
            own.update({name: getattr(choices, name) for name in HOLD})
        return own

    def keep(self, choices: PracticeOptions, *, picked: bool = True) -> PlanChoices:
        """These choices kept for their plan (and, `picked`, that plan opened on next)."""
        plans = dict(self.plans)
        own = self.changed(choices)
        if own:
            plans[choices.plan_id] = own
        else:
            plans.pop(choices.plan_id, None)
        return replace(self, plans=plans, last=choices.plan_id if picked else self.last)
