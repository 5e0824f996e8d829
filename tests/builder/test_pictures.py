"""Charts and QR codes as files: drawn once per distinct content, read back without drawing."""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

import pytest
from conftest import ROOT

from publisher.builder import keys
from publisher.builder.pictures import PictureFiles
from publisher.charts import ChartPlan, ChartSizes, plan_charts
from publisher.guides.models import Guide
from publisher.project.formatting import Formatter
from publisher.project.labels import Labels
from publisher.project.settings import ReferenceMedian

REFERENCE = ReferenceMedian(amount=49500, year="May 2024", source="BLS, all occupations")


def test_a_drawn_chart_is_read_back_without_drawing(
    tmp_path: Path,
    guide: Guide,
    formatter: Formatter,
    labels: Labels,
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    pictures = PictureFiles(tmp_path)
    plan = plan_charts(guide, formatter, labels, REFERENCE)["time-split"]
    first = pictures.chart(plan)
    path = pictures.chart_path(plan)
    assert path.name == f"{keys.chart(plan)}.svg"
    assert first.src == path.as_uri() and first.alt == plan.alt

    def refuse(self: ChartPlan, fmt: str = "svg") -> bytes:
        raise AssertionError("a drawn chart must not be drawn again")

    drawing = path.read_bytes()
    monkeypatch.setattr(ChartPlan, "draw", refuse)
    assert pictures.chart(plan) == first
    assert path.read_bytes() == drawing
    assert [p.name for p in (tmp_path / "charts").iterdir()] == [path.name]  # no temp files


def test_chart_key_follows_content(guide: Guide, formatter: Formatter, labels: Labels) -> None:
    plans = plan_charts(guide, formatter, labels, REFERENCE)
    wider = plan_charts(guide, formatter, labels, REFERENCE, ChartSizes(salary_width=4.0))
    no_reference = plan_charts(guide, formatter, labels, None)
    again = plan_charts(guide, formatter, labels, REFERENCE)
    assert keys.chart(plans["salary"]) == keys.chart(again["salary"])
    assert keys.chart(plans["salary"]) != keys.chart(wider["salary"])
    assert keys.chart(plans["salary"]) != keys.chart(no_reference["salary"])
    assert keys.chart(plans["time-split"]) == keys.chart(no_reference["time-split"])


def test_drawn_charts_are_read_without_matplotlib(
    tmp_path: Path, guide: Guide, formatter: Formatter, labels: Labels
) -> None:
    pictures = PictureFiles(tmp_path)
    for plan in plan_charts(guide, formatter, labels, REFERENCE).values():
        pictures.chart(plan)
    script = f"""
import sys, yaml
from pathlib import Path
from publisher.builder.pictures import PictureFiles
from publisher.charts import plan_charts
from publisher.project.formatting import Formatter
from publisher.project.labels import load_labels
from publisher.project.layouts import Layouts
from publisher.guides.models import Guide
from publisher.project.settings import ReferenceMedian
root = Path({str(ROOT)!r})
guide = Guide.model_validate(yaml.safe_load((root / "guides/music-producer.yaml").read_text()))
reference = ReferenceMedian(amount=49500, year="May 2024", source="BLS, all occupations")
pictures = PictureFiles(Path({str(tmp_path)!r}))
plans = plan_charts(guide, Formatter(), load_labels(Layouts.of(root / "layouts")), reference)
assert len([pictures.chart(plan) for plan in plans.values()]) == 3
print("matplotlib" in sys.modules)
"""
    result = subprocess.run(
        [sys.executable, "-c", script], capture_output=True, text=True, check=True, cwd=ROOT
    )
    assert result.stdout.strip() == "False"


def test_qr_codes_are_drawn_once_per_url(tmp_path: Path) -> None:
    pictures = PictureFiles(tmp_path)
    one = pictures.qr("https://example.org/a", "QR code")
    assert pictures.qr("https://example.org/a", "QR code") == one
    other = pictures.qr("https://example.org/b", "QR code")
    assert other.src != one.src
    assert len(list((tmp_path / "qr").iterdir())) == 2
