"""The key help is made from the bindings: every key a screen binds is in its help, once."""

from __future__ import annotations

import pytest
from textual.app import App
from textual.binding import Binding, BindingType

from app.ui.app import BacksideApp
from app.ui.screens.about import AboutScreen
from app.ui.screens.help import key_lines
from app.ui.screens.history import HistoryScreen
from app.ui.screens.practice import PracticeScreen
from app.ui.screens.quit import QuitScreen
from app.ui.screens.start import PlanList, StartScreen
from app.ui.screens.summary import SummaryScreen


def display(binding: Binding) -> str:
    return App().get_key_display(binding)


@pytest.mark.parametrize(
    "bindings",
    [
        BacksideApp.BINDINGS,
        PracticeScreen.BINDINGS,
        StartScreen.BINDINGS,
        PlanList.BINDINGS,
        SummaryScreen.BINDINGS,
        HistoryScreen.BINDINGS,
        AboutScreen.BINDINGS,
        QuitScreen.BINDINGS,
    ],
    ids=["app", "practice", "start", "plans", "summary", "history", "about", "quit"],
)
def test_every_binding_says_what_it_does(bindings: list[BindingType]) -> None:
    for binding in bindings:
        assert isinstance(binding, Binding)
        assert binding.tooltip, f"{binding.key} ({binding.action}) has no words for the help"


def test_keys_with_the_same_words_share_a_line_in_their_order() -> None:
    bindings = [
        Binding("space", "a", "A", key_display="space", tooltip="pause / resume"),
        Binding("space", "b", "B", key_display="space", tooltip="pause / resume"),
        Binding("right,n", "c", "C", key_display="→", tooltip="next step"),
        Binding("minus,underscore", "d", "D", key_display="−", tooltip="less"),
        Binding("x", "e", "E"),  # no words: not in the help
    ]
    assert key_lines(bindings, display) == (
        ("space", "pause / resume"),
        ("→  or  n", "next step"),
        ("−  or  _", "less"),
    )


def test_a_new_binding_is_in_the_help_without_another_word(monkeypatch: pytest.MonkeyPatch) -> None:
    extra = Binding("w", "app.bell", "Wave", tooltip="wave to the neighbours")
    monkeypatch.setattr(PracticeScreen, "BINDINGS", [*PracticeScreen.BINDINGS, extra])
    lines = dict(key_lines([*PracticeScreen.BINDINGS, *BacksideApp.BINDINGS], display))
    assert lines["w"] == "wave to the neighbours"
