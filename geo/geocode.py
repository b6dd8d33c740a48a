"""``python -m geo.geocode``: one address per line on stdin (or ``--csv FILE --column NAME``) to JSON lines.

Each output line has the keys lon, lat, state_code, district_code (Census 2011), block_code, village_code,
precision, confidence, certain, matched_name, district_name, reason and reason_hi, in input order. The gazetteer
comes from the snapshot ``python -m loaders reference`` writes (``--index``, else ``ATLAS_GAZETTEER_DIR``, else
``data/gazetteer``), so no database is needed here.
"""

from __future__ import annotations

import argparse
import csv
import json
import sys
from collections.abc import Iterator
from pathlib import Path

from geo.geocoding import Geocoder
from geo.geocoding.snapshot import default_folder, read_frames


def _addresses(args: argparse.Namespace) -> Iterator[str]:
    if args.csv is None:
        yield from (line.rstrip("\n") for line in sys.stdin)
        return
    path = Path(args.csv)
    if not path.is_file():
        raise FileNotFoundError(f"no such file: {path}")
    with path.open(newline="", encoding="utf-8-sig") as handle:
        reader = csv.DictReader(handle)
        if args.column not in (reader.fieldnames or []):
            columns = ", ".join(reader.fieldnames or [])
            raise ValueError(f"column {args.column!r} not in {path.name}; its columns are: {columns}")
        yield from (row[args.column] or "" for row in reader)


def _geocoder(folder: Path) -> Geocoder:
    try:
        return Geocoder.from_frames(read_frames(folder))
    except (OSError, ValueError, KeyError) as error:
        raise FileNotFoundError(
            f"cannot read the gazetteer snapshot in {folder} ({type(error).__name__}: {error}); "
            "load the reference data first: `make reference` (python -m loaders reference)"
        ) from error


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="python -m geo.geocode", description=__doc__.splitlines()[0])
    parser.add_argument("--csv", help="read addresses from this CSV file instead of stdin")
    parser.add_argument("--column", default="address", help="the CSV column holding the address (default: address)")
    parser.add_argument("--index", type=Path, default=None, help="the gazetteer snapshot folder (data/gazetteer)")
    parser.add_argument("--home-state", default=None, help="Census code of the state the addresses are homes in")
    args = parser.parse_args(argv)
    try:  # bad input, reported in one line without a traceback
        addresses = list(_addresses(args))
        geocoder = _geocoder(args.index or default_folder())
    except (OSError, ValueError) as error:
        print(f"error: {error}", file=sys.stderr)
        return 2
    results = geocoder.geocode_many(addresses, home_state_code=args.home_state)
    out = sys.stdout
    for result in results:
        out.write(json.dumps(result.public(), ensure_ascii=False) + "\n")
    return 0


if __name__ == "__main__":
    sys.exit(main())
