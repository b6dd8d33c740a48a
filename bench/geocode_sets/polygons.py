"""Where a post office's point lies: the district polygon of the boundary TopoJSON that holds it.

An office whose (good) point lies clearly inside another district than the one its postal district maps to is
not used in the workplace sets: its label would be in doubt (the geocoder is asked to trust the polygon, the
directory says otherwise, and many such points are placeholders). Points within ``TOLERANCE_DEG`` of the
labelled district's polygon are kept, since the polygons are simplified.
"""

from __future__ import annotations

from pathlib import Path
from typing import Any

from bench.geocode_sets.districts import EXTRA_POST_2011
from bench.geocode_sets.reference import PostOffice, Reference

TOLERANCE_DEG = 0.02  # about 2 km


def _candidates(ref: Reference, state: str, code: str, name: str) -> tuple[str, ...]:
    """The 2011 districts a boundary polygon may stand for (its parents when it is a post-2011 district)."""
    if code and code != "0" and int(code) <= 640:
        return (code.zfill(3),)
    if (state, code) in ref.post2011:
        return ref.post2011[(state, code)][1]
    return EXTRA_POST_2011.get((state, name.upper()), ())


class PointChecker:
    """``check(office, label)``: ``agree``, ``near`` (within the tolerance), ``disagree`` or ``unknown`` (no
    trusted point, no polygon there, or a state drawn without districts, such as Delhi)."""

    def __init__(self, ref: Reference, base: Path) -> None:
        import geopandas as gpd

        frame = gpd.read_file(base / "india_districts_2011.topojson", layer="districts")
        self.candidates: list[tuple[str, ...]] = []
        self.by_label: dict[str, list[Any]] = {}
        for row in frame.itertuples():
            cands = _candidates(ref, str(row.st_code or ""), str(row.dt_code or ""), str(row.district or ""))
            self.candidates.append(cands)
            for c in cands:
                self.by_label.setdefault(c, []).append(row.geometry)
        self.index = frame.sindex

    def check(self, office: PostOffice, label: str) -> str:
        from shapely.geometry import Point

        if office.quality != 0 or office.lat is None or office.lon is None or label not in self.by_label:
            return "unknown"
        point = Point(office.lon, office.lat)
        held = [self.candidates[i] for i in self.index.query(point, predicate="within")]
        if not any(held):
            return "unknown"
        if any(label in cands for cands in held):
            return "agree"
        if min(g.distance(point) for g in self.by_label[label]) <= TOLERANCE_DEG:
            return "near"
        return "disagree"
