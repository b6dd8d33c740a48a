"""Self-checks of the generated sets: every label exists in the reference files and agrees with itself, block
labels come from the village list (never from the sub-district HQ file's shifted ``SDTCODE11``), and the
classes that name the block with its district say the text determines the block (without the district, a block
name found in two districts does not)."""

from __future__ import annotations

from collections import Counter

from bench.geocode_sets.districts import DELHI_POSTAL, DISTRICT_ALIASES, EXTRA_POST_2011
from bench.geocode_sets.reference import BIHAR, Reference, data_dir, geojson_properties
from bench.geocode_sets.rows import Row

BLOCK_NAMED = {"names_block", "lgd_block"}


def check(ref: Reference, sets: dict[str, list[Row]]) -> list[str]:
    """The problems found (an empty list when all is well)."""
    problems: list[str] = []
    states = {state for state, _name, _hq in ref.districts.values()}
    villages = {v.code: v for v in ref.villages}
    ids: Counter[str] = Counter()
    for rows in sets.values():
        for row in rows:
            ids[row.id] += 1
            problems += [f"{row.id}: {p}" for p in _row_problems(ref, row, states, villages)]
    problems += [f"{i}: id used {n} times" for i, n in ids.items() if n > 1]
    if ref.subdistricts["01476"].name != "Daudnagar" or ref.subdistricts["01476"].district != "235":
        problems.append("census_subdistricts_2011.csv: 01476 is not Daudnagar in Aurangabad (235)")
    return problems + table_problems(ref)


def table_problems(ref: Reference) -> list[str]:
    """The hand-written district tables point at districts of their own state."""
    out = []

    def known(state: str, code: str) -> bool:
        return ref.districts.get(code, ("",))[0] == state or (state, code) in ref.post2011

    for (state, name), code in DISTRICT_ALIASES.items():
        if not known(state, code):
            out.append(f"alias {name} -> {code} is not a district of state {state}")
    for (state, name), parents in EXTRA_POST_2011.items():
        out += [f"{name}: parent {p} is not a district of state {state}" for p in parents if not known(state, p)]
    for name, (code, alts) in DELHI_POSTAL.items():
        out += [f"Delhi {name}: {c} is not a Delhi district" for c in (code, *alts) if not known("07", c)]
    return out


def _row_problems(ref: Reference, row: Row, states: set[str], villages: dict) -> list[str]:  # noqa: C901
    out = []
    if not row.address.strip() or "\n" in row.address:
        out.append("empty or multi-line address")
    if row.state not in states:
        out.append(f"state {row.state} is not a state of the boundary files")
    district = ref.districts.get(row.district)
    if district is None or int(row.district) > 640:
        out.append(f"district {row.district} is not a Census 2011 district of the HQ file")
    elif district[0] != row.state:
        out.append(f"district {row.district} is in state {district[0]}, not {row.state}")
    for alt in row.alts:
        if alt == row.district or (alt not in ref.districts and (row.state, alt) not in ref.post2011):
            out.append(f"alternative district {alt} is unknown or repeats the label")
    if row.block:
        sub = ref.subdistricts.get(row.block)
        if sub is None or sub.district != row.district or sub.state != row.state:
            out.append(f"block {row.block} is not a sub-district of district {row.district}")
    if row.village:
        v = villages.get(row.village)
        if v is None or v.block != row.block or v.district != row.district or row.state != BIHAR:
            out.append(f"village {row.village} is not in block {row.block} / district {row.district}")
    if row.set == "home_bihar" and not (row.block and row.village):
        out.append("a home row without block or village")
    named_in_district = row.cls in BLOCK_NAMED and "no_district" not in row.notes.split(";")
    if row.block_in_text not in (0, 1) or (named_in_district and row.block_in_text != 1):
        out.append(f"block_in_text {row.block_in_text} for class {row.cls}")
    return out


def hq_file_disagreements(ref: Reference, rows: list[Row]) -> tuple[int, int]:
    """(rows whose block the HQ file's ``SDTCODE11`` puts in another district, of those the rows labelled with
    the HQ file's district): the second must be 0. Read here only to prove the labels do not follow it."""
    hq = {
        str(p["SDTCODE11"]): str(p["DTCODE11"]) for p in geojson_properties(data_dir() / "subdistrict_hq_2011.geojson")
    }
    shifted = [r for r in rows if r.block and r.block in hq and hq[r.block] != ref.subdistricts[r.block].district]
    return len(shifted), sum(1 for r in shifted if r.district == hq[r.block])


def summary(sets: dict[str, list[Row]]) -> str:
    lines = []
    for name, rows in sets.items():
        counts = Counter(r.cls for r in rows)
        lines.append(f"{name}: {len(rows)} rows")
        for cls, n in sorted(counts.items()):
            determined = sum(r.block_in_text for r in rows if r.cls == cls)
            hindi = sum("lang=hi" in r.notes for r in rows if r.cls == cls)
            extra = f", block_in_text {determined}" if name == "home_bihar" else ""
            lines.append(f"  {cls:<15} {n:>5}  (Devanagari {hindi}{extra})")
        if name != "home_bihar":
            by_state = Counter(r.state for r in rows)
            lines.append("  states: " + ", ".join(f"{s}:{n}" for s, n in sorted(by_state.items())))
            lines.append(f"  with alternative districts: {sum(bool(r.alts) for r in rows)}")
    return "\n".join(lines)
