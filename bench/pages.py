"""Time every dashboard page's query functions against the database, and measure map payloads.

    python -m bench.pages [--repeat 20] [--json FILE]

Each query runs ``--repeat`` times on a warm connection (no Streamlit cache: this measures
the database work). Prints p50, p95 and max in milliseconds per query, then the size of the
Overview's map HTML as the browser receives it. Goal at 16 lakh workers: p95 <= 100 ms per
query, map payload <= 1.5 MB.
"""

from __future__ import annotations

import argparse
import json
import statistics
import sys
import time
from collections.abc import Callable
from datetime import date
from pathlib import Path
from typing import Any

from sqlalchemy import Connection, text

from atlas.db import default_engine
from atlas.filters import Filters
from atlas.queries import (
    alerts,
    callcentre,
    complaints,
    district,
    drives,
    overview,
    quality,
    reports,
    returnees,
    skills,
)
from atlas.settings import settings


def _sample(connection: Connection) -> dict[str, Any]:
    """Realistic filter values taken from the data itself."""
    row = (
        connection.execute(
            text(
                "SELECT home_district_id, home_block_code, phone, name_norm FROM workers WHERE home_state_code = '10' "
                "AND home_block_code IS NOT NULL AND phone IS NOT NULL ORDER BY worker_id LIMIT 1"
            )
        )
        .mappings()
        .one()
    )
    drive = connection.execute(text("SELECT drive FROM registration_camps LIMIT 1")).scalar()
    worker = connection.execute(text("SELECT min(worker_id) FROM workers")).scalar()
    complaint = connection.execute(text("SELECT min(complaint_id) FROM complaints")).scalar()
    busiest = connection.execute(
        text(
            "SELECT current_state_code, current_district_id FROM workers WHERE home_state_code = '10' "
            "AND current_district_id IS NOT NULL GROUP BY 1, 2 ORDER BY count(*) DESC LIMIT 1"
        )
    ).one()
    months = overview.months_with_data(connection, Filters(home_state_code="10"))
    return {**row, "drive": drive, "worker_id": worker, "complaint_id": complaint, "month": months[-1],
            "current_state_code": busiest[0], "current_district_id": busiest[1]}  # fmt: skip


def page_queries(s: dict[str, Any]) -> dict[str, Callable[[Connection], object]]:
    state = Filters(home_state_code="10")
    home = state.with_(home_district_id=s["home_district_id"])
    block = home.with_(home_block_code=s["home_block_code"])
    skill = state.with_(skill_groups=("mason",))
    women = state.with_(gender="F", dest_state_code="07")
    drive = s["drive"] or ""
    # The Overview's month control: the latest month (to its 28th, which every month has).
    month = state.with_(date_from=s["month"], date_to=s["month"].replace(day=28))
    from_home = home.with_(home_block_code=None)  # a home district's circle clicked on the flow map
    into_dest = state.with_(dest_state_code=s["current_state_code"], dest_district_id=s["current_district_id"])
    return {
        "overview.kpis": lambda c: overview.kpis(c, state),
        "overview.kpis[district+block]": lambda c: overview.kpis(c, block),
        "overview.flows[district]": lambda c: overview.flows_between_districts(c, state, top_n=200),
        "overview.flows[state]": lambda c: overview.flows_between_districts(c, state, top_n=200, to_state=True),
        "overview.flows[skill]": lambda c: overview.flows_between_districts(c, skill, top_n=200),
        "overview.flows[gender+dest]": lambda c: overview.flows_between_districts(c, women, top_n=200),
        "overview.choropleth[districts]": lambda c: overview.migrants_by_home_area(c, state),
        "overview.choropleth[blocks]": lambda c: overview.migrants_by_home_area(c, home),
        "overview.sankey": lambda c: overview.home_district_to_destination_state(c, state),
        "overview.destinations": lambda c: overview.top_destinations(c, state),
        "overview.boundaries[district]": lambda c: overview.boundaries(c, level="district"),
        "district.workers[page 1]": lambda c: district.workers_in_district(c, home, limit=100),
        "district.count_workers": lambda c: district.count_workers(c, home),
        "district.call_list": lambda c: district.call_list(c, home),
        "district.complaints": lambda c: district.complaints_of_district(c, home),
        "skills.density[home 25 km]": lambda c: skills.skill_density(c, state, basis="home", size_m=25_000),
        "skills.density[destination 10 km]": lambda c: skills.skill_density(
            c, skill, basis="destination", size_m=10_000
        ),
        "complaints.by_area": lambda c: complaints.open_complaints_by_area(c, state),
        "complaints.by_category": lambda c: complaints.complaint_breakdown(c, state, by="category"),
        "complaints.overdue": lambda c: complaints.overdue_complaints(c, state),
        "complaints.timeline": lambda c: complaints.complaint_timeline(c, s["complaint_id"] or 0),
        "call_centre.find[phone]": lambda c: callcentre.find_workers(c, phone=s["phone"]),
        "call_centre.find[name]": lambda c: callcentre.find_workers(c, name_norm=s["name_norm"]),
        "call_centre.record": lambda c: callcentre.worker_record(c, s["worker_id"] or 0),
        "drives.camps": lambda c: drives.camps_with_registrations(c, drive),
        "drives.daily": lambda c: drives.daily_registrations(c, drive),
        "drives.ranking": lambda c: drives.district_ranking(c, drive),
        "quality.review_queue": lambda c: quality.review_queue(c),
        "quality.district_scores": lambda c: quality.district_quality(c, "10"),
        "complaints.alerts": lambda c: alerts.current_alerts(c, state, today=date.today()),
        "complaints.department_ranking": lambda c: complaints.department_ranking(c, state),
        "drives.eshram_gap": lambda c: drives.eshram_gap_by_block(c, state),
        "drives.people_without_uan": lambda c: drives.people_without_uan(c, s["home_block_code"]),
        "inbox.department_list": lambda c: reports.department_list(c, "labour_destination", "10"),
        "overview.flow_places": lambda c: overview.flow_places(c, state),
        "overview.kpis[month]": lambda c: overview.kpis(c, month),
        "overview.flows[month]": lambda c: overview.flows_between_districts(c, month, top_n=200),
        "overview.flow_places[month]": lambda c: overview.flow_places(c, month),
        "overview.flows[from one district]": lambda c: overview.flows_between_districts(c, from_home, top_n=200),
        "overview.flows[into one district]": lambda c: overview.flows_between_districts(c, into_dest, top_n=200),
        "overview.flow_places[into one district]": lambda c: overview.flow_places(c, into_dest),
        "overview.months": lambda c: overview.months_with_data(c, state),
        "overview.trends": lambda c: overview.monthly_trends(c, state),
        "returnees.by_area": lambda c: returnees.by_area(c, state),
        "returnees.by_month": lambda c: returnees.outside_by_month(c, state),
    }


def time_queries(repeat: int) -> dict[str, dict[str, float]]:
    results: dict[str, dict[str, float]] = {}
    with default_engine().connect() as connection:
        queries = page_queries(_sample(connection))
        for name, query in queries.items():
            query(connection)  # warm the plan and the buffers once
            times = []
            for _ in range(repeat):
                started = time.perf_counter()
                query(connection)
                times.append((time.perf_counter() - started) * 1000)
            times.sort()
            results[name] = {
                "p50_ms": statistics.median(times),
                "p95_ms": times[max(0, round(0.95 * len(times)) - 1)],
                "max_ms": times[-1],
            }
    return results


def map_payloads() -> dict[str, int]:
    """Bytes of the Overview's two maps as rendered HTML (what st_folium ships to the browser)."""
    from dashboard import maps

    state = Filters(home_state_code="10")
    with default_engine().connect() as connection:
        flows = overview.flows_between_districts(connection, state, top_n=200)
        areas = overview.migrants_by_home_area(connection, state)
        districts = overview.boundaries(connection, level="district")
        states = overview.boundaries(connection, level="state")
    flow_map = maps.base_map()
    maps.add_boundaries(flow_map, districts, style=maps.BOUNDARY_STYLE, name="districts")
    maps.add_boundaries(flow_map, states, style=maps.STATE_STYLE, name="states")
    maps.add_flows(flow_map, flows, tooltip=lambda r: maps.Tooltip(str(r["workers"])), name="flows")
    area_map = maps.base_map(fit=areas)
    maps.add_choropleth(
        area_map, areas, value="migrants", tooltip=lambda r: maps.Tooltip(str(r["migrants"])), name="areas"
    )
    return {"overview.flow_map": maps.payload_bytes(flow_map), "overview.choropleth": maps.payload_bytes(area_map)}


def print_scale_ratios(baseline: dict[str, Any], workers: int, timings: dict[str, dict[str, float]]) -> None:
    """How each query's p95 grew from the baseline database to this one, and the spread of those ratios."""
    before = baseline["queries"]
    ratios = {name: t["p95_ms"] / before[name]["p95_ms"] for name, t in timings.items() if name in before}
    if not ratios:
        return
    print(f"scale ratio (p95 here / p95 at {baseline['workers']:,} workers; {workers / baseline['workers']:.0f}x "
          "the workers):")  # fmt: skip
    for name, ratio in sorted(ratios.items(), key=lambda kv: -kv[1]):
        print(f"  {name:<40} {ratio:6.1f}x  ({before[name]['p95_ms']:.1f} -> {timings[name]['p95_ms']:.1f} ms)")
    values = sorted(ratios.values())
    print(f"  median {statistics.median(values):.1f}x, max {values[-1]:.1f}x")


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="python -m bench.pages", description=__doc__.split("\n")[0])
    parser.add_argument("--repeat", type=int, default=20)
    parser.add_argument("--json", type=Path, default=None, help="also write the numbers to this file")
    parser.add_argument("--baseline", type=Path, default=None, help="pages JSON of a smaller database: print ratios")
    args = parser.parse_args(argv)
    with default_engine().connect() as connection:
        workers = connection.execute(text("SELECT count(*) FROM workers")).scalar_one()
    print(f"database {settings.database_url.split('@')[-1]}: {workers:,} workers")
    timings = time_queries(args.repeat)
    width = max(len(n) for n in timings)
    print(f"{'query':<{width}}  {'p50 ms':>8}  {'p95 ms':>8}  {'max ms':>8}")
    for name, t in timings.items():
        flag = "  over 100 ms" if t["p95_ms"] > 100 else ""
        print(f"{name:<{width}}  {t['p50_ms']:8.1f}  {t['p95_ms']:8.1f}  {t['max_ms']:8.1f}{flag}")
    payloads = map_payloads()
    for name, size in payloads.items():
        print(f"{name}: {size / 1_000_000:.2f} MB")
    worst = max(timings.items(), key=lambda kv: kv[1]["p95_ms"])
    print(f"worst p95: {worst[0]} {worst[1]['p95_ms']:.1f} ms")
    if args.baseline and args.baseline.is_file():
        print_scale_ratios(json.loads(args.baseline.read_text()), workers, timings)
    if args.json:
        args.json.parent.mkdir(parents=True, exist_ok=True)
        args.json.write_text(json.dumps({"workers": workers, "queries": timings, "payload_bytes": payloads}, indent=1))
    return 0


if __name__ == "__main__":
    sys.exit(main())
