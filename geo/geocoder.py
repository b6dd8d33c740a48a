"""Offline geocoder: free-text or structured Indian addresses to a point with admin codes.

Method (the hierarchy decides; a village name is never matched against all of India):

1. ``geo.address`` parses the pincode, labelled parts (gram/vill, po, thana, block/prakhand,
   dist/jila, state) and free segments, in either script.
2. Candidates narrow top-down: state -> district -> block -> village. A name is matched
   inside the scope its parent gives: exactly on the ``normalise_name`` key, then on a
   compact key (spaces and a trailing "pura"/"pur" folded: Ram Nagar = Ramnagar), then with
   rapidfuzz inside that scope only. Where a district name is ambiguous (Aurangabad is in
   Bihar and Maharashtra), the district in which the other parts of the address also match wins,
   then the caller's ``home_state_code`` (survey files are per state), else the result abstains.
   Misspelt districts are matched on the spelling as typed (OSA similarity, one swapped pair = one
   slip) as well as the folded key: inside the named, pincode or home state first, with a margin
   over the runner-up; across India only when strong and unrivalled, or confirmed by the pincode
   or by a block, village or office of the address lying in that district.
   A village name several blocks share is settled by a candidate's block named anywhere in the
   address, then by the block whose headquarters is nearest the named post office or pincode.
3. A pincode cross-checks the district. When they disagree the named district is kept,
   the conflict is stated in ``reason`` and the confidence drops so the result is reviewed.
   With no district named, the pincode supplies it.
4. When a finer part cannot be matched the result falls back to the coarsest level known
   and says so in ``reason``.

What ``precision`` means: how precise the *point* is, not how far the codes go. Bihar's
Census villages have no coordinates of their own (see ``loaders.reference.village_points``):

- a village whose point is its namesake post office (gazetteer quality ``ok``) gets
  precision ``village``;
- any other identified village keeps its ``village_code`` but its point is the best of:
  the post office named in the address (``post_office``), the pincode centroid when the
  pincode agrees with the district (``pincode``), else the block headquarters (``block``).
  ``reason`` says which.

``confidence`` is our estimate that the codes returned are right down to the level of
``precision``: 1.0 for exact matches at every level, lower for fuzzy matches, aliases,
ambiguity and pincode conflicts. Results below ``REVIEW_BELOW``, unresolved ones, and
ones with a labelled part that could not be matched carry ``needs_review``.

Batches (``Geocoder.geocode_many``; a survey brings lakhs of distinct addresses) give exactly what
the addresses give one by one, faster: each field value is read once; the steps log which parts
of an address they read, and an address that answers those reads as an earlier one did takes its
result (``_Parts``, ``_ReadTree``), which saves most of the work, since most addresses differ in
parts the steps never read; and addresses are taken district by district, so the tables they use
stay in the processor's cache.
"""

from __future__ import annotations

import gc
import math
import operator
import re
from bisect import bisect_left, bisect_right
from collections.abc import Callable, Iterable, Iterator, Mapping, Sequence
from contextlib import contextmanager
from dataclasses import dataclass, field
from functools import lru_cache
from typing import TYPE_CHECKING, Any, NamedTuple

import pandas as pd
from rapidfuzz import fuzz, process
from rapidfuzz.distance import OSA

from geo.address import (
    FIELDS,
    SEPARATORS,
    FieldReading,
    ParsedAddress,
    StructuredAddress,
    parse_address,
    read_field,
    structured_pincode,
    typed_key,
)
from geo.normalize import normalise_name

if TYPE_CHECKING:
    from sqlalchemy import Connection

__all__ = [
    "REVIEW_BELOW",
    "GazetteerIndex",
    "GeocodeResult",
    "Geocoder",
    "StructuredAddress",
    "cycle_collector_paused",
]

#: Results less confident than this go to the review queue.
REVIEW_BELOW = 0.6
#: rapidfuzz ``ratio`` cut-offs: tighter where the scope holds more names.
FUZZY_IN_BLOCK = 85.0
FUZZY_IN_DISTRICT = 88.0
FUZZY_DISTRICT = 85.0
#: Typo matching of district names (OSA similarity in [0, 1] on the typed and the folded forms, so a
#: swapped pair of letters counts as one slip). Inside a state there are a few dozen names, so a looser
#: cut-off is safe there; across India a weak match must be corroborated by the pincode or by a
#: block, village or office of the address lying in that district. A runner-up within the margin
#: makes the name ambiguous rather than guessed.
SPELLING_IN_STATE = 0.75
SPELLING_ANYWHERE = 0.85  # one slip in a name of seven letters
SPELLING_CORROBORATED = 0.75
SPELLING_MARGIN = 0.08
_TRUSTED_QUALITIES = frozenset(("ok", "repaired_swap"))
_MAX_NGRAM = 4
# Cities and localities that are not a district's own name, by (state code, district name). A district's
# other names (Bombay, Poona, गुरुग्राम) live in loaders/reference_data/district_aliases.csv instead.
# Bangalore and Bengaluru stay here because the HQ file gives them to both Bengaluru districts.
CITY_ALIASES: dict[str, tuple[str, str]] = {
    "New Delhi": ("07", "Delhi"),
    "Delhi NCR": ("07", "Delhi"),
    "Noida": ("09", "Gautam Buddha Nagar"),
    "Greater Noida": ("09", "Gautam Buddha Nagar"),
    "Navi Mumbai": ("27", "Thane"),
    "Bhiwandi": ("27", "Thane"),
    "Bangalore": ("29", "Bengaluru Urban"),
    "Bengaluru": ("29", "Bengaluru Urban"),
    "Pimpri Chinchwad": ("27", "Pune"),
    "Secunderabad": ("36", "Hyderabad"),
    "Cochin": ("32", "Ernakulam"),
    "Kochi": ("32", "Ernakulam"),
    "Manesar": ("06", "Gurugram"),
    # Delhi has no Census district code in the boundary file, so its names cannot go in the aliases CSV.
    "नई दिल्ली": ("07", "Delhi"),
    "दिल्ली": ("07", "Delhi"),
    "नोएडा": ("09", "Gautam Buddha Nagar"),
}
_STATE_ABBREVIATIONS = {
    "up": "09",
    "mp": "23",
    "wb": "19",
    "tn": "33",
    "hp": "02",
    "jk": "01",
    "nct": "07",
    "ncr": "07",
    "ap": "37",
    "uk": "05",
    "cg": "22",
}


class Place(NamedTuple):
    """One matchable place; ``trusted`` says whether its point may be used as a location."""

    kind: str
    name: str
    state_code: str | None
    district_id: int | None
    block_code: str | None
    village_code: str | None
    pincode: str | None
    lon: float | None
    lat: float | None
    trusted: bool


@dataclass(frozen=True)
class GeocodeResult:
    lon: float | None
    lat: float | None
    state_code: str | None
    district_id: int | None
    district_code: str | None
    block_code: str | None
    village_code: str | None
    lgd_district_code: int | None
    precision: str | None
    confidence: float
    matched_name: str | None
    reason: str | None
    needs_review: bool

    def public(self) -> dict[str, Any]:
        """The CLI's JSON keys (Census codes as strings, ``null`` when unresolved)."""
        keys = (
            "lon",
            "lat",
            "state_code",
            "district_code",
            "block_code",
            "village_code",
            "precision",
            "confidence",
            "matched_name",
            "reason",
        )
        return {k: getattr(self, k) for k in keys}


UNRESOLVED_EMPTY = GeocodeResult(
    None, None, None, None, None, None, None, None, None, 0.0, None, "unresolved: the address is empty", True
)


# --------------------------------------------------------------------------- name tables


@lru_cache(maxsize=200_000)
def compact_key(key: str) -> str:
    """A looser key: words joined (Ram Nagar = Ramnagar) and a trailing "pura" read as "pur"."""
    joined = normalise_name(key.replace(" ", ""))
    return _TRAILING_PURA.sub("pur", joined)


_TRAILING_PURA = re.compile(r"pura$")


class NameTable:
    """Places of one scope keyed by name: exact key, compact key, then fuzzy over the keys."""

    __slots__ = ("_by_length", "_compact", "exact")

    def __init__(self) -> None:
        self.exact: dict[str, list[Place]] = {}
        # Built on first use: most scopes are never asked a loose question, and building all of
        # them up front would triple the index load time.
        self._compact: dict[str, list[Place]] | None = None
        self._by_length: _KeysByLength | None = None

    def add(self, key: str, place: Place) -> None:
        if not key:
            return
        bucket = self.exact.get(key)
        if bucket is None:
            self.exact[key] = [place]
        elif all(p is not place for p in bucket):  # one place may arrive under several keys
            bucket.append(place)
        self._compact = self._by_length = None

    def set_only(self, key: str, place: Place) -> None:
        """``key`` means ``place`` alone, whatever it meant before."""
        self.exact[key] = [place]
        self._compact = self._by_length = None

    @property
    def compact(self) -> dict[str, list[Place]]:
        if self._compact is None:
            compact: dict[str, list[Place]] = {}
            for key, places in self.exact.items():
                loose = compact_key(key)
                if len(places) == 1 and loose not in compact:
                    compact[loose] = [places[0]]  # the common case, without the search for equals
                else:
                    bucket = compact.setdefault(loose, [])
                    bucket.extend(p for p in places if p not in bucket)
            self._compact = compact
        return self._compact

    def get(self, key: str) -> list[Place]:
        """Exact or compact matches only (used when scanning free text, where fuzz would overreach)."""
        return self.exact.get(key) or self.compact.get(compact_key(key)) or []

    def find(self, key: str, cutoff: float) -> tuple[list[Place], float]:
        """Matches and a score in [0, 1]; fuzzy matches score below exact ones."""
        if not key:
            return [], 0.0
        if hit := self.exact.get(key):
            return hit, 1.0
        if hit := self.compact.get(compact_key(key)):
            return hit, 0.97
        if cutoff >= 100 or not self.exact or len(key) < 4:
            return [], 0.0
        if self._by_length is None:
            self._by_length = _KeysByLength(self.exact)
        found = self._by_length.best(key, cutoff)
        if found is None:
            return [], 0.0
        return self.exact[found[0]], 0.9 * found[1] / 100.0


class _KeysByLength:
    """A scope's keys sorted by length, for fuzzy matching. ``fuzz.ratio`` is 100 * (1 - distance / total
    length) and the distance is at least the difference in length, so only keys of nearby lengths can
    reach a cut-off: a district has a thousand villages, and a name is compared with a third of them."""

    __slots__ = ("_keys", "_lengths", "_position")

    def __init__(self, keys: Iterable[str]) -> None:
        by_length = sorted(enumerate(keys), key=lambda item: len(item[1]))
        self._keys = [key for _, key in by_length]
        self._lengths = [len(key) for key in self._keys]
        self._position = {key: position for position, key in by_length}

    def best(self, key: str, cutoff: float) -> tuple[str, float] | None:
        """What ``process.extractOne(key, keys, scorer=fuzz.ratio, score_cutoff=cutoff)`` gives: the best
        match with its score, the first in the keys' order among equals."""
        slack = 1.0 - cutoff / 100.0  # at most this share of the total length may differ
        shortest = math.floor(len(key) * (1.0 - slack) / (1.0 + slack))
        longest = math.ceil(len(key) * (1.0 + slack) / (1.0 - slack)) if slack < 1.0 else math.inf
        nearby = self._keys[bisect_left(self._lengths, shortest) : bisect_right(self._lengths, longest)]
        found = process.extract(key, nearby, scorer=fuzz.ratio, score_cutoff=cutoff, limit=None)
        if not found:
            return None
        top = max(score for _, score, _ in found)
        return min((choice for choice, score, _ in found if score == top), key=self._position.__getitem__), top


class SpellingTable:
    """Places of one scope by typed and folded name, for typo matching (OSA similarity, best first)."""

    __slots__ = ("_folded", "_typed")

    def __init__(self) -> None:
        self._typed: dict[str, list[Place]] = {}
        self._folded: dict[str, list[Place]] = {}

    def add(self, name: str | None, place: Place, *, only: bool = False) -> None:
        """``only``: this name means this place alone (a curated city alias overrides HQ-file names)."""
        for table, key in ((self._typed, typed_key(name)), (self._folded, normalise_name(name))):
            if key and only:
                table[key] = [place]
            elif key and place not in (bucket := table.setdefault(key, [])):
                bucket.append(place)

    def ranked(self, typed: str, folded: str, cutoff: float) -> list[tuple[Place, float]]:
        """Each place at least ``cutoff`` similar in either form, with its best similarity, best first."""
        best: dict[int, tuple[Place, float]] = {}
        for table, query in ((self._typed, typed), (self._folded, folded)):
            if len(query.replace(" ", "")) < 4:
                continue
            for key, score, _ in process.extract(
                query, list(table), scorer=OSA.normalized_similarity, score_cutoff=cutoff, limit=8
            ):
                for place in table[key]:
                    if score > best.get(id(place), (place, 0.0))[1]:
                        best[id(place)] = (place, score)
        return sorted(best.values(), key=lambda item: -item[1])


def _tables(places: Iterable[tuple[Any, str, Place]]) -> dict[Any, NameTable]:
    out: dict[Any, NameTable] = {}
    for scope, key, place in places:
        if scope is None or (isinstance(scope, float) and math.isnan(scope)):
            continue
        table = out.get(scope)
        if table is None:
            table = out[scope] = NameTable()
        table.add(key, place)
    return out


def _rows(frame: pd.DataFrame) -> Iterable[Any]:
    """Rows as named tuples with NaN turned into None, converted once per frame rather than per cell."""
    return frame.astype(object).where(frame.notna(), None).itertuples(index=False)


def _int(value: Any) -> int | None:
    return None if value is None else int(value)


# --------------------------------------------------------------------------- index


@dataclass
class GazetteerIndex:
    """Every place the geocoder can match, grouped by the scope it is matched in."""

    states: dict[str, Place]
    state_names: NameTable
    districts: dict[int, Place]
    district_codes: dict[int, tuple[str | None, int | None]]
    district_names: NameTable
    district_names_by_state: dict[str, NameTable]
    #: Typo matching of district names: by state code, and "*" for all of India.
    district_spellings: dict[str, SpellingTable]
    blocks: dict[str, Place]
    blocks_by_district: dict[int, NameTable]
    blocks_by_state: dict[str, NameTable]
    villages_by_block: dict[str, NameTable]
    villages_by_district: dict[int, NameTable]
    offices_by_district: dict[int, NameTable]
    offices_by_pincode: dict[str, NameTable]
    pincodes: dict[str, Place]
    pincode_districts: dict[str, set[int]]

    @classmethod
    def from_frames(cls, frames: Mapping[str, pd.DataFrame]) -> GazetteerIndex:
        states = _state_places(frames["states"])
        districts, codes = _district_places(frames["districts"])
        district_names = _district_name_table(frames, districts)
        blocks = _block_places(frames["blocks"])
        villages = _village_places(frames["villages"])
        offices = _office_places(frames["offices"])
        pincodes = _pincode_places(frames["pincodes"])
        pin_districts: dict[str, set[int]] = {}
        for _, office in offices:
            if office.pincode and office.district_id is not None:
                pin_districts.setdefault(office.pincode, set()).add(office.district_id)
        for pin, place in pincodes.items():
            if place.district_id is not None:
                pin_districts.setdefault(pin, set()).add(place.district_id)
        return cls(
            states=states,
            state_names=_state_name_table(frames["states"], states),
            districts=districts,
            district_codes=codes,
            district_names=district_names,
            district_names_by_state=_by_state(district_names, districts),
            district_spellings=_district_spellings(frames, districts),
            blocks={p.block_code: p for _, p in blocks if p.block_code},
            blocks_by_district=_tables((p.district_id, k, p) for k, p in blocks),
            blocks_by_state=_tables((p.state_code, k, p) for k, p in blocks),
            villages_by_block=_tables((p.block_code, k, p) for k, p in villages),
            villages_by_district=_tables((p.district_id, k, p) for k, p in villages),
            offices_by_district=_tables((p.district_id, k, p) for k, p in offices),
            offices_by_pincode=_tables((p.pincode, k, p) for k, p in offices),
            pincodes=pincodes,
            pincode_districts=pin_districts,
        )


def _state_places(frame: pd.DataFrame) -> dict[str, Place]:
    return {
        r.state_code: Place("state", r.name_en, r.state_code, None, None, None, None, r.lon, r.lat, True)
        for r in _rows(frame)
    }


def _state_name_table(frame: pd.DataFrame, states: dict[str, Place]) -> NameTable:
    table = NameTable()
    for r in _rows(frame):
        table.add(r.name_norm, states[r.state_code])
        table.add(normalise_name(r.name_hi), states[r.state_code])
    for abbreviation, code in _STATE_ABBREVIATIONS.items():
        if code in states:
            table.add(abbreviation, states[code])
    return table


def _district_places(frame: pd.DataFrame) -> tuple[dict[int, Place], dict[int, tuple[str | None, int | None]]]:
    places: dict[int, Place] = {}
    codes: dict[int, tuple[str | None, int | None]] = {}
    for r in _rows(frame):
        district_id = int(r.district_id)
        places[district_id] = Place(
            "district", r.name_en, r.state_code, district_id, None, None, None, r.lon, r.lat, True
        )
        codes[district_id] = (r.census_code, _int(r.lgd_code))
    return places, codes


def _district_name_table(frames: Mapping[str, pd.DataFrame], districts: dict[int, Place]) -> NameTable:
    """District names, Hindi names, HQ towns and aliases; the curated city aliases override."""
    table = NameTable()
    for r in _rows(frames["districts"]):
        place = districts[int(r.district_id)]
        for key in {r.name_norm, normalise_name(r.name_hi), normalise_name(r.hq_name)}:
            table.add(key, place)
    for r in _rows(frames["aliases"]):
        if int(r.district_id) in districts:
            table.add(r.alias_norm, districts[int(r.district_id)])
    by_name = {(p.state_code, normalise_name(p.name)): p for p in districts.values()}
    for alias, (state_code, name) in CITY_ALIASES.items():
        if city := by_name.get((state_code, normalise_name(name))):
            table.set_only(normalise_name(alias), city)
    return table


def _district_spellings(frames: Mapping[str, pd.DataFrame], districts: dict[int, Place]) -> dict[str, SpellingTable]:
    """Every name a district goes by, as typed, in a table per state and one for all of India."""
    named: list[tuple[str | None, Place]] = []
    for r in _rows(frames["districts"]):
        place = districts[int(r.district_id)]
        named += [(r.name_en, place), (r.name_hi, place), (r.hq_name, place)]
    named += [
        (r.alias, districts[int(r.district_id)]) for r in _rows(frames["aliases"]) if int(r.district_id) in districts
    ]
    by_name = {(p.state_code, normalise_name(p.name)): p for p in districts.values()}
    cities = [
        (alias, city)
        for alias, (code, name) in CITY_ALIASES.items()
        if (city := by_name.get((code, normalise_name(name)))) is not None
    ]
    out: dict[str, SpellingTable] = {"*": SpellingTable()}
    for only, pairs in ((False, named), (True, cities)):
        for name, place in pairs:
            out["*"].add(name, place, only=only)
            out.setdefault(place.state_code or "", SpellingTable()).add(name, place, only=only)
    return out


def _by_state(table: NameTable, districts: dict[int, Place]) -> dict[str, NameTable]:
    out: dict[str, NameTable] = {}
    for key, places in table.exact.items():
        for place in places:
            if place.state_code:
                out.setdefault(place.state_code, NameTable()).add(key, place)
    return out


def _block_places(frame: pd.DataFrame) -> list[tuple[str, Place]]:
    return [
        (
            r.name_norm,
            Place(
                "block",
                r.name_en,
                r.state_code,
                int(r.district_id),
                r.subdistrict_code,
                None,
                None,
                r.lon,
                r.lat,
                r.lon is not None,
            ),
        )
        for r in _rows(frame)
    ]


def _village_places(frame: pd.DataFrame) -> list[tuple[str, Place]]:
    # Only a namesake post office puts a point in the village; a block-HQ point is not the village's.
    return [
        (
            r.name_norm,
            Place(
                "village",
                r.name_en,
                r.state_code,
                int(r.district_id),
                r.subdistrict_code,
                r.village_code,
                None,
                r.lon,
                r.lat,
                r.point_source == "post_office",
            ),
        )
        for r in _rows(frame)
    ]


def _office_places(frame: pd.DataFrame) -> list[tuple[str, Place]]:
    return [
        (
            r.name_norm,
            Place(
                "post_office",
                r.name,
                r.state_code,
                _int(r.district_id),
                None,
                None,
                r.pincode,
                r.lon,
                r.lat,
                r.quality in _TRUSTED_QUALITIES and r.lon is not None,
            ),
        )
        for r in _rows(frame)
    ]


def _pincode_places(frame: pd.DataFrame) -> dict[str, Place]:
    return {
        r.pincode: Place(
            "pincode",
            r.pincode,
            r.state_code,
            _int(r.district_id),
            None,
            None,
            r.pincode,
            r.lon,
            r.lat,
            r.lon is not None,
        )
        for r in _rows(frame)
    }


# --------------------------------------------------------------------------- resolution state


class _Hit(NamedTuple):
    gram: str
    places: list[Place]
    span: frozenset[tuple[int, int]]


# Where each labelled part's field sits in a ``StructuredAddress``.
_FIELD_POSITION = {name: StructuredAddress._fields.index(name) for name in FIELDS}
#: One read of what an address came with: ``("part", label, projection)`` (the projection of the part's
#: value, or the value itself when None), ``("labels",)`` (which parts, in order) or ``("spelling", word)``.
_Read = tuple[Any, ...]
#: An address's ``cache_key``, and each field's key when it is read field by field.
_AddressKeys = tuple[Any, tuple[str | None, ...] | None]


class _Parts:
    """The labelled parts and typed spellings of one address, as the steps read and rewrite them.

    Every read of a value the address came with is logged, in order. Resolving is deterministic, so
    any address that answers each logged read the same way resolves the same way: ``_ReadTree``
    reuses work on that basis. A survey's addresses differ mostly in parts the steps never read for
    most of them (the panchayat, once the village is found), so many share work.
    Reads of a part the steps have rewritten follow from earlier reads and are not logged.

    An address given as fields, with no free text, is read field by field: most are settled by four
    of their fields. Any other address, or a read of all its parts, parses it whole, once.
    """

    __slots__ = ("_address", "_parsed", "_pincode", "field_keys", "reads", "rewritten")

    def __init__(self, address: str | StructuredAddress, field_keys: tuple[str | None, ...] | None) -> None:
        self._address = address
        self._parsed: ParsedAddress | None = None
        #: Each field's key (what a plain read of its part answers), when the address is read field by field.
        self.field_keys = field_keys
        self._pincode = structured_pincode(address) if isinstance(address, StructuredAddress) else None
        self.rewritten: dict[str, str] = {}
        self.reads: dict[_Read, Any] = {}

    @property
    def whole(self) -> ParsedAddress:
        if self._parsed is None:
            self._parsed = parse_address(self._address)
        return self._parsed

    @property
    def pincode(self) -> str | None:
        return self._pincode if self.field_keys is not None else self.whole.pincode

    @property
    def free(self) -> tuple[str, ...]:
        return () if self.field_keys is not None else self.whole.free

    @property
    def is_empty(self) -> bool:
        if self.field_keys is not None:
            return self._pincode is None and not any(self.field_keys[: len(FIELDS)])
        return self.whole.is_empty

    def _came_with(self, label: str) -> str | None:
        if self.field_keys is not None:
            return self.field_keys[_FIELD_POSITION[label]]
        return self.whole.parts.get(label)

    def answer(self, read: _Read) -> Any:
        """What ``read`` gives on the address as it came (not logged)."""
        if read[0] == "part":
            value = self._came_with(read[1])
            return value if read[2] is None else read[2](value)
        if read[0] == "labels":
            return tuple(self.whole.parts)
        return self.whole.spellings.get(read[1], read[1])

    def take_reads(self) -> dict[_Read, Any]:
        """The reads logged so far, in order; the log starts again empty."""
        reads, self.reads = self.reads, {}
        return reads

    def _logged(self, read: _Read) -> Any:
        if read not in self.reads:
            self.reads[read] = self.answer(read)
        return self.reads[read]

    def get(self, label: str) -> str | None:
        if label in self.rewritten:
            return self.rewritten[label]
        return self._logged(("part", label, None))

    def read(self, label: str, projection: Callable[[str | None], Any]) -> Any:
        """``projection`` of a part's value: only that is logged, so addresses whose values differ but
        project alike (none ends in a state's name, say) still share work."""
        if label in self.rewritten:
            return projection(self.rewritten[label])
        return self._logged(("part", label, projection))

    def __getitem__(self, label: str) -> str:
        value = self.get(label)
        if value is None:
            raise KeyError(label)
        return value

    def __setitem__(self, label: str, value: str) -> None:
        # Steps only shorten parts the address has: the labels stay those it came with.
        assert self._came_with(label) is not None
        self.rewritten[label] = value

    def labels(self) -> tuple[str, ...]:
        return self._logged(("labels",))

    def items(self) -> list[tuple[str, str]]:
        return [(label, self[label]) for label in self.labels()]

    def spelling(self, word: str) -> str:
        """How the address typed a folded word (the word itself when it was not typed)."""
        return self._logged(("spelling", word))


class _Node:
    """One node of a ``_ReadTree``: the read it asks next and a child per answer, or the stored value."""

    __slots__ = ("children", "read", "value")

    def __init__(self) -> None:
        self.read: _Read | None = None
        self.children: dict[Any, _Node] = {}
        self.value: Any = None


class _ReadTree:
    """Values keyed by the reads that produced them (see ``_Parts``).

    The steps ask their reads in an order fixed by the answers so far, so an address is looked up by
    walking from a root and answering each node's read; reaching a stored value means the address
    answers every read of the stored run as that run did. A root stands for what every run depends on.

    Most runs only read a few parts, always the same ones (a survey's district, block and village):
    their values are kept by those parts' keys instead, for a lookup in one step.
    """

    __slots__ = ("_by_fields", "_positions", "_roots")

    def __init__(self) -> None:
        self._roots: dict[Any, _Node] = {}
        #: ``_field_positions`` of each sequence of reads met.
        self._positions: dict[tuple[_Read, ...], tuple[int, ...]] = {}
        #: Fields read (positions in a ``StructuredAddress``) -> (their keys from an address, values by root and keys).
        self._by_fields: dict[tuple[int, ...], tuple[Callable[[Any], Any], dict[Any, Any]]] = {}

    def find(self, root: Any, parts: _Parts) -> Any:
        if parts.field_keys is not None:
            for keys_of, values in self._by_fields.values():
                if (value := values.get((root, keys_of(parts.field_keys)))) is not None:
                    return value
        node = self._roots.get(root)
        while node is not None and node.read is not None:
            node = node.children.get(parts.answer(node.read))
        return None if node is None else node.value

    def add(self, root: Any, parts: _Parts, reads: dict[_Read, Any], value: Any) -> None:
        """Keep ``value``, which resolving ``parts`` gave after ``reads``. Addresses read field by field look
        values of the common shapes up by field keys alone, so theirs are kept only that way."""
        if not self._add_by_fields(root, reads, value) or parts.field_keys is None:
            self._add_to_tree(root, reads, value)

    def _add_to_tree(self, root: Any, reads: dict[_Read, Any], value: Any) -> None:
        node = self._roots.get(root)
        if node is None:
            node = self._roots[root] = _Node()
        for read, answer in reads.items():
            # The same answers so far always lead to the same next read.
            assert node.read in (None, read) and node.value is None
            node.read = read
            child = node.children.get(answer)
            if child is None:
                child = node.children[answer] = _Node()
            node = child
        node.value = value

    def _add_by_fields(self, root: Any, reads: dict[_Read, Any], value: Any) -> bool:
        """Keep ``value`` by field keys when every read was a plain read of a field, in one of a few shapes."""
        shape = tuple(reads)
        positions = self._positions.get(shape)
        if positions is None:
            positions = self._positions[shape] = _field_positions(shape)
        if positions and positions not in self._by_fields and len(self._by_fields) < _MOST_SHAPES:
            self._by_fields[positions] = (operator.itemgetter(*positions), {})
        if not positions or positions not in self._by_fields:
            return False
        answers = tuple(reads.values())
        # ``itemgetter`` of one position gives the key itself, of several a tuple.
        self._by_fields[positions][1][(root, answers if len(answers) > 1 else answers[0])] = value
        return True


def _field_positions(reads: tuple[_Read, ...]) -> tuple[int, ...]:
    """Where the fields read sit in a ``StructuredAddress``; empty unless every read is a plain read of a field."""
    positions = tuple(
        _FIELD_POSITION.get(read[1], -1) if read[0] == "part" and read[2] is None else -1 for read in reads
    )
    return () if -1 in positions else positions


# Shapes of reads tried before walking a tree: each costs a lookup, and a survey has two or three.
_MOST_SHAPES = 4


class _Memo:
    """What one ``geocode_many`` call has worked out, so bounded by the call: each field value read,
    and resolutions by the reads they made.

    The steps down to the block and post office read few parts (a survey has a few thousand
    district and block spellings), so their outcome is kept as a ``_Checkpoint`` and replayed; the
    village step and the result are kept per checkpoint.
    """

    __slots__ = ("checkpoints", "readings", "results")

    def __init__(self) -> None:
        self.readings = _Readings()
        #: Rooted at (home state, pincode, free text).
        self.checkpoints = _ReadTree()
        #: Rooted at a checkpoint.
        self.results = _ReadTree()

    def coarse_to_fine(self, addresses: list[str | StructuredAddress]) -> list[int]:
        """Positions of the addresses, those given as fields ordered by their free text, pincode, state,
        district, block, police station and post office as typed (free-text addresses first, as they came).

        Neighbours then share a district and block, so the tables and memo entries they read stay in the
        processor's cache: a survey geocodes about a quarter faster. The order is by a part of the ``cache_key``
        and the sort is stable, so of the addresses with one key the first is still resolved first and
        the others take its cached result, as in input order.
        """
        coarse = [
            "\x1f".join(map(_TYPED, map(self.readings.__getitem__, address[:1:-1])))
            if isinstance(address, StructuredAddress)
            else ""
            for address in addresses
        ]
        return sorted(range(len(addresses)), key=coarse.__getitem__)

    def keys_of(self, address: str | StructuredAddress) -> _AddressKeys:
        """``cache_key(address)``, and each field's key when the address is given as fields with no free text."""
        if not isinstance(address, StructuredAddress):
            return cache_key(address), None
        readings = tuple(map(self.readings.__getitem__, address))
        return _structured_key(readings), None if address.text else tuple(map(_PART, readings))


_TYPED = operator.attrgetter("typed")
_PART = operator.attrgetter("part")


class _Readings(dict[str | None, FieldReading]):
    """``read_field`` of each field value of a batch. Values recur across its addresses: a plain dict
    lookup each (``map`` over ``__getitem__`` stays in C) is cheaper than the bounded cache's."""

    def __missing__(self, raw: str | None) -> FieldReading:
        reading = self[raw] = read_field(raw)
        return reading


@dataclass
class _Work:
    """What is resolved so far for one address, and the notes that explain it."""

    parts: _Parts
    segments: list[str]
    pincode: str | None
    state: Place | None = None
    state_labelled: bool = False
    district: Place | None = None
    district_from_pin: bool = False
    block: Place | None = None
    village: Place | None = None
    office: Place | None = None
    pin: Place | None = None
    score: float = 1.0
    review: bool = False
    notes: list[str] = field(default_factory=list)
    covered: set[tuple[int, int]] = field(default_factory=set)
    hint: str | None = None

    def typed(self, key: str) -> str:
        """How the address spelt the words of a folded key (typo matching works on what was typed)."""
        return " ".join(self.parts.spelling(word) for word in key.split())

    def open_grams(self, longest: int) -> Iterable[tuple[str, frozenset[tuple[int, int]]]]:
        """Word n-grams of the free text not yet explained, right to left, longest first."""
        for s in range(len(self.segments) - 1, -1, -1):
            words = self.segments[s].split()
            for n in range(min(longest, len(words)), 0, -1):
                for i in range(len(words) - n, -1, -1):
                    span = frozenset((s, j) for j in range(i, i + n))
                    gram = " ".join(words[i : i + n])
                    if not span & self.covered and not gram.isdigit():
                        yield gram, span

    def note(self, text: str, *, factor: float = 1.0, review: bool = False) -> None:
        self.notes.append(text)
        self.score *= factor
        self.review = self.review or review

    def scan(self, table: NameTable | None) -> list[_Hit]:
        """Exact matches among word n-grams of the free text: longest first, right to left, not overlapping."""
        hits: list[_Hit] = []
        if table is None:
            return hits
        taken = set(self.covered)
        for s in range(len(self.segments) - 1, -1, -1):
            words = self.segments[s].split()
            for n in range(min(_MAX_NGRAM, len(words)), 0, -1):
                for i in range(len(words) - n, -1, -1):
                    span = frozenset((s, j) for j in range(i, i + n))
                    gram = " ".join(words[i : i + n])
                    if span & taken or gram.isdigit() or not (places := table.get(gram)):
                        continue
                    hits.append(_Hit(gram, places, span))
                    taken |= span
        return hits

    def grams(self) -> list[str]:
        """Every n-gram of the free text not yet explained, for judging which district fits the rest."""
        out: list[str] = []
        for s, segment in enumerate(self.segments):
            words = segment.split()
            for n in range(min(_MAX_NGRAM, len(words)), 0, -1):
                out.extend(
                    " ".join(words[i : i + n])
                    for i in range(len(words) - n + 1)
                    if not any((s, j) in self.covered for j in range(i, i + n))
                )
        return out

    def find_value(self, table: NameTable, value: str, cutoff: float) -> tuple[list[Place], float]:
        """A labelled value, whole or, failing that, its longest matching head.

        Without punctuation a label's value runs into the next part ("block Terhagachh Kishanganj
        Bihar"); the words after the matched head go back to the free text for later steps.
        """
        places, score = table.find(value, cutoff)
        if places:
            return places, score
        words = value.split()
        for n in range(len(words) - 1, 0, -1):
            places, score = table.find(" ".join(words[:n]), cutoff)
            if places:
                self.segments.append(" ".join(words[n:]))
                return places, score
        return [], 0.0


class _Checkpoint:
    """A ``_Work`` after the coarse steps, bar the address's own parts: what replaying those steps gives."""

    __slots__ = ("_fields", "_growing", "_rewritten")

    def __init__(self, work: _Work) -> None:
        self._fields = {name: value for name, value in vars(work).items() if name != "parts"}
        # The steps extend these in place, so each replay gets its own copy.
        self._growing = [name for name, value in self._fields.items() if isinstance(value, list | set)]
        self._fields.update((name, self._fields[name].copy()) for name in self._growing)
        self._rewritten = dict(work.parts.rewritten)

    def work_for(self, parts: _Parts) -> _Work:
        """The coarse steps' work for an address whose parts answer this checkpoint's reads."""
        work = object.__new__(_Work)  # not through __init__: every field but the parts comes from here
        work.parts = parts
        vars(work).update(self._fields)
        for name in self._growing:
            setattr(work, name, getattr(work, name).copy())
        parts.rewritten = dict(self._rewritten)
        return work


@contextmanager
def cycle_collector_paused() -> Iterator[None]:
    """Python's cycle collector off for the duration, back as it was afterwards.

    Building lakhs of small objects that stay alive (addresses, results, cache entries) makes the
    collector walk every object of the process again each time their number grows by a quarter:
    a tenth of the time of geocoding a survey. Geocoding makes no reference cycles, so nothing waits
    to be freed. The switch is process-wide: when dashboard sessions geocode in several threads at once,
    the first to finish turns the collector back on, which can only make the others slower, never wrong,
    and other threads' cyclic garbage waits at most one batch.
    """
    if not gc.isenabled():
        yield
        return
    gc.disable()
    try:
        yield
    finally:
        gc.enable()


# --------------------------------------------------------------------------- the geocoder


class Geocoder:
    """Matches addresses against an in-memory ``GazetteerIndex``; no database access while geocoding."""

    def __init__(self, index: GazetteerIndex) -> None:
        self.index = index
        self._cache: dict[Any, GeocodeResult] = {}

    @classmethod
    def from_connection(cls, connection: Connection) -> Geocoder:
        from atlas.queries.geocoding import geocoder_index_frames

        return cls(GazetteerIndex.from_frames(geocoder_index_frames(connection)))

    @classmethod
    def from_frames(cls, frames: Mapping[str, pd.DataFrame]) -> Geocoder:
        return cls(GazetteerIndex.from_frames(frames))

    def geocode(self, address: str | StructuredAddress, *, home_state_code: str | None = None) -> GeocodeResult:
        """One address. ``home_state_code`` (Census, e.g. "10" for Bihar) is the state a survey file is
        about: when the address names no state, district names are looked for there first, and a
        district name several states share is read as the one in that state."""
        memo = _Memo()
        return self._geocode(address, memo.keys_of(address), home_state_code, memo)

    def _geocode(
        self, address: str | StructuredAddress, keys: _AddressKeys, hint: str | None, memo: _Memo
    ) -> GeocodeResult:
        """``address`` with its ``_Memo.keys_of``: the cached result, else resolved and cached."""
        key, field_keys = keys
        if hint:
            key = (hint, key)
        if (hit := self._cache.get(key)) is not None:
            return hit
        result = self._resolve(_Parts(address, field_keys), hint, memo)
        self._cache[key] = result
        return result

    def geocode_many(
        self, addresses: Sequence[str | StructuredAddress], *, home_state_code: str | None = None
    ) -> list[GeocodeResult]:
        """Results in input order; identical inputs (after normalising) are resolved once."""
        with cycle_collector_paused():
            return self._geocode_all(addresses, home_state_code)

    def _geocode_all(self, addresses: Sequence[str | StructuredAddress], hint: str | None) -> list[GeocodeResult]:
        addresses = list(addresses)  # taken out of order below, so by position
        memo = _Memo()
        out = [UNRESOLVED_EMPTY] * len(addresses)  # every place is filled below
        for i in memo.coarse_to_fine(addresses):
            out[i] = self._geocode(addresses[i], memo.keys_of(addresses[i]), hint, memo)
        return out

    # ------------------------------------------------------------------ steps

    def _resolve(self, parts: _Parts, hint: str | None, memo: _Memo) -> GeocodeResult:
        if parts.is_empty:
            return UNRESOLVED_EMPTY
        root = (hint, parts.pincode, parts.free)
        work: _Work | None = None
        if (checkpoint := memo.checkpoints.find(root, parts)) is None:
            work = self._coarse_steps(_Work(parts, list(parts.free), parts.pincode, hint=hint))
            checkpoint = _Checkpoint(work)
            memo.checkpoints.add(root, parts, parts.take_reads(), checkpoint)
        if (result := memo.results.find(checkpoint, parts)) is None:
            if work is None:
                work = checkpoint.work_for(parts)
            self._take_village(work)
            result = _result(work, self.index)
            memo.results.add(checkpoint, parts, parts.take_reads(), result)
        return result

    def _coarse_steps(self, work: _Work) -> _Work:
        """The steps down to the block and post office: they read few parts, so many addresses share them."""
        for step in (
            self._take_pincode,
            self._take_state,
            self._take_district,
            self._check_pincode,
            self._take_block,
            self._take_office,
        ):
            step(work)
        return work

    def _take_pincode(self, work: _Work) -> None:
        pincode = work.pincode
        if pincode is None:
            return
        work.pin = self.index.pincodes.get(pincode)
        if work.pin is None and pincode not in self.index.offices_by_pincode:
            work.note(f"pincode {pincode} is not in the India Post directory", factor=0.9)

    def _take_state(self, work: _Work) -> None:
        names = self.index.state_names
        if named := work.parts.get("state"):
            places, score = names.find(named, FUZZY_DISTRICT)
            if places:
                work.state, work.state_labelled, work.score = places[0], True, work.score * score
                return
            work.note(f"state '{named}' not recognised", factor=0.9)
        self._strip_trailing_states(work)
        if work.state is None and (hits := work.scan(names)):
            work.state = hits[0].places[0]
            # "Delhi" names both the state and its district: leave it for the district step.
            if not self.index.district_names.get(hits[0].gram):
                work.covered |= hits[0].span

    def _strip_trailing_states(self, work: _Work) -> None:
        """ "dist Arwal Bihar": a state name at the end of a labelled value belongs to no other part."""
        splits = {
            label: split
            for label in FIELDS
            if label != "state" and (split := work.parts.read(label, self._state_suffix)) is not None
        }
        # The first part in the address that ends in a state gives the state, so with several their order counts.
        for label in work.parts.labels() if len(splits) > 1 else list(splits):
            if label in splits:
                work.parts[label] = splits[label][0]
                work.state = work.state or splits[label][1]

    def _state_suffix(self, value: str | None) -> tuple[str, Place] | None:
        """A part's value without the state name it ends in, and that state; None if it ends in none."""
        words = value.split() if value else []
        if len(words) < 2 or self.index.district_names.get(value or ""):
            return None
        for k in (2, 1):
            if len(words) > k and (states := self.index.state_names.get(" ".join(words[-k:]))):
                return " ".join(words[:-k]), states[0]
        return None

    def _take_district(self, work: _Work) -> None:
        candidates, score = self._district_named(work)
        if not candidates and (named := work.parts.get("district")):
            work.note(f"district '{named}' not recognised", factor=0.8, review=True)
        if not candidates and work.pin is not None and work.pin.district_id in self.index.districts:
            candidates, score, work.district_from_pin = [self.index.districts[work.pin.district_id]], 0.9, True
        if not candidates:
            self._block_without_district(work)
            return
        chosen = self._pick_district(work, candidates)
        if chosen is None:
            states = {p.state_code for p in candidates}
            if work.state is None and len(states) == 1:
                work.state = self.index.states.get(states.pop() or "")
            names = ", ".join(sorted(f"{p.name} ({p.state_code})" for p in candidates))
            work.note(f"district name is ambiguous: {names}", factor=0.4, review=True)
            return
        work.district, work.score = chosen, work.score * score
        _note_fuzzy(work, "district", work.parts.get("district"), chosen, score)
        work.state = self.index.states.get(chosen.state_code or "", work.state)

    def _district_named(self, work: _Work) -> tuple[list[Place], float]:
        """Candidate districts, most trusted evidence first.

        A labelled name before free text, an exact name before a misspelt one, and the likely
        states (named, the pincode's, the caller's home state) before all of India: a typo is
        only read as a district of another state when nothing nearer fits.
        """
        scoped, anywhere = self._district_scopes(work)
        tables = [self.index.district_names_by_state[c] for c in scoped]
        tables += [self.index.district_names] if anywhere else []
        if (found := self._labelled_district(work, tables, scoped, anywhere))[0]:
            return found
        # The pincode's state and the caller's home state are firm evidence, so a misspelt district
        # there beats an exact name from another state in the free text ("Akbarpur ... Begusari").
        firm = [c for c in scoped if c != (work.state.state_code if work.state else None)]
        for stage in (tables[: len(scoped)], firm, tables[len(scoped) :], [c for c in scoped if c not in firm]):
            for where in stage:
                if (found := self._free_district(work, where))[0]:
                    return found
        return self._spelled_anywhere(work, labelled=False) if anywhere else ([], 0.0)

    def _free_district(self, work: _Work, where: NameTable | str) -> tuple[list[Place], float]:
        """An exact name in the free text (a name table), or a misspelt one of a state (a state code)."""
        if isinstance(where, str):
            return self._spelled_free(work, where, SPELLING_IN_STATE)
        # A district named in the free text is less certain than a labelled one.
        return (places, 0.95) if (places := self._district_in_free_text(work, where)) else ([], 0.0)

    def _labelled_district(
        self, work: _Work, tables: list[NameTable], scoped: list[str], anywhere: bool
    ) -> tuple[list[Place], float]:
        if not (named := work.parts.get("district")):
            return [], 0.0
        for table in tables:
            if (found := work.find_value(table, named, 100.0))[0]:
                return found
        for code in scoped:
            if (found := self._spelled_value(work, named, code, SPELLING_IN_STATE))[0]:
                return found
        return self._spelled_anywhere(work, labelled=True) if anywhere else ([], 0.0)

    def _district_scopes(self, work: _Work) -> tuple[list[str], bool]:
        """States to search first, and whether all of India may be searched after them.

        A state found only in free text can be a false friend (Udyog *Vihar* folds to Bihar), so
        only a labelled state closes the search. The caller's home state counts only when the
        address names no state.
        """
        codes = [work.state.state_code] if work.state else []
        if work.pin is not None and not work.state_labelled:
            codes.append(work.pin.state_code)
        if work.state is None and work.hint:
            codes.append(work.hint)
        scoped = [c for c in dict.fromkeys(codes) if c and c in self.index.district_names_by_state]
        return scoped, not work.state_labelled

    def _district_in_free_text(self, work: _Work, table: NameTable) -> list[Place]:
        hits = work.scan(table)
        # "Sitapura Industrial Area, Jaipur": a name read only through the loose key yields to an exact one.
        if any(h.gram in table.exact for h in hits):
            hits = [h for h in hits if h.gram in table.exact]
        found: list[Place] = []
        for hit in hits:
            work.covered |= hit.span
            found.extend(p for p in hit.places if all(p is not q for q in found))
        return found or self._trailing_district(work, table)

    def _trailing_district(self, work: _Work, table: NameTable) -> list[Place]:
        """ "block Terhagachh Kishanganj": an unlabelled district at the end of another part's value.

        The last part first: addresses are written fine to coarse ("vill Juit Chhapra, po Bhore Gopalganj").
        """
        for label, value in reversed(list(work.parts.items())):
            words = value.split()
            for k in range(min(3, len(words) - 1), 0, -1):
                if places := table.get(" ".join(words[-k:])):
                    work.parts[label] = " ".join(words[:-k])
                    return places
        return []

    def _spelled_value(self, work: _Work, named: str, code: str, cutoff: float) -> tuple[list[Place], float]:
        """A misspelt labelled district, whole or its head (the rest goes back to the free text)."""
        table = self.index.district_spellings.get(code)
        words = named.split()
        for n in range(len(words), 0, -1) if table else ():
            head = " ".join(words[:n])
            if ranked := table.ranked(work.typed(head), head, cutoff):  # type: ignore[union-attr]
                if n < len(words):
                    work.segments.append(" ".join(words[n:]))
                return _near_ties(ranked)
        return [], 0.0

    def _spelled_free(self, work: _Work, code: str, cutoff: float) -> tuple[list[Place], float]:
        """A misspelt district among the unexplained words ("Madubani", "prakhand Garhani Bhojpru")."""
        table = self.index.district_spellings.get(code)
        if table is None or (spelt := _best_gram(work, table, cutoff)) is None:
            return [], 0.0
        spelt.consume(work)
        return _near_ties(spelt.ranked)

    def _spelled_anywhere(self, work: _Work, *, labelled: bool) -> tuple[list[Place], float]:
        """A misspelt name matched across India: taken when strong and unrivalled, else only if corroborated."""
        table = self.index.district_spellings["*"]
        if labelled:
            words = (work.parts.get("district") or "").split()
            heads = (" ".join(words[:n]) for n in range(len(words), 0, -1))
            empty = _Spelt([], frozenset(), None)
            spelt = next(
                (
                    _Spelt(r, frozenset(), None)
                    for h in heads
                    if (r := table.ranked(work.typed(h), h, SPELLING_CORROBORATED))
                ),
                empty,
            )
        else:
            spelt = _best_gram(work, table, SPELLING_CORROBORATED) or _Spelt([], frozenset(), None)
        if not spelt.ranked:
            return [], 0.0
        places, score = _near_ties(spelt.ranked)
        if len(places) == 1 and spelt.ranked[0][1] >= SPELLING_ANYWHERE:
            spelt.consume(work)
            return places, score
        backed = self._corroborated(work, [p for p, _ in spelt.ranked])
        if backed is None:
            return [], 0.0
        spelt.consume(work)
        work.note(f"district read as {backed.name} by spelling, confirmed by the rest of the address")
        return [backed], 0.85 * max(s for p, s in spelt.ranked if p is backed)

    def _corroborated(self, work: _Work, candidates: list[Place]) -> Place | None:
        """The one candidate the pincode, or else another part of the address, places the address in."""
        if work.pin is not None:
            pin_districts = self.index.pincode_districts.get(work.pin.pincode or "", set())
            in_pin = {p.district_id: p for p in candidates if p.district_id in pin_districts}
            if len(in_pin) == 1:
                return next(iter(in_pin.values()))
        support = {p.district_id: (self._support(work, p), p) for p in candidates}
        best = max(n for n, _ in support.values())
        winners = [p for n, p in support.values() if n == best]
        return winners[0] if best > 0 and len(winners) == 1 else None

    def _pick_district(self, work: _Work, candidates: list[Place]) -> Place | None:
        if len(candidates) == 1:
            return candidates[0]
        if (chosen := self._corroborated(work, candidates)) is not None:
            return chosen
        # Survey files are per state: with nothing else to go on, the caller's home state decides.
        in_home = [p for p in candidates if work.hint and p.state_code == work.hint]
        if len(in_home) == 1:
            work.note(f"district name shared by several states; took {in_home[0].name} in the home state")
            return in_home[0]
        return None

    def _support(self, work: _Work, district: Place) -> int:
        """How many other parts of the address name a block, village or office inside ``district``."""
        district_id = district.district_id or -1
        tables = [
            self.index.blocks_by_district.get(district_id),
            self.index.villages_by_district.get(district_id),
            self.index.offices_by_district.get(district_id),
        ]
        names = [v for k, v in work.parts.items() if k not in ("district", "state")]
        names += work.grams()
        return sum(1 for name in names if any(t is not None and t.get(name) for t in tables))

    def _block_without_district(self, work: _Work) -> None:
        """No district named: a block named inside a known state may still place the address."""
        named = work.parts.get("block")
        if work.state is None or not named:
            return
        places = self.index.blocks_by_state.get(work.state.state_code or "", NameTable()).get(named)
        if len({p.district_id for p in places}) == 1:
            work.district = self.index.districts.get(places[0].district_id or -1)
            work.note("district inferred from the block name", factor=0.9)

    def _check_pincode(self, work: _Work) -> None:
        if work.pin is None or work.district is None or work.district_from_pin:
            return
        pin_districts = self.index.pincode_districts.get(work.pin.pincode or "", set())
        if pin_districts and work.district.district_id not in pin_districts:
            others = ", ".join(sorted(self.index.districts[d].name for d in pin_districts if d in self.index.districts))
            work.note(
                f"pincode {work.pin.pincode} belongs to {others}, not {work.district.name}; kept the named district",
                factor=0.5,
                review=True,
            )
            work.pin = None

    def _take_block(self, work: _Work) -> None:
        if work.district is None:
            return
        table = self.index.blocks_by_district.get(work.district.district_id or -1)
        if table is None:
            return
        if named := work.parts.get("block"):
            places, score = work.find_value(table, named, FUZZY_IN_BLOCK)
            if places:
                work.block, work.score = places[0], work.score * score
                _note_fuzzy(work, "block", named, places[0], score)
                return
            work.note(f"block '{named}' not found in {work.district.name}", factor=0.8)
        # Police stations in Bihar mostly share the name of their block.
        if (thana := work.parts.get("police_station")) and (places := work.find_value(table, thana, FUZZY_IN_BLOCK)[0]):
            work.block = places[0]
            return
        if hits := work.scan(table):
            work.covered |= hits[0].span
            work.block = hits[0].places[0]

    def _take_office(self, work: _Work) -> None:
        named = work.parts.get("post_office")
        if work.pin is not None and named:
            table = self.index.offices_by_pincode.get(work.pin.pincode or "")
            if table is not None and (places := _prefer_trusted(table.find(named, FUZZY_IN_BLOCK)[0])):
                work.office = places[0]
                return
        if work.district is None:
            return
        table = self.index.offices_by_district.get(work.district.district_id or -1)
        if table is None:
            return
        if named:
            work.office = next(iter(_prefer_trusted(work.find_value(table, named, FUZZY_IN_DISTRICT)[0])), None)
        else:
            work.office = _office_in_free_text(table, work)

    def _take_village(self, work: _Work) -> None:
        if work.district is None:
            return
        named = work.parts.get("village")
        scope, table, cutoff = self._village_scope(work)
        if table is None:
            return
        places: list[Place] = []
        if named:
            places, score = work.find_value(table, named, cutoff)
            if not places and work.block is not None:
                places, score = self._village_elsewhere(work, named)
            if not places:
                work.note(f"village '{named}' not found in {scope.kind} {scope.name}", factor=0.85, review=True)
                return
            work.score *= score
            _note_fuzzy(work, "village", named, places[0], score)
        elif hits := work.scan(table):
            work.covered |= hits[0].span
            places = hits[0].places
        if places:
            self._settle_village(work, places)

    def _village_scope(self, work: _Work) -> tuple[Place, NameTable | None, float]:
        """The block or district the village is looked for in, its villages and the fuzzy cut-off."""
        if work.block is not None:
            return work.block, self.index.villages_by_block.get(work.block.block_code or ""), FUZZY_IN_BLOCK
        assert work.district is not None
        return work.district, self.index.villages_by_district.get(work.district.district_id or -1), FUZZY_IN_DISTRICT

    def _village_elsewhere(self, work: _Work, named: str) -> tuple[list[Place], float]:
        """The village is not in the block given: accept a unique exact match elsewhere in the district."""
        assert work.district is not None and work.block is not None
        table = self.index.villages_by_district.get(work.district.district_id or -1)
        places = table.get(named) if table else []
        if len(places) != 1:
            return [], 0.0
        work.note(
            f"village {places[0].name} is in block {self.index.blocks[places[0].block_code or ''].name}, "
            f"not {work.block.name}",
            factor=0.75,
            review=True,
        )
        work.block = self.index.blocks.get(places[0].block_code or "")
        return places, 1.0

    def _settle_village(self, work: _Work, places: list[Place]) -> None:
        """One village, or the block that all namesakes share, or say the name is ambiguous."""
        if len(places) > 1:
            places = self._narrow_villages(work, places)
        if len(places) == 1:
            work.village = places[0]
            work.block = self.index.blocks.get(places[0].block_code or "", work.block)
            return
        blocks = sorted({p.block_code or "" for p in places})
        if len(blocks) == 1:
            work.block = self.index.blocks.get(blocks[0], work.block)
            work.note(
                f"{len(places)} villages named {places[0].name} in block {work.block.name if work.block else ''}",
                factor=0.7,
                review=True,
            )
            return
        names = ", ".join(self.index.blocks[b].name for b in blocks if b in self.index.blocks)
        work.note(f"village {places[0].name} is in several blocks ({names}); give the block", factor=0.5, review=True)

    def _narrow_villages(self, work: _Work, places: list[Place]) -> list[Place]:
        """Namesake villages in several blocks: what else the address says picks among them.

        In order: a block the address hints at (panchayat seat, a post office or any other words
        named like one of the candidates' blocks), then the block the named post office or the
        pincode lies in, then the candidate clearly nearest that office or pincode.
        """
        hints = self._block_hints(work) | self._blocks_in_words(work, places)
        hinted = [p for p in places if p.block_code in hints]
        if hinted:
            places = hinted
        anchor = work.office if work.office is not None and work.office.trusted else work.pin
        if len(places) > 1 and anchor is not None and anchor.lon is not None:
            in_block = [p for p in places if p.block_code == self._block_around(anchor, work)]
            places = in_block or _nearest(places, anchor)
        return places

    def _blocks_in_words(self, work: _Work, places: list[Place]) -> set[str | None]:
        """Candidate blocks named anywhere else in the address ("vill Barahi Kako", "Najarpur, Kochadhain").

        Only the few candidates' block names are compared, so a looser spelling match is safe here.
        """
        codes = {p.block_code for p in places}
        blocks = tuple(block for code in codes if (block := self.index.blocks.get(code or "")) is not None)
        found: set[str | None] = set()
        for gram, _, _ in _spelling_grams(work):
            found |= _blocks_spelt_like(blocks, work.typed(gram), gram)
        return found

    def _block_around(self, anchor: Place, work: _Work) -> str | None:
        """The block whose headquarters is nearest the point: the approximate block areas are exactly
        these nearest-headquarters cells (``geo.blocks``)."""
        assert work.district is not None
        table = self.index.blocks_by_district.get(work.district.district_id or -1)
        blocks = {p.block_code: p for bucket in (table.exact.values() if table else ()) for p in bucket}
        if not blocks:
            return None
        return min(blocks.values(), key=lambda b: _km(b, anchor)).block_code

    def _block_hints(self, work: _Work) -> set[str | None]:
        """Blocks the address hints at without naming: its panchayat seat, or a post office named after a block."""
        assert work.district is not None
        district_id = work.district.district_id or -1
        hints: set[str | None] = set()
        if panchayat := work.parts.get("panchayat"):
            seats = self.index.villages_by_district.get(district_id, NameTable()).get(panchayat)
            hints |= {p.block_code for p in seats}
        if office := work.parts.get("post_office"):
            hints |= {p.block_code for p in self.index.blocks_by_district.get(district_id, NameTable()).get(office)}
        return hints


# Namesake villages come back with the same candidate blocks and the same neighbouring words
# address after address; ranking spellings is the costly part of settling them.
@lru_cache(maxsize=100_000)
def _blocks_spelt_like(blocks: tuple[Place, ...], typed: str, folded: str) -> frozenset[str | None]:
    """Codes of the ``blocks`` whose name is spelt like the words (typed and folded), loosely."""
    names = SpellingTable()
    for block in blocks:
        names.add(block.name, block)
    return frozenset(block.block_code for block, _ in names.ranked(typed, folded, 0.8))


def _note_fuzzy(work: _Work, what: str, typed: str | None, place: Place, score: float) -> None:
    if typed and score < 0.95:
        work.notes.append(f"{what} '{typed}' read as {place.name} by spelling similarity")


class _Spelt(NamedTuple):
    """Typo matches for some words of the address, and where those words came from."""

    ranked: list[tuple[Place, float]]
    span: frozenset[tuple[int, int]]
    tail: tuple[str, int] | None  # (label, word count) taken from the end of a labelled value

    def consume(self, work: _Work) -> None:
        work.covered |= self.span
        if self.tail is not None:
            label, k = self.tail
            work.parts[label] = " ".join(work.parts[label].split()[:-k])


def _best_gram(work: _Work, table: SpellingTable, cutoff: float) -> _Spelt | None:
    """The words most like a name in ``table``: free n-grams (rightmost first, as addresses end coarse),
    then the last words of a labelled value, where an unpunctuated district hides ("po Rahika Darbhaga")."""
    best: _Spelt | None = None
    for gram, span, tail in _spelling_grams(work):
        ranked = table.ranked(work.typed(gram), gram, cutoff)
        if ranked and (best is None or ranked[0][1] > best.ranked[0][1]):
            best = _Spelt(ranked, span, tail)
    return best


def _spelling_grams(work: _Work) -> Iterable[tuple[str, frozenset[tuple[int, int]], tuple[str, int] | None]]:
    for gram, span in work.open_grams(3):
        yield gram, span, None
    for label, value in work.parts.items():
        words = value.split()
        if label in ("district", "state"):
            continue
        for k in range(min(2, len(words) - 1), 0, -1):
            yield " ".join(words[-k:]), frozenset(), (label, k)


def _near_ties(ranked: list[tuple[Place, float]]) -> tuple[list[Place], float]:
    """The best match and any district within ``SPELLING_MARGIN`` of it (left for the evidence to settle)."""
    top = ranked[0][1]
    places: dict[int | None, Place] = {}
    for place, score in ranked:
        if score >= top - SPELLING_MARGIN:
            places.setdefault(place.district_id, place)
    return list(places.values()), 0.9 * top


def _nearest(places: list[Place], anchor: Place, *, margin_km: float = 3.0, limit_km: float = 20.0) -> list[Place]:
    """The candidate clearly nearest the anchor, if it is near; else all of them."""
    ranked = sorted(places, key=lambda p: _km(p, anchor))
    first, second = _km(ranked[0], anchor), _km(ranked[1], anchor)
    return [ranked[0]] if first <= limit_km and second - first >= margin_km else places


def _km(a: Place, b: Place) -> float:
    if a.lon is None or a.lat is None or b.lon is None or b.lat is None:
        return math.inf
    return haversine_km(a.lon, a.lat, b.lon, b.lat)


def haversine_km(lon1: float, lat1: float, lon2: float, lat2: float) -> float:
    p1, p2 = math.radians(lat1), math.radians(lat2)
    dp, dl = p2 - p1, math.radians(lon2 - lon1)
    h = math.sin(dp / 2) ** 2 + math.cos(p1) * math.cos(p2) * math.sin(dl / 2) ** 2
    return 2 * 6371.0088 * math.asin(math.sqrt(h))


def _prefer_trusted(places: list[Place]) -> list[Place]:
    return sorted(places, key=lambda p: not p.trusted)


def _office_in_free_text(table: NameTable, work: _Work) -> Place | None:
    """Workplaces name a locality ("Okhla Phase 2"): an office whose name starts with the same word."""
    for s, segment in enumerate(work.segments):
        if (s, 0) in work.covered:
            continue
        if places := _prefer_trusted(table.get(segment)):
            return places[0]
        first = next((w for w in segment.split() if len(w) >= 4 and not w.isdigit()), None)
        if first is None:
            continue
        keys = [k for k in table.exact if k.split()[0] == first]
        found = process.extractOne(segment, keys, scorer=fuzz.WRatio, score_cutoff=85) if keys else None
        if found is not None and (places := _prefer_trusted(table.exact[found[0]])):
            return places[0]
    return None


# --------------------------------------------------------------------------- the result


def _point(work: _Work) -> tuple[Place | None, str | None]:
    """The finest trustworthy point: (place, precision)."""
    # Finest first; a village, office or pincode lends its point only when that point is trusted.
    for place, needs_trust, precision in (
        (work.village, True, "village"),
        (work.office, True, "post_office"),
        (work.pin, True, "pincode"),
        (work.block, False, "block"),
        (work.district, False, "district"),
        (work.state, False, "state"),
    ):
        if place is not None and place.lon is not None and (place.trusted or not needs_trust):
            return place, precision
    return None, None


def _point_note(place: Place, precision: str) -> str:
    """Where the point of ``place`` comes from (only said when a village has no point of its own)."""
    if precision == "village":
        return "point of the namesake post office in the village"
    if precision == "post_office":
        return f"point of post office {place.name}"
    if precision == "pincode":
        return f"point of pincode {place.pincode}"
    if precision in ("block", "district"):
        return f"point of the {place.name} {precision} headquarters"
    return "point inside the state"


def _result(work: _Work, index: GazetteerIndex) -> GeocodeResult:
    place, precision = _point(work)
    if place is None:
        return GeocodeResult(
            None,
            None,
            None,
            None,
            None,
            None,
            None,
            None,
            None,
            0.0,
            None,
            "; ".join(["unresolved: no state, district, pincode or place name recognised", *work.notes]),
            True,
        )
    assert precision is not None
    if work.village is not None and precision != "village":
        work.notes.append(
            f"village {work.village.name} identified; it has no coordinates of its own, {_point_note(place, precision)}"
        )
    confidence = max(0.0, min(1.0, work.score * _PRECISION_FACTOR[precision or "state"]))
    district = work.district
    census, lgd = index.district_codes.get(district.district_id or -1, (None, None)) if district else (None, None)
    state = work.state or (index.states.get(district.state_code or "") if district else None)
    names: list[str] = []
    for named in (work.village, work.block, district, state):
        if named is not None and named.name not in names:
            names.append(named.name)
    if work.village is None and precision == "post_office" and work.office is not None:
        names.insert(0, work.office.name)
    return GeocodeResult(
        lon=place.lon,
        lat=place.lat,
        state_code=state.state_code if state else None,
        district_id=district.district_id if district else None,
        district_code=census,
        block_code=work.block.block_code if work.block else None,
        village_code=work.village.village_code if work.village else None,
        lgd_district_code=lgd,
        precision=precision,
        confidence=round(confidence, 3),
        matched_name=", ".join(names) or None,
        reason="; ".join(work.notes) or None,
        needs_review=work.review or confidence < REVIEW_BELOW or precision == "state",
    )


# A point known only to the state is rarely what an official needs; a pincode alone is good.
_PRECISION_FACTOR: dict[str, float] = {
    "village": 1.0,
    "post_office": 1.0,
    "pincode": 1.0,
    "block": 1.0,
    "district": 1.0,
    "state": 0.6,
}


def cache_key(address: str | StructuredAddress) -> Any:
    """Inputs that differ only in case, spacing or punctuation share one key (commas kept: they split parts).

    The key keeps the spelling as typed, not the folded key: typo matching reads the typed form, so
    "Raampur" and "Rampur" may resolve differently and must not share a cached result.
    """
    if isinstance(address, StructuredAddress):
        return _structured_key(tuple(map(read_field, address)))
    return ",".join(typed_key(part) for part in SEPARATORS.split(address or ""))


def _structured_key(readings: tuple[FieldReading, ...]) -> tuple[str, ...]:
    """``cache_key`` of an address given as fields, from each field's reading."""
    return tuple(map(_TYPED, readings))
