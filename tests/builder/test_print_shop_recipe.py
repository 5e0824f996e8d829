"""A recipe's `print_shop:` block: which press sets a build makes, and a bad bleed placed."""

from __future__ import annotations

from pathlib import Path

import pytest
from typer.testing import CliRunner

from publisher.cli import app
from publisher.documents.press import PrintOptions, length_pt, presses
from publisher.project.settings import BookletRecipe, PrintShop


def test_a_recipe_with_a_print_shop_block_gets_both_sets() -> None:
    recipe = BookletRecipe(name="fair", title="Fair", print_shop=PrintShop(bleed="0.125in"))
    screen, shop = presses(recipe, PrintOptions())
    assert not screen.print_shop
    assert shop.print_shop and shop.bleed == "0.125in"
    assert "bleed: 0.125in; marks: none" in shop.css()
    assert shop.css().startswith('@import url("css/print-shop.css");')  # (first, or ignored)


def test_print_shop_asked_for_makes_that_set_alone() -> None:
    plain = BookletRecipe(name="fair", title="Fair")
    assert [p.bleed for p in presses(plain, PrintOptions(print_shop=True))] == ["3mm"]
    assert presses(plain, PrintOptions()) == [PrintOptions()]
    block = BookletRecipe(name="fair", title="Fair", print_shop=PrintShop(bleed="5mm"))
    (only,) = presses(block, PrintOptions(print_shop=True, bleed="2mm"))  # the command wins
    assert only.bleed == "2mm"
    (from_block,) = presses(block, PrintOptions(print_shop=True))
    assert from_block.bleed == "5mm"


def test_lengths_in_points() -> None:
    assert length_pt("3mm") == pytest.approx(8.5039, abs=1e-4)
    assert length_pt("0.125in") == 9.0
    assert length_pt("9pt") == 9.0


def test_a_bad_bleed_is_a_placed_problem(tmp_path: Path) -> None:
    (tmp_path / "guides").mkdir()
    (tmp_path / "publisher.yaml").write_text(
        "booklets:\n  - name: fair\n    title: Fair\n    print_shop:\n      bleed: 3 cm\n"
    )
    result = CliRunner().invoke(app, ["check", "-C", str(tmp_path)])
    assert result.exit_code == 1
    assert "publisher.yaml:5:7: booklets[0].print_shop.bleed:" in result.stderr, result.stderr
    assert "e.g. '3mm'" in result.stderr


def test_print_shop_and_office_together_is_a_usage_error(tmp_path: Path) -> None:
    (tmp_path / "guides").mkdir()
    (tmp_path / "publisher.yaml").write_text("paper: letter\n")
    args = ["booklet", "fair", "--print-shop", "--office", "-C", str(tmp_path)]
    result = CliRunner().invoke(app, args)
    assert result.exit_code == 2
    assert "separate builds" in result.output
