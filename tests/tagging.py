"""Readers of a tagged PDF's structure, for the tests (and by hand: `python tests/tagging.py
FILE` prints the headings as a screen reader meets them).

Two readers that do not share our code: pikepdf over the raw objects (the structure tree, and
every page's content: each painting operator inside marked content), and poppler's
`pdfinfo -struct-text` (the tree with each element's text, as an assistive technology reads it).
"""

from __future__ import annotations

import re
import shutil
import subprocess
import sys
from pathlib import Path
from typing import Any

import pikepdf

PAINTING = {"Tj", "TJ", "'", '"', "S", "s", "f", "F", "f*", "B", "B*", "b", "b*", "sh", "BI"}
HEADING = re.compile(r"^(\s*)H([1-6])\b")
TEXT = re.compile(r'^\s*"(.*)"$')


def pdfinfo() -> str | None:
    return shutil.which("pdfinfo")


def unmarked(pdf: pikepdf.Pdf) -> list[tuple[int, str]]:
    """(page number, operator) of everything painted outside marked content (neither tagged
    nor an artifact), forms drawn outside marked content included."""
    found: list[tuple[int, str]] = []
    for number, page in enumerate(pdf.pages, 1):
        _check(page.obj, page.obj.get("/Resources"), number, found, set())
    return found


def _check(owner: Any, resources: Any, number: int, found: list, seen: set) -> None:
    depth = 0
    for instruction in pikepdf.parse_content_stream(owner):
        name = str(instruction.operator)
        if name in ("BDC", "BMC"):
            depth += 1
        elif name == "EMC":
            depth -= 1
        elif depth == 0 and name in PAINTING:
            found.append((number, name))
        elif depth == 0 and name == "Do":
            xobject = (resources or {}).get("/XObject", {}).get(str(instruction.operands[0]))
            if xobject is None or xobject.get("/Subtype") != "/Form":
                found.append((number, "Do"))
            elif xobject.objgen not in seen:
                seen.add(xobject.objgen)
                inner = xobject.get("/Resources", resources)
                _check(xobject, inner, number, found, seen)


def elements(pdf: pikepdf.Pdf) -> list[Any]:
    """Every structure element, in reading order (depth first)."""
    out: list[Any] = []

    def visit(node: Any) -> None:
        kids = node.get("/K")
        kids = list(kids) if isinstance(kids, pikepdf.Array) else [kids]
        for kid in kids:
            if isinstance(kid, pikepdf.Dictionary) and kid.get("/Type") not in ("/MCR", "/OBJR"):
                out.append(kid)
                visit(kid)

    visit(pdf.Root.StructTreeRoot)
    return out


def headings(path: Path) -> list[tuple[int, str]]:
    """(level, text) of every heading, in reading order, as poppler reads the tree."""
    tool = pdfinfo()
    assert tool is not None
    lines = subprocess.run(
        [tool, "-struct-text", str(path)], capture_output=True, text=True, check=True
    ).stdout.splitlines()
    found: list[tuple[int, str]] = []
    index = 0
    while index < len(lines):
        match = HEADING.match(lines[index])
        index += 1
        if not match:
            continue
        indent, words = len(match.group(1)), []
        while index < len(lines) and len(lines[index]) - len(lines[index].lstrip()) > indent:
            text = TEXT.match(lines[index])
            if text:
                words.append(text.group(1).strip())
            index += 1
        found.append((int(match.group(2)), " ".join(w for w in words if w)))
    return found


if __name__ == "__main__":
    for level, text in headings(Path(sys.argv[1])):
        print(f"{'  ' * (level - 1)}H{level} {text}")


def poppler_types(path: Path) -> list[str]:
    """The structure element types in reading order, as `pdfinfo -struct` lists them (without
    its lines for annotations, "Object N G")."""
    tool = pdfinfo()
    assert tool is not None
    lines = subprocess.run(
        [tool, "-struct", str(path)], capture_output=True, text=True, check=True
    ).stdout.splitlines()
    found = [m.group(1) for line in lines if (m := re.match(r"^\s*([A-Za-z]\w*)", line))]
    return [name for name in found if name != "Object"]


def types(pdf: pikepdf.Pdf) -> list[str]:
    """The same list read with pikepdf: every element's /S, the Document first."""
    return [str(e.S)[1:] for e in elements(pdf)]


def parent_tree_problems(pdf: pikepdf.Pdf) -> list[str]:
    """Marked content the parent tree does not map to an element of the tree, and keys used
    twice: what an assistive technology follows from content back to its element."""
    tree = pikepdf.NumberTree(pdf.Root.StructTreeRoot.ParentTree)
    in_tree = {e.objgen for e in elements(pdf)}
    problems: list[str] = []
    keys: set[int] = set()
    owners: list[Any] = []
    for page in pdf.pages:
        owners.append(page.obj)
        for _, xobject in (page.obj.get("/Resources", {}).get("/XObject") or {}).items():
            if "/StructParents" in xobject:
                owners.append(xobject)
                inner = xobject.get("/Resources", {}).get("/XObject") or {}
                owners += [x for _, x in inner.items() if "/StructParents" in x]
    for owner in owners:
        ids = [
            int(i.operands[1].MCID)
            for i in pikepdf.parse_content_stream(owner, "BDC")
            if isinstance(i.operands[1], pikepdf.Dictionary) and "/MCID" in i.operands[1]
        ]
        if not ids:
            continue
        key = owner.get("/StructParents")
        if key is None or int(key) in keys:
            problems.append(f"{owner.objgen}: key {key} missing or used twice")
            continue
        keys.add(int(key))
        entry = tree[int(key)]
        for mcid in ids:
            element = entry[mcid] if mcid < len(entry) else None
            if element is None or element.objgen not in in_tree:
                problems.append(f"{owner.objgen}: MCID {mcid} maps to no element of the tree")
    return problems
