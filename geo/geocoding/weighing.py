"""Weighing the evidence for each candidate district.

Every part of the address proposes the districts of the places it names (``evidence.PartReading``); a valid
pincode proposes its districts and fixes its state. Each candidate district is then scored for consistency
with ALL the evidence: what each part is worth to it (a labelled district counts most, a namesake village
least), plus what the pincode, the named state and the caller's home state say for or against it. The best
district wins, and its margin over the runner-up says how sure the choice is. The weights live in
``geo.geocoding.weights``.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import NamedTuple

from geo.geocoding.evidence import Mention, PartReading
from geo.geocoding.gazetteer import GazetteerIndex
from geo.geocoding.tables import Place
from geo.geocoding.weights import (
    HOME_STATE_FOR,
    PINCODE_AGAINST_DISTRICT,
    PINCODE_AGAINST_STATE,
    PINCODE_FOR,
    PREFIX_AGAINST,
    PREFIX_FOR,
    STATE_FREE_AGAINST,
    STATE_FREE_FOR,
    STATE_LABELLED_AGAINST,
    STATE_LABELLED_FOR,
    STATE_LAST_AGAINST,
    STATE_LAST_FOR,
)

__all__ = ["Evidence", "Scored", "candidate_scores"]


@dataclass
class Evidence:
    """All that is known of one address before a district is chosen."""

    readings: list[PartReading]
    pincode: Place | None
    #: ``pincode_shares`` (each district's share of the pincode's post offices), spread to the polygons holding
    #: them and the districts drawn in them (``evidence.spread``).
    pincode_support: dict[int, float]
    #: For a pincode India Post does not list: the states its first three digits belong to.
    prefix_states: dict[str, float]
    hint: str | None
    #: Looser readings inside particular districts (``within.scoped_reading``), by district.
    extra: dict[int, list[tuple[float, Mention]]] = field(default_factory=dict)
    #: States the address names: in a part labelled state, among free words, and in its last part.
    labelled_states: frozenset[str] = field(init=False)
    free_states: frozenset[str] = field(init=False)
    last_states: frozenset[str] = field(init=False)

    def __post_init__(self) -> None:
        self.labelled_states = frozenset(s for r in self.readings if r.part.label == "state" for s in r.states)
        self.free_states = frozenset(s for r in self.readings if r.part.label != "state" for s in r.states)
        self.last_states = frozenset(
            s for r in self.readings if r.part.label != "state" and r.part.from_end == 0 for s in r.states
        )

    @property
    def coarse_key(self) -> object:
        """What the coarse sums depend on: the parts other than the village's, the pincode, the hint, and the
        states the whole address names (a village value may name one: "Gram- Singhia Tola Bihar"), which the
        context score reads."""
        parts = tuple(r.part for r in self.readings if r.part.label not in FINE_LABELS)
        pin = self.pincode.pincode if self.pincode is not None else None
        states = (self.labelled_states, self.free_states, self.last_states)
        return parts, pin, tuple(sorted(self.prefix_states.items())), self.hint, states

    @property
    def pin_state(self) -> str | None:
        return self.pincode.state_code if self.pincode is not None else None

    @property
    def mentions(self) -> list[Mention]:
        return [m for r in self.readings for m in r.mentions]


class Scored(NamedTuple):
    district: Place
    score: float


def candidate_scores(index: GazetteerIndex, evidence: Evidence) -> list[Scored]:
    """Every candidate district with its score, best first.

    A score is a sum over the parts, so it is worked out in two sums: one over the parts other than the village
    and panchayat, with the pincode and states (a survey repeats a few thousand of these: each district's is
    kept), and one over the village and panchayat parts, added to it.
    """
    coarse = _coarse_totals(index, evidence)
    fine = [r for r in evidence.readings if r.part.label in FINE_LABELS]
    extra = evidence.extra
    proposed = coarse.proposed.union(extra, *(r.proposed for r in fine)) if fine or extra else coarse.proposed
    fine_scores = [r.scores for r in fine]
    districts = index.districts
    totals: list[tuple[float, int, Place]] = []
    for district_id in proposed:
        if (district := districts.get(district_id)) is None:
            continue
        total = coarse.total(evidence, district)
        for scores in fine_scores:
            if (hit := scores.get(district_id)) is not None:
                total += hit[0]
        if district_id in extra:
            total += sum(w for w, _ in extra[district_id])
        totals.append((-total, district_id, district))
    totals.sort()
    return [Scored(district, -negative) for negative, _, district in totals]


#: Parts named after the village: the finest and most varied values of a survey.
FINE_LABELS = frozenset(("village", "panchayat"))
#: Coarse sums kept (a survey has a few thousand district, block and pincode combinations).
_COARSE_KEPT = 50_000


class _CoarseTotals:
    """The coarse parts' and the context's score for each district, worked out once per district."""

    __slots__ = ("_totals", "proposed")

    def __init__(self, proposed: frozenset[int]) -> None:
        self.proposed = proposed
        self._totals: dict[int, float] = {}

    def total(self, evidence: Evidence, district: Place) -> float:
        district_id = district.district_id or -1
        if (hit := self._totals.get(district_id)) is not None:
            return hit
        total = sum(
            r.scores[district_id][0]
            for r in evidence.readings
            if r.part.label not in FINE_LABELS and district_id in r.scores
        )
        total += _context_score(evidence, district, evidence.labelled_states, evidence.free_states)
        self._totals[district_id] = total
        return total


def _coarse_totals(index: GazetteerIndex, evidence: Evidence) -> _CoarseTotals:
    key = evidence.coarse_key
    memo = index.memo.setdefault("coarse_totals", {})
    # ``index.memo`` holds memos of several kinds, so its values are typed ``object``: the check narrows them.
    if isinstance(hit := memo.get(key), _CoarseTotals):
        return hit
    coarse = [r.proposed for r in evidence.readings if r.part.label not in FINE_LABELS]
    totals = _CoarseTotals(frozenset(evidence.pincode_support).union(*coarse))
    if len(memo) >= _COARSE_KEPT:
        memo.clear()
    memo[key] = totals
    return totals


def used_for(evidence: Evidence, district_id: int) -> list[Mention]:
    """The readings that make a district's score, best first."""
    used = [(w, m) for r in evidence.readings for w, m in _weighed(r, district_id)]
    used += evidence.extra.get(district_id, [])
    return [m for _, m in sorted(used, key=lambda item: -item[0])]


def _weighed(reading: PartReading, district_id: int) -> list[tuple[float, Mention]]:
    score, mentions = reading.scores.get(district_id, (0.0, ()))
    return [(score, m) for m in mentions]


def _context_score(evidence: Evidence, district: Place, labelled: frozenset[str], free: frozenset[str]) -> float:
    state = district.state_code
    score = 0.0
    if evidence.pincode is not None:
        share = evidence.pincode_support.get(district.district_id or -1, 0.0)
        if share > 0:
            score += PINCODE_FOR * (0.6 + 0.4 * share)
        elif evidence.pin_state and evidence.pin_state != state:
            score += PINCODE_AGAINST_STATE
        else:
            score += PINCODE_AGAINST_DISTRICT
    elif evidence.prefix_states:
        score += PREFIX_FOR if evidence.prefix_states.get(state or "", 0.0) >= 0.5 else PREFIX_AGAINST
    if labelled:
        score += STATE_LABELLED_FOR if state in labelled else STATE_LABELLED_AGAINST
    elif free:
        last = evidence.last_states
        if state in free:
            score += STATE_LAST_FOR if state in last else STATE_FREE_FOR
        else:
            score += STATE_LAST_AGAINST if last else STATE_FREE_AGAINST
    elif evidence.hint and state == evidence.hint:
        score += HOME_STATE_FOR
    return score
