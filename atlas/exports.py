"""Exports as bytes: CSV, GeoJSON, GeoPackage, PNG and HTML, built from what is on screen.

Exports hold aggregates only (the caller passes aggregate frames); counts below the
small-cell threshold are already suppressed by the query layer. In CSV, a cell that
begins with = + - @ is neutralised so that a spreadsheet does not run it as a formula.
"""

from __future__ import annotations

import io
import tempfile
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


def geojson_bytes(frame: gpd.GeoDataFrame) -> bytes:
    return frame.to_crs(4326).to_json(drop_id=True, ensure_ascii=False).encode("utf-8")


def geopackage_bytes(frame: gpd.GeoDataFrame, *, layer: str) -> bytes:
    """A GeoPackage file's bytes (GDAL writes to a path, so through a temporary file)."""
    with tempfile.TemporaryDirectory() as folder:
        path = Path(folder) / "export.gpkg"
        frame.to_crs(4326).to_file(path, layer=layer, driver="GPKG")
        return path.read_bytes()


def png_bytes(
    frame: gpd.GeoDataFrame,
    *,
    column: str,
    title: str,
    legend: str,
    source: str,
    boundaries: gpd.GeoDataFrame | None = None,
) -> bytes:
    """A static map: filled cells, a colour legend, the title, a source line and today's date (IST)."""
    import matplotlib

    matplotlib.use("Agg")
    import matplotlib.pyplot as plt

    figure, axes = plt.subplots(figsize=(10, 9), dpi=110)
    if boundaries is not None and not boundaries.empty:
        boundaries.boundary.plot(ax=axes, color="#9ca3af", linewidth=0.4)
    frame.plot(
        ax=axes,
        column=column,
        cmap="OrRd",
        legend=True,
        edgecolor="#6b7280",
        linewidth=0.2,
        missing_kwds={"color": "#e5e7eb", "label": "< 5"},
        legend_kwds={"label": legend, "shrink": 0.6},
    )
    if not frame.empty:
        minx, miny, maxx, maxy = frame.total_bounds
        pad_x, pad_y = (maxx - minx) * 0.05 + 0.1, (maxy - miny) * 0.05 + 0.1
        axes.set_xlim(minx - pad_x, maxx + pad_x)
        axes.set_ylim(miny - pad_y, maxy + pad_y)
    axes.set_axis_off()
    axes.set_title(title, fontsize=14)
    stamp = datetime.now(ZoneInfo("Asia/Kolkata")).strftime("%d-%m-%Y")
    figure.text(0.01, 0.01, f"{source} · {stamp}", fontsize=8, color="#374151")
    buffer = io.BytesIO()
    figure.savefig(buffer, format="png", bbox_inches="tight")
    plt.close(figure)
    return buffer.getvalue()
