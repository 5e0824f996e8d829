"""`publisher new`: a skeleton that is valid as written, named after the title."""

from __future__ import annotations

from pathlib import Path

import pytest
from scenarios import check_file

from publisher.errors import PublisherError
from publisher.guides.rules import slugify
from publisher.guides.scaffold import new_guide


@pytest.mark.parametrize(
    ("title", "slug"),
    [
        ("Sound Designer", "sound-designer"),
        ("Diseñador de Sonido", "disenador-de-sonido"),
        ("AC/DC Roadie", "ac-dc-roadie"),
        ("  3D   Artist! ", "3d-artist"),
        ("!!!", ""),
    ],
)
def test_slugify(title: str, slug: str) -> None:
    assert slugify(title) == slug


@pytest.mark.parametrize("title", ['The "Real" Producer', "Back\\slash: a title", "Café #1"])
def test_any_title_is_written_as_valid_yaml(tmp_path: Path, title: str) -> None:
    path = new_guide(tmp_path / "guides", title, "2026-11")
    entry = check_file(tmp_path, path)
    assert entry.guide is not None
    assert entry.guide.title == title
    assert [p for p in entry.errors if not p.is_draft] == []  # a draft, as a skeleton is


def test_refuses_to_overwrite(tmp_path: Path) -> None:
    path = new_guide(tmp_path / "guides", "Sound Designer", "2026-11")
    path.write_text("keep me")
    with pytest.raises(PublisherError) as caught:
        new_guide(tmp_path / "guides", "Sound  Designer", "2026-11")
    assert caught.value.format() == (
        "guides/sound-designer.yaml already exists; edit it, or choose another title"
    )
    assert path.read_text() == "keep me"


def test_refuses_a_title_without_letters_or_digits(tmp_path: Path) -> None:
    with pytest.raises(PublisherError):
        new_guide(tmp_path / "guides", "???", "2026-11")
    assert not (tmp_path / "guides").exists()
