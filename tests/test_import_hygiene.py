"""The core and the quick commands never import Textual (and the core not even rich).

Each check runs in a fresh interpreter, so what one test imports cannot hide
what another would. The core's module list is read from the folder, so new core
modules are checked as soon as they exist.
"""

from __future__ import annotations

import json
import pkgutil
import subprocess
import sys
from pathlib import Path

import pytest

import app.core

POSES_JSON = str(Path(__file__).resolve().parents[1] / "data" / "poses.json")
CORE_MODULES = sorted(f"app.core.{m.name}" for m in pkgutil.iter_modules(app.core.__path__))

#: Modules the quick commands need; none of them may pull in the UI.
SHELL_MODULES = [
    "app.cli.main",
    "app.store.library_file",
    "app.cli.commands.poses",
    "app.cli.commands.validate",
    "app.cli.commands.schema",
    "app.cli.commands.plans",
    "app.cli.commands.settings",
    "app.cli.commands.new",
    "app.cli.commands.edit",
    "app.cli.commands.about",
    "app.store.settings",
    "app.store.plans",
    "app.cli.commands.history",
    "app.cli.commands.stats",
    "app.cli.commands.remind",
    "app.store.reminder_timer",
    "app.store.history",
    "app.cli.commands.export",
    "app.store.fit_file",
]


def _loaded_after(code: str) -> set[str]:
    """The top-level package names in sys.modules after running `code`."""
    probe = (
        f"{code}\n"
        "import json, sys\n"
        "print(json.dumps(sorted({name.partition('.')[0] for name in sys.modules})))\n"
    )
    result = subprocess.run(
        [sys.executable, "-c", probe], capture_output=True, text=True, timeout=60, check=False
    )
    assert result.returncode == 0, result.stderr
    loaded: list[str] = json.loads(result.stdout.splitlines()[-1])
    return set(loaded)


def test_core_has_modules() -> None:
    assert "app.core.models" in CORE_MODULES
    assert "app.core.library" in CORE_MODULES


@pytest.mark.parametrize("module", CORE_MODULES)
def test_core_module_imports_neither_textual_nor_rich(module: str) -> None:
    loaded = _loaded_after(f"import {module}")
    assert "textual" not in loaded
    assert "rich" not in loaded


@pytest.mark.parametrize("module", SHELL_MODULES)
def test_quick_command_module_does_not_import_textual(module: str) -> None:
    assert "textual" not in _loaded_after(f"import {module}")


@pytest.mark.parametrize(
    "argv",
    [
        ["--help"],
        ["poses"],
        ["poses", "bow", "--json"],
        ["validate", POSES_JSON],
        ["schema"],
        ["plans"],
        ["plans", "--json"],
        ["settings"],
        ["new", "evening"],
        ["history"],
        ["history", "--csv"],
        ["stats", "--json"],
        ["about", "--json"],
    ],
    ids=[
        "help",
        "poses",
        "poses-bow-json",
        "validate",
        "schema",
        "plans",
        "plans-json",
        "settings",
        "new",
        "history",
        "csv",
        "stats",
        "about-json",
    ],
)
def test_quick_command_run_does_not_import_textual(argv: list[str]) -> None:
    code = (
        "import contextlib, io\n"
        "from app.cli.main import main\n"
        "with contextlib.redirect_stdout(io.StringIO()):\n"
        "    try:\n"
        f"        status = main({argv!r})\n"
        "    except SystemExit as exit:\n"
        "        status = exit.code\n"
        "assert status == 0, status\n"
    )
    loaded = _loaded_after(code)
    assert "textual" not in loaded
    assert "rich" not in loaded


def test_a_practice_imports_only_the_practice_screen() -> None:
    """The first frame of `backside run` waits for no screen it does not draw."""
    probe = (
        "import app.ui.launch, json, sys\n"
        "print(json.dumps(sorted(n for n in sys.modules if n.startswith('app.ui.screens.'))))\n"
    )
    result = subprocess.run(
        [sys.executable, "-c", probe], capture_output=True, text=True, timeout=60, check=False
    )
    assert result.returncode == 0, result.stderr
    assert json.loads(result.stdout.splitlines()[-1]) == ["app.ui.screens.practice"]


@pytest.mark.parametrize(
    "code",
    [
        "from app.cli.main import main\ntry:\n    main(['--help'])\nexcept SystemExit:\n    pass",
        "from app.cli.main import main\ntry:\n    main(['export', '--help'])\n"
        "except SystemExit:\n    pass",
        "import app.ui.launch, app.ui.app, app.store.history_log, app.store.fit_file",
    ],
    ids=["help", "export-help", "practice"],
)
def test_the_fit_library_is_loaded_only_to_write_a_file(code: str) -> None:
    assert "fit_tool" not in _loaded_after(code)
    assert "fit_tool" in _loaded_after(
        "from app.store.fit_file import encode\n"
        "from tests.history_samples import sample_practices\n"
        "from datetime import datetime, UTC\n"
        "encode(sample_practices(datetime(2026, 12, 5, 9, tzinfo=UTC))[0])"
    ), "the check above sees fit_tool when it is loaded"
