"""Command line for the loaders: ``python -m loaders reference | survey FILE | eshram FILE | tracking FILE |
complaints FILE | camps FILE | demo --workers N | compact-rollups``.

Exits 0 when the load finished, and 1 with a one-line message (no traceback) on a fatal error.
"""

from __future__ import annotations

import argparse
import sys
import time
from pathlib import Path
from typing import TYPE_CHECKING

from sqlalchemy.exc import OperationalError

from atlas.errors import AtlasError
from atlas.numbers import grouped

if TYPE_CHECKING:
    from loaders.pipeline import LoadSummary


def _reference(args: argparse.Namespace) -> None:
    from loaders.reference import load_reference

    started = time.perf_counter()
    summary = load_reference(data_dir=args.data_dir, force=args.force)
    took = time.perf_counter() - started
    state = "already loaded" if summary.skipped else "loaded"
    counts = ", ".join(f"{k} {grouped(v)}" for k, v in summary.counts.items())
    print(f"reference geography {state} in {took:.1f} s: {counts}")
    sections = (
        ("sub-district HQ features whose code is another sub-district's", summary.hq_code_name_disagreements),
        ("sub-district HQ features attached to no Census sub-district", summary.hq_not_attached),
        ("block HQs left outside their district's (simplified) polygon", summary.hq_outside_district),
        ("villages whose own district is not their block's", summary.village_district_disagreements),
        ("notes", summary.notes),
    )
    for title, lines in sections:
        if lines:
            print(f"{title} ({len(lines)}):")
            print("\n".join(f"  {line}" for line in lines))
    _gazetteer_snapshot(summary.counts)


def _gazetteer_snapshot(counts: dict[str, int]) -> None:
    """The command-line geocoder reads the gazetteer from a snapshot, written after every reference load."""
    from atlas.db import default_engine
    from loaders.geocode import write_gazetteer_snapshot

    with default_engine().connect() as connection:
        folder = write_gazetteer_snapshot(connection, {"counts": counts})
    print(f"gazetteer snapshot for python -m geo.geocode written to {folder}")


def _file(args: argparse.Namespace) -> None:
    from loaders import load_file

    summary = load_file(args.command, args.file, user_id=args.user_id, synthetic=args.synthetic, progress=True,
                        upload_limits=not args.no_upload_limits)  # fmt: skip
    if summary.already_loaded:
        print(f"{args.file} was loaded before (batch {summary.batch_id}); nothing changed", file=sys.stderr)
    print(summary.line())
    _after_commit(summary)


def _after_commit(summary: LoadSummary) -> None:
    if summary.rebuild_seconds > 1:
        print(f"indexes and foreign keys rebuilt in {summary.rebuild_seconds:.1f} s", file=sys.stderr)
    if summary.refresh_seconds:
        how = "rebuilt" if summary.compact_after else "updated"
        print(f"dashboard rollups {how} in {summary.refresh_seconds:.1f} s", file=sys.stderr)


def _compact_rollups(_args: argparse.Namespace) -> None:
    """Rebuild every rollup from scratch: the periodic job that recounts the windows deltas let drift."""
    from atlas.db import default_engine
    from atlas.queries.rollups import compact_rollups

    timings = compact_rollups(default_engine())
    steps = ", ".join(f"{name} {seconds:.1f} s" for name, seconds in timings.items())
    print(f"dashboard rollups rebuilt in {sum(timings.values()):.1f} s ({steps})")


def _demo(args: argparse.Namespace) -> None:
    from loaders.demo import run_demo

    for summary in run_demo(workers=args.workers, seed=args.seed, out_dir=args.out):
        print(f"{summary.kind} {summary.file_name}: {summary.line()} ({summary.seconds:.1f} s)")
        _after_commit(summary)


def _add_file_commands(commands: argparse._SubParsersAction[argparse.ArgumentParser]) -> None:
    helps = {
        "survey": "load a returned-migrant skill survey (CSV or XLSX, English or Hindi headers)",
        "eshram": "load an e-Shram registration export",
        "tracking": "load call-centre tracking updates",
        "complaints": "import complaints",
        "camps": "load registration camps of a drive",
    }
    for name, text in helps.items():
        command = commands.add_parser(name, help=text)
        command.add_argument("file", type=Path)
        command.add_argument("--user-id", type=int, default=None, help="users.user_id of the person loading")
        command.add_argument("--synthetic", action="store_true", help="label the rows as synthetic data")
        command.add_argument("--no-upload-limits", action="store_true",
                             help="load a file over the upload limits (ATLAS_MAX_UPLOAD_BYTES, ATLAS_MAX_UPLOAD_ROWS); "
                                  "only for files made on the server")  # fmt: skip
        command.set_defaults(run=_file)
    demo = commands.add_parser("demo", help="generate the synthetic demo files into data/demo and load them")
    demo.add_argument("--workers", type=int, default=200_000)
    demo.add_argument("--seed", type=int, default=2020)
    demo.add_argument("--out", type=Path, default=None, help="folder for the generated files (data/demo)")
    demo.set_defaults(run=_demo)


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="python -m loaders", description="Shramik Atlas loaders")
    commands = parser.add_subparsers(dest="command", required=True)
    reference = commands.add_parser("reference", help="load the reference geography of India")
    reference.add_argument("--data-dir", type=Path, default=None, help="folder of the reference files (GEO_DATA_DIR)")
    reference.add_argument("--force", action="store_true", help="reload even if these files are already loaded")
    reference.set_defaults(run=_reference)
    _add_file_commands(commands)
    compact = commands.add_parser("compact-rollups", help="rebuild the dashboard's rollups from scratch (run daily)")
    compact.set_defaults(run=_compact_rollups)
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
