"""Which map district each sub-district lies in today, and the approximate block areas.

A sub-district keeps its Census 2011 district (``district_code_2011``); ``district_id`` is the
polygon it lies in now, so that blocks of post-2011 districts (Botad, Palghar, Telangana's 2016
districts) are drawn and counted in the new district. The polygon that holds the HQ point decides,
except where it is another 2011 district than the Census gives: district outlines are simplified,
so an HQ a few hundred metres over a border (Kaler, Arwal) stays in its Census district unless the
HQ file's own district also names the polygon or the point lies deep inside it (mandals moved
between Telangana's districts in 2016, Alandur into Chennai in 2018). An HQ outside every polygon of
its state (over a state border, in the sea) goes to the nearest district of its state when that is a
later district and the Census district is far (Konta, now in Sukma), else to its Census district.
"""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path

import geopandas as gpd
import numpy as np
import pandas as pd

from atlas.errors import ReferenceDataInvalid
from geo.blocks import approximate_block_areas
from geo.crs import METRIC, WGS84

CENSUS_FILE = "census_subdistricts_2011.csv"
#: An HQ farther than this inside another 2011 district has moved there since 2011; nearer, the outline is coarse.
MOVED_MIN_KM = 10.0
#: Farthest an HQ outside every polygon of its state may be from the nearest one (islands, coasts).
NEAREST_MAX_KM = 60.0


@dataclass(frozen=True)
class Placement:
    """Sub-districts with today's ``state_code`` and ``district_id`` (and ``placed_by``), and one line for
    each HQ point left outside the polygon of its district (coarse outlines, islands, border towns)."""

    subdistricts: gpd.GeoDataFrame
    hq_outside_district: list[str]


def place_subdistricts(census: pd.DataFrame, points: gpd.GeoDataFrame, polygons: gpd.GeoDataFrame) -> Placement:
    """One row per sub-district, placed in a map district.

    ``census`` is the Census list (a code may repeat, one row per district it spans); ``points`` the
    attached HQs (``subdistrict_code, hq_state_code, hq_district_code, geometry``); ``polygons`` the
    district polygons (``district_id, state_code, census_code, geometry``, codes above 640 or None for
    districts made after 2011).
    """
    frame = census.merge(pd.DataFrame(points.drop(columns="geometry")), on="subdistrict_code", how="left")
    frame = gpd.GeoDataFrame(frame, geometry=frame["subdistrict_code"].map(_by_code(points)), crs=WGS84)
    frame = _with_container(frame, polygons)
    frame = _one_row_per_code(frame)
    frame["state_code"] = np.where(_moved_state(frame), frame["hq_state_code"], frame["state_code"])
    frame = _with_census_polygon(frame, polygons)
    frame = _decide(frame, polygons)
    exceptions = _outside_lines(frame)
    keep = ["subdistrict_code", "state_code", "district_id", "district_code_2011", "name_en", "hq_district_code"]
    out = gpd.GeoDataFrame(frame[[*keep, "placed_by"]], geometry=frame.geometry, crs=WGS84)
    return Placement(subdistricts=out.reset_index(drop=True), hq_outside_district=exceptions)


def _by_code(points: gpd.GeoDataFrame) -> pd.Series:
    points_by_code: pd.Series = points.set_index("subdistrict_code").geometry  # geopandas has no type hints
    return points_by_code


def _with_container(frame: gpd.GeoDataFrame, polygons: gpd.GeoDataFrame) -> gpd.GeoDataFrame:
    """``in_id, in_state, in_code``: the polygon that holds the HQ point (the first, where outlines overlap)."""
    shapes = polygons[["district_id", "state_code", "census_code", "geometry"]].rename(
        columns={"district_id": "in_id", "state_code": "in_state", "census_code": "in_code"}
    )
    has_point = frame.geometry.notna()
    joined = gpd.sjoin(frame[has_point][["geometry"]], shapes, how="left", predicate="within")
    joined = joined[~joined.index.duplicated()]
    out = frame.copy()
    for column in ("in_id", "in_state", "in_code"):
        out[column] = joined[column].reindex(out.index)
    return out


def _one_row_per_code(frame: gpd.GeoDataFrame) -> gpd.GeoDataFrame:
    """Of a sub-district listed under several districts ("Dhubri (Pt)"), keep the part whose district
    holds the HQ, else the part the HQ file names, else the first listed."""
    rank = np.select(
        [frame["district_code_2011"] == frame["in_code"], frame["district_code_2011"] == frame["hq_district_code"]],
        [0, 1],
        default=2,
    )
    ordered = frame.assign(_rank=rank, _order=np.arange(len(frame))).sort_values(["_rank", "_order"])
    return ordered.drop_duplicates("subdistrict_code").sort_values("_order").drop(columns=["_rank", "_order"])


def _moved_state(frame: pd.DataFrame) -> pd.Series:
    """The Polavaram mandals went from Telangana to Andhra Pradesh in 2014: the HQ file and the polygon agree."""
    return (
        frame["hq_state_code"].notna()
        & (frame["hq_state_code"] != frame["state_code"])
        & (frame["in_state"] == frame["hq_state_code"])
    )


def _with_census_polygon(frame: gpd.GeoDataFrame, polygons: gpd.GeoDataFrame) -> gpd.GeoDataFrame:
    """``census_id``: the polygon whose code is the sub-district's 2011 district, where just one of the state has it."""
    coded = polygons.dropna(subset=["census_code"]).drop_duplicates(["state_code", "census_code"], keep=False)
    lookup = coded.set_index(["state_code", "census_code"])["district_id"]
    keys = pd.MultiIndex.from_arrays([frame["state_code"], frame["district_code_2011"]])
    out = frame.copy()
    out["census_id"] = lookup.reindex(keys).to_numpy()
    return out


def _decide(frame: gpd.GeoDataFrame, polygons: gpd.GeoDataFrame) -> gpd.GeoDataFrame:
    """``district_id`` and ``placed_by``: the polygon holding the HQ (see the module notes), else for an HQ over its
    state's border or in the sea the nearest later district of its state (Konta in Sukma), else the Census
    district's polygon, else the nearest polygon of the state (Delhi's HQs, whose polygon has no code)."""
    out = frame.copy()
    km = _km_to_polygon(out, out["census_id"], polygons)
    nearest = _nearest_in_state(out, polygons)
    later = set(polygons.loc[_is_later(polygons["census_code"]), "district_id"])
    same_state = out["in_state"] == out["state_code"]
    has_census = out["census_id"].notna()
    moved = (out["hq_district_code"] == out["in_code"]) | (km > MOVED_MIN_KM)
    own_code = out["in_code"] == out["district_code_2011"]
    contained = same_state & (_is_later(out["in_code"]) | own_code | ~has_census | moved)
    nearest_later = ~same_state & nearest.isin(later) & (~has_census | (km > MOVED_MIN_KM))
    choices = [contained, same_state & has_census, nearest_later, has_census]
    labels = ["polygon", "census_over_polygon", "nearest_later_district", "census_code"]
    out["placed_by"] = np.select(choices, labels, default="nearest")
    picked = np.select(choices, [out["in_id"], out["census_id"], nearest, out["census_id"]], default=nearest)
    out["district_id"] = pd.to_numeric(pd.Series(picked, index=out.index), errors="coerce")
    missing = out["district_id"].isna()
    if missing.any():
        problems = [
            f"sub-district {c} has no HQ point and no district polygon" for c in out.loc[missing, "subdistrict_code"]
        ]
        raise ReferenceDataInvalid(Path(CENSUS_FILE), problems)
    out["district_id"] = out["district_id"].astype(int)
    out["km_outside"] = _km_to_polygon(out, out["district_id"], polygons)
    return out


def _is_later(codes: pd.Series) -> pd.Series:
    """A district made after 2011: coded above 640, or not coded at all (Tamil Nadu's 2019 districts)."""
    return codes.isna() | (pd.to_numeric(codes, errors="coerce") > 640)


def _km_to_polygon(frame: gpd.GeoDataFrame, district_ids: pd.Series, polygons: gpd.GeoDataFrame) -> pd.Series:
    """Distance from each HQ to the polygon ``district_ids`` names (0 inside it; NaN without either)."""
    shapes = polygons.set_index("district_id").geometry.to_crs(METRIC)
    known = frame.geometry.notna() & district_ids.notna()
    out = pd.Series(np.nan, index=frame.index)
    own = gpd.GeoSeries(district_ids[known].map(shapes), crs=METRIC)
    out[known] = frame.loc[known].geometry.to_crs(METRIC).distance(own) / 1000.0
    return out


def _nearest_in_state(frame: gpd.GeoDataFrame, polygons: gpd.GeoDataFrame) -> pd.Series:
    """The nearest polygon of the sub-district's own state to its HQ (NaN without a point)."""
    out = pd.Series(np.nan, index=frame.index)
    for state, group in frame[frame.geometry.notna()].groupby("state_code"):
        shapes = polygons[polygons["state_code"] == state][["district_id", "geometry"]].to_crs(METRIC)
        if shapes.empty:
            continue
        found = gpd.sjoin_nearest(
            group[["geometry"]].to_crs(METRIC), shapes, how="left", max_distance=NEAREST_MAX_KM * 1000
        )
        found = found[~found.index.duplicated()]
        out[group.index] = found["district_id"]
    return out


def _outside_lines(frame: pd.DataFrame) -> list[str]:
    """One line per HQ left outside the (simplified) polygon of the district it was placed in."""
    rows = frame[frame["km_outside"] > 0].sort_values("subdistrict_code")
    why: dict[str, str] = {
        "census_over_polygon": "over the outline of a neighbouring district; the Census district is kept",
        "census_code": "outside every polygon of its state (sea, border); in its Census district",
        "nearest_later_district": "outside every polygon of its state; in the nearest later district",
        "nearest": "outside every polygon of its state; in the nearest district",
    }
    return [
        f"{r.subdistrict_code} {r.name_en}: {r.km_outside:.1f} km outside its district's polygon "
        f"({why.get(str(r.placed_by), str(r.placed_by))})"
        for r in rows.itertuples(index=False)
    ]


# --------------------------------------------------------------------------- block areas


def block_areas(subdistricts: gpd.GeoDataFrame, polygons: gpd.GeoDataFrame) -> pd.Series:
    """Approximate areas (Voronoi cells of the HQs) by sub-district code, each district's cells cut from
    that district's own polygon: an HQ just over a coarse border still gets its cell on its own side."""
    shapes = polygons.set_index("district_id")
    points = gpd.GeoDataFrame(
        {"subdistrict_code": subdistricts["subdistrict_code"].to_numpy(), "district_id": subdistricts["district_id"]},
        geometry=subdistricts.geometry.to_numpy(),
        crs=WGS84,
    )
    cells = []
    for district_id, group in points[points.geometry.notna()].groupby("district_id"):
        if district_id not in shapes.index:
            continue
        own = gpd.GeoDataFrame({"district_id": [district_id]}, geometry=[shapes.at[district_id, "geometry"]], crs=WGS84)
        cells.append(approximate_block_areas(group[["subdistrict_code", "geometry"]], own))
    if not cells:
        return pd.Series(dtype=object)
    areas: pd.Series = pd.concat(cells).set_index("subdistrict_code").geometry  # geopandas has no type hints
    return areas
