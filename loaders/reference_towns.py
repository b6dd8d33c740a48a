"""Census 2011 towns with their district and a point, for the geocoder's town gazetteer.

Names are 2011 names without the status ("Gurgaon", "Bhiwandi Nizampur", "DMC"), and 192 repeat
within a state, so towns are keyed on their code. A town's district is the map district of its
sub-district (towns in no sub-district, coded 99999, take their 2011 district's polygon). Its point is,
in order: a namesake post office in the same district (head and sub offices first) when there is just
one; the sub-district HQ when the town is that HQ by name; the district HQ when ``DIST_HQNM`` names the
town; else the sub-district's HQ (or the district's point), marked approximate.
"""

from __future__ import annotations

from pathlib import Path

import geopandas as gpd
import numpy as np
import pandas as pd

from atlas.errors import ReferenceDataInvalid
from geo.normalize import normalise_name, pad_code
from loaders.reference_codes import place_key, read_reference_csv, state_today

TOWNS_FILE = "census_towns_2011.csv"
#: Abbreviations and renamings that the Census town list uses (DMC = Delhi), with their source.
ALIASES_FILE = Path(__file__).resolve().parent / "reference_data" / "town_aliases.csv"
NOT_A_SUBDISTRICT = "99999"
_TOWN_OFFICES = ("HO", "SO")
_TRUSTED = ("ok", "repaired_swap")


def read_towns(data_dir: Path) -> pd.DataFrame:
    """``town_code, name, town_type, state_code`` (today's), ``district_code_2011, subdistrict_code``."""
    columns = ["town_code_2011", "town_name", "state_code_2011", "district_code_2011", "sub_district_code_2011"]
    raw = read_reference_csv(data_dir / TOWNS_FILE, [*columns, "town_type"])
    towns = pd.DataFrame(
        {
            "town_code": raw["town_code_2011"].map(lambda c: pad_code(c, 6)),
            "name": raw["town_name"].str.strip(),
            "town_type": raw["town_type"].str.strip(),
            "census_state_code": raw["state_code_2011"].map(lambda c: pad_code(c, 2)),
            "district_code_2011": raw["district_code_2011"].map(lambda c: pad_code(c, 3)),
            "subdistrict_code": raw["sub_district_code_2011"].map(lambda c: pad_code(c, 5)),
        }
    ).dropna(subset=["town_code", "name", "census_state_code", "district_code_2011"])
    towns["state_code"] = [
        state_today(s, d) for s, d in zip(towns["census_state_code"], towns["district_code_2011"], strict=True)
    ]
    towns.loc[towns["subdistrict_code"] == NOT_A_SUBDISTRICT, "subdistrict_code"] = None
    return towns.drop_duplicates("town_code").reset_index(drop=True)


def build_towns(
    towns: pd.DataFrame,
    subdistricts: gpd.GeoDataFrame,
    districts: pd.DataFrame,
    district_hq: pd.DataFrame,
    offices: pd.DataFrame,
) -> pd.DataFrame:
    """The ``towns`` rows from ``read_towns``.

    ``subdistricts`` has ``subdistrict_code, state_code, district_id, district_code_2011, name_en, point``;
    ``districts`` has ``district_id, state_code, census_code, map_district_id, point``; ``district_hq`` is the
    HQ file (``state_code, census_code, hq_name, geometry``); ``offices`` are the checked post offices
    (``name_norm, office_type, quality, drawn_district_id, lon, lat``).
    """
    towns = towns.merge(_town_aliases(), on="town_code", how="left")
    towns["name_variants"] = [v if isinstance(v, list) else [] for v in towns["name_variants"]]
    towns["name_norm"] = towns["name"].map(normalise_name)
    towns["district_id"] = _town_districts(towns, subdistricts, districts)
    towns = _with_points(towns, subdistricts, districts, district_hq, offices)
    known = towns["subdistrict_code"].isin(subdistricts["subdistrict_code"])
    towns.loc[~known, "subdistrict_code"] = None
    return towns[
        ["town_code", "name", "name_norm", "name_variants", "town_type", "state_code", "district_code_2011",
         "subdistrict_code", "district_id", "point", "point_source"]
    ]  # fmt: skip


def _town_aliases() -> pd.DataFrame:
    aliases = read_reference_csv(ALIASES_FILE, ["town_code", "alias", "source"])
    aliases["town_code"] = aliases["town_code"].map(lambda c: pad_code(c, 6))
    return aliases.groupby("town_code")["alias"].agg(list).rename("name_variants").reset_index()


def _town_districts(towns: pd.DataFrame, subdistricts: pd.DataFrame, districts: pd.DataFrame) -> pd.Series:
    """The map district of the town's sub-district; for a town in none, the map district of its 2011 district
    (Greater Mumbai: Mumbai Suburban, drawn in Mumbai), else the one most of that district's sub-districts lie in."""
    by_block = towns["subdistrict_code"].map(subdistricts.set_index("subdistrict_code")["district_id"])
    coded = districts.dropna(subset=["census_code"]).drop_duplicates(["state_code", "census_code"], keep=False)
    coded = coded.assign(drawn=coded["district_id"].map(_drawn(districts)))
    keys = pd.MultiIndex.from_arrays([towns["state_code"], towns["district_code_2011"]])
    by_code = coded.set_index(["state_code", "census_code"])["drawn"].reindex(keys).to_numpy()
    usual = subdistricts.groupby(["state_code", "district_code_2011"])["district_id"].agg(lambda s: s.mode().iloc[0])
    by_blocks = usual.reindex(keys).to_numpy()
    result = by_block.fillna(pd.Series(by_code, index=towns.index)).fillna(pd.Series(by_blocks, index=towns.index))
    if result.isna().any():
        problems = [f"town {c} is in no known sub-district or district" for c in towns.loc[result.isna(), "town_code"]]
        raise ReferenceDataInvalid(Path(TOWNS_FILE), problems)
    return result.astype(int)


def _with_points(
    towns: pd.DataFrame,
    subdistricts: gpd.GeoDataFrame,
    districts: pd.DataFrame,
    district_hq: pd.DataFrame,
    offices: pd.DataFrame,
) -> pd.DataFrame:
    out = towns.copy()
    drawn = out["district_id"].map(_drawn(districts))
    office = _namesake_office(out, drawn, offices)
    block_point = out["subdistrict_code"].map(subdistricts.set_index("subdistrict_code")["point"])
    block_name = out["subdistrict_code"].map(subdistricts.set_index("subdistrict_code")["name_en"].map(place_key))
    is_block_hq = (block_name == out["name"].map(place_key)) & block_point.map(_is_point)
    hq_point = _district_hq_point(out, drawn, districts, district_hq)
    fallback = block_point.where(
        block_point.map(_is_point), out["district_id"].map(districts.set_index("district_id")["point"])
    )
    choices = [office.map(_is_point), is_block_hq, hq_point.map(_is_point)]
    out["point_source"] = np.select(choices, ["post_office", "subdistrict_hq", "district_hq"], default="approximate")
    out["point"] = np.select(choices, [office, block_point, hq_point], default=fallback)
    out.loc[~out["point"].map(_is_point), "point_source"] = None
    return out


def _drawn(districts: pd.DataFrame) -> pd.Series:
    ids = districts.drop_duplicates("district_id").set_index("district_id")
    return ids["map_district_id"].astype("Int64").fillna(pd.Series(ids.index, index=ids.index)).astype(int)


def _namesake_office(towns: pd.DataFrame, drawn: pd.Series, offices: pd.DataFrame) -> pd.Series:
    """The one trusted post office named like the town (or its alias) in its district, head and sub offices
    first; None where there is none or several. A name twice in one district matches neither town."""
    usable = offices[offices["quality"].isin(_TRUSTED) & offices["drawn_district_id"].notna()].copy()
    usable["rank"] = np.where(usable["office_type"].isin(_TOWN_OFFICES), 0, 1)
    best = usable[usable["rank"] == usable.groupby(["drawn_district_id", "name_norm"])["rank"].transform("min")]
    best = best.drop_duplicates(["drawn_district_id", "name_norm"], keep=False)
    located = best.set_index([best["drawn_district_id"].astype(int), "name_norm"])
    points = dict(zip(located.index, gpd.points_from_xy(located["lon"], located["lat"]), strict=True))
    names = towns.assign(drawn=drawn.to_numpy())
    clash = names.duplicated(["drawn", "name_norm"], keep=False)
    found = []
    for district, name, variants, shared in zip(
        names["drawn"], names["name_norm"], names["name_variants"], clash, strict=True
    ):
        keys = [name, *(normalise_name(v) for v in variants)]
        found.append(None if shared else next((points[(district, k)] for k in keys if (district, k) in points), None))
    return pd.Series(found, index=towns.index, dtype=object)


def _district_hq_point(
    towns: pd.DataFrame, drawn: pd.Series, districts: pd.DataFrame, district_hq: pd.DataFrame
) -> pd.Series:
    """The district HQ point where the HQ file's ``DIST_HQNM`` is the town's name, in the town's map district."""
    ids = districts.drop_duplicates("district_id")
    hq = district_hq.merge(ids[["district_id", "state_code", "census_code"]], on=["state_code", "census_code"])
    hq = hq.assign(drawn=hq["district_id"].map(_drawn(districts)), key=hq["hq_name"].map(place_key))
    hq = hq.drop_duplicates(["drawn", "key"], keep=False)
    points = hq.set_index(["drawn", "key"]).geometry
    keys = pd.MultiIndex.from_arrays([drawn.to_numpy(), towns["name"].map(place_key)])
    return pd.Series(points.reindex(keys).to_numpy(), index=towns.index, dtype=object)


def _is_point(value: object) -> bool:
    return value is not None and not (isinstance(value, float) and np.isnan(value))
