"""A guide read from the cache of parsed guides is exactly what reading the file gives."""

from __future__ import annotations

import json
import shutil
from datetime import date
from pathlib import Path

import pytest
from conftest import ROOT, TODAY, copy_project

import publisher.builder.guide_cache
from publisher.builder import keys
from publisher.builder.guide_cache import ParsedGuides
from publisher.builder.store import Store
from publisher.data.dataset import Datasets, load_datasets
from publisher.guides.library import Entry, load_entry
from publisher.project.settings import Project, load_project

FIXTURES = Path(__file__).parents[1] / "fixtures"
DATA = load_datasets(ROOT / "data")


def _project(tmp_path: Path) -> tuple[Project, list[Path]]:
    root = copy_project(tmp_path / "p")
    for folder in ("valid", "invalid"):
        for path in (FIXTURES / folder).glob("*.yaml"):
            shutil.copyfile(path, root / "guides" / f"{folder}-{path.name}")
    project = load_project(root)
    return project, sorted(project.guides_dir.glob("*.yaml"))


def _same(kept: Entry, read: Entry) -> None:
    assert (kept.slug, kept.path, kept.display) == (read.slug, read.path, read.display)
    assert kept.guide == read.guide
    assert kept.problems == read.problems
    assert (kept.raw is None) == (read.raw is None)
    if kept.raw is not None and read.raw is not None:
        assert kept.raw.data == read.raw.data
        assert kept.raw.positions == read.raw.positions
    assert kept.content == read.content  # what cache keys of its outputs are made from


def test_every_guide_and_fixture_reads_back_the_same(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    project, paths = _project(tmp_path)
    assert len(paths) > 40
    folder = Store(tmp_path / "store")
    first = {path: ParsedGuides(folder, TODAY).load(path, project, DATA) for path in paths}
    kept = len(list((tmp_path / "store").rglob("*.json")))
    assert kept >= len(list((ROOT / "guides").glob("*.yaml")))  # every bundled guide at least

    parsed: list[Path] = []
    real = publisher.builder.guide_cache.load_entry

    def counting(path: Path, project: Project, today: date, data: Datasets) -> Entry:
        parsed.append(path)
        return real(path, project, today, data)

    monkeypatch.setattr(publisher.builder.guide_cache, "load_entry", counting)
    again = ParsedGuides(folder, TODAY)
    for path in paths:
        entry = again.load(path, project, DATA)
        if path not in parsed:  # kept: its mapping is read only when asked for, and the
            assert entry.raw is not None and "data" not in vars(entry.raw)  # keys' JSON of
            assert "content" in vars(entry)  # the guide comes with it, not dumped again
        _same(entry, load_entry(path, project, TODAY, DATA))
        _same(entry, first[path])
    assert len(parsed) == len(paths) - kept  # only the ones not kept were read again


def test_an_edit_another_day_or_a_damaged_file_reads_the_guide_again(tmp_path: Path) -> None:
    project, _ = _project(tmp_path)
    guide = project.guides_dir / "electrician.yaml"
    folder = Store(tmp_path / "store")
    before = ParsedGuides(folder, TODAY).load(guide, project, DATA)
    guide.write_text(guide.read_text().replace("median: 62350", "median: 62450", 1))
    edited = ParsedGuides(folder, TODAY).load(guide, project, DATA)
    assert edited.content != before.content
    _same(edited, load_entry(guide, project, TODAY, DATA))

    later = date(TODAY.year + 3, TODAY.month, 1)  # old figures draw warnings then
    _same(
        ParsedGuides(folder, later).load(guide, project, DATA),
        load_entry(guide, project, later, DATA),
    )

    for kept in (tmp_path / "store").rglob("*.json"):  # cut short: the checksum fails
        kept.write_bytes(kept.read_bytes()[:-3])
    _same(
        ParsedGuides(folder, TODAY).load(guide, project, DATA),
        load_entry(guide, project, TODAY, DATA),
    )
    for kept in (tmp_path / "store").rglob("*.json"):  # whole, but not a guide
        kept.unlink()
    key = keys.parsed_guide(
        TODAY,
        project.display(guide),
        guide.stem,
        guide.read_bytes(),
        keys.digest(*DATA.digest_parts()),
        project.clusters,
    )
    fine = {"guide": None, "problems": [], "data": "{}", "positions": "[]", "content": ""}
    strangers = [
        {**fine, "guide": {"title": 5}},
        {**fine, "data": {}},  # (the mapping, where its JSON text belongs)
        {**fine, "positions": []},
        {key: value for key, value in fine.items() if key != "content"},
        {**fine, "problems": [{"severity": "fatal"}]},
    ]
    for stranger in strangers:
        for entry in (tmp_path / "store").rglob("*.json"):
            entry.unlink()
        folder.put(key, json.dumps(stranger).encode(), "json")
        read = ParsedGuides(folder, TODAY).load(guide, project, DATA)
        assert read.guide is not None  # (read from its file, not taken from the stranger)
        _same(read, load_entry(guide, project, TODAY, DATA))
