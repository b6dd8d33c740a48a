"""Flow lines read at a glance: a fixed width scale and an arrowhead pointing the way workers went."""

from __future__ import annotations

import math

import pytest

from geo.flows import WIDTH_CLASSES, arrowhead, class_width, curved_line


def test_widths_follow_one_fixed_scale() -> None:
    assert [class_width(n) for n in (5, 49, 50, 199, 200, 999, 1_000, 4_999, 5_000, 90_000)] == [
        1.5, 1.5, 3.0, 3.0, 5.0, 5.0, 7.0, 7.0, 9.0, 9.0,
    ]  # fmt: skip
    assert [w for _, w in WIDTH_CLASSES] == sorted(w for _, w in WIDTH_CLASSES)


@pytest.mark.parametrize(("start", "end"), [((84.0, 26.0), (77.2, 28.6)), ((77.2, 28.6), (84.0, 26.0))])
def test_the_arrowhead_sits_on_the_destination_and_points_away_from_the_origin(
    start: tuple[float, float], end: tuple[float, float]
) -> None:
    line = curved_line(start, end)
    tip, *base = arrowhead(line, length=0.3)
    assert tip == pytest.approx((end[1], end[0]))
    middle = ((base[0][0] + base[1][0]) / 2, (base[0][1] + base[1][1]) / 2)
    before = line[-2]
    travel = (tip[0] - before[0], tip[1] - before[1])
    back = (middle[0] - tip[0], middle[1] - tip[1])
    assert travel[0] * back[0] + travel[1] * back[1] < 0, "the base lies behind the tip, where the line comes from"
    assert all(math.dist(tip, corner) == pytest.approx(0.3) for corner in base)
