"""Importing the agency's files as published: the workbook and CSV layouts, markers,
comma-formatted numbers, the vintage, and what an import says changed."""

from __future__ import annotations

import csv
from pathlib import Path

import pytest
from conftest import ROOT
from typer.testing import CliRunner

from publisher.cli import app
from publisher.data.dataset import Datasets, load_datasets
from publisher.data.imports import import_files, read_published
from publisher.data.tables import TableError

PUBLISHED = ROOT / "data" / "published"
FIXTURES = ROOT / "tests" / "fixtures" / "data"


def test_the_oews_csv_reads_as_published() -> None:
    dataset = read_published(PUBLISHED / "national_M2024_dl.csv")
    assert (dataset.series, dataset.vintage) == ("oews", "May 2024")
    assert dataset.url == "https://www.bls.gov/oes/special-requests/oesm24nat.zip"
    sound = dataset.records["27-4014"]
    assert sound.title == "Sound Engineering Technicians"
    assert sound.number("annual_median") == 66430
    assert sound.number("employment") == 13050  # "13,050" as printed
    assert "annual_p10" not in sound.values  # not found is left out, never filled in
    assert dataset.records["47-2111"].number("annual_p90") == 106030
    assert dataset.citation("27-4014") == (
        "BLS, Occupational Employment and Wage Statistics, May 2024, 27-4014"
    )
    assert dataset.code_page("27-4014") == "https://www.bls.gov/oes/2024/may/oes274014.htm"


def test_the_oews_workbook_reads_the_same_as_its_csv() -> None:
    workbook = read_published(FIXTURES / "national_M2024_dl.xlsx")
    text = read_published(PUBLISHED / "national_M2024_dl.csv")
    assert workbook.records == text.records
    assert workbook.vintage == "May 2024"


def test_the_projections_workbook_reads_under_its_title_rows() -> None:
    dataset = read_published(PUBLISHED / "occupation.xlsx")
    assert (dataset.series, dataset.vintage) == ("projections", "2024–34")
    sound = dataset.records["27-4014"]
    assert sound.number("employment_start") == 16900  # 16.9 thousand
    assert sound.number("employment_end") == 16600
    assert sound.number("percent_change") == -1.7
    assert sound.number("annual_openings") == 1200
    assert sound.text("entry_education") == "Postsecondary nondegree award"
    assert dataset.records["00-0000"].number("employment_start") == 169956100
    assert "percent_change" not in dataset.records["47-2111"].values  # not found: left out
    assert dataset.records["47-2111"].text("training") == "Apprenticeship"


def _oews_csv(path: Path, rows: list[dict[str, str]]) -> Path:
    header = ["OCC_CODE", "OCC_TITLE", "O_GROUP", "TOT_EMP", "A_MEDIAN", "A_PCT10", "A_PCT25"]
    header += ["A_PCT75", "A_PCT90", "H_MEDIAN"]
    with path.open("w", newline="", encoding="utf-8") as stream:
        writer = csv.DictWriter(stream, header)
        writer.writeheader()
        for row in rows:
            writer.writerow({name: row.get(name, "") for name in header})
    return path


def test_markers_stay_markers(tmp_path: Path) -> None:
    path = _oews_csv(
        tmp_path / "national_M2024_dl.csv",
        [
            {"OCC_CODE": "11-1011", "OCC_TITLE": "Chief Executives", "O_GROUP": "detailed",
             "TOT_EMP": "211,850", "A_MEDIAN": "#", "A_PCT90": "#"},
            {"OCC_CODE": "27-2042", "OCC_TITLE": "Musicians and Singers", "O_GROUP": "detailed",
             "TOT_EMP": "**", "A_MEDIAN": "*"},
        ],
    )  # fmt: skip
    dataset = read_published(path)
    chief, singers = dataset.records["11-1011"], dataset.records["27-2042"]
    assert chief.number("employment") == 211850
    assert chief.number("annual_median") is None and chief.marker("annual_median") == "#"
    assert singers.marker("employment") == "**" and singers.marker("annual_median") == "*"


@pytest.mark.parametrize(
    ("name", "rows", "message"),
    [
        ("wages.csv", [{"OCC_CODE": "27-4014"}], "survey month is in the name"),
        ("national_M2024_dl.csv", [{"OCC_CODE": "27-4014", "A_MEDIAN": "about 66K"}],
         r"A_MEDIAN is 'about 66K', not a number"),
        ("national_M2024_dl.csv", [{"OCC_CODE": "sound"}], "is not a SOC code"),
    ],
)  # fmt: skip
def test_a_file_that_is_not_the_table_says_why(
    tmp_path: Path, name: str, rows: list[dict[str, str]], message: str
) -> None:
    path = _oews_csv(
        tmp_path / name, [{"OCC_TITLE": "X", "O_GROUP": "detailed", **r} for r in rows]
    )
    with pytest.raises(TableError, match=message):
        read_published(path)


def test_a_file_of_neither_series_is_refused(tmp_path: Path) -> None:
    path = tmp_path / "national_M2024_dl.csv"
    path.write_text("name,pay\nsomeone,1\n", encoding="utf-8")
    with pytest.raises(TableError, match="neither the OEWS national file nor"):
        read_published(path)


def test_an_import_writes_plain_files_and_says_what_changed(tmp_path: Path) -> None:
    data = tmp_path / "data"
    first = import_files([PUBLISHED / "national_M2024_dl.csv"], data, Datasets())
    assert first[0].against is None
    written = (data / "oews-may-2024.yaml").read_bytes()
    again = import_files([PUBLISHED / "national_M2024_dl.csv"], data, load_datasets(data))
    assert (data / "oews-may-2024.yaml").read_bytes() == written  # the same bytes
    assert again[0].against == "May 2024" and not again[0].changes

    newer = import_files([FIXTURES / "national_M2025_dl.csv"], data, load_datasets(data))
    report = newer[0]
    assert report.path.name == "oews-may-2025.yaml"
    assert report.against == "May 2024"
    changes = {(c.code, c.figure): (c.old, c.new) for c in report.changes}
    assert changes[("27-3043", "annual_median")] == (72270, 76910)
    assert changes[("47-2111", "annual_median")] == (62350, 63190)
    assert changes[("27-3043", "annual_p10")] == (41080, None)  # not in the newer file
    assert "27-4014" in report.removed
    assert [d.vintage for d in load_datasets(data).of("oews")] == ["May 2024", "May 2025"]


def test_the_command_imports_the_bundled_files(tmp_path: Path) -> None:
    (tmp_path / "guides").mkdir()
    result = CliRunner().invoke(
        app,
        ["data", "import", "-C", str(tmp_path), str(PUBLISHED / "national_M2024_dl.csv"),
         str(PUBLISHED / "occupation.xlsx")],
    )  # fmt: skip
    assert result.exit_code == 0, result.output
    assert (
        "national_M2024_dl.csv: BLS, Occupational Employment and Wage Statistics, May 2024, "
        in (result.output)
    )
    assert (tmp_path / "data" / "projections-2024-34.yaml").is_file()
    # The project's committed data is exactly what importing its bundled files gives.
    for name in ("oews-may-2024.yaml", "projections-2024-34.yaml"):
        committed = (ROOT / "data" / name).read_text().replace(str(ROOT), "")
        assert (tmp_path / "data" / name).read_text() == committed


def test_a_broken_file_stops_the_import_before_anything_is_written(tmp_path: Path) -> None:
    (tmp_path / "guides").mkdir()
    bad = tmp_path / "national_M2026_dl.csv"
    bad.write_text("OCC_CODE\n", encoding="utf-8")
    result = CliRunner().invoke(
        app, ["data", "import", "-C", str(tmp_path), str(PUBLISHED / "occupation.xlsx"), str(bad)]
    )
    assert result.exit_code == 1
    assert "Traceback" not in result.output
    assert not (tmp_path / "data").exists()
