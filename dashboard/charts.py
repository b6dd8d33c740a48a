"""Plotly charts shared by pages. Labels are escaped."""

from __future__ import annotations

import html
import math
from collections.abc import Sequence
from typing import Any

import pandas as pd
import plotly.graph_objects as go

from dashboard.i18n import compact, name, number

# Plotly's toolbar without its "Download plot as a png": files leave only through dashboard.downloads.
NO_DOWNLOAD = {"modeBarButtonsToRemove": ["toImage"], "displaylogo": False}


def indian_axis(values: Sequence[float], lang: str, *, steps: int = 5) -> dict[str, Any]:
    """Plotly axis ticks in Indian units (5,000 · 1 lakh · 1.5 crore) instead of its own "20k" and "1M":
    ``steps`` round ticks from 0 to the largest value."""
    top = max([float(v) for v in values if pd.notna(v)], default=0.0)
    if top <= 0:
        return {}
    raw = top / steps
    magnitude = 10 ** math.floor(math.log10(raw))
    step = max(1.0, next(m * magnitude for m in (1, 2, 2.5, 5, 10) if m * magnitude >= raw))  # counts: whole
    ticks = [float(step * i) for i in range(math.ceil(top / step) + 1)]
    return {"tickvals": ticks, "ticktext": [compact(int(t) if t.is_integer() else t, lang) for t in ticks]}


def sankey(pairs: pd.DataFrame, lang: str, *, other_homes: str, other_dests: str) -> go.Figure:
    """Home district (left) to destination state (right); unnamed rows are the grouped rest, labelled
    ``other_homes`` and ``other_dests``. Labels without Plotly's white halo, which blurs Devanagari."""
    homes = [name(r, lang, "home_") or other_homes for r in pairs.to_dict("records")]
    dests = [name(r, lang, "dest_") or other_dests for r in pairs.to_dict("records")]
    home_nodes, dest_nodes = list(dict.fromkeys(homes)), list(dict.fromkeys(dests))
    labels = home_nodes + dest_nodes
    offset = len(home_nodes)
    figure = go.Figure(
        go.Sankey(
            node={"label": labels, "pad": 12, "thickness": 14, "color": "#9a3412"},
            textfont={"shadow": "none", "size": 13, "color": "#1f2937"},
            link={
                "source": [home_nodes.index(h) for h in homes],
                "target": [offset + dest_nodes.index(d) for d in dests],
                "value": pairs["workers"].tolist(),
                "color": "rgba(194,65,12,0.25)",
            },
        )
    )
    figure.update_layout(height=460, margin={"l": 8, "r": 8, "t": 8, "b": 8}, font={"size": 12})
    return figure


def destinations_bar(dest: pd.DataFrame, lang: str, unit: str) -> go.Figure:
    labels = [f"{name(r, lang)} ({name(r, lang, 'state_')})" for r in dest.to_dict("records")]
    figure = go.Figure(
        go.Bar(
            x=dest["workers"],
            y=labels,
            orientation="h",
            marker_color="#c2410c",
            text=[number(v) for v in dest["workers"]],
            textposition="auto",
            hovertemplate="%{y}: %{text} " + html.escape(unit) + "<extra></extra>",
        )
    )
    figure.update_layout(
        height=420,
        margin={"l": 8, "r": 8, "t": 8, "b": 8},
        yaxis={"autorange": "reversed"},
        xaxis=indian_axis(dest["workers"].tolist(), lang),
    )
    return figure
