"""The geocoder: candidate generation plus evidence weighing, then the block and village inside the district.

1. ``text.parse`` reads the address into labelled parts, free words and pincodes (both scripts, glued text).
2. ``evidence.read_parts`` reads every part against the national tables: each reading proposes the districts
   of the places it names; a valid pincode proposes its districts and fixes its state.
3. ``weighing.candidate_scores`` scores every proposed district for consistency with all the evidence; the
   likeliest are read again inside their own tables on looser keys (``within.scoped_readings``) and scored
   again. The best wins when its margin over the runner-up is clear; otherwise the answer stays at the level
   that is certain (the state, or nothing) and says why.
4. ``within.choose_block`` and ``within.choose_village`` settle the block and village inside the district;
   ``placing`` picks the finest trustworthy point and states precision, certainty, confidence and reasons.

Resolving is a pure function of the parsed address and the hint, so a batch gives exactly what the addresses
give one by one; repeated addresses (after case, spacing and punctuation) are answered from bounded caches.
"""

from __future__ import annotations

import gc
from collections.abc import Iterator, Mapping, Sequence
from contextlib import contextmanager
from functools import lru_cache

import pandas as pd

from geo.geocoding.evidence import read_parts, spread
from geo.geocoding.gazetteer import GazetteerIndex
from geo.geocoding.keys import fold_key, typed_words
from geo.geocoding.placing import place_in_district
from geo.geocoding.result import GeocodeResult, Note, unresolved
from geo.geocoding.state_search import state_readings
from geo.geocoding.tables import Place
from geo.geocoding.text import ParsedAddress, Part, StructuredAddress, parse
from geo.geocoding.weighing import Evidence, Scored, candidate_scores
from geo.geocoding.within import scoped_gain_bound, scoped_readings
from geo.geocoding.words import ABROAD

__all__ = ["Geocoder", "cache_key", "cycle_collector_paused", "field_key"]

#: At most this many of the likeliest districts are read again on their own tables' looser keys.
RESCORED = 4
#: A district wins only by this much over a different runner-up; closer than that, it is a guess.
AMBIGUITY_MARGIN = 0.3
#: Less than this and the evidence is too thin to name a district (a lone namesake office or village).
MIN_DISTRICT_SCORE = 1.5
#: Results kept for repeated addresses (each a few hundred bytes): a 16 lakh row survey names about 3 lakh.
CACHE_SIZE = 400_000
_STATE_CONFIDENCE = 0.54


@contextmanager
def cycle_collector_paused() -> Iterator[None]:
    """Python's cycle collector off for the duration, back as it was afterwards: a batch builds lakhs of small
    objects that stay alive and make no cycles, and the collector would walk them all again and again.

    After a big batch (``SURVIVORS_TO_SETTLE`` more objects than before), one full collection settles the
    survivors in the oldest generation at once; left to the collector, they would be walked three times over,
    once per generation (seconds at 16 lakh rows)."""
    if not gc.isenabled():
        yield
        return
    gc.disable()
    try:
        yield
    finally:
        if gc.get_count()[0] > SURVIVORS_TO_SETTLE:
            gc.collect()
        gc.enable()


#: More new objects than this since the last collection, and a paused batch ends with one full collection.
SURVIVORS_TO_SETTLE = 500_000


def field_key(value: str | None) -> str:
    """A field's value as the geocoder tells values apart: its words as typed, lowercase (Devanagari transliterated)."""
    return " ".join(typed_words(value)) if value else ""


def cache_key(address: str | StructuredAddress) -> object:
    """Inputs that differ only in case, spacing or punctuation share a key (commas kept: they split parts)."""
    if isinstance(address, StructuredAddress):
        return tuple(map(field_key, address))
    return ",".join(map(field_key, (address or "").split(",")))


class Geocoder:
    """Matches addresses against an in-memory ``GazetteerIndex``; no database access."""

    def __init__(self, index: GazetteerIndex) -> None:
        self.index = index
        self._cache: dict[object, GeocodeResult] = {}

    @classmethod
    def from_frames(cls, frames: Mapping[str, pd.DataFrame]) -> Geocoder:
        return cls(GazetteerIndex.from_frames(frames))

    def geocode(self, address: str | StructuredAddress, *, home_state_code: str | None = None) -> GeocodeResult:
        """One address. ``home_state_code`` (Census, "10" for Bihar) is the state a survey file is about: a
        district name several states share is read as the one there, when the address names no state."""
        key = (home_state_code, cache_key(address))
        if (hit := self._cache.get(key)) is not None:
            return hit
        result = _resolve(self.index, _as_named(self.index, parse(address, self.index.vocabulary)), home_state_code)
        if len(self._cache) >= CACHE_SIZE:
            self._cache.clear()
        self._cache[key] = result
        return result

    def geocode_many(
        self, addresses: Sequence[str | StructuredAddress], *, home_state_code: str | None = None
    ) -> list[GeocodeResult]:
        """Results in input order; identical inputs (after normalising) are resolved once."""
        with cycle_collector_paused():
            return [self.geocode(a, home_state_code=home_state_code) for a in addresses]


def _as_named(index: GazetteerIndex, parsed: ParsedAddress) -> ParsedAddress:
    """The address with a labelled district that names districts exactly ("जिला मुज़फ़्फ़रपुर", "Muzzafarpur")
    spelt as those districts are named: every way of writing a district then reads and resolves as one."""
    parts = tuple(_district_as_named(index, p) if p.label == "district" else p for p in parsed.parts)
    return parsed if parts == parsed.parts else ParsedAddress(parts, parsed.pincodes)


@lru_cache(maxsize=4096)
def _district_as_named(index: GazetteerIndex, part: Part) -> Part:
    match = index.district_names.get(fold_key(" ".join(part.words)))
    if not match.places:
        return part
    words = typed_words(match.places[0].name)
    # Only a spelling that names exactly the same districts stands in for the typed one.
    if words == part.words or index.district_names.get(fold_key(" ".join(words))).places != match.places:
        return part
    return part._replace(words=words)


# Addresses that parse alike (case, the script of a label, spacing) resolve alike.
@lru_cache(maxsize=CACHE_SIZE)
def _resolve(index: GazetteerIndex, parsed: ParsedAddress, hint: str | None) -> GeocodeResult:
    if parsed.is_empty:
        return unresolved(Note.of("empty"))
    if (country := _abroad(parsed)) is not None:
        return unresolved(Note.of("abroad", name=country))
    notes: list[Note] = []
    evidence = _evidence(index, parsed, hint, notes)
    scored = _rescored(index, parsed, evidence, candidate_scores(index, evidence))
    if not scored or scored[0].score <= 0:
        return _state_level(index, evidence, notes)
    best = _most_specific(index, scored)
    runner_up = next((s for s in scored if not _same_place(index, s.district, best.district)), None)
    if best.score < MIN_DISTRICT_SCORE or (runner_up is not None and best.score - runner_up.score < AMBIGUITY_MARGIN):
        # Too thin or too close to call: the likeliest district is still given, as a guess that says so and is
        # certain only of what is certain (the state, when the address or its pincode names it, or nothing).
        return place_in_district(
            index, parsed, evidence, best, runner_up, notes, guess=_certain_state(evidence, best, runner_up)
        )
    return place_in_district(index, parsed, evidence, best, runner_up, notes)


def _abroad(parsed: ParsedAddress) -> str | None:
    """The country or city abroad the address ends in, if it does ("Riyadh, Saudi Arabia")."""
    last = [p for p in parsed.parts if p.from_end == 0 and p.label in (None, "state")]
    for part in last:
        for n in (3, 2, 1):
            if len(part.words) >= n and (tail := " ".join(part.words[-n:])) in ABROAD:
                return tail
    return None


def _evidence(index: GazetteerIndex, parsed: ParsedAddress, hint: str | None, notes: list[Note]) -> Evidence:
    pincode, shares, prefix = _pincode(index, parsed.pincodes, notes)
    readings = read_parts(index, parsed, [pincode.state_code if pincode else None, hint])
    return Evidence(readings, pincode, spread(index, shares), prefix, hint)


def _pincode(
    index: GazetteerIndex, pincodes: tuple[str, ...], notes: list[Note]
) -> tuple[Place | None, dict[int, float], dict[str, float]]:
    """The first pincode India Post lists (a door number may look like one) and its districts' shares; else the
    states of the first one's three-digit prefix."""
    for pin in pincodes:
        if pin in index.pincode_districts:
            shares = index.pincode_districts[pin]
            place = index.pincodes.get(pin) or Place("pincode", pin, None, None, pincode=pin)
            if place.state_code is None:
                place = place._replace(state_code=index.districts[next(iter(shares))].state_code)
            return place, shares, {}
    if pincodes:
        notes.append(Note.of("pin_unknown", pin=pincodes[0]))
        return None, {}, index.prefix_states.get(pincodes[0][:3], {})
    return None, {}, {}


def _rescored(index: GazetteerIndex, parsed: ParsedAddress, evidence: Evidence, scored: list[Scored]) -> list[Scored]:
    """The likeliest districts read again on their own tables' looser keys, then all ranked again. A candidate
    that could not come within the ambiguity margin of the best even so is not read again."""
    bar = scored[0].score - AMBIGUITY_MARGIN if scored else 0.0
    for i, candidate in enumerate(scored[:RESCORED]):
        if i and candidate.score + scoped_gain_bound(index, evidence.readings, candidate.district) < bar:
            continue
        if weighed := scoped_readings(index, evidence.readings, candidate.district):
            evidence.extra[candidate.district.district_id or -1] = weighed
    named = evidence.labelled_states or evidence.free_states or ({evidence.pin_state} - {None})
    placed_in_named = any(s.score >= MIN_DISTRICT_SCORE and s.district.state_code in named for s in scored)
    # Area + state, no district ("Bhiwandi, Maharashtra"): nothing placed it in its state, so search there.
    if named and not placed_in_named and (found := state_readings(index, parsed, evidence)):
        evidence.readings = [*evidence.readings, *found]
        return candidate_scores(index, evidence)
    if not evidence.extra:
        return scored
    more = {d: sum(w for w, _ in weighed) for d, weighed in evidence.extra.items()}
    rescored = [Scored(s.district, s.score + more.get(s.district.district_id or -1, 0.0)) for s in scored]
    return sorted(rescored, key=lambda s: (-s.score, s.district.district_id or 0))


def _most_specific(index: GazetteerIndex, scored: list[Scored]) -> Scored:
    """The best district, or, when it is a polygon drawing several districts (Delhi), the best of those that
    the evidence supports nearly as well: the finer answer is the one the record needs."""
    best = scored[0]
    children = index.drawn_here.get(best.district.district_id or -1, ())
    inner = [s for s in scored if s.district.district_id in children and s.score >= best.score - FINER_WITHIN]
    return inner[0] if inner else best


#: A district drawn inside the best polygon is taken instead when it scores within this of it.
FINER_WITHIN = 1.0


def _certain_state(evidence: Evidence, best: Scored, runner_up: Scored | None) -> str:
    """Of a guessed district, the level that is still certain: its state when the address or its pincode names
    that state, or when the rival lies in the same state; else nothing ("")."""
    state = best.district.state_code or ""
    named = evidence.labelled_states | evidence.free_states | ({evidence.pin_state} - {None})
    same = runner_up is not None and runner_up.district.state_code == state and best.score >= MIN_DISTRICT_SCORE
    return "state" if state in named or same else ""


def _same_place(index: GazetteerIndex, one: Place, other: Place) -> bool:
    """An admin district and the polygon it is drawn in are no rivals."""
    return index.drawn_in(one.district_id or -1) == index.drawn_in(other.district_id or -1)


def _state_level(index: GazetteerIndex, evidence: Evidence, notes: list[Note]) -> GeocodeResult:
    states = set(evidence.labelled_states or evidence.free_states or ({evidence.pin_state} - {None}))
    state = index.states.get(states.pop() or "") if len(states) == 1 else None
    if state is None:
        return unresolved(Note.of("unresolved"), *notes)
    return _state_result(state, (*notes, Note.of("state_only")))


def _ambiguous(index: GazetteerIndex, best: Scored, runner_up: Scored, notes: list[Note]) -> GeocodeResult:
    rivals = [best.district, runner_up.district]
    notes = [*notes, Note.of("ambiguous", names=", ".join(sorted(f"{p.name} ({p.state_code})" for p in rivals)))]
    states = {p.state_code for p in rivals}
    if len(states) == 1 and (state := index.states.get(states.pop() or "")) is not None:
        return _state_result(state, tuple(notes))
    return unresolved(*notes)


def _state_result(state: Place, notes: tuple[Note, ...]) -> GeocodeResult:
    return GeocodeResult(
        state.lon, state.lat, state.state_code, None, None, None, None, None, "state", _STATE_CONFIDENCE,
        state.name, notes, True, "state", None,
    )  # fmt: skip
