"""Read an uploaded CSV or Excel file into a frame of strings, whatever government Excel did to it.

Handles: UTF-8 with or without BOM, UTF-16 (Excel's "Unicode text", tab separated), cp1252;
title rows above the header; merged cells (their value is copied into every covered cell);
blank rows (skipped, but the file's own row numbers are kept so a report points at the
right line); numbers and dates that Excel stored as numbers.

Refuses, with a message saying what to do: an empty file, a header with no rows, binary files
that are neither Excel nor text, an .xlsx that would unzip to far more than its size (a zip
bomb), and files over the upload limits (``settings.max_upload_bytes`` and ``max_upload_rows``).
"""

from __future__ import annotations

import codecs
import csv
import io
import math
import re
import zipfile
from dataclasses import dataclass, field
from datetime import date, datetime, time

import charset_normalizer
import numpy as np
import pandas as pd

from loaders.errors import UnreadableFile, UploadTooLarge

HEADER_SEARCH_ROWS = 30
#: Headers of a column of Aadhaar numbers, in every kind of file: the column is dropped (Aadhaar is never stored).
AADHAAR_HEADERS = (
    "आधार", "आधार संख्या", "आधार नंबर", "aadhaar", "aadhar", "aadhaar no", "aadhar no", "aadhaar number",
    "aadhar number", "uid",
)  # fmt: skip
# The lines read to find a file's width: title rows above the table are shorter than it.
WIDTH_SEARCH_ROWS = 1000
# The characters _looks_binary reads.
BINARY_SEARCH_CHARS = 65_536
# An .xlsx is a zip of XML: real sheets compress 5-30 times, a zip bomb thousands of times.
MAX_XLSX_RATIO = 100
# What an .xlsx may unzip to, as a multiple of the upload limit, so a big real sheet still opens.
MAX_XLSX_EXPANSION = 10
# Below this an .xlsx is too small to harm, whatever its ratio (an almost empty sheet compresses well).
XLSX_RATIO_FLOOR = 10 * 1024 * 1024
NOT_A_TABLE = (
    "the file is not a readable Excel or CSV file; open it in Excel and save it as Excel Workbook (.xlsx) "
    "or CSV UTF-8, then upload that"
)
_OLE2 = b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1"  # Excel 97-2003 (.xls) and other old Office files
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
        return str(memoryview(data)[3:], "utf-8"), "utf-8-sig"  # data[3:] would copy the whole file first
    if data.startswith((b"\xff\xfe", b"\xfe\xff")):
        return data.decode("utf-16"), "utf-16"
    if _utf16_without_bom(data):
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


def _utf16_without_bom(data: bytes) -> bool:
    """True when every other byte of the start is zero, as in UTF-16 of ASCII text."""
    head = data[:4000]
    return bool(head) and head[1::2].count(0) > len(head) // 4


def _first_lines(text: str, count: int) -> list[str]:
    """``text.splitlines()[:count]``, without splitting the whole of a 240 MB file to look at its top.

    A prefix that splits into more than ``count`` lines holds the first ``count`` complete (only its
    last line may be cut short), so the prefix grows until it does or is the whole text.
    """
    size = 64 * 1024
    while True:
        lines = text[:size].splitlines()
        if len(lines) > count or size >= len(text):
            return lines[:count]
        size *= 4


def _sniff_delimiter(text: str) -> str:
    sample = "\n".join(_first_lines(text, HEADER_SEARCH_ROWS))
    counts = {d: sample.count(d) for d in (",", "\t", ";", "|")}
    return max(counts, key=lambda d: counts[d])


def size_text(size: int, *, round_up: bool = False) -> str:
    """Bytes in words: ``52,428,800`` -> ``50 MB``; ``round_up`` so a size just over a limit never reads as equal."""
    if size < 1024 * 1024:
        return f"{size:,} bytes"
    tenths = size * 10 / (1024 * 1024)
    return f"{(math.ceil(tenths) if round_up else round(tenths)) / 10:,.1f}".removesuffix(".0") + " MB"


def check_upload_size(size: int, limit: int) -> None:
    """Refuse a file over the upload limit before any of it is read."""
    if size > limit:
        raise UploadTooLarge(
            f"the file is {size_text(size, round_up=True)}, over the upload limit of {size_text(limit)}; "
            "split it into smaller files (for example one per district) and load each"
        )


def _looks_binary(text: str) -> bool:
    """Text files hold almost no control characters; images, PDFs and executables are full of them."""
    head = text[:BINARY_SEARCH_CHARS]
    controls = sum(1 for ch in head if ch < " " and ch not in "\t\n\r") + head.count("\ufffd")
    return controls > max(16, len(head) // 100)


def read_csv_grid(data: bytes) -> tuple[pd.DataFrame, str]:
    """Every line as a row of strings. Title rows are shorter than the table, so the width is set
    up front; a file whose rows are wider than that is re-read slowly rather than lose a row."""
    read = _read_utf8_grid(data)
    if read is not None:
        return read
    text, encoding = decode(data)
    if _looks_binary(text):
        raise UnreadableFile(NOT_A_TABLE)
    if "\x00" in text:  # a stray NUL cannot be stored in PostgreSQL text and means nothing
        text = text.replace("\x00", "")
    delimiter = _sniff_delimiter(text)
    csv.field_size_limit(max(len(text), csv.field_size_limit()))  # a huge cell is a bad row, not a crash
    try:
        grid = _parse(io.StringIO(text), delimiter, _width(text, delimiter))
    except pd.errors.ParserError:
        grid = _parse_slowly(text, delimiter)
    except pd.errors.EmptyDataError as error:
        raise UnreadableFile("the file has no rows") from error
    return grid, encoding


def _read_utf8_grid(data: bytes) -> tuple[pd.DataFrame, str] | None:
    """``read_csv_grid`` of a UTF-8 file without NULs (nearly every upload), decoding only its top.

    pandas parses the bytes and checks that they are UTF-8 as it reads; 240 MB of bytes would
    first decode to 400 MB of text. None for any other file, and when the bytes turn out not to
    be UTF-8 or hold no rows: read_csv_grid then reads the text, and says what is wrong.
    """
    encoding = _utf8_encoding_name(data)
    if encoding is None or b"\x00" in data:
        return None
    start = 3 if encoding == "utf-8-sig" else 0
    limit = csv.field_size_limit()
    try:
        head = _utf8_head(data, start)
        if _looks_binary(head):
            return None
        delimiter = _sniff_delimiter(head)
        csv.field_size_limit(max(_utf8_length(data, start), limit))  # what read_csv_grid sets from the text
        source = io.BytesIO(data)  # shares the upload's bytes: BytesIO copies only on a write
        source.seek(start)
        try:
            return _parse(source, delimiter, _width(head, delimiter)), encoding
        except pd.errors.ParserError:
            return _parse_slowly(str(memoryview(data)[start:], "utf-8"), delimiter), encoding
    except (UnicodeDecodeError, pd.errors.EmptyDataError):
        csv.field_size_limit(limit)
        return None


def _utf8_encoding_name(data: bytes) -> str | None:
    """What ``decode`` calls UTF-8 bytes: "utf-8-sig" or "utf-8"; None if it would try another encoding first."""
    if data.startswith(b"\xef\xbb\xbf"):
        return "utf-8-sig"
    if data.startswith((b"\xff\xfe", b"\xfe\xff")) or _utf16_without_bom(data):
        return None
    return "utf-8"


def _utf8_head(data: bytes, start: int) -> str:
    """The top of the UTF-8 text from ``start``: all of it, or enough for every look at the top.

    Raises UnicodeDecodeError on bytes that are not UTF-8 (a character cut at the end is left out).
    """
    size = 1024 * 1024
    while True:
        end = start + size
        head = codecs.getincrementaldecoder("utf-8")().decode(memoryview(data)[start:end], final=end >= len(data))
        if end >= len(data) or (len(head) >= BINARY_SEARCH_CHARS and len(head.splitlines()) > WIDTH_SEARCH_ROWS):
            return head
        size *= 4


def _utf8_length(data: bytes, start: int) -> int:
    """Characters in the UTF-8 text from ``start``: every byte but a continuation byte (0b10xxxxxx) begins one."""
    signed = np.frombuffer(data, dtype=np.int8)  # continuation bytes are -128 to -65
    step = 16 * 1024 * 1024  # in slices, so that no temporary array is as big as the file
    return sum(int(np.count_nonzero(signed[i : i + step] >= -64)) for i in range(start, len(data), step))


def _width(text: str, delimiter: str) -> int:
    """The widest of the first lines (``text`` may be the top of a file)."""
    head = csv.reader(io.StringIO("\n".join(_first_lines(text, WIDTH_SEARCH_ROWS))), delimiter=delimiter)
    return max((len(row) for row in head), default=1)


def _parse(source: io.BytesIO | io.StringIO, delimiter: str, width: int) -> pd.DataFrame:
    """Every line as a row of ``width`` strings; raises ParserError on a wider row."""
    # na_filter off: every cell, a missing one too, is read as a string (no NaN), and faster.
    return pd.read_csv(
        source, sep=delimiter, header=None, names=range(width), dtype=str, keep_default_na=False, na_filter=False,
        skip_blank_lines=False, engine="c", on_bad_lines="error", encoding="utf-8",
    )  # fmt: skip


def _parse_slowly(text: str, delimiter: str) -> pd.DataFrame:
    """Every line as a row of strings, however wide."""
    return pd.DataFrame(list(csv.reader(io.StringIO(text), delimiter=delimiter)), dtype=str).fillna("")


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
    return str(value).replace("\x00", "")


def check_xlsx_expansion(data: bytes, *, max_bytes: int | None) -> None:
    """Refuse an .xlsx whose zip directory says it unzips to too much, before openpyxl opens it.

    Python's zipfile never inflates a member beyond the size its directory declares, so the
    directory can be trusted to bound the work.
    """
    try:
        members = zipfile.ZipFile(io.BytesIO(data)).infolist()
    except (zipfile.BadZipFile, OSError, ValueError) as error:
        raise UnreadableFile(f"{NOT_A_TABLE} ({error})") from error
    expanded = sum(m.file_size for m in members)
    packed = max(sum(m.compress_size for m in members), 1)
    too_dense = expanded > XLSX_RATIO_FLOOR and expanded > MAX_XLSX_RATIO * packed
    if too_dense or (max_bytes is not None and expanded > MAX_XLSX_EXPANSION * max_bytes):
        cap = "" if max_bytes is None else f" and {size_text(MAX_XLSX_EXPANSION * max_bytes)}"
        raise UploadTooLarge(
            f"the Excel file would unzip to {size_text(expanded, round_up=True)}, {expanded // packed:,} times its "
            f"size; a real spreadsheet unzips to at most {MAX_XLSX_RATIO} times its size{cap}, so this is not a "
            "normal spreadsheet. Open it in Excel and save it as CSV UTF-8 (or split it), then upload that"
        )


def read_excel_grid(data: bytes, *, max_bytes: int | None = None) -> pd.DataFrame:
    """The first sheet as strings; ``max_bytes`` is the upload limit (see ``check_xlsx_expansion``)."""
    import openpyxl
    from openpyxl.utils.exceptions import InvalidFileException

    check_xlsx_expansion(data, max_bytes=max_bytes)
    try:
        # Not read-only: merged-cell ranges are only known to a fully loaded sheet.
        # data_only: a formula cell is read as the value Excel last saved; it is never evaluated here.
        book = openpyxl.load_workbook(io.BytesIO(data), data_only=True, read_only=len(data) > 30_000_000)
    except (zipfile.BadZipFile, KeyError, OSError, ValueError, SyntaxError, InvalidFileException) as error:
        raise UnreadableFile(f"{NOT_A_TABLE} ({error})") from error
    if not book.worksheets:
        raise UnreadableFile("the Excel file has no sheets; put the table on the first sheet")
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
        known = ", ".join(sorted(set(aliases.values()) - {"aadhaar"}))
        raise UnreadableFile(
            f"no header row found in the first {HEADER_SEARCH_ROWS} rows; expected columns such as {known}. "
            "Check that this is the right kind of file and that its header row names at least two of them"
        )
    return best_row


def read_grid(data: bytes, *, max_bytes: int | None = None) -> tuple[pd.DataFrame, str]:
    """Every cell of an .xlsx or a CSV as text, and the encoding; other files are refused."""
    if not data or data.isspace():  # all blank; unlike strip(), copies nothing
        raise UnreadableFile("the file is empty; choose the file that holds the rows and upload it again")
    if data.startswith(_OLE2):
        raise UnreadableFile("this is an old Excel 97-2003 (.xls) file; open it in Excel and save it as "
                             "Excel Workbook (.xlsx) or CSV UTF-8, then upload that")  # fmt: skip
    if is_excel(data):
        return read_excel_grid(data, max_bytes=max_bytes), "xlsx"
    return read_csv_grid(data)


def _check_rows(body: pd.DataFrame, header_at: int, max_rows: int | None) -> None:
    if body.empty:
        raise UnreadableFile(
            f"the file has a header row (row {header_at + 1}) but no rows of data under it; "
            "add the rows and upload it again"
        )
    if max_rows is not None and len(body) > max_rows:
        raise UploadTooLarge(
            f"the file has {indian(len(body))} rows of data, over the limit of {indian(max_rows)} rows a load accepts; "
            "split it into smaller files (for example one per district) and load each"
        )


def indian(number: int) -> str:
    """A count with Indian digit grouping: ``1600000`` -> ``16,00,000``."""
    digits = str(number)
    head, tail = digits[:-3], digits[-3:]
    groups: list[str] = []
    while len(head) > 2:
        head, group = head[:-2], head[-2:]
        groups.insert(0, group)
    return ",".join([g for g in (head, *groups) if g] + [tail])


def read_table(
    data: bytes, aliases: dict[str, str], *, protected: set[str], max_rows: int | None = None,
    max_bytes: int | None = None,
) -> RawTable:  # fmt: skip
    """The file's rows under canonical names (``aliases``: header key -> field). Blank rows dropped.

    Columns that look like Aadhaar numbers are dropped unless they are a ``protected`` field
    (the UAN is 12 digits too), and the drop is recorded in ``notices``. ``max_rows`` and
    ``max_bytes`` are the upload limits (None: no limit).
    """
    from loaders.clean import looks_like_aadhaar

    grid, encoding = read_grid(data, max_bytes=max_bytes)
    header_at = locate_header(grid, aliases)
    headers = [str(h).strip() for h in grid.iloc[header_at]]
    # No copy: grid is this function's own. Every cell is a string: read_grid fills the missing ones.
    body = grid.iloc[header_at + 1 :]
    body.columns = pd.RangeIndex(body.shape[1])
    filled = _filled_rows(body)
    if not filled.all():
        body = body[filled]
    _check_rows(body, header_at, max_rows)
    notices: list[str] = [f"read as {encoding}; header on row {header_at + 1}"]
    fields: dict[str, int] = {}  # field -> the first column that holds it
    unmapped, keep = [], []
    for i, name in enumerate(headers):
        field_name = aliases.get(header_key(name))
        label = name or f"column {i + 1}"
        if field_name == "aadhaar" or (field_name not in protected and looks_like_aadhaar(body[i])):
            notices.append(f"column '{label}' looks like Aadhaar numbers and was dropped; Aadhaar is never stored")
            continue
        keep.append(i)
        if field_name is None:
            unmapped.append(label)
        else:
            fields.setdefault(field_name, i)
    frame = _field_columns(body, fields)
    # body holds this function's own cells, so raw may be it when no column was dropped (the usual case).
    raw = body if len(keep) == body.shape[1] else body[keep].copy()
    raw.columns = _unique([headers[i] or f"column {i + 1}" for i in keep])
    if unmapped:
        notices.append("columns not used: " + ", ".join(unmapped))
    numbers = pd.Series(body.index.to_numpy() + 1, index=body.index)
    return RawTable(frame, numbers, raw, encoding, header_at + 1, unmapped, notices)


def _field_columns(body: pd.DataFrame, fields: dict[str, int]) -> pd.DataFrame:
    """A copy of the ``fields`` columns of ``body`` under their field names, taken in one step."""
    if not fields:
        return pd.DataFrame(index=body.index)
    frame = body.take(list(fields.values()), axis=1)
    frame.columns = pd.Index(list(fields), dtype=object)
    return frame


def _filled_rows(body: pd.DataFrame) -> np.ndarray:
    """True for each row with a cell that is not blank (all white space counts as blank).

    Column by column, looking only at rows still undecided: the first column (usually a serial
    number) settles almost every row, so 16 lakh rows cost about one pass over one column.
    """
    filled = np.zeros(len(body), dtype=bool)
    undecided = np.arange(len(body))
    for column in body.columns:
        if not len(undecided):
            break
        cells = body[column].to_numpy()[undecided]
        has_text = np.fromiter(map(bool, map(str.strip, cells)), dtype=np.bool_, count=len(cells))
        filled[undecided[has_text]] = True
        undecided = undecided[~has_text]
    return filled


def _unique(names: list[str]) -> list[str]:
    seen: dict[str, int] = {}
    out = []
    for name in names:
        seen[name] = seen.get(name, 0) + 1
        out.append(name if seen[name] == 1 else f"{name} ({seen[name]})")
    return out
