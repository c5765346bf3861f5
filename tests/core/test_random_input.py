"""Random routines (TOML) and libraries (JSON): exactly one `DataError`, never another exception.

What a careless or unlucky user could write: deep nesting, numbers of
thousands of digits, nan and inf, the wrong types, unknown keys, control
characters, and near-misses of good files. Each document either loads (and
lays out as a timeline) or raises one `DataError` whose message names the
file and is safe to print.
"""

from __future__ import annotations

import json
from typing import Any

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from app.core.errors import DataError
from app.core.library import parse_library
from app.core.models import Library
from app.core.plans import check_length, check_routine, parse_routine
from app.core.timeline import build_timeline
from app.store.shipped import builtin_library_text

LIBRARY = parse_library(builtin_library_text(), "poses.json")
BUILTIN = json.loads(builtin_library_text())

SETTINGS = settings(
    max_examples=500,
    deadline=None,
    derandomize=True,  # the same cases on every run: a failure here is never a fluke
    suppress_health_check=[HealthCheck.too_slow, HealthCheck.data_too_large],
)

#: Stand-ins that the serialisers below turn into text no Python value prints as.
HUGE = "\x00huge"
DEEP = "\x00deep"

ROUTINE_KEYS = [
    "id", "name", "description", "sets", "hold", "timing", "warm_up", "blocks", "cool_down",
    "seconds", "breaths", "lifts_per_side", "pose", "versions", "each_set", "kind", "sequence",
    "rounds", "activity", "stretches", "breath_seconds", "inhale_share", "rest_seconds",
    "get_ready_seconds", "switch_seconds",
]  # fmt: skip
WORDS = [
    "locust", "bow", "reverse-tabletop", "reverse-plank", "sun-salutation", "easy-jog",
    "flow", "settle", "stretch", "pose", "next", "all", "arms-by-sides", "opposite-lifts",
]  # fmt: skip

texts = st.one_of(
    st.sampled_from(WORDS),
    st.text(max_size=12),
    st.text(st.characters(codec="utf-8", categories=["Cc", "Cf", "Zl", "Zp"]), max_size=3),
)
numbers = st.one_of(
    st.integers(min_value=-(10**20), max_value=10**20),
    st.integers(min_value=0, max_value=700),
    st.floats(allow_nan=True, allow_infinity=True),
    st.just(HUGE),
)
scalars = st.one_of(st.none(), st.booleans(), numbers, texts, st.just(DEEP))


def _containers(children: st.SearchStrategy[Any]) -> st.SearchStrategy[Any]:
    keys = st.one_of(st.sampled_from(ROUTINE_KEYS), st.text(max_size=8))
    return st.one_of(st.lists(children, max_size=3), st.dictionaries(keys, children, max_size=3))


values = st.recursive(scalars, _containers, max_leaves=6)
#: Values a person might well write: near the limits, names that exist, a list of them.
plausible = st.one_of(
    st.integers(min_value=0, max_value=700),
    st.floats(min_value=0, max_value=700),
    st.sampled_from(WORDS),
    st.lists(st.sampled_from(WORDS), max_size=3),
    st.booleans(),
)
replacements = st.one_of(plausible, values)

GOOD_ROUTINE: dict[str, Any] = {
    "id": "mine",
    "name": "Mine",
    "description": "A routine of my own.",
    "sets": 2,
    "hold": {"seconds": 30},
    "timing": {"rest_seconds": 20},
    "warm_up": [{"kind": "flow", "sequence": "sun-salutation", "rounds": 1}],
    "blocks": [{"pose": "locust"}, {"pose": "reverse-tabletop", "versions": ["leg-lifted"]}],
    "cool_down": [{"kind": "stretch", "seconds": 30}],
}


# -- writing documents ----------------------------------------------------------------


def _toml_string(text: str) -> str:
    escaped = []
    for char in text:
        if char in '"\\' or not char.isprintable() or ord(char) < 0x20:
            escaped.append(f"\\U{ord(char):08X}" if char not in '"\\' else "\\" + char)
        else:
            escaped.append(char)
    return '"' + "".join(escaped) + '"'


def _toml_value(value: Any) -> str:
    if value is None:
        return '""'  # TOML has no null
    if value is HUGE or value == HUGE:
        return "9" * 5000
    if value is DEEP or value == DEEP:
        return "[" * 3000 + "]" * 3000
    if isinstance(value, bool):
        return "true" if value else "false"
    if isinstance(value, int):
        return str(value)
    if isinstance(value, float):
        if value != value:
            return "nan"
        if value in (float("inf"), float("-inf")):
            return "inf" if value > 0 else "-inf"
        return repr(value)
    if isinstance(value, str):
        return _toml_string(value)
    if isinstance(value, list):
        return "[" + ", ".join(_toml_value(item) for item in value) + "]"
    return "{" + ", ".join(f"{_toml_string(k)} = {_toml_value(v)}" for k, v in value.items()) + "}"


def to_toml(document: dict[str, Any]) -> str:
    return "".join(
        f"{_toml_string(key)} = {_toml_value(value)}\n" for key, value in document.items()
    )


def to_json(document: Any) -> str:
    text = json.dumps(document, ensure_ascii=False)
    return text.replace(json.dumps(HUGE), "9" * 5000).replace(
        json.dumps(DEEP), "[" * 3000 + "]" * 3000
    )


# -- mutating good documents ---------------------------------------------------------


@st.composite
def mutated(draw: st.DrawFn, base: Any, changes: int = 3) -> Any:
    """A copy of `base` with a few values replaced, keys added or keys dropped."""
    document = json.loads(json.dumps(base))
    for _ in range(draw(st.integers(min_value=1, max_value=changes))):
        target = document
        for _ in range(draw(st.integers(min_value=0, max_value=5))):
            if isinstance(target, dict) and target:
                key = draw(st.sampled_from(sorted(target)))
                if not isinstance(target[key], dict | list) or not target[key]:
                    break
                target = target[key]
            elif isinstance(target, list) and target:
                index = draw(st.integers(min_value=0, max_value=len(target) - 1))
                if not isinstance(target[index], dict | list) or not target[index]:
                    break
                target = target[index]
        action = draw(st.sampled_from(["replace", "add", "drop"]))
        if isinstance(target, dict):
            key = draw(st.sampled_from(sorted(target))) if target else "extra"
            if action == "drop" and target:
                del target[key]
            elif action == "add":
                target[draw(st.sampled_from([*ROUTINE_KEYS, "colour"]))] = draw(replacements)
            else:
                target[key] = draw(replacements)
        elif isinstance(target, list) and target:
            index = draw(st.integers(min_value=0, max_value=len(target) - 1))
            if action == "drop":
                del target[index]
            elif action == "add":
                target.append(draw(replacements))
            else:
                target[index] = draw(replacements)
    return document


# -- the invariant -------------------------------------------------------------------


def _assert_clear(error: DataError, source: str) -> None:
    message = str(error)
    assert message.startswith(source), message
    assert message.strip(), "an empty message"
    for line in message.splitlines():
        assert line.isprintable(), f"a control character would reach the terminal: {line!r}"


def load_routine(text: str) -> None:
    """Through the one loader of the built-in plans and a user's routine files."""
    try:
        routine = parse_routine(text, "mine.toml", "mine")
        check_routine(routine, LIBRARY, "mine.toml")
        check_length(build_timeline(routine, LIBRARY), "mine.toml")
    except DataError as error:
        _assert_clear(error, "mine.toml")


def load_library(text: str) -> Library | None:
    try:
        return parse_library(text, "mine.json")
    except DataError as error:
        _assert_clear(error, "mine.json")
        return None


@SETTINGS
@given(st.dictionaries(st.sampled_from(ROUTINE_KEYS), values, max_size=6))
def test_random_routines(document: dict[str, Any]) -> None:
    load_routine(to_toml(document))


def test_the_good_routine_loads() -> None:
    routine = parse_routine(to_toml(GOOD_ROUTINE), "mine.toml")
    check_routine(routine, LIBRARY, "mine.toml")


@SETTINGS
@given(mutated(GOOD_ROUTINE))
def test_near_misses_of_a_good_routine(document: dict[str, Any]) -> None:
    load_routine(to_toml(document))


@SETTINGS
@given(st.text(alphabet=st.sampled_from(list("[]{}=,\"'.\n x1ab-_#")), max_size=60))
def test_random_toml_text(text: str) -> None:
    load_routine(text)


@SETTINGS
@given(values)
def test_random_json(document: Any) -> None:
    load_library(to_json(document))


@settings(SETTINGS, max_examples=300)
@given(mutated(BUILTIN, changes=2))
def test_near_misses_of_the_built_in_library(document: Any) -> None:
    library = load_library(to_json(document))
    if library is not None:  # what loads can be practised: every built-in plan still lays out
        assert library.poses


POSE_VERSIONS = {pose.id: [version.id for version in pose.versions] for pose in LIBRARY.poses}


@st.composite
def good_routines(draw: st.DrawFn) -> dict[str, Any]:
    """Routines within every bound: they must load, lay out, or be refused as too long."""
    hold = draw(
        st.one_of(
            st.fixed_dictionaries({"seconds": st.floats(min_value=5, max_value=600)}),
            st.fixed_dictionaries({"breaths": st.integers(min_value=1, max_value=30)}),
        )
    )
    blocks = []
    for pose in draw(st.lists(st.sampled_from(sorted(POSE_VERSIONS)), min_size=1, max_size=6)):
        block: dict[str, Any] = {"pose": pose}
        block["versions"] = draw(st.lists(st.sampled_from(POSE_VERSIONS[pose]), max_size=3))
        block["each_set"] = draw(st.sampled_from(["next", "all"]))
        blocks.append(block)
    timing = {
        "breath_seconds": draw(st.floats(min_value=2, max_value=15)),
        "inhale_share": draw(st.floats(min_value=0.3, max_value=0.7)),
        "rest_seconds": draw(st.floats(min_value=0, max_value=600)),
        "get_ready_seconds": draw(st.floats(min_value=0, max_value=60)),
        "switch_seconds": draw(st.floats(min_value=0, max_value=30)),
    }
    warm_up = draw(
        st.lists(
            st.one_of(
                st.fixed_dictionaries(
                    {
                        "kind": st.just("flow"),
                        "sequence": st.just("sun-salutation"),
                        "rounds": st.integers(min_value=1, max_value=10),
                    }
                ),
                st.fixed_dictionaries(
                    {
                        "kind": st.just("settle"),
                        "activity": st.just("easy-jog"),
                        "seconds": st.floats(min_value=30, max_value=1800),
                    }
                ),
            ),
            max_size=2,
        )
    )
    cool_down = draw(
        st.lists(
            st.fixed_dictionaries(
                {"kind": st.just("stretch"), "seconds": st.floats(min_value=10, max_value=300)}
            ),
            max_size=2,
        )
    )
    return {
        **GOOD_ROUTINE,
        "sets": draw(st.integers(min_value=1, max_value=10)),
        "hold": hold,
        "timing": timing,
        "warm_up": warm_up,
        "blocks": blocks,
        "cool_down": cool_down,
    }


@settings(SETTINGS, max_examples=200)
@given(good_routines())
def test_routines_within_bounds_load_and_lay_out(document: dict[str, Any]) -> None:
    routine = parse_routine(to_toml(document), "mine.toml")
    check_routine(routine, LIBRARY, "mine.toml")
    timeline = build_timeline(routine, LIBRARY)
    if timeline.total > 3 * 60 * 60:
        with pytest.raises(DataError, match="the practice would last"):
            check_length(timeline, "mine.toml")
    else:
        check_length(timeline, "mine.toml")
    assert timeline.steps
    ends = [step.start + step.duration for step in timeline.steps]
    assert ends[-1] == pytest.approx(timeline.total)
