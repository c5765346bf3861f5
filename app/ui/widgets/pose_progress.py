"""One pose's progress in two lines: its hardest version and most sets, then a mark a week.

The marks are the hold's length (or, for alternating lifts, the weaker side's
lifts) in each of the last weeks, scaled from zero like the week bars, with
`NO_WEEK` for a week without the pose; the best so far is written beside them.
"""

from __future__ import annotations

from textual.content import Content
from textual.widgets import Static

from app.core.pose_progress import PoseWeeks, VersionOrder, bars


def pose_text(pose: PoseWeeks, order: VersionOrder) -> Content:
    best = pose.best
    head = best.name
    if best.version_id is not None:
        place = order.place(best.pose_id, best.version_id)
        head += f" · {best.version_name}" + (f" ({place})" if place else "")
    if best.sets:
        head += f" · {best.sets} set{'' if best.sets == 1 else 's'}"
    lines = [Content.from_markup("[b]$head[/b]", head=head)]
    if best.lifts is not None:
        lines.append(
            Content.from_markup(
                "  [dim]lifts[/dim] [b $accent]$marks[/]  $best",
                marks=bars(pose.fewer_side_lifts),
                best=f"{best.lifts[0]} · {best.lifts[1]} a side",
            )
        )
    if best.hold_seconds is not None:
        lines.append(
            Content.from_markup(
                "  [dim]hold[/dim]  [b $accent]$marks[/]  $best",
                marks=bars(pose.holds),
                best=f"longest {round(best.hold_seconds)} s",
            )
        )
    return Content("\n").join(lines)


class PoseProgress(Static):
    """A pose's bests and its weeks; the text is made once, from the data given."""

    DEFAULT_CSS = """
    PoseProgress { height: auto; }
    """

    def __init__(self, pose: PoseWeeks, order: VersionOrder, *, id: str | None = None) -> None:
        super().__init__(pose_text(pose, order), id=id, classes="pose-progress")
        self.pose = pose
