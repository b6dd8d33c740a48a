"""Parse the addresses officials and call-centre agents type into labelled parts.

Input comes in English or Devanagari, with or without labels and punctuation:
"ग्राम- रामपुर, पो.- चकिया, थाना- केसरिया, जिला- पूर्वी चंपारण",
"vill rampur po chakia dist east champaran 845412", "Okhla Phase 2, New Delhi".
Devanagari is transliterated first (``geo.normalize.to_ascii``), so one set of Latin
label words serves both scripts. Everything after a label, up to the next label or comma,
is that label's value; text with no label is kept as free segments for the geocoder to
scan against the gazetteer.
"""

from __future__ import annotations

import operator
import re
from dataclasses import dataclass, field
from functools import lru_cache
from typing import NamedTuple

from geo.normalize import fold_words, normalise_name, to_ascii


class StructuredAddress(NamedTuple):
    """An address as separate fields; any may be missing. ``text`` holds anything unlabelled.

    A named tuple because a survey brings lakhs of them: built, hashed and compared in C.
    """

    village: str | None = None
    panchayat: str | None = None
    post_office: str | None = None
    police_station: str | None = None
    block: str | None = None
    district: str | None = None
    state: str | None = None
    pincode: str | None = None
    text: str | None = None


FIELDS = ("village", "panchayat", "post_office", "police_station", "block", "district", "state")
_FIELD_VALUES = operator.attrgetter(*FIELDS)


@dataclass(frozen=True)
class ParsedAddress:
    """Normalised matching keys of each labelled part, the free segments and the pincode."""

    parts: dict[str, str] = field(default_factory=dict)
    free: tuple[str, ...] = ()
    pincode: str | None = None
    #: Each folded word as it was typed (lowercase ASCII). Folding can turn one slip into several
    #: differences ("Kamiur" -> "kamiur" against "kaimur"), so typo matching compares typed forms.
    spellings: dict[str, str] = field(default_factory=dict)

    @property
    def is_empty(self) -> bool:
        return not self.parts and not self.free and self.pincode is None


# Label words as they appear after transliteration (ग्राम -> gram, थाना -> thana, जिला -> jila).
_LABELS: dict[str, str] = {
    **dict.fromkeys(
        (
            "vill",
            "vil",
            "vll",
            "village",
            "gram",
            "gra",
            "graam",
            "gaon",
            "ganv",
            "gav",
            "gaanv",
            "mauza",
            "mouza",
            "mauja",
            "mohalla",
            "mohall",
            "tola",
            "at",
        ),
        "village",
    ),
    **dict.fromkeys(("panchayat", "panchayt", "gp", "gram panchayat", "grampanchayat", "pt"), "panchayat"),
    **dict.fromkeys(
        ("po", "post", "post office", "postoffice", "dak", "dakghar", "daakghar", "p o", "pos"), "post_office"
    ),
    **dict.fromkeys(("ps", "p s", "thana", "thaana", "police station", "pstn"), "police_station"),
    **dict.fromkeys(
        (
            "block",
            "blk",
            "blok",
            "prakhand",
            "prakhanda",
            "prakhnd",
            "anchal",
            "cd block",
            "tehsil",
            "tahsil",
            "taluka",
            "taluk",
            "mandal",
        ),
        "block",
    ),
    **dict.fromkeys(
        ("dist", "distt", "district", "dt", "jila", "zila", "zilla", "jilla", "jile", "zile", "jilha"), "district"
    ),
    **dict.fromkeys(("state", "rajya", "rajy", "pradesh"), "state"),
    **dict.fromkeys(("pin", "pincode", "pin code", "pinkod", "pin kod"), "pincode"),
}
# "pradesh" alone is a label only after a comma; inside "Uttar Pradesh" it is part of the name.
_ONLY_LEADING = {"pradesh", "at", "pt", "pos", "dt"}
# Words that carry no place information; agents type them freely ("near", "h no 12").
# Street words ("road", "gali") stay: post offices are named after them ("A K Road SO").
_NOISE = frozenset(
    (
        "near",
        "nr",
        "nearby",
        "opp",
        "opposite",
        "behind",
        "beside",
        "via",
        "ke",
        "paas",
        "pas",
        "the",
        "of",
        "h",
        "no",
        "house",
        "hno",
        "plot",
        "flat",
        "room",
        "in",
        "india",
        "bharat",
        "ward",
        "wd",
    )
)
_PINCODE = re.compile(r"(?<!\d)([1-9]\d{2})\s?(\d{3})(?!\d)")
_DOTTED = re.compile(r"\b([a-z])\s*\.\s*([a-z])\s*\.?(?=\W|$)")
# Brackets are not separators: "Baruraj (Motipur)" is one block name.
SEPARATORS = re.compile(r"[,;|/\n\r]+|\s+[-–]+\s+")
_TOKEN = re.compile(r"[a-z0-9]+")


def parse_address(address: str | StructuredAddress) -> ParsedAddress:
    """Labelled parts, free segments and pincode of an address given as text or as fields."""
    if isinstance(address, StructuredAddress):
        return _parse_structured(address)
    return _parse_text(address or "")


_EMPTY = ParsedAddress()


def _parse_structured(address: StructuredAddress) -> ParsedAddress:
    parsed = _parse_text(address.text) if address.text else _EMPTY
    parts = dict(parsed.parts)
    spellings = dict(parsed.spellings)
    for name, raw in zip(FIELDS, _FIELD_VALUES(address), strict=True):
        reading = read_field(raw)
        if reading.part:
            parts[name] = reading.part
            for key, word in reading.words:
                spellings.setdefault(key, word)
    pincode = structured_pincode(address) or parsed.pincode
    return ParsedAddress(parts=parts, free=parsed.free, pincode=pincode, spellings=spellings)


def structured_pincode(address: StructuredAddress) -> str | None:
    """The pincode of an address given as fields, from its ``pincode`` field only."""
    return _find_pincode(address.pincode) if address.pincode else None


class FieldReading(NamedTuple):
    """One field's value read once: its words as typed, its matching key, and each word both ways."""

    #: Lowercase ASCII words (Devanagari transliterated), without the spelling folds.
    typed: str
    #: ``normalise_name`` of the value, what ``parse_address`` files under the field's label; None if blank.
    part: str | None
    #: (folded, as typed) for each word.
    words: tuple[tuple[str, str], ...]


_BLANK = FieldReading("", None, ())


# A survey names a few thousand villages and a few hundred blocks across lakhs of addresses:
# each distinct field value is read once.
@lru_cache(maxsize=200_000)
def read_field(raw: str | None) -> FieldReading:
    """``raw`` as the parser and the geocoder's cache read it (blank for None or "")."""
    if not raw:
        return _BLANK
    typed = typed_key(raw)
    words = typed.split()
    # The words as typed are the words ``normalise_name`` folds: each is folded once, for both uses.
    folded = fold_words(words)
    return FieldReading(typed, " ".join(folded) or None, tuple(zip(folded, words, strict=True)))


# Loaders group a file's addresses by this before geocoding, so it is cached apart from ``read_field``.
@lru_cache(maxsize=200_000)
def typed_key(name: str | None) -> str:
    """A name as typed, without the spelling folds: lowercase ASCII words (Devanagari transliterated)."""
    return " ".join(_TOKEN.findall(to_ascii(name))) if name else ""


def _remember(words: list[str], spellings: dict[str, str]) -> None:
    for word in words:
        spellings.setdefault(normalise_name(word), word)


def _find_pincode(text: str) -> str | None:
    match = _PINCODE.search(text)
    return match.group(1) + match.group(2) if match else None


def _parse_text(text: str) -> ParsedAddress:
    ascii_text = to_ascii(text)
    pincode = _find_pincode(ascii_text)
    if pincode:
        ascii_text = _PINCODE.sub(" ", ascii_text)
    # "p.o." and "p. s." become "po" and "ps" before tokenising splits the letters apart.
    ascii_text = _DOTTED.sub(r" \1\2 ", ascii_text)
    parts: dict[str, str] = {}
    free: list[str] = []
    spellings: dict[str, str] = {}
    for segment in SEPARATORS.split(ascii_text):
        tokens = _TOKEN.findall(segment)
        _read_segment(tokens, parts, free)
        _remember(tokens, spellings)
    return ParsedAddress(parts=parts, free=tuple(free), pincode=pincode, spellings=spellings)


def _label_at(tokens: list[str], i: int) -> tuple[str | None, int]:
    """The field a label starting at ``tokens[i]`` names, and how many tokens it spans."""
    if i + 1 < len(tokens):
        pair = f"{tokens[i]} {tokens[i + 1]}"
        if pair in _LABELS:
            return _LABELS[pair], 2
    word = tokens[i]
    if word in _LABELS and (i == 0 or word not in _ONLY_LEADING):
        return _LABELS[word], 1
    return None, 1


def _read_segment(tokens: list[str], parts: dict[str, str], free: list[str]) -> None:
    current: str | None = None
    words: list[str] = []

    def flush() -> None:
        value = normalise_name(" ".join(w for w in words if w not in _NOISE))
        if value and current and current != "pincode" and current not in parts:
            parts[current] = value
        elif value:
            free.append(value)

    i = 0
    while i < len(tokens):
        label, span = _label_at(tokens, i)
        # A label followed by nothing ("Rampur Block") labels the words before it.
        if label and i + span == len(tokens) and words and current is None:
            current = label
            break
        if label:
            flush()
            current, words = label, []
        else:
            words.append(tokens[i])
        i += span
    flush()
