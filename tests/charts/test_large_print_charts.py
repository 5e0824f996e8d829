"""Charts in large print: the same chart drawn at twice its type, lines and gaps, one column
wide, with the size in its identity (so the build never takes one for the other)."""

from __future__ import annotations

import re
import xml.etree.ElementTree as ET

import pytest

from publisher.builder import keys
from publisher.charts.draw import LARGE_PRINT_SIZES, large_print_charts, plan_charts
from publisher.charts.style import LARGE_PRINT_STYLE, enlarge
from publisher.guides.models import Guide
from publisher.project.formatting import Formatter
from publisher.project.labels import Labels
from publisher.project.settings import ReferenceMedian

REFERENCE = ReferenceMedian(amount=49500, year="May 2024", source="BLS, all occupations")
SVG = "{http://www.w3.org/2000/svg}"


def _points(value: str) -> float:
    return float(value.removesuffix("pt"))


def test_a_large_chart_is_another_chart(guide: Guide, formatter: Formatter, labels: Labels) -> None:
    ordinary = plan_charts(guide, formatter, labels, REFERENCE)
    large = large_print_charts(guide, formatter, labels, REFERENCE)
    assert ordinary.keys() == large.keys()
    for name, plan in large.items():
        assert plan.style == LARGE_PRINT_STYLE
        assert plan.data == ordinary[name].data  # the same content, formatted alike
        assert plan.identity != ordinary[name].identity
        assert keys.chart(plan) != keys.chart(ordinary[name])
    assert large["salary"].width_in == LARGE_PRINT_SIZES.salary_width


@pytest.mark.parametrize("name", ["time-split", "salary", "day"])
def test_drawn_at_its_size_with_every_text_at_body_size(
    guide: Guide, formatter: Formatter, labels: Labels, name: str
) -> None:
    plan = large_print_charts(guide, formatter, labels, REFERENCE)[name]
    root = ET.fromstring(plan.draw("svg"))
    ordinary = ET.fromstring(plan_charts(guide, formatter, labels, REFERENCE)[name].draw("svg"))
    width, height = _points(root.get("width", "")), _points(root.get("height", ""))
    _, _, view_width, view_height = (float(v) for v in root.get("viewBox", "").split())
    scale = LARGE_PRINT_STYLE.scale
    assert width == pytest.approx(plan.width_in * 72, abs=0.01)
    assert (width / view_width, height / view_height) == pytest.approx((scale, scale), abs=1e-3)
    sizes = [
        float(size) * scale
        for text in root.iter(f"{SVG}text")
        for size in re.findall(r"font-size: ([\d.]+)px", text.get("style", ""))
    ]
    assert sizes, "no text in the chart"
    assert min(sizes) >= 16.0  # the body size: nothing smaller on a large-print page
    # Every line twice as heavy as the standard chart's same line (leaders, gridlines, marks).
    assert _line_widths(root, scale) == {2 * width for width in _line_widths(ordinary, 1.0)}
    assert min(_line_widths(root, scale)) >= 1.2


def _line_widths(root: ET.Element, scale: float) -> set[float]:
    return {
        round(float(found) * scale, 3)
        for path in root.iter(f"{SVG}path")
        for found in re.findall(r"stroke-width: ([\d.]+)", path.get("style", ""))
    }


def test_enlarging_changes_only_the_printed_size() -> None:
    svg = b'<svg xmlns="http://www.w3.org/2000/svg" width="100pt" height="50.5pt" '
    svg += b'viewBox="0 0 100 50.5">'
    assert enlarge(svg, 1.0) is svg
    assert enlarge(svg, 2.0) == (
        b'<svg xmlns="http://www.w3.org/2000/svg" width="200pt" height="101pt" '
        b'viewBox="0 0 100 50.5">'
    )
    with pytest.raises(RuntimeError, match="no width and height"):
        enlarge(b'<svg width="100" height="50">', 2.0)
