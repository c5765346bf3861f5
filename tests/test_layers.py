"""The import-linter contracts cover every folder of `app/`, so `make lint` guards them all."""

from __future__ import annotations

import tomllib
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]


def _contracts() -> list[dict[str, object]]:
    config = tomllib.loads((ROOT / "pyproject.toml").read_text(encoding="utf-8"))
    contracts: list[dict[str, object]] = config["tool"]["importlinter"]["contracts"]
    return contracts


def _layers(containers: list[str] | None = None) -> list[str]:
    for contract in _contracts():
        if contract["type"] == "layers" and contract.get("containers") == containers:
            layers = contract["layers"]
            assert isinstance(layers, list)
            return [str(layer) for layer in layers]
    raise AssertionError(f"no layers contract for {containers}")


def _folders(parent: Path) -> set[str]:
    return {
        entry.name
        for entry in parent.iterdir()
        if entry.is_dir() and (entry / "__init__.py").is_file()
    }


def test_every_folder_of_app_is_a_layer() -> None:
    assert {layer.removeprefix("app.") for layer in _layers()} == _folders(ROOT / "app")


def test_the_core_is_the_bottom_layer_and_the_cli_the_top() -> None:
    layers = _layers()
    assert layers[0] == "app.cli"
    assert layers[-1] == "app.core"


def test_the_ui_is_layered_inside() -> None:
    inner = _layers(["app.ui"])
    assert inner.index("app") < inner.index("screens") < inner.index("widgets")
    assert set(inner) >= _folders(ROOT / "app" / "ui")


def test_every_folder_has_a_docstring_saying_what_belongs_there() -> None:
    for folder in (ROOT / "app").rglob("__init__.py"):
        text = folder.read_text(encoding="utf-8").lstrip()
        assert text.startswith('"""'), f"{folder.relative_to(ROOT)} says nothing"


def _cycle(edges: dict[str, set[str]]) -> list[str]:
    """One import circle among `edges` (module -> the modules it imports), or []."""
    done: set[str] = set()
    path: list[str] = []
    on_path: set[str] = set()

    def visit(module: str) -> list[str]:
        path.append(module)
        on_path.add(module)
        for imported in sorted(edges[module]):
            if imported in on_path:
                return [*path[path.index(imported) :], imported]
            if imported not in done:
                found = visit(imported)
                if found:
                    return found
        path.pop()
        on_path.discard(module)
        done.add(module)
        return []

    for module in sorted(edges):
        if module not in done:
            found = visit(module)
            if found:
                return found
    return []


def test_no_module_of_app_imports_itself_in_a_circle() -> None:
    """Every import counts, those inside functions too: a lazy import cannot hide a circle."""
    import grimp  # import-linter's graph of the imports

    graph = grimp.build_graph("app")
    edges = {
        module: graph.find_modules_directly_imported_by(module) & graph.modules
        for module in graph.modules
    }
    assert "app.store.plans" in edges["app.cli.commands.plans"]
    assert _cycle(edges) == []


def test_the_circle_finder_finds_one() -> None:
    edges = {"a": {"b"}, "b": {"c"}, "c": {"a"}, "d": set()}
    assert _cycle(edges) == ["a", "b", "c", "a"]
    assert _cycle({"a": {"b"}, "b": set()}) == []
