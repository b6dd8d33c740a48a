"""One matching key for place names written in Latin or Devanagari script.

Officials write the same village as "Rampur", "RAMPURA", "Raampur" or "रामपुर". The key
folds these together: Devanagari is transliterated (indic-transliteration), the silent
inherent vowel is dropped as Hindi speakers drop it, and the common English spelling
variants (aa/a, ee/i, oo/u, w/v, sh/s, doubled letters) are folded.
"""

from __future__ import annotations

import re
import unicodedata
from collections.abc import Iterable
from functools import lru_cache

from indic_transliteration import sanscript

NORMALISER_VERSION = "1"

_DEVANAGARI = re.compile(r"[\u0900-\u097F]")
_DEVANAGARI_DIGITS = str.maketrans("०१२३४५६७८९", "0123456789")
# OPTITRANS marks: long vowels in capitals, retroflex flap as ".D", anusvara as "M".
_OPTITRANS_FOLDS = (
    (".Dh", "rh"),
    (".D", "r"),
    (".N", "n"),
    ("M", "n"),
    ("~N", "n"),
    ("~n", "n"),
    ("R^i", "ri"),
    ("RRi", "ri"),
    (".h", ""),
    (".a", ""),
)
_CONSONANTS = "bcdfghjklmnpqrstvwxyzBCDFGHJKLNPQRSTVWXYZ"
# A short "a" at the end of a Devanagari word is silent (रामपुर = rAmapura -> rAmapur).
_FINAL_SCHWA = re.compile(rf"(?<=[{_CONSONANTS}])a\b")
_LATIN_FOLDS = (
    ("aa", "a"),
    ("ee", "i"),
    ("oo", "u"),
    ("ei", "e"),
    ("w", "v"),
    ("sh", "s"),
    ("z", "j"),
    ("q", "k"),
    ("ph", "f"),
    ("y", "i"),
    ("x", "ks"),
    # Bihar's speech makes v and b one sound: Purvi / Purbi Champaran.
    ("v", "b"),
)
_NASAL_FOLDS = (("mp", "np"), ("mb", "nb"))
# The short "a" between consonants is written or dropped at will in both scripts
# (Begusarai / बेगूसराय = begUsrAy, Muzaffarpur / muzaffarapur), so the key drops it.
_SCHWA = re.compile(r"(?<=[b-df-hj-np-tv-z])a(?=[b-df-hj-np-tv-z])")
_DOUBLE = re.compile(r"([a-z])\1+")
_NON_WORD = re.compile(r"[^a-z0-9]+")


def devanagari_to_latin(text: str) -> str:
    """Transliterate Devanagari into plain lowercase Latin, dropping silent vowels."""
    latin = sanscript.transliterate(text.translate(_DEVANAGARI_DIGITS), sanscript.DEVANAGARI, sanscript.OPTITRANS)
    for old, new in _OPTITRANS_FOLDS:
        latin = latin.replace(old, new)
    latin = _FINAL_SCHWA.sub("", latin)
    return latin.lower()


# Cached because every part of an address is read several ways (parts, typed spellings, cache keys)
# and transliterating Devanagari is the costliest step of parsing.
@lru_cache(maxsize=200_000)
def to_ascii(text: str) -> str:
    """Lowercase ASCII text: Devanagari transliterated, accents removed."""
    if text.isascii():  # the common case; normalising leaves ASCII text as it is
        return text.lower()
    text = unicodedata.normalize("NFC", text)
    if _DEVANAGARI.search(text):
        text = devanagari_to_latin(text)
    text = unicodedata.normalize("NFKD", text).encode("ascii", "ignore").decode("ascii")
    return text.lower()


def _first_letter(match: re.Match[str]) -> str:
    # A function, not the template r"\1": re expands a template through Python code on every call.
    return match.group(1)


# Words recur across names (-pur, -nagar, tola, chak), so each is folded once.
@lru_cache(maxsize=100_000)
def _fold_word(word: str) -> str:
    for old, new in _LATIN_FOLDS:
        word = word.replace(old, new)
    word = _DOUBLE.sub(_first_letter, word)
    if len(word) > 2:
        word = word[:1] + _SCHWA.sub("", word[1:])
    for old, new in _NASAL_FOLDS:
        word = word.replace(old, new)
    return word


@lru_cache(maxsize=200_000)
def normalise_name(name: str | None) -> str:
    """The matching key of a place name: lowercase ASCII words, spelling variants folded."""
    if not name:
        return ""
    return " ".join(fold_words(_NON_WORD.sub(" ", to_ascii(name)).split()))


def fold_words(words: Iterable[str]) -> list[str]:
    """The matching key of each word of lowercase ASCII letters and digits: its spelling variants folded.

    ``normalise_name`` of a name is these keys of its words, joined by spaces.
    """
    return [_fold_word(word) for word in words]


def pad_code(code: object, width: int) -> str | None:
    """Census codes as zero-padded strings: 1013 -> "01013"; blanks and "0" -> None."""
    if code is None:
        return None
    text = str(code).strip()
    if text.endswith(".0"):
        text = text[:-2]
    if not text.isdigit() or int(text) == 0:
        return None
    return text.zfill(width)
