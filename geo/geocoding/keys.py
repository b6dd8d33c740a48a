"""Matching keys of place names, from strict to loose.

One place is written many ways: "Ratni Faridpur", "RATNI FARIDPUR", "रतनीफरीदपुर", "Ratnifaridpur".
The geocoder compares names on a ladder of keys, each looser than the last, and trusts a looser match less:

- ``fold_key``: ``geo.normalize.normalise_name`` (Devanagari transliterated, common spelling variants folded,
  word by word); stored in the database as ``name_norm``.
- ``loose_key``: the fold key with its words joined, every "a" between consonants dropped (the fold drops it
  only inside a word, so joining words would leave some) and a trailing "pura" read as "pur"
  (Ram Nagar = Ramnagar, Ratni Faridpur = Ratnifaridpur).
- ``skeleton_key``: consonants only, in sound classes (w/v/b, sh/s, z/j, y/j, ph/f, rh/dh/d), with h and
  doubled letters dropped. Hindi and English spellings of one name mostly meet here (जहानाबाद/Jehanabad,
  उदवंतनगर/Udwant Nagar, गढ़पुरा/Gadhpura), and so do many different names, so it is only used inside a
  narrow scope (a district's villages), where the similarity of the names still decides.
"""

from __future__ import annotations

import re
from functools import lru_cache

from geo.normalize import fold_words, to_ascii

__all__ = ["fold_key", "fold_run", "loose_key", "skeleton_key", "typed_words"]

_WORD = re.compile(r"[a-z]+|[0-9]+")
_ROMAN = {"i": "1", "ii": "2", "iii": "3", "iv": "4"}
_TRAILING_PURA = re.compile(r"pura$")
_CONSONANTS = "bcdfghjklmnpqrstvwxyz"
_SCHWA = re.compile(rf"(?<=[{_CONSONANTS}])a(?=[{_CONSONANTS}])")
# Sounds that the two scripts and the English spellings of the Census write differently.
_SKELETON_FOLDS = (
    # गांव / gaon: a nasal vowel is written "anv" or "aon".
    ("aon", "an"),
    ("anv", "an"),
    # A glide after i or e is written in Hindi and dropped in English: चकिया / Chakia, बेतिया / Bettiah.
    ("iy", "i"),
    ("ey", "e"),
    ("chh", "c"),
    ("ch", "c"),
    ("sh", "s"),
    ("ph", "f"),
    ("kh", "k"),
    ("gh", "g"),
    ("jh", "j"),
    ("th", "t"),
    ("dh", "d"),
    ("rh", "d"),
    ("bh", "b"),
    ("w", "b"),
    ("v", "b"),
    ("z", "j"),
    ("y", "j"),
    ("q", "k"),
    ("x", "ks"),
)
_VOWELS_AND_H = re.compile(r"[aeiouh]")
_DOUBLE = re.compile(r"([a-z])\1+")


@lru_cache(maxsize=300_000)
def typed_words(text: str | None) -> tuple[str, ...]:
    """Lowercase ASCII words of ``text`` as typed (Devanagari transliterated), letters and digits apart."""
    return tuple(_WORD.findall(to_ascii(text))) if text else ()


def fold_key(text: str | None) -> str:
    """The strict key: ``normalise_name``, with Roman numerals of split blocks read as digits (Bagaha-II = Bagaha 2)."""
    return " ".join(fold_run(typed_words(text))) if text else ""


def fold_run(words: tuple[str, ...]) -> list[str]:
    """The fold key of each of some words as typed (a word after the first that is I to IV is its digit)."""
    if any(w in _ROMAN for w in words[1:]):
        words = (words[0], *(_ROMAN.get(w, w) for w in words[1:]))
    return fold_words(words)


@lru_cache(maxsize=300_000)
def loose_key(fold: str) -> str:
    """A fold key read loosely (see the module docstring)."""
    joined = _DOUBLE.sub(r"\1", _SCHWA.sub("", fold.replace(" ", "")))
    return _TRAILING_PURA.sub("pur", joined)


@lru_cache(maxsize=300_000)
def skeleton_key(text: str) -> str:
    """Consonant classes of a name (see the module docstring); the first letter is kept whatever it is."""
    words = typed_words(text)
    joined = "".join((words[0], *(_ROMAN.get(w, w) for w in words[1:]))) if words else ""
    if not joined:
        return ""
    for old, new in _SKELETON_FOLDS:
        joined = joined.replace(old, new)
    rest = _VOWELS_AND_H.sub("", joined[1:])
    return _DOUBLE.sub(r"\1", joined[0] + rest)
