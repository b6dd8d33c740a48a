"""Inside a candidate district: looser readings of labelled values, the block's votes, and the village.

Once a district is a candidate, a labelled value may be read more loosely there, since only that district's
few hundred names compete: skeleton keys meet Hindi and English spellings, fuzzy ratios forgive typos, and a
name may be read without its hamlet or landmark words ("Musahar Tola" is in Musahar; "Utkramit Madhya Vidyalay
Pipra" is in Pipra). The block is voted for by everything that lies in one: the block named, the thana (a block,
town, post office or village of that name), the village (its block follows when the name is unique in the
district), the panchayat (named after its main village), the post office. The village is looked for in the
chosen block. Every reading here depends on one part and one district only, so each is worked out once.
"""

from __future__ import annotations

import math
from collections import defaultdict
from collections.abc import Iterable, Iterator
from functools import lru_cache
from typing import NamedTuple

from geo.geocoding.evidence import Mention, PartReading, ends_in_the_district, mention_of, read_part
from geo.geocoding.gazetteer import GazetteerIndex
from geo.geocoding.keys import fold_key
from geo.geocoding.tables import FUZZY_QUALITY, SKELETON_QUALITY, Match, NameTable, Place
from geo.geocoding.text import ParsedAddress, Part
from geo.geocoding.weights import BLOCK_BACKING, BLOCK_MARGIN, BLOCK_MIN_VOTES, BLOCK_WEIGHTS, RANK_FACTOR, WEIGHTS
from geo.geocoding.words import GENERIC, GENERIC_KEYS, HAMLET_WORDS

__all__ = [
    "BlockChoice",
    "choose_block",
    "choose_village",
    "haversine_km",
    "named_place",
    "nearest_block",
    "places_in",
    "scoped_gain_bound",
    "scoped_readings",
]

#: What each kind of labelled value is looked for as, inside the district, on the loose rungs.
_KINDS_FOR_LABEL: dict[str | None, tuple[str, ...]] = {
    # Free words only as a whole part of one or two words, and only as a block: "…, Gorol, …" is Goraul.
    None: ("block",),
    "block": ("block", "town"),
    "police_station": ("block", "town", "office", "village"),
    "post_office": ("office", "block", "town", "village"),
    "village": ("village", "town", "office"),
    "panchayat": ("village",),
    "via": ("town", "office", "block"),
}
#: The most a loose reading of a value of each label can be worth to a district.
_LOOSE_GAIN = {
    label: max(WEIGHTS[label].get(kind, 0.0) for kind in kinds)
    * max(SKELETON_QUALITY, FUZZY_QUALITY)
    * max(RANK_FACTOR.values())
    for label, kinds in _KINDS_FOR_LABEL.items()
}
#: A loose reading here of a value that is exactly a name in another district counts for this share.
ELSEWHERE_DISCOUNT = 0.5
#: Fuzzy cut-offs (rapidfuzz ratio on loose keys): a block's villages are few, a district's many.
FUZZY_IN_BLOCK = 85.0
FUZZY_IN_DISTRICT = 88.0


class BlockChoice(NamedTuple):
    block: Place | None
    votes: float
    runner_up: float
    #: Blocks that tied for first (named in a note when the block is left open).
    rivals: tuple[Place, ...]


def district_tables(index: GazetteerIndex, kind: str, district: Place) -> list[NameTable]:
    """The district's table of a kind, and those of the districts drawn in its polygon (Delhi's)."""
    ids = [district.district_id or -1, *index.drawn_here.get(district.district_id or -1, ())]
    return [t for d in ids if (t := index.district_table(kind, d))]


def places_in(index: GazetteerIndex, district: Place, mention: Mention) -> Iterator[Place]:
    """The mention's places in the district or in the districts drawn in it."""
    district_id = district.district_id or -1
    yield from mention.by_district.get(district_id, ())
    for child in index.drawn_here.get(district_id, ()):
        yield from mention.by_district.get(child, ())


def _placed(reading: PartReading, district_id: int) -> bool:
    return district_id in reading.placed


def _lies_in(index: GazetteerIndex, district_id: int, mention: Mention) -> bool:
    """Whether a place the mention names lies in the district or in a district drawn in it."""
    return district_id in mention.districts or any(
        c in mention.districts for c in index.drawn_here.get(district_id, ())
    )


# --------------------------------------------------------------------------- looser readings


def scoped_readings(index: GazetteerIndex, readings: list[PartReading], district: Place) -> list[tuple[float, Mention]]:
    """Loose readings, inside ``district``, of labelled values that no exact national reading placed there,
    each with what it is worth to the district."""
    out: list[tuple[float, Mention]] = []
    for reading in readings:
        mention = _scoped_for(index, reading, district.district_id or -1)
        if mention is not None:
            out.append((mention.support.get(district.district_id or -1, 0.0) * mention.weight, mention))
    return out


def scoped_gain_bound(index: GazetteerIndex, readings: list[PartReading], district: Place) -> float:
    """The most ``scoped_readings`` could add to a district's score: a candidate that cannot catch up even so
    need not be read again (a survey's namesake villages propose many districts its named one outweighs)."""
    district_id = district.district_id or -1
    return sum(_LOOSE_GAIN.get(r.part.label, 0.0) for r in readings if district_id not in r.placed)


def _scoped_for(index: GazetteerIndex, reading: PartReading, district_id: int) -> Mention | None:
    part = reading.part
    if part.label not in _KINDS_FOR_LABEL:
        return None
    # "prakhand Rejaun Banka Bihar": the value is the words before the district's, and only they count as
    # having placed the district already.
    trailing = _trailing_district(index, reading)
    if trailing:
        part = part._replace(words=part.words[: min(trailing)])
        placed = any(m.end <= len(part.words) and _lies_in(index, district_id, m) for m in reading.mentions)
    else:
        placed = _placed(reading, district_id)
    if placed:
        return None
    if part.label is None and len(part.words) > 2:
        return None
    # A value that is a name elsewhere, exactly and whole, is read loosely here only at a discount.
    return _scoped(index, district_id, part, reading.whole_exact)


def _trailing_district(index: GazetteerIndex, reading: PartReading) -> list[int]:
    """Where the district's words start in a labelled value that runs into them at the end of the address."""
    if reading.part.from_end != 0 or reading.part.label in (None, "district", "state"):
        return []  # the common case, cheaply: only the last part can run into the district
    return [m.start for m in reading.mentions if m.kind == "district" and ends_in_the_district(index, m)]


@lru_cache(maxsize=200_000)
def _scoped(index: GazetteerIndex, district_id: int, part: Part, elsewhere: bool) -> Mention | None:
    district = index.districts[district_id]
    for kind in _KINDS_FOR_LABEL[part.label]:
        match = _loose_reading(index, kind, district, part.words)
        if match.places:
            if elsewhere:
                match = match._replace(quality=match.quality * ELSEWHERE_DISCOUNT)
            return mention_of(index, kind, match, part, 0, len(part.words))
    return None


def _loose_reading(index: GazetteerIndex, kind: str, district: Place, words: tuple[str, ...]) -> Match:
    for variant in _variants(words):
        for table in district_tables(index, kind, district):
            match = table.find(fold_key(variant), fuzzy_cutoff=FUZZY_IN_DISTRICT)
            if match.places:
                return match
    return Match((), 0.0, "")


def _variants(words: tuple[str, ...]) -> Iterable[str]:
    """The value, then without hamlet words, then without everyday address words (a landmark's)."""
    yield " ".join(words)
    plain = [w for w in words if w not in HAMLET_WORDS]
    if plain and len(plain) < len(words):
        yield " ".join(plain)
    named = [w for w in plain if w not in GENERIC and fold_key(w) not in GENERIC_KEYS and not w.isdigit()]
    if named and len(named) < len(plain):
        yield " ".join(named)


# --------------------------------------------------------------------------- the block


def choose_block(index: GazetteerIndex, readings: list[PartReading], district: Place) -> BlockChoice:
    district_id = district.district_id or -1
    by_part = [_part_votes(index, reading.part, district_id) for reading in readings]
    # Only a part with namesakes in several blocks can be confirmed by another (the rarer case: skipped cheaply).
    backers = _backers(by_part) if any(n > 1 for votes in by_part for _, n in votes.values()) else {}
    votes: defaultdict[str, float] = defaultdict(float)
    for i, part_votes in enumerate(by_part):
        confirmed = _confirmed_namesake(i, part_votes, backers)
        for code, (weight, shared) in part_votes.items():
            votes[code] += weight if code == confirmed else weight / shared
    ranked = sorted(votes.items(), key=lambda item: (-item[1], item[0]))
    if not ranked:
        return BlockChoice(None, 0.0, 0.0, ())
    top, second = ranked[0][1], ranked[1][1] if len(ranked) > 1 else 0.0
    if top >= BLOCK_MIN_VOTES and top - second >= BLOCK_MARGIN:
        return BlockChoice(index.blocks[ranked[0][0]], top, second, ())
    rivals = tuple(index.blocks[code] for code, v in ranked if v >= top - BLOCK_MARGIN and code in index.blocks)
    return BlockChoice(None, top, second, rivals if top >= BLOCK_MIN_VOTES else ())


def _backers(by_part: list[_Votes]) -> dict[str, set[int]]:
    """For each block, the parts that vote for it at least ``BLOCK_BACKING``."""
    out: defaultdict[str, set[int]] = defaultdict(set)
    for i, votes in enumerate(by_part):
        for code, (weight, shared) in votes.items():
            if weight / shared >= BLOCK_BACKING:
                out[code].add(i)
    return out


def _confirmed_namesake(part: int, part_votes: _Votes, backers: dict[str, set[int]]) -> str | None:
    """The one block, among the blocks of a part's namesakes, that another part of the address also votes for:
    "Vill. Tetariya (16 in the district), P.O. Nainsagar (a village of one block)". The namesake there is the
    one meant, so the part's whole vote goes to it rather than a share."""
    if len(part_votes) < 2 or not backers:
        return None
    confirmed = [code for code in part_votes if backers.get(code, set()) - {part}]
    return confirmed[0] if len(confirmed) == 1 else None


#: What one part votes for each block of a district: (its weight, how many blocks its namesakes share it with).
_Votes = dict[str, tuple[float, int]]


@lru_cache(maxsize=200_000)
def _part_votes(index: GazetteerIndex, part: Part, district_id: int) -> _Votes:
    """What one part votes for the blocks of a district (its namesakes in several blocks share its vote)."""
    if part.label in ("district", "state"):
        return {}
    reading = read_part(index, part)
    district = index.districts[district_id]
    mentions = [m for m in reading.mentions if _lies_in(index, district_id, m)]
    if (scoped := _scoped_for(index, reading, district_id)) is not None:
        mentions.append(scoped)
    # Words read as the district's own name ("…, Siwan", "Vill. Rampur Siwan") do not also vote for a block of
    # that name.
    named = {i for m in mentions if m.kind == "district" for i in range(m.start, m.end)}
    trailing = {
        i for m in mentions if m.kind == "district" and ends_in_the_district(index, m) for i in range(m.start, m.end)
    }
    # A whole name read in the district outvotes the readings of its own words ("Bagaha II" is Sidhaw, not
    # Bagaha; the village Nautan Khurd lies in Majhaulia, not in the block Nautan).
    block_spans = [(m.start, m.end) for m in mentions if m.kind in BLOCK_WEIGHTS[None] and m.how == "exact"]
    votes: _Votes = {}
    for mention in mentions:
        inside_block_name = any(
            s <= mention.start and mention.end <= e and (s, e) != (mention.start, mention.end) for s, e in block_spans
        )
        if (
            mention.kind not in BLOCK_WEIGHTS[None]
            or inside_block_name
            or (part.label is None and named & set(range(mention.start, mention.end)))
            or trailing & set(range(mention.start, mention.end))
        ):
            continue
        blocks = {b for p in places_in(index, district, mention) if (b := _block_of(index, p)) is not None}
        weight = BLOCK_WEIGHTS.get(part.label, BLOCK_WEIGHTS[None]).get(mention.kind, 0.0) * mention.quality
        for code in blocks:
            if code not in votes or weight / len(blocks) > votes[code][0] / votes[code][1]:
                votes[code] = (weight, len(blocks))
    return votes


def _block_of(index: GazetteerIndex, place: Place) -> str | None:
    if place.kind == "office":
        return nearest_block(index, place)
    return place.block_code if place.block_code in index.blocks else None


def nearest_block(index: GazetteerIndex, place: Place) -> str | None:
    """The block whose headquarters is nearest a trusted point in the place's district (the approximate block
    areas are exactly these nearest-headquarters cells, ``geo.blocks``)."""
    if not place.trusted or place.lon is None or place.lat is None or place.district_id is None:
        return None
    return _nearest_block(index, place.district_id, place.lon, place.lat)


@lru_cache(maxsize=100_000)
def _nearest_block(index: GazetteerIndex, district_id: int, lon: float, lat: float) -> str | None:
    # A place's lon and lat come from one point, so both are set or neither is.
    blocks = [
        (b.block_code, b.lon, b.lat)
        for b in index.district_table("block", district_id).places()
        if b.lon is not None and b.lat is not None
    ]
    if not blocks:
        return None
    return min(blocks, key=lambda b: haversine_km(lon, lat, b[1], b[2]))[0]


# --------------------------------------------------------------------------- named places in the district


def named_place(index: GazetteerIndex, readings: list[PartReading], district: Place, kind: str) -> Place | None:
    """The post office or town the address names in the district: a labelled value first; then the finest free
    words (earliest in the address: "Narela, Delhi" is in Narela, not at the Delhi GPO)."""
    found = [
        (part.label is None, -part.from_end, place)
        for r in readings
        if (place := _named_in(index, r.part, district.district_id or -1, kind)) is not None
        for part in (r.part,)
    ]
    return min(found, key=lambda item: item[:2])[2] if found else None


@lru_cache(maxsize=600_000)
def _named_in(index: GazetteerIndex, part: Part, district_id: int, kind: str) -> Place | None:
    reading = read_part(index, part)
    district = index.districts[district_id]
    mentions = [m for m in reading.mentions if m.kind == kind and not m.road]
    if (scoped := _scoped_for(index, reading, district_id)) is not None and scoped.kind == kind:
        mentions.append(scoped)
    mentions.sort(key=lambda m: (-m.quality, -(m.end - m.start)))
    for mention in mentions:
        if places := list(places_in(index, district, mention)):
            return max(places, key=lambda p: (p.trusted, p.rank))
    return None


# --------------------------------------------------------------------------- the village


def choose_village(
    index: GazetteerIndex, readings: list[PartReading], parsed: ParsedAddress, district: Place, block: Place | None,
    anchor: Place | None,
) -> tuple[Place | None, tuple[Place, ...]]:  # fmt: skip
    """The village the address names, in the block if one was chosen; and the namesakes if it stays open."""
    if block is not None:
        table, cutoff = index.villages_in_block.get(block.block_code or ""), FUZZY_IN_BLOCK
    else:
        table, cutoff = index.district_table("village", district.district_id or -1), FUZZY_IN_DISTRICT
    if not table:
        return None, ()
    coarse = frozenset(r.part for r in readings if any(m.kind in ("district", "state") for m in r.mentions))
    # "Vill. Rampur Siwan": the village's name is the words before the district's.
    trimmed = {r.part: r.part.words[: min(t)] for r in readings if (t := _trailing_district(index, r))}
    for places in _village_readings(parsed, table, cutoff, coarse, trimmed):
        if len(places) == 1:
            return places[0], ()
        narrowed = _nearest(list(places), anchor) if anchor is not None else list(places)
        if len(narrowed) == 1:
            return narrowed[0], ()
        return None, tuple(places)
    return None, ()


def _village_readings(
    parsed: ParsedAddress,
    table: NameTable,
    cutoff: float,
    coarse: frozenset[Part],
    trimmed: dict[Part, tuple[str, ...]],
) -> Iterator[tuple[Place, ...]]:
    """Village readings, most direct first: the village value, the panchayat, a post office "at" the village,
    then free words read exactly (not those that name the district or state: "…, Siwan" is no village Siwan)."""
    for label in ("village", "panchayat", "post_office"):
        for part in parsed.parts:
            if part.label != label:
                continue
            for variant in _variants(trimmed.get(part, part.words)):
                match = table.find(fold_key(variant), fuzzy_cutoff=cutoff if label == "village" else None)
                if match.places:
                    yield match.places
                    return
    for part in parsed.parts:
        if part.label is None and part not in coarse:
            for variant in _variants(part.words):
                if (match := table.find(fold_key(variant), fuzzy_cutoff=cutoff)).places:
                    yield match.places
                    return


def _nearest(places: list[Place], anchor: Place, *, margin_km: float = 3.0, limit_km: float = 20.0) -> list[Place]:
    """The candidate clearly nearest a trusted anchor (post office, pincode), if near; else all of them."""
    if anchor.lon is None or anchor.lat is None or len(places) < 2:
        return places
    ranked = sorted(places, key=lambda p: _km(p, anchor))
    first, second = _km(ranked[0], anchor), _km(ranked[1], anchor)
    return [ranked[0]] if first <= limit_km and second - first >= margin_km else places


def _km(a: Place, b: Place) -> float:
    if a.lon is None or a.lat is None or b.lon is None or b.lat is None:
        return math.inf
    return haversine_km(a.lon, a.lat, b.lon, b.lat)


def haversine_km(lon1: float, lat1: float, lon2: float, lat2: float) -> float:
    p1, p2 = math.radians(lat1), math.radians(lat2)
    dp, dl = p2 - p1, math.radians(lon2 - lon1)
    h = math.sin(dp / 2) ** 2 + math.cos(p1) * math.cos(p2) * math.sin(dl / 2) ** 2
    return 2 * 6371.0088 * math.asin(math.sqrt(h))
