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


def line_width(count: int, largest: int, *, thinnest: float = 1.0, thickest: float = 8.0) -> float:
    """Stroke width proportional to the square root of the count, so big flows do not swamp the map."""
    if largest <= 0:
        return thinnest
    return thinnest + (thickest - thinnest) * math.sqrt(max(count, 0) / largest)
