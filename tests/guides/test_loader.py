"""Stage 1 (load): problems with the file itself, each with its own clear message.

Each scenario is a small fixture in tests/fixtures/invalid/, named after it, that differs from
tests/fixtures/valid/minimal.yaml in one thing. The assertions are the exact lines a person
sees from `publisher check`.
"""

from __future__ import annotations

from pathlib import Path

import pytest
from scenarios import MINIMAL, check_file, install, lines, scenario

from publisher.errors import ContentError
from publisher.guides.loader import MAX_FILE_BYTES, load_yaml

START_HINT = '    hint: start from `publisher new "Career Title"`'
TAG_HINT = "    hint: guides hold only text, numbers, lists and fields: remove the tag"

FILE_SCENARIOS = {
    "duplicate_key.yaml": [
        "guides/duplicate-key.yaml:29:3: day.title: appears twice (first on line 20)",
        "    hint: keep one of them and delete the other",
    ],
    "not_a_mapping.yaml": [
        "guides/not-a-mapping.yaml:2:1: the file holds a list; "
        "a guide is made of fields like `title: Music Producer`",
        START_HINT,
    ],
    "empty.yaml": ["guides/empty.yaml:1:1: the file is empty", START_HINT],
    "alias_bomb.yaml": [
        "guides/alias-bomb.yaml:9:1: lol5: anchors (&) and aliases (*) expand to more than "
        "20,000 values",
        "    hint: write the values out instead of repeating them through aliases",
    ],
    "not_utf8.yaml": [
        "guides/not-utf8.yaml:3:40: byte 0xe9 is not UTF-8 text",
        "    hint: save the file as UTF-8 (in most editors: 'Save with encoding' → UTF-8)",
    ],
    "python_object_tag.yaml": [
        "guides/python-object-tag.yaml:2:1: title: the YAML tag "
        "'!!python/object/apply:os.system' is not allowed",
        TAG_HINT,
    ],
    "multiple_documents.yaml": [
        "guides/multiple-documents.yaml:59:1: the file holds more than one YAML document",
        "    hint: a guide is one document: remove this '---' line, or split the file in two",
    ],
    "unclosed_quote.yaml": [
        "guides/unclosed-quote.yaml:28:9: text goes on after a closing quote",
        "    hint: if the text holds a quote, wrap it in the other kind ('He said \"hi\"'); "
        "or close a quote left open on a line above",
    ],
    "colon_in_text.yaml": [
        "guides/colon-in-text.yaml:27:21: unexpected ':' here",
        "    hint: check the indentation of this line; put text that contains ': ', ' #' "
        "or starts with a symbol in quotes",
    ],
    "tab_indent.yaml": [
        "guides/tab-indent.yaml:51:1: a tab is used for indenting here; YAML needs spaces",
        "    hint: replace the tab with spaces (most editors: 'Convert indentation to spaces')",
    ],
    "control_character.yaml": [
        "guides/control-character.yaml:24:29: the file contains an invisible control "
        "character (U+000C)",
        "    hint: delete it; it usually comes from text pasted out of a PDF or word processor",
    ],
    "huge_number.yaml": [
        "guides/huge-number.yaml:45:7: numbers.salary_paths[0].median: "
        "the number has more than 15 digits",
        "    hint: write the figure in whole units, e.g. 66000",
    ],
    "nested_too_deep.yaml": [
        "guides/nested-too-deep.yaml:5:1: tags: nested more than 40 levels deep",
        "    hint: a guide nests a few levels at most: check the indentation",
    ],
}


@pytest.mark.parametrize("fixture", FILE_SCENARIOS)
def test_file_problem_is_reported_exactly(tmp_path: Path, fixture: str) -> None:
    assert scenario(tmp_path, fixture) == FILE_SCENARIOS[fixture]


def test_too_large_file(tmp_path: Path) -> None:
    path = tmp_path / "guides" / "too-large.yaml"
    path.parent.mkdir()
    text = MINIMAL.read_text()
    path.write_text(text + "#" * (300 * 1024 - len(text) - 1) + "\n")
    assert lines(check_file(tmp_path, path)) == [
        "guides/too-large.yaml:1:1: the file is 300 KiB; the limit is 256 KiB",
        "    hint: a guide is two pages of text: remove pasted material",
    ]


def test_file_just_under_the_limit_loads(tmp_path: Path) -> None:
    path = tmp_path / "guides" / "long.yaml"
    path.parent.mkdir()
    text = MINIMAL.read_text()
    path.write_text(text + "#" * (MAX_FILE_BYTES - len(text) - 1) + "\n")
    assert lines(check_file(tmp_path, path)) == []


def test_minimal_guide_is_valid(tmp_path: Path) -> None:
    assert scenario(tmp_path, "minimal.yaml") == []


def test_every_key_and_item_keeps_its_line_and_column() -> None:
    raw = load_yaml(MINIMAL, "minimal.yaml")
    assert raw.positions[("title",)] == (2, 1)
    assert raw.positions[("work", "time_split")] == (12, 3)
    assert raw.positions[("work", "time_split", 1)] == (15, 7)
    assert raw.positions[("work", "time_split", 1, "percent")] == (16, 7)
    assert raw.locate(("work", "time_split", 1, "percent", "nonexistent")) == (16, 7)


def test_problems_of_a_file_come_together(tmp_path: Path) -> None:
    text = MINIMAL.read_text().replace("title: Sound", "title: !!set {a}\ntitel: Sound")
    path = install(tmp_path, MINIMAL, "two-problems.yaml")
    path.write_text(text.replace("  end:", "  end: 1\n  end:"))
    assert [line for line in lines(check_file(tmp_path, path)) if "hint" not in line] == [
        "guides/two-problems.yaml:2:1: title: the YAML tag '!!set' is not allowed",
        "guides/two-problems.yaml:30:3: day.end: appears twice (first on line 29)",
    ]


@pytest.mark.parametrize(
    ("text", "where"),
    [
        ('title: !!python/object/apply:os.system ["echo pwned"]\n', "1:1: title:"),
        ("title: !!python/object/apply:os.system echo\n", "1:1: title:"),
        ("!!python/object/apply:os.system\nargs: [echo pwned]\n", "1:1:"),
        ("title: !!python/name:os.system ''\n", "1:1: title:"),
        ("title: !!python/object/new:builtins.dict {}\n", "1:1: title:"),
    ],
)
def test_python_tags_are_refused_wherever_they_stand(tmp_path: Path, text: str, where: str) -> None:
    path = tmp_path / "guides" / "evil.yaml"
    path.parent.mkdir()
    path.write_text(text)
    (message, hint) = lines(check_file(tmp_path, path))
    assert message.startswith(f"guides/evil.yaml:{where} the YAML tag '!!python/")
    assert message.endswith("is not allowed")
    assert hint == TAG_HINT


def test_load_yaml_raises_content_error_for_library_callers(tmp_path: Path) -> None:
    path = tmp_path / "broken.yaml"
    path.write_text("title: [unclosed\n")
    with pytest.raises(ContentError) as caught:
        load_yaml(path, "broken.yaml")
    assert caught.value.format() == (
        "broken.yaml:1:8: a list opened with '[' is never closed\n"
        "    hint: add the closing ']', or put the value in quotes if it starts with '['"
    )


@pytest.mark.parametrize(
    ("old", "new", "field", "value"),
    [
        ('    - time: "19:00"', "    - time: 19:00", "time", "19:00"),  # not base-60 900
        ("title: Sound Technician", "title: No", "title", "No"),  # not the boolean False
        ("title: Sound Technician", "title: 2026-06-01", "title", "2026-06-01"),  # not a date
    ],
)
def test_yaml_1_1_surprises_stay_text(
    tmp_path: Path, old: str, new: str, field: str, value: str
) -> None:
    path = install(tmp_path, MINIMAL, "surprise.yaml")
    path.write_text(path.read_text().replace(old, new))
    entry = check_file(tmp_path, path)
    assert entry.guide is not None, lines(entry)
    found = entry.guide.day.blocks[1].time if field == "time" else entry.guide.title
    assert found == value


def test_byte_order_mark_is_fine(tmp_path: Path) -> None:
    path = install(tmp_path, MINIMAL, "bom.yaml")
    path.write_bytes(b"\xef\xbb\xbf" + MINIMAL.read_bytes())
    assert lines(check_file(tmp_path, path)) == []
