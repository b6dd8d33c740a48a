"""Independent, class-tagged evaluation sets for the geocoder (``python -m bench.geocode_sets``).

Three sets are written from the reference inputs alone (never from the geocoder or its own test data):
``home_bihar`` (Bihar home addresses from real villages), ``workplace`` (workplaces in the 11 main destination
states) and ``delhi`` (Delhi workplaces). See ``bench/geocode_sets/README.md`` for the classes, their shares and
how each label is derived.
"""

from __future__ import annotations

import random
from typing import cast

from bench.geocode_sets.gazetteer import Gazetteer
from bench.geocode_sets.home import HomeSet
from bench.geocode_sets.reference import Reference, load
from bench.geocode_sets.rows import Row, number
from bench.geocode_sets.workplace import Workplaces, delhi_rows, workplace_rows

DEFAULT_SIZES = {"home_bihar": 2000, "workplace": 2000, "delhi": 1000}


def home_set(ref: Reference) -> HomeSet:
    """The Bihar gazetteer and home-set maker for this reference data (built once)."""
    if "home" not in ref.built:
        ref.built["home"] = HomeSet(Gazetteer(ref))
    return cast(HomeSet, ref.built["home"])


def workplaces(ref: Reference, point_check: bool = True) -> Workplaces:
    """The destination-state places for this reference data (built once per point-check setting)."""
    key = f"work:{point_check}"
    if key not in ref.built:
        ref.built[key] = Workplaces(ref, point_check)
    return cast(Workplaces, ref.built[key])


def generate(
    seed: int, sizes: dict[str, int] | None = None, point_check: bool = True, ref: Reference | None = None
) -> dict[str, list[Row]]:
    """The sets for a seed: the same seed and reference data give the same rows."""
    sizes = {**DEFAULT_SIZES, **(sizes or {})}
    ref = ref or load()
    out: dict[str, list[Row]] = {}
    if sizes["home_bihar"]:
        home = home_set(ref)
        out["home_bihar"] = number(home.rows(sizes["home_bihar"], random.Random(f"{seed}:home_bihar")), "home_bihar")
    if sizes["workplace"] or sizes["delhi"]:
        work = workplaces(ref, point_check)
        if sizes["workplace"]:
            rows = workplace_rows(work, sizes["workplace"], random.Random(f"{seed}:workplace"))
            out["workplace"] = number(rows, "workplace")
        if sizes["delhi"]:
            out["delhi"] = number(delhi_rows(work, sizes["delhi"], random.Random(f"{seed}:delhi")), "delhi")
    return out


__all__ = ["DEFAULT_SIZES", "Row", "generate", "home_set", "workplaces"]
