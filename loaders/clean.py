"""Vectorised normalisers shared by every loader: digits, phones, dates, names, identity keys.

Each function takes and returns pandas Series of strings (``""`` for blank), so a file of
16 lakh rows is normalised with a handful of column operations, never a Python loop per row.
Expensive per-value functions (transliteration) run once per distinct value.
"""

from __future__ import annotations

import re
from collections.abc import Callable, Iterable
from datetime import date, datetime
from typing import Any
from zoneinfo import ZoneInfo

import numpy as np
import pandas as pd

from geo.normalize import normalise_name

_DIGITS = str.maketrans("०१२३४५६७८९", "0123456789")
# Aadhaar numbers never start with 0 or 1 (UIDAI's scheme); 12 digits, often grouped in fours.
_AADHAAR = re.compile(r"^\s*[2-9]\d{3}[\s-]?\d{4}[\s-]?\d{4}\s*$")
_PHONE_SPLIT = r"\s*(?:[/,;|]|\bor\b|\bya\b|या)\s*"
_DMY = r"^\s*(\d{1,2})[-/.\s](\d{1,2})[-/.\s](\d{2,4})"
_YMD = r"^\s*(\d{4})[-/.](\d{1,2})[-/.](\d{1,2})"
_TIME = r"(\d{1,2}):(\d{2})(?::(\d{2}))?\s*([AaPp][Mm])?"
IST = ZoneInfo("Asia/Kolkata")
# A name, address or other cell longer than this is a pasted paragraph, shifted columns or an attack,
# not data: the longest Indian person and place names, even a full postal address, are far shorter.
MAX_TEXT_CHARS = 500
# Fields of free text (a complaint's details, a call's remarks) may run longer.
TEXT_LIMITS = {"description": 5000, "note": 2000}


def today_in_india() -> date:
    """Today's date in IST, the day against which "in the future" is judged."""
    return datetime.now(IST).date()


def after(stamps: pd.Series, today: date) -> pd.Series:
    """True where a date or an IST timestamp falls on a day after ``today`` (blank: False)."""
    if isinstance(stamps.dtype, pd.DatetimeTZDtype):
        stamps = stamps.dt.tz_convert(IST).dt.tz_localize(None)
    return (stamps >= pd.Timestamp(today) + pd.Timedelta(days=1)).fillna(False).astype(bool)


def per_distinct(series: pd.Series, function: Callable[[pd.Series], Any]) -> Any:
    """Run a vectorised function on the distinct values of ``series`` only, then spread the results back.

    A column of 16 lakh cells holds a few hundred dates, a few thousand villages: each is cleaned
    once. A categorical column (see ``as_columns``) is not even factorised again. NaN counts as ``""``.
    """
    if isinstance(series.dtype, pd.CategoricalDtype):
        codes, uniques = series.cat.codes.to_numpy(), list(series.cat.categories)
    else:
        codes, found = pd.factorize(series)
        uniques = list(found)
    # Code -1 (NaN) picks the last element, the blank appended here.
    values = function(pd.Series([*uniques, ""], dtype=object))
    if isinstance(values, pd.DataFrame):
        return pd.DataFrame({c: values[c].to_numpy()[codes] for c in values.columns}, index=series.index)
    return pd.Series(values.to_numpy()[codes], index=series.index, name=series.name)


def as_columns(frame: pd.DataFrame, names: Iterable[str], *, categorical: bool = True) -> dict[str, pd.Series]:
    """The named columns of a file (blank when absent); as categoricals by default, so each is factorised once."""
    columns = {name: frame[name] if name in frame else pd.Series("", index=frame.index) for name in names}
    return {name: column.astype("category") for name, column in columns.items()} if categorical else columns


def blank_values(values: pd.Series) -> pd.Series:
    """``blank`` on every value (use ``blank``, which works per distinct value, on a column)."""
    return values.fillna("").astype(str).str.translate(_DIGITS).str.strip()


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
    return blank_values(values).str.replace(r"\s+", " ", regex=True)


def tidy_text(series: pd.Series) -> pd.Series:
    """Text as written, with runs of white space collapsed."""
    return per_distinct(series, _tidy)


def phones(series: pd.Series) -> tuple[pd.Series, pd.Series, pd.Series]:
    """``(phone, phone_alt, invalid)``: 10 digits starting 6-9, from ``+91 98xxx``, ``098…``, spaced forms.

    A cell may hold two numbers (``98… / 97…``); the first valid one is the phone. ``invalid``
    is True where the cell was not blank but held no valid number.
    """
    found = per_distinct(series, _phone_cells)
    return found["phone"], found["alt"], found["invalid"].astype(bool)


def _phone_cells(values: pd.Series) -> pd.DataFrame:
    """``(phone, alt, invalid)`` per distinct cell; cells that already are one clean number skip the parsing."""
    text = blank_values(values)
    phone, alt = text.copy(), pd.Series("", index=text.index)
    messy = ~text.str.fullmatch(r"[6-9]\d{9}")
    if messy.any():
        part = text[messy]
        parts = part.str.split(_PHONE_SPLIT, n=2, regex=True, expand=True).reindex(columns=[0, 1], fill_value=None)
        first, second = (_one_phone(parts[c].fillna("")) for c in (0, 1))
        phone[messy] = first.where(first != "", second)
        alt[messy] = second.where((first != "") & (second != first), "")
    invalid = (text != "") & (phone == "")
    return pd.DataFrame({"phone": phone, "alt": alt, "invalid": invalid})


def _one_phone(text: pd.Series) -> pd.Series:
    digits = text.str.replace(r"\D", "", regex=True)
    # Excel turns 9876543210 into "9876543210.0" or "9.87654321E+09" when it guesses a number.
    digits = digits.where(~text.str.fullmatch(r"\d{10}\.0+"), text.str.slice(0, 10))
    digits = digits.str.replace(r"^(?:0091|091|91)(?=\d{10}$)", "", regex=True)
    digits = digits.str.replace(r"^0(?=\d{10}$)", "", regex=True)
    return digits.where(digits.str.fullmatch(r"[6-9]\d{9}"), "")


def uans(series: pd.Series) -> tuple[pd.Series, pd.Series]:
    """``(uan, invalid)``: the 12-digit e-Shram UAN, spaces and hyphens removed."""
    found = per_distinct(series, _uan_cells)
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
