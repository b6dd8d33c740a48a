"""The PNG export reads like the map on screen: the same colour classes, its legend, no blank band."""

from __future__ import annotations

import io

import geopandas as gpd
import numpy as np
from matplotlib import image
from shapely.geometry import box

from atlas import picture_text
from atlas.exports import PngClasses, png_bytes

CLASSES = PngClasses(["#fdd49e", "#e5e7eb", "#990000"], [("#fdd49e", "5 – 10"), ("#990000", "10 – 30"), ("#e5e7eb",
                                                                                                       "< 5")])  # fmt: skip


def _pixels(data: bytes) -> np.ndarray:
    return (image.imread(io.BytesIO(data), format="png")[:, :, :3] * 255).round().astype(int)


def test_cells_take_the_screen_colours_and_the_figure_fits_them() -> None:
    cells = gpd.GeoDataFrame({"workers": [7, None, 30]}, geometry=[box(84, 25, 84.3, 25.3), box(85, 26, 85.3, 26.3),
                                                                   box(87, 26.5, 87.3, 26.8)], crs=4326)  # fmt: skip
    pixels = _pixels(png_bytes(cells, classes=CLASSES, title="Skill density", legend="workers", source="test"))
    colours = {tuple(p) for p in pixels.reshape(-1, 3)}
    assert {(153, 0, 0), (253, 212, 158), (229, 231, 235)} <= colours, "the screen's classes, not a colour ramp"
    height, width = pixels.shape[:2]
    assert height < width, "a wide extent makes a wide picture, not a square one with a blank third"
    lowest_cell_row = max(np.nonzero((pixels == (253, 212, 158)).all(axis=2))[0])
    assert lowest_cell_row > height * 0.6, "the map reaches down to the legend"


def test_a_hindi_title_is_drawn_in_fonts_that_have_its_letters() -> None:
    title = "कौशल घनत्व: राजमिस्त्री, प्रवासी श्रमिक (गृह क्षेत्र) · Mason 25 km"
    for script, text in picture_text.runs(title):
        missing = [c for c in text if ord(c) not in picture_text._covers(script)]
        assert missing == [], (script, text, "would be drawn as boxes")
    assert [script for script, _ in picture_text.runs("श्रमिक · 5 – 10")] == ["devanagari", "latin"]


def test_the_title_legend_and_source_are_drawn_above_and_below_the_map() -> None:
    cells = gpd.GeoDataFrame({"workers": [7]}, geometry=[box(84, 25, 86, 26)], crs=4326)
    pixels = _pixels(png_bytes(cells, classes=CLASSES, title="कौशल घनत्व", legend="श्रमिक", source="स्रोत"))
    ink = (pixels < 100).all(axis=2)
    rows_with_ink = np.nonzero(ink.any(axis=1))[0]
    cell_rows = np.nonzero((pixels == (253, 212, 158)).all(axis=2).any(axis=1))[0]
    assert rows_with_ink.min() < cell_rows.min(), "the title above the map"
    assert rows_with_ink.max() > cell_rows.max(), "the legend and the source line below it"
