"""Shared by the reference loaders: Census 2011 codes as today's files use them, name keys, checked reads.

The Census lists (sub-districts, towns) carry 2011 states; the district files carry today's:
Andhra Pradesh (28) split into Telangana (36) and Andhra Pradesh (37) in 2014, Leh and Kargil left
Jammu and Kashmir (01) for Ladakh (38) in 2019, and Daman and Diu (25) merged into 26 in 2020.
"""

from __future__ import annotations

import re
from collections.abc import Sequence
from pathlib import Path

import geopandas as gpd
import pandas as pd

from atlas.errors import ReferenceDataInvalid
from geo.normalize import normalise_name

_TELANGANA_2011_DISTRICTS = range(532, 542)
_LADAKH_2011_DISTRICTS = ("003", "004")
_STATE_OF_2011_CODE = {"25": "26"}  # Daman and Diu is part of Dadra and Nagar Haveli and Daman and Diu
_CENSUS_STATE_OF_TODAY = {"36": "28", "37": "28", "38": "01"}

# "Kaliachak - III", "Jalandhar - I": the number tells halves apart, and the name key would fold "ii" to "i".
_ROMAN = {"i": "1", "ii": "2", "iii": "3", "iv": "4", "v": "5", "vi": "6", "vii": "7", "viii": "8", "ix": "9"}
# "(Part)", "(Pt-I)", "(अंशतः)" mark part of a block; "Chanan*" carries a footnote mark.
_PART = re.compile(r"\(\s*(?:part|pt|अंशतः)\.?\s*(?:-?\s*[ivx]+)?\s*\)|\*", re.IGNORECASE)
_BRACKETED = re.compile(r"\(([^)]*)\)")
_WORD = re.compile(r"[^0-9A-Za-z\u0900-\u097F]+")


def state_today(state_2011: str, district_2011: str) -> str:
    """The state code the boundary files use for a Census 2011 (state, district)."""
    if state_2011 == "28":
        return "36" if int(district_2011) in _TELANGANA_2011_DISTRICTS else "37"
    if state_2011 == "01" and district_2011 in _LADAKH_2011_DISTRICTS:
        return "38"
    return _STATE_OF_2011_CODE.get(state_2011, state_2011)


def census_state(state_today_code: str) -> str:
    """The Census 2011 state of a state code as the HQ files write it (36 and 37 were both 28)."""
    return _CENSUS_STATE_OF_TODAY.get(state_today_code, state_today_code)


def place_key(name: str | None) -> str:
    """A name's matching key with "(Part)" dropped and roman numerals as digits ("Ratua - II" -> "ratua 2")."""
    if not name:
        return ""
    words = _WORD.split(_PART.sub(" ", name))
    return normalise_name(" ".join(_ROMAN.get(w.lower(), w) for w in words if w))


def place_keys(name: str | None) -> list[str]:
    """The whole name's key, then the keys of its parts: "Baruraj (Motipur)" -> baruraj motipur, baruraj, motipur."""
    if not name:
        return []
    outside = _BRACKETED.sub(" ", name)
    parts = [name, outside, *_BRACKETED.findall(_PART.sub(" ", name))]
    keys = [place_key(p) for p in parts]
    return list(dict.fromkeys(k for k in keys if k))


def read_reference_csv(path: Path, columns: Sequence[str]) -> pd.DataFrame:
    """A reference CSV as text, after checking it has ``columns``: a wrong file gets a message, not a KeyError."""
    try:
        frame = pd.read_csv(path, dtype=str, encoding="utf-8-sig")
    except (UnicodeDecodeError, pd.errors.ParserError, pd.errors.EmptyDataError) as error:
        raise ReferenceDataInvalid(path, [f"not a readable UTF-8 CSV file ({error})"]) from error
    missing = [c for c in columns if c not in frame.columns]
    if missing:
        raise ReferenceDataInvalid(path, [f"missing column {c!r}" for c in missing])
    return frame


def read_reference_geojson(path: Path, columns: Sequence[str]) -> gpd.GeoDataFrame:
    """A reference GeoJSON after checking its features carry ``columns``."""
    try:
        frame = gpd.read_file(path)
    except Exception as error:  # pyogrio raises several types for an unreadable file; all mean the same here
        raise ReferenceDataInvalid(path, [f"not a readable GeoJSON file ({error})"]) from error
    missing = [c for c in columns if c not in frame.columns]
    if missing:
        raise ReferenceDataInvalid(path, [f"missing property {c!r}" for c in missing])
    return frame
