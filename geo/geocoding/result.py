"""The geocoder's answer: codes, a point and how precise it is, how sure, and why, in English and Hindi.

What ``precision`` means: how precise the *point* is, not how far the codes go. Bihar's Census villages have no
coordinates of their own, so an identified village keeps its ``village_code`` while its point is the best of:
its namesake post office (precision ``village``), the post office named in the address (``post_office``), a
Census town (``town``), the pincode's centre when the pincode agrees with the district (``pincode``), the block
headquarters (``block``), the district headquarters (``district``) or a point inside the state (``state``).

``certain`` says which level the codes are sure of (``village``, ``block``, ``district``, ``state``), from the
margin of each choice over its runner-up; ``confidence`` is our estimate that the codes are right down to the
level of ``precision``. ``district_code`` is the Census 2011 district the place lay in (the 2011 parent of a
district made later); ``district_id`` is the district as drawn today, which may be one without a polygon of its
own (Delhi's, drawn inside Delhi's outline).
"""

from __future__ import annotations

from dataclasses import dataclass, replace
from functools import cached_property, lru_cache
from typing import Any, NamedTuple

__all__ = ["PRECISIONS", "REVIEW_BELOW", "GeocodeResult", "Note", "render", "unresolved"]

#: Results less confident than this go to the review queue.
REVIEW_BELOW = 0.6
PRECISIONS = ("village", "post_office", "town", "pincode", "block", "district", "state")


class Note(NamedTuple):
    """One reason, rendered in either language from its key and values."""

    key: str
    values: tuple[tuple[str, str], ...] = ()

    @classmethod
    def of(cls, key: str, **values: object) -> Note:
        return cls(key, tuple((k, str(v)) for k, v in values.items()))


# English and Hindi templates of every reason the geocoder gives.
_TEMPLATES: dict[str, tuple[str, str]] = {
    "empty": ("unresolved: the address is empty", "पता ख़ाली है: कोई स्थान नहीं मिला"),
    "abroad": ("unresolved: the place is outside India ({name})", "स्थान भारत के बाहर है ({name})"),
    "unresolved": (
        "unresolved: no state, district, pincode or place name recognised",
        "कोई राज्य, ज़िला, पिनकोड या स्थान का नाम पहचाना नहीं गया",
    ),
    "pin_unknown": ("pincode {pin} is not in the India Post directory", "पिनकोड {pin} भारतीय डाक की सूची में नहीं है"),
    "pin_overrules": (
        "pincode {pin} belongs to {pin_districts}, not {named}; took the pincode's district",
        "पिनकोड {pin} {pin_districts} का है, {named} का नहीं; पिनकोड का ज़िला लिया",
    ),
    "named_overrules_pin": (
        "pincode {pin} belongs to {pin_districts}, not {named}; kept {named}, which the rest of the address confirms",
        "पिनकोड {pin} {pin_districts} का है, {named} का नहीं; {named} रखा, जिसकी पुष्टि पते के बाक़ी हिस्से से होती है",
    ),
    "spelling": (
        "district '{typed}' read as {name} by spelling similarity",
        "ज़िला '{typed}' को वर्तनी की समानता से {name} पढ़ा",
    ),
    "ambiguous": ("district is ambiguous: {names}", "ज़िला अस्पष्ट है: {names}"),
    "from_pin": ("district from pincode {pin}", "ज़िला पिनकोड {pin} से"),
    "from_place": ("district from the {kind} {name}", "ज़िला {name} ({kind}) से"),
    "close_call": (
        "district chosen narrowly over {other}",
        "ज़िला {other} की तुलना में थोड़े अंतर से चुना",
    ),
    "state_only": ("only the state is known", "केवल राज्य ज्ञात है"),
    "guess": (
        "the district is a guess: {name} is likelier than {other}, but not by enough to be sure",
        "ज़िला अनुमान है: {name} की संभावना {other} से अधिक है, पर निश्चित होने लायक़ नहीं",
    ),
    "district_not_found": ("district '{typed}' not recognised", "ज़िला '{typed}' पहचाना नहीं गया"),
    "point_elsewhere": (
        "post office {office} is listed under {postal}, but its point lies in {district}; took {district}",
        "डाकघर {office} {postal} में दर्ज है, पर उसका स्थान {district} में है; {district} लिया",
    ),
    "block_not_found": ("block '{typed}' not found in {district}", "प्रखंड '{typed}' {district} में नहीं मिला"),
    "block_open": ("block not certain: {names}", "प्रखंड निश्चित नहीं: {names}"),
    "read_as": ("{label} '{typed}' read as {kind} {name}", "{label} '{typed}' को {kind} {name} पढ़ा"),
    "village_not_found": ("village '{typed}' not found in {scope}", "गाँव '{typed}' {scope} में नहीं मिला"),
    "namesakes": (
        "{count} villages named {name} in {blocks}; give the block",
        "{name} नाम के {count} गाँव ({blocks}) हैं; प्रखंड बताएँ",
    ),
    "no_point": (
        "village {name} identified; it has no coordinates of its own, {point}",
        "गाँव {name} पहचाना गया; उसके अपने निर्देशांक नहीं हैं, {point}",
    ),
    "point_office": ("point of post office {name}", "डाकघर {name} का स्थान"),
    "point_town": ("point of the town {name}", "क़स्बे {name} का स्थान"),
    "point_pincode": ("point of pincode {name}", "पिनकोड {name} का स्थान"),
    "point_block": ("point of the {name} block headquarters", "{name} प्रखंड मुख्यालय का स्थान"),
    "point_district": ("point of the {name} district headquarters", "{name} ज़िला मुख्यालय का स्थान"),
    "point_state": ("point inside the state", "राज्य के भीतर का स्थान"),
}


def render(notes: tuple[Note, ...], language: str = "en") -> str | None:
    """The notes as one sentence-list in English (``en``) or Hindi (``hi``); None when there are none."""
    column = 1 if language == "hi" else 0
    return "; ".join([_rendered(n, column) for n in notes]) or None


# A batch's results repeat the same few thousand notes ("point of the Kesaria block headquarters").
@lru_cache(maxsize=100_000)
def _rendered(note: Note, column: int) -> str:
    return _TEMPLATES[note.key][column].format(**dict(note.values))


@dataclass(frozen=True)
class GeocodeResult:
    lon: float | None
    lat: float | None
    state_code: str | None
    district_id: int | None
    district_code: str | None
    block_code: str | None
    village_code: str | None
    lgd_district_code: int | None
    precision: str | None
    confidence: float
    matched_name: str | None
    notes: tuple[Note, ...]
    needs_review: bool
    certain: str | None = None
    district_name: str | None = None

    @cached_property
    def reason(self) -> str | None:
        return render(self.notes)

    @cached_property
    def reason_hi(self) -> str | None:
        return render(self.notes, "hi")

    def _replace_certain(self, certain: str | None) -> GeocodeResult:
        return replace(self, certain=certain)

    def as_certain(self) -> GeocodeResult:
        """The result cut back to what is certain: a guessed district is dropped (the state stays when certain),
        so records and maps never carry a guess. The reasons still say what the guess was."""
        if self.certain in ("district", "block", "village") or self.state_code is None:
            return self
        if self.certain != "state":
            return replace(self, lon=None, lat=None, state_code=None, district_id=None, district_code=None,
                           block_code=None, village_code=None, lgd_district_code=None, precision=None)  # fmt: skip
        return replace(self, district_id=None, district_code=None, block_code=None, village_code=None,
                       lgd_district_code=None, precision="state", lon=None, lat=None)  # fmt: skip

    def public(self) -> dict[str, Any]:
        """The CLI's JSON keys (Census codes as strings, ``null`` when unresolved)."""
        keys = (
            "lon", "lat", "state_code", "district_code", "block_code", "village_code", "precision", "confidence",
            "certain", "matched_name", "district_name", "reason", "reason_hi",
        )  # fmt: skip
        return {k: getattr(self, k) for k in keys}


def unresolved(*notes: Note) -> GeocodeResult:
    return GeocodeResult(None, None, None, None, None, None, None, None, None, 0.0, None, notes, True)
