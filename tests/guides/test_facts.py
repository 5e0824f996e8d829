"""Figures linked to the agency's data: checked against it, taken from it, cited from it."""

from __future__ import annotations

import re
import shutil
from pathlib import Path

from conftest import ROOT, TODAY, copy_project
from typer.testing import CliRunner, Result

from publisher.cli import app
from publisher.guides.library import load_library
from publisher.project.settings import load_project

ENV = {"PUBLISHER_TODAY": TODAY.isoformat()}
NEWER = ROOT / "tests" / "fixtures" / "data" / "national_M2025_dl.csv"


def run(*args: str | Path) -> Result:
    return CliRunner().invoke(app, [str(arg) for arg in args], env=ENV)


def edit(path: Path, old: str, new: str) -> None:
    text = path.read_text(encoding="utf-8")
    assert old in text, old
    path.write_text(text.replace(old, new, 1), encoding="utf-8")


def test_the_sample_library_passes_strict_with_its_data() -> None:
    result = run("check", "--strict", "-C", ROOT)
    assert result.exit_code == 0, result.output
    assert result.stdout == ""


def test_a_changed_figure_is_named_with_both_values(tmp_path: Path) -> None:
    root = copy_project(tmp_path / "p")
    guide = root / "guides" / "electrician.yaml"
    edit(guide, "    amount: 62350\n", "    amount: 62450\n")
    result = run("check", "-C", root)
    assert result.exit_code == 1
    line = next(n for n, text in enumerate(guide.read_text().splitlines(), 1) if "62450" in text)
    assert (
        f"guides/electrician.yaml:{line}:5: quick_facts.median_pay.amount: 62,450 differs from "
        "OEWS May 2024 for 47-2111: 62,350"
    ) in result.stdout


def test_a_figure_left_out_comes_from_the_data_with_its_citation(tmp_path: Path) -> None:
    root = copy_project(tmp_path / "p", ["sound-designer"])
    edit(root / "guides" / "sound-designer.yaml", "    amount: 66430\n    year: May 2024\n", "")
    edit(root / "guides" / "sound-designer.yaml", "    count: 16900\n", "")
    checked = run("check", "-C", root)
    assert checked.exit_code == 0, checked.output
    assert "error" not in checked.stdout  # (warnings: its related careers are not copied)
    project = load_project(root)
    (entry,) = load_library(project, TODAY).entries
    assert entry.guide is not None
    pay, jobs = entry.guide.quick_facts.median_pay, entry.guide.quick_facts.jobs
    assert pay is not None and (pay.amount, pay.year) == (66430, "May 2024")
    assert jobs is not None and (jobs.count, jobs.year) == (16900, "2024")
    source = entry.guide.source("oews-27-4014")
    assert source is not None
    assert source.name == "BLS, Occupational Employment and Wage Statistics"
    assert (source.code, source.date) == ("27-4014", "May 2024")
    assert source.url == "https://www.bls.gov/oes/2024/may/oes274014.htm"


def test_a_figure_the_series_does_not_publish_is_refused(tmp_path: Path) -> None:
    """The seed card's $34K–$105K range was printed as BLS data; BLS has no such range."""
    root = copy_project(tmp_path / "p", ["music-producer"])
    edit(root / "guides" / "music-producer.yaml", "      median: 66430\n",
         "      low: 34000\n      median: 66430\n      high: 105000\n")  # fmt: skip
    result = run("check", "-C", root)
    assert result.exit_code == 1
    assert (
        "numbers.salary_paths[0].low: 34,000 is cited to OEWS May 2024 for 27-4014, which has "
        "no such figure"
    ) in result.stdout
    assert "salary_paths[0].high: 105,000 is cited to OEWS May 2024" in result.stdout


def test_two_guides_on_one_code_must_print_one_value(tmp_path: Path) -> None:
    root = copy_project(tmp_path / "p", ["electrician"])
    twin = root / "guides" / "electrician-apprentice.yaml"
    shutil.copyfile(root / "guides" / "electrician.yaml", twin)
    edit(twin, "    percent: 9\n", "    percent: 8\n")  # cited to the OOH page, not a series
    result = run("check", "-C", root)
    assert result.exit_code == 1
    assert re.search(
        r"guides/electrician\.yaml:\d+:3: numbers\.growth: 47-2111 growth \(2024–34\) is 9 here "
        r"but guides/electrician-apprentice\.yaml: 8",
        result.stdout,
    )
    assert "guides/electrician-apprentice.yaml" in result.stdout.split("is 8 here")[0]


def test_growth_needs_its_period(tmp_path: Path) -> None:
    root = copy_project(tmp_path / "p", ["electrician"])
    edit(root / "guides" / "electrician.yaml", "    period: 2024–34\n", "")
    result = run("check", "-C", root)
    assert "numbers.growth: a growth figure needs its projection period" in result.stdout


def test_a_series_period_must_be_the_series_decade(tmp_path: Path) -> None:
    root = copy_project(tmp_path / "p", ["sound-designer"])
    edit(root / "guides" / "sound-designer.yaml", "    period: 2024–34\n", "    period: 2023–33\n")
    result = run("check", "-C", root)
    assert "the period '2023–33' is not the Employment Projections 2024–34 decade" in result.stdout


def test_printed_sources_are_the_agency(tmp_path: Path) -> None:
    root = copy_project(tmp_path / "p", ["chef"])
    guide = root / "guides" / "chef.yaml"
    edit(guide, "https://www.bls.gov/ooh/food-preparation-and-serving/chefs-and-head-cooks.htm#tab-4",
         "https://tradecolleges.org/careers/chefs-and-head-cooks")  # fmt: skip
    edit(guide, "  - id: oews-35-1011\n    series: oews\n",
         "  - id: oews-35-1011\n    series: oews\n    name: Some page\n")  # fmt: skip
    result = run("check", "-C", root)
    assert result.exit_code == 1
    assert "tradecolleges.org is not the agency that publishes the figures" in result.stdout
    assert "sources[0].name: a `series` source's name comes from the data" in result.stdout


def test_an_uncited_source_is_a_warning(tmp_path: Path) -> None:
    root = copy_project(tmp_path / "p", ["chef"])
    spare = "\n  - id: spare\n    name: A spare source\n    date: May 2024\n"
    edit(root / "guides" / "chef.yaml", "\ndata_as_of:", f"{spare}\ndata_as_of:")
    result = run("check", "--strict", "-C", root)
    assert result.exit_code == 1
    assert "the source 'spare' is listed but no figure cites it" in result.stdout


def test_newer_data_makes_older_figures_stale(tmp_path: Path) -> None:
    root = copy_project(tmp_path / "p", ["writer", "electrician"])
    assert run("data", "import", "-C", root, NEWER).exit_code == 0
    result = run("check", "-C", root)
    assert result.exit_code == 0  # each figure is still right for the year it names…
    assert "OEWS May 2025 is imported and has 27-3043; this figure is from May 2024" in (
        result.stdout
    )
    assert run("check", "--strict", "-C", root).exit_code == 1  # …but it is stale


def test_figures_are_primary_on_every_handout_source() -> None:
    """No handout of the sample library cites an aggregator or an archive."""
    project = load_project(ROOT)
    for entry in load_library(project, TODAY).entries:
        assert entry.guide is not None
        for source in entry.guide.sources:
            assert source.name, (entry.slug, source.id)
            if source.url:
                host = re.match(r"https://([^/]+)/", source.url)
                assert host and (host[1].endswith(".gov") or "onetonline" in host[1])
