"""The wheel carries everything backside needs: build it, install it in a clean venv, run it.

Slow (it installs the dependencies into a fresh virtual environment), so it is
marked `slow`; `pytest -m "not slow"` leaves it out.
"""

from __future__ import annotations

import importlib.util
import json
import os
import subprocess
import sys
from pathlib import Path

import pytest

REPO = Path(__file__).resolve().parents[2]
BIN = "Scripts" if os.name == "nt" else "bin"


def _run(*argv: str | Path, cwd: Path | None = None) -> subprocess.CompletedProcess[str]:
    return subprocess.run(
        [str(arg) for arg in argv],
        capture_output=True,
        text=True,
        cwd=cwd,
        timeout=600,
        check=False,
    )


@pytest.mark.slow
def test_installed_wheel_lists_the_poses(tmp_path: Path) -> None:
    if importlib.util.find_spec("build") is None:
        pytest.skip("needs the `build` package (requirements-dev.txt)")
    dist = tmp_path / "dist"
    built = _run(sys.executable, "-m", "build", "--wheel", "--no-isolation", "--outdir", dist, REPO)
    assert built.returncode == 0, built.stdout + built.stderr
    (wheel,) = dist.glob("backside-*.whl")

    # A venv of its own with the dependencies the wheel names, installed by this
    # venv's pip (no copy of pip in it, no bytecode compiled: neither is under test).
    venv = tmp_path / "venv"
    made = _run(sys.executable, "-m", "venv", "--without-pip", venv)
    assert made.returncode == 0, made.stderr
    python = venv / BIN / "python"
    installed = _run(
        sys.executable, "-m", "pip", "--python", python, "install", "--quiet", "--no-compile", wheel
    )
    assert installed.returncode == 0, installed.stderr

    elsewhere = tmp_path / "elsewhere"
    elsewhere.mkdir()
    backside = venv / BIN / "backside"
    listed = _run(backside, "poses", "--json", cwd=elsewhere)
    assert listed.returncode == 0, listed.stderr
    poses = json.loads(listed.stdout)
    assert [pose["id"] for pose in poses] == ["locust", "bow", "reverse-tabletop", "reverse-plank"]
    assert sum(len(pose["versions"]) for pose in poses) == 11

    # The data came from the installed package, not from this checkout.
    where = _run(python, "-c", "import app; print(app.__file__)", cwd=elsewhere)
    assert Path(where.stdout.strip()).resolve().is_relative_to(venv.resolve())
    schema = _run(
        python,
        "-c",
        "from app.store.shipped import data_dir; print(data_dir().joinpath('poses.schema.json'))",
        cwd=elsewhere,
    )
    assert Path(schema.stdout.strip()).is_file()
    assert Path(schema.stdout.strip()).resolve().is_relative_to(venv.resolve())
