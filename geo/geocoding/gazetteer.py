"""The gazetteer index: every place the geocoder can match, by name, nationally and per district.

Built from plain frames (``GazetteerIndex.from_frames``) that the query layer reads from the database;
nothing here touches a database. The frames and their columns (extra columns are ignored; the optional
frames ``towns`` and ``block_aliases`` may be absent):

- ``states``: state_code, name_en, name_hi, lon, lat
- ``districts``: district_id, state_code, census_code, census_2011_code, lgd_code, name_en, name_hi, hq_name,
  map_district_id, lon, lat
- ``aliases``: district_id, alias
- ``blocks``: subdistrict_code, district_id, state_code, district_code_2011, name_en, name_hi, lon, lat
- ``block_aliases``: subdistrict_code, alias
- ``towns``: town_code, name, town_type, state_code, district_id, district_code_2011, subdistrict_code,
  point_source, lon, lat
- ``villages``: village_code, subdistrict_code, district_id, state_code, name_en, name_norm, point_source, lon, lat
- ``offices``: name, name_norm, pincode, office_type, state_code, district_id, named_district_id, quality, lon, lat
- ``pincodes``: pincode, state_code, district_id, lon, lat
"""

from __future__ import annotations

import gc
import re
from collections import Counter, defaultdict
from collections.abc import Callable, Iterable, Mapping
from dataclasses import dataclass, field
from typing import Any, TypeVar

import pandas as pd

from geo.geocoding.coarse import (
    CITY_ALIASES,
    CODES_ALSO_WORDS,
    LAST_PART_STATES,
    STATE_ALIASES,
    coarse_words,
    compass_only,
    district_names,
    district_spellings,
    state_names,
    state_typed,
)
from geo.geocoding.keys import fold_key, loose_key
from geo.geocoding.tables import MIN_LOOSE, Match, NameTable, Place, SpellingTable, frame_rows
from geo.geocoding.text import Vocabulary
from geo.normalize import to_ascii

__all__ = ["KINDS", "DistrictCodes", "GazetteerIndex"]

#: Kinds of named places below the district, looked up nationally and per district.
KINDS = ("town", "block", "office", "village")
_TRUSTED_QUALITIES = frozenset(("ok", "repaired_swap"))
_OFFICE_RANK = {"HO": 3, "SO": 2, "BO": 1}
# What name tables are grouped by: a district id, or a block code.
_Scope = TypeVar("_Scope", int, str)
# Other names of states as people write them; the official English and Hindi names come from the frames.
_ASCII_WORD = re.compile(r"[a-z]+")


@dataclass(frozen=True)
class DistrictCodes:
    """The codes of one district row: Census (as drawn today), Census 2011, LGD, and the polygon it is drawn in."""

    census_code: str | None
    census_2011_code: str | None
    lgd_code: int | None
    #: For a district with no polygon of its own (Delhi's), the district whose polygon holds it.
    map_district_id: int | None
    name_hi: str | None


@dataclass(eq=False)  # hashed by identity: caches key on the index
class GazetteerIndex:
    states: dict[str, Place]
    state_names: NameTable
    #: State names as typed, for free words: "Udyog Vihar" must not fold into Bihar.
    state_typed: dict[str, Place]
    #: Two-letter state codes, read only as the whole last part of an address.
    state_last: dict[str, Place]
    districts: dict[int, Place]
    district_codes: dict[int, DistrictCodes]
    #: The districts without a polygon of their own drawn inside each district's polygon (Delhi's eleven).
    drawn_here: dict[int, tuple[int, ...]]
    district_names: NameTable
    #: Fold keys of districts named only by a compass word ("South", "Central", "North West": Delhi's). Such a
    #: word alone is an everyday address word ("Mumbai Central", "Sector 5 South"): it names the district only
    #: with its state ("South Delhi") or under a district label ("Distt. South").
    compass_keys: frozenset[str]
    #: Typo matching of district names: by state code, and "*" for all of India.
    district_spellings: dict[str, SpellingTable]
    blocks: dict[str, Place]
    #: Every name below the district by fold key: its places of each kind (``KINDS``), and by loose key.
    names: dict[str, dict[str, tuple[Place, ...]]]
    loose_names: dict[str, tuple[str, ...]]
    #: The same places per kind and district id.
    in_district: dict[str, dict[int, NameTable]]
    villages_in_block: dict[str, NameTable]
    pincodes: dict[str, Place]
    #: Share of each pincode's post offices in each district.
    pincode_districts: dict[str, dict[int, float]]
    #: Share of the known pincodes of each three-digit prefix in each state (for pincodes India Post does not list).
    prefix_states: dict[str, dict[str, float]]
    vocabulary: Vocabulary
    #: Bounded caches of values derived while geocoding, by name (``weighing`` keeps its coarse sums here).
    memo: dict[str, dict[object, object]] = field(default_factory=dict)

    @classmethod
    def from_frames(cls, frames: Mapping[str, pd.DataFrame]) -> GazetteerIndex:
        states = {
            r.state_code: _place(r, "state", r.name_en, r.state_code, None, trusted=True)
            for r in frame_rows(frames, "states")
        }
        districts, codes = _districts(frames)
        blocks = _blocks(frames)
        kinds: dict[str, list[tuple[str, Place]]] = {
            "block": [(fold_key(n), p) for p, names in blocks for n in names],
            "town": _towns(frames, districts),
            "office": _offices(frames),
            "village": _villages(frames),
        }
        pincodes = {
            r.pincode: _place(r, "pincode", r.pincode, r.state_code, _int(r.district_id), pincode=r.pincode)
            for r in frame_rows(frames, "pincodes")
        }
        names = _names(kinds)
        index = cls(
            states=states,
            state_names=state_names(frames, states),
            state_typed=state_typed(frames, states),
            state_last={code: states[state] for code, state in LAST_PART_STATES.items() if state in states},
            districts=districts,
            district_codes=codes,
            drawn_here=_drawn_here(codes),
            district_names=district_names(frames, districts, states),
            compass_keys=frozenset(fold_key(p.name) for p in districts.values() if compass_only(p.name)),
            district_spellings=district_spellings(frames, districts, states),
            blocks={p.block_code: p for p, _ in blocks if p.block_code},
            names=names,
            loose_names=_loose_names(names),
            in_district={kind: _tables_by(pairs, lambda p: p.district_id) for kind, pairs in kinds.items()},
            villages_in_block=_tables_by(kinds["village"], lambda p: p.block_code),
            pincodes=pincodes,
            pincode_districts=_pincode_districts(kinds["office"], pincodes),
            prefix_states=_prefix_states(pincodes),
            vocabulary=Vocabulary(
                _all_words(frames, kinds, districts, states),
                coarse_words(frames, districts, states),
                state_codes=set(LAST_PART_STATES) - CODES_ALSO_WORDS,
            ),
        )
        _settle(index)
        return index

    def district_table(self, kind: str, district_id: int) -> NameTable:
        return self.in_district[kind].get(district_id) or _EMPTY

    def drawn_in(self, district_id: int) -> int:
        """The district whose polygon a district is drawn in (itself, unless it has none)."""
        codes = self.district_codes.get(district_id)
        return codes.map_district_id if codes and codes.map_district_id is not None else district_id

    def lookup(self, key: str) -> tuple[dict[str, tuple[Place, ...]], float, str]:
        """The places of each kind named ``key``, exactly or on the loose key, and the match's worth."""
        if (found := self.names.get(key)) is not None:
            return found, 1.0, "exact"
        merged: dict[str, tuple[Place, ...]] = {}
        loose = loose_key(key)
        if len(loose) < MIN_LOOSE:
            return merged, 0.0, ""
        for fold in self.loose_names.get(loose, ()):
            for kind, places in self.names[fold].items():
                merged[kind] = merged.get(kind, ()) + places
        return merged, 0.95, "loose"

    def district_match(self, key: str) -> Match:
        return self.district_names.get(key)


_EMPTY = NameTable()


def _settle(index: GazetteerIndex) -> None:
    """Move the index's lakhs of objects out of the cycle collector's way: they live as long as the process,
    hold no cycles, and a collector that walks them after every big batch costs seconds each time."""
    del index
    gc.collect()
    gc.freeze()


def _int(value: Any) -> int | None:
    return None if value is None else int(value)


def _place(row: Any, kind: str, name: str, state_code: str | None, district_id: int | None, **more: Any) -> Place:
    lon, lat = row.lon, row.lat
    more.setdefault("trusted", lon is not None)
    return Place(kind, name, state_code, district_id, lon=lon, lat=lat, **more)


def _districts(frames: Mapping[str, pd.DataFrame]) -> tuple[dict[int, Place], dict[int, DistrictCodes]]:
    places: dict[int, Place] = {}
    codes: dict[int, DistrictCodes] = {}
    for r in frame_rows(frames, "districts"):
        district_id = int(r.district_id)
        code_2011 = getattr(r, "census_2011_code", None) or (r.census_code if _is_2011(r.census_code) else None)
        places[district_id] = _place(
            r, "district", r.name_en, r.state_code, district_id, trusted=True, district_code_2011=code_2011
        )
        codes[district_id] = DistrictCodes(
            r.census_code, code_2011, _int(r.lgd_code), _int(getattr(r, "map_district_id", None)), r.name_hi
        )
    return places, codes


def _drawn_here(codes: dict[int, DistrictCodes]) -> dict[int, tuple[int, ...]]:
    out: defaultdict[int, list[int]] = defaultdict(list)
    for district_id, code in codes.items():
        if code.map_district_id is not None and code.map_district_id != district_id:
            out[code.map_district_id].append(district_id)
    return {k: tuple(v) for k, v in out.items()}


def _is_2011(code: str | None) -> bool:
    return code is not None and code.isdigit() and 0 < int(code) <= 640


def _blocks(frames: Mapping[str, pd.DataFrame]) -> list[tuple[Place, list[str]]]:
    aliases: defaultdict[str, list[str]] = defaultdict(list)
    for r in frame_rows(frames, "block_aliases"):
        aliases[r.subdistrict_code].append(r.alias)
    out = []
    for r in frame_rows(frames, "blocks"):
        place = _place(
            r, "block", r.name_en, r.state_code, int(r.district_id),
            block_code=r.subdistrict_code, district_code_2011=r.district_code_2011,
        )  # fmt: skip
        names = [
            r.name_en,
            *_also_known_as(r.name_en),
            getattr(r, "name_hi", None),
            *aliases.get(r.subdistrict_code, []),
        ]
        out.append((place, [n for n in names if n]))
    return out


def _towns(frames: Mapping[str, pd.DataFrame], districts: dict[int, Place]) -> list[tuple[str, Place]]:
    """Census towns, each district's headquarters town (rank 3: Hajipur is Vaishali's), and known city names."""
    out = []
    for r in frame_rows(frames, "towns"):
        if r.district_id is None:
            continue
        place = _place(
            r, "town", r.name, r.state_code, int(r.district_id), block_code=r.subdistrict_code,
            district_code_2011=r.district_code_2011, rank=1 if r.town_type == "CT" else 2,
            trusted=r.lon is not None and r.point_source != "approximate",
        )  # fmt: skip
        out += [(fold_key(name), place) for name in (r.name, *_also_known_as(r.name))]
    for r in frame_rows(frames, "districts"):
        if r.hq_name:
            hq = districts[int(r.district_id)]._replace(kind="town", name=r.hq_name, rank=3)
            out.append((fold_key(r.hq_name), hq))
    by_name = {(p.state_code, fold_key(p.name)): p for p in districts.values()}
    for alias, (state_code, name) in CITY_ALIASES.items():
        if district := by_name.get((state_code, fold_key(name))):
            out.append((fold_key(alias), district._replace(kind="town", name=alias, rank=3)))
    return out


def _offices(frames: Mapping[str, pd.DataFrame]) -> list[tuple[str, Place]]:
    # About 2 % of offices carry a district name the directory spells unlike any district: their pincode's
    # district (in the same state) stands in for it.
    by_pincode = {r.pincode: (r.state_code, _int(r.district_id)) for r in frame_rows(frames, "pincodes")}
    out = []
    for r in frame_rows(frames, "offices"):
        trusted = r.quality in _TRUSTED_QUALITIES and r.lon is not None
        rank = _OFFICE_RANK.get(getattr(r, "office_type", None) or "", 1)
        named = _int(getattr(r, "named_district_id", None))
        pin_state, pin_district = by_pincode.get(r.pincode, (None, None))
        district_id = _int(r.district_id) or (pin_district if pin_state == r.state_code else None)
        place = Place(
            "office",
            r.name,
            r.state_code,
            district_id,
            None,
            None,
            r.pincode,
            r.lon,
            r.lat,
            trusted,
            None,
            rank,
            named,
        )
        out.append((r.name_norm, place))
    return out


def _also_known_as(name: str) -> list[str]:
    """The other names a name holds: inside and outside brackets ("Mamarkha (Mobarakpur)"), and either side of
    "urf", "also called" (650 Bihar villages: "Tok Jagarnath Urf Dharampur" is also Dharampur)."""
    out = []
    if "(" in name:
        inner = name[name.index("(") + 1 :].split(")")[0]
        outer = name[: name.index("(")] + name[name.index(")") + 1 :] if ")" in name else name[: name.index("(")]
        out += [inner, outer]
    if len(sides := _URF.split(name)) > 1:
        out += sides
    return [n.strip() for n in out if n.strip()]


_URF = re.compile(r"\s+urf\s+", re.IGNORECASE)


def _villages(frames: Mapping[str, pd.DataFrame]) -> list[tuple[str, Place]]:
    # Only a namesake post office puts a point in the village; a block-HQ point is not the village's.
    out = []
    for r in frame_rows(frames, "villages"):
        trusted = r.point_source == "post_office" and r.lon is not None
        place = Place(
            "village",
            r.name_en,
            r.state_code,
            int(r.district_id),
            r.subdistrict_code,
            r.village_code,
            None,
            r.lon,
            r.lat,
            trusted,
        )
        out.append((r.name_norm, place))
        out += [(fold_key(name), place) for name in _also_known_as(r.name_en)]
    return out


def _names(kinds: dict[str, list[tuple[str, Place]]]) -> dict[str, dict[str, tuple[Place, ...]]]:
    gathered: defaultdict[str, defaultdict[str, list[Place]]] = defaultdict(lambda: defaultdict(list))
    for kind, pairs in kinds.items():
        for key, place in pairs:
            if key:
                gathered[key][kind].append(place)
    return {key: {kind: tuple(places) for kind, places in by_kind.items()} for key, by_kind in gathered.items()}


def _loose_names(names: dict[str, dict[str, tuple[Place, ...]]]) -> dict[str, tuple[str, ...]]:
    out: defaultdict[str, list[str]] = defaultdict(list)
    for key in names:
        out[loose_key(key)].append(key)
    return {k: tuple(v) for k, v in out.items()}


def _tables_by(
    pairs: Iterable[tuple[str, Place]], scope_of: Callable[[Place], _Scope | None]
) -> dict[_Scope, NameTable]:
    out: dict[_Scope, NameTable] = {}
    for key, place in pairs:
        scope = scope_of(place)
        if scope is None:
            continue
        table = out.get(scope)
        if table is None:
            table = out[scope] = NameTable()
        table.add(key, place)
    return out


def _pincode_districts(offices: list[tuple[str, Place]], pincodes: dict[str, Place]) -> dict[str, dict[int, float]]:
    counts: defaultdict[str, Counter[int]] = defaultdict(Counter)
    for _, office in offices:
        if office.pincode and office.district_id is not None:
            counts[office.pincode][office.district_id] += 1
    for pin, place in pincodes.items():
        if place.district_id is not None and pin not in counts:
            counts[pin][place.district_id] += 1
    return {pin: {d: n / sum(c.values()) for d, n in c.items()} for pin, c in counts.items()}


def _prefix_states(pincodes: dict[str, Place]) -> dict[str, dict[str, float]]:
    counts: defaultdict[str, Counter[str]] = defaultdict(Counter)
    for pin, place in pincodes.items():
        if place.state_code:
            counts[pin[:3]][place.state_code] += 1
    return {prefix: {s: n / sum(c.values()) for s, n in c.items()} for prefix, c in counts.items()}


def _all_words(
    frames: Mapping[str, pd.DataFrame],
    kinds: dict[str, list[tuple[str, Place]]],
    districts: dict[int, Place],
    states: dict[str, Place],
) -> set[str]:
    """Every word of every name as typed: one regular-expression pass over all the (mostly ASCII) names."""
    names = [p.name for pairs in kinds.values() for _, p in pairs]
    names += [p.name for p in districts.values()] + [p.name for p in states.values()]
    names += [r.alias for r in frame_rows(frames, "aliases")] + [r.alias for r in frame_rows(frames, "block_aliases")]
    names += list(CITY_ALIASES) + [n for aliases in STATE_ALIASES.values() for n in aliases]
    plain = " ".join(n for n in names if n and n.isascii()).lower()
    words = set(_ASCII_WORD.findall(plain))
    for name in names:
        if name and not name.isascii():
            words.update(_ASCII_WORD.findall(to_ascii(name)))
    return words
