"""Pure geometry steps of the reference load: block areas and post-office checks."""

from __future__ import annotations

import geopandas as gpd
import pandas as pd
from shapely.geometry import Point, box

from geo.blocks import approximate_block_areas
from geo.postoffices import assess_post_offices

# A square "state" and two "districts" splitting it, around Patna (lon 84-86, lat 25-26).
STATE = gpd.GeoDataFrame({"state_code": ["10"]}, geometry=[box(84.0, 25.0, 86.0, 26.0)], crs="EPSG:4326")
DISTRICTS = gpd.GeoDataFrame(
    {"district_id": [1, 2]}, geometry=[box(84.0, 25.0, 85.0, 26.0), box(85.0, 25.0, 86.0, 26.0)], crs="EPSG:4326"
)


def test_block_areas_tile_each_district() -> None:
    hq = gpd.GeoDataFrame(
        {"subdistrict_code": ["00001", "00002", "00003"]},
        geometry=[Point(84.25, 25.5), Point(84.75, 25.5), Point(85.5, 25.5)],
        crs="EPSG:4326",
    )
    blocks = approximate_block_areas(hq, DISTRICTS).set_index("subdistrict_code")
    assert blocks.crs == "EPSG:4326"
    assert set(blocks["area_district_id"]) == {1, 2}
    assert (
        blocks.loc["00003"].geometry.equals(DISTRICTS.geometry.iloc[1])
        or abs(blocks.loc["00003"].geometry.area - 1.0) < 1e-6
    )
    # the two blocks of district 1 split it without overlap, and each holds its own HQ
    first, second = blocks.loc["00001"].geometry, blocks.loc["00002"].geometry
    assert abs(first.area + second.area - 1.0) < 1e-3
    assert first.intersection(second).area < 1e-6
    assert first.contains(Point(84.25, 25.5)) and second.contains(Point(84.75, 25.5))
    assert all(g.geom_type == "MultiPolygon" for g in blocks.geometry)


def _offices(rows: list[tuple[str, float | None, float | None, int | None]]) -> pd.DataFrame:
    return pd.DataFrame(rows, columns=["pincode", "lon", "lat", "district_id"]).assign(state_code="10")


def test_swapped_coordinates_are_repaired() -> None:
    offices = _offices([("800001", 85.14, 25.61, 2), ("800002", 25.60, 85.13, 2)])
    checked = assess_post_offices(offices, STATE, DISTRICTS)
    swapped = checked.iloc[1]
    assert swapped["quality"] == "repaired_swap"
    assert (swapped["lon"], swapped["lat"]) == (85.13, 25.60)
    assert checked.iloc[0]["quality"] == "ok"


def test_doubtful_points_are_flagged_not_dropped() -> None:
    offices = _offices(
        [
            ("800001", 85.14, 25.61, 2),
            ("800001", 85.15, 25.62, 2),
            ("800003", None, None, 2),  # missing
            ("800004", 77.20, 28.60, 2),  # Delhi: outside its state, swap does not help
            ("800005", 84.50, 25.50, 2),  # inside the state but ~50 km into the wrong district
            ("800001", 85.95, 25.10, 2),  # one degree off its pincode's other offices
        ]
    )
    checked = assess_post_offices(offices, STATE, DISTRICTS)
    assert len(checked) == len(offices)
    assert list(checked["quality"]) == ["ok", "ok", "missing", "suspect", "suspect", "suspect"]
    assert "state" in checked.iloc[3]["quality_note"]
    assert "district" in checked.iloc[4]["quality_note"]
    assert "pincode" in checked.iloc[5]["quality_note"]


def test_placeholder_points_shared_by_many_pincodes() -> None:
    offices = _offices([(f"80000{i}", 85.5, 25.5, 2) for i in range(4)] + [("800009", 85.3, 25.3, 2)])
    checked = assess_post_offices(offices, STATE, DISTRICTS)
    assert list(checked["quality"]) == ["placeholder"] * 4 + ["ok"]
