"""The fit check's messages: under-fill is reported the way overflow is."""

from __future__ import annotations

from publisher.layout.fit import underfill_note


def test_underfill_is_reported_like_overflow() -> None:
    note = underfill_note((40.0, 5.0), "add `getting_in:`")
    assert note is not None
    assert "the front page ends 40 mm above its footer" in note
    assert "~9 lines" in note and "add `getting_in:`" in note and "back" not in note
    assert underfill_note((12.0, 12.7)) is None
    both = underfill_note((20.0, 30.0))
    assert both is not None and "front page ends 20 mm" in both and "back page ends 30 mm" in both
