"""Stage 6 (assemble), print shop: a booklet's colours → the press's inks, and the check of them.

The print shop's layer (`layouts/css/print-shop.css`) gives the layout its CMYK colours; what
it cannot reach keeps the screen's RGB: the charts (matplotlib SVGs), the icons and the
running heads. A PDF/X-4 file for a CMYK press may not use device RGB, and its text must be
pure black, so `separate` rewrites what is left, page by page and form by form:

- a neutral grey (r = g = b, as every chart's text and rule is) becomes K only: K 100 for a
  near-black (level 0.15 or below: never a four-ink "rich black" in small type), else the
  tint K = 1 − level; device grey likewise;
- any other colour becomes the CMYK that the output intent's profile gives for it
  (relative colorimetric, from sRGB): the charts' blue and orange print as their nearest inks;
- a gradient's colour stops are converted the same way; RGB images (and any other shading)
  are tagged as sRGB (ICC-based colour, which PDF/X-4 allows: the press's RIP converts
  them), and transparency groups blend in DeviceCMYK.

`text_colours` reads the result back: the fill colour every text-showing operator paints
with, so a test (or the build) can hold the text to K only.
"""

from __future__ import annotations

from collections.abc import Iterator
from dataclasses import dataclass
from functools import lru_cache
from pathlib import Path
from typing import Any

NEAR_BLACK = 0.15  # a grey this dark or darker (#262626) is printed as solid K
NEUTRAL = 0.02  # channels this close together are a grey
TEXT_SHOWING = frozenset(["Tj", "TJ", "'", '"'])
ENGINE_PROFILE = "/device-cmyk"  # the layout engine's name for the CMYK profile (unused:
# its colours are DeviceCMYK, and the output intent carries the profile once)
SRGB_PROFILE = "sRGB2014.icc"  # ships with the layout engine (ICC's own sRGB profile)

Colour = tuple[str, tuple[float, ...]]  # ("k" | "rg" | "g" | "cs:NAME", components)


@dataclass
class _Spaces:
    """The colour space set by `cs`/`CS` in a stream, for the `sc`/`scn` that follow."""

    fill: str = "DeviceGray"
    stroke: str = "DeviceGray"


def separate(pdf: Any, profile: Path) -> None:
    """Rewrite every colour of `pdf` (open in pikepdf) that is not the press's own; see above."""
    import pikepdf

    srgb = _srgb_stream(pdf)
    done: set[tuple[int, int]] = set()
    for page in pdf.pages:
        page.contents_coalesce()
        page.obj.Contents.write(_rewrite(page.obj.Contents, profile))
        _tag_group(page.obj)
        _resources(pdf, page.obj.get("/Resources"), profile, srgb, done)
    for obj in pdf.objects:  # images and shadings, wherever they are
        if not isinstance(obj, pikepdf.Dictionary | pikepdf.Stream):
            continue
        if ENGINE_PROFILE in obj:  # each part's copy of the output intent's profile
            del obj[ENGINE_PROFILE]
        if obj.get("/ColorSpace") != pikepdf.Name.DeviceRGB:
            continue
        if "/ShadingType" in obj and _shading_to_cmyk(obj, profile):
            obj.ColorSpace = pikepdf.Name.DeviceCMYK
        elif obj.get("/Subtype") == pikepdf.Name.Image or "/ShadingType" in obj:
            obj.ColorSpace = pikepdf.Array([pikepdf.Name.ICCBased, srgb])


def _shading_to_cmyk(shading: Any, profile: Path) -> bool:
    """Convert a shading's colour stops (exponential functions, maybe stitched, as CSS
    gradients are) to CMYK; False, and nothing changed, when it has other functions."""
    import pikepdf

    function = shading.get("/Function")
    parts = list(function.get("/Functions", [])) if function is not None else []
    functions = parts if function is not None and int(function.FunctionType) == 3 else [function]
    simple = all(
        isinstance(f, pikepdf.Dictionary) and int(f.get("/FunctionType", 0)) == 2 for f in functions
    )
    if not simple:
        return False
    for f in functions:
        for key in ("/C0", "/C1"):
            rgb = [float(v) for v in f.get(key, [0, 0, 0] if key == "/C0" else [1, 1, 1])]
            f[key] = pikepdf.Array(list(_values(rgb, profile)))
    return True


def _resources(pdf: Any, resources: Any, profile: Path, srgb: Any, done: set[Any]) -> None:
    """Rewrite the form XObjects and tiling patterns under `resources`, each once."""
    import pikepdf

    if resources is None:
        return
    streams = [*resources.get("/XObject", {}).values(), *resources.get("/Pattern", {}).values()]
    for stream in streams:
        if not isinstance(stream, pikepdf.Stream) or stream.objgen in done:
            continue
        done.add(stream.objgen)
        if stream.get("/Subtype") == pikepdf.Name.Form or stream.get("/PatternType") == 1:
            stream.write(_rewrite(stream, profile))
            _tag_group(stream)
            _resources(pdf, stream.get("/Resources"), profile, srgb, done)


def _tag_group(obj: Any) -> None:
    """Transparency groups blend in the press's space."""
    import pikepdf

    group = obj.get("/Group")
    if group is not None and group.get("/CS") == pikepdf.Name.DeviceRGB:
        group.CS = pikepdf.Name.DeviceCMYK


def _rewrite(stream: Any, profile: Path) -> bytes:
    import pikepdf

    spaces = _Spaces()
    out: list[Any] = []
    for instruction in pikepdf.parse_content_stream(stream):
        operands, operator = instruction.operands, instruction.operator
        name = str(operator)
        stroke = name.isupper() or name in ("RG", "G", "CS", "SC", "SCN")
        if name in ("rg", "RG"):
            out.append(_cmyk([float(v) for v in operands], stroke, profile))
        elif name in ("g", "G"):
            level = float(operands[0])
            out.append(_cmyk([level, level, level], stroke, profile))
        elif name in ("cs", "CS") and str(operands[0]) == "/DeviceRGB":
            setattr(spaces, "stroke" if stroke else "fill", "DeviceRGB")
            out.append(([pikepdf.Name.DeviceCMYK], operator))
        elif name in ("cs", "CS"):
            setattr(spaces, "stroke" if stroke else "fill", str(operands[0]).lstrip("/"))
            out.append((operands, operator))
        elif name in ("sc", "scn", "SC", "SCN") and _space(spaces, stroke) == "DeviceRGB":
            values = _values([float(v) for v in operands], profile)
            out.append(([*values], operator))
        else:
            out.append(instruction)
    return bytes(pikepdf.unparse_content_stream(out))


def _space(spaces: _Spaces, stroke: bool) -> str:
    return spaces.stroke if stroke else spaces.fill


def _cmyk(rgb: list[float], stroke: bool, profile: Path) -> tuple[list[Any], Any]:
    import pikepdf

    return (list(_values(rgb, profile)), pikepdf.Operator("K" if stroke else "k"))


def _values(rgb: list[float], profile: Path) -> tuple[float, ...]:
    """The CMYK (0–1, three decimals) a colour prints as: see the module's docstring."""
    r, g, b = (min(1.0, max(0.0, v)) for v in rgb)
    if max(r, g, b) - min(r, g, b) <= NEUTRAL:
        level = (r + g + b) / 3
        black = 1.0 if level <= NEAR_BLACK else round(1 - level, 3)
        return (0.0, 0.0, 0.0, black)
    return _converted((round(r * 255), round(g * 255), round(b * 255)), profile)


@lru_cache(maxsize=4096)
def _converted(rgb: tuple[int, int, int], profile: Path) -> tuple[float, ...]:
    from PIL import Image, ImageCms

    pixel = Image.new("RGB", (1, 1), rgb)
    cmyk = ImageCms.applyTransform(pixel, _transform(profile))
    assert cmyk is not None
    values = cmyk.getpixel((0, 0))
    assert isinstance(values, tuple)
    return tuple(round(v / 255, 3) for v in values)


@lru_cache(maxsize=2)
def _transform(profile: Path) -> Any:
    from PIL import ImageCms

    source = ImageCms.createProfile("sRGB")
    target = ImageCms.getOpenProfile(str(profile))
    return ImageCms.buildTransform(
        source, target, "RGB", "CMYK", renderingIntent=ImageCms.Intent.RELATIVE_COLORIMETRIC
    )


def _srgb_stream(pdf: Any) -> Any:
    """The sRGB profile as an ICC stream of `pdf` (for RGB images and shadings)."""
    from importlib.resources import files

    import pikepdf

    data = (files("weasyprint.pdf") / SRGB_PROFILE).read_bytes()
    return pdf.make_indirect(pikepdf.Stream(pdf, data, N=3))


def text_colours(pdf: Any) -> Iterator[tuple[int, Colour]]:
    """(page number, fill colour) of every text-showing operator, forms included."""
    for number, page in enumerate(pdf.pages, 1):
        for colour in _walk(page.obj, page.obj.get("/Resources"), ("g", (0.0,)), 0):
            yield number, colour


def _walk(stream: Any, resources: Any, start: Colour, depth: int) -> Iterator[Colour]:
    import pikepdf

    fill, stack, space = start, [], "DeviceGray"
    for instruction in pikepdf.parse_content_stream(stream):
        operands, name = instruction.operands, str(instruction.operator)
        if name == "q":
            stack.append((fill, space))
        elif name == "Q" and stack:
            fill, space = stack.pop()
        elif name in ("rg", "k", "g"):
            fill = (name, tuple(float(v) for v in operands))
        elif name == "cs":
            space = str(operands[0]).lstrip("/")
            fill = (f"cs:{space}", ())
        elif name in ("sc", "scn"):
            values = tuple(float(v) for v in operands if not isinstance(v, pikepdf.Name))
            fill = (
                {"DeviceCMYK": "k", "DeviceRGB": "rg", "DeviceGray": "g"}.get(space, f"cs:{space}"),
                values,
            )
        elif name in TEXT_SHOWING:
            yield fill
        elif name == "Do" and resources is not None and depth < 8:
            form = resources.get("/XObject", {}).get(str(operands[0]))
            if form is not None and form.get("/Subtype") == pikepdf.Name.Form:
                inner = form.get("/Resources", resources)
                yield from _walk(form, inner, fill, depth + 1)
