"""Area + state, no district ("Bhiwandi, Maharashtra", "Okhla Phase 2, Delhi"): search the state's towns,
post offices and blocks by the words of the address.

Used only when nothing in the address proposed a district but its state is known. A place is read when its
name holds every distinctive word of a run of the address's words, or the run holds every distinctive word of
its name: "Bhiwandi" is the town Bhiwandi Nizampur, "Okhla Phase 2" the office Okhla Industrial Area Phase II.
"""

from __future__ import annotations

from collections import defaultdict
from functools import lru_cache

from geo.geocoding.evidence import Mention, PartReading, mention_of, ngrams, part_reading
from geo.geocoding.gazetteer import GazetteerIndex
from geo.geocoding.keys import fold_key, skeleton_key
from geo.geocoding.tables import FUZZY_QUALITY, SKELETON_QUALITY, KeysByLength, Match, Place
from geo.geocoding.text import GENERIC_KEYS, ParsedAddress, Part
from geo.geocoding.weighing import Evidence

__all__ = ["state_readings"]

_KINDS = ("town", "office", "block")
#: Fewer places than this sharing a word: the word is distinctive enough to search by.
_MAX_PLACES_PER_WORD = 60
#: A partial reading is worth less than a name matched whole.
_PARTIAL_QUALITY = 0.8


def state_readings(index: GazetteerIndex, parsed: ParsedAddress, evidence: Evidence) -> list[PartReading]:
    """Partial readings of the parts in the states the address names (or its pincode's)."""
    states = evidence.labelled_states or evidence.free_states or {evidence.pin_state}
    # The words that named the state name no place in it ("Peenya, Karnataka": no office "Karnataka").
    state_words = {
        (m.part, i) for r in evidence.readings for m in r.mentions if m.kind == "state" for i in range(m.start, m.end)
    }
    out: list[PartReading] = []
    for part in parsed.parts:
        if part.label in ("district", "state"):
            continue
        found: list[Mention] = []
        for state in sorted(s for s in states if s):
            words_index = _word_index(index, state)
            for start, end, text in ngrams(part):
                if any((part, i) in state_words for i in range(start, end)):
                    continue
                for kind, places in _partial(words_index, fold_key(text)).items():
                    match = Match(places, _PARTIAL_QUALITY, "partial")
                    found.append(mention_of(index, kind, match, part, start, end))
        if found:
            out.append(part_reading(part, tuple(found)))
    # Nothing in the state holds the address's words: one of them may be a misspelt name there (only when the
    # address names no district: a named one was already read by its spelling).
    named_district = any(p.label == "district" for p in parsed.parts)
    for part in [] if out or named_district else [p for p in parsed.parts if p.label != "state"]:
        if found := _misspelt(index, part, sorted(s for s in states if s)):
            return [part_reading(part, tuple(found))]
    return out


def _misspelt(index: GazetteerIndex, part: Part, states: list[str]) -> list[Mention]:
    """A part that names nothing in the state, read as a misspelt town or post office of it ("Peratwada,
    Maharashtra" is Paratwada): the whole part first, then each distinctive word."""
    runs = [(0, len(part.words))] + [(i, i + 1) for i in range(len(part.words)) if len(part.words) > 1]
    for start, end in runs:
        key = fold_key(" ".join(part.words[start:end]))
        if len(key) < _MIN_MISSPELT or all(w in GENERIC_KEYS for w in key.split()):
            continue
        for state in states:
            if (found := _spellings(index, state).best(key, _MISSPELT_CUTOFF)) is not None:
                places = tuple(_spellings(index, state).places[found[0]])
                match = Match(places, FUZZY_QUALITY * found[1] / 100.0, "fuzzy")
                return [mention_of(index, places[0].kind, match, part, start, end)]
            # Vowels swapped or letters transposed ("Horanaud" for Horanadu, "Kaladig" for Kaladgi) fall below the
            # cut-off, but keep the consonants: a skeleton that one name of the state has.
            skeleton = skeleton_key(key)
            if len(skeleton) >= 4 and (places := _skeletons(index, state).get(skeleton, ())):
                match = Match(places, SKELETON_QUALITY * FUZZY_QUALITY, "skeleton")
                return [mention_of(index, places[0].kind, match, part, start, end)]
    return []


@lru_cache(maxsize=64)
def _skeletons(index: GazetteerIndex, state: str) -> dict[str, tuple[Place, ...]]:
    """The state's towns and offices by the skeleton of their name, where one name has that skeleton."""
    names: dict[str, set[str]] = defaultdict(set)
    places: dict[str, tuple[Place, ...]] = {}
    for key, places_of_name in _spellings(index, state).places.items():
        skeleton = skeleton_key(key)
        names[skeleton].add(key)
        places[skeleton] = tuple(places_of_name)
    return {skeleton: places[skeleton] for skeleton, keys in names.items() if len(keys) == 1}


#: A misspelt name is read only when this similar (``fuzz.ratio``) and this long: short names meet by chance.
_MISSPELT_CUTOFF = 88.0
_MIN_MISSPELT = 6


@lru_cache(maxsize=64)
def _spellings(index: GazetteerIndex, state: str) -> KeysByLength:
    """The state's towns and post offices by their fold key, for misspelt names; a town before an office."""
    by_key: dict[str, list[Place]] = {}
    for key, kinds in index.names.items():
        for kind in ("town", "office"):
            places = [p for p in kinds.get(kind, ()) if p.state_code == state]
            if places and key not in by_key:
                by_key[key] = places
    return KeysByLength(by_key)


def _partial(
    words_index: dict[str, dict[str, list[tuple[frozenset[str], Place]]]], key: str
) -> dict[str, tuple[Place, ...]]:
    """Places of each kind whose name's distinctive words and the run's cover one another."""
    wanted = frozenset(w for w in key.split() if w not in GENERIC_KEYS)
    if not wanted:
        return {}
    out: dict[str, tuple[Place, ...]] = {}
    for kind, by_word in words_index.items():
        pools = [by_word.get(w, []) for w in wanted]
        if not all(pools):
            continue
        smallest = min(pools, key=len)
        hits = tuple(p for words, p in smallest if wanted <= words or words <= wanted)
        if hits:
            out[kind] = hits
    return out


@lru_cache(maxsize=64)
def _word_index(index: GazetteerIndex, state: str) -> dict[str, dict[str, list[tuple[frozenset[str], Place]]]]:
    """For each kind, the state's places by each distinctive word of their names."""
    by_kind: dict[str, defaultdict[str, list[tuple[frozenset[str], Place]]]] = {k: defaultdict(list) for k in _KINDS}
    for key, kinds in index.names.items():
        words = frozenset(w for w in key.split() if w not in GENERIC_KEYS)
        for kind in _KINDS if words else ():
            for place in kinds.get(kind, ()):
                if place.state_code == state:
                    for word in words:
                        by_kind[kind][word].append((words, place))
    return {
        kind: {w: ps for w, ps in by_word.items() if len(ps) <= _MAX_PLACES_PER_WORD}
        for kind, by_word in by_kind.items()
    }
