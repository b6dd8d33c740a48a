"""Bihar's villages, blocks, towns and post offices, indexed the way the generator asks about them: which blocks
of these districts hold a place called X, which post office is a village's own, which thanas a block has."""

from __future__ import annotations

import functools
import re
from collections import defaultdict
from dataclasses import dataclass

from bench.geocode_sets.districts import DistrictIndex
from bench.geocode_sets.reference import BIHAR, LgdBlock, PostOffice, Reference, Village, skeleton

SKIP_VILLAGE = re.compile(r"\(\s*part|arazi|rakb[ae]|unsurve|\*", re.IGNORECASE)
# Census qualifiers that are not part of the name people write
QUALIFIER = re.compile(r"\(\s*(ct|ditto|v|og|appertaining to)\s*\)|\*", re.IGNORECASE)


_NOT_LETTER = re.compile(r"[^a-z]")
_DOUBLE = re.compile(r"(.)\1+")
_LOOSE = (("ee", "i"), ("oo", "u"), ("aa", "a"), ("ph", "f"), ("w", "v"), ("z", "j"), ("q", "k"), ("y", "i"), ("h", ""))


@functools.cache
def lkey(name: str) -> str:
    """A loose key for names that a reader would take as the same: vowel length, h, doubled letters,
    w/v, ph/f, z/j, sh/s and y/i do not count (``Pipra`` = ``Peepra``, ``Musahri`` = ``Mushahari``)."""
    s = _NOT_LETTER.sub("", name.lower())
    for a, b in _LOOSE:
        s = s.replace(a, b)
    return _DOUBLE.sub(r"\1", s)


def block_key(name: str) -> str:
    """The key of a block name without the words that only qualify it (``PATNA SADAR``, ``Gaya Town C.D.Block``)."""
    return lkey(re.sub(r"(?i)\b(sadar|town|c\.?\s?d\.?\s?block|part)\b|\(.*?\)", " ", name))


@functools.cache
def display_forms(name: str) -> tuple[str, ...]:
    """How a Census village name is written: ``Belwa (Bhelwa)`` as itself, ``Belwa`` or ``Bhelwa``;
    ``Rampur urf Dudhpura`` as itself, ``Rampur`` or ``Dudhpura``."""
    base = QUALIFIER.sub("", name).strip(" .-'")
    base = re.sub(r"\s+", " ", base)
    forms = [base]
    m = re.match(r"^(.*?)\s*\((.*?)\)\s*$", base)
    if m and m.group(1) and m.group(2):
        forms += [m.group(1).strip(), m.group(2).strip()]
    parts = re.split(r"\s+urf\s+", base, flags=re.IGNORECASE)
    if len(parts) == 2:
        forms += [p.strip() for p in parts]
    return tuple(f for f in forms if len(lkey(f)) >= 3 and not re.match(r"(?i)part\b", f))


@dataclass(frozen=True)
class Office:
    name: str
    key: str
    pincode: str
    kind: int
    district: str


class Gazetteer:
    def __init__(self, ref: Reference) -> None:
        self.ref = ref
        self.villages = [v for v in ref.villages if not SKIP_VILLAGE.search(v.name) and display_forms(v.name)]
        self.village_by_code = {v.code: v for v in ref.villages}
        # (district, key) -> blocks holding a village, town or block of that name
        self.places: dict[tuple[str, str], set[str]] = defaultdict(set)
        self.village_keys: dict[tuple[str, str], set[str]] = defaultdict(set)  # (district, key) -> village codes
        for v in ref.villages:
            for form in display_forms(v.name) or [v.name]:
                self.places[(v.district, lkey(form))].add(v.block)
                self.village_keys[(v.district, lkey(form))].add(v.code)
        self.towns = [t for t in ref.towns if t.state == BIHAR]
        for t in ref.towns:
            if t.state == BIHAR:
                self.places[(t.district, lkey(t.name))].add(t.subdistrict)
        self.blocks = {c: s for c, s in ref.subdistricts.items() if s.state == BIHAR}
        # (district, key) -> blocks of that name (Census or LGD)
        self.block_places: dict[tuple[str, str], set[str]] = defaultdict(set)
        for code, sub in self.blocks.items():
            self.places[(sub.district, block_key(sub.name))].add(code)
            self.block_places[(sub.district, block_key(sub.name))].add(code)
        self.lgd: dict[str, list[LgdBlock]] = defaultdict(list)
        for b in ref.lgd_blocks:
            if b.census_block:
                self.lgd[b.census_block].append(b)
                self.places[(b.district, block_key(b.name))].add(b.census_block)
                self.block_places[(b.district, block_key(b.name))].add(b.census_block)
        self._offices(ref)
        self.districts = sorted({v.district for v in ref.villages})

    def _offices(self, ref: Reference) -> None:
        index = DistrictIndex(ref)
        self.offices: dict[tuple[str, str], list[Office]] = defaultdict(list)  # (district, key) -> offices
        self.pincode_districts: dict[str, set[str]] = defaultdict(set)
        for o in ref.offices:
            if o.state != BIHAR:
                continue
            label = index.resolve(o.state, o.postal_district)
            if label is None or label.code is None:
                continue
            office = Office(o.name, lkey(o.name), o.pincode, o.kind, label.code)
            self.offices[(label.code, office.key)].append(office)
            self.pincode_districts[o.pincode].add(label.code)
        # offices that sit in a village: named like exactly one village of their district
        self.block_offices: dict[str, list[Office]] = defaultdict(list)
        self.sub_offices: dict[str, list[Office]] = defaultdict(list)  # S.O.s in village of a block (big villages)
        for (district, key), offices in sorted(self.offices.items()):
            codes = self.village_keys.get((district, key), set())
            if len(codes) != 1:
                continue
            block = self.village_by_code[next(iter(codes))].block
            self.block_offices[block].extend(offices)
            self.sub_offices[block].extend(o for o in offices if o.kind == 1)

    def blocks_named(self, key: str, districts: list[str], blocks_only: bool = False) -> set[str]:
        """Blocks of these districts that hold a place (or, with ``blocks_only``, are a block) of that name."""
        table = self.block_places if blocks_only else self.places
        return set().union(*[table.get((d, key), set()) for d in districts])

    def own_office(self, village: Village, form: str) -> Office | None:
        """The post office named like the village, when it can only be this village's: the name is one village's
        in the district, and every office of that name there shares one pincode."""
        key = lkey(form)
        offices = self.offices.get((village.district, key), [])
        if not offices or self.village_keys.get((village.district, key)) != {village.code}:
            return None
        if len({o.pincode for o in offices}) != 1:
            return None
        return sorted(offices, key=lambda o: (o.kind, o.name))[0]

    def thanas(self, block: str) -> list[tuple[str, str]]:
        """Names a thana of this block goes by, with where the name comes from: the block (HQ) itself, a town
        of the block (statutory or Census town), or a village with a sub post office (a big village). Only
        names that settle the block within the district are kept."""
        sub = self.blocks[block]
        found = [(sub.name, "block_hq")]
        found += [(t.name, "town" if t.kind != "CT" else "census_town") for t in self.towns if t.subdistrict == block]
        for office in self.sub_offices.get(block, []):
            found.append((office.name, "big_village"))
        seen, out = set(), []
        for name, why in found:
            settles = why == "block_hq" or self.blocks_named(lkey(name), [sub.district]) == {block}
            if lkey(name) not in seen and settles:
                seen.add(lkey(name))
                out.append((name, why))
        return out

    def is_sadar(self, block: str) -> bool:
        """A block named after its district's HQ town (``Chapra`` in Saran): today's ``सदर छपरा``."""
        sub = self.blocks[block]
        hq = self.ref.districts[sub.district][2]
        return skeleton(sub.name) in (skeleton(hq), skeleton(sub.district_name)) or any(
            "SADAR" in b.name for b in self.lgd.get(block, [])
        )


def office_is_usable(office: PostOffice) -> bool:
    return bool(office.name) and not re.search(r"\d{3}", office.name)
