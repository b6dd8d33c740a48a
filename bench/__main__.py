"""``python -m bench STEP [...]``: one benchmark, or ``suite`` for all of them.

Steps: ``ingest`` (survey load), ``pages`` (every page query), ``load`` (50 users under RLS),
``naive`` (against the naive approach), ``browser`` (Overview in Chromium), ``partitioning``
(location history partitioned by year, against the table as it is), ``geocode``
(geocoder throughput), ``accuracy`` (geocoder accuracy), ``engines`` (the Overview on two databases side
by side, e.g. Citus and the single node), ``rebalance`` (add a Citus worker and rebalance under
queries), ``rollups`` (the rollups' deltas after a load against a full compaction), ``suite`` (all, on a
throwaway database).
"""

from __future__ import annotations

import importlib
import sys

STEPS = {
    "pages": "bench.pages",
    "load": "bench.load",
    "naive": "bench.naive",
    "browser": "bench.browser",
    "suite": "bench.suite",
    "partitioning": "bench.partitioning",
    "engines": "bench.engines",
    "rebalance": "bench.rebalance",
    "rollups": "bench.rollups",
}


def main(argv: list[str]) -> int:
    step = argv[0] if argv else "suite"
    if step == "ingest":
        from bench.ingest import main as ingest

        return ingest(argv)
    if step in ("geocode", "accuracy"):
        module = importlib.import_module("bench.geocode_throughput" if step == "geocode" else "bench.geocode_accuracy")
        sys.argv = [f"python -m bench {step}", *argv[1:]]
        module.main()
        return 0
    if step not in STEPS:
        known = ", ".join(["ingest", "geocode", "accuracy", *STEPS])
        print(f"error: unknown step {step!r}; use one of {known}", file=sys.stderr)
        return 2
    result = importlib.import_module(STEPS[step]).main(argv[1:])
    return int(result or 0)


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
