"""Independent, class-tagged evaluation sets for the geocoder (``python -m bench.geocode_sets``).

Three sets are written from the reference inputs alone (never from the geocoder or its own test data):
``home_bihar`` (Bihar home addresses from real villages), ``workplace`` (workplaces in the 11 main destination
states) and ``delhi`` (Delhi workplaces). See ``bench/geocode_sets_README.md`` for the classes, their shares and
how each label is derived.
"""

from __future__ import annotations

import random

from bench.geocode_sets.gazetteer import Gazetteer
from bench.geocode_sets.home import HomeSet
from bench.geocode_sets.reference import Reference, load
from bench.geocode_sets.rows import Row, number
from bench.geocode_sets.workplace import Workplaces, delhi_rows, workplace_rows

DEFAULT_SIZES = {"home_bihar": 2000, "workplace": 2000, "delhi": 1000}


def generate(
    seed: int, sizes: dict[str, int] | None = None, point_check: bool = True, ref: Reference | None = None
) -> dict[str, list[Row]]:
    """The sets for a seed: the same seed and reference data give the same rows."""
    sizes = {**DEFAULT_SIZES, **(sizes or {})}
    ref = ref or load()
    out: dict[str, list[Row]] = {}
    if sizes["home_bihar"]:
        home = HomeSet(Gazetteer(ref))
        out["home_bihar"] = number(home.rows(sizes["home_bihar"], random.Random(f"{seed}:home_bihar")), "home_bihar")
    if sizes["workplace"] or sizes["delhi"]:
        work = Workplaces(ref, point_check)
        if sizes["workplace"]:
            rows = workplace_rows(work, sizes["workplace"], random.Random(f"{seed}:workplace"))
            out["workplace"] = number(rows, "workplace")
        if sizes["delhi"]:
            out["delhi"] = number(delhi_rows(work, sizes["delhi"], random.Random(f"{seed}:delhi")), "delhi")
    return out


__all__ = ["DEFAULT_SIZES", "Row", "generate"]
