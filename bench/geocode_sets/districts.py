"""Postal district names -> Census 2011 districts.

India Post names today's districts; the labels are Census 2011 districts. A name is matched to the district HQ
file's ``DTNAME`` and the Census list's district names (exactly, then by a consonant skeleton that must be unique
in the state), or through the hand-written tables below for renamed districts. A district made after 2011 is
labelled by its 2011 parent, with its own code as an alternative; its parents come from the HQ files.
"""

from __future__ import annotations

from collections import defaultdict
from dataclasses import dataclass

from bench.geocode_sets.reference import Reference, norm, skeleton

# Delhi's post offices name today's 11 districts; the labels are the Census 2011 districts 090-098 (the brief's
# table): post-2012 Shahdara and South East keep their own code as an alternative.
DELHI_POSTAL = {
    "CENTRAL": ("095", ()),
    "EAST": ("093", ()),
    "NEW DELHI": ("094", ()),
    "NORTH": ("091", ()),
    "NORTH EAST": ("092", ()),
    "NORTH WEST": ("090", ()),
    "SHAHDARA": ("092", ("093", "702")),
    "SOUTH": ("098", ()),
    "SOUTH EAST": ("098", ("703",)),
    "SOUTH WEST": ("097", ()),
    "WEST": ("096", ()),
}

# Renamed districts and postal spellings that neither equal a reference name nor share its consonant skeleton:
# (state, postal district) -> the district code it stands for (a 2011 code, or a post-2011 code of the HQ file).
DISTRICT_ALIASES: dict[tuple[str, str], str] = {
    ("09", "AYODHYA"): "177",  # Faizabad, renamed 2018
    ("09", "BHADOHI"): "198",  # Sant Ravidas Nagar (Bhadohi)
    ("09", "KASGANJ"): "202",  # Kanshiram Nagar in 2011
    ("09", "AMROHA"): "137",  # Jyotiba Phule Nagar in 2011
    ("09", "PRAYAGRAJ"): "175",  # Allahabad, renamed 2018
    ("09", "SHRAVASTI"): "181",  # Shrawasti
    ("24", "DOHAD"): "485",  # Dahod
    ("24", "CHHOTAUDEPUR"): "731",  # Chhota Udaipur (2013)
    ("24", "DANG"): "489",  # The Dangs
    ("24", "ARVALLI"): "725",  # Aravalli (2013; the HQ file names it by its HQ, Modasa)
    ("27", "BEED"): "523",  # Bid
    ("27", "RAIGAD"): "520",  # Raigarh
    ("19", "24 PARAGANAS NORTH"): "337",
    ("19", "24 PARAGANAS SOUTH"): "343",
    ("19", "COOCHBEHAR"): "329",  # Koch Bihar
    ("19", "DARJEELING"): "327",  # Darjiling
    ("19", "HOOGHLY"): "338",  # Hugli
    ("19", "HOWRAH"): "341",  # Haora
    ("19", "MEDINIPUR EAST"): "345",
    ("19", "MEDINIPUR WEST"): "344",
    ("19", "DINAJPUR DAKSHIN"): "331",
    ("19", "DINAJPUR UTTAR"): "330",
    ("19", "PURBA BARDHAMAN"): "335",  # the rest of Barddhaman after Paschim Bardhaman (2017)
    ("03", "S.A.S NAGAR"): "052",
    ("03", "FIROZEPUR"): "043",
    ("29", "BENGALURU URBAN"): "572",
    ("29", "BENGALURU RURAL"): "583",
    ("33", "TUTICORIN"): "627",
    ("33", "KANCHIPURAM"): "604",
    ("36", "SANGAREDDY"): "740",  # the HQ file names 740 "Medak" (its HQ is Sangareddi)
    ("36", "JAYASHANKAR BHUPALAPALLY"): "750",
}

# Districts made after 2011 that the district HQ file does not list, with the 2011 districts they came from
# (each from its notification: all but Hanumakonda came out of a single 2011 district).
EXTRA_POST_2011: dict[tuple[str, str], tuple[str, ...]] = {
    ("03", "MALERKOTLA"): ("053",),  # 2021, from Sangrur
    ("29", "VIJAYNAGAR"): ("565",),  # 2021, from Ballari
    ("33", "CHENGALPATTU"): ("604",),  # 2019, from Kancheepuram
    ("33", "KALLAKURICHI"): ("607",),  # 2019, from Viluppuram
    ("33", "MAYILADUTHURAI"): ("618",),  # 2020, from Nagapattinam
    ("33", "RANIPET"): ("605",),  # 2019, from Vellore
    ("33", "TIRUPATHUR"): ("605",),  # 2019, from Vellore
    ("33", "TENKASI"): ("628",),  # 2019, from Tirunelveli
    ("36", "HANUMAKONDA"): ("540", "534"),  # Warangal Urban (2016), renamed 2021: Warangal and Karimnagar mandals
}


@dataclass(frozen=True)
class DistrictLabel:
    """What a postal district stands for: one 2011 district, or (``parents`` > 1) a post-2011 district made out
    of several that only the office's own name may settle."""

    parents: tuple[str, ...]  # 2011 codes
    alts: tuple[str, ...]  # post-2011 codes that also count as correct
    via: str

    @property
    def code(self) -> str | None:
        return self.parents[0] if len(self.parents) == 1 else None


class DistrictIndex:
    """Postal district names -> Census 2011 districts, per state: exact names of the HQ file and the Census list,
    the alias tables above, then a consonant skeleton that must be unique in the state."""

    def __init__(self, ref: Reference) -> None:
        self.ref = ref
        self._cache: dict[tuple[str, str], DistrictLabel | None] = {}
        self.names: dict[str, dict[str, set[tuple[str, str]]]] = defaultdict(lambda: defaultdict(set))
        for code, (state, name, _hq) in ref.districts.items():
            self.names[state][norm(name)].add(("old", code))
        for sub in ref.subdistricts.values():
            self.names[sub.state][norm(sub.district_name)].add(("old", sub.district))
        for (state, code), (name, _parents) in ref.post2011.items():
            self.names[state][norm(name)].add(("new", code))

    def _target(self, state: str, kind: str, code: str, via: str) -> DistrictLabel | None:
        if kind == "old":
            return DistrictLabel((code,), (), via)
        parents = self.ref.post2011[(state, code)][1]
        return DistrictLabel(parents, (code,), via) if parents else None

    def resolve(self, state: str, postal: str) -> DistrictLabel | None:
        if (state, postal) not in self._cache:
            self._cache[(state, postal)] = self._resolve(state, postal)
        return self._cache[(state, postal)]

    def _resolve(self, state: str, postal: str) -> DistrictLabel | None:
        key = postal.upper().strip()
        if state == "07":
            code, alts = DELHI_POSTAL.get(key, ("", ()))
            return DistrictLabel((code,), alts, "delhi_table") if code else None
        if (state, key) in EXTRA_POST_2011:
            return DistrictLabel(EXTRA_POST_2011[(state, key)], (), "post2011_table")
        if (state, key) in DISTRICT_ALIASES:
            code = DISTRICT_ALIASES[(state, key)]
            kind = "new" if (state, code) in self.ref.post2011 else "old"
            return self._target(state, kind, code, "alias")
        names = self.names[state]
        hits = names.get(norm(key), set())
        via = "name"
        if not hits:
            hits = set().union(*[v for k, v in names.items() if skeleton(k) == skeleton(key)] or [set()])
            via = "skeleton"
        old = sorted(c for k, c in hits if k == "old")
        if len(old) == 1:
            return self._target(state, "old", old[0], via)
        new = sorted(c for k, c in hits if k == "new")
        if not old and len(new) == 1:
            return self._target(state, "new", new[0], via)
        return None
