"""Accuracy of the geocoder on ``tests/data/geocode_eval.csv``: by category and by precision level.

    DATABASE_URL=... .venv/bin/python -m bench.geocode_accuracy [--show-misses 20] [--home-state 10]

``--home-state`` passes the survey's state as ``home_state_code`` for the home addresses, as a
per-state survey loader does; workplaces are geocoded without it (they lie in other states).

"Correct block" counts a block only when the geocoder named one; an address whose village
name is ambiguous and whose block was not given is an honest abstention, counted apart.
"""

from __future__ import annotations

import argparse
import csv
import statistics
import time
from collections import Counter, defaultdict
from collections.abc import Callable
from pathlib import Path

from atlas.db import default_engine
from geo.geocoder import Geocoder, GeocodeResult, haversine_km

EVAL = Path(__file__).resolve().parent.parent / "tests" / "data" / "geocode_eval.csv"


def _pct(part: int, whole: int) -> str:
    return f"{100.0 * part / whole:6.2f}%" if whole else "   n/a"


def _district_ok(row: dict[str, str], result: GeocodeResult) -> bool:
    # Delhi has no Census district code: the state decides there.
    return (
        result.state_code == row["state_code"]
        and (result.district_code or "") == (row["district_code"] or "")
        and (result.district_id is not None)
    )


def _report_homes(rows: list[dict[str, str]], results: list[GeocodeResult], show: int) -> None:
    n = len(rows)
    district = sum(_district_ok(r, g) for r, g in zip(rows, results, strict=True))
    block_named = [(r, g) for r, g in zip(rows, results, strict=True) if g.block_code]
    block_right = sum(g.block_code == r["block_code"] for r, g in block_named)
    village_right = sum(g.village_code == r["village_code"] for r, g in zip(rows, results, strict=True))
    errors = [
        haversine_km(g.lon, g.lat, float(r["lon"]), float(r["lat"]))
        for r, g in zip(rows, results, strict=True)
        if g.lon is not None and g.lat is not None and r["lon"]
    ]
    print(f"home_bihar ({n} addresses)")
    print(f"  correct district          {_pct(district, n)}")
    wrong = len(block_named) - block_right
    print(
        f"  correct block (of all)    {_pct(block_right, n)}   wrong block {wrong}   "
        f"no block claimed {n - len(block_named)}"
    )
    print(f"  correct block (if named)  {_pct(block_right, len(block_named))}")
    print(f"  correct village           {_pct(village_right, n)}")
    print(f"  sent to review            {_pct(sum(g.needs_review for g in results), n)}")
    if errors:
        print(f"  median error km           {statistics.median(errors):7.2f}  (against the village's reference point)")
    _by_precision(
        rows,
        results,
        lambda r, g: g.block_code == r["block_code"]
        if g.precision in ("village", "post_office", "pincode", "block")
        else _district_ok(r, g),
    )
    _misses(rows, results, lambda r, g: g.block_code == r["block_code"] and _district_ok(r, g), show)


def _report_workplaces(rows: list[dict[str, str]], results: list[GeocodeResult], show: int) -> None:
    n = len(rows)
    district = sum(_district_ok(r, g) for r, g in zip(rows, results, strict=True))
    state = sum(g.state_code == r["state_code"] for r, g in zip(rows, results, strict=True))
    print(f"workplace ({n} addresses)")
    print(f"  correct district          {_pct(district, n)}")
    print(f"  correct state             {_pct(state, n)}")
    print(f"  sent to review            {_pct(sum(g.needs_review for g in results), n)}")
    _by_precision(rows, results, _district_ok)
    _misses(rows, results, _district_ok, show)


Judge = Callable[[dict[str, str], GeocodeResult], bool]


def _by_precision(rows: list[dict[str, str]], results: list[GeocodeResult], ok: Judge) -> None:
    counts: Counter[str] = Counter()
    right: defaultdict[str, int] = defaultdict(int)
    for r, g in zip(rows, results, strict=True):
        level = g.precision or "unresolved"
        counts[level] += 1
        right[level] += bool(ok(r, g))
    print("  by precision: level, share of addresses, share correct at that level (district for district/state)")
    for level in ("village", "post_office", "pincode", "block", "district", "state", "unresolved"):
        if counts[level]:
            print(f"    {level:<12} {_pct(counts[level], len(rows))}  correct {_pct(right[level], counts[level])}")


def _misses(rows: list[dict[str, str]], results: list[GeocodeResult], ok: Judge, show: int) -> None:
    shown = 0
    for r, g in zip(rows, results, strict=True):
        if shown >= show:
            break
        if not ok(r, g):
            shown += 1
            print(
                f"    MISS {r['address']!r} -> {g.matched_name} [{g.precision}] ({g.reason})  "
                f"want {r['district_name']} {r.get('block_code') or ''}"
            )


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--show-misses", type=int, default=0)
    parser.add_argument("--home-state", default=None, help="Census state code passed for home addresses")
    args = parser.parse_args()
    with EVAL.open(encoding="utf-8") as handle:
        rows = list(csv.DictReader(handle))
    started = time.perf_counter()
    with default_engine().connect() as connection:
        geocoder = Geocoder.from_connection(connection)
    print(f"index loaded in {time.perf_counter() - started:.2f} s")
    print(f"home state hint: {args.home_state or 'none'}")
    for category, report, hint in (
        ("home_bihar", _report_homes, args.home_state),
        ("workplace", _report_workplaces, None),
    ):
        subset = [r for r in rows if r["category"] == category]
        report(subset, geocoder.geocode_many([r["address"] for r in subset], home_state_code=hint), args.show_misses)


if __name__ == "__main__":
    main()
