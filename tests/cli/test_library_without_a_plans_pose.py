"""A pose library that lacks a pose a built-in plan uses: that plan is listed with why, never a
traceback; the user's routines that the library can hold still start."""

from __future__ import annotations

import asyncio
import json
import os
from pathlib import Path

import pytest

from app.store.library_file import load_library
from app.store.plans import load_catalog
from app.store.shipped import builtin_library_text
from tests.cli.running import run


@pytest.fixture
def locust_only(tmp_path: Path) -> Path:
    raw = json.loads(builtin_library_text())
    raw["poses"] = [pose for pose in raw["poses"] if pose["id"] == "locust"]
    path = tmp_path / "locust.json"
    path.write_text(json.dumps(raw), encoding="utf-8")
    folder = Path(os.environ["BACKSIDE_CONFIG_DIR"]) / "routines"
    folder.mkdir(parents=True)
    (folder / "mine.toml").write_text('poses = ["locust"]\n', encoding="utf-8")
    return path


def test_plans_lists_such_a_plan_with_why(
    capsys: pytest.CaptureFixture[str], locust_only: Path
) -> None:
    status, out, err = run(capsys, "--poses", str(locust_only), "plans")
    assert (status, err) == (0, "")
    lines = {line.split()[0]: line for line in out.splitlines() if line.strip()}
    assert "broken" in lines["quick"]
    assert "✗ no pose 'bow' (known: locust)" in lines["quick"]
    assert "yours" not in lines["quick"]
    assert "broken" not in lines["mine"]


def test_the_start_screen_lists_it_and_starts_what_it_can(locust_only: Path) -> None:
    from app.ui.app import BacksideApp
    from app.ui.screens.practice import PracticeScreen
    from app.ui.screens.start import StartScreen

    library = load_library(locust_only)
    app = BacksideApp(library=library, catalog=lambda: load_catalog(library))

    async def drive() -> None:
        async with app.run_test(size=(100, 30)) as pilot:
            await pilot.pause()
            screen = app.screen
            assert isinstance(screen, StartScreen)
            quick = next(plan for plan in screen.plans if plan.id == "quick")
            assert quick.routine is None
            assert "no pose 'bow'" in quick.error
            await pilot.press("enter")  # the highlighted plan, quick, cannot start: said so
            await pilot.pause()
            assert isinstance(app.screen, StartScreen)
            ids = [plan.id for plan in screen.plans]
            for _ in range(ids.index("mine")):
                await pilot.press("down")
            await pilot.press("enter")
            await pilot.pause()
            assert isinstance(app.screen, PracticeScreen)
            assert app.session.engine is not None
            assert app.session.engine.timeline.routine_id == "mine"

    asyncio.run(drive())
