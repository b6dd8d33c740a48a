"""SQL for a point from two columns or parameters, in the stored coordinate system (``geo.crs``)."""

from __future__ import annotations

from geo.crs import METRIC_SRID, WGS84_SRID

__all__ = ["METRIC_SRID", "point", "point_or_null"]


def point(lon: str, lat: str) -> str:
    """``ST_SetSRID(ST_MakePoint(lon, lat), 4326)`` for two SQL expressions (column names or ``:params``)."""
    return f"ST_SetSRID(ST_MakePoint({lon}, {lat}), {WGS84_SRID})"


def point_or_null(lon: str, lat: str) -> str:
    """The point, or NULL where the longitude is: a place that was not geocoded has no point."""
    return f"CASE WHEN {lon} IS NULL THEN NULL ELSE {point(lon, lat)} END"
