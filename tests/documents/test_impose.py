"""Imposition (stage 6): real WeasyPrint booklets in, sheets checked by size, text and pixels."""

from __future__ import annotations

import functools
import io
import shutil
import subprocess
from pathlib import Path

import pikepdf
import pypdfium2 as pdfium
import pytest

from publisher.documents.impose import OFFICE_SHEETS, place_sheets, saddle_order, save_sheets
from publisher.errors import BuildError


def impose(pdf: bytes, sheet: tuple[float, float] | None) -> tuple[bytes, float]:
    """Sheets of one size through the build's own path: `place_sheets`, then `save_sheets`."""
    with pikepdf.open(io.BytesIO(pdf)) as booklet:
        (scale,) = place_sheets(booklet, [sheet])
        buffer = io.BytesIO()
        save_sheets(booklet, buffer)
        return buffer.getvalue(), scale


def impose_saddle(pdf: bytes) -> bytes:
    return impose(pdf, None)[0]


def impose_office(pdf: bytes, sheet: str) -> tuple[bytes, float]:
    return impose(pdf, OFFICE_SHEETS[sheet])


LETTER = (612.0, 792.0)
A4 = (595.28, 841.89)
TABLOID_LANDSCAPE = (1224.0, 792.0)
A3_LANDSCAPE = (2 * 595.28, 841.89)


@functools.cache
def booklet(pages: int, size: str = "letter", css: str = "") -> bytes:
    """A WeasyPrint PDF of `pages` pages, each showing only its number ("P1", "P2", …) at top."""
    from weasyprint import HTML

    body = "".join(f'<p class="n">P{number}</p>' for number in range(1, pages + 1))
    html = f"""<!doctype html><html lang="en"><head><style>
        @page {{ size: {size}; margin: 1in; }}
        html {{ font-family: sans-serif; }}
        .n {{ font-size: 60pt; margin: 0; break-after: page; }}
        .n:last-child {{ break-after: auto; }}
        {css}
        </style></head><body>{body}</body></html>"""
    data: bytes = HTML(string=html, base_url=Path.cwd().as_uri() + "/").write_pdf()
    return data


@pytest.fixture(scope="module")
def letter_40() -> bytes:
    return booklet(40)


def sheet_sizes(pdf: bytes) -> list[tuple[float, float]]:
    with pikepdf.open(io.BytesIO(pdf)) as document:
        return [(float(p.mediabox[2]), float(p.mediabox[3])) for p in document.pages]


def halves_text(pdf: bytes) -> list[tuple[str, str]]:
    """Per output page, the text in its left half and its right half."""
    document = pdfium.PdfDocument(pdf)
    try:
        result = []
        for page in document:
            width, height = page.get_size()
            text = page.get_textpage()
            left = text.get_text_bounded(0, 0, width / 2, height).strip()
            right = text.get_text_bounded(width / 2, 0, width, height).strip()
            result.append((left, right))
        return result
    finally:
        document.close()


def expected_text(pages: int) -> list[tuple[str, str]]:
    return [(f"P{left}", f"P{right}") for left, right in saddle_order(pages)]


# The order on its own


def test_saddle_order_of_eight_pages() -> None:
    assert saddle_order(8) == [(8, 1), (2, 7), (6, 3), (4, 5)]


@pytest.mark.parametrize("pages", [4, 8, 12, 16, 40, 64])
def test_saddle_order_uses_every_page_once_and_facing_pages_add_up(pages: int) -> None:
    sides = saddle_order(pages)
    assert len(sides) == pages // 2
    assert sorted(n for side in sides for n in side) == list(range(1, pages + 1))
    # On a folded sheet the two halves of each side are mirror pages: they add to N + 1.
    assert all(left + right == pages + 1 for left, right in sides)
    # The back of each front's right page (recto n) is its verso n + 1, on the back's left.
    fronts, backs = sides[0::2], sides[1::2]
    assert all(back[0] == front[1] + 1 for front, back in zip(fronts, backs, strict=True))


@pytest.mark.parametrize("pages", [0, 1, 6, 10, 41])
def test_saddle_order_refuses_a_page_count_not_a_multiple_of_4(pages: int) -> None:
    with pytest.raises(BuildError, match="multiple of 4"):
        saddle_order(pages)


# Sheets twice the page size


@pytest.mark.parametrize("pages", [8, 12])
def test_letter_pages_impose_on_tabloid_landscape_in_saddle_order(pages: int) -> None:
    sheets = impose_saddle(booklet(pages))

    assert sheet_sizes(sheets) == [TABLOID_LANDSCAPE] * (pages // 2)
    assert halves_text(sheets) == expected_text(pages)


def test_eight_pages_land_on_the_sides_a_folded_booklet_needs() -> None:
    texts = halves_text(impose_saddle(booklet(8)))

    assert texts[0] == ("P8", "P1")  # sheet 1 front
    assert texts[1] == ("P2", "P7")  # sheet 1 back
    assert texts[2] == ("P6", "P3")  # sheet 2 front
    assert texts[3] == ("P4", "P5")  # sheet 2 back


def test_forty_pages_impose_on_twenty_tabloid_sides(letter_40: bytes) -> None:
    sheets = impose_saddle(letter_40)

    assert sheet_sizes(sheets) == [TABLOID_LANDSCAPE] * 20
    assert halves_text(sheets) == expected_text(40)


def test_a4_pages_impose_on_a3_landscape() -> None:
    sheets = impose_saddle(booklet(8, "A4"))

    for width, height in sheet_sizes(sheets):
        assert width == pytest.approx(A3_LANDSCAPE[0], abs=0.01)
        assert height == pytest.approx(A3_LANDSCAPE[1], abs=0.01)
    assert halves_text(sheets) == expected_text(8)


def test_pages_sit_upright_at_the_top_of_their_half() -> None:
    document = pdfium.PdfDocument(impose_saddle(booklet(8)))
    try:
        page = document[0]
        width, height = page.get_size()
        text = page.get_textpage()
        boxes = [text.get_charbox(i) for i in range(text.count_chars())]
        glyphs = [(text.get_text_range(i, 1), box) for i, box in enumerate(boxes)]
        p_boxes = [box for char, box in glyphs if char == "P"]
        assert len(p_boxes) == 2
        for char, (left, bottom, _right, top) in glyphs:
            if char.isdigit():
                # Reading order left to right: the digit follows its "P" on the same line.
                p_left, p_bottom, _, _ = min(p_boxes, key=lambda box: abs(box[0] - left))
                assert p_left < left
                assert abs(p_bottom - bottom) < 2
            # The number is set at the top of each page, so at the top of the sheet.
            assert bottom > height * 0.75
            assert top < height
        assert min(box[0] for box in p_boxes) < width / 2 < max(box[0] for box in p_boxes)
    finally:
        document.close()


def test_refuses_a_booklet_whose_page_count_is_not_a_multiple_of_4() -> None:
    with pytest.raises(BuildError, match=r"6 page\(s\).*multiple of 4.*add 2 blank"):
        impose_saddle(booklet(6))


def test_refuses_pages_of_different_sizes() -> None:
    with pikepdf.open(io.BytesIO(booklet(8))) as document:
        document.pages[3].mediabox = pikepdf.Array([0, 0, 595.28, 841.89])
        document.pages[3].trimbox = pikepdf.Array([0, 0, 595.28, 841.89])
        buffer = io.BytesIO()
        document.save(buffer)
    with pytest.raises(BuildError, match=r"page 4 is 595\.28×841\.89 pt but page 1 is 612×792"):
        impose_saddle(buffer.getvalue())


def test_refuses_rotated_pages() -> None:
    with pikepdf.open(io.BytesIO(booklet(8))) as document:
        document.pages[2].Rotate = 90
        buffer = io.BytesIO()
        document.save(buffer)
    with pytest.raises(BuildError, match="page 3: it is rotated"):
        impose_saddle(buffer.getvalue())


def test_same_booklet_gives_byte_identical_sheets(letter_40: bytes) -> None:
    first, second = impose_saddle(letter_40), impose_saddle(letter_40)

    assert first == second
    assert b"/CreationDate" not in first
    assert impose_office(letter_40, "letter") == impose_office(letter_40, "letter")


def test_output_passes_structural_checks(letter_40: bytes, tmp_path: Path) -> None:
    sheets = impose_saddle(letter_40)
    with pikepdf.open(io.BytesIO(sheets)) as document:
        assert document.check_pdf_syntax() == []
        assert document.trailer.ID[0] == document.trailer.ID[1]
    if shutil.which("qpdf"):
        path = tmp_path / "sheets.pdf"
        path.write_bytes(sheets)
        result = subprocess.run(
            ["qpdf", "--check", str(path)], capture_output=True, text=True, check=False
        )
        assert result.returncode == 0, result.stdout + result.stderr


# Pages with bleed and crop marks


# Even pages blue, odd pages red, so a page showing in its neighbour's half is easy to see.
BLEED_CSS = """
    @page { bleed: 3mm; marks: crop; }
    @page :left { background: blue; }
    @page :right { background: red; }
"""


def test_bleed_pages_impose_by_trim_box_onto_twice_the_trim_size() -> None:
    source = booklet(8, "letter", BLEED_CSS)
    with pikepdf.open(io.BytesIO(source)) as document:
        media = [float(value) for value in document.pages[0].mediabox]
        assert media[2] - media[0] > LETTER[0] + 16  # the bleed is really there
        assert [float(value) for value in document.pages[0].trimbox] == [0, 0, *LETTER]

    sheets = impose_saddle(source)

    assert sheet_sizes(sheets) == [TABLOID_LANDSCAPE] * 4
    assert halves_text(sheets) == expected_text(8)


def test_bleed_and_crop_marks_stay_off_the_neighbouring_page() -> None:
    sheets = impose_saddle(booklet(8, "letter", BLEED_CSS))
    document = pdfium.PdfDocument(sheets)
    try:
        image = document[0].render(scale=1).to_pil().convert("RGB")  # 1 px per point
    finally:
        document.close()
    fold = image.width // 2
    # Page 8 (even, blue) left of the fold, page 1 (odd, red) right of it, edge to edge:
    # page 1's red bleed and black crop marks would show in the strip left of the fold.
    left_strip = image.crop((fold - 7, 0, fold - 2, image.height))
    right_strip = image.crop((fold + 2, 0, fold + 7, image.height))
    assert left_strip.getcolors() == [(left_strip.width * left_strip.height, (0, 0, 255))]
    assert right_strip.getcolors() == [(right_strip.width * right_strip.height, (255, 0, 0))]
    corners = [image.getpixel((1, 1)), image.getpixel((image.width - 2, image.height - 2))]
    assert corners == [(0, 0, 255), (255, 0, 0)]


# Office printer sheets


def test_office_letter_fits_letter_pages_on_letter_landscape(letter_40: bytes) -> None:
    sheets, scale = impose_office(letter_40, "letter")

    assert scale == pytest.approx(396 / 612)  # half of 11 in over 8.5 in
    assert scale == pytest.approx(0.647, abs=0.001)
    assert sheet_sizes(sheets) == [(792.0, 612.0)] * 20
    assert halves_text(sheets) == expected_text(40)


def test_office_sheets_centre_the_pair(letter_40: bytes) -> None:
    sheets, scale = impose_office(letter_40, "letter")
    with pikepdf.open(io.BytesIO(sheets)) as document:
        instructions = pikepdf.parse_content_stream(document.pages[0])
    matrices = [[float(v) for v in i.operands] for i in instructions if str(i.operator) == "cm"]
    assert [m[0] for m in matrices] == [pytest.approx(scale, abs=1e-5)] * 2  # 5 decimals
    (_, _, _, _, left_x, left_y), (_, _, _, _, right_x, right_y) = matrices
    page_width, page_height = LETTER[0] * scale, LETTER[1] * scale
    assert left_x == pytest.approx(0, abs=0.01)  # the spread fills the width exactly
    assert right_x == pytest.approx(left_x + page_width, abs=0.01)
    assert left_y == pytest.approx((612 - page_height) / 2, abs=0.01) == right_y


def test_office_a4_takes_letter_pages_and_a4_pages(letter_40: bytes) -> None:
    sheets, scale = impose_office(letter_40, "a4")
    assert sheet_sizes(sheets)[0] == pytest.approx((841.89, 595.28))
    assert scale == pytest.approx(min(841.89 / 2 / 612, 595.28 / 792))

    a4_sheets, a4_scale = impose_office(booklet(8, "A4"), "a4")
    assert a4_scale == pytest.approx(841.89 / 2 / 595.28, abs=0.001)  # A4 → A5: 1/√2
    assert halves_text(a4_sheets) == expected_text(8)


def test_office_never_enlarges_small_pages() -> None:
    sheets, scale = impose_office(booklet(8, "A6"), "letter")

    assert scale == 1.0
    assert halves_text(sheets) == expected_text(8)
