"""Stage 2 (validate): the rules beyond types, one scenario fixture per rule.

Errors stop a guide from printing; warnings (stale data, unresolved related guides, TODO
markers) do not, unless `--strict`. The clock is a parameter: these run on 2026-11-24.
"""

from __future__ import annotations

from datetime import date
from pathlib import Path

import pytest
from conftest import TODAY
from scenarios import MINIMAL, check_file, install, lines, scenario

from publisher.guides.library import load_library
from publisher.project.settings import load_project

RULE_SCENARIOS = {
    "time_split_not_100.yaml": [
        "guides/time-split-not-100.yaml:12:3: work.time_split: the percents add up to 90; "
        "they must add up to 100",
        "    hint: adjust the shares so they total 100",
    ],
    "salary_low_above_median.yaml": [
        "guides/salary-low-above-median.yaml:44:7: numbers.salary_paths[0].low: "
        "low (70,000) is more than median (66,000)",
        "    hint: check the figures: low ≤ median ≤ high",
    ],
    "salary_without_figures.yaml": [
        "guides/salary-without-figures.yaml:43:7: numbers.salary_paths[0]: "
        "a pay path needs at least one of low, median, high",
    ],
    "open_top_without_high.yaml": [
        "guides/open-top-without-high.yaml:46:7: numbers.salary_paths[0].open_top: "
        "an open-ended top needs `high`, e.g. 500000",
    ],
    "growth_percent_and_range.yaml": [
        "guides/growth-percent-and-range.yaml:42:3: numbers.growth: "
        "give either `percent` or `low` and `high`, not both",
    ],
    "undated_source.yaml": [
        "guides/undated-source.yaml:48:7: numbers.salary_paths[0].sources: "
        "none of this figure's sources has a date",
        "    hint: add `date:` (e.g. 'May 2024') to source 'bls-27-4014' under `sources:`",
    ],
    "unknown_source_ref.yaml": [
        "guides/unknown-source-ref.yaml:48:17: numbers.salary_paths[0].sources[0]: "
        "'bls-27-4041' is not the id of any entry under `sources:`",
        "    hint: use one of: bls-27-4014",
        "guides/unknown-source-ref.yaml:54:5: sources[0]: warning: "
        "the source 'bls-27-4014' is listed but no figure cites it",
        "    hint: cite it from the figures that come from it, or remove it",
    ],
    "duplicate_source_id.yaml": [
        "guides/duplicate-source-id.yaml:57:5: sources[1].id: "
        "the source id 'bls-27-4014' is used twice",
        "    hint: give each source its own id",
    ],
    "day_out_of_order.yaml": [
        "guides/day-out-of-order.yaml:25:7: day.blocks[1].time: "
        "13:00 is not later than the block before it (14:00)",
        "    hint: list blocks in time order, using a 24-hour clock ('15:00' for 3 pm)",
    ],
    "day_end_before_last_block.yaml": [
        "guides/day-end-before-last-block.yaml:28:3: day.end: "
        "18:00 is not after the start of the last block (19:00)",
        "    hint: `end` is when the last block finishes, on a 24-hour clock",
    ],
}

WARNING_SCENARIOS = {
    "stale_data.yaml": [
        "guides/stale-data.yaml:58:1: data_as_of: warning: the data is 19 months old "
        "(checked 2025-04); re-check it every 18 months",
        "    hint: re-check the figures against their sources, then update `data_as_of`",
    ],
    "future_data.yaml": [
        "guides/future-data.yaml:58:1: data_as_of: warning: 2027-02 is in the future",
        "    hint: use the month the figures were checked",
    ],
    "related_missing.yaml": [
        "guides/related-missing.yaml:5:11: related[0]: warning: "
        "'sound-designer' is not a guide in this project",
        "    hint: add guides/sound-designer.yaml, or check the spelling",
    ],
    "too_many_activities.yaml": [
        "guides/too-many-activities.yaml:12:3: work.time_split: warning: 10 activities; "
        "the chart shows 8 at most and merges the smallest into 'Other'",
        "    hint: combine related activities",
    ],
    "long_first_sentence.yaml": [
        "guides/long-first-sentence.yaml:3:1: summary: warning: its first sentence is 150 "
        "characters, too long for a table card's pitch (at most 90); the card prints none",
        "    hint: add `pitch:`, one sentence of at most 90 characters, under `summary:`",
    ],
}
DRAFT_SCENARIOS = {
    "todo_marker.yaml": [
        "guides/todo-marker.yaml:51:3: outlook.going: draft: still a TODO placeholder",
        "    hint: replace it with the real text; until then `--draft` prints it marked DRAFT",
    ],
}


@pytest.mark.parametrize("fixture", RULE_SCENARIOS)
def test_rule_error_is_reported_exactly(tmp_path: Path, fixture: str) -> None:
    assert scenario(tmp_path, fixture) == RULE_SCENARIOS[fixture]


@pytest.mark.parametrize("fixture", WARNING_SCENARIOS)
def test_rule_warning_is_reported_exactly_and_does_not_fail(tmp_path: Path, fixture: str) -> None:
    assert scenario(tmp_path, fixture) == WARNING_SCENARIOS[fixture]
    (entry,) = load_library(load_project(tmp_path), TODAY).entries
    assert entry.ok() and not entry.ok(strict=True)


@pytest.mark.parametrize("fixture", DRAFT_SCENARIOS)
def test_a_draft_fails_except_as_a_draft(tmp_path: Path, fixture: str) -> None:
    assert scenario(tmp_path, fixture) == DRAFT_SCENARIOS[fixture]
    (entry,) = load_library(load_project(tmp_path), TODAY).entries
    assert entry.is_draft and not entry.ok()
    assert entry.ok(draft=True) and not entry.ok(strict=False, draft=False)


def test_no_data_date_and_an_unknown_cluster_make_a_draft(tmp_path: Path) -> None:
    install(tmp_path, MINIMAL, "sound-technician.yaml")
    path = tmp_path / "guides" / "sound-technician.yaml"
    text = path.read_text(encoding="utf-8")
    path.write_text(text.replace("data_as_of:", "# data_as_of:"), encoding="utf-8")
    (tmp_path / "publisher.yaml").write_text(
        "clusters:\n  arts-av-communication: Arts\n  health-science: Health Science\n",
        encoding="utf-8",
    )
    text = path.read_text(encoding="utf-8")
    cluster = next(line for line in text.splitlines() if line.startswith("cluster:"))
    path.write_text(text.replace(cluster, "cluster: health"), encoding="utf-8")
    (entry,) = load_library(load_project(tmp_path), TODAY).entries
    found = [p.format() for p in entry.problems]
    assert any(
        "cluster: draft: 'health' is not one of the clusters in publisher.yaml" in f
        and "did you mean 'health-science'?" in f
        for f in found
    ), found
    assert any("draft: no `data_as_of`" in f for f in found), found
    assert entry.is_draft and not entry.ok() and entry.ok(draft=True)


def test_slug_must_be_the_file_name(tmp_path: Path) -> None:
    assert scenario(tmp_path, "bad_slug.yaml", "bad_slug.yaml") == [
        "guides/bad_slug.yaml:1:1: the file name 'bad_slug.yaml' must be lowercase words "
        "joined by hyphens",
        "    hint: rename the file to 'bad-slug.yaml' (the file name is the guide's id)",
    ]


def test_related_slug_resolves_to_a_guide_of_the_project(tmp_path: Path) -> None:
    install(tmp_path, MINIMAL, "sound-designer.yaml")
    assert scenario(tmp_path, "related_missing.yaml") == []


def test_related_resolves_against_guides_even_when_checking_one_file(tmp_path: Path) -> None:
    install(tmp_path, MINIMAL, "sound-designer.yaml")
    path = install(tmp_path, Path(__file__).parents[1] / "fixtures/invalid/related_missing.yaml")
    assert lines(check_file(tmp_path, path)) == []


def test_a_guide_cannot_be_related_to_itself(tmp_path: Path) -> None:
    path = install(tmp_path, MINIMAL, "sound-technician.yaml")
    path.write_text(path.read_text().replace("cluster:", "related: [sound-technician]\ncluster:"))
    assert lines(check_file(tmp_path, path)) == [
        "guides/sound-technician.yaml:4:11: related[0]: warning: a guide cannot be related to "
        "itself",
        "    hint: remove it from `related`",
    ]


@pytest.mark.parametrize(
    ("as_of", "stale"),
    [("2025-05", False), ("2025-04", True), ("2026-11", False), ("2025-05-31", False)],
)
def test_data_older_than_18_months_is_stale(tmp_path: Path, as_of: str, stale: bool) -> None:
    path = install(tmp_path, MINIMAL, "dated.yaml")
    path.write_text(path.read_text().replace('"2026-06"', f'"{as_of}"'))
    assert any("months old" in line for line in lines(check_file(tmp_path, path))) is stale


def test_the_clock_is_a_parameter(tmp_path: Path) -> None:
    install(tmp_path, Path(__file__).parents[1] / "fixtures/invalid/stale_data.yaml")
    project = load_project(tmp_path)
    assert load_library(project, date(2026, 10, 1)).problems == []
    assert len(load_library(project, TODAY).problems) == 1


@pytest.mark.parametrize(("second", "ok"), [("59.5", True), ("61", True), ("61.5", False)])
def test_time_split_may_be_off_by_one_for_rounding(tmp_path: Path, second: str, ok: bool) -> None:
    path = install(tmp_path, MINIMAL, "split.yaml")
    path.write_text(path.read_text().replace("percent: 60", f"percent: {second}"))
    assert check_file(tmp_path, path).ok() is ok


def test_same_slug_twice_is_an_error(tmp_path: Path) -> None:
    install(tmp_path, MINIMAL, "sound-technician.yaml")
    install(tmp_path, MINIMAL, "sound-technician.yml")
    library = load_library(load_project(tmp_path), TODAY)
    assert [problem.format() for problem in library.problems] == [
        "guides/sound-technician.yaml:1:1: another file has the same name: "
        "guides/sound-technician.yml\n    hint: keep one of them",
        "guides/sound-technician.yml:1:1: another file has the same name: "
        "guides/sound-technician.yaml\n    hint: keep one of them",
    ]


def test_one_broken_guide_does_not_hide_the_others(tmp_path: Path) -> None:
    install(tmp_path, MINIMAL, "sound-technician.yaml")
    (tmp_path / "guides" / "broken.yaml").write_text("title: [unclosed\n")
    library = load_library(load_project(tmp_path), TODAY)
    assert [(e.slug, e.ok()) for e in library.entries] == [
        ("broken", False),
        ("sound-technician", True),
    ]


def test_a_project_without_guides_folder_has_no_guides(tmp_path: Path) -> None:
    assert load_library(load_project(tmp_path), TODAY).entries == []
