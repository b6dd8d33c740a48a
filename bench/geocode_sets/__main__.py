"""``python -m bench.geocode_sets --out data/geocode-sets --seed N``: write the evaluation sets and check them."""

from __future__ import annotations

import argparse
import sys
from pathlib import Path

from bench.geocode_sets import DEFAULT_SIZES, generate
from bench.geocode_sets.checks import check, hq_file_disagreements, summary
from bench.geocode_sets.reference import data_dir, load
from bench.geocode_sets.rows import write


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="python -m bench.geocode_sets", description=__doc__)
    parser.add_argument("--out", type=Path, default=Path("data/geocode-sets"), help="folder for the CSV files")
    parser.add_argument("--seed", type=int, default=0)
    for name, size in DEFAULT_SIZES.items():
        parser.add_argument(f"--{name.replace('_', '-')}-rows", type=int, default=size, dest=name)
    parser.add_argument(
        "--no-point-check", action="store_true", help="keep offices whose point lies in another district"
    )
    args = parser.parse_args(argv)
    ref = load()
    print(f"reference data: {data_dir()}")
    sizes = {name: getattr(args, name) for name in DEFAULT_SIZES}
    sets = generate(args.seed, sizes, point_check=not args.no_point_check, ref=ref)
    for name, rows in sets.items():
        write(rows, args.out / f"{name}.csv")
        print(f"wrote {args.out / f'{name}.csv'}")
    print(summary(sets))
    shifted, following = hq_file_disagreements(ref, sets.get("home_bihar", []))
    print(
        f"home rows in blocks whose SDTCODE11 the HQ file puts in another district: {shifted}; "
        f"labelled with the HQ file's district: {following}"
    )
    problems = check(ref, sets)
    if following:
        problems.append(f"{following} rows follow the HQ file's SDTCODE11")
    for problem in problems[:50]:
        print("PROBLEM", problem, file=sys.stderr)
    print(f"self-checks: {'all passed' if not problems else f'{len(problems)} problems'}")
    return 1 if problems else 0


if __name__ == "__main__":
    sys.exit(main())
