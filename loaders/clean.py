"""Vectorised normalisers shared by every loader: digits, phones, dates, names, identity keys.

Each function takes and returns pandas Series of strings (``""`` for blank), so a file of
16 lakh rows is normalised with a handful of column operations, never a Python loop per row.
Expensive per-value functions (transliteration) run once per distinct value.
"""

from __future__ import annotations

import contextlib
import re
from collections.abc import Callable, Iterable
from datetime import date, datetime
from typing import TypeVar
from zoneinfo import ZoneInfo

import numpy as np
import pandas as pd
import pyarrow as pa
import pyarrow.compute as pc

from geo.normalize import normalise_name

_DIGITS = str.maketrans("०१२३४५६७८९", "0123456789")
_DEVANAGARI_DIGIT = re.compile("[०-९]")
# White space that _tidy would change: anything but a lone space (cells are stripped first).
_UNTIDY_SPACE = re.compile(r"[^\S ]|  ")
# Aadhaar numbers never start with 0 or 1 (UIDAI's scheme); 12 digits, often grouped in fours.
_AADHAAR = re.compile(r"^\s*[2-9]\d{3}[\s-]?\d{4}[\s-]?\d{4}\s*$")
_PHONE_SPLIT = r"\s*(?:[/,;|]|\bor\b|\bya\b|या)\s*"
# The separators of _PHONE_SPLIT that ASCII text can hold, for pyarrow's RE2 (on ASCII text, \b means the same).
_PHONE_SEPARATOR_ASCII = r"[/,;|]|\bor\b|\bya\b"
_DMY = r"^\s*(\d{1,2})[-/.\s](\d{1,2})[-/.\s](\d{2,4})"
_YMD = r"^\s*(\d{4})[-/.](\d{1,2})[-/.](\d{1,2})"
_TIME = r"(\d{1,2}):(\d{2})(?::(\d{2}))?\s*([AaPp][Mm])?"
IST = ZoneInfo("Asia/Kolkata")
# A name, address or other cell longer than this is a pasted paragraph, shifted columns or an attack,
# not data: the longest Indian person and place names, even a full postal address, are far shorter.
MAX_TEXT_CHARS = 500
# Fields of free text (a complaint's details, a call's remarks) may run longer.
TEXT_LIMITS = {"description": 5000, "note": 2000}
# The first rows of a column that tell whether its values are nearly all distinct (phone numbers),
# so that finding the distinct values would cost more than it saves.
DISTINCT_SAMPLE_ROWS = 10_000
# What a cleaning function returns for a column of cells: one value each, or a few named values each.
_Cleaned = TypeVar("_Cleaned", pd.Series, pd.DataFrame)


def today_in_india() -> date:
    """Today's date in IST, the day against which "in the future" is judged."""
    return datetime.now(IST).date()


def after(stamps: pd.Series, today: date) -> pd.Series:
    """True where a date or an IST timestamp falls on a day after ``today`` (blank: False)."""
    if isinstance(stamps.dtype, pd.DatetimeTZDtype):
        stamps = stamps.dt.tz_convert(IST).dt.tz_localize(None)
    return (stamps >= pd.Timestamp(today) + pd.Timedelta(days=1)).fillna(False).astype(bool)


def _distinct(series: pd.Series) -> tuple[np.ndarray, pd.Series]:
    """Each cell's position among the distinct values of ``series`` (-1 for NaN), and those values."""
    if isinstance(series.dtype, pd.CategoricalDtype):
        codes, uniques = series.cat.codes.to_numpy(), list(series.cat.categories)
    else:
        codes, found = pd.factorize(series)
        uniques = list(found)
    # Code -1 (NaN) picks the last element, the blank appended here.
    return codes, pd.Series([*uniques, ""], dtype=object)


def per_distinct(series: pd.Series, function: Callable[[pd.Series], _Cleaned]) -> _Cleaned:
    """Run a vectorised function on the distinct values of ``series`` only, then spread the results back.

    A column of 16 lakh cells holds a few hundred dates, a few thousand villages: each is cleaned
    once. A categorical column (see ``as_columns``) is not even factorised again. NaN counts as ``""``.
    """
    codes, distinct = _distinct(series)
    return _spread(function(distinct), codes, series)


def _per_cell(series: pd.Series, function: Callable[[pd.Series], _Cleaned]) -> _Cleaned:
    """``per_distinct`` for a function costing no more per value than factorising does (phone numbers).

    A column of nearly all distinct values (one phone number per worker) is passed whole, as
    finding its distinct values would cost more than it saves. The same blank is appended, so the
    function sees the same set of values either way.
    """
    if isinstance(series.dtype, pd.CategoricalDtype) or not _nearly_all_distinct(series):
        return per_distinct(series, function)
    cells = series.fillna("").to_numpy(dtype=object)
    if not _plain_text(cells):
        return per_distinct(series, function)
    return _spread(function(pd.Series(np.append(cells, ""), dtype=object)), slice(0, len(series)), series)


def _plain_text(cells: np.ndarray) -> bool:
    """True when every cell is a string without a NUL, so that factorising would keep every value apart.

    pandas' factorising takes 1 and 1.0, or two strings that differ only after a NUL, as one value.
    """
    try:
        return "\x00" not in "".join(cells)
    except TypeError:  # not a string
        return False


def _spread(values: _Cleaned, positions: np.ndarray | slice, series: pd.Series) -> _Cleaned:
    """The results for ``series``: ``positions`` says which of ``values`` each of its cells takes."""
    if isinstance(values, pd.DataFrame):
        return pd.DataFrame({c: values[c].to_numpy()[positions] for c in values.columns}, index=series.index)
    return pd.Series(values.to_numpy()[positions], index=series.index, name=series.name)


def _nearly_all_distinct(column: pd.Series) -> bool:
    """True when the first rows of ``column`` hardly repeat a value (phone numbers, UANs, serial numbers)."""
    sample = column.head(DISTINCT_SAMPLE_ROWS)
    return len(pd.unique(sample)) > 0.9 * len(sample)


def as_columns(frame: pd.DataFrame, names: Iterable[str], *, categorical: bool = True) -> dict[str, pd.Series]:
    """The named columns of a file (blank when absent); as categoricals by default, so each is factorised once.

    A column of nearly all distinct values (phone numbers) stays as it is, and categories are in order
    of first appearance, not sorted: for 16 lakh phone numbers either would cost more than it saves.
    """
    if categorical:
        return {name: _categorical(frame[name]) if name in frame else _blanks(frame.index) for name in names}
    return {name: frame[name] if name in frame else pd.Series("", index=frame.index) for name in names}


def _categorical(column: pd.Series) -> pd.Series:
    if _nearly_all_distinct(column):
        return column
    codes, uniques = pd.factorize(column)
    categorical = pd.Categorical.from_codes(codes, categories=uniques)  # type: ignore[arg-type]  # stubs: a list
    return pd.Series(categorical, index=column.index, name=column.name)


def _blanks(index: pd.Index) -> pd.Series:
    """An absent column as the categorical that factorising its blanks would give, without factorising them."""
    codes, categories = np.zeros(len(index), dtype=np.int8), pd.Index([""] if len(index) else [], dtype=object)
    # pandas-stubs take the codes as a list only; pandas takes any array of integers.
    return pd.Series(pd.Categorical.from_codes(codes, categories=categories), index=index)  # type: ignore[arg-type]


def blank_values(values: pd.Series) -> pd.Series:
    """``blank`` on every value (use ``blank``, which works per distinct value, on a column)."""
    cells, joined = _strings(values)
    # Most files write their digits in ASCII, and translating every cell is slow.
    if not joined.isascii() and _DEVANAGARI_DIGIT.search(joined):
        cells = np.array([cell.translate(_DIGITS) for cell in cells], dtype=object)
    stripped = np.fromiter(map(str.strip, cells), dtype=object, count=len(cells))
    return pd.Series(stripped, index=values.index, name=values.name)


def _strings(values: pd.Series) -> tuple[np.ndarray, str]:
    """The values as strings (NaN as ``""``), and all of them joined, for quick checks of a whole column."""
    if values.dtype == object:
        # Joining fails on a value that is not a string (NaN, a number), and is the quickest way to find one.
        with contextlib.suppress(TypeError):
            return values.to_numpy(), "".join(values.to_numpy())
    cells = values.fillna("").astype(str).to_numpy()
    return cells, "".join(cells)


def blank(series: pd.Series) -> pd.Series:
    """Strings stripped of surrounding space, with Devanagari digits as ASCII; NaN becomes ``""``."""
    return per_distinct(series, blank_values)


def map_distinct(series: pd.Series, function: Callable[[str], str]) -> pd.Series:
    """Apply a costly function once per distinct value: 16 lakh names hold far fewer spellings."""
    distinct = pd.unique(series)
    lookup = dict(zip(distinct, (function(v) for v in distinct), strict=True))
    return series.map(lookup)


def name_key(series: pd.Series) -> pd.Series:
    """Matching key of a person or place name in either script (see geo.normalize)."""
    return per_distinct(series, lambda values: blank_values(values).map(normalise_name))


def _tidy(values: pd.Series) -> pd.Series:
    text = blank_values(values)
    cells = text.to_numpy(dtype=object)
    # Stripped cells joined make no new run of white space, so one scan usually shows that no cell needs tidying.
    if not _UNTIDY_SPACE.search("".join(cells)):
        return text
    untidy = np.fromiter(map(bool, map(_UNTIDY_SPACE.search, cells)), dtype=np.bool_, count=len(cells))
    tidied = cells.copy()
    tidied[untidy] = text[untidy].str.replace(r"\s+", " ", regex=True).to_numpy()
    return pd.Series(tidied, index=text.index, name=text.name)


def tidy_text(series: pd.Series) -> pd.Series:
    """Text as written, with runs of white space collapsed."""
    return per_distinct(series, _tidy)


def phones(series: pd.Series) -> tuple[pd.Series, pd.Series, pd.Series]:
    """``(phone, phone_alt, invalid)``: 10 digits starting 6-9, from ``+91 98xxx``, ``098…``, spaced forms.

    A cell may hold two numbers (``98… / 97…``); the first valid one is the phone. ``invalid``
    is True where the cell was not blank but held no valid number.
    """
    found = _per_cell(series, _phone_cells)
    return found["phone"], found["alt"], found["invalid"].astype(bool)


def _phone_cells(values: pd.Series) -> pd.DataFrame:
    """``(phone, alt, invalid)`` per distinct cell.

    Cells holding one number written in ASCII, nearly all of them, are read by ``_read_ascii_phones``;
    the others (two numbers, other scripts) by ``_phone_parts``.
    """
    text = blank_values(values)
    cells = text.to_numpy(dtype=object)
    phone, alt = cells.copy(), np.full(len(cells), "", dtype=object)  # a clean number is its own phone
    others = _read_ascii_phones(cells, phone)
    rest = _phone_parts(text[others])
    phone[others], alt[others] = rest["phone"].to_numpy(), rest["alt"].to_numpy()
    phone_column = pd.Series(phone, index=text.index)
    return pd.DataFrame({"phone": phone_column, "alt": pd.Series(alt, index=text.index),
                         "invalid": (text != "") & (phone_column == "")})  # fmt: skip


def _read_ascii_phones(cells: np.ndarray, phone: np.ndarray) -> np.ndarray:
    """Fill ``phone`` for the cells holding one number written in ASCII; return where the other cells are.

    A few vectorised passes in pyarrow, whose RE2 regular expressions mean on ASCII text what
    Python's do. A cell that already is a clean number is left as it is.
    """
    ascii_only = np.fromiter(map(str.isascii, cells), dtype=np.bool_, count=len(cells))
    arrow = pa.array(cells[ascii_only], type=pa.large_string())
    messy = _numpy(pc.invert(pc.match_substring_regex(arrow, r"^[6-9][0-9]{9}$")))
    messy_arrow, messy_at = arrow.filter(messy), np.flatnonzero(ascii_only)[messy]
    two_numbers = _numpy(pc.match_substring_regex(messy_arrow, _PHONE_SEPARATOR_ASCII))
    phone[messy_at[~two_numbers]] = _numpy(_ascii_phones(messy_arrow.filter(~two_numbers)))
    others = ~ascii_only
    others[messy_at[two_numbers]] = True
    return others


def _ascii_phones(text: pa.Array) -> pa.Array:
    """``_one_phone`` of ASCII cells holding one number, in pyarrow."""
    digits = pc.replace_substring_regex(text, r"[^0-9]", "")
    # Excel turns 9876543210 into "9876543210.0" when it guesses a number.
    excel = pc.match_substring_regex(text, r"^[0-9]{10}\.0+$")
    digits = pc.if_else(excel, pc.utf8_slice_codeunits(text, 0, 10), digits)
    # 91, 091, 0091 or 0 before the ten digits (RE2 has no look-ahead, so the whole shape is matched).
    prefixed = pc.match_substring_regex(digits, r"^(?:0091|091|91|0)[0-9]{10}$")
    digits = pc.if_else(prefixed, pc.utf8_slice_codeunits(digits, -10), digits)
    return pc.if_else(pc.match_substring_regex(digits, r"^[6-9][0-9]{9}$"), digits, "")


def _numpy(values: pa.Array) -> np.ndarray:
    array: np.ndarray = values.to_numpy(zero_copy_only=False)  # pyarrow has no type hints
    return array


def _phone_parts(text: pd.Series) -> pd.DataFrame:
    """``phone`` and ``alt`` of stripped cells that may hold two numbers; clean single numbers skip the parsing."""
    phone, alt = text.copy(), pd.Series("", index=text.index)
    messy = ~text.str.fullmatch(r"[6-9]\d{9}")
    if messy.any():
        part = text[messy]
        parts = part.str.split(_PHONE_SPLIT, n=2, regex=True, expand=True).reindex(columns=[0, 1], fill_value=None)
        first, second = (_one_phone(parts[c].fillna("")) for c in (0, 1))
        phone[messy] = first.where(first != "", second)
        alt[messy] = second.where((first != "") & (second != first), "")
    return pd.DataFrame({"phone": phone, "alt": alt})


def _one_phone(text: pd.Series) -> pd.Series:
    digits = text.str.replace(r"\D", "", regex=True)
    # Excel turns 9876543210 into "9876543210.0" or "9.87654321E+09" when it guesses a number.
    digits = digits.where(~text.str.fullmatch(r"\d{10}\.0+"), text.str.slice(0, 10))
    digits = digits.str.replace(r"^(?:0091|091|91)(?=\d{10}$)", "", regex=True)
    digits = digits.str.replace(r"^0(?=\d{10}$)", "", regex=True)
    return digits.where(digits.str.fullmatch(r"[6-9]\d{9}"), "")


def uans(series: pd.Series) -> tuple[pd.Series, pd.Series]:
    """``(uan, invalid)``: the 12-digit e-Shram UAN, spaces and hyphens removed."""
    found = _per_cell(series, _uan_cells)
    return found["uan"], found["invalid"].astype(bool)


def _uan_cells(values: pd.Series) -> pd.DataFrame:
    text = blank_values(values)
    text = text.where(~text.str.fullmatch(r"\d{12}\.0+"), text.str.slice(0, 12))
    digits = text.str.replace(r"[\s-]", "", regex=True)
    ok = digits.str.fullmatch(r"\d{12}").astype(bool)
    return pd.DataFrame({"uan": digits.where(ok, ""), "invalid": (text != "") & ~ok})


def looks_like_aadhaar(series: pd.Series) -> bool:
    """True when most non-blank values of a column are 12-digit numbers that Aadhaar could be."""
    # A sample decides: a column of Aadhaar numbers shows it in its first few thousand cells.
    text = blank(series.head(20_000))
    text = text[text != ""]
    if text.empty:
        return False
    return bool(text.str.match(_AADHAAR).mean() >= 0.5)


def dates(series: pd.Series, *, pivot_year: int | None = None) -> tuple[pd.Series, pd.Series]:
    """``(date, invalid)`` from DD-MM-YYYY, DD/MM/YY, DD.MM.YYYY, ISO and Excel's own date cells.

    Two-digit years up to ``pivot_year`` (default: this year) are 20YY, later ones 19YY.
    """
    found = per_distinct(series, lambda values: _date_cells(values, pivot_year))
    return found["date"], found["invalid"].astype(bool)


def _date_cells(values: pd.Series, pivot_year: int | None) -> pd.DataFrame:
    text = blank_values(values)
    dmy = text.str.extract(_DMY)
    ymd = text.str.extract(_YMD)
    day, month, year = (_number(dmy[a]).fillna(_number(ymd[b])) for a, b in ((0, 2), (1, 1), (2, 0)))
    pivot = (pivot_year or date.today().year) % 100
    year = year.where(year >= 100, np.where(year <= pivot, 2000 + year, 1900 + year))
    parsed = pd.to_datetime(pd.DataFrame({"year": year, "month": month, "day": day}), errors="coerce")
    return pd.DataFrame({"date": parsed, "invalid": (text != "") & parsed.isna()})


def _number(series: pd.Series) -> pd.Series:
    return pd.to_numeric(series, errors="coerce").astype("float64")


def timestamps(series: pd.Series) -> tuple[pd.Series, pd.Series]:
    """``(timestamp in IST, invalid)``: a date as in :func:`dates`, with an optional ``HH:MM[:SS] [AM|PM]``."""
    found = per_distinct(series, _timestamp_cells)
    return found["stamp"].dt.tz_localize("Asia/Kolkata"), found["invalid"].astype(bool)


def _timestamp_cells(values: pd.Series) -> pd.DataFrame:
    text = blank_values(values)
    found = _date_cells(text, None)
    clock = text.str.extract(r"(?:\s|T)" + _TIME)
    hour = pd.to_numeric(clock[0], errors="coerce").fillna(0)
    pm = clock[3].str.lower().eq("pm")
    am = clock[3].str.lower().eq("am")
    hour = hour.where(~(pm & (hour < 12)), hour + 12).where(~(am & (hour == 12)), 0)
    offset = (
        pd.to_timedelta(hour, unit="h")
        + pd.to_timedelta(pd.to_numeric(clock[1], errors="coerce").fillna(0), unit="m")
        + pd.to_timedelta(pd.to_numeric(clock[2], errors="coerce").fillna(0), unit="s")
    )
    return pd.DataFrame({"stamp": found["date"] + offset, "invalid": found["invalid"]})


def birth_years(dob: pd.Series, age: pd.Series, *, as_of_year: int) -> tuple[pd.Series, pd.Series]:
    """``(birth_year or NA, invalid)`` from a date of birth, else an age in years (14-100)."""
    born, bad_dob = dates(dob, pivot_year=as_of_year - 2000 - 14)
    ages = per_distinct(age, _age_cells)
    years = ages["years"].astype("float64")
    from_age = (as_of_year - years).where(years.between(14, 100))
    year = born.dt.year.astype("Float64").fillna(from_age.astype("Float64"))
    bad_age = ages["given"].astype(bool) & from_age.isna() & born.isna()
    plausible = year.between(as_of_year - 100, as_of_year - 14)
    return year.where(plausible).round().astype("Int64"), bad_dob | bad_age | (year.notna() & ~plausible)


def births_after(dob: pd.Series, today: date) -> pd.Series:
    """True where a date of birth (read as :func:`birth_years` reads it) is after ``today``."""
    born, _ = dates(dob, pivot_year=today.year - 2000 - 14)
    return after(born, today)


def _age_cells(values: pd.Series) -> pd.DataFrame:
    text = blank_values(values)
    years = pd.to_numeric(text.str.extract(r"^(\d{1,3})")[0], errors="coerce").astype("float64")
    return pd.DataFrame({"years": years, "given": text != ""})


def genders(series: pd.Series) -> pd.Series:
    """``M``, ``F``, ``T`` or ``""`` from English or Hindi words and initials."""
    return per_distinct(series, _gender_cells)


def _gender_cells(values: pd.Series) -> pd.Series:
    key = blank_values(values).str.lower()
    out = pd.Series("", index=values.index, dtype=object)
    out[key.str.match(r"^(m|male|man|पुरुष|पु|पुरूष)$")] = "M"
    out[key.str.match(r"^(f|female|woman|महिला|स्त्री|म)$")] = "F"
    out[key.str.match(r"^(t|tg|transgender|other|third gender|ट्रांसजेंडर|अन्य)$")] = "T"
    return out


def choose(series: pd.Series, patterns: dict[str, str]) -> pd.Series:
    """The first key of ``patterns`` whose regular expression matches each (lowercased) value, else ``""``."""
    return per_distinct(series, lambda values: _choose_cells(values, patterns))


def _choose_cells(values: pd.Series, patterns: dict[str, str]) -> pd.Series:
    key = blank_values(values).str.lower()
    out = pd.Series("", index=values.index, dtype=object)
    for value, pattern in reversed(list(patterns.items())):
        out[key.str.contains(pattern, regex=True)] = value
    return out
