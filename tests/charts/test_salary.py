"""The pay chart as a reader reads it, checked in the SVG it writes (not in the drawing code):
a linear axis from $0 (log only past a 10× span, and then labelled "log scale"), an open top's
arrow ending at its value with nothing past it, and a lone median drawn as a bar with the
all-occupations bar beneath it, the way the Occupational Outlook Handbook compares pay."""

from __future__ import annotations

import itertools
import math
import re
import xml.etree.ElementTree as ET
from collections.abc import Callable
from dataclasses import dataclass

import pytest
import yaml
from conftest import ROOT

from publisher.charts import DEFAULT_SIZES
from publisher.charts.salary import PayPanel, Salary, plan_salary
from publisher.charts.style import BLUE, MIN_GREY_STEP, REFERENCE_FILL, RULE, SKY, grey
from publisher.guides.models import Guide, SalaryPath
from publisher.layout.views import reference_note
from publisher.project.formatting import Formatter
from publisher.project.labels import Labels
from publisher.project.settings import ReferenceMedian

SVG = "{http://www.w3.org/2000/svg}"
REFERENCE = ReferenceMedian(amount=49500, year="May 2024", source="BLS, all occupations")
WIDTH_IN = DEFAULT_SIZES.salary_width
SLUGS = sorted(path.stem for path in (ROOT / "guides").glob("*.yaml"))
LONE_MEDIANS = [  # the guides with a yearly path that has a median only
    "filmmaker",
    "music-producer",
    "registered-nurse",
    "sound-designer",
    "web-developer",
]
CLOSE = 0.05  # pt: how near a mark must be to the position its value gives


# Reading the SVG


@dataclass(frozen=True)
class Label:
    text: str
    x: float  # the anchor
    y: float  # the baseline
    anchor: str  # start, middle, end
    weight: str


@dataclass(frozen=True)
class Mark:
    """A filled or stroked path: its colour and its points in pt, y down."""

    fill: str
    stroke: str
    dashed: bool
    points: tuple[tuple[float, float], ...]

    @property
    def x0(self) -> float:
        return min(x for x, _ in self.points)

    @property
    def x1(self) -> float:
        return max(x for x, _ in self.points)

    @property
    def top(self) -> float:
        return min(y for _, y in self.points)

    @property
    def bottom(self) -> float:
        return max(y for _, y in self.points)


def style_of(node: ET.Element) -> dict[str, str]:
    parts = node.get("style", "").split("; ")
    return dict(part.split(": ", 1) for part in parts if ": " in part)


def labels_in(svg: bytes) -> list[Label]:
    found = []
    for node in ET.fromstring(svg).iter(f"{SVG}text"):
        style = style_of(node)
        weight = {"600": "semibold", "700": "bold"}.get(style.get("font-weight", ""), "normal")
        text = "".join(node.itertext())
        x, y = float(node.get("x", "0")), float(node.get("y", "0"))
        found.append(Label(text, x, y, style.get("text-anchor", "start"), weight))
    return found


def marks_in(svg: bytes) -> list[Mark]:
    found = []
    for node in ET.fromstring(svg).iter(f"{SVG}path"):
        style = style_of(node)
        numbers = [float(n) for n in re.findall(r"-?\d+(?:\.\d+)?", node.get("d", ""))]
        points = tuple(zip(numbers[::2], numbers[1::2], strict=True))
        fill, stroke = style.get("fill", "#000000").lower(), style.get("stroke", "none").lower()
        found.append(Mark(fill, stroke, "stroke-dasharray" in style, points))
    return found


def filled(svg: bytes, colour: str) -> list[Mark]:
    return [mark for mark in marks_in(svg) if mark.fill == colour.lower()]


def money(text: str) -> float | None:
    """'$0' → 0, '$150K' → 150000, '$1.5M' → 1500000; None for anything else."""
    found = re.fullmatch(r"\$([\d.,]+)([KM]?)", text)
    if not found:
        return None
    return float(found[1].replace(",", "")) * {"": 1, "K": 1e3, "M": 1e6}[found[2]]


def ticks(svg: bytes) -> list[tuple[float, float]]:
    """The axis' tick labels (centred under their gridlines): (value, x), left to right."""
    found = [(money(label.text), label.x) for label in labels_in(svg) if label.anchor == "middle"]
    return sorted((value, x) for value, x in found if value is not None)


def linear_axis(svg: bytes) -> Callable[[float], float]:
    """Amount → x in pt, read from the first and last tick; every tick must lie on that line."""
    found = ticks(svg)
    (v0, x0), (v1, x1) = found[0], found[-1]

    def x(value: float) -> float:
        return x0 + (value - v0) / (v1 - v0) * (x1 - x0)

    for value, at in found:
        assert at == pytest.approx(x(value), abs=CLOSE), f"tick {value} is off a linear axis"
    return x


def load_guide(slug: str) -> Guide:
    raw = yaml.safe_load((ROOT / "guides" / f"{slug}.yaml").read_text(encoding="utf-8"))
    return Guide.model_validate(raw)


def chart(paths: list[SalaryPath], formatter: Formatter, labels: Labels) -> tuple[bytes, Salary]:
    plan = plan_salary(paths, formatter, labels, REFERENCE, WIDTH_IN)
    assert isinstance(plan.data, Salary)
    return plan.draw(), plan.data


def guide_chart(slug: str, formatter: Formatter, labels: Labels) -> tuple[bytes, Salary]:
    return chart(load_guide(slug).numbers.salary_paths, formatter, labels)


def path(label: str, **figures: float | bool) -> SalaryPath:
    return SalaryPath.model_validate({"label": label, "sources": ["s"], **figures})


# The axis


@pytest.mark.parametrize("slug", [slug for slug in SLUGS if slug != "musician"])
def test_every_sample_guide_gets_a_linear_axis_from_zero(
    slug: str, formatter: Formatter, labels: Labels
) -> None:
    svg, data = guide_chart(slug, formatter, labels)
    assert not any(panel.log for panel in data.panels)
    found = ticks(svg)
    assert len(found) >= 3
    assert found[0][0] == 0  # bars measured from zero: twice as long is twice the pay
    steps = {round(b - a) for (a, _), (b, _) in itertools.pairwise(found)}
    assert len(steps) == 1, f"tick values not evenly spaced: {found}"
    gaps = [b - a for (_, a), (_, b) in itertools.pairwise(found)]
    assert max(gaps) - min(gaps) < CLOSE, f"tick positions not evenly spaced: {gaps}"
    assert "log scale" not in {label.text for label in labels_in(svg)}


def test_a_range_bar_runs_from_its_low_to_its_high(formatter: Formatter, labels: Labels) -> None:
    svg, _ = guide_chart("electrician", formatter, labels)  # $39,430–$106,030, median $62,350
    x = linear_axis(svg)
    (bar,) = filled(svg, SKY)
    assert len(set(bar.points)) == 4  # a plain rectangle: the top is closed
    assert bar.x0 == pytest.approx(x(39430), abs=CLOSE)
    assert bar.x1 == pytest.approx(x(106030), abs=CLOSE)
    upright = [m for m in marks_in(svg) if m.fill == "none" and m.x0 == m.x1]
    medians = [m for m in upright if m.stroke != RULE.lower() and not m.dashed]
    (median,) = medians
    assert median.x0 == pytest.approx(x(62350), abs=CLOSE)


@pytest.mark.parametrize(
    ("low", "high", "log"),
    [
        (15000, 225000, True),  # 15×: a log axis, labelled
        (15000, 150000, False),  # exactly 10×: still linear
        (40000, 90000, False),
    ],
)
def test_log_axis_only_past_ten_times_and_then_labelled(
    low: float, high: float, log: bool, formatter: Formatter, labels: Labels
) -> None:
    paths = [path("Session work", low=low, high=high)]
    svg, data = chart(paths, formatter, labels)
    (panel,) = data.panels
    assert panel.log is log
    texts = {label.text for label in labels_in(svg)}
    assert ("log scale" in texts) is log
    assert ("log scale" in plan_salary(paths, formatter, labels, REFERENCE).alt) is log
    found = ticks(svg)
    assert len(found) >= 3
    if log:  # equal ratios at equal distances: x is linear in log(value), not in value
        (v0, x0), (v1, x1) = found[0], found[-1]
        for value, at in found:
            share = math.log(value / v0) / math.log(v1 / v0)
            assert at == pytest.approx(x0 + share * (x1 - x0), abs=CLOSE)
        assert found[0][0] > 0
    else:
        linear_axis(svg)
        assert found[0][0] == 0


def test_log_panel_from_the_plan_alone(formatter: Formatter, labels: Labels) -> None:
    """The choice is made in the plan (no drawing): by the span of the paths' own figures."""
    data = plan_salary([path("Gigs", low=9000, high=95000)], formatter, labels).data
    assert isinstance(data, Salary)
    panel: PayPanel = data.panels[0]
    assert panel.log and panel.log_label == "log scale"


# The open top


@pytest.mark.parametrize("case", ["music-producer", "off-tick"])
def test_open_top_is_an_arrow_ending_at_its_value(
    case: str, formatter: Formatter, labels: Labels
) -> None:
    if case == "music-producer":  # Artist-producer with hits: $150K … $500K+
        svg, _ = guide_chart(case, formatter, labels)
        low, high, text = 150000, 500000, "$500K+"
    else:  # a top between two ticks
        svg, _ = chart([path("Touring", low=40000, high=170000, open_top=True)], formatter, labels)
        low, high, text = 40000, 170000, "$170K+"
    x = linear_axis(svg)
    (arrow,) = filled(svg, SKY)
    tip = x(high)
    assert arrow.x0 == pytest.approx(x(low), abs=CLOSE)
    assert arrow.x1 == pytest.approx(tip, abs=CLOSE)  # at its value...
    at_tip = [point for point in arrow.points if point[0] == pytest.approx(arrow.x1)]
    assert len(set(at_tip)) == 1  # ...a single point: an arrowhead, not a square end
    assert at_tip[0][1] == pytest.approx((arrow.top + arrow.bottom) / 2, abs=CLOSE)
    bar_ys = sorted({y for px, y in arrow.points if px == pytest.approx(arrow.x0)})
    assert arrow.bottom - arrow.top > bar_ys[-1] - bar_ys[0]  # the head is wider than the bar
    for mark in marks_in(svg):  # nothing drawn past the tip in the arrow's band but gridlines
        if not (mark.top < arrow.bottom and arrow.top < mark.bottom):
            continue
        inked = mark.fill not in ("#ffffff", "none") or mark.stroke not in ("none", RULE.lower())
        if inked:  # (white boxes behind text, and gridlines, are not marks of the path)
            assert mark.x1 <= tip + CLOSE, mark
    assert b"opacity" not in svg  # no fade
    (value,) = [label for label in labels_in(svg) if label.text == text]
    assert value.anchor == "start" and tip < value.x < tip + 6  # "+" at its value


# A lone median


@pytest.mark.parametrize("slug", LONE_MEDIANS)
def test_lone_median_is_a_bar_over_the_all_occupations_bar(
    slug: str, formatter: Formatter, labels: Labels
) -> None:
    guide = load_guide(slug)
    (lone,) = [p for p in guide.numbers.salary_paths if p.low is None and p.high is None]
    assert lone.median is not None
    svg, _ = chart(guide.numbers.salary_paths, formatter, labels)
    x = linear_axis(svg)
    (occupation,) = filled(svg, BLUE)
    (everyone,) = filled(svg, REFERENCE_FILL)
    for bar, amount in ((occupation, lone.median), (everyone, REFERENCE.amount)):
        assert bar.x0 == pytest.approx(x(0), abs=CLOSE)  # from zero...
        assert bar.x1 == pytest.approx(x(amount), abs=CLOSE)  # ...to the median
    assert 0 < everyone.top - occupation.bottom < 4  # right beneath it, same axis
    found = {label.text: label for label in labels_in(svg)}
    value = found[f"median {formatter.money_short(lone.median)}"]
    assert value.weight == "bold" and occupation.x1 < value.x < occupation.x1 + 6
    reference = found["All jobs: $50K (May 2024)"]
    assert everyone.x1 < reference.x < everyone.x1 + 6
    assert not any(mark.dashed for mark in marks_in(svg))  # the bar replaces the line
    assert b"<use" not in svg  # no lone marker


def test_lone_median_chart_stays_compact(formatter: Formatter, labels: Labels) -> None:
    svg, _ = guide_chart("registered-nurse", formatter, labels)
    height = float(ET.fromstring(svg).get("height", "0").removesuffix("pt"))
    assert height < 72  # under an inch, like the marker it replaces


def test_fills_stay_apart_in_grey() -> None:
    """On a black-and-white copy the range, the lone median and all jobs still differ."""
    for a, b in itertools.combinations((SKY, BLUE, REFERENCE_FILL), 2):
        assert abs(grey(a) - grey(b)) >= MIN_GREY_STEP, (a, b)


@pytest.mark.parametrize(
    ("slug", "start"),
    [("music-producer", "Grey bar:"), ("writer", "Dashed line:"), ("musician", None)],
)
def test_reference_note_names_what_is_drawn(
    slug: str, start: str | None, formatter: Formatter, labels: Labels
) -> None:
    note = reference_note(load_guide(slug), REFERENCE, formatter, labels)
    if start is None:  # hourly pay: no all-occupations figure to compare with
        assert note is None
    else:
        assert note is not None and note.startswith(start)
