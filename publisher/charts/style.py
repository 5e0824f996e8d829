"""The charts' print style: palette, type, rc params, and figures → SVG or PNG bytes.

Every chart draws inside `chart_context()`, which registers the layout's font with matplotlib
and applies the rc params below through `rc_context`, so no global matplotlib state leaks into
the rest of the process. matplotlib is imported inside functions only: planning a chart or
reading one from the cache never loads it.
"""

from __future__ import annotations

import io
import math
import re
from collections.abc import Iterator, Sequence
from contextlib import contextmanager
from dataclasses import dataclass
from functools import cache
from html import escape
from typing import TYPE_CHECKING, Any, Literal

from publisher.project.fonts import FAMILY, faces

if TYPE_CHECKING:
    from matplotlib.figure import Figure
    from matplotlib.patches import Patch
    from matplotlib.typing import RcKeyType

Format = Literal["svg", "png"]
PNG_DPI = 200

# Okabe-Ito blue and orange, and a pale tint of its sky blue: three colours whose grey values
# (Pillow "L": 87, 162, 208) stay apart on a black-and-white photocopy.
BLUE = "#0072B2"
ORANGE = "#E69F00"
PALE = "#B7D7EC"
SKY = "#56B4E9"
VERMILLION = "#D55E00"
INK = "#1A1A1A"  # near-black: text and marks
MUTED = "#4D4D4D"  # leader lines, secondary text
RULE = "#B3B3B3"  # gridlines
REFERENCE_FILL = "#CCCCCC"  # the all-occupations bar: grey 204, apart from SKY (158) and BLUE
SLICE_COLOURS = (BLUE, ORANGE, PALE)
MIN_GREY_STEP = 40  # adjacent fills differ by at least this much grey (0–255)

LABEL_PT = 8.5  # labels and values; the brief's floor is 8 pt on paper
SMALL_PT = 8.0  # ticks and notes
TITLE_PT = 9.0  # path labels
FIGURE_PT = 9.5  # percents beside slices
LINE_FACTOR = 1.25  # line height as a multiple of the font size

RC: dict[RcKeyType, Any] = {
    "font.family": FAMILY,
    "font.size": LABEL_PT,
    "font.weight": "normal",
    "text.color": INK,
    "axes.edgecolor": INK,
    "axes.labelcolor": INK,
    "axes.linewidth": 1.0,
    "xtick.color": INK,
    "ytick.color": INK,
    "xtick.labelsize": SMALL_PT,
    "ytick.labelsize": SMALL_PT,
    "xtick.major.width": 1.0,
    "lines.linewidth": 1.2,
    "lines.solid_capstyle": "butt",
    "patch.linewidth": 1.0,
    "hatch.linewidth": 1.0,
    "hatch.color": INK,
    "figure.facecolor": "white",
    "savefig.facecolor": "white",
    "savefig.transparent": False,
    "svg.fonttype": "none",  # text stays text, set in the layout's font by WeasyPrint
    "text.parse_math": False,  # "$4-$9" prints as written, never as mathtext
    "svg.image_inline": True,
    "path.simplify": False,
}


@dataclass(frozen=True)
class ChartStyle:
    """How large a chart is drawn for its edition: `scale` times the standard type, lines and
    gaps (large print: 2, so the smallest chart text, 8 pt, prints at 16 pt, the body size).

    A chart is planned at its printed size divided by `scale`, laid out as at the standard
    size, and its SVG says it is `scale` times as large: every label, line and gap grows
    alike, so what fits at the standard size fits at the large one.
    """

    scale: float = 1.0


STANDARD_STYLE = ChartStyle()
LARGE_PRINT_STYLE = ChartStyle(scale=2.0)


def grey(colour: str) -> float:
    """'#0072B2' → its grey value 0–255 as Pillow's `convert("L")` computes it (ITU-R 601)."""
    r, g, b = (int(colour[i : i + 2], 16) for i in (1, 3, 5))
    return (r * 299 + g * 587 + b * 114) / 1000


def slice_colours(count: int) -> list[str]:
    """Colours for `count` slices around a ring: neighbours, the last and first too, differ.

    The three colours repeat in order; when that would put the first colour next to itself
    across the seam, the last slice takes the one colour neither neighbour has.
    """
    colours = [SLICE_COLOURS[i % len(SLICE_COLOURS)] for i in range(count)]
    if count > 2 and colours[-1] == colours[0]:
        colours[-1] = next(c for c in SLICE_COLOURS if c not in (colours[0], colours[-2]))
    return colours


def fingerprint(style: ChartStyle = STANDARD_STYLE) -> dict[str, Any]:
    """Everything about the style that changes the drawing, for cache keys."""
    return {
        "rc": RC,
        "colours": [BLUE, ORANGE, PALE, SKY, VERMILLION, INK, MUTED, RULE, REFERENCE_FILL],
        "scale": style.scale,
    }


SVG_SIZE = re.compile(rb'<svg([^>]*?) width="([\d.]+)pt" height="([\d.]+)pt"')


def enlarge(svg: bytes, scale: float) -> bytes:
    """The SVG drawn `scale` times as large: its printed width and height, not its view box
    (so its text, lines and gaps all grow by `scale`)."""
    if scale == 1.0:
        return svg

    def size(match: re.Match[bytes]) -> bytes:
        width, height = (float(match.group(i)) * scale for i in (2, 3))
        return b'<svg%s width="%spt" height="%spt"' % (
            match.group(1),
            f"{width:.4f}".rstrip("0").rstrip(".").encode(),
            f"{height:.4f}".rstrip("0").rstrip(".").encode(),
        )

    enlarged, count = SVG_SIZE.subn(size, svg, count=1)
    if count != 1:
        raise RuntimeError("the chart's SVG has no width and height in points to enlarge")
    return enlarged


@cache
def _register_fonts() -> None:
    from matplotlib import font_manager

    for face in faces():
        if face.family == FAMILY:
            font_manager.fontManager.addfont(str(face.path))


def prepare_charts() -> None:
    """Load what drawing charts needs (matplotlib, its figures and SVG writer, the layout's
    font), for a process about to draw many, or to fork processes that will."""
    from matplotlib.backends import backend_svg  # noqa: F401 -- the imports are the point
    from matplotlib.figure import Figure  # noqa: F401

    _register_fonts()


@contextmanager
def chart_context(salt: str) -> Iterator[None]:
    """Draw inside this: the chart rc params, the layout's font, a fixed SVG id salt."""
    import matplotlib

    _register_fonts()
    rc: dict[RcKeyType, Any] = {**RC, "svg.hashsalt": salt}
    with matplotlib.rc_context(rc):
        yield


class Sheet:
    """A blank figure of print size (no pyplot state) to draw on in inches from its left edge,
    and from its bottom edge or, `y_down`, its top.

    Marks go straight onto the figure and are drawn in the order added (by zorder first), as
    on a full-figure Axes with its limits in inches and its axis off: the same transform, the
    same clipping (patches and lines to the figure unless `clip_on=False`, text never), the
    same SVG but for one group fewer. Making that Axes (ticks, spines, all hidden) took about
    as long as drawing a whole chart.
    """

    def __init__(self, width_in: float, height_in: float, *, y_down: bool = False) -> None:
        from matplotlib.figure import Figure
        from matplotlib.transforms import Bbox, BboxTransformFrom, BboxTransformTo

        self.figure = Figure(figsize=(width_in, height_in), dpi=72)
        bottom, top = (height_in, 0.0) if y_down else (0.0, height_in)
        inches = Bbox.from_extents(0.0, bottom, width_in, top)
        self.transform = BboxTransformFrom(inches) + BboxTransformTo(self.figure.bbox)

    def add_patch(self, patch: Patch) -> None:
        patch.set_transform(self.transform)
        self.figure.add_artist(patch, clip=True)

    def plot(self, xs: Sequence[float], ys: Sequence[float], **style: Any) -> None:
        """A line through the points (or, with a `marker` and no line, marks at them)."""
        from matplotlib.lines import Line2D

        self.figure.add_artist(Line2D(xs, ys, transform=self.transform, **style), clip=True)

    def text(self, x: float, y: float, text: str, **style: Any) -> None:
        """Text at (x, y): left-aligned on its baseline unless `ha` and `va` say otherwise."""
        from matplotlib.text import Text

        style = {
            "verticalalignment": "baseline",
            "horizontalalignment": "left",
            "transform": self.transform,
            "clip_on": False,
            **style,
        }
        self.figure.add_artist(Text(x, y, text, **style))


def render(figure: Figure, fmt: Format) -> bytes:
    """Figure → SVG (text as text, no date) or PNG (200 dpi) bytes, the same for the same input."""
    buffer = io.BytesIO()
    if fmt == "svg":
        figure.savefig(buffer, format="svg", metadata={"Date": None})
        return _tidy_svg(buffer.getvalue())
    figure.savefig(buffer, format="png", dpi=PNG_DPI, metadata={"Software": None})
    return buffer.getvalue()


def _tidy_svg(svg: bytes) -> bytes:
    # WeasyPrint 70 mis-parses the `font:` shorthand; matplotlib 3.11 writes longhands, and
    # a future version that does not must fail loudly here rather than print in DejaVu.
    if re.search(rb"[\s;\"']font:", svg):
        raise RuntimeError("matplotlib wrote the SVG `font:` shorthand, which WeasyPrint misreads")
    # matplotlib names every group ("figure_1", "text_3"): the same names in each chart, which
    # clash when several charts are inlined in one HTML page. Keep only ids something refers to.
    referenced = set(re.findall(rb"#([A-Za-z_][\w.-]*)", svg))
    return re.sub(rb' id="([^"]*)"', lambda m: m.group(0) if m.group(1) in referenced else b"", svg)


def add_title(svg: bytes, title: str) -> bytes:
    """Put the alt text in the SVG as its <title>, for the SVG and PNG files people share."""
    escaped = escape(title).encode("utf-8")
    head_end = svg.index(b">", svg.index(b"<svg")) + 1
    return svg[:head_end] + b"\n <title>" + escaped + b"</title>" + svg[head_end:]


@cache
def text_width(text: str, size: float, weight: str = "normal") -> float:
    """Advance width of one line of text in points, as matplotlib lays it out (memoised)."""
    from matplotlib.font_manager import FontProperties
    from matplotlib.textpath import text_to_path

    _register_fonts()
    prop = FontProperties(family=FAMILY, size=size, weight=weight)
    width, _, _ = text_to_path.get_text_width_height_descent(text, prop, ismath=False)
    return float(width)


# Inside a word too wide for its line: after the hyphen of "Post-production", the slash of
# "Artist/client".
WORD_BREAK = re.compile(r"(?<=[^\W\d_][-/])(?=[^\W\d_])")

# (text, size, weight, split) → the wraps made so far, each with the widths it holds for:
# [low, high)
_WRAPS: dict[tuple[str, float, str, bool], list[tuple[float, float, tuple[str, ...]]]] = {}


def wrap(
    text: str, width_pt: float, size: float, weight: str = "normal", *, split: bool = False
) -> list[str]:
    """Break text into lines no wider than width_pt between words, and with `split` inside a
    word too wide for its line after a hyphen or slash (a single long word overflows its line).

    A lone symbol ('&', '/', '+') stays with the word before it, never alone on a line.
    Memoised: the lines stay the same over a range of widths, and a wrap already made for a
    width in that range is reused (the charts' label fitting wraps one text to hundreds of
    slightly different widths).
    """
    known = _WRAPS.setdefault((text, size, weight, split), [])
    for low, high, wrapped in known:
        if low <= width_pt < high:
            return list(wrapped)
    lines, low, high = _wrap(text, width_pt, size, weight, split)
    known.append((low, high, tuple(lines)))
    return lines


def _wrap(
    text: str, width_pt: float, size: float, weight: str, split: bool
) -> tuple[list[str], float, float]:
    """The lines, and the range of widths every one of the same decisions holds for: at least
    as wide as each line that was extended, narrower than each extension that was refused."""
    low, high = -math.inf, math.inf
    lines: list[str] = []
    pieces: list[tuple[str, str]] = []  # (piece, what joins it to the one before)
    for word in break_words(text):
        parts = WORD_BREAK.split(word) if split else [word]
        if len(parts) > 1:  # a word wider than the room breaks after its hyphen or slash
            width = text_width(word, size, weight)
            if width > width_pt:
                high = min(high, width)
                pieces += [(parts[0], " "), *((part, "") for part in parts[1:])]
                continue
            low = max(low, width)
        pieces.append((word, " "))
    for piece, join in pieces:
        candidate = f"{lines[-1]}{join}{piece}" if lines else piece
        if lines:
            width = text_width(candidate, size, weight)
            if width <= width_pt:
                lines[-1] = candidate
                low = max(low, width)
                continue
            high = min(high, width)
        lines.append(piece)
    return lines or [""], low, high


def break_words(text: str) -> list[str]:
    """Words to break lines between; a lone symbol ('&') stays with the word before it."""
    words: list[str] = []
    for word in text.split():
        if words and len(word) == 1 and not word.isalnum():
            words[-1] = f"{words[-1]} {word}"
        else:
            words.append(word)
    return words
