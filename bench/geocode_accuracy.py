"""Accuracy of the geocoder, side by side on every labelled set, by state and by class.

    python -m bench accuracy [--sets DIR] [--real FILE] [--extra FILE ...] [--show-misses N]

Sets, each read in its own label convention and scored the same way:

- ``generated``: ``tests/data/geocode_eval.csv``, which the team generated from the reference data the matcher
  reads. Kept as a regression check; it is not the measure of success.
- ``real``: RBI's bank-branch register (``../shared/geo-eval/bank_branches_dev.csv``, read from the shared
  folder, never copied in): addresses written by bank staff, labelled with the bank's own district. Scored on
  all rows and on the rows the pincode or the address's own "DIST X" corroborates; Delhi's rows labelled only
  "Delhi" count for the state. About 5-7 % of its labels are wrong, so a perfect geocoder scores 93-95 % there.
- ``home_bihar``, ``workplace``, ``delhi``: the class-tagged sets ``python -m bench.geocode_sets`` writes from the
  reference inputs, made without reading the matcher (generated now if ``--sets`` holds none).
- ``--extra``: any other labelled CSV in one of these conventions (for example real district-office lists).

A district is right when the state and the Census 2011 district code match the label or one of its accepted
alternatives (``alt_district_codes_2011``: post-2011 districts, ambiguous city labels). A block is scored where
the text determines it (``block_in_text``); a village where the label has one.
"""

from __future__ import annotations

import argparse
import subprocess
import sys
import time
from collections.abc import Callable, Iterator
from dataclasses import dataclass
from pathlib import Path

import pandas as pd

from atlas.settings import PROJECT_ROOT, settings
from geo.geocoding import Geocoder, GeocodeResult

GENERATED = PROJECT_ROOT / "tests" / "data" / "geocode_eval.csv"
DEFAULT_SETS = PROJECT_ROOT / "data" / "geocode-sets"
DESTINATION_STATES = ("07", "27", "24", "06", "03", "09", "19", "29", "33", "32")


def real_dev_set() -> Path:
    """The bank-branch development set beside the reference data (``GEO_EVAL_DIR`` to put it elsewhere)."""
    import os

    folder = os.environ.get("GEO_EVAL_DIR")
    return Path(folder) if folder else settings.geo_data_dir.parent / "geo-eval" / "bank_branches_dev.csv"


@dataclass(frozen=True)
class Labelled:
    """One labelled set in a common shape: ``address, state, districts (set of codes), block, village, cls,
    corroborated, block_determined, state_only, label_state`` (the last: the row's state as labelled)."""

    name: str
    rows: pd.DataFrame
    hint: str | None = None


# --------------------------------------------------------------------------- reading the sets


def _codes(first: pd.Series, alternatives: pd.Series) -> list[frozenset[str]]:
    return [frozenset([a, *filter(None, str(b).split("|"))]) - {""} for a, b in zip(first, alternatives, strict=True)]


def read_real(path: Path) -> Labelled:
    raw = pd.read_csv(path, dtype=str, keep_default_na=False)
    corroborated = ((raw["pin_check"] == "agree") | (raw["addr_dist_check"] == "agree")) & (
        raw["label_conflict"] == "0"
    )
    rows = pd.DataFrame(
        {
            "address": raw["address"],
            "state": raw["true_state_code_2011"],
            "districts": _codes(raw["true_district_code_2011"], raw["alt_district_codes_2011"]),
            "block": "",
            "village": "",
            "cls": raw["true_state_code_2011"].map(
                lambda s: "bihar" if s == "10" else "destination" if s in DESTINATION_STATES else "other"
            ),
            "corroborated": corroborated,
            "block_determined": False,
            "state_only": raw["mapped_via"] == "state_only",
            "label_state": raw["true_state_2011"],
        }
    )
    return Labelled("real", rows)


def read_class_set(path: Path, name: str | None = None) -> Labelled:
    """A set in the ``bench.geocode_sets`` convention (also used for ``--extra`` files)."""
    raw = pd.read_csv(path, dtype=str, keep_default_na=False)
    get = lambda column, default="": raw[column] if column in raw else pd.Series(default, index=raw.index)  # noqa: E731
    state = get("true_state_code", "10").replace("", "10")
    rows = pd.DataFrame(
        {
            "address": raw["address"],
            "state": state,
            "districts": _codes(get("true_district_code_2011"), get("alt_district_codes_2011")),
            "block": get("true_block_code"),
            "village": get("true_village_code"),
            "cls": get("cls", "all").replace("", "all"),
            "corroborated": True,
            "block_determined": (get("block_in_text", "0") == "1") | (get("has_block_in_text", "0") == "1"),
            "state_only": False,
            "label_state": state,
        }
    )
    return Labelled(name or path.stem, rows)


def read_generated(path: Path) -> Labelled:
    raw = pd.read_csv(path, dtype=str, keep_default_na=False)
    rows = pd.DataFrame(
        {
            "address": raw["address"],
            "state": raw["state_code"],
            "districts": [frozenset([c]) if c else frozenset() for c in raw["district_code"]],
            "block": raw["block_code"],
            "village": raw["village_code"],
            "cls": raw["category"],
            "corroborated": True,
            "block_determined": raw["block_code"] != "",
            "state_only": raw["district_code"] == "",
            "label_state": raw["state_code"],
        }
    )
    return Labelled("generated", rows)


# --------------------------------------------------------------------------- scoring


def judge(rows: pd.DataFrame, results: list[GeocodeResult]) -> pd.DataFrame:
    """Per row: whether the state, district, block and village are right."""
    out = rows.copy()
    out["got_state"] = [r.state_code for r in results]
    out["got_district"] = [r.district_code for r in results]
    out["got_block"] = [r.block_code for r in results]
    out["got_village"] = [r.village_code for r in results]
    out["review"] = [r.needs_review for r in results]
    out["state_ok"] = out["got_state"] == out["state"]
    district_ok = [d in want for d, want in zip(out["got_district"], out["districts"], strict=True)]
    out["district_ok"] = out["state_ok"] & (out["state_only"] | pd.Series(district_ok, index=out.index))
    out["block_ok"] = out["got_block"] == out["block"]
    out["village_ok"] = out["got_village"] == out["village"]
    out["got"] = [
        f"{r.state_code}/{r.district_code} {r.matched_name} [{r.precision} {r.confidence}] {r.reason}" for r in results
    ]
    return out


def _pct(part: float, whole: float) -> str:
    return f"{100.0 * part / whole:6.1f} %" if whole else "     - "


def summary(judged: pd.DataFrame, by: str) -> pd.DataFrame:
    """Counts and shares right, per value of ``by`` and in all."""
    groups = [("all", judged), *((str(k), g) for k, g in judged.groupby(by, sort=True))]
    lines = []
    for key, group in groups:
        determined = group[group["block_determined"]]
        villages = group[group["village"] != ""]
        lines.append(
            {
                by: key,
                "n": len(group),
                "district": _pct(group["district_ok"].sum(), len(group)),
                "corroborated": _pct(
                    group.loc[group["corroborated"], "district_ok"].sum(), group["corroborated"].sum()
                ),
                "block (determined)": _pct(determined["block_ok"].sum(), len(determined)),
                "village": _pct(villages["village_ok"].sum(), len(villages)),
                "to review": _pct(group["review"].sum(), len(group)),
            }
        )
    return pd.DataFrame(lines)


def evaluate(geocoder: Geocoder, labelled: Labelled) -> tuple[pd.DataFrame, float]:
    started = time.perf_counter()
    results = geocoder.geocode_many(labelled.rows["address"].tolist(), home_state_code=labelled.hint)
    return judge(labelled.rows, results), time.perf_counter() - started


def misses(judged: pd.DataFrame, count: int) -> Iterator[str]:
    wrong = judged[~judged["district_ok"]].head(count)
    columns = [wrong[c] for c in ("cls", "address", "state", "districts", "got")]
    for cls, address, state, districts, got in zip(*columns, strict=True):
        want = "|".join(sorted(districts))
        yield f"    MISS [{cls}] {address[:110]!r}\n         want {state}/{want} got {got[:160]}"


# --------------------------------------------------------------------------- the command


def labelled_sets(args: argparse.Namespace) -> list[Labelled]:
    sets = [read_generated(GENERATED)]
    if (real := Path(args.real)).is_file():
        sets.append(read_real(real))
    else:
        print(f"note: no real development set at {real} (GEO_EVAL_DIR); skipped", file=sys.stderr)
    folder = Path(args.sets)
    if not (folder / "home_bihar.csv").is_file():
        subprocess.run(
            [sys.executable, "-m", "bench.geocode_sets", "--out", str(folder)], check=True, capture_output=True
        )
    sets += [read_class_set(folder / f"{name}.csv") for name in ("home_bihar", "workplace", "delhi")]
    sets += [read_class_set(Path(extra)) for extra in args.extra]
    return sets


def report(geocoder: Geocoder, sets: list[Labelled], show: int, out: Callable[[str], None] = print) -> None:
    for labelled in sets:
        judged, seconds = evaluate(geocoder, labelled)
        by = "label_state" if labelled.name == "real" else "cls"
        out(f"\n== {labelled.name}: {len(judged):,} addresses, {len(judged) / seconds:,.0f} per second (cold)")
        out(summary(judged, "cls").to_string(index=False))
        if by == "label_state":
            out(summary(judged, by).to_string(index=False))
        for line in misses(judged, show):
            out(line)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--sets", default=str(DEFAULT_SETS), help="folder of the bench.geocode_sets CSVs")
    parser.add_argument("--real", default=str(real_dev_set()), help="the bank-branch development set")
    parser.add_argument("--extra", nargs="*", default=[], help="more labelled CSVs (geocode_sets columns)")
    parser.add_argument("--show-misses", type=int, default=0)
    args = parser.parse_args()
    from atlas.db import default_engine
    from atlas.queries.geocoding import geocoder_index_frames

    started = time.perf_counter()
    with default_engine().connect() as connection:
        geocoder = Geocoder.from_frames(geocoder_index_frames(connection))
    print(f"index built in {time.perf_counter() - started:.1f} s")
    report(geocoder, labelled_sets(args), args.show_misses)


if __name__ == "__main__":
    main()
