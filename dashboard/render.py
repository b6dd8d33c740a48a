"""The one place that turns data into Markdown or HTML for a page: user data is escaped here, by construction.

Streamlit renders Markdown in headings, captions, messages, widget labels and every cell of ``st.table``.
A worker named ``![x](http://example.org/p.png)`` would make the browser fetch that address (a tracking
pixel, and a break of the offline rule) and a name holding a link could phish an agent. So pages put a
value that came from data (a name, an address, an uploaded file's text, an error about it) through ``md``,
and show tables only through ``table``: plain HTML whose every cell is escaped, with no Markdown at all
and no download of its own (``st.dataframe`` has a "Download as CSV" in its toolbar; a page's downloads
go through ``dashboard.downloads``, audited). ``tests/test_page_rules.py`` holds pages to this.
"""

from __future__ import annotations

import html
import re
from collections.abc import Sequence
from typing import Any

import pandas as pd
import streamlit as st

from dashboard.i18n import number

# CommonMark lets a backslash escape any ASCII punctuation character, which then stands for itself:
# no image, link, HTML, emphasis, heading, list, table, maths or Streamlit directive can start.
_PUNCTUATION = re.compile(r"([!-/:-@\[-`{-~])")
# GitHub-flavoured autolinks (http://…, www.…, a@b.org) are found in the text after escapes are read, so a
# word joiner (U+2060, invisible) is put inside each, where the pattern needs adjacent characters.
_AUTOLINK = re.compile(r"(?i)(:)(//)|(w)(ww\.)|(@)()")
WORD_JOINER = "\u2060"


def md(value: object) -> str:
    """``value`` as Markdown that shows exactly its text, on one line, and makes no element."""
    text = "" if value is None or (isinstance(value, float) and pd.isna(value)) else str(value)
    text = _AUTOLINK.sub(lambda m: WORD_JOINER.join(g for g in m.groups() if g is not None), " ".join(text.split()))
    return _PUNCTUATION.sub(r"\\\1", text)


_TABLE_STYLE = "border-collapse:collapse;width:100%;font-size:0.875rem;line-height:1.4"
_CELL_STYLE = "border-bottom:1px solid rgba(49,51,63,0.1);padding:0.25rem 0.5rem;text-align:left;vertical-align:top"


def table(frame: pd.DataFrame, *, height: int | None = None) -> None:
    """A static HTML table of ``frame``, every header and cell escaped: no Markdown, no toolbar, so no
    download of its own. Numbers are right-aligned; ``height`` (pixels) makes it scroll."""
    head = "".join(f'<th style="{_CELL_STYLE};font-weight:600">{html.escape(str(c))}</th>' for c in frame.columns)
    numeric = [pd.api.types.is_numeric_dtype(frame[c]) and not pd.api.types.is_bool_dtype(frame[c]) for c in frame]
    rows = "".join(
        "<tr>" + "".join(_cell(value, is_number) for value, is_number in zip(row, numeric, strict=True)) + "</tr>"
        for row in frame.itertuples(index=False, name=None)
    )
    scroll = f"max-height:{int(height)}px;overflow:auto;" if height else "overflow-x:auto;"
    st.html(
        f'<div class="atlas-table" style="{scroll}"><table style="{_TABLE_STYLE}"><thead><tr>{head}</tr></thead>'
        f"<tbody>{rows}</tbody></table></div>"
    )


def _cell(value: object, is_number: bool) -> str:
    if value is None or (not isinstance(value, str) and pd.isna(value)):  # type: ignore[call-overload]
        text = ""
    elif isinstance(value, float) or is_number:
        text = number(value)  # type: ignore[arg-type]  # a numeric column's value; Indian grouping: 2,35,493 (identifiers arrive as text, see tables.localise)
    else:
        text = str(value)
    align = ";text-align:right" if is_number else ""
    return f'<td style="{_CELL_STYLE}{align}">{html.escape(text)}</td>'


def field(container: Any, label: str, value: object) -> None:
    """A bold label over a value (a card's field), the value escaped."""
    container.markdown(f"**{md(label)}**  \n{md(value) or '–'}")


def line_legend(items: Sequence[tuple[float, str]], colour: str, title: str) -> None:
    """A legend of line widths: (pixels, text) items drawn as short strokes of ``colour``; text escaped."""
    strokes = "".join(
        f'<span style="display:inline-block;margin-right:12px"><span style="display:inline-block;width:28px;'
        f'height:{pixels:.1f}px;background:{html.escape(colour)};vertical-align:middle"></span> '
        f"{html.escape(text)}</span>"
        for pixels, text in items
    )
    st.markdown(f'<div class="atlas-legend"><b>{html.escape(title)}</b>: {strokes}</div>', unsafe_allow_html=True)


def legend(items: Sequence[tuple[str, str]], title: str) -> None:
    """A horizontal colour legend of (colour, "low – high") items; every text escaped before it is HTML."""
    swatches = "".join(
        f'<span style="display:inline-block;margin-right:10px"><span style="display:inline-block;width:14px;'
        f'height:14px;background:{html.escape(colour)};border:1px solid #999;vertical-align:middle"></span> '
        f"{html.escape(text)}</span>"
        for colour, text in items
    )
    st.markdown(f'<div class="atlas-legend"><b>{html.escape(title)}</b>: {swatches}</div>', unsafe_allow_html=True)
