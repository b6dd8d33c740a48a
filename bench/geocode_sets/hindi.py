"""Devanagari as people type Bihar's place names: a Roman-to-Devanagari spelling guesser and the variations
people make (nukta or none, chandrabindu or anusvara, long or short vowels, schwa, व/ब, श/स).

The guesser is deliberately not a letter-by-letter transliteration of the Census spelling: it spells the way a
Hindi writer would (a final ``a`` is ``ा``, a medial one is silent, ``rh`` is ``ढ़``, ``n`` before a consonant is
an anusvara, clusters are written with or without the half letter), drawing among the spellings people use.
Common name parts (``pur``, ``tola``, ``bazar``, ``bigha``, ``dih``...) come from a word list.
"""

from __future__ import annotations

import random
import re

# Name parts with the spellings in use, most common first.
WORDS: dict[str, tuple[str, ...]] = {
    "tola": ("टोला",),
    "toli": ("टोली",),
    "tol": ("टोल",),
    "chak": ("चक",),
    "khurd": ("खुर्द", "खुर्द"),
    "kalan": ("कलां", "कला", "कलाँ"),
    "buzurg": ("बुजुर्ग", "बुज़ुर्ग"),
    "urf": ("उर्फ", "उर्फ़"),
    "bazar": ("बाजार", "बाज़ार"),
    "bazaar": ("बाजार",),
    "dih": ("डीह", "डिह"),
    "diha": ("डीहा", "डिहा"),
    "bigha": ("बीघा", "बिगहा"),
    "patti": ("पट्टी", "पटटी"),
    "milik": ("मिलिक",),
    "arazi": ("अराजी",),
    "nagar": ("नगर",),
    "pur": ("पुर", "पूर"),
    "pura": ("पुरा", "पूरा"),
    "ganj": ("गंज", "गँज"),
    "sarai": ("सराय", "सराय"),
    "garh": ("गढ़", "गढ"),
    "ram": ("राम",),
    "mohammad": ("मोहम्मद", "मुहम्मद"),
    "mohammadpur": ("मोहम्मदपुर", "मुहम्मदपुर"),
    "ghat": ("घाट",),
    "hat": ("हाट",),
    "haat": ("हाट",),
    "pipra": ("पिपरा",),
    "chhapra": ("छपरा",),
    "bishunpur": ("बिशुनपुर", "विशुनपुर"),
    "kishunpur": ("किशुनपुर",),
    "lachhmipur": ("लछमीपुर", "लक्ष्मीपुर"),
    "lakshmipur": ("लक्ष्मीपुर",),
    "nawada": ("नवादा",),
    "parsa": ("परसा",),
    "dumri": ("डुमरी",),
    "bela": ("बेला",),
    "pakri": ("पकड़ी", "पकरी"),
    "purab": ("पूरब", "पुरब"),
    "purbi": ("पूर्वी", "पुर्वी"),
    "pashchim": ("पश्चिम",),
    "pachhim": ("पछिम", "पश्चिम"),
    "uttar": ("उत्तर",),
    "uttari": ("उत्तरी",),
    "dakhin": ("दक्षिण", "दखिन"),
    "dakshin": ("दक्षिण",),
    "kothi": ("कोठी",),
    "tand": ("टांड़", "टाँड"),
    "tanr": ("टांड़", "टाड़"),
    "diara": ("दियारा",),
    "asthan": ("अस्थान", "स्थान"),
    "sthan": ("स्थान",),
    "mahal": ("महल",),
    "bhawan": ("भवन",),
    "bari": ("बाड़ी", "बारी"),
    "chowk": ("चौक",),
    "chauk": ("चौक",),
    "tal": ("ताल",),
    "sharif": ("शरीफ", "शरीफ़"),
    "sadar": ("सदर",),
    "town": ("टाउन",),
    "road": ("रोड",),
    "nagar parishad": ("नगर परिषद",),
}
SUFFIXES = ("bazar", "nagar", "pura", "ganj", "garh", "bigha", "sarai", "patti", "tola", "toli", "diha", "pur", "dih")

CONSONANTS: dict[str, tuple[tuple[str, float], ...]] = {
    "chh": (("छ", 1.0),),
    "kh": (("ख", 1.0),),
    "gh": (("घ", 1.0),),
    "ch": (("च", 1.0),),
    "jh": (("झ", 1.0),),
    "th": (("थ", 0.6), ("ठ", 0.4)),
    "dh": (("ध", 0.7), ("ढ", 0.3)),
    "ph": (("फ", 1.0),),
    "bh": (("भ", 1.0),),
    "sh": (("श", 0.9), ("ष", 0.1)),
    "rh": (("ढ़", 0.8), ("ढ", 0.2)),
    "tt": (("ट्ट", 0.6), ("त्त", 0.4)),
    "dd": (("ड्ड", 0.6), ("द्द", 0.4)),
    "kk": (("क्क", 1.0),),
    "pp": (("प्प", 1.0),),
    "ll": (("ल्ल", 1.0),),
    "nn": (("न्न", 1.0),),
    "mm": (("म्म", 1.0),),
    "ss": (("स्स", 1.0),),
    "bb": (("ब्ब", 1.0),),
    "gg": (("ग्ग", 1.0),),
    "jj": (("ज्ज", 1.0),),
    "k": (("क", 1.0),),
    "g": (("ग", 1.0),),
    "c": (("क", 1.0),),
    "j": (("ज", 1.0),),
    "t": (("त", 0.6), ("ट", 0.4)),
    "d": (("द", 0.6), ("ड", 0.4)),
    "n": (("न", 1.0),),
    "p": (("प", 1.0),),
    "b": (("ब", 1.0),),
    "m": (("म", 1.0),),
    "y": (("य", 1.0),),
    "r": (("र", 1.0),),
    "l": (("ल", 1.0),),
    "v": (("व", 1.0),),
    "w": (("व", 1.0),),
    "s": (("स", 1.0),),
    "h": (("ह", 1.0),),
    "f": (("फ", 0.6), ("फ़", 0.4)),
    "z": (("ज", 0.6), ("ज़", 0.4)),
    "q": (("क", 0.6), ("क़", 0.4)),
    "x": (("क्स", 1.0),),
}
# vowel -> (independent letter, sign after a consonant)
VOWELS: dict[str, tuple[str, str]] = {
    "aa": ("आ", "ा"),
    "ee": ("ई", "ी"),
    "ii": ("ई", "ी"),
    "oo": ("ऊ", "ू"),
    "ai": ("ऐ", "ै"),
    "au": ("औ", "ौ"),
    "ou": ("औ", "ौ"),
    "ei": ("ए", "े"),
    "ey": ("ए", "े"),
    "a": ("अ", ""),
    "e": ("ए", "े"),
    "i": ("इ", "ि"),
    "o": ("ओ", "ो"),
    "u": ("उ", "ु"),
}
_UNITS = sorted([*CONSONANTS, *VOWELS], key=len, reverse=True)
HALANT = "्"
# a nasal before a consonant of its own class is mostly written as an anusvara (गंज, चंदन, संपत), else in full
HOMORGANIC = {("n", c): 0.75 for c in ("k", "kh", "g", "gh", "ch", "chh", "j", "jh", "t", "th", "d", "dh")} | {
    ("m", c): 0.5 for c in ("p", "ph", "b", "bh")
}
WORD_INITIAL_CLUSTERS = {"pr", "br", "kr", "gr", "tr", "dr", "shr", "sr", "sw", "st", "sh", "bhr", "phr", "kl", "pl"}


def _pick(rng: random.Random, options: tuple[tuple[str, float], ...]) -> str:
    if len(options) == 1:
        return options[0][0]
    return rng.choices([o for o, _ in options], weights=[w for _, w in options])[0]


def _units(word: str) -> list[str]:
    units, i = [], 0
    while i < len(word):
        for unit in _UNITS:
            if word.startswith(unit, i):
                # 'y' between a consonant and a vowel, or at the start, is a consonant; at the end it is 'i'
                units.append(unit)
                i += len(unit)
                break
        else:
            i += 1  # a letter we do not spell (apostrophes, digits)
    return units


def _spell_stem(stem: str, rng: random.Random) -> str:  # noqa: C901, PLR0912
    units = _units(stem)
    out: list[str] = []
    last = len(units) - 1
    for i, unit in enumerate(units):
        prev = units[i - 1] if i else ""
        nxt = units[i + 1] if i < last else ""
        if unit in VOWELS:
            independent, sign = VOWELS[unit]
            if not prev or prev in VOWELS:
                if unit == "a" and prev in ("i", "ee", "ii"):
                    out.append("या" if rng.random() < 0.8 else "आ")
                elif unit == "a" and i == last and prev:
                    out.append("आ")
                else:
                    out.append(independent)
                continue
            if unit == "a":
                if i == last:
                    sign = "ा" if rng.random() < 0.9 else ""
                elif rng.random() < 0.15:
                    sign = "ा"
            elif unit == "i" and nxt in VOWELS:
                sign = "ि"
            elif unit == "i":
                sign = "ी" if (i == last) == (rng.random() < 0.85) else "ि"
            elif unit == "u" and rng.random() < 0.2:
                sign = "ू"
            out.append(sign)
            continue
        # a consonant
        if unit == "y" and i == last and prev not in VOWELS:
            out.append("ी")
            continue
        if prev in VOWELS and (unit, nxt) in HOMORGANIC:
            out.append("ं" if rng.random() < HOMORGANIC[(unit, nxt)] else CONSONANTS[unit][0][0] + HALANT)
            continue
        out.append(_pick(rng, CONSONANTS[unit]))
        if nxt and nxt not in VOWELS:
            if i == 0 and unit + nxt in WORD_INITIAL_CLUSTERS:
                p_half = 1.0
            elif i + 1 == last:
                p_half = 0.8  # a final cluster: खुर्द
            else:
                p_half = 0.55 if nxt in ("r", "y", "w", "v") else 0.3
            if rng.random() < p_half:
                out.append(HALANT)
    return "".join(out)


def _spell_word(word: str, rng: random.Random) -> str:
    if word in WORDS:
        return rng.choice(WORDS[word]) if rng.random() < 0.3 else WORDS[word][0]
    for suffix in SUFFIXES:
        if word.endswith(suffix) and len(word) - len(suffix) >= 2:
            return _spell_word(word[: -len(suffix)], rng) + _spell_word(suffix, rng)
    return _spell_stem(word, rng)


def to_devanagari(name: str, rng: random.Random) -> str:
    """A Hindi writer's spelling of a Roman place name (one of several in use)."""
    return re.sub(r"[A-Za-z]+", lambda m: _spell_word(_english_ending(m.group(0).lower()), rng), name)


def _english_ending(word: str) -> str:
    """``Bettiah`` is बेतिया: a final ``h`` after ``ia``/``ea`` is an English spelling habit, not a letter."""
    return word[:-1] if len(word) > 4 and word.endswith(("iah", "eah")) else word


_SWAPS = (
    ("ि", "ी"),
    ("ी", "ि"),
    ("ु", "ू"),
    ("ू", "ु"),
    ("ं", "ँ"),
    ("ँ", "ं"),
    ("ड़", "ड"),
    ("ढ़", "ढ"),
    ("ज़", "ज"),
    ("फ़", "फ"),
    ("ड", "ड़"),
    ("व", "ब"),
    ("ब", "व"),
    ("श", "स"),
    ("ष", "श"),
    ("ण", "न"),
    ("ै", "े"),
    ("ौ", "ो"),
    ("े", "ै"),
    ("पुर", "पूर"),
    ("ं", "न्"),
)
_CONSONANT_RE = "[\u0915-\u0939\u0958-\u095f]"


def vary(text: str, rng: random.Random, ops: int = 1) -> str:
    """The spelling slips and variants of written Hindi: swap one vowel length, nukta, nasal or letter pair,
    drop or add a medial ``ा``, write a half letter in full or the reverse."""
    for _ in range(ops):
        choice = rng.random()
        if choice < 0.7:
            present = [(a, b) for a, b in _SWAPS if a in text]
            if present:
                a, b = rng.choice(present)
                spots = [m.start() for m in re.finditer(re.escape(a), text)]
                at = rng.choice(spots)
                text = text[:at] + b + text[at + len(a) :]
                continue
        if choice < 0.85:
            spots = [m.end() for m in re.finditer(_CONSONANT_RE + "ा(?=" + _CONSONANT_RE + ")", text)]
            if spots and rng.random() < 0.5:
                at = rng.choice(spots)
                text = text[: at - 1] + text[at:]
                continue
            spots = [m.end() for m in re.finditer(_CONSONANT_RE + "(?=" + _CONSONANT_RE + ")", text)]
            if spots:
                at = rng.choice(spots)
                text = text[:at] + "ा" + text[at:]
                continue
        halants = [m.start() for m in re.finditer(HALANT, text)]
        if halants:
            at = rng.choice(halants)
            text = text[:at] + text[at + 1 :]
    return text


DIGITS = str.maketrans("0123456789", "०१२३४५६७८९")


def devanagari_digits(text: str) -> str:
    return text.translate(DIGITS)
