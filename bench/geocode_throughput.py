"""Batch throughput of the geocoder on a realistic batch: many workers share a few thousand villages.

    DATABASE_URL=... .venv/bin/python -m bench.geocode_throughput [--size 200000] [--unique 5000]

Addresses come from ``tests/data/geocode_eval.csv``; each batch entry repeats one of ``--unique``
distinct addresses (Zipf-like, as a few big villages send many workers), half of them with
case and spacing changed, so that the normalised de-duplication is exercised too.
"""

from __future__ import annotations

import argparse
import csv
import random
import time

from atlas.db import default_engine
from bench.geocode_accuracy import EVAL
from geo.geocoder import Geocoder


def _batch(size: int, unique: int, seed: int) -> list[str]:
    with EVAL.open(encoding="utf-8") as handle:
        base = [row["address"] for row in csv.DictReader(handle)]
    rng = random.Random(seed)
    pool = [rng.choice(base) for _ in range(unique)]
    weights = [1.0 / (rank + 1) ** 0.8 for rank in range(len(pool))]
    picks = rng.choices(pool, weights=weights, k=size)
    return [
        p.upper() if rng.random() < 0.25 else (p.replace(", ", " ,  ") if rng.random() < 0.33 else p) for p in picks
    ]


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--size", type=int, default=200_000)
    parser.add_argument("--unique", type=int, default=5_000)
    parser.add_argument("--seed", type=int, default=11)
    args = parser.parse_args()
    batch = _batch(args.size, args.unique, args.seed)
    started = time.perf_counter()
    with default_engine().connect() as connection:
        geocoder = Geocoder.from_connection(connection)
    loaded = time.perf_counter()
    results = geocoder.geocode_many(batch)
    cold = time.perf_counter()
    geocoder.geocode_many(batch)
    warm = time.perf_counter()
    distinct = len(set(batch))
    print(f"index load            {loaded - started:8.2f} s")
    print(
        f"batch                 {len(batch):8,d} addresses, {distinct:,d} distinct strings, "
        f"{len(geocoder._cache):,d} distinct after normalising"
    )
    print(f"cold cache            {len(batch) / (cold - loaded):12,.0f} addresses/s ({cold - loaded:.2f} s)")
    print(f"warm cache            {len(batch) / (warm - cold):12,.0f} addresses/s ({warm - cold:.2f} s)")
    unique_rate = len(geocoder._cache) / (cold - loaded)
    print(f"unique resolution     {unique_rate:12,.0f} distinct addresses/s (upper bound on the miss path)")
    print(f"resolved              {sum(r.precision is not None for r in results) / len(results):8.2%}")


if __name__ == "__main__":
    main()
