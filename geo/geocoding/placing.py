"""From a chosen district to the answer: block, village, post office, town, point, codes and reasons."""

from __future__ import annotations

import math
from dataclasses import dataclass

from geo.geocoding.gazetteer import GazetteerIndex
from geo.geocoding.result import REVIEW_BELOW, GeocodeResult, Note, render
from geo.geocoding.tables import Place
from geo.geocoding.text import ParsedAddress
from geo.geocoding.weighing import Evidence, Scored, used_for
from geo.geocoding.within import BlockChoice, choose_block, choose_village, named_place, nearest_block

__all__ = ["district_confidence", "place_in_district"]

#: A runner-up closer than this is named in the reasons.
CLOSE_CALL = 1.5
#: A guessed district is never more than this sure.
GUESS_CONFIDENCE = 0.3


@dataclass
class _Found:
    district: Place
    block: Place | None
    village: Place | None
    office: Place | None
    town: Place | None
    pincode: Place | None


def district_confidence(best: float, margin: float) -> float:
    """How sure the district is, from its score and its margin over the runner-up."""
    return (1.0 - math.exp(-margin / 1.2)) * min(1.0, best / 3.0)


def place_in_district(  # noqa: PLR0913 - the whole decision so far, handed on as it is
    index: GazetteerIndex,
    parsed: ParsedAddress,
    evidence: Evidence,
    best: Scored,
    runner_up: Scored | None,
    notes: list[Note],
    *,
    guess: str | None = None,
) -> GeocodeResult:
    """``guess``: the district is only the likeliest; the value is the level still certain ("state" or "")."""
    district = best.district
    margin = best.score - (runner_up.score if runner_up is not None else 0.0)
    notes = [*notes, *_district_notes(index, parsed, evidence, best, runner_up, margin)]
    if guess is not None:
        rival = f"{runner_up.district.name} ({runner_up.district.state_code})" if runner_up is not None else "-"
        notes.append(Note.of("guess", name=district.name, other=rival))
    choice = choose_block(index, evidence.readings, district)
    office = named_place(index, evidence.readings, district, "office")
    town = named_place(index, evidence.readings, district, "town")
    pincode = evidence.pincode if evidence.pincode_support.get(district.district_id or -1) else None
    anchor = office if office is not None and office.trusted else pincode
    village, namesakes = choose_village(index, evidence.readings, parsed, district, choice.block, anchor)
    block = index.blocks.get(village.block_code or "") if village is not None else choice.block
    if block is None and namesakes and len({p.block_code for p in namesakes}) == 1:
        block = index.blocks.get(namesakes[0].block_code or "")  # namesakes in one block: the block is known
    found = _Found(district, block, village, office, town, pincode)
    penalty, review = _gaps(index, parsed, found, choice, namesakes, notes)
    if office is not None and office.named_district_id not in (None, office.district_id):
        postal = index.districts.get(office.named_district_id or -1)
        notes.append(
            Note.of(
                "point_elsewhere", office=office.name, postal=postal.name if postal else "?", district=district.name
            )
        )
    confidence = district_confidence(best.score, margin) * penalty
    if guess is not None:
        return _result(index, found, min(confidence, GUESS_CONFIDENCE), notes, True)._replace_certain(guess or None)
    return _result(index, found, confidence, notes, review)


def _district_notes(
    index: GazetteerIndex,
    parsed: ParsedAddress,
    evidence: Evidence,
    best: Scored,
    runner_up: Scored | None,
    margin: float,
) -> list[Note]:
    notes: list[Note] = []
    district = best.district
    districts = [m for m in evidence.mentions if m.kind == "district"]
    named = [m for m in districts if m.label == "district"]
    for mention in districts:
        if mention.how == "spelling" and district in mention.places:
            notes.append(Note.of("spelling", typed=mention.text, name=district.name))
    pin = evidence.pincode
    in_pin = district.district_id in evidence.pincode_support
    if pin is not None and named and not any(district in m.places for m in named):
        others = ", ".join(sorted({p.name for m in named for p in m.places}))
        notes.append(Note.of("pin_overrules", pin=pin.pincode, pin_districts=_pin_names(index, evidence), named=others))
    elif pin is not None and not in_pin:
        notes.append(
            Note.of(
                "named_overrules_pin", pin=pin.pincode, pin_districts=_pin_names(index, evidence), named=district.name
            )
        )
    used = used_for(evidence, district.district_id or -1) if not named else []
    if not named and not any(u.kind == "district" for u in used):
        if pin is not None and in_pin:
            notes.append(Note.of("from_pin", pin=pin.pincode))
        elif used:
            notes.append(Note.of("from_place", kind=used[0].kind, name=used[0].text))
    if not named and any(p.label == "district" for p in parsed.parts):
        typed = next(" ".join(p.words) for p in parsed.parts if p.label == "district")
        notes.append(Note.of("district_not_found", typed=typed))
    if runner_up is not None and margin < CLOSE_CALL:
        notes.append(Note.of("close_call", other=runner_up.district.name))
    return notes


def _pin_names(index: GazetteerIndex, evidence: Evidence) -> str:
    pin = evidence.pincode.pincode if evidence.pincode is not None else ""
    shares = index.pincode_districts.get(pin or "", {})
    return ", ".join(sorted({index.districts[d].name for d in shares if d in index.districts}))


def _gaps(
    index: GazetteerIndex, parsed: ParsedAddress, found: _Found, choice: BlockChoice,
    namesakes: tuple[Place, ...], notes: list[Note],
) -> tuple[float, bool]:  # fmt: skip
    """Notes and a confidence factor for what the address named but the district does not hold."""
    factor, review = 1.0, False
    if namesakes and found.village is None:
        blocks = sorted({index.blocks[p.block_code].name for p in namesakes if p.block_code in index.blocks})
        notes.append(Note.of("namesakes", count=len(namesakes), name=namesakes[0].name, blocks=", ".join(blocks)))
        factor, review = factor * 0.5, True
    labelled_block = next((" ".join(p.words) for p in parsed.parts if p.label == "block"), None)
    if labelled_block and found.block is None:
        notes.append(Note.of("block_not_found", typed=labelled_block, district=found.district.name))
        factor *= 0.8
    if found.block is None and choice.rivals:
        notes.append(Note.of("block_open", names=", ".join(sorted(b.name for b in choice.rivals))))
    village_named = next((" ".join(p.words) for p in parsed.parts if p.label == "village"), None)
    if (
        village_named
        and found.village is None
        and not namesakes
        and index.district_table("village", found.district.district_id or -1)
    ):
        scope = found.block.name if found.block is not None else found.district.name
        notes.append(Note.of("village_not_found", typed=village_named, scope=scope))
        factor, review = factor * 0.85, True
    return factor, review


# --------------------------------------------------------------------------- the point and the codes


def _point(found: _Found) -> tuple[Place, str]:
    """The finest trustworthy point: (place, precision)."""
    for place, precision in (
        (found.village, "village"),
        (found.office, "post_office"),
        (found.town, "town"),
        (found.pincode, "pincode"),
    ):
        if place is not None and place.trusted and place.lon is not None:
            return place, precision
    if found.block is not None and found.block.lon is not None:
        return found.block, "block"
    return found.district, "district"


def _point_note(place: Place, precision: str) -> Note:
    key = {"post_office": "point_office", "town": "point_town", "pincode": "point_pincode", "block": "point_block"}
    return Note.of(key.get(precision, "point_district"), name=place.pincode if precision == "pincode" else place.name)


def _district_code_2011(index: GazetteerIndex, found: _Found, point: Place, precision: str) -> str | None:
    """The Census 2011 district: the block's, the town's, the nearest block's to a fine point, else the district's."""
    if found.block is not None and found.block.district_code_2011:
        return found.block.district_code_2011
    if found.town is not None and found.town.district_code_2011:
        return found.town.district_code_2011
    if precision in ("post_office", "pincode", "town"):
        code = nearest_block(index, point._replace(district_id=found.district.district_id))
        block = index.blocks.get(code or "")
        if block is not None and block.district_code_2011:
            return block.district_code_2011
    return found.district.district_code_2011


def _result(index: GazetteerIndex, found: _Found, confidence: float, notes: list[Note], review: bool) -> GeocodeResult:
    point, precision = _point(found)
    if found.village is not None and precision != "village":
        notes.append(Note.of("no_point", name=found.village.name, point=render((_point_note(point, precision),))))
    district = found.district
    codes = index.district_codes.get(district.district_id or -1)
    state = index.states.get(district.state_code or "")
    names = [p.name for p in (found.village, found.block, district, state) if p is not None]
    if found.village is None and precision in ("post_office", "town"):
        names.insert(0, point.name)
    confidence = round(max(0.0, min(1.0, confidence)), 3)
    return GeocodeResult(
        lon=point.lon,
        lat=point.lat,
        state_code=district.state_code,
        district_id=district.district_id,
        district_code=_district_code_2011(index, found, point, precision),
        block_code=found.block.block_code if found.block else None,
        village_code=found.village.village_code if found.village else None,
        lgd_district_code=codes.lgd_code if codes else None,
        precision=precision,
        confidence=confidence,
        matched_name=", ".join(dict.fromkeys(names)) or None,
        notes=tuple(notes),
        needs_review=review or confidence < REVIEW_BELOW,
        certain=_certain(found, confidence),
        district_name=district.name,
    )


def _certain(found: _Found, confidence: float) -> str:
    """The finest level chosen with a clear margin. A district that won clearly stays certain when the rest is
    doubtful (a block the address contradicts): then the block and village are not."""
    if confidence < REVIEW_BELOW:
        return "district"
    if found.village is not None:
        return "village"
    return "block" if found.block is not None else "district"
