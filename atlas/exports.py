"""Exports as bytes: CSV, GeoJSON, GeoPackage, PNG and HTML, built from what is on screen.

Exports hold aggregates only (the caller passes aggregate frames); counts below the
small-cell threshold are already suppressed by the query layer. In CSV, a cell that
begins with = + - @ is neutralised so that a spreadsheet does not run it as a formula.
"""

from __future__ import annotations

import io
import tempfile
from collections.abc import Sequence
from dataclasses import dataclass
from datetime import datetime
from pathlib import Path
from typing import TYPE_CHECKING
from zoneinfo import ZoneInfo

import geopandas as gpd
import pandas as pd

from atlas.settings import SRID

if TYPE_CHECKING:
    from PIL import Image

_FORMULA_START = ("=", "+", "-", "@", "\t", "\r")


def neutralise(value: object) -> object:
    """Prefix a text cell that a spreadsheet would read as a formula (one starting with = + - @, or a tab or
    return before one) with an apostrophe. Every CSV the product writes, exports and load reports, uses this."""
    if isinstance(value, str) and value.startswith(_FORMULA_START):
        return "'" + value
    return value


def csv_bytes(frame: pd.DataFrame, *, watermark: str | None = None) -> bytes:
    """UTF-8 CSV with a BOM (Excel then shows Hindi correctly); formula-like cells neutralised."""
    safe = frame.copy()
    for column in safe.columns:
        if safe[column].dtype == object:
            safe[column] = safe[column].map(neutralise)
    if "geometry" in safe.columns:
        safe = safe.drop(columns="geometry")
    text = safe.to_csv(index=False)
    if watermark:
        text = f"# {watermark}\n" + text
    return ("\ufeff" + text).encode("utf-8")


def _padded_bounds(frame: gpd.GeoDataFrame) -> tuple[float, float, float, float]:
    """The cells' extent with a small margin (all of India when there are none)."""
    if frame.empty:
        return (68.0, 6.0, 98.0, 37.0)
    minx, miny, maxx, maxy = (float(v) for v in frame.total_bounds)
    pad_x, pad_y = (maxx - minx) * 0.05 + 0.1, (maxy - miny) * 0.05 + 0.1
    return (minx - pad_x, miny - pad_y, maxx + pad_x, maxy + pad_y)


def geojson_bytes(frame: gpd.GeoDataFrame) -> bytes:
    return frame.to_crs(SRID).to_json(drop_id=True, ensure_ascii=False).encode("utf-8")


def geopackage_bytes(frame: gpd.GeoDataFrame, *, layer: str) -> bytes:
    """A GeoPackage file's bytes (GDAL writes to a path, so through a temporary file)."""
    with tempfile.TemporaryDirectory() as folder:
        path = Path(folder) / "export.gpkg"
        frame.to_crs(SRID).to_file(path, layer=layer, driver="GPKG")
        return path.read_bytes()


@dataclass(frozen=True)
class PngClasses:
    """The screen's colour classes, so that the PNG reads like the map: each cell's fill, and the legend's
    (colour, "low – high") items."""

    fills: Sequence[str]
    legend: Sequence[tuple[str, str]]


def png_bytes(
    frame: gpd.GeoDataFrame,
    *,
    classes: PngClasses,
    title: str,
    legend: str,
    source: str,
    boundaries: gpd.GeoDataFrame | None = None,
) -> bytes:
    """A static map: cells filled with the screen's classes, the title above, the legend and a source line with
    today's date (IST) below. The map takes the shape of the cells' extent, so no part of it is left blank.
    Matplotlib draws the map only; the words are drawn with real text shaping, so Hindi reads right."""
    from PIL import Image

    picture = Image.open(io.BytesIO(map_png(frame, classes, boundaries))).convert("RGB")
    stamp = datetime.now(ZoneInfo("Asia/Kolkata")).strftime("%d-%m-%Y")
    framed = _with_words(picture, title=title, legend=(legend, classes.legend), source=f"{source} · {stamp}")
    buffer = io.BytesIO()
    framed.save(buffer, format="PNG")
    return buffer.getvalue()


def map_png(frame: gpd.GeoDataFrame, classes: PngClasses, boundaries: gpd.GeoDataFrame | None) -> bytes:
    """The map alone, without words: areas filled with ``classes.fills`` over grey ``boundaries``."""
    import matplotlib

    matplotlib.use("Agg")
    import matplotlib.pyplot as plt

    bounds = _padded_bounds(frame)
    width = 10.0
    height = min(14.0, max(4.0, width * (bounds[3] - bounds[1]) / max(bounds[2] - bounds[0], 1e-9)))
    figure, axes = plt.subplots(figsize=(width, height), dpi=110)
    if boundaries is not None and not boundaries.empty:
        boundaries.boundary.plot(ax=axes, color="#9ca3af", linewidth=0.4)
    if not frame.empty:
        frame.plot(ax=axes, color=list(classes.fills), edgecolor="#6b7280", linewidth=0.2)
    axes.set_xlim(bounds[0], bounds[2])
    axes.set_ylim(bounds[1], bounds[3])
    axes.set_axis_off()
    buffer = io.BytesIO()
    figure.savefig(buffer, format="png", bbox_inches="tight", pad_inches=0.1, facecolor="white")
    plt.close(figure)
    return buffer.getvalue()


_TITLE_SIZE, _TEXT_SIZE, _SWATCH, _GAP = 26, 16, 18, 12


def _with_words(
    picture: Image.Image, *, title: str, legend: tuple[str, Sequence[tuple[str, str]]], source: str
) -> Image.Image:
    """``picture`` with ``title`` above, then the legend (its heading and colour swatches) and ``source`` below."""
    from PIL import Image, ImageDraw

    from atlas import picture_text

    heading, items = legend
    title_band, legend_band, source_band = _TITLE_SIZE * 2, _TEXT_SIZE * 2 + _GAP, _TEXT_SIZE * 2
    canvas = Image.new("RGB", (picture.width, picture.height + title_band + legend_band + source_band), "white")
    title_size = _TITLE_SIZE
    while title_size > _TEXT_SIZE and picture_text.width(title, title_size) > picture.width - 2 * _GAP:
        title_size -= 2  # a long list of skills still fits on the line
    picture_text.draw(canvas, (_GAP, _TITLE_SIZE // 2), title, size=title_size)
    canvas.paste(picture, (0, title_band))
    y = title_band + picture.height + _GAP // 2
    x = _GAP
    picture_text.draw(canvas, (x, y), f"{heading}:", size=_TEXT_SIZE)
    x += picture_text.width(f"{heading}:", _TEXT_SIZE) + _GAP
    pen = ImageDraw.Draw(canvas)
    for colour, label in items:
        pen.rectangle((x, y + 2, x + _SWATCH, y + 2 + _SWATCH), fill=colour, outline="#6b7280")
        x += _SWATCH + _GAP // 2
        picture_text.draw(canvas, (x, y), label, size=_TEXT_SIZE)
        x += picture_text.width(label, _TEXT_SIZE) + _GAP * 2
    picture_text.draw(canvas, (_GAP, canvas.height - source_band), source, size=_TEXT_SIZE - 3, fill="#374151")
    return canvas
