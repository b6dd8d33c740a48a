"""``workplace`` and ``delhi``: where Bihar's workers work, as a worker or an agent writes it.

Localities are post offices (cleaned of SO/BO/HO) and Census towns. An office is labelled with its postal district
mapped to a Census 2011 district (``DistrictIndex``); a post-2011 district made of several 2011 districts is
settled by the office's own name (a Census town or sub-district of one of them) or the office is not used; an
office whose point lies clearly in another district is not used either (``PointChecker``).
"""

from __future__ import annotations

import random
import re
from collections import defaultdict
from dataclasses import dataclass

from bench.geocode_sets import hindi, names
from bench.geocode_sets.districts import DistrictIndex
from bench.geocode_sets.gazetteer import lkey
from bench.geocode_sets.noise import Address, labelled, typo
from bench.geocode_sets.polygons import PointChecker
from bench.geocode_sets.reference import DESTINATIONS, PostOffice, Reference, data_dir, norm, sub_hq_names
from bench.geocode_sets.rows import Row, quotas

WORKPLACE_CLASSES = {"locality": 0.5, "area_state": 0.3, "town": 0.2}
DELHI_CLASSES = {"area": 0.45, "pincode": 0.35, "district_named": 0.2}
STATE_SHARES = {
    "07": 0.14,
    "27": 0.15,
    "24": 0.11,
    "06": 0.12,
    "03": 0.10,
    "09": 0.09,
    "19": 0.08,
    "29": 0.07,
    "33": 0.05,
    "32": 0.05,
    "36": 0.04,
}
HINDI_SHARE = 0.08
INSTITUTION = re.compile(
    r"(?i)hospital|college|vidyala|university|secretariat|sectt|court|bhawan|bhavan|parliament|rashtrapati|"
    r"air ?force|\bafs\b|\bcantt?\b|army|naval|\biit\b|aiims|collectorate|postal|\bsb\b|head ?quarters|museum|"
    r"railway|ignou|campus|\brms\b|\bmdg\b|\btso\b|\bnsh\b|\bbpc\b|\bicc\b|\bgpo\b|\bsorting\b|"
    r"sansad|soudh|vidhan|\bc ?g ?o\b"
)
INDUSTRIAL = re.compile(r"(?i)indl|industr|midc|gidc|phase|udyog|estate|\bmandi\b|\bsector\b|\bfocal\b|\bsez\b")
DELHI_SUFFIX = re.compile(r"(?i)\s+((north|south|east|west|central|new)(\s+(east|west))?\s+)?delhi$")
EXTRAS = (
    ("C/o {firm}", 0),
    ("{firm}", 0),
    ("Plot No. {n}", 300),
    ("Plot {n}", 300),
    ("Gali No. {n}", 30),
    ("H.No. {n}", 999),
    ("Shop No. {n}", 150),
    ("Near Bus Stand", 0),
    ("Near Railway Station", 0),
    ("Khasra No. {n}", 900),
    ("Site Office, {firm}", 0),
)
FIRMS = (
    "Shree Balaji Textiles",
    "Sai Enterprises",
    "Om Steel Industries",
    "R.K. Construction",
    "Jai Mata Di Garments",
    "Ganesh Plastics",
    "Laxmi Brick Field",
    "Shiv Shakti Packaging",
    "New India Spinning Mill",
    "Krishna Fabricators",
    "Maa Durga Builders",
    "Royal Footwear",
)
# Delhi's districts as people write them, by the post office's (today's) district.
DELHI_DISTRICT_WORDS = {
    "CENTRAL": ("Central Delhi", "Central"),
    "EAST": ("East Delhi", "East"),
    "NEW DELHI": ("New Delhi",),
    "NORTH": ("North Delhi", "North"),
    "NORTH EAST": ("North East Delhi", "North East", "NE Delhi"),
    "NORTH WEST": ("North West Delhi", "North West", "NW Delhi", "Outer Delhi"),
    "SHAHDARA": ("Shahdara", "Shahdara District"),
    "SOUTH": ("South Delhi", "South"),
    "SOUTH EAST": ("South East Delhi", "South East", "SE Delhi"),
    "SOUTH WEST": ("South West Delhi", "South West", "SW Delhi"),
    "WEST": ("West Delhi", "West"),
}


@dataclass(frozen=True)
class Place:
    name: str
    state: str
    district: str  # 2011
    alts: tuple[str, ...]
    written_district: str  # the district as the post office names it today
    pincode: str
    kind: str  # "HO", "SO", "BO", or the Census town type
    source: str


class Workplaces:
    def __init__(self, ref: Reference, point_check: bool = True) -> None:
        self.ref = ref
        self.index = DistrictIndex(ref)
        self.checker = PointChecker(ref, data_dir()) if point_check else None
        self.dropped: dict[str, int] = defaultdict(int)
        # (state, key) -> 2011 districts of Census towns and sub-districts of that name
        self.census_places: dict[tuple[str, str], set[str]] = defaultdict(set)
        for t in ref.towns:
            self.census_places[(t.state, lkey(t.name))].add(t.district)
        for s in ref.subdistricts.values():
            self.census_places[(s.state, lkey(s.name))].add(s.district)
        self.new_district = self._new_districts()
        self.offices: dict[str, list[tuple[PostOffice, Place]]] = defaultdict(list)
        # (state, key) -> every district a place of that name may be in ("?" for an office we cannot label)
        self.area: dict[tuple[str, str], set[str]] = defaultdict(set)
        for office in ref.offices:
            if office.state in DESTINATIONS:
                self._add_office(office)
        for t in ref.towns:
            if t.state in DESTINATIONS:
                self.area[(t.state, lkey(town_name(t.name)))].add(t.district)
        self.towns = self._towns()
        self.checked: dict[tuple[str, str], str] = {}
        self.weights: dict[str, list[int]] = {}

    def _new_districts(self) -> dict[tuple[str, str], str]:
        """(state, 2011 sub-district code) -> the post-2011 district it lies in, by the HQ file's sub-district
        names under the new district codes (names, not the file's sub-district codes)."""
        out = {}
        for props in sub_hq_names(data_dir()):
            state, code = props["STCODE11"], props["DTCODE11"]
            if (state, code) not in self.ref.post2011:
                continue
            parents = self.ref.post2011[(state, code)][1]
            hits = [
                s
                for s in self.ref.subdistricts.values()
                if s.district in parents and norm(s.name) == norm(props["NAME11"])
            ]
            if len(hits) == 1:
                out[(state, hits[0].code)] = code
        return out

    def _add_office(self, office: PostOffice) -> None:
        name = DELHI_SUFFIX.sub("", office.name) if office.state == "07" else office.name
        key = lkey(name)
        label = self.index.resolve(office.state, office.postal_district)
        if label is None or not name or INSTITUTION.search(office.raw) or len(key) < 3:
            self.area[(office.state, key)].add("?")
            self.dropped["unmapped_or_institution"] += 1
            return
        district = label.code
        if district is None:
            found = self.census_places.get((office.state, key), set()) & set(label.parents)
            if len(found) != 1:
                self.area[(office.state, key)].add("?")
                self.dropped["post2011_unsettled"] += 1
                return
            district = found.pop()
        self.area[(office.state, key)].add(district)
        kind = ("HO", "SO", "BO")[office.kind] if office.kind in (0, 1, 2) else "SO"
        place = Place(
            name, office.state, district, label.alts, office.postal_district.title(), office.pincode, kind, "office"
        )
        self.offices[office.state].append((office, place))

    def _towns(self) -> dict[str, list[Place]]:
        by_state: dict[str, list[Place]] = defaultdict(list)
        for t in self.ref.towns:
            name = town_name(t.name)
            if t.state not in DESTINATIONS or not name or re.search(r"(?i)\bno\.?\b|\bsec\.|special|\d", t.name):
                continue
            if self.area.get((t.state, lkey(name))) != {t.district} or name.isupper():
                continue  # another town, or an office, of that name elsewhere in the state
            alt = self.new_district.get((t.state, t.subdistrict))
            by_state[t.state].append(Place(name, t.state, t.district, (alt,) if alt else (), "", "", t.kind, "town"))
        return by_state

    def office(self, state: str, rng: random.Random, unique: bool = False) -> Place:
        """An office of the state: head and sub offices (towns, localities) and industrial areas weigh more."""
        pool = self.offices[state]
        if state not in self.weights:
            self.weights[state] = [(1 if o.kind == 2 else 3) * (4 if INDUSTRIAL.search(p.name) else 1) for o, p in pool]
        weights = self.weights[state]
        for _ in range(1000):
            office, place = rng.choices(pool, weights=weights)[0]
            if unique and self.area[(state, lkey(place.name))] != {place.district}:
                continue
            if self.checker is not None:
                key = (office.pincode, office.raw)
                if key not in self.checked:
                    self.checked[key] = self.checker.check(office, place.district)
                if self.checked[key] == "disagree":
                    continue
            return place
        raise RuntimeError(f"no usable post office in state {state}")


def town_name(name: str) -> str:
    """``S.A.S. Nagar (Mohali)`` -> ``S.A.S. Nagar``; ``Boh(27)`` -> ``Boh``."""
    return re.sub(r"\s+", " ", re.sub(r"\(.*?\)", " ", name)).strip(" -.,")


class Writer:
    """Writes one workplace: its locality, the city or district, the state, maybe a pincode and a firm."""

    def __init__(self, place: Place, rng: random.Random, ref: Reference) -> None:
        self.place, self.rng, self.ref = place, rng, ref
        self.hindi = rng.random() < HINDI_SHARE
        self.address = Address()
        self.notes = ["lang=hi" if self.hindi else "lang=en", f"source={place.source}:{place.kind}"]

    def name(self, text: str, what: str) -> str:
        if self.hindi:
            return hindi.to_devanagari(text, self.rng)
        if self.rng.random() < 0.1 and len(text) > 5:
            self.notes.append(f"typo={what}")
            return typo(text, self.rng)
        return text

    def extra(self, p: float = 0.4) -> None:
        if self.rng.random() < p and not self.hindi:
            template, top = self.rng.choice(EXTRAS)
            text = template.format(firm=self.rng.choice(FIRMS), n=self.rng.randrange(1, top + 2))
            self.address.add("extra", text)

    def locality(self) -> None:
        self.address.add("locality", self.name(self.place.name, "locality"))

    def district(self) -> None:
        p, rng = self.place, self.rng
        options = list(names.CITY_NAMES.get(p.district, ()))
        options += [p.written_district] if p.written_district else []
        options += [self.ref.census_district_name(p.district)]
        text = rng.choice(options)
        if text.upper() != p.written_district.upper():
            self.notes.append(f"district_as={text}")
        self.address.add("district", labelled("district", self.name(text, "district"), rng, self.hindi, 0.25))

    def state(self) -> None:
        english, hindi_names = names.STATES[self.place.state]
        self.address.add("state", self.rng.choice(hindi_names if self.hindi else english))

    def pincode(self, p: float) -> None:
        if self.place.pincode and self.rng.random() < p:
            self.address.add("pin", labelled("pin", self.place.pincode, self.rng, self.hindi, 0.3))
            self.notes.append("pin")

    def finish(self, cls: str) -> Row:
        text = self.address.render(self.rng, self.hindi, reorder=0.03)
        return Row(
            cls=cls,
            address=text,
            state=self.place.state,
            district=self.place.district,
            alts=self.place.alts,
            block="",
            village="",
            block_in_text=0,
            notes=";".join(self.notes + self.address.notes),
        )


def workplace_rows(work: Workplaces, n: int, rng: random.Random) -> list[Row]:
    out = []
    for cls, count in quotas(n, WORKPLACE_CLASSES).items():
        for _ in range(count):
            state = rng.choices(list(STATE_SHARES), weights=list(STATE_SHARES.values()))[0]
            if cls == "town":
                towns = work.towns[state]
                place = rng.choices(towns, weights=[1 if t.kind == "CT" else 3 for t in towns])[0]
            else:
                place = work.office(state, rng, unique=cls == "area_state")
            w = Writer(place, rng, work.ref)
            w.extra()
            w.locality()
            if cls == "locality":
                w.district()
            w.state()
            if cls != "town":
                w.pincode(0.4 if cls == "locality" else 0.2)
            out.append(w.finish(cls))
    rng.shuffle(out)
    return out


def delhi_rows(work: Workplaces, n: int, rng: random.Random) -> list[Row]:
    out = []
    for cls, count in quotas(n, DELHI_CLASSES).items():
        for _ in range(count):
            place = work.office("07", rng, unique=cls == "area")
            w = Writer(place, rng, work.ref)
            w.extra(0.3)
            w.locality()
            if cls == "district_named":
                word = rng.choice(DELHI_DISTRICT_WORDS[place.written_district.upper()])
                w.notes.append(f"district_as={word}")
                w.address.add("district", labelled("district", w.name(word, "district"), rng, w.hindi, 0.4))
            w.state()
            if cls != "area":
                w.pincode(1.0 if cls == "pincode" else 0.5)
            out.append(w.finish(cls))
    rng.shuffle(out)
    return out
