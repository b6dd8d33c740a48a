"""Addresses as clerks type them, read into labelled parts and free words.

Input comes in English or Devanagari, with or without labels and punctuation, often glued
("DIST-MUZAFFARPURBIHAR", "PO-PS-BOCHAHA", "AT+PO", "ROADMADHUBANI", "ग्रा०- पिपरा, पो०- …"). Devanagari is
transliterated first, so one set of Latin label words serves both scripts. A run of letters that is no known
word is split into the longest known words inside it (``Vocabulary``), so glued names come apart.
Everything after a label, up to the next label or separator, is that label's value; words with no label are
kept as free parts, one per segment, for the geocoder to read as evidence.
"""

from __future__ import annotations

import re
from collections.abc import Iterable
from dataclasses import dataclass
from functools import lru_cache
from typing import NamedTuple

from geo.geocoding.words import (
    ABBREVIATIONS,
    CONNECTORS,
    GENERIC,
    GENERIC_KEYS,
    INSTITUTIONS,
    LABEL_PAIRS,
    LABEL_WORDS,
    LEADING_ONLY,
    NOISE,
)
from geo.normalize import fold_words, to_ascii

__all__ = [
    "FIELDS",
    "GENERIC",
    "GENERIC_KEYS",
    "ParsedAddress",
    "Part",
    "StructuredAddress",
    "Vocabulary",
    "parse",
]


class StructuredAddress(NamedTuple):
    """An address as separate fields; any may be missing. ``text`` holds anything unlabelled."""

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


class Part(NamedTuple):
    """One piece of an address: its label (None for free words), its words as typed, and where it stood."""

    label: str | None
    words: tuple[str, ...]
    #: Segment number, counted from the end: 0 is the last segment (addresses end coarse: "…, Patna").
    from_end: int


@dataclass(frozen=True)
class ParsedAddress:
    parts: tuple[Part, ...]
    #: Six-digit numbers, last first (addresses end with their PIN; a door number may also look like one).
    pincodes: tuple[str, ...]

    @property
    def is_empty(self) -> bool:
        return not self.pincodes and not any(p.words for p in self.parts)


# --------------------------------------------------------------------------- words

_ABBREVIATED = re.compile("(" + "|".join(ABBREVIATIONS) + r")\s*[०॰.]")
_INSTITUTION = re.compile(r"\b(?:" + "|".join(p.replace(" ", r"\W+") for p in INSTITUTIONS) + r")\b")
# "पो०": a zero after a letter marks an abbreviation. After a digit it is a digit ("८४५३०५"): the lookbehind
# leaves out the Devanagari digits (U+0966-U+096F).
_DEVANAGARI_MARK_ZERO = re.compile(r"(?<=[\u0900-\u0965\u0970-\u097F])[०॰]")
_PINCODE = re.compile(r"(?<!\d)([1-9]\d{2})[\s-]?(\d{3})(?!\d)")
# "SEWAHIP.S- BAULIA": a dotted P.S. or P.O. glued to the word before it.
_GLUED_PS_PO = re.compile(r"([a-z]{3,})p\s*\.\s*([so])\b\.?")
_DOTTED = re.compile(r"\b([a-z])\s*\.\s*([a-z])\s*\.?(?=\W|$)")
# Brackets are not separators: "Baruraj (Motipur)" is one block name.
_SEPARATORS = re.compile(r"[,;|/\n\r]+|\s+[-–]+\s+")
_TOKEN = re.compile(r"[a-z]+|[0-9]+")


class Vocabulary:
    """Every word of every place name, and the label and address words, for splitting glued runs."""

    def __init__(self, words: Iterable[str], coarse: Iterable[str] = (), state_codes: Iterable[str] = ()) -> None:
        self._words = frozenset(w for w in words if len(w) >= 3) | frozenset(LABEL_WORDS) | GENERIC
        #: Fold keys of the name words: a Hindi name transliterated with its inner vowels ("bhagalapur") is one
        #: known word, not to be cut into others ("bhag alapur").
        self._folds = frozenset(fold_words(tuple(w for w in self._words if len(w) >= 6)))
        self._longest = max((len(w) for w in self._words), default=0)
        #: District and state names of one word: glued to the end of an unknown word ("SIVNAHARYANA"); looked up
        #: by the token's tail of each length they come in, longest first.
        self._coarse = frozenset(w for w in coarse if len(w) >= 5)
        self._coarse_lengths = sorted({len(w) for w in self._coarse}, reverse=True)
        #: The same names by their fold keys: a Hindi name glued to the word before it is transliterated with
        #: its inner vowels ("...बोचहामुजफ्फरपुर" ends in "mujaphpharapur"), which only the fold key meets.
        self._coarse_folds = frozenset(fold_words((w,))[0] for w in self._coarse)
        #: States' two letters, glued to the end of a known name ("FAIZPURMH", "Vrindavanup").
        self._state_codes = frozenset(c for c in state_codes if len(c) == 2)

    def __contains__(self, word: str) -> bool:
        return word in self._words

    def folds_to_a_name(self, word: str) -> bool:
        return fold_words((word,))[0] in self._folds

    def split(self, token: str) -> tuple[str, ...]:
        """``token`` as the known words glued in it, or as it is when it is known or cannot be split."""
        return _split(self, token)

    def _best_split(self, token: str) -> tuple[str, ...] | None:
        # Dynamic programming over cut points. A piece is a label or address word, or a name word of four
        # letters or more (three-letter names cut "sitamarih" into nonsense); at most three pieces, and fewer
        # longer pieces are better (the sum of squared lengths), so "muzaffarpurbihar" is not cut finer.
        best: list[tuple[int, tuple[str, ...]] | None] = [None] * (len(token) + 1)
        best[0] = (0, ())
        for end in range(2, len(token) + 1):
            for start in range(max(0, end - self._longest), end - 1):
                head = best[start]
                piece = token[start:end]
                if head is None or len(head[1]) >= 3 or not self._piece(piece):
                    continue
                score = head[0] + len(piece) ** 2
                if (current := best[end]) is None or score > current[0]:
                    best[end] = (score, (*head[1], piece))
        found = best[len(token)]
        if found is None or len(found[1]) < 2:
            return None
        labels_only = all(p in LABEL_WORDS or p in GENERIC for p in found[1])
        return found[1] if labels_only or max(len(p) for p in found[1]) >= 5 else None

    def _piece(self, piece: str) -> bool:
        # Names of five letters or more only: a typo ("champaaran") holds shorter names ("champa", "aran").
        return piece in LABEL_WORDS or piece in GENERIC or (len(piece) >= 5 and piece in self._words)

    def _coarse_tail(self, token: str) -> tuple[str, ...] | None:
        """An unknown word with a district or state name or a label glued to its end ("SIVNAHARYANA",
        "ATHMELPURDT."): the word, then the name or label."""
        coarse = (token[-n:] for n in self._coarse_lengths if len(token) - n >= 4)
        name = next((tail for tail in coarse if tail in self._coarse), None)
        name = name or next((t for t in _TAIL_LABELS if token.endswith(t) and len(token) - len(t) >= 4), None)
        name = name or self._folded_coarse_tail(token) or self._state_code_tail(token)
        return (*_split(self, token[: -len(name)]), name) if name else None

    def _state_code_tail(self, token: str) -> str | None:
        head, code = token[:-2], token[-2:]
        if code in self._state_codes and len(head) >= 4 and (head in self or self.folds_to_a_name(head)):
            return code
        return None

    def _folded_coarse_tail(self, token: str) -> str | None:
        # Longest tail first; a tail keeps at least four letters before it, as above.
        for n in range(min(len(token) - 4, _LONGEST_TYPED_NAME), 4, -1):
            if fold_words((token[-n:],))[0] in self._coarse_folds:
                return token[-n:]
        return None


#: The longest one-word district or state name as Hindi is transliterated ("tiruvannamalai", "mujaphpharapur").
_LONGEST_TYPED_NAME = 18

#: Labels that come glued to the end of the word before them: "ATHMELPURDT. LAKHISARAI", "RAMPURDIST".
_TAIL_LABELS = ("distt", "dist", "dt", "jila", "zila", "thana", "post", "block", "prakhand", "pincode", "pin")


#: Labels that come glued to the start of the word after them: "POSTBAILO", "ग्राम+पोस्टबैलो" (postabailo).
_HEAD_LABELS = ("posta", "post", "grama", "gram", "vill", "thana", "distt", "dist", "jila", "zila", "mauza", "mauja")


@lru_cache(maxsize=100_000)
def _split(vocabulary: Vocabulary, token: str) -> tuple[str, ...]:
    if len(token) < 6 or token in vocabulary or token.isdigit() or vocabulary.folds_to_a_name(token):
        return (token,)
    if (found := vocabulary._best_split(token) or vocabulary._coarse_tail(token)) is not None:
        return found
    for label in _HEAD_LABELS:
        if token.startswith(label) and len(token) - len(label) >= 4:
            return (label, *_split(vocabulary, token[len(label) :]))
    return (token,)


# --------------------------------------------------------------------------- parsing


def parse(address: str | StructuredAddress, vocabulary: Vocabulary) -> ParsedAddress:
    """Labelled parts, free parts and six-digit numbers of an address given as text or as fields."""
    if isinstance(address, StructuredAddress):
        return _parse_fields(address, vocabulary)
    return _parse_text(address or "", vocabulary)


def _parse_fields(address: StructuredAddress, vocabulary: Vocabulary) -> ParsedAddress:
    text = _parse_text(address.text, vocabulary) if address.text else ParsedAddress((), ())
    parts = list(text.parts)
    # Fields come fine to coarse, as the labels of a written address do; the last counts as the last segment.
    for i, name in enumerate(FIELDS):
        value = getattr(address, name)
        if value and (part := _field_part(vocabulary, name, value, len(FIELDS) - i)) is not None:
            parts.append(part)
    pincodes = _pincodes(prepare(address.pincode)) if address.pincode else ()
    return ParsedAddress(_without_repeats(parts), pincodes or text.pincodes)


def _without_repeats(parts: list[Part]) -> tuple[Part, ...]:
    """A panchayat or post office named after the village ("ग्राम X, पो. X") says the village again: one piece of
    evidence, not two (the village part is read as an office too)."""
    village = next((p.words for p in parts if p.label == "village"), None)
    return tuple(p for p in parts if not (p.label in ("panchayat", "post_office") and p.words == village))


# A survey repeats its few thousand village, block and district values across lakhs of rows.
@lru_cache(maxsize=200_000)
def _field_part(vocabulary: Vocabulary, name: str, value: str, from_end: int) -> Part | None:
    words = _clean(_words_of(prepare(value), vocabulary), name)
    return Part(name, words, from_end) if words else None


@lru_cache(maxsize=300_000)
def prepare(text: str) -> str:
    """Lowercase ASCII with Devanagari abbreviations spelt out, dotted initials joined ("p.o." -> "po") and the
    names of institutions that hold a place name ("Punjab National Bank") taken out."""
    text = _ABBREVIATED.sub(lambda m: ABBREVIATIONS[m.group(1)], text)
    # English words in Devanagari write their open "o" as ॉ (ब्लॉक, कॉलोनी), which transliterates as "oa".
    text = text.replace("ॉ", "ो").replace("ऑ", "ओ")
    text = _DEVANAGARI_MARK_ZERO.sub(".", text)
    ascii_text = _GLUED_PS_PO.sub(r"\1 p\2 ", to_ascii(text))
    return _INSTITUTION.sub(" ", _DOTTED.sub(r" \1\2 ", ascii_text))


def _pincodes(text: str) -> tuple[str, ...]:
    return tuple(reversed([a + b for a, b in _PINCODE.findall(text)]))


def _parse_text(text: str, vocabulary: Vocabulary) -> ParsedAddress:
    ascii_text = prepare(text)
    pincodes = _pincodes(ascii_text)
    if pincodes:
        ascii_text = _PINCODE.sub(" , ", ascii_text)
    segments = [words for s in _SEPARATORS.split(ascii_text) if (words := _words_of(s, vocabulary))]
    parts: list[Part] = []
    carried: tuple[str, ...] = ()
    for i, segment in enumerate(segments):
        words = carried + segment
        # "dist - Patna": labels alone in a segment label the next one.
        if i + 1 < len(segments) and all(_is_label_word(w) for w in words):
            carried = words
            continue
        carried = ()
        # "po Khawla zila - Siwan": a label ending a segment that is labelled already labels the next one.
        if (
            i + 1 < len(segments)
            and len(words) > 1
            and words[-1] in LABEL_WORDS
            and any(w in LABEL_WORDS for w in words[:-1])
        ):
            words, carried = words[:-1], words[-1:]
        parts.extend(_read_segment(words, len(segments) - 1 - i))
    return ParsedAddress(_without_repeats(parts), pincodes)


def _is_label_word(word: str) -> bool:
    return word in LABEL_WORDS or word in CONNECTORS or word in ("p", "o", "s")


def _words_of(text: str, vocabulary: Vocabulary) -> tuple[str, ...]:
    out: list[str] = []
    for token in _TOKEN.findall(text):
        out.extend(vocabulary.split(token))
    return tuple(out)


def _label_at(words: tuple[str, ...], i: int) -> tuple[str | None, int]:
    """The label starting at ``words[i]`` and how many words it spans."""
    if i + 1 < len(words) and (pair := LABEL_PAIRS.get((words[i], words[i + 1]))):
        return pair, 2
    label = LABEL_WORDS.get(words[i])
    if label is not None and (i == 0 or words[i] not in LEADING_ONLY):
        return label, 1
    return None, 1


def _read_segment(words: tuple[str, ...], from_end: int) -> list[Part]:
    """Parts of one segment: a value after each run of labels, free words before the first label."""
    parts: list[Part] = []
    labels: list[str] = []
    value: list[str] = []
    i = 0
    while i < len(words):
        label, span = _label_at(words, i)
        if label is not None and i + span == len(words) and value and not labels:
            labels = [label]  # "Kesaria block": a trailing label names the words before it
            break
        if label is None and words[i] in CONNECTORS and labels and not value:
            i += 1
            continue
        if label is not None:
            if value or not labels:
                parts.extend(_flush(labels, value, from_end))
                labels, value = [], []
            labels.append(label)
        else:
            value.append(words[i])
        i += span
    parts.extend(_flush(labels, value, from_end))
    return parts


def _flush(labels: list[str], value: list[str], from_end: int) -> list[Part]:
    named = [one for label in labels if label not in ("pincode", "thana_no") for one in label.split("+")]
    if not named:
        words = _clean(tuple(value), None)
        return [Part(None, words, from_end)] if words and not all(w.isdigit() for w in words) else []
    out = []
    for label in dict.fromkeys(named):
        words = _clean(tuple(value), label)
        if words:
            out.append(Part(label, words, from_end))
    return out


#: The longest number that can be part of a name, by label: 3 digits among free words, 2 in a district's name,
#: 1 in a block's; none in a village's or a post office's (there it is a house or plot number).
_LONGEST_NUMBER_IN_NAME: dict[str | None, int] = {None: 3, "district": 2, "block": 1}


def _clean(words: tuple[str, ...], label: str | None) -> tuple[str, ...]:
    """The words that can name a place: no noise words, no house or plot numbers. A short number stays among free
    words (Rohini Sector 5), in a district's name (North 24 Parganas) and as a block's numbered half (Bagaha 2); a
    single letter stays in a district's name ("W. Champaran"), where it is no "S/O"."""
    longest = _LONGEST_NUMBER_IN_NAME.get(label, 0)
    return tuple(
        w
        for w in words
        if (w not in NOISE or (label == "district" and len(w) == 1)) and not (w.isdigit() and len(w) > longest)
    )
