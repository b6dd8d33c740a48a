"""Reads and writes of the reference geography: states, districts, blocks, villages, gazetteer."""

from __future__ import annotations

from collections.abc import Iterable, Sequence

import geopandas as gpd
import pandas as pd
import shapely
from sqlalchemy import Connection, text

from atlas.queries.bulk import copy_rows, create_staging, upsert
from atlas.settings import SRID


def _ewkb(geoms: Iterable[object]) -> list[str | None]:
    """Hex EWKB with SRID 4326, which PostgreSQL casts straight to geometry."""
    out: list[str | None] = []
    for g in geoms:
        if isinstance(g, shapely.Geometry) and not shapely.is_empty(g):
            out.append(shapely.to_wkb(shapely.set_srid(g, SRID), hex=True, include_srid=True))
        else:
            out.append(None)
    return out


def _none_if_nan(value: object) -> object:
    """Plain Python values for COPY: NaN and pd.NA become NULL, numpy scalars become Python ones."""
    if value is None or isinstance(value, (list, tuple)):
        return value
    if pd.isna(value):  # type: ignore[call-overload]  # pandas-stubs: no overload for object, though any value is fine
        return None
    item = getattr(value, "item", None)
    return item() if callable(item) else value


def _stage(connection: Connection, name: str, columns: dict[str, str], frame: pd.DataFrame) -> None:
    """Stage ``frame`` (geometry columns already as EWKB hex) into a temp table."""
    create_staging(connection, name, columns)
    rows = ([_none_if_nan(v) for v in row] for row in frame[list(columns)].itertuples(index=False, name=None))
    copy_rows(connection, name, list(columns), rows)


def _with_ewkb(frame: pd.DataFrame, geometry_columns: Sequence[str]) -> pd.DataFrame:
    out = pd.DataFrame(frame).copy()
    for column in geometry_columns:
        out[column] = _ewkb(out[column])
    return out


def write_states(connection: Connection, states: gpd.GeoDataFrame) -> int:
    frame = _with_ewkb(states, ["geom", "point"])
    cols = {
        "state_code": "text",
        "name_en": "text",
        "name_hi": "text",
        "name_norm": "text",
        "geom": "geometry",
        "point": "geometry",
    }
    _stage(connection, "stage_states", cols, frame)
    names = list(cols)
    return upsert(
        connection,
        target="states",
        columns=names,
        conflict=["state_code"],
        update=names[1:],
        select_sql="SELECT state_code, name_en, name_hi, name_norm, ST_Multi(geom), point FROM stage_states",
    )


# Addresses are matched against official Hindi names only: a transliteration is a guess at the spelling.
OFFICIAL_HINDI = "CASE WHEN name_hi_source = 'official' THEN name_hi END"

_DISTRICT_STAGE = {
    "state_code": "text",
    "census_code": "text",
    "lgd_code": "integer",
    "name_en": "text",
    "name_hi": "text",
    "name_hi_source": "text",
    "name_norm": "text",
    "created_year": "text",
    "hq_name": "text",
    "map_district_id": "integer",
    "geom": "geometry",
    "point": "geometry",
}


def write_districts(connection: Connection, districts: gpd.GeoDataFrame, *, stage: str = "stage_districts") -> int:
    """Upsert districts on (state, code, name): polygons, or admin-only rows (no ``geom``, a ``map_district_id``)."""
    frame = _with_ewkb(districts, ["geom", "point"])
    _stage(connection, stage, _DISTRICT_STAGE, frame)
    names = list(_DISTRICT_STAGE)
    selected = ", ".join(f"ST_Multi({c})" if c == "geom" else c for c in names)
    return upsert(
        connection,
        target="districts",
        columns=names,
        conflict="ON CONSTRAINT uq_districts_state_code_census_code_name_norm",
        update=[c for c in names if c not in ("state_code", "census_code", "name_norm")],
        select_sql=f"SELECT {selected} FROM {stage}",
    )


def correct_district_codes(connection: Connection, corrections: pd.DataFrame) -> int:
    """Give stored districts their corrected Census code (``state_code, old_code, census_code, name_norm``),
    so that the upsert that follows updates them instead of adding a second row."""
    sql = text(
        "UPDATE districts SET census_code = :census_code "
        "WHERE state_code = :state_code AND census_code = :old_code AND name_norm = :name_norm "
        "AND NOT EXISTS (SELECT 1 FROM districts d WHERE d.state_code = :state_code "
        "AND d.census_code = :census_code AND d.name_norm = :name_norm)"
    )
    changed = 0
    for state, old, new, name in corrections[["state_code", "old_code", "census_code", "name_norm"]].itertuples(
        index=False, name=None
    ):
        params = {"state_code": state, "old_code": old, "census_code": new, "name_norm": name}
        changed += connection.execute(sql, params).rowcount
    return changed


def write_district_census_codes(connection: Connection, codes: pd.Series) -> int:
    """Set ``census_2011_code`` from a Series of codes indexed by ``district_id``."""
    frame = pd.DataFrame({"district_id": codes.index, "census_2011_code": codes.to_numpy()})
    _stage(connection, "stage_census_codes", {"district_id": "integer", "census_2011_code": "text"}, frame)
    sql = text(
        # The staging table in a subquery: on Citus a reference table cannot be updated FROM a temporary table.
        "UPDATE districts d SET census_2011_code = s.census_2011_code FROM (SELECT * FROM stage_census_codes) s "
        "WHERE d.district_id = s.district_id AND d.census_2011_code IS DISTINCT FROM s.census_2011_code"
    )
    return connection.execute(sql).rowcount


def district_keys(connection: Connection) -> pd.DataFrame:
    """``district_id, state_code, census_code, name_norm, created_year, map_district_id`` of every district
    (``map_district_id`` is set for admin-only districts, which have no polygon)."""
    sql = (
        "SELECT district_id, state_code, census_code, name_norm, created_year, map_district_id "
        "FROM districts ORDER BY district_id"
    )
    frame = pd.read_sql(text(sql), connection)
    frame["map_district_id"] = frame["map_district_id"].astype("Int64")
    return frame


def district_areas(connection: Connection, state_codes: Sequence[str] | None = None) -> gpd.GeoDataFrame:
    """District polygons (``district_id, state_code, census_code, geometry``), optionally for some states."""
    sql = "SELECT district_id, state_code, census_code, geom AS geometry FROM districts WHERE geom IS NOT NULL"
    params: dict[str, object] = {}
    if state_codes is not None:
        sql += " AND state_code = ANY(:codes)"
        params["codes"] = list(state_codes)
    return gpd.read_postgis(text(sql), connection, geom_col="geometry", params=params)


def write_district_aliases(connection: Connection, aliases: pd.DataFrame) -> int:
    cols = {"alias_norm": "text", "district_id": "integer", "alias": "text", "source": "text"}
    _stage(connection, "stage_aliases", cols, aliases)
    names = list(cols)
    return upsert(
        connection,
        target="district_aliases",
        columns=names,
        conflict=["alias_norm", "district_id"],
        update=["alias", "source"],
        select_sql="SELECT DISTINCT ON (alias_norm, district_id) alias_norm, district_id, alias, source "
        "FROM stage_aliases",
    )


def write_subdistricts(connection: Connection, subdistricts: gpd.GeoDataFrame) -> int:
    frame = _with_ewkb(subdistricts, ["geom", "point"])
    cols = {
        "subdistrict_code": "text",
        "state_code": "text",
        "district_id": "integer",
        "district_code_2011": "text",
        "lgd_code": "integer",
        "name_en": "text",
        "name_hi": "text",
        "name_hi_source": "text",
        "name_norm": "text",
        "geom": "geometry",
        "geom_is_approximate": "boolean",
        "point": "geometry",
    }
    _stage(connection, "stage_subdistricts", cols, frame)
    names = list(cols)
    selected = ", ".join(f"ST_Multi({c})" if c == "geom" else c for c in names)
    return upsert(
        connection,
        target="subdistricts",
        columns=names,
        conflict=["subdistrict_code"],
        update=names[1:],
        select_sql=f"SELECT {selected} FROM stage_subdistricts",
    )


def remove_stale_subdistricts(connection: Connection) -> tuple[int, list[str]]:
    """Delete sub-districts the staged load no longer has (codes an older load took from the HQ file) where
    nothing refers to them; returns how many went and the codes kept because workers or camps use them."""
    # The stale codes are read first and then named as a parameter: on Citus a reference table cannot be changed
    # by a statement that joins a temporary table, or that reads a distributed table in a correlated subquery.
    stale = connection.execute(text(
        "SELECT s.subdistrict_code FROM subdistricts s LEFT JOIN stage_subdistricts n "
        "ON n.subdistrict_code = s.subdistrict_code WHERE n.subdistrict_code IS NULL"
    )).scalars().all()  # fmt: skip
    if not stale:
        return 0, []
    codes = {"codes": list(stale)}
    connection.execute(text("DELETE FROM subdistrict_aliases WHERE subdistrict_code = ANY(:codes)"), codes)
    used = (
        "SELECT subdistrict_code FROM villages WHERE subdistrict_code = ANY(:codes) "
        "UNION SELECT home_block_code FROM workers WHERE home_block_code = ANY(:codes) "
        "UNION SELECT block_code FROM registration_camps WHERE block_code = ANY(:codes) "
        "UNION SELECT subdistrict_code FROM towns WHERE subdistrict_code = ANY(:codes)"
    )
    kept = sorted(connection.execute(text(used), codes).scalars().all())
    gone = {"codes": [code for code in stale if code not in set(kept)]}
    deleted = connection.execute(text("DELETE FROM subdistricts WHERE subdistrict_code = ANY(:codes)"), gone).rowcount
    return deleted, list(kept)


def refile_worker_homes(connection: Connection) -> dict[str, int]:
    """Re-derive stored workers' home block, district and state from the reference tables as loaded now: a
    worker's village keeps its own code, and its block and district are the village's; a worker placed only at
    a block gets the block's district. A point taken from a block headquarters moves with the block. Returns
    how many workers moved, by what was re-derived."""
    by_village = connection.execute(
        text(
            "UPDATE workers w SET home_block_code = v.subdistrict_code, home_district_id = v.district_id, "
            "home_state_code = v.state_code, "
            "home_point = CASE WHEN w.home_precision = 'village' THEN COALESCE(v.point, w.home_point) "
            "WHEN w.home_precision = 'block' THEN COALESCE(s.point, w.home_point) ELSE w.home_point END, "
            "updated_at = now() "
            "FROM villages v JOIN subdistricts s ON s.subdistrict_code = v.subdistrict_code "
            "WHERE v.village_code = w.home_village_code AND (w.home_block_code IS DISTINCT FROM v.subdistrict_code "
            "OR w.home_district_id IS DISTINCT FROM v.district_id)"
        )
    ).rowcount
    by_block = connection.execute(
        text(
            "UPDATE workers w SET home_district_id = s.district_id, home_state_code = s.state_code, "
            "home_point = CASE WHEN w.home_precision = 'block' THEN COALESCE(s.point, w.home_point) "
            "ELSE w.home_point END, updated_at = now() "
            "FROM subdistricts s WHERE w.home_village_code IS NULL AND s.subdistrict_code = w.home_block_code "
            "AND w.home_district_id IS DISTINCT FROM s.district_id"
        )
    ).rowcount
    return {"by_village": by_village, "by_block": by_block}


def write_villages(connection: Connection, villages: pd.DataFrame) -> int:
    frame = _with_ewkb(villages, ["point"])
    cols = {
        "village_code": "text",
        "subdistrict_code": "text",
        "district_id": "integer",
        "state_code": "text",
        "name_en": "text",
        "name_norm": "text",
        "source_district_code": "text",
        "point": "geometry",
        "point_source": "text",
    }
    _stage(connection, "stage_villages", cols, frame)
    names = list(cols)
    return upsert(
        connection,
        target="villages",
        columns=names,
        conflict=["village_code"],
        update=names[1:],
        select_sql="SELECT " + ", ".join(names) + " FROM stage_villages",
    )


def write_gazetteer(connection: Connection, places: pd.DataFrame) -> int:
    frame = _with_ewkb(places, ["point"])
    cols = {
        "source_ref": "text",
        "kind": "text",
        "name": "text",
        "name_variants": "text[]",
        "name_norm": "text",
        "state_code": "text",
        "district_id": "integer",
        "subdistrict_code": "text",
        "village_code": "text",
        "pincode": "text",
        "point": "geometry",
        "source": "text",
        "quality": "text",
        "quality_note": "text",
        "office_type": "text",
        "named_district_id": "integer",
    }
    _stage(connection, "stage_gazetteer", cols, frame)
    names = list(cols)
    return upsert(
        connection,
        target="gazetteer",
        columns=names,
        conflict=["source_ref"],
        update=names[1:],
        select_sql="SELECT DISTINCT ON (source_ref) " + ", ".join(names) + " FROM stage_gazetteer",
    )


def write_towns(connection: Connection, towns: pd.DataFrame) -> int:
    """Upsert Census towns on their code and delete towns the load no longer has."""
    frame = _with_ewkb(towns, ["point"])
    cols = {
        "town_code": "text",
        "name": "text",
        "name_norm": "text",
        "name_variants": "text[]",
        "town_type": "text",
        "state_code": "text",
        "district_code_2011": "text",
        "subdistrict_code": "text",
        "district_id": "integer",
        "point": "geometry",
        "point_source": "text",
    }
    _stage(connection, "stage_towns", cols, frame)
    names = list(cols)
    changed = upsert(
        connection,
        target="towns",
        columns=names,
        conflict=["town_code"],
        update=names[1:],
        select_sql="SELECT " + ", ".join(names) + " FROM stage_towns",
    )
    # An anti-join inside IN: on Citus, NOT EXISTS or NOT IN on a temporary table cannot change a reference table.
    stale = (
        "DELETE FROM towns WHERE town_code IN (SELECT t.town_code FROM towns t LEFT JOIN stage_towns s "
        "ON s.town_code = t.town_code WHERE s.town_code IS NULL)"
    )
    return changed + connection.execute(text(stale)).rowcount


def write_subdistrict_aliases(connection: Connection, aliases: pd.DataFrame) -> int:
    """Replace the block aliases (``alias_norm, subdistrict_code, alias, source``) with these, upserting on
    (alias_norm, subdistrict_code) so that an unchanged load changes nothing."""
    cols = {"alias_norm": "text", "subdistrict_code": "text", "alias": "text", "source": "text"}
    _stage(connection, "stage_subdistrict_aliases", cols, aliases)
    names = list(cols)
    changed = upsert(
        connection,
        target="subdistrict_aliases",
        columns=names,
        conflict=["alias_norm", "subdistrict_code"],
        update=["alias", "source"],
        select_sql="SELECT DISTINCT ON (alias_norm, subdistrict_code) "
        + ", ".join(names)
        + " FROM stage_subdistrict_aliases ORDER BY alias_norm, subdistrict_code, source, alias",
    )
    stale = (
        "DELETE FROM subdistrict_aliases WHERE (alias_norm, subdistrict_code) IN (SELECT a.alias_norm, "
        "a.subdistrict_code FROM subdistrict_aliases a LEFT JOIN stage_subdistrict_aliases s "
        "ON s.alias_norm = a.alias_norm AND s.subdistrict_code = a.subdistrict_code WHERE s.alias_norm IS NULL)"
    )
    return changed + connection.execute(text(stale)).rowcount


def remove_stale_gazetteer(connection: Connection, sources: Sequence[str], keep_refs: Sequence[str]) -> int:
    """Delete gazetteer rows of these sources that the current load no longer has."""
    create_staging(connection, "stage_keep_refs", {"source_ref": "text"})
    copy_rows(connection, "stage_keep_refs", ["source_ref"], ((r,) for r in keep_refs))
    sql = text(
        "DELETE FROM gazetteer WHERE gazetteer_id IN (SELECT g.gazetteer_id FROM gazetteer g "
        "LEFT JOIN stage_keep_refs k ON k.source_ref = g.source_ref WHERE g.source = ANY(:sources) "
        "AND k.source_ref IS NULL)"
    )
    return connection.execute(sql, {"sources": list(sources)}).rowcount


def reference_counts(connection: Connection) -> dict[str, int]:
    """Row counts of the reference tables, for summaries and checks."""
    sql = text(
        "SELECT (SELECT count(*) FROM states) AS states, (SELECT count(*) FROM districts) AS districts, "
        "(SELECT count(*) FROM subdistricts) AS subdistricts, (SELECT count(*) FROM villages) AS villages, "
        "(SELECT count(*) FROM gazetteer) AS gazetteer, "
        "(SELECT count(*) FROM gazetteer WHERE kind = 'post_office') AS post_offices, "
        "(SELECT count(*) FROM gazetteer WHERE kind = 'post_office' AND quality = 'repaired_swap') AS repaired_swaps, "
        "(SELECT count(*) FROM districts WHERE geom IS NULL) AS admin_only_districts, "
        "(SELECT count(*) FROM subdistricts WHERE point IS NOT NULL) AS subdistrict_points, "
        "(SELECT count(*) FROM towns) AS towns, (SELECT count(*) FROM subdistrict_aliases) AS subdistrict_aliases"
    )
    row = connection.execute(sql).mappings().one()
    return {k: int(v) for k, v in row.items()}


def reference_batch_done(connection: Connection, fingerprint: str) -> bool:
    sql = text("SELECT 1 FROM load_batches WHERE kind = 'reference' AND file_sha256 = :f AND status = 'done'")
    return connection.execute(sql, {"f": fingerprint}).first() is not None


def record_reference_batch(connection: Connection, fingerprint: str, file_name: str, rows: int) -> None:
    sql = text(
        "INSERT INTO load_batches (kind, file_name, file_sha256, status, finished_at, rows_total, rows_loaded) "
        "VALUES ('reference', :name, :f, 'done', now(), :rows, :rows) "
        "ON CONFLICT (kind, file_sha256) DO UPDATE SET finished_at = EXCLUDED.finished_at, status = 'done'"
    )
    connection.execute(sql, {"name": file_name, "f": fingerprint, "rows": rows})


def district_points(connection: Connection) -> gpd.GeoDataFrame:
    """``district_id, name_en, name_hi, hq_name, lgd_code, point`` of every district."""
    sql = f"SELECT district_id, name_en, {OFFICIAL_HINDI} AS name_hi, hq_name, lgd_code, point FROM districts"
    return gpd.read_postgis(text(sql), connection, geom_col="point")
