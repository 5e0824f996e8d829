"""The folders are the pipeline: each stage is a package, and only `builder` knows about keys,
the store, workers and processes. These tests hold the code to that."""

from __future__ import annotations

import ast
import re
from pathlib import Path

import pytest
from conftest import ROOT

PACKAGE = ROOT / "publisher"
STAGES = ("data", "guides", "charts", "layout", "documents")
SERVING = ("project", "output.py", "errors.py")  # used by every stage and by the build
SPEED_MODULES = ("concurrent.futures", "multiprocessing", "threading", "publisher.builder")


def imported(path: Path) -> set[str]:
    """Every module `path` imports, at its top, inside functions or under TYPE_CHECKING."""
    names: set[str] = set()
    for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
        if isinstance(node, ast.Import):
            names.update(alias.name for alias in node.names)
        elif isinstance(node, ast.ImportFrom) and node.module:
            names.add(node.module)
            names.update(f"{node.module}.{alias.name}" for alias in node.names)
    return names


def modules(*places: str) -> list[Path]:
    found: list[Path] = []
    for place in places:
        target = PACKAGE / place
        found += sorted(target.rglob("*.py")) if target.is_dir() else [target]
    return found


@pytest.mark.parametrize("path", modules(*STAGES, *SERVING), ids=lambda p: p.stem)
def test_stages_never_import_the_build_layer_or_processes(path: Path) -> None:
    wrong = sorted(
        name
        for name in imported(path)
        if any(name == banned or name.startswith(f"{banned}.") for banned in SPEED_MODULES)
    )
    assert not wrong, f"{path.relative_to(ROOT)} imports {wrong}"


@pytest.mark.parametrize("stage", [*STAGES, "project", "builder"])
def test_every_package_says_what_it_turns_into_what(stage: str) -> None:
    docstring = ast.get_docstring(ast.parse((PACKAGE / stage / "__init__.py").read_text()))
    assert docstring
    assert docstring.splitlines()[0].strip()
    for path in sorted((PACKAGE / stage).glob("*.py")):  # each module it holds is named
        if path.stem != "__init__":
            named = re.search(rf"^\s*{path.stem}\b", docstring, re.MULTILINE)
            assert named, f"{stage}/__init__.py does not name its module {path.stem}"


def test_only_the_build_layer_makes_keys_or_hashes() -> None:
    """One key recipe module: no stage hashes anything to name or find an entry."""
    for path in modules(*STAGES, *SERVING):
        if path.parent.name == "charts" and path.stem == "chart":
            continue  # a plan's identity salts its SVG ids (deterministic drawing), not a key
        if (path.parent.name, path.stem) in {("layout", "engine"), ("documents", "pdfwrite")}:
            continue  # the PDF's own file identifier, derived from its content
        assert "hashlib" not in imported(path), f"{path.relative_to(ROOT)} hashes"
    key_makers = [p for p in modules("builder") if "hashlib" in imported(p)]
    assert [p.stem for p in key_makers] == ["keys", "store"]  # (store: entry checksums)


def test_no_hand_bumped_key_versions() -> None:
    text = (PACKAGE / "builder" / "keys.py").read_text()
    assert not re.search(r'"[a-z]+-v\d+"', text)


def test_no_module_ends_the_interpreter_by_hand() -> None:
    for path in modules("."):
        assert "os._exit" not in path.read_text(), path
