"""Command line for the loaders: ``python -m loaders reference``.

Exits 0 when the load finished, and 1 with a one-line message (no traceback) on a fatal error.
"""

from __future__ import annotations

import argparse
import sys
import time
from pathlib import Path

from sqlalchemy.exc import OperationalError

from atlas.errors import AtlasError


def _reference(args: argparse.Namespace) -> None:
    from loaders.reference import load_reference

    started = time.perf_counter()
    summary = load_reference(data_dir=args.data_dir, force=args.force)
    took = time.perf_counter() - started
    state = "already loaded" if summary.skipped else "loaded"
    counts = ", ".join(f"{k} {v:,}" for k, v in summary.counts.items())
    print(f"reference geography {state} in {took:.1f} s: {counts}")
    if summary.subdistrict_hq_outside_district:
        codes = " ".join(summary.subdistrict_hq_outside_district)
        print(f"{len(summary.subdistrict_hq_outside_district)} block HQs lie outside their district polygon: {codes}")


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="python -m loaders", description="Shramik Atlas loaders")
    commands = parser.add_subparsers(dest="command", required=True)
    reference = commands.add_parser("reference", help="load the reference geography of India")
    reference.add_argument("--data-dir", type=Path, default=None, help="folder of the reference files (GEO_DATA_DIR)")
    reference.add_argument("--force", action="store_true", help="reload even if these files are already loaded")
    reference.set_defaults(run=_reference)
    args = parser.parse_args(argv)
    try:
        args.run(args)
    except AtlasError as error:
        print(f"error: {error}", file=sys.stderr)
        return 1
    except OperationalError as error:
        print(f"error: cannot reach the database ({error.orig}). Start it with `make db-start`.", file=sys.stderr)
        return 1
    return 0


if __name__ == "__main__":
    sys.exit(main())
