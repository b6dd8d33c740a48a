"""The Overview as the minister sees it, on two databases side by side: the same numbers, and how long each took.

    python -m bench engines --other URL [--repeat 20]

The first database is DATABASE_URL (or the private cluster ATLAS_CLUSTER names); ``--other`` is the second,
for instance the single node beside a Citus coordinator holding the same demo. Each query runs under
row-level security as the demo user ``minister`` (state administrator, Bihar), through the application
role, ``--repeat`` times on a warm connection. Prints the KPI tiles and the top flows of both, whether they
are equal, and p50/p95 in milliseconds per query.
"""

from __future__ import annotations

import argparse
import statistics
import sys
import time
from collections.abc import Callable

from sqlalchemy import Connection, text
from sqlalchemy.engine import make_url

from atlas.db import make_engine
from atlas.filters import Filters
from atlas.queries import access, overview
from atlas.settings import settings

BIHAR = Filters(home_state_code="10")
QUERIES: dict[str, Callable[[Connection], object]] = {
    "overview.kpis": lambda c: overview.kpis(c, BIHAR),
    "overview.flows[district]": lambda c: overview.flows_between_districts(c, BIHAR, top_n=200).to_dict("records"),
    "overview.destinations": lambda c: overview.top_destinations(c, BIHAR).to_dict("records"),
}


def _minister(url: str) -> dict[str, object]:
    engine = make_engine(url)
    with engine.connect() as connection:
        user = connection.execute(
            text("SELECT user_id, username, role, scope_state_code AS state_code, scope_district_id AS district_id "
                 "FROM users WHERE username = 'minister'")
        ).mappings().one()  # fmt: skip
    engine.dispose()
    return dict(user)


def _measure(url: str, repeat: int) -> tuple[dict[str, object], dict[str, list[float]]]:
    """Each query's result and its run times (ms), as the minister through the application role."""
    scope = _minister(url)
    engine = make_engine(make_url(url).set(username="atlas_app").render_as_string(hide_password=False))
    results: dict[str, object] = {}
    times: dict[str, list[float]] = {name: [] for name in QUERIES}
    with engine.connect() as connection:
        for name, query in QUERIES.items():
            for _ in range(repeat):
                with connection.begin():
                    access.set_scope(connection, scope)
                    started = time.perf_counter()
                    results[name] = query(connection)
                    times[name].append((time.perf_counter() - started) * 1000)
    engine.dispose()
    return results, times


def _p95(values: list[float]) -> float:
    return statistics.quantiles(values, n=20)[-1] if len(values) > 1 else values[0]


def main(argv: list[str]) -> int:
    parser = argparse.ArgumentParser(prog="python -m bench engines")
    parser.add_argument("--other", required=True, help="SQLAlchemy URL of the second database")
    parser.add_argument("--repeat", type=int, default=20)
    args = parser.parse_args(argv)
    first, first_times = _measure(settings.database_url, args.repeat)
    second, second_times = _measure(args.other, args.repeat)
    print(f"KPIs     first: {first['overview.kpis']}\n         other: {second['overview.kpis']}")
    same = True
    for name in QUERIES:
        equal = first[name] == second[name]
        same &= equal
        a, b = first_times[name], second_times[name]
        print(f"{name:28} {'same' if equal else 'DIFFERENT':9} p50/p95 ms: first {statistics.median(a):6.1f} / "
              f"{_p95(a):6.1f}   other {statistics.median(b):6.1f} / {_p95(b):6.1f}")  # fmt: skip
    return 0 if same else 1


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
