"""States and districts by name: the aliases they go by, their two letters, the districts named by a compass
word, and the tables the geocoder reads them with (exact, typed, by spelling, glued at the end of a word).

Pure, like the rest of ``geo.geocoding``: built from the frames the query layer hands in.
"""

from __future__ import annotations

from collections.abc import Mapping

import pandas as pd

from geo.geocoding.keys import fold_key, typed_words
from geo.geocoding.tables import NameTable, Place, SpellingTable, frame_rows

__all__ = [
    "CITY_ALIASES",
    "CODES_ALSO_WORDS",
    "LAST_PART_STATES",
    "STATE_ALIASES",
    "coarse_words",
    "compass_only",
    "district_names",
    "district_spellings",
    "state_names",
    "state_typed",
]

STATE_ALIASES: dict[str, tuple[str, ...]] = {
    "09": ("up", "u p", "uttarpradesh"),
    "23": ("mp", "m p", "madhyapradesh"),
    # West Bengal's own name, Paschim Banga (Bengali), and the Hindi पश्चिम बंगाल as typed in Roman letters.
    "19": (
        "wb",
        "w b",
        "w bengal",
        "west bangal",
        # बंगाल as transliterated.
        "bangal",
        "westbengal",
        "bengal",
        "paschim banga",
        "paschimbanga",
        "pashchim banga",
        "paschim bangal",
        "pashchim bangal",
        "paschim bengal",
        "poschim bongo",
    ),
    "33": ("tn", "t n", "tamilnadu"),
    "02": ("hp", "h p", "himachal"),
    "01": ("jk", "j k", "j and k", "jammu kashmir"),
    "07": ("nct", "ncr", "delhi", "new delhi", "n delhi", "nct of delhi", "dilli", "nai dilli"),
    "37": ("ap", "a p", "andhra", "andhrapradesh"),
    "05": ("uk", "uttaranchal"),
    "22": ("cg", "chattisgarh", "chhatisgarh"),
    "21": ("orissa", "odisa", "orisa"),
    "34": ("pondicherry", "pondy"),
    "27": ("maharastra", "maharashtr", "maharshtra"),
    "36": ("telengana", "telangna"),
    "32": ("kerela", "keral", "keralam"),
    "29": ("karnatka", "karnatak"),
    "24": ("gujrat", "gujarath"),
    "08": ("rajsthan", "rajastan"),
    "06": ("hariyana", "haryna"),
    "03": ("panjab",),
    "20": ("jharkhand", "jharkhnd"),
    "10": ("bihaar",),
}
# Abbreviations that mean the state among free words ("Sector 18, Noida, UP"); "ka", "br" only as the last part.
_FREE_SHORT = frozenset(("up", "u p", "mp", "m p", "wb", "tn", "hp", "jk", "j k", "nct", "ncr", "ap", "dilli"))
# Two-letter codes of states that mean the state only as the whole last part of an address ("Kanchiyar, KL").
LAST_PART_STATES = {
    "ka": "29", "kl": "32", "pb": "03", "hr": "06", "gj": "24", "mh": "27", "br": "10", "rj": "08", "ts": "36",
    "od": "21", "or": "21", "jh": "20", "as": "18", "cg": "22", "uk": "05", "ga": "30", "tn": "33", "ap": "37",
    "up": "09", "mp": "23", "wb": "19", "hp": "02", "jk": "01", "dl": "07",
}  # fmt: skip
#: Two-letter state codes that are also everyday English words (and word endings: "kailas").
CODES_ALSO_WORDS = frozenset(("or", "as", "ga"))
# Cities known by a name that is no district's, town's or office's in the reference data.
CITY_ALIASES: dict[str, tuple[str, str]] = {
    "Navi Mumbai": ("27", "Thane"),
    "Gurgaon": ("06", "Gurugram"),
    "Bangalore": ("29", "Bengaluru Urban"),
    "Bengaluru": ("29", "Bengaluru Urban"),
    "Pimpri Chinchwad": ("27", "Pune"),
    "Secunderabad": ("36", "Hyderabad"),
    "Cochin": ("32", "Ernakulam"),
    "Kochi": ("32", "Ernakulam"),
    "Trivandrum": ("32", "Thiruvananthapuram"),
    "Calicut": ("32", "Kozhikode"),
    "Trichy": ("33", "Tiruchirappalli"),
    "Vizag": ("37", "Visakhapatnam"),
    "Baroda": ("24", "Vadodara"),
    "Noida": ("09", "Gautam Buddha Nagar"),
    "Greater Noida": ("09", "Gautam Buddha Nagar"),
}


def state_names(frames: Mapping[str, pd.DataFrame], states: dict[str, Place]) -> NameTable:
    table = NameTable()
    for r in frame_rows(frames, "states"):
        for name in (r.name_en, r.name_hi):
            table.add(fold_key(name), states[r.state_code])
    for code, names in STATE_ALIASES.items():
        for name in names:
            if code in states:
                table.add(fold_key(name), states[code])
    return table


def state_typed(frames: Mapping[str, pd.DataFrame], states: dict[str, Place]) -> dict[str, Place]:
    named = [(r.state_code, n) for r in frame_rows(frames, "states") for n in (r.name_en, r.name_hi) if n]
    named += [(code, n) for code, names in STATE_ALIASES.items() for n in names if len(n) > 3 or n in _FREE_SHORT]
    return {" ".join(typed_words(name)): states[code] for code, name in named if code in states}


def district_names(
    frames: Mapping[str, pd.DataFrame], districts: dict[int, Place], states: dict[str, Place]
) -> NameTable:
    table = NameTable()
    named = [(r.name_en, districts[int(r.district_id)]) for r in frame_rows(frames, "districts")]
    named += [(r.name_hi, districts[int(r.district_id)]) for r in frame_rows(frames, "districts") if r.name_hi]
    named += [(r.alias, districts[p]) for r in frame_rows(frames, "aliases") if (p := int(r.district_id)) in districts]
    for name, place in named:
        table.add(fold_key(name), place)
        if initial := _direction_initial(name):
            table.add(fold_key(initial), place)
    # Not shortened: "N. Delhi" is New Delhi, not North Delhi.
    for name, place in _compass_with_state(districts, states):
        table.add(fold_key(name), place)
    return table


_COMPASS = frozenset(("north", "south", "east", "west", "central"))


def compass_only(name: str) -> bool:
    words = typed_words(name)
    return bool(words) and set(words) <= _COMPASS


def _compass_with_state(districts: dict[int, Place], states: dict[str, Place]) -> list[tuple[str, Place]]:
    """A district named by a compass word, with its state's name after or before it: "South Delhi",
    "Delhi North West" (the Hindi names read so too: दक्षिणी दिल्ली)."""
    out = []
    for place in districts.values():
        state = states.get(place.state_code or "")
        if state is None or not compass_only(place.name):
            continue
        out.append((f"{state.name} {place.name}", place))
        # "Central New Delhi": after the compass word, the state's other names of one or two words too (before
        # it, "New Delhi South Ext. II" is a post office).
        for state_name in (state.name, *(a for a in STATE_ALIASES.get(state.state_code or "", ()) if len(a) >= 4)):
            out.append((f"{place.name} {state_name}", place))
    return out


_DIRECTIONS = {"west": "w", "east": "e", "north": "n", "south": "s", "paschim": "w", "pashchim": "w", "purba": "e",
               "purbi": "e", "purvi": "e", "uttar": "n", "dakshin": "s"}  # fmt: skip


def _direction_initial(name: str) -> str | None:
    """ "West Champaran" as clerks shorten it: "W. Champaran" (the initial of its direction word, either end)."""
    words = list(typed_words(name))
    for i in (0, len(words) - 1):
        if len(words) > 1 and words[i] in _DIRECTIONS:
            words[i] = _DIRECTIONS[words[i]]
            return " ".join(words)
    return None


def district_spellings(
    frames: Mapping[str, pd.DataFrame], districts: dict[int, Place], states: dict[str, Place]
) -> dict[str, SpellingTable]:
    """Every name a district goes by (its HQ town's too), as typed and folded, per state and for all of India;
    a compass word alone is no name to misspell ("centre" is not Central)."""
    named: list[tuple[str, Place]] = []
    for r in frame_rows(frames, "districts"):
        place = districts[int(r.district_id)]
        named += [(n, place) for n in (r.name_en, r.name_hi, r.hq_name) if n and not compass_only(n)]
    named += [
        (r.alias, districts[int(r.district_id)])
        for r in frame_rows(frames, "aliases")
        if int(r.district_id) in districts
    ]
    named += _compass_with_state(districts, states)
    out: dict[str, SpellingTable] = {"*": SpellingTable()}
    for name, place in named:
        typed, folded = " ".join(typed_words(name)), fold_key(name)
        out["*"].add(typed, folded, place)
        out.setdefault(place.state_code or "", SpellingTable()).add(typed, folded, place)
    return out


def coarse_words(frames: Mapping[str, pd.DataFrame], districts: dict[int, Place], states: dict[str, Place]) -> set[str]:
    """District and state names of one word, and the aliases of districts and states, as typed."""
    names = [p.name for p in districts.values()] + [p.name for p in states.values()]
    names += [n for aliases in STATE_ALIASES.values() for n in aliases]
    names += [r.alias for r in frame_rows(frames, "aliases")]
    return {w for name in names if len(words := typed_words(name)) == 1 for w in words}
