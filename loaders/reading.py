"""Read an uploaded CSV or Excel file into a frame of strings, whatever government Excel did to it.

Handles: UTF-8 with or without BOM, UTF-16 (Excel's "Unicode text", tab separated), cp1252;
title rows above the header; merged cells (their value is copied into every covered cell);
blank rows (skipped, but the file's own row numbers are kept so a report points at the
right line); numbers and dates that Excel stored as numbers.
"""

from __future__ import annotations

import csv
import io
import re
import zipfile
from dataclasses import dataclass, field
from datetime import date, datetime, time

import charset_normalizer
import pandas as pd

from loaders.errors import UnreadableFile

HEADER_SEARCH_ROWS = 30
_PUNCT = re.compile(r"[^\w\u0900-\u097F]+")


@dataclass
class RawTable:
    """The cells of a file under canonical field names, and what reading it noticed."""

    frame: pd.DataFrame  # one column per canonical field, strings, "" for blank
    row_numbers: pd.Series  # the file's own 1-based row (line) number of each row
    raw: pd.DataFrame  # the same rows under the file's own headers, for rejected_rows
    encoding: str
    header_row: int
    unmapped: list[str] = field(default_factory=list)
    notices: list[str] = field(default_factory=list)


def header_key(text: object) -> str:
    """A header cell folded for matching: lowercase, punctuation and spacing removed."""
    return _PUNCT.sub(" ", str(text).lower()).strip()


def decode(data: bytes) -> tuple[str, str]:
    """``(text, encoding)``: BOMs first, then strict UTF-8, then charset detection, else cp1252."""
    if data.startswith(b"\xef\xbb\xbf"):
        return data[3:].decode("utf-8"), "utf-8-sig"
    if data.startswith((b"\xff\xfe", b"\xfe\xff")):
        return data.decode("utf-16"), "utf-16"
    # UTF-16 without a BOM: every other byte of ASCII text is zero.
    head = data[:4000]
    if head and head[1::2].count(0) > len(head) // 4:
        return data.decode("utf-16-le"), "utf-16-le"
    try:
        return data.decode("utf-8"), "utf-8"
    except UnicodeDecodeError:
        pass
    best = charset_normalizer.from_bytes(data[:200_000]).best()
    encoding = best.encoding if best is not None and best.encoding not in ("utf_8", "ascii") else "cp1252"
    try:
        return data.decode(encoding), encoding
    except (UnicodeDecodeError, LookupError):
        return data.decode("cp1252", errors="replace"), "cp1252"


def _sniff_delimiter(text: str) -> str:
    sample = "\n".join(text.splitlines()[:HEADER_SEARCH_ROWS])
    counts = {d: sample.count(d) for d in (",", "\t", ";", "|")}
    return max(counts, key=lambda d: counts[d])


def read_csv_grid(data: bytes) -> tuple[pd.DataFrame, str]:
    """Every line as a row of strings. Title rows are shorter than the table, so the width is set
    up front; a file whose rows are wider than that is re-read slowly rather than lose a row."""
    text, encoding = decode(data)
    delimiter = _sniff_delimiter(text)
    head = list(csv.reader(io.StringIO("\n".join(text.splitlines()[:1000])), delimiter=delimiter))
    width = max((len(r) for r in head), default=1)
    try:
        grid = pd.read_csv(
            io.StringIO(text), sep=delimiter, header=None, names=range(width), dtype=str, keep_default_na=False,
            skip_blank_lines=False, engine="c", on_bad_lines="error",
        )  # fmt: skip
    except pd.errors.ParserError:
        rows = list(csv.reader(io.StringIO(text), delimiter=delimiter))
        grid = pd.DataFrame(rows, dtype=str)
    except pd.errors.EmptyDataError as error:
        raise UnreadableFile("the file has no rows") from error
    return grid.fillna(""), encoding


def _cell_text(value: object) -> str:
    """Excel cell as text: whole numbers without ``.0``, dates as ISO."""
    if value is None:
        return ""
    if isinstance(value, float) and value.is_integer():
        return str(int(value))
    if isinstance(value, datetime):
        return value.strftime("%Y-%m-%d %H:%M:%S") if value.time() != time(0) else value.strftime("%Y-%m-%d")
    if isinstance(value, date):
        return value.isoformat()
    return str(value)


def read_excel_grid(data: bytes) -> pd.DataFrame:
    import openpyxl

    try:
        # Not read-only: merged-cell ranges are only known to a fully loaded sheet.
        book = openpyxl.load_workbook(io.BytesIO(data), data_only=True, read_only=len(data) > 30_000_000)
    except (zipfile.BadZipFile, KeyError, OSError, ValueError) as error:
        raise UnreadableFile(f"the Excel file cannot be opened ({error})") from error
    sheet = book.worksheets[0]
    rows = [[_cell_text(v) for v in row] for row in sheet.iter_rows(values_only=True)]
    for merged in (getattr(sheet, "merged_cells", None) and sheet.merged_cells.ranges) or []:
        value = rows[merged.min_row - 1][merged.min_col - 1]
        for r in range(merged.min_row - 1, merged.max_row):
            for c in range(merged.min_col - 1, merged.max_col):
                rows[r][c] = value
    return pd.DataFrame(rows, dtype=str).fillna("")


def is_excel(data: bytes) -> bool:
    return data[:4] == b"PK\x03\x04"


def locate_header(grid: pd.DataFrame, aliases: dict[str, str]) -> int:
    """Index of the row that names the most known fields; title rows above it are skipped."""
    best_row, best_hits = -1, 0
    for i in range(min(HEADER_SEARCH_ROWS, len(grid))):
        keys = {header_key(v) for v in grid.iloc[i]}
        hits = len({aliases[k] for k in keys if k in aliases})
        if hits > best_hits:
            best_row, best_hits = i, hits
    if best_hits < 2:
        known = ", ".join(sorted(set(aliases.values())))
        raise UnreadableFile(
            f"no header row found in the first {HEADER_SEARCH_ROWS} rows; expected columns such as {known}"
        )
    return best_row


def read_table(data: bytes, aliases: dict[str, str], *, protected: set[str]) -> RawTable:
    """The file's rows under canonical names (``aliases``: header key -> field). Blank rows dropped.

    Columns that look like Aadhaar numbers are dropped unless they are a ``protected`` field
    (the UAN is 12 digits too), and the drop is recorded in ``notices``.
    """
    from loaders.clean import looks_like_aadhaar

    if not data.strip():
        raise UnreadableFile("the file is empty")
    grid, encoding = (read_excel_grid(data), "xlsx") if is_excel(data) else read_csv_grid(data)
    header_at = locate_header(grid, aliases)
    headers = [str(h).strip() for h in grid.iloc[header_at]]
    body = grid.iloc[header_at + 1 :].copy()
    body.columns = pd.RangeIndex(body.shape[1])
    body = body.fillna("").astype(str)
    filled = body.apply(lambda col: col.str.strip() != "").any(axis=1)
    body = body[filled]
    notices: list[str] = [f"read as {encoding}; header on row {header_at + 1}"]
    frame, unmapped, keep = pd.DataFrame(index=body.index), [], []
    for i, name in enumerate(headers):
        field_name = aliases.get(header_key(name))
        label = name or f"column {i + 1}"
        if field_name == "aadhaar" or (field_name not in protected and looks_like_aadhaar(body[i])):
            notices.append(f"column '{label}' looks like Aadhaar numbers and was dropped; Aadhaar is never stored")
            continue
        keep.append(i)
        if field_name is None:
            unmapped.append(label)
        elif field_name not in frame:
            frame[field_name] = body[i]
    raw = body[keep].copy()
    raw.columns = _unique([headers[i] or f"column {i + 1}" for i in keep])
    if unmapped:
        notices.append("columns not used: " + ", ".join(unmapped))
    numbers = pd.Series(body.index.to_numpy() + 1, index=body.index)
    return RawTable(frame, numbers, raw, encoding, header_at + 1, unmapped, notices)


def _unique(names: list[str]) -> list[str]:
    seen: dict[str, int] = {}
    out = []
    for name in names:
        seen[name] = seen.get(name, 0) + 1
        out.append(name if seen[name] == 1 else f"{name} ({seen[name]})")
    return out
