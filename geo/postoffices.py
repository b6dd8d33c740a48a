"""Quality checks for post-office coordinates.

The India Post directory mixes good points with swapped latitude/longitude, missing
points, points that are wrong while still inside India, and placeholder points shared by
many offices. Each office is checked against its own state, its own district and the
other offices of its pincode, then repaired (swaps) or flagged (everything else). No
office is dropped: a flagged office still matches by name, it just does not lend its point.
"""

from __future__ import annotations

from dataclasses import dataclass

import geopandas as gpd
import numpy as np
import pandas as pd

from geo.crs import METRIC, WGS84


@dataclass(frozen=True)
class OfficeCheckLimits:
    """Tolerances; simplified boundaries put good points a little outside their polygon."""

    state_tolerance_km: float = 5.0
    district_tolerance_km: float = 15.0
    pincode_spread_km: float = 60.0
    placeholder_min_pincodes: int = 3
    placeholder_min_offices: int = 10


def _points(lon: pd.Series, lat: pd.Series) -> gpd.GeoSeries:
    return gpd.GeoSeries(gpd.points_from_xy(lon, lat), index=lon.index, crs=WGS84)


def _distance_to_own_area(points: gpd.GeoSeries, keys: pd.Series, areas: gpd.GeoDataFrame, key: str) -> pd.Series:
    """Distance in km from each point to the polygon whose ``key`` it names; NaN if unknown."""
    shapes = areas.set_index(key).geometry.to_crs(METRIC)
    shapes = shapes[~shapes.index.duplicated()]
    own = gpd.GeoSeries(keys.map(shapes), index=keys.index, crs=METRIC)
    known = keys.isin(shapes.index) & points.notna() & ~points.is_empty
    out = pd.Series(np.nan, index=keys.index)
    # A swapped candidate can have a latitude beyond 90 degrees: its projected distance is NaN,
    # which correctly reads as "not inside", so numpy's warning about it is silenced here.
    with np.errstate(invalid="ignore"):
        out[known] = points[known].to_crs(METRIC).distance(own[known]) / 1000.0
    return out


def assess_post_offices(
    offices: pd.DataFrame,
    states: gpd.GeoDataFrame,
    districts: gpd.GeoDataFrame,
    limits: OfficeCheckLimits | None = None,
) -> pd.DataFrame:
    """Repair swapped points and flag doubtful ones.

    ``offices`` has ``lon``, ``lat``, ``pincode``, ``state_code`` and ``district_id``
    (the district its address names; may be missing). ``states`` has ``state_code`` and
    ``districts`` has ``district_id``, both with polygons. Returns a copy with repaired
    ``lon``/``lat``, and ``quality`` (ok | repaired_swap | suspect | placeholder | missing)
    with a ``quality_note`` that says why.
    """
    limits = limits or OfficeCheckLimits()
    out = offices.copy()
    out["quality"] = "ok"
    out["quality_note"] = None
    missing = out["lon"].isna() | out["lat"].isna()
    out.loc[missing, ["quality", "quality_note"]] = ["missing", "no coordinates in the directory"]

    _repair_swaps(out, states, limits)
    _flag_placeholders(out, limits)
    _flag_far_from_district(out, districts, limits)
    _flag_far_from_pincode(out, limits)
    return out


def _repair_swaps(out: pd.DataFrame, states: gpd.GeoDataFrame, limits: OfficeCheckLimits) -> None:
    has_point = out["quality"] == "ok"
    as_given = _points(out.loc[has_point, "lon"], out.loc[has_point, "lat"])
    distance = _distance_to_own_area(as_given, out.loc[has_point, "state_code"], states, "state_code")
    outside = distance[distance > limits.state_tolerance_km].index
    if len(outside) == 0:
        return
    swapped = _points(out.loc[outside, "lat"], out.loc[outside, "lon"])
    swapped_distance = _distance_to_own_area(swapped, out.loc[outside, "state_code"], states, "state_code")
    repaired = swapped_distance[swapped_distance <= limits.state_tolerance_km].index
    out.loc[repaired, ["lon", "lat"]] = out.loc[repaired, ["lat", "lon"]].to_numpy()
    out.loc[repaired, ["quality", "quality_note"]] = ["repaired_swap", "latitude and longitude were swapped"]
    still_outside = outside.difference(repaired)
    notes = "outside its own state by " + distance[still_outside].round(0).astype(int).astype(str) + " km"
    out.loc[still_outside, "quality"] = "suspect"
    out.loc[still_outside, "quality_note"] = notes


def _flag_placeholders(out: pd.DataFrame, limits: OfficeCheckLimits) -> None:
    usable = out["quality"].isin(["ok", "repaired_swap"])
    groups = out[usable].groupby(["lon", "lat"])["pincode"]
    offices = groups.transform("size")
    pincodes = groups.transform("nunique")
    shared = offices.index[(pincodes >= limits.placeholder_min_pincodes) | (offices >= limits.placeholder_min_offices)]
    out.loc[shared, "quality"] = "placeholder"
    out.loc[shared, "quality_note"] = "point shared by " + offices[shared].astype(str) + " offices"


def _flag_far_from_district(out: pd.DataFrame, districts: gpd.GeoDataFrame, limits: OfficeCheckLimits) -> None:
    usable = out["quality"].isin(["ok", "repaired_swap"]) & out["district_id"].notna()
    points = _points(out.loc[usable, "lon"], out.loc[usable, "lat"])
    distance = _distance_to_own_area(points, out.loc[usable, "district_id"], districts, "district_id")
    far = distance[distance > limits.district_tolerance_km].index
    out.loc[far, "quality"] = "suspect"
    out.loc[far, "quality_note"] = (
        "outside its own district by " + distance[far].round(0).astype(int).astype(str) + " km"
    )


def _flag_far_from_pincode(out: pd.DataFrame, limits: OfficeCheckLimits) -> None:
    """A point far from the median of its pincode's offices is one degree off, or DMS read as decimal."""
    usable = out["quality"].isin(["ok", "repaired_swap"])
    frame = out[usable]
    median = frame.groupby("pincode")[["lon", "lat"]].transform("median")
    km_per_degree = 111.0
    dx = (frame["lon"] - median["lon"]) * np.cos(np.radians(frame["lat"])) * km_per_degree
    dy = (frame["lat"] - median["lat"]) * km_per_degree
    spread = np.hypot(dx, dy)
    far = spread.index[spread > limits.pincode_spread_km]
    out.loc[far, "quality"] = "suspect"
    out.loc[far, "quality_note"] = (
        "far from the other offices of its pincode (" + spread[far].round(0).astype(int).astype(str) + " km)"
    )
