"""The built-in library holds everything the source article teaches, in our own words."""

from __future__ import annotations

import itertools
import json
import re
from collections.abc import Iterator
from pathlib import Path

import pytest

from app.core.library import parse_library
from app.core.models import (
    FIGURE_MAX_COLUMNS,
    FIGURE_MAX_ROWS,
    Breath,
    Library,
    Muscle,
    Sides,
)

REPO = Path(__file__).resolve().parents[2]
POSES_JSON = REPO / "data" / "poses.json"
#: The article the library was written from; only on machines that have it.
ARTICLE = REPO.parent / "shared" / "seed" / "yoga-for-runners.txt"

#: pose id -> [(version id, sides)], in the order the library lists them.
EXPECTED_VERSIONS = {
    "locust": [
        ("arms-by-sides", Sides.NONE),
        ("goal-post-arms", Sides.NONE),
        ("airplane-arms", Sides.NONE),
        ("opposite-lifts", Sides.ALTERNATE),
    ],
    "bow": [("no-hands", Sides.NONE), ("full-bow", Sides.NONE)],
    "reverse-tabletop": [("both-feet-down", Sides.NONE), ("leg-lifted", Sides.SWITCH)],
    "reverse-plank": [
        ("classic", Sides.NONE),
        ("knee-to-chest", Sides.SWITCH),
        ("leg-lifted", Sides.SWITCH),
    ],
}

#: What each pose strengthens, as the article lists it.
EXPECTED_BENEFITS = {
    "locust": {Muscle.BACK, Muscle.HAMSTRINGS, Muscle.CALVES, Muscle.QUADRICEPS, Muscle.GLUTES},
    "bow": {Muscle.BACK, Muscle.HAMSTRINGS, Muscle.QUADRICEPS, Muscle.GLUTES},
    "reverse-tabletop": {Muscle.BACK, Muscle.ARMS, Muscle.HAMSTRINGS, Muscle.GLUTES},
    "reverse-plank": {
        Muscle.BACK,
        Muscle.ARMS,
        Muscle.HAMSTRINGS,
        Muscle.GLUTES,
        Muscle.CALVES,
        Muscle.FEET,
    },
}

OTHER_NAMES = {
    "locust": "Shalabhasana",
    "bow": "Dhanurasana",
    "reverse-tabletop": "Ardha Purvottanasana",
    "reverse-plank": "Purvottanasana",
}

#: Readable from a mat a metre or two away, and whole beside the figure in an
#: 80-column terminal (the practice screen cuts a longer cue short there).
CUE_MAX = 42


@pytest.fixture(scope="module")
def library() -> Library:
    return parse_library(POSES_JSON.read_text(encoding="utf-8"), str(POSES_JSON))


def test_poses_and_versions_are_the_articles(library: Library) -> None:
    found = {
        pose.id: [(version.id, version.sides) for version in pose.versions]
        for pose in library.poses
    }
    assert found == EXPECTED_VERSIONS
    assert sum(len(pose.versions) for pose in library.poses) == 11


@pytest.mark.parametrize("pose_id", EXPECTED_BENEFITS)
def test_pose_names_and_benefits(library: Library, pose_id: str) -> None:
    pose = library.pose(pose_id)
    assert set(pose.benefits) == EXPECTED_BENEFITS[pose_id]
    assert OTHER_NAMES[pose_id] in pose.other_names
    assert pose.cues, "every pose has shared set-up cues"


def test_full_bow_also_works_the_chest(library: Library) -> None:
    assert Muscle.CHEST in library.pose("bow").version("full-bow").benefits


def test_every_muscle_the_article_names_is_covered(library: Library) -> None:
    covered = {m for pose in library.poses for m in pose.benefits}
    covered |= {m for pose in library.poses for v in pose.versions for m in v.benefits}
    named = {
        Muscle.FEET,
        Muscle.CALVES,
        Muscle.HAMSTRINGS,
        Muscle.GLUTES,
        Muscle.BACK,
        Muscle.QUADRICEPS,
        Muscle.ARMS,
        Muscle.CHEST,
    }
    assert named <= covered


def test_locust_versions_get_harder_in_order(library: Library) -> None:
    levels = [version.difficulty for version in library.pose("locust").versions]
    assert levels == sorted(levels)
    assert len(set(levels)) == len(levels)


def test_bow_without_hands_is_harder_than_holding_the_feet(library: Library) -> None:
    bow = library.pose("bow")
    assert bow.version("no-hands").difficulty > bow.version("full-bow").difficulty
    assert any("no hands" in note.lower() for note in bow.version("full-bow").notes)


def test_lifting_a_leg_is_harder_than_both_feet_down(library: Library) -> None:
    table = library.pose("reverse-tabletop")
    assert table.version("leg-lifted").difficulty > table.version("both-feet-down").difficulty
    plank = library.pose("reverse-plank")
    assert (
        plank.version("classic").difficulty
        < plank.version("knee-to-chest").difficulty
        <= plank.version("leg-lifted").difficulty
    )


def test_reverse_plank_is_harder_than_reverse_tabletop(library: Library) -> None:
    table = [v.difficulty for v in library.pose("reverse-tabletop").versions]
    plank = [v.difficulty for v in library.pose("reverse-plank").versions]
    assert min(plank) > min(table)
    assert max(plank) > max(table)
    notes = " ".join(library.pose("reverse-plank").version("classic").notes)
    assert "Reverse Tabletop" in notes


def test_cautions_the_article_gives(library: Library) -> None:
    bow = " ".join(library.pose("bow").cautions).lower()
    assert "low back" in bow
    assert "inner thighs" in bow
    for pose_id in ("reverse-tabletop", "reverse-plank"):
        cautions = " ".join(library.pose(pose_id).cautions).lower()
        assert "elbows" in cautions
        assert "neck" in cautions
    assert "arches" in " ".join(library.pose("reverse-plank").cautions).lower()


def test_alternating_lifts_note_the_breath_and_the_goal(library: Library) -> None:
    notes = " ".join(library.pose("locust").version("opposite-lifts").notes).lower()
    assert "breath" in notes
    assert "30" in notes
    assert library.guidance.lift_goal_per_side == 30


def test_guidance(library: Library) -> None:
    guidance = library.guidance
    assert (guidance.hold_seconds.low, guidance.hold_seconds.high) == (30, 60)
    assert (guidance.hold_breaths.low, guidance.hold_breaths.high) == (5, 8)
    assert (guidance.sets.low, guidance.sets.high) == (1, 3)
    assert guidance.vary_versions
    assert library.sequence(guidance.warm_up).id == "sun-salutation"
    assert library.activity(guidance.settle).id == "easy-jog"
    assert guidance.when
    assert guidance.after_run
    assert guidance.why


def test_sun_salutation_breathes_in_and_out(library: Library) -> None:
    movements = library.sequence("sun-salutation").movements
    assert 9 <= len(movements) <= 12
    breaths = [movement.breath for movement in movements]
    assert breaths[0] is Breath.INHALE
    assert breaths[-1] is Breath.EXHALE
    assert all(a is not b for a, b in itertools.pairwise(breaths)), (
        "each movement is one breath, so inhales and exhales take turns"
    )


def test_stretches_for_the_back_of_the_legs_and_hips(library: Library) -> None:
    assert 4 <= len(library.stretches) <= 6
    targets = {m for stretch in library.stretches for m in stretch.targets}
    assert {Muscle.HAMSTRINGS, Muscle.CALVES, Muscle.GLUTES, Muscle.HIPS} <= targets
    assert any(stretch.sides is Sides.SWITCH for stretch in library.stretches)


def _cues(library: Library) -> Iterator[str]:
    for pose in library.poses:
        yield from pose.cues
        for version in pose.versions:
            yield from version.cues
            yield from version.held_cues
    for sequence in library.sequences:
        yield from sequence.cues
        yield from (movement.cue for movement in sequence.movements)
    for stretch in library.stretches:
        yield from stretch.cues
    for activity in library.activities:
        yield from activity.cues


def _as_shown(text: str) -> Iterator[str]:
    """A cue as a practice shows it: with {side} and {other} filled in for each side."""
    yield text
    for side, other in (("left", "right"), ("right", "left")):
        yield text.replace("{side}", side).replace("{other}", other)


def test_cues_are_short_enough_to_read_from_the_mat(library: Library) -> None:
    too_long = [shown for cue in _cues(library) for shown in _as_shown(cue) if len(shown) > CUE_MAX]
    assert not too_long


def test_sided_versions_name_the_leg_and_never_contradict_the_timer(library: Library) -> None:
    """Each side's cues say which leg works; the timer, not a cue, says when to switch."""
    for pose in library.poses:
        for version in pose.versions:
            cues = version.held_cues or version.cues
            if version.sides is Sides.SWITCH or version.held_cues:
                assert any("{side}" in cue for cue in cues), f"{pose.id}/{version.id}"
            for cue in version.cues + version.held_cues:
                words = cue.lower()
                assert "breaths" not in words, f"{cue!r}: the timer counts the breaths"
                assert "change legs" not in words, cue
                assert "switch" not in words, cue


def test_the_articles_sides(library: Library) -> None:
    """Reverse Tabletop lifts the right leg first; Reverse Plank draws the left knee in."""
    assert library.pose("reverse-tabletop").version("leg-lifted").lead == "right"
    assert library.pose("reverse-plank").version("knee-to-chest").lead == "left"
    lifts = library.pose("locust").version("opposite-lifts")
    assert "Lift the left arm with the right leg" in lifts.cues


def test_full_bow_falls_back_to_no_hands(library: Library) -> None:
    bow = library.pose("bow")
    assert bow.version("full-bow").fallback == "no-hands"
    assert bow.version("no-hands").fallback is None


def test_figures_fit_and_are_plain_ascii(library: Library) -> None:
    figures = {
        f"{pose.id}/{version.id}": version.figure
        for pose in library.poses
        for version in pose.versions
    }
    figures |= {f"stretch {stretch.id}": stretch.figure for stretch in library.stretches}
    for where, figure in figures.items():
        assert figure, f"{where} has no figure"
        assert len(figure) <= FIGURE_MAX_ROWS, where
        for row in figure:
            assert len(row) <= FIGURE_MAX_COLUMNS, where
            assert row.isascii(), where
            assert row.isprintable(), where


def test_figures_keep_their_leading_spaces(library: Library) -> None:
    rows = library.pose("reverse-tabletop").version("leg-lifted").figure
    assert any(row.startswith(" ") for row in rows)


def test_file_points_editors_at_its_schema() -> None:
    raw = json.loads(POSES_JSON.read_text(encoding="utf-8"))
    assert raw["$schema"] == "poses.schema.json"


def _words(text: str) -> list[str]:
    return re.findall(r"[a-z0-9]+", text.lower().replace("\u2019", "").replace("'", ""))


def _library_text(value: object) -> Iterator[str]:
    if isinstance(value, str):
        yield value
    elif isinstance(value, list):
        for item in value:
            yield from _library_text(item)
    elif isinstance(value, dict):
        for key, item in value.items():
            if key != "figure":
                yield from _library_text(item)


#: No text in the library shares this many consecutive words with the article.
RUN = 5


@pytest.mark.skipif(not ARTICLE.exists(), reason="the source article is not on this machine")
def test_nothing_is_copied_from_the_article() -> None:
    article = _words(ARTICLE.read_text(encoding="utf-8"))
    runs = {tuple(article[i : i + RUN]) for i in range(len(article) - RUN + 1)}
    raw = json.loads(POSES_JSON.read_text(encoding="utf-8"))
    copied = []
    for text in (shown for raw_text in _library_text(raw) for shown in _as_shown(raw_text)):
        words = _words(text)
        if any(tuple(words[i : i + RUN]) in runs for i in range(len(words) - RUN + 1)):
            copied.append(text)
    assert not copied


@pytest.mark.skipif(not ARTICLE.exists(), reason="the source article is not on this machine")
def test_the_guidance_in_words_is_our_own(library: Library) -> None:
    """`backside about` and the about screen add sentences of their own: checked too."""
    from app.core.guidance import guidance_sections

    article = _words(ARTICLE.read_text(encoding="utf-8"))
    runs = {tuple(article[i : i + RUN]) for i in range(len(article) - RUN + 1)}
    copied = []
    for section in guidance_sections(library):
        for text in (section.title, *section.points):
            words = _words(text)
            if any(tuple(words[i : i + RUN]) in runs for i in range(len(words) - RUN + 1)):
                copied.append(text)
    assert not copied
