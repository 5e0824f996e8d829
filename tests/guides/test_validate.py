"""Stage 2 (validate): a guide's shape, in words a person editing YAML can act on.

Pydantic's own wording ("input should be a valid dictionary or instance of Suits") never
reaches the reader; every message says what the field must be and, where it helps, what to do.
"""

from __future__ import annotations

from pathlib import Path
from typing import Literal

import pytest
from pydantic import BaseModel, ConfigDict
from scenarios import MINIMAL, check_file, install, lines, scenario

from publisher.guides.loader import load_yaml
from publisher.guides.validate import validate_document

SHAPE_SCENARIOS = {
    "unknown_field.yaml": [
        "guides/unknown-field.yaml:3:1: sumary: unknown field 'sumary'",
        "    hint: did you mean 'summary'?",
    ],
    "missing_required_field.yaml": [
        "guides/missing-required-field.yaml:36:1: starter.text: required field is missing",
        "    hint: add `text:` under `starter:` (what to make and what it tests)",
    ],
    "percent_over_100.yaml": [
        "guides/percent-over-100.yaml:16:7: work.time_split[1].percent: must be 0–100 (got 130)",
    ],
    "title_is_number.yaml": [
        "guides/title-is-number.yaml:2:1: title: must be text, not the number 2024",
        '    hint: put it in quotes: title: "2024"',
    ],
    "null_value.yaml": [
        "guides/null-value.yaml:8:3: suits.maybe_not_if: has no value",
        "    hint: write the value after `maybe_not_if:`",
    ],
    "list_for_mapping.yaml": [
        "guides/list-for-mapping.yaml:6:1: suits: must be a group of fields, not a list",
        "    hint: write its fields on indented lines below `suits:` "
        "(worth_a_look_if, maybe_not_if)",
    ],
    "money_with_dollar_sign.yaml": [
        "guides/money-with-dollar-sign.yaml:45:7: numbers.salary_paths[0].median: "
        "must be a whole number, not the text '$66,000'",
        "    hint: write digits only, without $, commas or letters, e.g. 66000",
    ],
}


@pytest.mark.parametrize("fixture", SHAPE_SCENARIOS)
def test_shape_problem_is_reported_exactly(tmp_path: Path, fixture: str) -> None:
    assert scenario(tmp_path, fixture) == SHAPE_SCENARIOS[fixture]


@pytest.mark.parametrize(
    ("old", "new", "expected"),
    [
        (
            "cluster: arts-av-communication",
            "cluster: Arts & AV",
            "cluster: must be lowercase words joined by hyphens (got 'Arts & AV')",
        ),
        (
            '    - time: "19:00"',
            '    - time: "7pm"',
            "day.blocks[1].time: must be a 24-hour time 'HH:MM' (got '7pm')",
        ),
        (
            'data_as_of: "2026-06"',
            "data_as_of: June 2026",
            "data_as_of: is not valid (got 'June 2026')",
        ),
        (
            "      year: May 2024",
            "      year: May 2024\n      period: month",
            "numbers.salary_paths[0].period: must be 'year' or 'hour' (got 'month')",
        ),
        (
            "  signs_yes:\n    - They enjoy fixing a hum before anyone hears it.",
            "  signs_yes: []",
            "fit.signs_yes: needs at least one item",
        ),
        (
            "      median: 66000",
            "      median: 66000.5",
            "numbers.salary_paths[0].median: must be a whole number, not the number 66000.5",
        ),
        (
            "      median: 66000",
            "      median: -5",
            "numbers.salary_paths[0].median: must be more than 0 (got -5)",
        ),
        (
            "      percent: 60",
            "      percent: .nan",
            "work.time_split[1].percent: '.nan' is not a usable number",
        ),
        (
            "  going: Growing with live events and streaming.",
            "  going: ''",
            "outlook.going: is empty",
        ),
    ],
)
def test_messages_say_what_the_value_must_be(
    tmp_path: Path, old: str, new: str, expected: str
) -> None:
    path = install(tmp_path, MINIMAL, "case.yaml")
    text = path.read_text()
    assert old in text
    path.write_text(text.replace(old, new))
    (first, *_) = lines(check_file(tmp_path, path))
    assert first.split(": ", 1)[1] == expected


def test_no_pydantic_wording_reaches_the_reader(tmp_path: Path) -> None:
    text = MINIMAL.read_text()
    for old, new in [
        ("title: Sound Technician", "title: [a, b]"),
        ("suits:\n  worth_a_look_if", "suits: everyone\nx:\n  worth_a_look_if"),
        ("      percent: 40", "      percent: lots"),
        ("  - id: bls-27-4014", "  - id: bls-27-4014\n    url: http://bls.gov"),
        ("      median: 66000", "      median: 66K\n      open_top: maybe"),
        ("    - activity: Mixing\n      percent: 60", "    - Mixing 60"),
    ]:
        text = text.replace(old, new)
    path = install(tmp_path, MINIMAL, "many.yaml")
    path.write_text(text)
    output = "\n".join(lines(check_file(tmp_path, path)))
    assert output.count("guides/many.yaml:") == 8
    for pydantic_words in ("Input should", "input should", "instance of", "dictionary", "[type="):
        assert pydantic_words not in output


class _Booklet(BaseModel):
    model_config = ConfigDict(extra="forbid")
    careers: Literal["all"] | list[int]


def test_union_errors_name_the_field_not_the_union_member(tmp_path: Path) -> None:
    path = tmp_path / "config.yaml"
    path.write_text("careers: 5\n")
    model, problems = validate_document(load_yaml(path, "config.yaml"), _Booklet)
    assert model is None
    assert {problem.field for problem in problems} == {"careers"}
