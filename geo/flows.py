"""Curved flow lines between two points, so that flows in opposite directions do not overlap."""

from __future__ import annotations

import math


def curved_line(
    start: tuple[float, float], end: tuple[float, float], *, bend: float = 0.18, points: int = 20
) -> list[tuple[float, float]]:
    """A quadratic Bezier from ``start`` to ``end`` (lon, lat), bowed to the left of travel.

    Returns ``points`` (lat, lon) pairs, the order Leaflet expects. ``bend`` is the
    control point's offset as a share of the straight-line length.
    """
    (x0, y0), (x1, y1) = start, end
    mx, my = (x0 + x1) / 2, (y0 + y1) / 2
    dx, dy = x1 - x0, y1 - y0
    length = math.hypot(dx, dy)
    if length == 0:
        return [(y0, x0)] * 2
    cx, cy = mx - dy * bend, my + dx * bend
    out = []
    for i in range(points):
        t = i / (points - 1)
        x = (1 - t) ** 2 * x0 + 2 * (1 - t) * t * cx + t**2 * x1
        y = (1 - t) ** 2 * y0 + 2 * (1 - t) * t * cy + t**2 * y1
        out.append((y, x))
    return out


# One fixed scale for flow widths, so that a flow's width means the same number of workers whatever the filters
# or the month: (at least this many workers, stroke width in pixels).
WIDTH_CLASSES = ((5, 1.5), (50, 3.0), (200, 5.0), (1_000, 7.0), (5_000, 9.0))


def class_width(count: int) -> float:
    """The stroke width of a flow of ``count`` workers on the fixed scale (``WIDTH_CLASSES``)."""
    width = WIDTH_CLASSES[0][1]
    for floor, pixels in WIDTH_CLASSES:
        if count >= floor:
            width = pixels
    return width


def arrowhead(line: list[tuple[float, float]], *, length: float) -> list[tuple[float, float]]:
    """A triangle (lat, lon) at the end of ``line`` (lat, lon points), pointing the way the line runs, with sides
    ``length`` degrees long: the direction of a flow at a glance."""
    (y0, x0), (y1, x1) = line[-2], line[-1]
    angle = math.atan2(y1 - y0, x1 - x0)
    left, right = angle + math.pi - 0.45, angle + math.pi + 0.45
    return [
        (y1, x1),
        (y1 + length * math.sin(left), x1 + length * math.cos(left)),
        (y1 + length * math.sin(right), x1 + length * math.cos(right)),
    ]
