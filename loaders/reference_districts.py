"""Districts: the TopoJSON's polygons, and the districts that have no polygon of their own.

The TopoJSON draws Delhi as one uncoded polygon and Mumbai as one polygon, and has no polygon for
Sikkim's 2021 districts, while the district HQ file lists each of them. Every HQ district without a
polygon becomes an admin-only row: no geometry, its HQ point and codes, and ``map_district_id``, the
polygon it is drawn in. An HQ district is matched to a polygon by (state, code), else by a name that is
unique on both sides: the TopoJSON gives Mizoram's districts alphabetical codes (261-268, which are
Nagaland's), while the HQ file and the Census list agree on 281-288, so those polygons take the Census
code and the correction is reported.
"""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path

import geopandas as gpd
import numpy as np
import pandas as pd

from geo.crs import METRIC, WGS84
from geo.normalize import normalise_name, pad_code
from loaders.reference_codes import read_reference_geojson

BOUNDARIES_FILE = "india_districts_2011.topojson"
HQ_FILE = "district_hq_2011.geojson"
#: Census 2011 district codes run to 640; the boundary and HQ files number later districts above that.
LAST_2011_CODE = 640
_HQ_COLUMNS = ["lgd_code", "hq_name", "hq_point"]


@dataclass(frozen=True)
class DistrictFrames:
    """``polygons`` and ``admin_only`` have the districts table's columns (admin-only rows without a
    ``map_district_id`` yet); ``corrections`` lists the polygons whose code was corrected
    (``state_code, old_code, census_code, name_norm``), ``notes`` says so in words."""

    polygons: gpd.GeoDataFrame
    admin_only: gpd.GeoDataFrame
    corrections: pd.DataFrame
    notes: list[str]


def read_district_hq(data_dir: Path) -> gpd.GeoDataFrame:
    """``state_code`` (today's), ``census_code, lgd_code, name_en, name_norm, hq_name, geometry`` of each HQ."""
    raw = read_reference_geojson(data_dir / HQ_FILE, ["STCODE11", "DTCODE11", "Dist_LGD", "DTNAME", "DIST_HQNM"])
    hq = gpd.GeoDataFrame(
        {
            "state_code": raw["STCODE11"].map(lambda c: pad_code(c, 2)).replace({"25": "26"}),
            "census_code": raw["DTCODE11"].map(lambda c: pad_code(c, 3)),
            "lgd_code": raw["Dist_LGD"].astype("Int64"),
            "name_en": raw["DTNAME"].str.strip(),
            "hq_name": raw["DIST_HQNM"].str.strip(),
            "geometry": raw.geometry,
        },
        geometry="geometry",
        crs=WGS84,
    )
    hq["name_norm"] = hq["name_en"].map(normalise_name)
    return hq.dropna(subset=["state_code", "census_code"]).drop_duplicates(["state_code", "census_code"])


def read_districts(
    data_dir: Path, hq: gpd.GeoDataFrame, census_names: pd.DataFrame, hindi: pd.DataFrame
) -> DistrictFrames:
    """Polygons from the TopoJSON with their HQ, LGD code and Hindi name, and the admin-only districts.

    ``census_names`` (``state_code, census_code, name_norm``) is the Census list's districts, the second
    source that confirms a corrected code; ``hindi`` has ``state_code, census_code, name_hi``.
    """
    polygons = _topojson_districts(data_dir)
    by_code = _match_by_code(polygons, hq)
    by_name, corrections = _match_by_name(polygons, hq, by_code, census_names)
    matched = pd.concat([by_code, by_name], ignore_index=True)
    polygons = _with_hq(polygons, matched, hq, corrections)
    admin = _admin_only(hq[~hq.index.isin(matched["hq_index"])])
    polygons = _with_hindi(polygons, hindi)
    admin = _with_hindi(admin, hindi)
    notes = [
        f"{r.state_code}: district {r.name_en} has TopoJSON code {r.old_code}; the HQ file and the Census "
        f"list give {r.census_code}"
        for r in corrections.itertuples(index=False)
    ]
    return DistrictFrames(polygons=polygons, admin_only=admin, corrections=corrections, notes=notes)


def _topojson_districts(data_dir: Path) -> gpd.GeoDataFrame:
    raw = gpd.read_file(data_dir / BOUNDARIES_FILE, layer="districts").set_crs(WGS84, allow_override=True)
    frame = gpd.GeoDataFrame(
        {
            "state_code": raw["st_code"].map(lambda c: pad_code(c, 2)),
            "census_code": raw["dt_code"].map(lambda c: pad_code(c, 3)),
            "name_en": raw["district"].fillna(raw["st_nm"]),
            "created_year": raw["year"],
            "geom": raw.geometry,
        },
        geometry="geom",
        crs=WGS84,
    )
    frame["name_norm"] = frame["name_en"].map(normalise_name)
    return frame.reset_index(drop=True)


def _match_by_code(polygons: pd.DataFrame, hq: pd.DataFrame) -> pd.DataFrame:
    """``polygon_index, hq_index`` where (state, code) names one polygon (261 and 262 repeat across states)."""
    unique = polygons.dropna(subset=["census_code"]).drop_duplicates(["state_code", "census_code"], keep=False)
    pairs = unique.reset_index(names="polygon_index").merge(
        hq.reset_index(names="hq_index"), on=["state_code", "census_code"]
    )
    return pairs[["polygon_index", "hq_index"]]


def _match_by_name(
    polygons: pd.DataFrame, hq: pd.DataFrame, by_code: pd.DataFrame, census_names: pd.DataFrame
) -> tuple[pd.DataFrame, pd.DataFrame]:
    """Polygons and HQs left over, paired by a name unique in the state on both sides, where the Census
    list confirms the HQ file's (state, code, name). Returns the pairs and the code corrections."""
    free_polygons = polygons[~polygons.index.isin(by_code["polygon_index"])]
    free_hq = hq[~hq.index.isin(by_code["hq_index"])]
    free_polygons = free_polygons.drop_duplicates(["state_code", "name_norm"], keep=False)
    free_hq = free_hq.drop_duplicates(["state_code", "name_norm"], keep=False)
    pairs = free_polygons.reset_index(names="polygon_index").merge(
        free_hq.reset_index(names="hq_index"), on=["state_code", "name_norm"], suffixes=("", "_hq")
    )
    confirmed = pairs.merge(
        census_names.rename(columns={"census_code": "census_code_hq"}), on=["state_code", "census_code_hq", "name_norm"]
    )
    corrections = confirmed[confirmed["census_code"] != confirmed["census_code_hq"]]
    corrections = corrections.rename(columns={"census_code": "old_code", "census_code_hq": "census_code"})
    return confirmed[["polygon_index", "hq_index"]], corrections[
        ["polygon_index", "state_code", "old_code", "census_code", "name_norm", "name_en"]
    ].reset_index(drop=True)


def _with_hq(
    polygons: gpd.GeoDataFrame, matched: pd.DataFrame, hq: pd.DataFrame, corrections: pd.DataFrame
) -> gpd.GeoDataFrame:
    out = polygons.copy()
    source = hq.rename(columns={"geometry": "hq_point"})
    for column in _HQ_COLUMNS:
        out[column] = pd.Series(source[column].to_numpy()[matched["hq_index"]], index=matched["polygon_index"])
    out.loc[corrections["polygon_index"], "census_code"] = corrections["census_code"].to_numpy()
    fallback = out.geometry.representative_point()
    out["point"] = [p if _is_point(p) else f for p, f in zip(out["hq_point"], fallback, strict=True)]
    out["lgd_code"] = out["lgd_code"].astype("Int64")
    out["map_district_id"] = pd.NA
    return gpd.GeoDataFrame(out.drop(columns="hq_point"), geometry="geom", crs=WGS84)


def _admin_only(hq: gpd.GeoDataFrame) -> gpd.GeoDataFrame:
    frame = pd.DataFrame(hq.drop(columns="geometry")).assign(created_year=None)
    frame["map_district_id"] = pd.array([pd.NA] * len(frame), dtype="Int64")
    frame["point"] = hq.geometry.to_numpy()
    frame["geom"] = gpd.GeoSeries([None] * len(frame), index=frame.index, crs=WGS84)
    return gpd.GeoDataFrame(frame, geometry="geom", crs=WGS84)


def _with_hindi(frame: gpd.GeoDataFrame, hindi: pd.DataFrame) -> gpd.GeoDataFrame:
    names = hindi.drop_duplicates(["state_code", "census_code"]).set_index(["state_code", "census_code"])["name_hi"]
    keys = pd.MultiIndex.from_arrays([frame["state_code"], frame["census_code"]])
    out = frame.copy()
    out["name_hi"] = names.reindex(keys).to_numpy()
    return out


def _is_point(value: object) -> bool:
    return value is not None and not (isinstance(value, float) and np.isnan(value))


# --------------------------------------------------------------------------- after the polygons are stored


def map_districts(admin: gpd.GeoDataFrame, areas: gpd.GeoDataFrame) -> pd.Series:
    """The polygon that draws each admin-only district: the one of its state that holds its HQ, else the nearest."""
    points = gpd.GeoDataFrame(admin[["state_code"]], geometry=list(admin["point"]), crs=WGS84).to_crs(METRIC)
    out = pd.Series(pd.NA, index=admin.index, dtype="Int64")
    for state, group in points.groupby("state_code"):
        shapes = areas[areas["state_code"] == state][["district_id", "geometry"]].to_crs(METRIC)
        if shapes.empty:
            continue
        found = gpd.sjoin_nearest(group[["geometry"]], shapes, how="left")
        out[group.index] = found[~found.index.duplicated()]["district_id"].astype("Int64")
    return out


def census_2011_codes(districts: pd.DataFrame, subdistricts: pd.DataFrame) -> pd.Series:
    """Each district's Census 2011 district, by ``district_id``.

    A 2011 district is its own code. A later one (code above 640, or none: Tamil Nadu's 2019 districts
    and the one Delhi polygon) is the 2011 district most of its sub-districts come from: those it holds,
    or for an admin-only district those the HQ file files under its code. On a tie (Botad: two blocks
    each from Ahmadabad and Bhavnagar) the HQ town's block decides; a district without an HQ town (the
    Delhi polygon, three blocks from each of nine) has none. Failing all that, its map district's.

    ``districts`` has ``district_id, state_code, census_code, map_district_id, hq_name, point``;
    ``subdistricts`` has ``district_id, state_code, district_code_2011, hq_district_code, point``.
    """
    code = pd.to_numeric(districts["census_code"], errors="coerce")
    own = districts["census_code"].where(code <= LAST_2011_CODE)
    held = _most_common(subdistricts, districts, ["district_id"])
    named = _most_common(
        subdistricts.rename(columns={"hq_district_code": "census_code"}), districts, ["state_code", "census_code"]
    )
    admin_only = districts["map_district_id"].notna().to_numpy()
    later = pd.Series(np.where(admin_only, named, held), index=districts.index)
    result = own.fillna(later)
    by_id = pd.Series(result.to_numpy(), index=districts["district_id"])
    parent = districts["map_district_id"].map(by_id)
    return pd.Series(result.fillna(parent).to_numpy(), index=districts["district_id"])


def _most_common(subdistricts: pd.DataFrame, districts: pd.DataFrame, keys: list[str]) -> np.ndarray:
    """Per district (matched on ``keys``), the 2011 district most of its sub-districts have; ties as above."""
    valid = pd.DataFrame(subdistricts.dropna(subset=keys))
    counts = valid.groupby([*keys, "district_code_2011"]).size().rename("n").reset_index()
    top = counts[counts["n"] == counts.groupby(keys)["n"].transform("max")]
    single = top.drop_duplicates(keys, keep=False)
    chosen: dict[tuple[object, ...], str | None] = dict(
        zip(_keys(single, keys), single["district_code_2011"], strict=True)
    )
    towns = districts[districts["hq_name"].notna()]
    town_points = dict(zip(_keys(towns, keys), towns["point"], strict=True))
    for key, group in top[top.duplicated(keys, keep=False)].groupby(keys):
        if tuple(key) in town_points:
            codes = set(group["district_code_2011"])
            chosen[tuple(key)] = _nearest_block_code(valid, keys, tuple(key), codes, town_points[tuple(key)])
    return np.array([chosen.get(k) for k in _keys(districts, keys)], dtype=object)


def _keys(frame: pd.DataFrame, keys: list[str]) -> list[tuple[object, ...]]:
    return [tuple(row) for row in frame[keys].itertuples(index=False)]


def _nearest_block_code(
    blocks: pd.DataFrame, keys: list[str], key: tuple[object, ...], codes: set[str], hq: object
) -> str | None:
    """The 2011 district of the block nearest the district's HQ town, among the tied ``codes``."""
    mine = blocks[(blocks[keys] == pd.Series(key, index=keys)).all(axis=1) & blocks["district_code_2011"].isin(codes)]
    mine = mine[mine["point"].notna()]
    if mine.empty:
        return None
    points = gpd.GeoSeries(list(mine["point"]), crs=WGS84).to_crs(METRIC)
    town = gpd.GeoSeries([hq], crs=WGS84).to_crs(METRIC).iloc[0]
    return str(mine["district_code_2011"].iloc[int(points.distance(town).argmin())])
