"""Batch throughput of the geocoder on realistic batches.

    python -m bench geocode [--size 200000] [--unique 5000] [--survey 200000]

Two batches. Free text: addresses from ``tests/data/geocode_eval.csv`` and the bank-branch register, each batch
entry repeating one of ``--unique`` distinct addresses (Zipf-like, as a few big villages send many workers), a
third of them with case and spacing changed, so the normalised de-duplication is exercised too. Survey fields:
``--survey`` rows of the synthetic returnee survey (village, panchayat, block, district as the loaders pass
them), whose distinct addresses are what a survey load geocodes.
"""

from __future__ import annotations

import argparse
import csv
import random
import time

import numpy as np

from atlas.db import default_engine
from atlas.queries.geocoding import geocoder_index_frames
from bench.geocode_accuracy import GENERATED, real_dev_set
from geo.geocoding import Geocoder, StructuredAddress, cache_key
from loaders.synthetic import read_reference, survey_frame


def _batch(size: int, unique: int, seed: int) -> list[str]:
    base = []
    for path in (GENERATED, real_dev_set()):
        if path.is_file():
            with path.open(encoding="utf-8") as handle:
                base += [row["address"] for row in csv.DictReader(handle)]
    rng = random.Random(seed)
    pool = [rng.choice(base) for _ in range(unique)]
    weights = [1.0 / (rank + 1) ** 0.8 for rank in range(len(pool))]
    picks = rng.choices(pool, weights=weights, k=size)
    return [
        p.upper() if rng.random() < 0.25 else (p.replace(", ", " ,  ") if rng.random() < 0.33 else p) for p in picks
    ]


def _survey(connection: object, rows: int, seed: int) -> list[StructuredAddress]:
    """The distinct addresses of a synthetic survey, as the loaders group and pass them."""
    frame = survey_frame(read_reference(connection), np.random.default_rng(seed), rows)  # type: ignore[arg-type]
    fields = frame[["ग्राम", "पंचायत", "प्रखंड", "जिला"]].fillna("")
    addresses: dict[object, StructuredAddress] = {}
    for village, panchayat, block, district in fields.itertuples(index=False):
        address = StructuredAddress(village or None, panchayat or None, block=block or None, district=district or None)
        addresses.setdefault(cache_key(address), address)
    return list(addresses.values())


def _timed(label: str, geocoder: Geocoder, batch: list[str] | list[StructuredAddress], distinct: int) -> None:
    started = time.perf_counter()
    results = geocoder.geocode_many(batch)
    seconds = time.perf_counter() - started
    resolved = sum(r.district_id is not None for r in results) / len(results)
    rates = f"{len(batch) / seconds:>9,.0f} addresses/s, {distinct / seconds:>8,.0f} distinct/s"
    print(f"{label:<22}{len(batch):>10,d} addresses ({distinct:,d} distinct) in {seconds:6.2f} s: {rates}; "
          f"district {resolved:.1%}")  # fmt: skip


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--size", type=int, default=200_000)
    parser.add_argument("--unique", type=int, default=5_000)
    parser.add_argument("--survey", type=int, default=200_000, help="survey rows (0: skip)")
    parser.add_argument("--seed", type=int, default=11)
    args = parser.parse_args()
    batch = _batch(args.size, args.unique, args.seed)
    started = time.perf_counter()
    with default_engine().connect() as connection:
        frames = geocoder_index_frames(connection)
        survey = _survey(connection, args.survey, args.seed) if args.survey else []
    loaded = time.perf_counter()
    geocoder = Geocoder.from_frames(frames)
    print(f"index                 read {loaded - started:.2f} s, built {time.perf_counter() - loaded:.2f} s")
    _timed("free text, cold", geocoder, batch, len({cache_key(a) for a in batch}))
    _timed("free text, repeated", geocoder, batch, len({cache_key(a) for a in batch}))
    if survey:
        _timed("survey fields, cold", Geocoder(geocoder.index), survey, len(survey))


if __name__ == "__main__":
    main()
