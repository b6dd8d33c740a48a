"""Approximate block (sub-district) areas from block headquarters.

No block polygons are published with the reference data, so each district polygon is
split into the Voronoi cells of the block headquarters that fall inside it. The result
is an honest approximation: every cell is marked approximate wherever it is shown.
"""

from __future__ import annotations

import geopandas as gpd
import shapely
from shapely.geometry import MultiPolygon, Polygon
from shapely.geometry.base import BaseGeometry

from geo.crs import METRIC, WGS84


def _as_multipolygon(geom: BaseGeometry) -> MultiPolygon | None:
    parts = [g for g in getattr(geom, "geoms", [geom]) if isinstance(g, Polygon) and not g.is_empty]
    return MultiPolygon(parts) if parts else None


def _cells_for_district(area: BaseGeometry, points: gpd.GeoSeries) -> list[BaseGeometry]:
    """Voronoi cells of ``points`` clipped to ``area``, in the order of ``points``."""
    if len(points) == 1:
        return [area]
    cells = shapely.voronoi_polygons(shapely.MultiPoint(list(points.values)), extend_to=area)
    by_point: list[BaseGeometry] = []
    for point in points.values:
        cell = next((c for c in cells.geoms if c.covers(point)), None)
        by_point.append(area.intersection(cell) if cell is not None else shapely.Polygon())
    return by_point


def approximate_block_areas(headquarters: gpd.GeoDataFrame, districts: gpd.GeoDataFrame) -> gpd.GeoDataFrame:
    """Clip Voronoi cells of block HQs to the district polygon each HQ lies in.

    ``headquarters`` has ``subdistrict_code`` and point geometries; ``districts`` has
    ``district_id`` and polygons. An HQ outside every polygon (a coastal or simplified
    edge) is given to the nearest district. Returns ``subdistrict_code``,
    ``area_district_id`` and a MultiPolygon ``geometry`` in EPSG:4326.
    """
    hq = headquarters[["subdistrict_code", "geometry"]].to_crs(METRIC)
    areas = districts[["district_id", "geometry"]].to_crs(METRIC)
    located = gpd.sjoin_nearest(hq, areas, how="left", max_distance=50_000)
    located = located.drop_duplicates("subdistrict_code").dropna(subset=["district_id"])
    records = []
    for district_id, group in located.groupby("district_id"):
        area = areas.loc[areas["district_id"] == district_id, "geometry"].iloc[0]
        for code, cell in zip(group["subdistrict_code"], _cells_for_district(area, group.geometry), strict=True):
            records.append({"subdistrict_code": code, "area_district_id": int(district_id), "geometry": cell})
    result = gpd.GeoDataFrame(records, geometry="geometry", crs=METRIC).to_crs(WGS84)
    result["geometry"] = result.geometry.make_valid().map(_as_multipolygon)
    return result
