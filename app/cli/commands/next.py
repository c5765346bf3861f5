"""`backside next [PLAN]`: the next practice of a plan, from the history, and why.

The same proposal the start screen makes and `backside run PLAN` practises
(`--as-written` there practises the plan as written). `--explain` prints the
rules, in the words the README uses (`app.core.coach.RULES`).
"""

from __future__ import annotations

import argparse
import json
from datetime import datetime

from app.core.coach import Proposal, explain, propose
from app.core.errors import DataError
from app.core.models import Library
from app.core.routine import Routine
from app.core.timefmt import clock
from app.core.timeline import build_timeline
from app.store.library_file import load_library
from app.store.plans import load_plan
from app.store.settings import load_settings
from app.system.folders import user_folders


def proposal_for(
    routine: Routine, library: Library, now: datetime | None = None, *, strict: bool = False
) -> Proposal:
    """The next practice of `routine` from the history file.

    A history that cannot be read gives the plan as written (never a reason not
    to practise), unless `strict`: then it is the `DataError` it is.
    """
    from app.cli.commands.history import read_practices

    moment = now or datetime.now().astimezone()
    try:
        _, practices = read_practices()
    except DataError:
        if strict:
            raise
        practices = []
    return propose(routine, library, practices, moment)


def main(args: argparse.Namespace) -> int:
    if args.explain:
        for line in explain():
            print(f"- {line}")
        return 0
    library = load_library(args.poses)
    plan_id = args.plan or load_settings(user_folders().settings_file).settings.plan
    routine = load_plan(plan_id, library)
    proposal = proposal_for(routine, library, strict=True)
    practised = proposal.apply(routine)
    length = build_timeline(practised, library).total
    if args.json:
        print(json.dumps({**proposal.to_json(), "seconds": round(length, 3)}, indent=2))
        return 0
    print(proposal.reason)
    print(f"  {clock(length)} in all")
    for note in proposal.notes:
        print(f"  {note}")
    if not proposal.as_written:
        print(f"Enter on the start screen, or: backside run {plan_id}  (--as-written: as planned)")
    return 0
