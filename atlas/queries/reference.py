"""Reads and writes of the reference geography: states, districts, blocks, villages, gazetteer."""

from __future__ import annotations

from collections.abc import Iterable, Sequence

import geopandas as gpd
import pandas as pd
import shapely
from sqlalchemy import Connection, text

from atlas.bulk import copy_rows, create_staging, upsert

SRID = 4326


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
    if pd.isna(value):  # type: ignore[call-overload]
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


def write_districts(connection: Connection, districts: gpd.GeoDataFrame) -> int:
    frame = _with_ewkb(districts, ["geom", "point"])
    cols = {
        "state_code": "text",
        "census_code": "text",
        "lgd_code": "integer",
        "name_en": "text",
        "name_hi": "text",
        "name_norm": "text",
        "created_year": "text",
        "hq_name": "text",
        "geom": "geometry",
        "point": "geometry",
    }
    _stage(connection, "stage_districts", cols, frame)
    names = list(cols)
    return upsert(
        connection,
        target="districts",
        columns=names,
        conflict="ON CONSTRAINT uq_districts_state_code_census_code_name_norm",
        update=[c for c in names if c not in ("state_code", "census_code", "name_norm")],
        select_sql="SELECT state_code, census_code, lgd_code, name_en, name_hi, name_norm, created_year, hq_name, "
        "ST_Multi(geom), point FROM stage_districts",
    )


def district_keys(connection: Connection) -> pd.DataFrame:
    """``district_id, state_code, census_code, name_norm, created_year`` of every district."""
    sql = "SELECT district_id, state_code, census_code, name_norm, created_year FROM districts ORDER BY district_id"
    return pd.read_sql(text(sql), connection)


def district_areas(connection: Connection, state_codes: Sequence[str] | None = None) -> gpd.GeoDataFrame:
    """District polygons (``district_id, state_code, geometry``), optionally for some states."""
    sql = "SELECT district_id, state_code, geom AS geometry FROM districts WHERE geom IS NOT NULL"
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
        "name_en": "text",
        "name_hi": "text",
        "name_norm": "text",
        "geom": "geometry",
        "geom_is_approximate": "boolean",
        "point": "geometry",
    }
    _stage(connection, "stage_subdistricts", cols, frame)
    names = list(cols)
    return upsert(
        connection,
        target="subdistricts",
        columns=names,
        conflict=["subdistrict_code"],
        update=names[1:],
        select_sql="SELECT subdistrict_code, state_code, district_id, district_code_2011, name_en, name_hi, "
        "name_norm, ST_Multi(geom), geom_is_approximate, point FROM stage_subdistricts",
    )


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


def remove_stale_gazetteer(connection: Connection, sources: Sequence[str], keep_refs: Sequence[str]) -> int:
    """Delete gazetteer rows of these sources that the current load no longer has."""
    create_staging(connection, "stage_keep_refs", {"source_ref": "text"})
    copy_rows(connection, "stage_keep_refs", ["source_ref"], ((r,) for r in keep_refs))
    sql = text(
        "DELETE FROM gazetteer g WHERE g.source = ANY(:sources) "
        "AND NOT EXISTS (SELECT 1 FROM stage_keep_refs k WHERE k.source_ref = g.source_ref)"
    )
    return connection.execute(sql, {"sources": list(sources)}).rowcount


def reference_counts(connection: Connection) -> dict[str, int]:
    """Row counts of the reference tables, for summaries and checks."""
    sql = text(
        "SELECT (SELECT count(*) FROM states) AS states, (SELECT count(*) FROM districts) AS districts, "
        "(SELECT count(*) FROM subdistricts) AS subdistricts, (SELECT count(*) FROM villages) AS villages, "
        "(SELECT count(*) FROM gazetteer) AS gazetteer, "
        "(SELECT count(*) FROM gazetteer WHERE kind = 'post_office') AS post_offices, "
        "(SELECT count(*) FROM gazetteer WHERE kind = 'post_office' AND quality = 'repaired_swap') AS repaired_swaps"
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
        "ON CONFLICT (kind, file_sha256) DO UPDATE SET finished_at = now(), status = 'done'"
    )
    connection.execute(sql, {"name": file_name, "f": fingerprint, "rows": rows})


def district_points(connection: Connection) -> gpd.GeoDataFrame:
    """``district_id, name_en, name_hi, hq_name, point`` of every district."""
    sql = "SELECT district_id, name_en, name_hi, hq_name, point FROM districts"
    return gpd.read_postgis(text(sql), connection, geom_col="point")
