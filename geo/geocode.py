"""``python -m geo.geocode``: one address per line on stdin (or ``--csv FILE --column NAME``) to JSON lines.

Each output line has the keys lon, lat, state_code, district_code, block_code, village_code,
precision, confidence, matched_name and reason, in input order. The database is the one
``DATABASE_URL`` names, else the private cluster (see ``atlas.settings``).
"""

from __future__ import annotations

import argparse
import csv
import json
import sys
from collections.abc import Iterator
from pathlib import Path

from geo.geocoder import Geocoder


class CliError(Exception):
    """A failure to report in one line, without a traceback."""


def _addresses(args: argparse.Namespace) -> Iterator[str]:
    if args.csv is None:
        yield from (line.rstrip("\n") for line in sys.stdin)
        return
    path = Path(args.csv)
    if not path.is_file():
        raise CliError(f"no such file: {path}")
    with path.open(newline="", encoding="utf-8-sig") as handle:
        reader = csv.DictReader(handle)
        if args.column not in (reader.fieldnames or []):
            columns = ", ".join(reader.fieldnames or [])
            raise CliError(f"column {args.column!r} not in {path.name}; its columns are: {columns}")
        yield from (row[args.column] or "" for row in reader)


def _geocoder() -> Geocoder:
    try:
        from atlas.db import default_engine

        with default_engine().connect() as connection:
            return Geocoder.from_connection(connection)
    except Exception as error:  # any failure to reach or read the database ends the run with one line
        first = str(error).strip().splitlines()[0] if str(error).strip() else type(error).__name__
        raise CliError(f"cannot load the gazetteer from the database: {first}") from error


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="python -m geo.geocode", description=__doc__.splitlines()[0])
    parser.add_argument("--csv", help="read addresses from this CSV file instead of stdin")
    parser.add_argument("--column", default="address", help="the CSV column holding the address (default: address)")
    args = parser.parse_args(argv)
    try:
        addresses = list(_addresses(args))
        results = _geocoder().geocode_many(addresses)
    except CliError as error:
        print(f"error: {error}", file=sys.stderr)
        return 2
    out = sys.stdout
    for result in results:
        out.write(json.dumps(result.public(), ensure_ascii=False) + "\n")
    return 0


if __name__ == "__main__":
    sys.exit(main())
