"""Evidence: what each piece of an address says about where it is.

Every labelled value and every run of free words is looked up in the national tables (districts, towns,
blocks, post offices, Bihar's villages, states) on exact and loose keys only, so a word names a place only
when it really is that place's name somewhere. Each reading is a ``Mention``. A labelled district that matches
no name is read by spelling similarity too, first in the likely states, then across India: that is where typos
live ("dist Naanda"), and the other evidence decides between the readings.

Readings depend on the part alone (and, for a district's spelling, on the likely states), so they are cached
per part: a survey's lakhs of addresses share a few thousand village, block and district values.
"""

from __future__ import annotations

from collections.abc import Iterator
from functools import lru_cache
from typing import NamedTuple

from geo.geocoding.coarse import CODES_ALSO_WORDS
from geo.geocoding.gazetteer import KINDS, GazetteerIndex
from geo.geocoding.keys import fold_key, fold_run
from geo.geocoding.tables import Match, Place
from geo.geocoding.text import ParsedAddress, Part
from geo.geocoding.weights import (
    DRAWN_IN_FACTOR,
    HOLDS_FACTOR,
    LAST_PART_FACTOR,
    MAX_NAMESAKE_DISTRICTS,
    RANK_FACTOR,
    ROAD_FACTOR,
    WEIGHTS,
)
from geo.geocoding.words import GENERIC, GENERIC_KEYS, ROAD_WORDS

__all__ = ["Mention", "PartReading", "best_set", "mention_of", "ngrams", "read_part", "read_parts", "spread"]

#: Longest run of words read as one name.
MAX_NGRAM = 4
#: Typo matching of labelled district names (OSA similarity in [0, 1], typed and folded forms): inside the
#: likely states a few dozen names compete, across India several hundred, so the bar is higher there.
SPELLING_IN_STATE = 0.75
SPELLING_ANYWHERE = 0.75
#: Free words that name nothing exactly are read as a misspelt district only this similar, and only when two
#: or fewer words long (a whole segment of free words is rarely a district with a typo).
SPELLING_FREE = 0.8
#: A typo reading keeps the districts within this similarity of the best one; the other evidence decides.
SPELLING_NEAR = 0.08


class Mention(NamedTuple):
    """Some words of the address read as the name of places of one kind."""

    kind: str  # district, state, town, block, office, village
    places: tuple[Place, ...]
    quality: float
    how: str  # exact, loose, skeleton, fuzzy, spelling, partial
    part: Part
    start: int  # first word of the part read
    end: int  # one past the last word read
    #: The words are a road's or route's name ("Gaya Road", "via Amarpur"): the place is only passed by.
    road: bool
    text: str
    #: For each district holding one of the places: the best place's rank factor there.
    districts: dict[int, float]
    #: The same spread to the polygons holding those districts and the districts drawn in them (``spread``).
    support: dict[int, float]
    #: What the mention is worth to a district holding its place, before that place's factor.
    weight: float
    #: The places by district.
    by_district: dict[int, tuple[Place, ...]]

    @property
    def label(self) -> str | None:
        return self.part.label


def mention_of(index: GazetteerIndex, kind: str, match: Match, part: Part, start: int, end: int) -> Mention:
    districts: dict[int, float] = {}
    by_district: dict[int, tuple[Place, ...]] = {}
    # A labelled value that runs into the district at the end of the address ("मो. गढ़सिसै समस्तीपुर",
    # "VILL RAMPUR PATNA"): the district's words are free words, not part of the village's name.
    label = None if kind == "district" and _runs_into_the_end(index, part, start, end) else part.label
    # A labelled value read only in part ("Kanhauli" of "Heera Kanhauli") counts for less than read whole.
    coverage = 1.0 if label is None else 0.4 + 0.6 * (end - start) / len(part.words)
    for place in match.places:
        if place.district_id is not None:
            factor = RANK_FACTOR.get(place.rank, 1.0) * coverage
            if factor > districts.get(place.district_id, 0.0):
                districts[place.district_id] = factor
            by_district[place.district_id] = (*by_district.get(place.district_id, ()), place)
    road = (end < len(part.words) and part.words[end] in ROAD_WORDS) or part.label == "via"
    weight = WEIGHTS.get(label, WEIGHTS[None]).get(kind, 0.0) * match.quality
    if road:
        weight *= ROAD_FACTOR
    if kind == "district" and (label != part.label or _ends_the_address(index, part, end)):
        weight *= LAST_PART_FACTOR
    text = " ".join(part.words[start:end])
    return Mention(
        kind, match.places, match.quality, match.how, part, start, end, road, text, districts,
        spread(index, districts), weight, by_district,
    )  # fmt: skip


def ends_in_the_district(index: GazetteerIndex, mention: Mention) -> bool:
    """Whether a district mention closes a labelled value at the end of the address ("Vill. Rampur Siwan")."""
    return _runs_into_the_end(index, mention.part, mention.start, mention.end)


def _runs_into_the_end(index: GazetteerIndex, part: Part, start: int, end: int) -> bool:
    """Whether a run closes a labelled value (not a district's) that ends the address, after other words; only
    the state may follow it ("prakhand Rejaun Banka Bihar")."""
    return (
        part.label not in (None, "district", "state")
        and part.from_end == 0
        and start > 0
        and _only_the_state_after(index, part, end)
    )


def _ends_the_address(index: GazetteerIndex, part: Part, end: int) -> bool:
    """Whether a run ending at ``end`` of free words is the last name of the address, or only its state follows
    ("…, Patna", "…, Patna Bihar"); a name earlier in the same run ("SUBHASHPALLI CHOWK KISHANGANJ") is not."""
    return part.label is None and part.from_end == 0 and _only_the_state_after(index, part, end)


def _only_the_state_after(index: GazetteerIndex, part: Part, end: int) -> bool:
    """Whether nothing but the state's name follows word ``end`` of the part."""
    return end == len(part.words) or " ".join(part.words[end:]) in index.state_typed


def spread(index: GazetteerIndex, districts: dict[int, float]) -> dict[int, float]:
    """Factors by district, also given (a little less) to the polygon an admin district is drawn in and to the
    admin districts drawn in a polygon: "Delhi" supports South Delhi, and an office of South Delhi supports Delhi."""
    out = dict(districts)
    for district_id, factor in districts.items():
        parent = index.drawn_in(district_id)
        if parent != district_id:
            out[parent] = max(out.get(parent, 0.0), DRAWN_IN_FACTOR * factor)
        for child in index.drawn_here.get(district_id, ()):
            out[child] = max(out.get(child, 0.0), HOLDS_FACTOR * factor)
    return out


def ngrams(part: Part) -> Iterator[tuple[int, int, str]]:
    """Runs of words of a part that could be a name (longest first): ``(start, end, text)``.

    A run must hold a word that is not an everyday address word, so "Station Road" names nothing alone.
    """
    words = part.words
    generic = [w in GENERIC or w.isdigit() or f in GENERIC_KEYS for w, f in zip(words, fold_run(words), strict=True)]
    for n in range(min(MAX_NGRAM, len(words)), 0, -1):
        for start in range(len(words) - n + 1):
            if all(generic[start : start + n]) or (n == 1 and len(words[start]) < 3):
                continue
            yield start, start + n, " ".join(words[start : start + n])


class PartReading(NamedTuple):
    """All a part says: its readings, what they are worth to each district, and the districts they propose."""

    part: Part
    mentions: tuple[Mention, ...]
    #: District id -> (score, the readings that make it), no word of the part counted twice.
    scores: dict[int, tuple[float, tuple[Mention, ...]]]
    #: Districts the part puts forward as candidates (a name shared by many districts only supports them).
    proposed: frozenset[int]
    #: States the part names (labelled or among free words).
    states: frozenset[str]
    #: Districts holding a place the part names, with the polygons those are drawn in.
    placed: frozenset[int]
    #: The whole part is exactly the name of some place (a looser reading of it elsewhere is discounted).
    whole_exact: bool = False


def read_parts(index: GazetteerIndex, parsed: ParsedAddress, other_states: list[str | None]) -> list[PartReading]:
    """What every part of the address says. A labelled district that matches no name is read by spelling in
    the states the address names, then ``other_states`` (the pincode's, the caller's)."""
    named = [s for part in parsed.parts if part.label == "state" for s in _read_part(index, part, ()).states]
    likely = tuple(s for s in dict.fromkeys([*named, *other_states]) if s)
    return [_read_part(index, part, likely if part.label in ("district", None) else ()) for part in parsed.parts]


def read_part(index: GazetteerIndex, part: Part) -> PartReading:
    """What a part says, its misspelt district names read across India only."""
    return _read_part(index, part, ())


# Readings depend on the part alone: a survey's lakhs of addresses share a few thousand values.
@lru_cache(maxsize=200_000)
def _read_part(index: GazetteerIndex, part: Part, likely: tuple[str, ...]) -> PartReading:
    found: list[Mention] = []
    if part.label == "state":
        found += _labelled_state(index, part)
    if part.label == "district":
        found += _district_value(index, part, likely)
    found += _runs(index, part)
    if part.label is None and not any(m.kind in ("district", "state") for m in found):
        found += _spelt_free(index, part, likely)
    elif part.label is None and (before := _words_before_state(found)) is not None:
        # "ghaziaad city uttarpradesh": the words before a state named at the end may be its misspelt district.
        states = tuple(p.state_code for m in found if m.kind == "state" for p in m.places if p.state_code)
        found += _spelt_free(index, part, (*states, *likely), upto=before, anywhere=False)
    return part_reading(part, tuple(found))


def _words_before_state(found: list[Mention]) -> int | None:
    """Where a state named by a part's last words begins, when nothing else in the part named a district."""
    if any(m.kind == "district" for m in found):
        return None
    ends = [m.start for m in found if m.kind == "state" and m.end == len(m.part.words) and m.start > 0]
    return min(ends) if ends else None


def part_reading(part: Part, found: tuple[Mention, ...]) -> PartReading:
    weighed: dict[int, list[tuple[float, Mention]]] = {}
    proposed: set[int] = set()
    states: set[str] = set()
    for mention in found:
        if mention.kind == "state":
            states.update(p.state_code for p in mention.places if p.state_code)
            continue
        for district_id, factor in mention.support.items():
            weighed.setdefault(district_id, []).append((factor * mention.weight, mention))
        if mention.kind == "district" or len(mention.districts) <= MAX_NAMESAKE_DISTRICTS:
            proposed.update(mention.districts)
    scores = {d: best_set(w) for d, w in weighed.items()}
    placed = frozenset(d for m in found for d, f in m.support.items() if f >= DRAWN_IN_FACTOR)
    whole_exact = any(m.how == "exact" and m.end - m.start == len(part.words) for m in found)
    return PartReading(part, found, scores, frozenset(proposed), frozenset(states), placed, whole_exact)


def best_set(weighed: list[tuple[float, Mention]]) -> tuple[float, tuple[Mention, ...]]:
    """The best readings of one part for a district without two sharing a word, and their total."""
    if len(weighed) == 1:
        return weighed[0][0], (weighed[0][1],)
    weighed = sorted(weighed, key=lambda item: -item[0])
    taken: set[int] = set()
    total, used = 0.0, []
    for weight, mention in weighed:
        words = set(range(mention.start, mention.end))
        if words & taken:
            continue
        taken |= words
        total += weight
        used.append(mention)
    return total, tuple(used)


def _runs(index: GazetteerIndex, part: Part) -> list[Mention]:
    """Exact and loose readings of the runs of words of a part, in every national table."""
    out: list[Mention] = []
    # "…, KL", "…, U.P.": a state's two letters, alone at the end of the address.
    alone_at_end = part.label is None and part.from_end == 0 and len(part.words) == 1
    if alone_at_end and (state := index.state_last.get(part.words[0])) is not None:
        return [mention_of(index, "state", Match((state,), 1.0, "exact"), part, 0, 1)]
    if _state_code_last(part) and (state := index.state_last.get(part.words[-1])) is not None:
        # "…, Chapra WB": a state's two letters as the last word of the address.
        last = len(part.words)
        out.append(mention_of(index, "state", Match((state,), 1.0, "exact"), part, last - 1, last))
    folded = fold_run(part.words)
    # Runs read as a district's whole name: a state's name inside one ("Koch Bihar") is not the state.
    district_runs: list[range] = []
    for start, end, text in ngrams(part):
        key = " ".join(folded[start:end])
        # "…, New Delhi", "…, Delhi": free words that name a state name the state, not its capital's district or
        # head post office; so do the last words of the address after a label ("blk. Ekma Saran Bihar").
        state_words = part.label is None or (part.from_end == 0 and end == len(part.words) and start > 0)
        inside_a_district = any(start in run and end - 1 in run for run in district_runs)
        if state_words and not inside_a_district and (state := index.state_typed.get(text)) is not None:
            out.append(mention_of(index, "state", Match((state,), 1.0, "exact"), part, start, end))
            continue
        if (
            part.label != "district"
            and key not in index.compass_keys
            and (match := index.district_names.get(key)).places
        ):
            out.append(mention_of(index, "district", match, part, start, end))
            if match.how == "exact" and end - start > 1:
                district_runs.append(range(start, end))
        by_kind, quality, how = index.lookup(key)
        for kind in KINDS:
            if places := by_kind.get(kind):
                out.append(mention_of(index, kind, Match(places, quality, how), part, start, end))
    return out


def _state_code_last(part: Part) -> bool:
    """Whether the part is the address's last, of free words, ending in a state's two letters after a name."""
    return (
        part.label is None
        and part.from_end == 0
        and len(part.words) >= 2
        and len(part.words[-1]) == 2
        and part.words[-1] not in CODES_ALSO_WORDS
    )


def _labelled_state(index: GazetteerIndex, part: Part) -> list[Mention]:
    for end in range(len(part.words), 0, -1):
        text = " ".join(part.words[:end])
        if (match := index.state_names.get(fold_key(text))).places:
            return [mention_of(index, "state", match, part, 0, end)]
    return []


def _district_value(index: GazetteerIndex, part: Part, likely: tuple[str, ...]) -> list[Mention]:
    """A labelled district: its whole value, or the longest head that is a name (the value may run into the
    next part: "dist Arwal Bihar"), else a reading by spelling."""
    words = part.words
    for end in range(len(words), 0, -1):
        text = " ".join(words[:end])
        if (match := index.district_names.get(fold_key(text))).places:
            return [mention_of(index, "district", match, part, 0, end)]
    return _spelt_district(index, part, likely)


def _spelt_district(index: GazetteerIndex, part: Part, likely: tuple[str, ...]) -> list[Mention]:
    words = part.words
    for end in range(len(words), 0, -1):
        typed = " ".join(words[:end])
        folded = fold_key(typed)
        for scope, cutoff in [*((s, SPELLING_IN_STATE) for s in likely), ("*", SPELLING_ANYWHERE)]:
            table = index.district_spellings.get(scope)
            ranked = table.ranked(typed, folded, cutoff) if table else []
            if ranked:
                top = ranked[0][1]
                near = tuple(p for p, s in ranked if s >= top - SPELLING_NEAR)
                return [mention_of(index, "district", Match(near, 0.9 * top, "spelling"), part, 0, end)]
    return []


def _spelt_free(
    index: GazetteerIndex, part: Part, likely: tuple[str, ...], *, upto: int | None = None, anywhere: bool = True
) -> list[Mention]:
    """A misspelt district among free words that name nothing ("…, Bgusarai"): the last words of the part (or the
    last before word ``upto``); in the likely states, then (``anywhere``) across India."""
    words = part.words[:upto]
    while words and words[-1] in GENERIC:  # "ghaziaad city": the name before an everyday word
        words = words[:-1]
    for n in (2, 1):
        # A run ending in an everyday word or holding a number is no district ("gaya road"); a direction word
        # before a name is part of it ("pashchim khamparan").
        if len(words) < n or words[-1] in GENERIC or any(w.isdigit() for w in words[-n:]):
            continue
        typed = " ".join(words[-n:])
        # Free words that name a state name the state ("…, New Delhi"), not a district spelt like it.
        if typed in index.state_typed:
            continue
        named = index.lookup(fold_key(typed))[0]
        # A namesake village or office elsewhere does not stop a misspelt district ("…, Benka").
        if len(typed.replace(" ", "")) < 5 or any(kind in named for kind in ("town", "block")):
            continue
        scopes = [*((s, SPELLING_IN_STATE) for s in likely), *([("*", SPELLING_FREE)] if anywhere else [])]
        for scope, cutoff in scopes:
            table = index.district_spellings.get(scope)
            ranked = table.ranked(typed, fold_key(typed), cutoff) if table else []
            if ranked:
                top = ranked[0][1]
                near = tuple(p for p, s in ranked if s >= top - SPELLING_NEAR)
                match = Match(near, 0.8 * top, "spelling")
                return [mention_of(index, "district", match, part, len(words) - n, len(words))]
    return []
