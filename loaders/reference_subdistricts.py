"""Sub-districts from the Census 2011 list, with their headquarters points attached by name.

The sub-district HQ file's codes cannot be trusted: about 540 carry another sub-district's name
and point (71 Bihar blocks among them; see ../shared/geo/README.md). Its name, point and district
agree with one another, so codes, names and 2011 districts come from the Census list, and each HQ
feature is attached to a sub-district by what it says about itself, never by its code alone:

1. (state, district, name), where the HQ file's district is a 2011 one;
2. a name unique in the state (the HQ file often gives post-2011 district codes, above 640);
3. a part of a bracketed name ("Dabra" = "Dabra (Pichhore)") in the district, or unique in the state;
4. a close spelling, inside the district (or the 2011 parents of its post-2011 district), when one
   candidate stands clearly above the rest;
5. a code that agrees, when the names agree in part ("Pendraroad" = "Pendra Road Gorella").

Where two sub-districts of a state share a name, the one whose code the HQ file also gives wins;
where two features claim one sub-district, the one whose code agrees does. Everything else is reported.
"""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path

import geopandas as gpd
import pandas as pd
from rapidfuzz import fuzz

from geo.crs import WGS84
from geo.normalize import pad_code
from loaders.reference_codes import (
    census_state,
    place_key,
    place_keys,
    read_reference_csv,
    read_reference_geojson,
    state_today,
)

CENSUS_FILE = "census_subdistricts_2011.csv"
HQ_FILE = "subdistrict_hq_2011.geojson"
NOT_A_SUBDISTRICT = "99999"  # "Area not under any Sub-district"
#: A close spelling must score this much (rapidfuzz, 0-100) and beat the runner-up by the margin.
FUZZY_MIN_SCORE = 80.0
FUZZY_MARGIN = 10.0
_PAIR = ["hq_id", "subdistrict_code"]


@dataclass(frozen=True)
class HqAttachment:
    """The outcome of attaching the HQ file to the Census list.

    ``points`` has ``subdistrict_code, hq_id, hq_state_code, hq_district_code, hq_code, geometry`` for each
    attached sub-district; ``disagreements`` and ``unattached`` are one readable line per HQ feature.
    """

    points: gpd.GeoDataFrame
    disagreements: list[str]
    unattached: list[str]


# --------------------------------------------------------------------------- reads


def read_census_subdistricts(data_dir: Path) -> pd.DataFrame:
    """Every real Census 2011 sub-district, one row per (code, district): 33 span two or three districts.

    Columns: ``subdistrict_code, name_en, census_state_code, state_code`` (today's), ``district_code_2011,
    district_name_2011``.
    """
    columns = ["state_code_2011", "district_code_2011", "district_name_2011", "sub_district_code_2011"]
    raw = read_reference_csv(data_dir / CENSUS_FILE, [*columns, "sub_district_name_2011"])
    frame = pd.DataFrame(
        {
            "subdistrict_code": raw["sub_district_code_2011"].map(lambda c: pad_code(c, 5)),
            "name_en": raw["sub_district_name_2011"].str.strip(),
            "census_state_code": raw["state_code_2011"].map(lambda c: pad_code(c, 2)),
            "district_code_2011": raw["district_code_2011"].map(lambda c: pad_code(c, 3)),
            "district_name_2011": raw["district_name_2011"].str.strip(),
        }
    ).dropna(subset=["subdistrict_code", "census_state_code", "district_code_2011"])
    frame = frame[frame["subdistrict_code"] != NOT_A_SUBDISTRICT].reset_index(drop=True)
    frame["state_code"] = [
        state_today(s, d) for s, d in zip(frame["census_state_code"], frame["district_code_2011"], strict=True)
    ]
    return frame


def read_subdistrict_hq(data_dir: Path) -> gpd.GeoDataFrame:
    """The HQ file's features: ``hq_id, hq_code, hq_state_code, census_state_code, hq_district_code,
    hq_district_name, hq_name, geometry``. Exact repeats (same code, name and point) are dropped."""
    raw = read_reference_geojson(data_dir / HQ_FILE, ["STCODE11", "DTCODE11", "SDTCODE11", "NAME11", "dtname"])
    hq_state = raw["STCODE11"].map(lambda c: pad_code(c, 2))
    frame = gpd.GeoDataFrame(
        {
            "hq_code": raw["SDTCODE11"].map(lambda c: pad_code(c, 5)),
            "hq_state_code": hq_state.replace({"25": "26"}),
            "census_state_code": hq_state.map(lambda s: census_state(s) if isinstance(s, str) else None),
            "hq_district_code": raw["DTCODE11"].map(lambda c: pad_code(c, 3)),
            "hq_district_name": raw["dtname"].str.strip(),
            "hq_name": raw["NAME11"].str.strip(),
            "geometry": raw.geometry,
        },
        geometry="geometry",
        crs=WGS84,
    )
    frame = frame.dropna(subset=["hq_name", "census_state_code"])
    frame = frame[~frame.geometry.is_empty & frame.geometry.notna()]
    frame = frame[~frame.assign(wkb=frame.geometry.to_wkb()).duplicated(["hq_code", "hq_name", "wkb"])]
    frame.insert(0, "hq_id", range(len(frame)))
    return frame.reset_index(drop=True)


# --------------------------------------------------------------------------- attaching


def attach_hq_points(census: pd.DataFrame, hq: gpd.GeoDataFrame) -> HqAttachment:
    """Attach HQ features to Census sub-districts by district and name (see the module notes)."""
    sub = census.assign(key=census["name_en"].map(place_key))
    feats = pd.DataFrame(hq.drop(columns="geometry")).assign(key=hq["hq_name"].map(place_key))
    pairs = pd.DataFrame(columns=_PAIR)
    for step in (_same_district, _unique_in_state, _bracketed_part, _close_spelling, _code_and_partial_name):
        done = _Done(sub, feats, pairs)
        found = step(_free(feats, pairs, "hq_id"), _free(sub, pairs, "subdistrict_code"), done)
        pairs = pd.concat([pairs, _one_each(found, feats)], ignore_index=True)
    pairs = pairs.astype({"hq_id": int})
    points = hq.merge(pairs, on="hq_id")[
        ["subdistrict_code", "hq_id", "hq_state_code", "hq_district_code", "hq_code", "geometry"]
    ]
    return HqAttachment(
        points=gpd.GeoDataFrame(points, geometry="geometry", crs=WGS84),
        disagreements=_disagreement_lines(pairs, feats, census),
        unattached=_unattached_lines(feats, pairs, sub),
    )


@dataclass(frozen=True)
class _Done:
    """What a matching step may consult besides the free rows: every row, and the pairs made so far."""

    census: pd.DataFrame
    feats: pd.DataFrame
    pairs: pd.DataFrame


def _free(frame: pd.DataFrame, pairs: pd.DataFrame, column: str) -> pd.DataFrame:
    return frame[~frame[column].isin(pairs[column])]


def _one_each(found: pd.DataFrame, feats: pd.DataFrame) -> pd.DataFrame:
    """Keep one sub-district per feature and one feature per sub-district, preferring agreeing codes."""
    if found.empty:
        return pd.DataFrame(columns=_PAIR)
    found = found.merge(feats[["hq_id", "hq_code"]], on="hq_id")
    found["agrees"] = found["hq_code"] == found["subdistrict_code"]
    options = found.groupby("hq_id")["subdistrict_code"].transform("nunique")
    found = found[(options == 1) | found["agrees"]]
    found = found.sort_values(["agrees", "hq_id"], ascending=[False, True])
    return found.drop_duplicates("hq_id").drop_duplicates("subdistrict_code")[_PAIR]


def _same_district(feats: pd.DataFrame, sub: pd.DataFrame, _done: _Done) -> pd.DataFrame:
    on_left = ["census_state_code", "hq_district_code", "key"]
    on_right = ["census_state_code", "district_code_2011", "key"]
    return feats.merge(sub, left_on=on_left, right_on=on_right)[_PAIR]


def _unique_in_state(feats: pd.DataFrame, sub: pd.DataFrame, done: _Done) -> pd.DataFrame:
    # Unique among all of the state's sub-districts, not only those still free: a name shared with a
    # sub-district that already has its point is still ambiguous, unless the code agrees as well.
    names = done.census.drop_duplicates(["subdistrict_code", "key"])
    count = names.groupby(["census_state_code", "key"])["subdistrict_code"].transform("size")
    found = feats.merge(sub, on=["census_state_code", "key"])
    unique = found.merge(names[count == 1][["subdistrict_code", "key"]], on=["subdistrict_code", "key"])
    agreeing = found[found["hq_code"] == found["subdistrict_code"]]
    return pd.concat([unique, agreeing])[_PAIR]


def _bracketed_part(feats: pd.DataFrame, sub: pd.DataFrame, done: _Done) -> pd.DataFrame:
    """ "Dabra" = "Dabra (Pichhore)", "Kurud (Chormudia)" = "Kurud": a part of either name, as steps 1 and 2."""
    feat_keys = _explode_keys(feats, "hq_name")
    sub_keys = _explode_keys(sub, "name_en")
    exploded = _Done(_explode_keys(done.census, "name_en"), done.feats, done.pairs)
    return pd.concat([_same_district(feat_keys, sub_keys, exploded), _unique_in_state(feat_keys, sub_keys, exploded)])


def _explode_keys(frame: pd.DataFrame, name_column: str) -> pd.DataFrame:
    return frame.assign(key=frame[name_column].map(place_keys)).explode("key").dropna(subset=["key"])


def _close_spelling(feats: pd.DataFrame, sub: pd.DataFrame, done: _Done) -> pd.DataFrame:
    """ "Pithaura" = "Pithora", "Chaubatta Khal" = "Chaubattakhal": the clear best candidate in the district."""
    parents = _parent_districts(done)
    rows: list[tuple[int, str]] = []
    columns = zip(feats["hq_id"], feats["census_state_code"], feats["hq_district_code"], feats["hq_name"], strict=True)
    for hq_id, state, district, name in columns:
        districts = parents.get((str(state), str(district)), {str(district)})
        candidates = sub[(sub["census_state_code"] == state) & sub["district_code_2011"].isin(districts)]
        best = _clear_best(place_keys(str(name)), candidates)
        if best is not None:
            rows.append((int(hq_id), best))
    return pd.DataFrame(rows, columns=_PAIR)


def _parent_districts(done: _Done) -> dict[tuple[str, str], set[str]]:
    """For an HQ district code that is not a 2011 district (Balod, 719), the 2011 districts of the
    sub-districts already attached to its other features (Durg, 408)."""
    known = set(zip(done.census["census_state_code"], done.census["district_code_2011"], strict=True))
    attached = done.pairs.merge(done.feats[["hq_id", "census_state_code", "hq_district_code"]], on="hq_id")
    attached = attached.merge(done.census[["subdistrict_code", "district_code_2011"]], on="subdistrict_code")
    grouped = attached.groupby(["census_state_code", "hq_district_code"])["district_code_2011"]
    return {key: set(values) for key, values in grouped if key not in known}


def _clear_best(keys: list[str], candidates: pd.DataFrame) -> str | None:
    """The candidate code whose name is closest to ``keys``, if it is close and clearly the closest."""
    scores: dict[str, float] = {}
    for code, name in zip(candidates["subdistrict_code"], candidates["name_en"], strict=True):
        scores[code] = max((_similarity(a, b) for a in keys for b in place_keys(name)), default=0.0)
    ranked = sorted(scores.values(), reverse=True)
    if not ranked or ranked[0] < FUZZY_MIN_SCORE:
        return None
    if len(ranked) > 1 and ranked[1] > ranked[0] - FUZZY_MARGIN:
        return None
    return max(scores, key=lambda c: scores[c])


def _code_and_partial_name(feats: pd.DataFrame, sub: pd.DataFrame, _done: _Done) -> pd.DataFrame:
    """The code agrees and one name holds most of the other ("Sanjaribalod" = "Balod"): two sources agree."""
    found = feats.merge(
        sub, left_on=["census_state_code", "hq_code"], right_on=["census_state_code", "subdistrict_code"]
    )
    partial = pd.Series(
        [
            fuzz.partial_ratio(a.replace(" ", ""), b.replace(" ", "")) >= FUZZY_MIN_SCORE
            for a, b in zip(found["key_x"], found["key_y"], strict=True)
        ],
        index=found.index,
        dtype=bool,
    )
    return found[partial][_PAIR]


def _similarity(a: str, b: str) -> float:
    """Spelling similarity with spaces ignored ("Dondiluhara" = "Dondi Luhara")."""
    return float(fuzz.ratio(a.replace(" ", ""), b.replace(" ", "")))


# --------------------------------------------------------------------------- reporting


def _disagreement_lines(pairs: pd.DataFrame, feats: pd.DataFrame, census: pd.DataFrame) -> list[str]:
    names = census.drop_duplicates("subdistrict_code").set_index("subdistrict_code")
    rows = pairs.merge(feats, on="hq_id")
    rows = rows[rows["hq_code"] != rows["subdistrict_code"]].sort_values("hq_code")
    rows = rows.assign(
        census_name=rows["subdistrict_code"].map(names["name_en"]),
        census_district=rows["subdistrict_code"].map(names["district_name_2011"]),
    )
    return [
        f"{r.census_state_code}: HQ code {r.hq_code} '{r.hq_name}' ({r.hq_district_name}) is Census "
        f"{r.subdistrict_code} '{r.census_name}' ({r.census_district})"
        for r in rows.itertuples(index=False)
    ]


def _unattached_lines(feats: pd.DataFrame, pairs: pd.DataFrame, sub: pd.DataFrame) -> list[str]:
    left = feats[~feats["hq_id"].isin(pairs["hq_id"])].sort_values("hq_code")
    taken = set(pairs["subdistrict_code"])
    lines = []
    for r in left.itertuples(index=False):
        same_name = sub[(sub["census_state_code"] == r.census_state_code) & (sub["key"] == r.key)]
        held = [c for c in same_name["subdistrict_code"] if c in taken]
        why = f"its name is Census {', '.join(held)}, which another feature holds" if held else "no Census match"
        lines.append(f"{r.census_state_code}: HQ code {r.hq_code} '{r.hq_name}' ({r.hq_district_name}): {why}")
    return lines
