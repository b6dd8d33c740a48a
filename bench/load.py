"""50 concurrent dashboard users, mixed roles, with row-level security on.

    python -m bench.load [--users 50] [--seconds 60] [--json FILE]

Each simulated user signs in as one of the demo roles (``python -m atlas.users demo``) and
loops over the queries its pages make, through the application role (``atlas_app``) with
its scope set per transaction, exactly as the dashboard does (without Streamlit's cache,
so every request reaches the database). Prints p50, p95 and max per role and overall, and
the error count. Goal at 16 lakh workers: p95 <= 500 ms, no errors.
"""

from __future__ import annotations

import argparse
import json
import random
import statistics
import sys
import threading
import time
from collections.abc import Callable
from pathlib import Path
from typing import Any

from sqlalchemy import Connection, Engine, create_engine, text

from atlas.auth import Scope
from atlas.filters import Filters
from atlas.queries import access, callcentre, complaints, district, drives, overview, skills
from atlas.settings import settings

Query = Callable[[Connection], object]
ROLES = ("minister", "siwan.do", "planner", "agent", "haryana.drive")


def scopes(engine: Engine) -> dict[str, Scope]:
    sql = text(
        "SELECT user_id, username, role, scope_state_code, scope_district_id FROM users WHERE username = ANY(:u)"
    )
    with engine.connect() as connection:
        rows = connection.execute(sql, {"u": list(ROLES)}).all()
    found = {r.username: Scope(r.user_id, r.username, r.role, r.scope_state_code, r.scope_district_id) for r in rows}
    missing = set(ROLES) - set(found)
    if missing:
        raise SystemExit(f"missing demo users {sorted(missing)}: run `python -m atlas.users demo` first")
    return found


def workload(scope: Scope, phones: list[str], workers: list[int]) -> list[Query]:
    state = Filters(home_state_code=scope.state_code or "10")
    own = state.with_(home_district_id=scope.district_id) if scope.district_id else state
    pages: dict[str, list[Query]] = {
        "state_admin": [
            lambda c: overview.kpis(c, state),
            lambda c: overview.flows_between_districts(c, state),
            lambda c: overview.migrants_by_home_area(c, state),
            lambda c: overview.home_district_to_destination_state(c, state),
            lambda c: complaints.complaint_breakdown(c, state, by="category"),
            lambda c: complaints.overdue_complaints(c, state),
            lambda c: drives.camps_with_registrations(c, "Haryana e-Shram drive 2026"),
        ],
        "district_officer": [
            lambda c: overview.kpis(c, own),
            lambda c: overview.migrants_by_home_area(c, own),
            lambda c: district.workers_in_district(c, own, limit=100),
            lambda c: district.call_list(c, own),
            lambda c: district.complaints_of_district(c, own),
        ],
        "planner": [
            lambda c: skills.skill_density(c, state, basis="home", size_m=25_000),
            lambda c: skills.skill_density(c, state.with_(skill_groups=("mason",)), basis="destination", size_m=10_000),
            lambda c: overview.flows_between_districts(c, state, to_state=True),
        ],
        "call_agent": [
            lambda c: callcentre.find_workers(c, phone=random.choice(phones)),
            lambda c: callcentre.worker_record(c, random.choice(workers)),
            lambda c: callcentre.location_history(c, random.choice(workers)),
        ],
    }
    return pages[scope.role]


def user_loop(engine: Engine, scope: Scope, queries: list[Query], until: float, out: dict[str, Any]) -> None:
    while time.monotonic() < until:
        query = random.choice(queries)
        started = time.perf_counter()
        try:
            with engine.begin() as connection:
                access.set_scope(connection, scope.as_settings())
                query(connection)
            out["times"].append((time.perf_counter() - started) * 1000)
        except Exception as error:  # a load test counts every failure, whatever it is
            out["errors"].append(repr(error)[:200])
        time.sleep(random.uniform(0.2, 1.0))  # a person reads the page before the next click


def percentile(values: list[float], share: float) -> float:
    ordered = sorted(values)
    return ordered[max(0, round(share * len(ordered)) - 1)] if ordered else float("nan")


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="python -m bench.load", description=__doc__.split("\n")[0])
    parser.add_argument("--users", type=int, default=50)
    parser.add_argument("--seconds", type=float, default=60)
    parser.add_argument("--json", type=Path, default=None)
    args = parser.parse_args(argv)
    owner = create_engine(settings.database_url)
    found = scopes(owner)
    with owner.connect() as connection:
        sample = connection.execute(
            text(
                "SELECT worker_id, phone FROM workers WHERE phone IS NOT NULL AND home_state_code = '10' "
                "ORDER BY random() LIMIT 500"
            )
        ).all()
        total = connection.execute(text("SELECT count(*) FROM workers")).scalar_one()
    owner.dispose()
    app = create_engine(settings.app_database_url, pool_size=args.users, max_overflow=0, pool_pre_ping=True)
    results: dict[str, dict[str, Any]] = {}
    threads = []
    until = time.monotonic() + args.seconds
    for index in range(args.users):
        scope = found[ROLES[index % len(ROLES)]]
        out = results.setdefault(scope.username, {"times": [], "errors": []})
        queries = workload(scope, [p for _, p in sample], [w for w, _ in sample])
        threads.append(threading.Thread(target=user_loop, args=(app, scope, queries, until, out), daemon=True))
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    app.dispose()
    every = [t for r in results.values() for t in r["times"]]
    errors = [e for r in results.values() for e in r["errors"]]
    print(f"{args.users} users for {args.seconds:.0f} s against {total:,} workers (row-level security on)")
    summary: dict[str, Any] = {"workers": total, "users": args.users, "roles": {}}
    for username, r in results.items():
        line = {
            "requests": len(r["times"]),
            "p50_ms": statistics.median(r["times"]) if r["times"] else None,
            "p95_ms": percentile(r["times"], 0.95),
            "max_ms": max(r["times"], default=None),
            "errors": len(r["errors"]),
        }
        summary["roles"][username] = line
        print(
            f"  {username:<14} {line['requests']:6d} requests  p50 {line['p50_ms'] or 0:7.1f} ms  "
            f"p95 {line['p95_ms']:7.1f} ms  max {line['max_ms'] or 0:7.1f} ms  errors {line['errors']}"
        )
    summary.update(
        requests=len(every),
        p50_ms=statistics.median(every) if every else None,
        p95_ms=percentile(every, 0.95),
        max_ms=max(every, default=None),
        errors=len(errors),
        throughput_rps=len(every) / args.seconds,
    )
    print(
        f"overall: {len(every):,} requests, {len(every) / args.seconds:.1f}/s, p50 {summary['p50_ms'] or 0:.1f} ms, "
        f"p95 {summary['p95_ms']:.1f} ms, max {summary['max_ms'] or 0:.1f} ms, errors {len(errors)}"
    )
    if errors:
        print("first error:", errors[0])
    if args.json:
        args.json.parent.mkdir(parents=True, exist_ok=True)
        args.json.write_text(json.dumps(summary, indent=1))
    return 0 if not errors else 1


if __name__ == "__main__":
    sys.exit(main())
