"""Text as clerks and agents type it: letter case, one-letter slips, part labels, separators, glued runs,
repeated words, the order of the parts."""

from __future__ import annotations

import random
import re
from dataclasses import dataclass, field

from bench.geocode_sets import names

# A slip is one of: a letter dropped, doubled or swapped with its neighbour, a vowel or sound confused.
_SOUNDS = (
    ("ph", "f"),
    ("f", "ph"),
    ("w", "v"),
    ("v", "w"),
    ("sh", "s"),
    ("s", "sh"),
    ("z", "j"),
    ("j", "z"),
    ("ee", "i"),
    ("i", "ee"),
    ("oo", "u"),
    ("u", "oo"),
    ("ia", "iya"),
    ("iya", "ia"),
    ("a", "e"),
    ("e", "a"),
    ("au", "ou"),
    ("ou", "au"),
    ("c", "k"),
    ("k", "c"),
    ("rh", "r"),
    ("dh", "d"),
    ("th", "t"),
    ("bh", "b"),
    ("aa", "a"),
    ("a", "aa"),
)


def typo(name: str, rng: random.Random) -> str:
    """``name`` with one slip (never in its first letter, never making it shorter than 3 letters)."""
    letters = [i for i, ch in enumerate(name) if ch.isalpha() and i > 0]
    if len(letters) < 3:
        return name
    kind = rng.random()
    if kind < 0.4:
        lower = name.lower()
        found = [(a, b, m.start()) for a, b in _SOUNDS for m in re.finditer(a, lower) if m.start() > 0]
        if found:
            a, b, at = rng.choice(found)
            b = b.upper() if name[at : at + len(a)].isupper() else b
            return name[:at] + b + name[at + len(a) :]
    at = rng.choice(letters)
    if kind < 0.6:
        return name[:at] + name[at + 1 :]
    if kind < 0.8:
        return name[:at] + name[at] + name[at:]
    if at + 1 < len(name) and name[at + 1].isalpha():
        return name[:at] + name[at + 1] + name[at] + name[at + 2 :]
    return name[:at] + name[at] + name[at:]


def set_case(text: str, style: str, rng: random.Random) -> str:
    """Case of the Roman letters: ``upper``, ``lower``, ``title``, ``mixed`` (word by word), or ``asis``."""
    if style == "upper":
        return text.upper()
    if style == "lower":
        return text.lower()
    if style == "title":
        return re.sub(r"[A-Za-z]+", lambda m: m.group(0)[:1].upper() + m.group(0)[1:].lower(), text)
    if style == "mixed":
        return re.sub(
            r"[A-Za-z]+",
            lambda m: rng.choice((m.group(0).upper(), m.group(0).lower(), m.group(0).capitalize())),
            text,
        )
    return text


def pick_case(rng: random.Random) -> str:
    return rng.choices(("upper", "title", "asis", "lower", "mixed"), weights=(40, 30, 15, 8, 7))[0]


def labelled(kind: str, value: str, rng: random.Random, hindi: bool, p_label: float = 0.8) -> str:
    """``Vill- Pipra``, ``ग्राम पिपरा``, ``Dist.Muzaffarpur`` or the bare value."""
    if rng.random() >= p_label:
        return value
    table = names.LABELS_HI if hindi else names.LABELS_EN
    label = rng.choice(table[kind])
    if not label:
        return value
    if label.endswith(("-", ":", ".")):
        joint = rng.choice(("", " ", " "))
    else:
        joint = rng.choice((" ", " ", "-", ": ", " - ", "."))
    return f"{label}{joint}{value}"


@dataclass
class Address:
    """The parts of an address, finest first, and how they are written out."""

    parts: list[tuple[str, str]] = field(default_factory=list)
    notes: list[str] = field(default_factory=list)

    def add(self, kind: str, text: str) -> None:
        if text:
            self.parts.append((kind, text))

    def render(self, rng: random.Random, hindi: bool, reorder: float = 0.12) -> str:
        parts = list(self.parts)
        roll = rng.random()
        if roll < reorder * 0.6 and len(parts) > 2:
            pins = [p for p in parts if p[0] == "pin"]
            parts = [p for p in parts if p[0] != "pin"][::-1] + pins
            self.notes.append("order=coarse_first")
        elif roll < reorder and len(parts) > 2:
            i = rng.randrange(len(parts) - 1)
            parts[i], parts[i + 1] = parts[i + 1], parts[i]
            self.notes.append("order=swapped")
        sep = rng.choices((", ", ",", " ", " , ", "; ", " - ", ",  "), weights=(50, 15, 12, 8, 5, 5, 5))[0]
        pieces = [text for _, text in parts]
        joints = [sep] * (len(pieces) - 1)
        for i, (kind, _) in enumerate(parts[1:]):
            if kind == "pin":
                joints[i] = rng.choice((" ", "-", ", ", "", " - ", ","))
        if len(pieces) > 1 and rng.random() < 0.08:
            spots = [i for i, (kind, _) in enumerate(parts[1:]) if kind in ("state", "district", "pin", "ps")]
            at = rng.choice(spots) if spots else rng.randrange(len(joints))
            joints[at] = ""
            self.notes.append("glued")
        text = pieces[0] + "".join(j + p for j, p in zip(joints, pieces[1:], strict=True))
        if rng.random() < 0.04:
            words = text.split(" ")
            i = rng.randrange(len(words))
            words.insert(i, words[i])
            text = " ".join(words)
            self.notes.append("repeated_word")
        if not hindi or rng.random() < 0.5:
            style = pick_case(rng)
            text = set_case(text, style, rng)
            self.notes.append(f"case={style}")
        if rng.random() < 0.1:
            text = text + rng.choice((".", ",", " .", "-"))
        return re.sub(r"\s{3,}", "  ", text).strip()
