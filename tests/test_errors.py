"""How one problem prints: `path:line:col: field: message`, then `    hint: ...`."""

from __future__ import annotations

from pathlib import Path

import pytest

from publisher.errors import ContentError, Problem, Severity, display_path, quote_value


def test_error_with_hint() -> None:
    problem = Problem("guides/a.yaml", 14, 5, "work.time_split[2].percent", "must be 0–100", "x")
    assert problem.format() == (
        "guides/a.yaml:14:5: work.time_split[2].percent: must be 0–100\n    hint: x"
    )


def test_warning_and_its_strict_form() -> None:
    warning = Problem("g.yaml", 3, 1, "data_as_of", "old", severity=Severity.WARNING)
    assert warning.format() == "g.yaml:3:1: data_as_of: warning: old"
    assert warning.as_error().format() == "g.yaml:3:1: data_as_of: old"
    assert not warning.is_error and warning.as_error().is_error


def test_file_level_problem_without_position_or_field() -> None:
    assert (
        Problem("g.yaml", 0, 0, "", "no such guide file").format() == "g.yaml: no such guide file"
    )


def test_content_error_sorts_in_file_order_even_with_and_without_hints() -> None:
    problems = [
        Problem("b.yaml", 1, 1, "", "same"),
        Problem("a.yaml", 10, 1, "", "later"),
        Problem("a.yaml", 2, 1, "", "same", "a hint"),
        Problem("a.yaml", 2, 1, "", "same"),
    ]
    error = ContentError(problems)
    assert [(p.path, p.line) for p in error.problems] == [
        ("a.yaml", 2),
        ("a.yaml", 2),
        ("a.yaml", 10),
        ("b.yaml", 1),
    ]


def test_quoted_values_stay_on_one_line() -> None:
    assert quote_value("short") == "'short'"
    long = quote_value("x" * 100)
    assert len(long) == 40 and long.endswith("…'")


def test_a_path_is_named_against_its_root_as_the_root_is_now(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """An absolute root is resolved once; a relative one (or none) against the folder the
    command runs in at the time, which may change."""
    real = tmp_path / "real"
    (real / "guides").mkdir(parents=True)
    (tmp_path / "link").symlink_to(real)
    guide = real / "guides" / "chef.yaml"
    assert display_path(guide, tmp_path / "link") == "guides/chef.yaml"
    assert display_path(guide, tmp_path / "link") == "guides/chef.yaml"  # (resolved once)
    monkeypatch.chdir(real)
    assert display_path(guide, Path(".")) == "guides/chef.yaml"
    assert display_path(guide) == "guides/chef.yaml"
    monkeypatch.chdir(real / "guides")
    assert display_path(guide, Path(".")) == "chef.yaml"
    assert display_path(guide) == "chef.yaml"
    assert display_path(guide, Path("..")) == "guides/chef.yaml"
