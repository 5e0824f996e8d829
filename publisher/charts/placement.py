"""Label placement along one axis: wanted positions and sizes → positions that never overlap."""

from __future__ import annotations

from collections.abc import Sequence


def spread(
    wanted: Sequence[float],
    sizes: Sequence[float],
    low: float,
    high: float,
    gap: float,
    *,
    uppers: Sequence[float] | None = None,
) -> list[float] | None:
    """Starts for labels kept in the given order, each as near its wanted start as it can be.

    Labels are pushed forward past the one before them, then back inside `high` and below
    their own upper bound (`uppers`, when given); None when they do not fit between `low`
    and `high` at all.
    """
    if sum(sizes) + gap * (len(sizes) - 1) > high - low + 1e-9:
        return None
    starts: list[float] = []
    floor = low
    for want, size in zip(wanted, sizes, strict=True):
        start = max(want, floor)
        starts.append(start)
        floor = start + size + gap
    ceiling = high
    for index in range(len(starts) - 1, -1, -1):
        upper = uppers[index] if uppers is not None else high
        starts[index] = min(starts[index], upper, ceiling - sizes[index])
        ceiling = starts[index] - gap
    return starts if not starts or starts[0] >= low - 1e-9 else None
