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
from zoneinfo import ZoneInfo

import geopandas as gpd
import pandas as pd

_FORMULA_START = ("=", "+", "-", "@", "\t", "\r")


def neutralise(value: object) -> object:
    """Prefix a text cell that a spreadsheet would read as a formula with an apostrophe."""
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
    return frame.to_crs(4326).to_json(drop_id=True, ensure_ascii=False).encode("utf-8")


def geopackage_bytes(frame: gpd.GeoDataFrame, *, layer: str) -> bytes:
    """A GeoPackage file's bytes (GDAL writes to a path, so through a temporary file)."""
    with tempfile.TemporaryDirectory() as folder:
        path = Path(folder) / "export.gpkg"
        frame.to_crs(4326).to_file(path, layer=layer, driver="GPKG")
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
    """A static map: cells filled with the screen's classes, their legend, the title, a source line and today's
    date (IST). The figure takes the shape of the cells' extent, so no part of it is left blank."""
    import matplotlib

    matplotlib.use("Agg")
    import matplotlib.pyplot as plt
    from matplotlib.patches import Patch

    bounds = _padded_bounds(frame)
    width = 10.0
    height = min(14.0, max(4.0, width * (bounds[3] - bounds[1]) / max(bounds[2] - bounds[0], 1e-9)))
    figure, axes = plt.subplots(figsize=(width, height + 1.2), dpi=110)
    if boundaries is not None and not boundaries.empty:
        boundaries.boundary.plot(ax=axes, color="#9ca3af", linewidth=0.4)
    if not frame.empty:
        frame.plot(ax=axes, color=list(classes.fills), edgecolor="#6b7280", linewidth=0.2)
    axes.set_xlim(bounds[0], bounds[2])
    axes.set_ylim(bounds[1], bounds[3])
    handles = [Patch(facecolor=colour, edgecolor="#6b7280", label=text) for colour, text in classes.legend]
    axes.legend(handles=handles, title=legend, loc="upper center", bbox_to_anchor=(0.5, -0.01),
                ncol=min(len(handles), 5), frameon=False, fontsize=8)  # fmt: skip
    axes.set_axis_off()
    axes.set_title(title, fontsize=14)
    stamp = datetime.now(ZoneInfo("Asia/Kolkata")).strftime("%d-%m-%Y")
    figure.text(0.01, 0.01, f"{source} · {stamp}", fontsize=8, color="#374151")
    buffer = io.BytesIO()
    figure.savefig(buffer, format="png", bbox_inches="tight")
    plt.close(figure)
    return buffer.getvalue()
