"""Charts: deterministic print-grade SVG, direct labels as text, alt text, palette, cache, export.

The charts are checked structurally (the SVG's <text> elements, fills, sizes) and, once, through
WeasyPrint: the chart text must reach the PDF as text in Source Sans Pro.
"""

from __future__ import annotations

import hashlib
import itertools
import json
import re
import subprocess
import sys
import xml.etree.ElementTree as ET
from pathlib import Path

import pytest
import yaml
from conftest import ROOT

from publisher.charts import (
    Chart,
    ChartCache,
    ChartPlan,
    ChartSizes,
    draw_charts,
    export_charts,
    plan_charts,
)
from publisher.charts.day import plan_day
from publisher.charts.placement import spread
from publisher.charts.salary import plan_salary
from publisher.charts.style import MIN_GREY_STEP, SLICE_COLOURS, grey, slice_colours
from publisher.charts.timesplit import plan_time_split
from publisher.formatting import Formatter
from publisher.labels import Labels, load_labels
from publisher.models import Day, DayBlock, Guide, SalaryPath, TimeShare
from publisher.project import ReferenceMedian

SVG = "{http://www.w3.org/2000/svg}"
REFERENCE = ReferenceMedian(amount=49500, year="May 2024", source="BLS, all occupations")


@pytest.fixture(scope="module")
def labels() -> Labels:
    return load_labels(ROOT / "layouts")


@pytest.fixture(scope="module")
def formatter() -> Formatter:
    return Formatter()


@pytest.fixture(scope="module")
def guide() -> Guide:
    raw = yaml.safe_load((ROOT / "guides" / "music-producer.yaml").read_text(encoding="utf-8"))
    return Guide.model_validate(raw)


@pytest.fixture(scope="module")
def charts(guide: Guide, formatter: Formatter, labels: Labels) -> dict[str, Chart]:
    return draw_charts(guide, formatter, labels, REFERENCE)


def texts(svg: bytes) -> str:
    """Every <text> element's content in document order, joined by spaces."""
    root = ET.fromstring(svg)
    return " ".join("".join(node.itertext()) for node in root.iter(f"{SVG}text"))


def fills(svg: bytes, stroke: str = "#ffffff") -> list[str]:
    """Fill colours of the patches outlined in `stroke` (the slices and blocks), in order."""
    found = []
    for node in ET.fromstring(svg).iter(f"{SVG}path"):
        style = dict(
            part.split(": ", 1) for part in node.get("style", "").split("; ") if ": " in part
        )
        if style.get("stroke") == stroke and style.get("fill", "#ffffff") != "#ffffff":
            found.append(style["fill"])
    return found


def shares(*pairs: tuple[str, float]) -> list[TimeShare]:
    return [TimeShare(activity=activity, percent=percent) for activity, percent in pairs]


# Determinism


def test_same_data_draws_the_same_bytes(
    guide: Guide, formatter: Formatter, labels: Labels, charts: dict[str, Chart]
) -> None:
    again = draw_charts(guide, formatter, labels, REFERENCE)
    assert {name: chart.svg for name, chart in again.items()} == {
        name: chart.svg for name, chart in charts.items()
    }


def test_same_bytes_in_another_process(charts: dict[str, Chart]) -> None:
    script = f"""
import hashlib, json, sys, yaml
from pathlib import Path
from publisher.charts import draw_charts
from publisher.formatting import Formatter
from publisher.labels import load_labels
from publisher.models import Guide
from publisher.project import ReferenceMedian
root = Path({str(ROOT)!r})
guide = Guide.model_validate(yaml.safe_load((root / "guides/music-producer.yaml").read_text()))
reference = ReferenceMedian(amount=49500, year="May 2024", source="BLS, all occupations")
drawn = draw_charts(guide, Formatter(), load_labels(root / "layouts"), reference)
print(json.dumps({{n: hashlib.sha256(c.svg).hexdigest() for n, c in drawn.items()}}))
"""
    result = subprocess.run(
        [sys.executable, "-c", script], capture_output=True, text=True, check=True, cwd=ROOT
    )
    here = {name: hashlib.sha256(chart.svg).hexdigest() for name, chart in charts.items()}
    assert json.loads(result.stdout) == here


def test_drawing_leaves_matplotlib_settings_alone(
    guide: Guide, formatter: Formatter, labels: Labels
) -> None:
    import matplotlib

    before = dict(matplotlib.rcParams)
    draw_charts(guide, formatter, labels, REFERENCE)
    assert dict(matplotlib.rcParams) == before


# What the SVG holds


def test_svg_is_print_grade(charts: dict[str, Chart]) -> None:
    for chart in charts.values():
        svg = chart.svg.decode()
        assert "<text" in svg
        assert not re.search(r"[\s;\"']font:", svg), "WeasyPrint 70 misreads the font shorthand"
        assert "font-family: 'Source Sans Pro'" in svg
        assert "DejaVu" not in svg
        assert "<dc:date>" not in svg
        # Only ids that something refers to, so charts inlined in one page never clash.
        for name in re.findall(r' id="([^"]+)"', svg):
            assert f"#{name}" in svg
    assert charts["time-split"].width_in == pytest.approx(3.4)
    assert charts["time-split"].height_in == pytest.approx(2.3)
    assert charts["day"].width_in == pytest.approx(7.0)
    assert charts["salary"].width_in == pytest.approx(3.4)


def test_time_split_labels_are_text(charts: dict[str, Chart]) -> None:
    text = texts(charts["time-split"].svg)
    for label in (
        "25% Recording & tracking",
        "30% Mixing & editing",
        "15% Production & arrangement",
        "10% Artist/client & sessions",
        "20% Business & acquisition",
    ):
        assert label in text
    assert len(fills(charts["time-split"].svg)) == 5


def test_salary_labels_and_values_are_text(charts: dict[str, Chart]) -> None:
    text = texts(charts["salary"].svg)
    for value in (
        "Audio engineering job",
        "$34K",
        "$105K",
        "median $66K",
        "Artist-producer with hits",
        "$150K",
        "$500K+",
        "All jobs: $50K (May 2024)",
    ):
        assert value in text
    assert text.count("median") == 1  # the artist-producer path has no median: no marker


def test_day_times_and_titles_are_text(charts: dict[str, Chart]) -> None:
    text = texts(charts["day"].svg)
    for value in ("11:00\u202fAM", "12:30\u202fPM", "7:00\u202fPM", "Track & arrange"):
        assert value in text
    assert "Where your ear" in text
    assert "Promo & admin" in text


# Alt text


def test_alt_text_reads_the_data(charts: dict[str, Chart]) -> None:
    assert charts["time-split"].alt == (
        "Time split: Recording & tracking 25%, Mixing & editing 30%, Production & arrangement "
        "15%, Artist/client & sessions 10%, Business & acquisition 20%"
    )
    assert charts["salary"].alt == (
        "Salary: Audio engineering job $34K–$105K, median $66K; Artist-producer with hits "
        "$150K–$500K+; All jobs: $50K (May 2024)"
    )
    assert charts["day"].alt.startswith(
        "Typical day: 11:00\u202fAM–12:30\u202fPM Work with the artist; "
        "12:30\u202fPM–3:00\u202fPM Track & arrange;"
    )
    assert charts["day"].alt.endswith("6:00\u202fPM–7:00\u202fPM Promo & admin")
    assert "<title>Time split: Recording" in charts["time-split"].svg.decode()


# Palette


@pytest.mark.parametrize("count", range(2, 9))
def test_neighbouring_slices_differ_in_grey(count: int) -> None:
    colours = slice_colours(count)
    ring = [*colours, colours[0]] if count > 2 else colours
    for a, b in itertools.pairwise(ring):
        assert abs(grey(a) - grey(b)) >= MIN_GREY_STEP, (count, a, b)


def test_drawn_slices_differ_in_grey(formatter: Formatter, labels: Labels) -> None:
    split = shares(*((f"Activity {n}", 100 / 7) for n in range(7)))
    used = fills(plan_time_split(split, formatter, labels).draw())
    assert len(used) == 7
    for a, b in zip(used, [*used[1:], used[0]], strict=True):
        assert abs(grey(a) - grey(b)) >= MIN_GREY_STEP
    assert {colour.upper() for colour in used} <= set(SLICE_COLOURS)


def test_day_blocks_alternate_in_grey(charts: dict[str, Chart]) -> None:
    used = fills(charts["day"].svg)
    assert len(used) == 5
    for a, b in itertools.pairwise(used):
        assert abs(grey(a) - grey(b)) >= MIN_GREY_STEP


# Unusual data


def test_no_activities_is_a_clear_error(formatter: Formatter, labels: Labels) -> None:
    with pytest.raises(ValueError, match="at least one activity"):
        plan_time_split([], formatter, labels)
    with pytest.raises(ValueError, match="at least one activity"):
        plan_time_split(shares(("Nothing", 0)), formatter, labels)


def test_one_activity_fills_the_ring(formatter: Formatter, labels: Labels) -> None:
    plan = plan_time_split(shares(("Everything", 100)), formatter, labels)
    svg = plan.draw()
    assert plan.alt == "Time split: Everything 100%"
    assert "100% Everything" in texts(svg)
    assert len(fills(svg)) == 1


def test_more_than_eight_activities_merge_into_other(formatter: Formatter, labels: Labels) -> None:
    split = shares(*((f"Task {n}", 10) for n in range(6)), ("Small a", 16), ("Small b", 12))
    split += shares(("Small c", 8), ("Small d", 4))
    plan = plan_time_split(split, formatter, labels)
    # The seven largest stay in guide order; Task 5 (a tie lost to earlier tasks), Small c and
    # Small d make up Other.
    assert plan.alt.endswith("Task 4 10%, Small a 16%, Small b 12%, Other 22%")
    assert "Task 5" not in plan.alt
    assert len(fills(plan.draw())) == 8


def test_salary_paths_with_some_figures(formatter: Formatter, labels: Labels) -> None:
    paths = [
        SalaryPath(label="Staff job", low=40000, high=90000, sources=["s"]),
        SalaryPath(label="Specialist", median=120000, sources=["s"]),
        SalaryPath(
            label="Weekend shifts", low=18, median=22, high=31, period="hour", sources=["s"]
        ),
    ]
    plan = plan_salary(paths, formatter, labels, REFERENCE)
    text = texts(plan.draw())
    assert "median $120K" in text
    assert text.count("median") == 2  # the specialist and the hourly path
    assert "per year" in text
    assert "per hour" in text  # hourly pay gets its own scale
    assert plan.alt == (
        "Salary: Staff job $40K–$90K; Specialist, median $120K; All jobs: $50K (May 2024); "
        "Weekend shifts $18–$31, median $22 per hour"
    )


def test_salary_needs_a_figure(formatter: Formatter, labels: Labels) -> None:
    with pytest.raises(ValueError, match="at least one pay path"):
        plan_salary([], formatter, labels)


def test_salary_height_grows_with_paths(formatter: Formatter, labels: Labels) -> None:
    one = [SalaryPath(label="Job", low=30000, high=60000, sources=["s"])]
    three = one * 3
    short = plan_salary(one, formatter, labels).chart()
    tall = plan_salary(three, formatter, labels).chart()
    assert tall.height_in > short.height_in * 2


def test_narrow_day_becomes_a_column(guide: Guide, formatter: Formatter, labels: Labels) -> None:
    chart = plan_day(guide.day, formatter, labels, width_in=3.4).chart()
    assert chart.width_in == pytest.approx(3.4)
    assert chart.height_in > 1.1
    assert "Where your ear matters" in texts(chart.svg)


def test_short_blocks_stay_on_a_row(formatter: Formatter, labels: Labels) -> None:
    times = [("07:00", "Site briefing"), ("07:30", "Rough-in"), ("12:00", "Panel work")]
    times += [("14:00", "Test & fix"), ("15:00", "Clean up & log")]
    blocks = [DayBlock(time=time, title=title, text="Work.") for time, title in times]
    chart = plan_day(Day(title="Day", blocks=blocks, end="15:30"), formatter, labels).chart()
    assert chart.height_in == pytest.approx(1.1)  # a row, not the taller column
    text = texts(chart.svg)
    for _, title in times:
        assert title in text
    assert "3:30\u202fPM" in text


def test_spread_keeps_order_and_room() -> None:
    assert spread([0, 0.5, 0.6], [1, 1, 1], 0, 10, 0.1) == [0, 1.1, 2.2]
    assert spread([9, 9.5], [1, 1], 0, 10, 0.1) == [7.9, 9]
    assert spread([0, 0], [6, 6], 0, 10, 0.1) is None


def test_day_without_end_lasts_an_hour(formatter: Formatter, labels: Labels) -> None:
    day = Day(title="Day", blocks=[DayBlock(time="23:30", title="Late", text="Late work.")])
    plan = plan_day(day, formatter, labels)
    assert plan.alt == "Typical day: 11:30\u202fPM–12:30\u202fAM Late"
    assert "12:30\u202fAM" in texts(plan.draw())


# Cache


def test_cache_hit_returns_the_same_file_without_drawing(
    tmp_path: Path,
    guide: Guide,
    formatter: Formatter,
    labels: Labels,
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    cache = ChartCache(tmp_path / "charts")
    plan = plan_charts(guide, formatter, labels, REFERENCE)["time-split"]
    first = cache.path(plan)
    assert first.name == f"{plan.key}.svg"

    def refuse(self: ChartPlan, fmt: str = "svg") -> bytes:
        raise AssertionError("a cache hit must not draw")

    monkeypatch.setattr(ChartPlan, "draw", refuse)
    assert cache.path(plan) == first
    assert cache.chart(plan).svg == first.read_bytes()
    assert [p.name for p in (tmp_path / "charts").iterdir()] == [first.name]  # no temp files


def test_cache_key_follows_content(guide: Guide, formatter: Formatter, labels: Labels) -> None:
    plans = plan_charts(guide, formatter, labels, REFERENCE)
    wider = plan_charts(guide, formatter, labels, REFERENCE, ChartSizes(salary_width=4.0))
    no_reference = plan_charts(guide, formatter, labels, None)
    assert plans["salary"].key == plan_charts(guide, formatter, labels, REFERENCE)["salary"].key
    assert plans["salary"].key != wider["salary"].key
    assert plans["salary"].key != no_reference["salary"].key
    assert plans["time-split"].key == no_reference["time-split"].key


def test_cache_hit_does_not_import_matplotlib(
    tmp_path: Path, guide: Guide, formatter: Formatter, labels: Labels
) -> None:
    draw_charts(guide, formatter, labels, REFERENCE, cache=ChartCache(tmp_path))
    script = f"""
import sys, yaml
from pathlib import Path
from publisher.charts import ChartCache, draw_charts
from publisher.formatting import Formatter
from publisher.labels import load_labels
from publisher.models import Guide
from publisher.project import ReferenceMedian
root = Path({str(ROOT)!r})
guide = Guide.model_validate(yaml.safe_load((root / "guides/music-producer.yaml").read_text()))
reference = ReferenceMedian(amount=49500, year="May 2024", source="BLS, all occupations")
cache = ChartCache(Path({str(tmp_path)!r}))
charts = draw_charts(guide, Formatter(), load_labels(root / "layouts"), reference, cache=cache)
assert len(charts) == 3
print("matplotlib" in sys.modules)
"""
    result = subprocess.run(
        [sys.executable, "-c", script], capture_output=True, text=True, check=True, cwd=ROOT
    )
    assert result.stdout.strip() == "False"


# Export


@pytest.mark.parametrize("fmt", ["svg", "png"])
def test_export_writes_every_chart(
    tmp_path: Path, guide: Guide, formatter: Formatter, labels: Labels, fmt: str
) -> None:
    paths = export_charts(
        guide, "music-producer", formatter, labels, REFERENCE, out_dir=tmp_path, fmt=fmt
    )
    assert [p.name for p in paths] == [
        f"music-producer-{name}.{fmt}" for name in ("time-split", "salary", "day")
    ]
    if fmt == "png":
        from PIL import Image

        with Image.open(paths[0]) as image:
            assert image.size == (680, 460)  # 3.4 × 2.3 in at 200 dpi
    else:
        assert paths[0].read_bytes().startswith(b"<?xml")


# Through WeasyPrint


def test_chart_text_reaches_the_pdf_in_source_sans(
    tmp_path: Path, charts: dict[str, Chart]
) -> None:
    import pikepdf
    import pypdfium2
    from weasyprint import HTML

    from publisher.fonts import FAMILY, faces

    css = "".join(
        f"@font-face {{ font-family: '{face.family}'; src: url('{face.path.as_uri()}'); "
        f"font-weight: {face.weight}; font-style: {face.style}; }}"
        for face in faces()
        if face.family == FAMILY
    )
    images = ""
    for name, chart in charts.items():
        (tmp_path / f"{name}.svg").write_bytes(chart.svg)
        images += f'<img src="{name}.svg" alt="{chart.alt}" style="width: {chart.width_in}in">'
    html = f"<style>{css} html {{ font-family: '{FAMILY}' }}</style>{images}"
    pdf_path = tmp_path / "charts.pdf"
    HTML(string=html, base_url=str(tmp_path) + "/").write_pdf(pdf_path)

    fonts: set[str] = set()

    def collect(resources: pikepdf.Dictionary | None) -> None:
        if resources is None:
            return
        for font in (resources.get("/Font") or {}).values():
            fonts.add(str(font.get("/BaseFont")))
        for xobject in (resources.get("/XObject") or {}).values():
            collect(xobject.get("/Resources"))

    with pikepdf.open(pdf_path) as pdf:
        for page in pdf.pages:
            collect(page.get("/Resources"))
    assert fonts
    assert all("Source-Sans-Pro" in font for font in fonts), fonts

    document = pypdfium2.PdfDocument(str(pdf_path))
    text = " ".join(page.get_textpage().get_text_range() for page in document)
    document.close()
    text = " ".join(text.split())
    for value in ("Mixing & editing", "median $66K", "$500K+", "Track & arrange"):
        assert value in text
