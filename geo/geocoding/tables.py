"""Places and the name tables they are looked up in.

A ``NameTable`` holds the places of one scope (a district's villages, India's towns) under their fold keys,
and answers a name on a ladder of keys (``geo.geocoding.keys``): exact, loose, skeleton, then a fuzzy ratio.
Each rung returns how much the match is worth (``Match.quality``), so a looser reading counts for less
as evidence. The loose, skeleton and fuzzy rungs are built on first use: most scopes are never asked.
"""

from __future__ import annotations

import math
from bisect import bisect_left, bisect_right
from collections.abc import Callable, Iterator, Mapping
from functools import lru_cache
from typing import Any, NamedTuple

import pandas as pd
from rapidfuzz import fuzz, process
from rapidfuzz.distance import OSA

from geo.geocoding.keys import loose_key, skeleton_key

__all__ = ["KeysByLength", "Match", "NameTable", "Place", "SpellingTable"]


class Place(NamedTuple):
    """One matchable place. ``trusted``: its point may be used as a location."""

    kind: str  # state, district, block, town, office, village, pincode
    name: str
    state_code: str | None
    district_id: int | None
    block_code: str | None = None
    village_code: str | None = None
    pincode: str | None = None
    lon: float | None = None
    lat: float | None = None
    trusted: bool = False
    #: Census 2011 code of the district the place lay in (blocks, towns, districts).
    district_code_2011: str | None = None
    #: Importance within its kind: head office 3, sub office 2, branch office 1; statutory town 2, census town 1;
    #: a district's headquarters town 3.
    rank: int = 0
    #: A post office's own (postal) district, where its point lies in another.
    named_district_id: int | None = None


class Match(NamedTuple):
    places: tuple[Place, ...]
    #: 1.0 exact, 0.95 loose, 0.85 skeleton, lower for fuzzy matches.
    quality: float
    how: str  # exact, loose, skeleton, fuzzy


NO_MATCH = Match((), 0.0, "")
LOOSE_QUALITY = 0.95
#: Shorter loose keys match too much by accident ("and" and Anand both loosen to "and").
MIN_LOOSE = 5
SKELETON_QUALITY = 0.7
#: A fuzzy match is worth its ratio scaled into (0, this].
FUZZY_QUALITY = 0.85


class NameTable:
    """Places of one scope keyed by name. Hashed by identity, so lookups can be cached per table."""

    __slots__ = ("__weakref__", "_fuzzy", "_loose", "_skeleton", "exact")

    def __init__(self) -> None:
        self.exact: dict[str, list[Place]] = {}
        self._loose: dict[str, list[Place]] | None = None
        self._skeleton: dict[str, list[Place]] | None = None
        self._fuzzy: KeysByLength | None = None

    def add(self, key: str, place: Place) -> None:
        if not key:
            return
        bucket = self.exact.get(key)
        if bucket is None:
            self.exact[key] = [place]
        elif all(p is not place for p in bucket):  # one place may come under several names that fold alike
            bucket.append(place)
        self._loose = self._skeleton = None
        self._fuzzy = None

    def __bool__(self) -> bool:
        return bool(self.exact)

    def _derived(self, key_of: Callable[[str], str]) -> dict[str, list[Place]]:
        out: dict[str, list[Place]] = {}
        for key, places in self.exact.items():
            derived = key_of(key)
            bucket = out.get(derived)
            if bucket is None:
                out[derived] = list(places)
            else:
                bucket.extend(p for p in places if all(p is not q for q in bucket))
        return out

    def get(self, key: str) -> Match:
        """Exact or loose matches only: what a national table answers (fuzz there would overreach)."""
        if hit := self.exact.get(key):
            return Match(tuple(hit), 1.0, "exact")
        if self._loose is None:
            self._loose = self._derived(loose_key)
        loose = loose_key(key)
        if len(loose) >= MIN_LOOSE and (hit := self._loose.get(loose)):
            return Match(tuple(hit), LOOSE_QUALITY, "loose")
        return NO_MATCH

    def find(self, key: str, *, fuzzy_cutoff: float | None = 85.0) -> Match:
        """Down the whole ladder: exact, loose, skeleton, fuzzy (``fuzzy_cutoff`` None: no fuzzy rung)."""
        return _find(self, key, fuzzy_cutoff) if key else NO_MATCH

    def places(self) -> Iterator[Place]:
        seen: set[int] = set()
        for bucket in self.exact.values():
            for place in bucket:
                if id(place) not in seen:
                    seen.add(id(place))
                    yield place


# A survey asks a district's tables about the same few thousand spellings again and again.
@lru_cache(maxsize=400_000)
def _find(table: NameTable, key: str, fuzzy_cutoff: float | None) -> Match:
    if (match := table.get(key)).places:
        return match
    if table._skeleton is None:
        table._skeleton = table._derived(skeleton_key)
    skeleton = skeleton_key(key)
    if len(skeleton) >= 3 and (hit := table._skeleton.get(skeleton)):
        return Match(tuple(hit), SKELETON_QUALITY, "skeleton")
    loose = loose_key(key)
    if fuzzy_cutoff is None or len(loose) < 4:
        return NO_MATCH
    if table._fuzzy is None:
        assert table._loose is not None
        table._fuzzy = KeysByLength(table._loose)
    found = table._fuzzy.best(loose, fuzzy_cutoff)
    if found is None:
        return NO_MATCH
    return Match(tuple(table._fuzzy.places[found[0]]), FUZZY_QUALITY * found[1] / 100.0, "fuzzy")


class KeysByLength:
    """Keys sorted by length, for fuzzy matching. ``fuzz.ratio`` is 100 * (1 - distance / total length) and the
    distance is at least the difference in length, so only keys of nearby lengths can reach a cut-off."""

    __slots__ = ("_keys", "_lengths", "_position", "places")

    def __init__(self, places: dict[str, list[Place]]) -> None:
        by_length = sorted(enumerate(places), key=lambda item: len(item[1]))
        self._keys = [key for _, key in by_length]
        self._lengths = [len(key) for key in self._keys]
        self._position = {key: position for position, key in by_length}
        self.places = places

    def best(self, key: str, cutoff: float) -> tuple[str, float] | None:
        """The best key with its score (``fuzz.ratio``); None when another key naming other places scores
        within ``RIVAL_POINTS`` of it (a guess between two names is no match)."""
        slack = 1.0 - (cutoff - RIVAL_POINTS) / 100.0
        shortest = math.floor(len(key) * (1.0 - slack) / (1.0 + slack))
        longest = math.ceil(len(key) * (1.0 + slack) / (1.0 - slack)) if slack < 1.0 else math.inf
        nearby = self._keys[bisect_left(self._lengths, shortest) : bisect_right(self._lengths, longest)]
        found = process.extract(key, nearby, scorer=fuzz.ratio, score_cutoff=cutoff - RIVAL_POINTS, limit=6)
        if not found:
            return None
        found.sort(key=lambda item: (-item[1], self._position[item[0]]))
        top_key, top, _ = found[0]
        if top < cutoff:
            return None
        if any(score > top - RIVAL_POINTS and _differ(self.places, top_key, other) for other, score, _ in found[1:]):
            return None
        return top_key, top


#: A fuzzy match needs this many points of ``fuzz.ratio`` over any match naming other places.
RIVAL_POINTS = 3.0


def _differ(places: dict[str, list[Place]], one: str, other: str) -> bool:
    """Whether two keys stand for different places (two spellings of one village are no rivals)."""
    return {p.village_code or p.block_code or p.name for p in places[one]} != {
        p.village_code or p.block_code or p.name for p in places[other]
    }


class SpellingTable:
    """Places of one scope by typed and folded name, for typo matching (OSA similarity, best first)."""

    __slots__ = ("_folded", "_typed")

    def __init__(self) -> None:
        self._typed: dict[str, list[Place]] = {}
        self._folded: dict[str, list[Place]] = {}

    def add(self, typed: str, folded: str, place: Place) -> None:
        for table, key in ((self._typed, typed), (self._folded, folded)):
            if not key:
                continue
            bucket = table.setdefault(key, [])
            if all(p is not place for p in bucket):
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


def frame_rows(frames: Mapping[str, pd.DataFrame], name: str) -> Iterator[Any]:
    """Rows as named tuples with NaN turned into None, converted once per frame."""
    frame = frames.get(name)
    if frame is None or frame.empty:
        return iter(())
    return frame.astype(object).where(frame.notna(), None).itertuples(index=False)
