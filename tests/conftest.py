"""Every test runs with its own empty config, data and cache folders, never the real home's."""

from __future__ import annotations

import pytest


@pytest.fixture(autouse=True)
def _own_folders(monkeypatch: pytest.MonkeyPatch, tmp_path_factory: pytest.TempPathFactory) -> None:
    folders = tmp_path_factory.mktemp("home")
    monkeypatch.setenv("BACKSIDE_CONFIG_DIR", str(folders / "config"))
    monkeypatch.setenv("BACKSIDE_DATA_DIR", str(folders / "data"))
    monkeypatch.setenv("BACKSIDE_CACHE_DIR", str(folders / "cache"))
