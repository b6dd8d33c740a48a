"""Devanagari for a place whose Hindi name is not at hand, written from its English spelling.

Official Hindi names exist here only for some places (``districts_hi.csv``, the LGD's Bihar blocks). For the
rest, a Hindi reader still needs a name in Devanagari, so one is transliterated from the English name and
stored as such (``name_hi_source = 'transliterated'``), never passed off as official and never used to match
addresses. English spellings of Indian names are ambiguous ("t" is त in Sitapur and ट in Patna), so the
result is a readable approximation: whole words that are common in place names come from a table, the rest
from sound-by-sound rules (aspirates and "sh", long vowels written double, a final "a" long, nasals before a
consonant as anusvara, doubled and "r"-clusters as conjuncts).
"""

from __future__ import annotations

import re
from typing import TypeVar

import pandas as pd

Frame = TypeVar("Frame", bound=pd.DataFrame)

# Whole words that recur in place names, written as Hindi writes them.
WORDS = {
    "north": "उत्तर",
    "south": "दक्षिण",
    "east": "पूर्व",
    "west": "पश्चिम",
    "central": "मध्य",
    "upper": "अपर",
    "lower": "लोअर",
    "rural": "ग्रामीण",
    "urban": "शहरी",
    "sadar": "सदर",
    "city": "सिटी",
    "district": "ज़िला",
    "hills": "हिल्स",
    "hill": "हिल",
    "island": "द्वीप",
    "islands": "द्वीपसमूह",
    "nagar": "नगर",
    "pur": "पुर",
    "garh": "गढ़",
    "ganj": "गंज",
    "abad": "आबाद",
    "bad": "बाद",
    "gaon": "गांव",
    "valley": "वैली",
    "and": "और",
    "part": "भाग",
    "new": "नई",
    "old": "पुराना",
    "twenty": "चौबीस",  # only ever "Twenty Four Parganas"
    "four": "",
    "parganas": "परगना",
    "block": "प्रखंड",
    "tehsil": "तहसील",
    "taluk": "तालुक",
    "mandal": "मंडल",
    "suburban": "उपनगरीय",
    "metropolitan": "महानगरीय",
    "sri": "श्री",
    "shri": "श्री",
    "delhi": "दिल्ली",
    "uttar": "उत्तर",
    "dakshin": "दक्षिण",
    "purba": "पूर्व",
    "purbi": "पूर्वी",
    "purvi": "पूर्वी",
    "paschim": "पश्चिम",
    "pashchim": "पश्चिम",
    "mumbai": "मुंबई",
    "kolkata": "कोलकाता",
    "chennai": "चेन्नई",
}
# Initials ("Y.S.R. Kadapa") are read letter by letter.
_LETTERS = (
    "a:ए b:बी c:सी d:डी e:ई f:एफ़ g:जी h:एच i:आई j:जे k:के l:एल m:एम "
    "n:एन o:ओ p:पी q:क्यू r:आर s:एस t:टी u:यू v:वी w:डब्ल्यू x:एक्स y:वाई z:ज़ेड"
)
LETTER_NAMES = {letter: spoken for letter, spoken in (pair.split(":") for pair in _LETTERS.split())}
# Endings common in place names (longest first), so that "Muzaffarpur" keeps "पुर" and "Ahmedabad" "ाबाद".
ENDINGS = (
    ("abad", "ाबाद"),
    ("pur", "पुर"),
    ("nagar", "नगर"),
    ("garh", "गढ़"),
    ("ganj", "गंज"),
)

CONSONANTS = {
    "chh": "छ",
    "ksh": "क्ष",
    "shr": "श्र",
    "kh": "ख",
    "gh": "घ",
    "ch": "च",
    "jh": "झ",
    "th": "थ",
    "dh": "ध",
    "ph": "फ",
    "bh": "भ",
    "sh": "श",
    "rh": "ढ़",
    "k": "क",
    "g": "ग",
    "c": "क",
    "j": "ज",
    "t": "त",
    "d": "द",
    "n": "न",
    "p": "प",
    "b": "ब",
    "m": "म",
    "y": "य",
    "r": "र",
    "l": "ल",
    "v": "व",
    "w": "व",
    "s": "स",
    "h": "ह",
    "f": "फ़",
    "z": "ज़",
    "q": "क़",
    "x": "क्स",
}
# Vowel letters: (independent form at the start of a word or after a vowel, sign after a consonant).
VOWELS = {
    "aa": ("आ", "ा"),
    "ee": ("ई", "ी"),
    "oo": ("ऊ", "ू"),
    "ai": ("ऐ", "ै"),
    "au": ("औ", "ौ"),
    "ou": ("औ", "ौ"),
    "a": ("अ", ""),
    "i": ("इ", "ि"),
    "u": ("उ", "ु"),
    "e": ("ए", "े"),
    "o": ("ओ", "ो"),
}
VIRAMA = "्"
ANUSVARA = "ं"
_UNITS = sorted([*CONSONANTS, *VOWELS], key=len, reverse=True)
_CLUSTER_SECOND = {"र", "य", "व"}  # "pr", "dy", "sw": written as conjuncts
# Inside a word, only these join the "r" or "y" after them ("Chitrakoot", "Madhya"; not "Kamrup").
_JOINS_R = {"t", "d", "p", "b", "k", "g", "sh", "s", "bh", "dh", "gh", "kh", "ph", "th"}
_JOINS_Y = {"d", "dh", "t", "th", "sh", "s", "v", "k", "g", "bh"}
_ASPIRATE = {"d": "dh", "t": "th", "k": "kh", "g": "gh", "ch": "chh", "j": "jh", "p": "ph", "b": "bh"}
# English spellings: "ck" and "tch" are one sound; a final "y" after a consonant and "ai" are long vowels; the
# "e" of "-ore" is silent ("Nellore").
_SPELLINGS = (
    (re.compile(r"ck"), "k"),
    (re.compile(r"tch"), "ch"),
    (re.compile(r"(?<=[^aeiou])y$"), "ee"),
    (re.compile(r"ore$"), "or"),
)
DEVANAGARI = re.compile(r"[\u0900-\u097F]")


def with_hindi_names(places: Frame) -> Frame:
    """``places`` with every ``name_hi`` filled and ``name_hi_source`` saying which are official (given) and which
    are transliterated from ``name_en`` here."""
    out = places.copy()
    # Some "Hindi" names in the sources are the English name again ("Colgong"): not a Hindi name.
    given = out["name_hi"].map(lambda v: isinstance(v, str) and DEVANAGARI.search(v) is not None)
    out["name_hi_source"] = given.map({True: "official", False: "transliterated"})
    out.loc[~given, "name_hi"] = out.loc[~given, "name_en"].map(devanagari)
    return out


def devanagari(name: str) -> str:
    """The English place name ``name`` written in Devanagari, word by word; words that are not Latin letters
    (numbers, Devanagari) are kept as they are."""
    # "R.Udaygiri", "K.V.B.Puram": initials glued to the name; "Jakholi*": a Census footnote mark.
    spaced = name.replace(".", ". ").replace("*", " ")
    words = [w for w in re.split(r"[\s\-/()]+", spaced.strip()) if w]
    out = [_word(w) for w in words]
    return " ".join(w for w in out if w)


def _word(word: str) -> str:
    lower = word.lower().strip(",()")
    if lower in WORDS:
        return WORDS[lower]
    if re.fullmatch(r"([a-z]\.)+[a-z]?\.?", lower):
        return ".".join(LETTER_NAMES[c] for c in lower if c.isalpha()) + "."
    lower = lower.strip(".")
    if not lower.isascii() or not lower.isalpha():
        return word
    for pattern, spelling in _SPELLINGS:
        lower = pattern.sub(spelling, lower)
    for ending, written in ENDINGS:
        if lower.endswith(ending) and len(lower) > len(ending) + 1:
            return _with_ending(lower[: -len(ending)], ending, written)
    return _letters(lower, final=True)


def _with_ending(stem: str, ending: str, written: str) -> str:
    if ending != "abad":
        return _letters(stem, final=False) + written
    if stem[-1] in "iu":
        return _letters(stem, final=False) + "याबाद"  # "Ghaziabad"
    if stem[-1] in "aeo":
        return _letters(stem, final=False) + "आबाद"
    return _letters(stem, final=False) + written  # "Ahmedabad", "Moradabad"


def _units(word: str) -> list[str]:
    units, i = [], 0
    while i < len(word):
        unit = next((u for u in _UNITS if word.startswith(u, i)), word[i])
        units.append(unit)
        i += len(unit)
    return units


def _letters(word: str, *, final: bool) -> str:
    """Sound-by-sound Devanagari for one word; ``final``: the word ends the name (a final "a" or "i" is long)."""
    units = [u for u in _units(word) if u in CONSONANTS or u in VOWELS]
    out: list[str] = []
    for i, unit in enumerate(units):
        before = units[i - 1] if i else None
        after = units[i + 1] if i + 1 < len(units) else None
        if unit in VOWELS:
            out.append(_vowel(unit, before, after, final=final))
        else:
            out.append(_consonant(unit, before, after))
    return "".join(out)


def _vowel(unit: str, before: str | None, after: str | None, *, final: bool) -> str:
    independent, sign = VOWELS[unit]
    if unit == "a" and before in ("i", "ee"):
        return "या"  # "Purnia", "Araria"
    if unit == "ai" and after is None and before in CONSONANTS:
        return "ई"  # "Mumbai", "Chennai"
    if after is None and final and unit in ("a", "i"):
        independent, sign = VOWELS["aa" if unit == "a" else "ee"]
    if before is None or before in VOWELS:
        return independent
    return sign


def _consonant(unit: str, before: str | None, after: str | None) -> str:
    letter = CONSONANTS[unit]
    follows_vowel = before in VOWELS
    if unit == after:
        return letter + VIRAMA  # "Kanniyakumari": a doubled nasal is a conjunct, not an anusvara
    if unit in ("n", "m") and follows_vowel and after in CONSONANTS and after not in ("y", "r", "h", "v", "w"):
        return ANUSVARA
    if after is not None and after in CONSONANTS and _joins(unit, after, before):
        return letter + VIRAMA
    return letter


def _joins(unit: str, after: str, before: str | None) -> bool:
    """Whether ``unit`` and the consonant ``after`` it are written as one conjunct."""
    if unit == after or _ASPIRATE.get(unit) == after:
        return True  # "tt", "ff", "ll"; "ddh" in "Buddha"
    if CONSONANTS[after] in _CLUSTER_SECOND and before is None and unit not in ("r", "y", "h"):
        return True  # "Pratapgarh", "Shravasti", "Dwarka" at the start of a word
    if (after == "r" and unit in _JOINS_R) or (after == "y" and unit in _JOINS_Y):
        return True  # "Chitrakoot", "Madhya"
    return unit in ("s", "sh") and after in ("t", "th", "k", "p", "ch")  # "Samastipur", "Kishtwar"
