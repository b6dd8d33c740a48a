"""Set-based writes of people data: workers, skills, locations, calls, complaints, camp registrations.

Every function works on staging tables filled by COPY (see ``loading.stage_frame``) and runs a
few statements over the whole batch; nothing is written row by row. All of them run inside the
caller's transaction, so a batch is written whole or not at all.
"""

from __future__ import annotations

from collections.abc import Iterator
from contextlib import contextmanager, nullcontext

import numpy as np
import pandas as pd
from sqlalchemy import Connection, text

from atlas.queries.bulk import rebuilt_indexes
from atlas.queries.complaints import sync_routing
from atlas.queries.loading import stage_frame
from atlas.queries.points import point_or_null
from atlas.settings import settings

# The tables a load of people writes; a bulk load locks them all (the identities, so that no worker is claimed
# between its lookup and its write).
PERSON_TABLES = ("workers", "worker_locations", "worker_skills", "worker_identities")

WORKER_STAGE = {
    "natural_key": "text", "uan": "text", "name": "text", "name_norm": "text", "father_name": "text",
    "gender": "text", "birth_year": "smallint", "phone": "text", "phone_alt": "text", "home_address_raw": "text",
    "home_lon": "float8", "home_lat": "float8", "home_state_code": "text", "home_district_id": "integer",
    "home_block_code": "text", "home_village_code": "text", "home_precision": "text", "home_confidence": "float8",
    "source": "text", "is_synthetic": "boolean", "gig_platform_type": "text",
}  # fmt: skip
LOCATION_STAGE = {
    "natural_key": "text", "observed_at": "timestamptz", "source": "text", "raw_address": "text", "employer": "text",
    "sector": "text", "lon": "float8", "lat": "float8", "state_code": "text", "district_id": "integer",
    "block_code": "text", "precision": "text", "confidence": "float8",
}  # fmt: skip
# A worker's latest location in the file (``latest``) becomes the current place of a new worker.
PEOPLE_LOCATION_STAGE = {**LOCATION_STAGE, "latest": "boolean"}
_HOME_POINT = point_or_null("s.home_lon", "s.home_lat")

# The stored workers a staging table's rows (``natural_key, uan, phone, name_norm``) may name, each found by one
# key in one statement that reads one table: the identities their natural keys and UANs (``uan:<UAN>``) claim,
# and the workers with their phone and name. On Citus each of these is a query of one distributed table filtered
# by the batch's values; the matching itself then joins local tables only.
_IDENTITY_HITS = """
CREATE TEMPORARY TABLE stage_identity_hits ON COMMIT DROP AS
SELECT natural_key, worker_id FROM worker_identities
WHERE natural_key IN (SELECT natural_key FROM {stage} UNION ALL SELECT 'uan:' || uan FROM {stage} WHERE uan IS NOT NULL)
"""
_PHONE_NAME_HITS = """
CREATE TEMPORARY TABLE stage_phone_name_hits ON COMMIT DROP AS
SELECT phone, name_norm, worker_id, uan FROM workers
WHERE (phone, name_norm) IN (SELECT phone, name_norm FROM {stage} WHERE phone IS NOT NULL)
"""
# One existing worker for each staged row (alias ``s``): the same UAN; else the same phone and name (a second
# source describing the same person), unless the UANs disagree; else the same natural key.
_MATCHED = """
WITH by_phone_name AS (
    SELECT DISTINCT ON (phone, name_norm) phone, name_norm, worker_id, uan FROM stage_phone_name_hits
    ORDER BY phone, name_norm, worker_id
), matched AS (
    SELECT s.*, coalesce(u.worker_id, p.worker_id, k.worker_id) AS matched_id
    FROM {stage} s
    LEFT JOIN stage_identity_hits u ON s.uan IS NOT NULL AND u.natural_key = 'uan:' || s.uan
    LEFT JOIN by_phone_name p ON p.phone = s.phone AND p.name_norm = s.name_norm AND (s.uan IS NULL OR p.uan IS NULL)
    LEFT JOIN stage_identity_hits k ON k.natural_key = s.natural_key
)
"""


def _find_matches(connection: Connection, stage: str) -> None:
    """``stage_identity_hits`` and ``stage_phone_name_hits`` for the rows of ``stage`` (a literal name), which
    ``_MATCHED`` reads."""
    for hits in ("stage_identity_hits", "stage_phone_name_hits"):
        connection.execute(text(f"DROP TABLE IF EXISTS pg_temp.{hits}"))  # literal names
    connection.execute(text(_IDENTITY_HITS.format(stage=stage)))
    connection.execute(text(_PHONE_NAME_HITS.format(stage=stage)))


# Rows matching nobody take a new id from the workers' own sequence here, so the location rows and the worker's
# current place can be written with it in one pass, never updating a row just inserted; in the file's order (the
# matching joins temporary tables by hash, which would hand the ids out in any order).
_MATCH_WORKERS = (
    "CREATE TEMPORARY TABLE stage_workers ON COMMIT DROP AS "
    + _MATCHED.format(stage="stage_people")
    + """
SELECT m.*, coalesce(m.matched_id, nextval(CAST(:worker_seq AS regclass))) AS worker_id, m.matched_id IS NULL AS is_new
FROM (SELECT * FROM matched ORDER BY row_number) m
"""
)

# The identities of the batch: each new worker's natural key and UAN, and the UAN of a known worker that had none.
# Whoever claimed a key first keeps it: a session that loses a claim merges its row into the winner.
_CLAIM_IDENTITIES = """
INSERT INTO worker_identities (natural_key, worker_id)
SELECT natural_key, worker_id FROM stage_workers WHERE is_new
UNION
SELECT 'uan:' || uan, worker_id FROM stage_workers WHERE uan IS NOT NULL
ON CONFLICT DO NOTHING
"""
_CLAIMS_HELD = """
CREATE TEMPORARY TABLE stage_claims ON COMMIT DROP AS
SELECT natural_key, worker_id FROM worker_identities
WHERE natural_key IN (SELECT natural_key FROM stage_workers UNION ALL
                      SELECT 'uan:' || uan FROM stage_workers WHERE uan IS NOT NULL)
"""
# A new row whose UAN or natural key another session claimed meanwhile: it is that worker.
_REMATCH_LOST_CLAIMS = """
UPDATE stage_workers s SET worker_id = coalesce(u.worker_id, k.worker_id), is_new = false
FROM stage_workers x
LEFT JOIN stage_claims u ON x.uan IS NOT NULL AND u.natural_key = 'uan:' || x.uan
LEFT JOIN stage_claims k ON k.natural_key = x.natural_key
WHERE s.natural_key = x.natural_key AND s.is_new AND coalesce(u.worker_id, k.worker_id) <> s.worker_id
RETURNING s.natural_key, s.uan, x.worker_id AS lost_id, s.worker_id
"""
# The claims a lost row did win (its natural key, when only its UAN was taken) follow it to the winner.
_MOVE_WON_CLAIM = "UPDATE worker_identities SET worker_id = :worker WHERE natural_key = :key AND worker_id = :lost"

# Location rows with their ids, and the place codes checked against the reference tables so that
# one odd code cannot abort the whole batch on a foreign key.
_STAGE_LOCATION_IDS = f"""
CREATE TEMPORARY TABLE stage_location_rows ON COMMIT DROP AS
SELECT nextval(CAST(:location_seq AS regclass)) AS location_id, s.worker_id, s.natural_key, s.is_new, l.latest,
    l.observed_at,
    l.source, l.raw_address, l.employer, l.sector,
    {point_or_null("l.lon", "l.lat")} AS point,
    st.state_code, d.district_id, l.block_code, l.precision, l.confidence
FROM stage_locations l JOIN stage_workers s USING (natural_key)
LEFT JOIN states st ON st.state_code = l.state_code LEFT JOIN districts d ON d.district_id = l.district_id
"""

_INSERT_WORKERS = f"""
INSERT INTO workers (worker_id, natural_key, uan, name, name_norm, father_name, gender, birth_year, phone, phone_alt,
    home_address_raw, home_point, home_state_code, home_district_id, home_block_code, home_village_code,
    home_precision, home_confidence, current_location_id, current_state_code, current_district_id,
    current_observed_at, source, gig_platform_type, is_synthetic, first_batch_id)
SELECT s.worker_id, s.natural_key, s.uan, s.name, s.name_norm, s.father_name, s.gender, s.birth_year, s.phone,
    s.phone_alt, s.home_address_raw, {_HOME_POINT}, st.state_code, d.district_id, b.subdistrict_code, v.village_code,
    s.home_precision, s.home_confidence, c.location_id, c.state_code, c.district_id, c.observed_at, s.source,
    s.gig_platform_type, s.is_synthetic, :batch
FROM stage_workers s
LEFT JOIN stage_location_rows c ON c.worker_id = s.worker_id AND c.is_new AND c.latest
LEFT JOIN states st ON st.state_code = s.home_state_code
LEFT JOIN districts d ON d.district_id = s.home_district_id
LEFT JOIN subdistricts b ON b.subdistrict_code = s.home_block_code
LEFT JOIN villages v ON v.village_code = s.home_village_code
WHERE s.is_new
"""

# Later sources fill gaps and correct fields; the home place changes only for a better geocode.
_UPDATE_WORKERS = f"""
WITH s AS (
    SELECT DISTINCT ON (w.worker_id) w.*, c.worker_id IS NOT DISTINCT FROM w.worker_id AS holds_uan
    FROM stage_workers w LEFT JOIN stage_claims c ON c.natural_key = 'uan:' || w.uan WHERE NOT w.is_new
    ORDER BY w.worker_id, w.row_number DESC
), better AS (
    SELECT s.*, (s.home_confidence > coalesce(w.home_confidence, -1)) AS better_home
    FROM s JOIN workers w USING (worker_id)
), new AS (
    SELECT b.worker_id,
        coalesce(w.uan, CASE WHEN b.holds_uan THEN b.uan END) AS uan, coalesce(b.name, w.name) AS name,
        coalesce(b.name_norm, w.name_norm) AS name_norm,
        coalesce(b.father_name, w.father_name) AS father_name, coalesce(b.gender, w.gender) AS gender,
        coalesce(b.birth_year, w.birth_year) AS birth_year, coalesce(b.phone, w.phone) AS phone,
        coalesce(b.phone_alt, w.phone_alt) AS phone_alt,
        coalesce(b.gig_platform_type, w.gig_platform_type) AS gig_platform_type,
        CASE WHEN b.better_home THEN b.home_address_raw ELSE w.home_address_raw END AS home_address_raw,
        CASE WHEN b.better_home THEN {_HOME_POINT.replace("s.", "b.")} ELSE w.home_point END AS home_point,
        CASE WHEN b.better_home THEN st.state_code ELSE w.home_state_code END AS home_state_code,
        CASE WHEN b.better_home THEN d.district_id ELSE w.home_district_id END AS home_district_id,
        CASE WHEN b.better_home THEN sd.subdistrict_code ELSE w.home_block_code END AS home_block_code,
        CASE WHEN b.better_home THEN v.village_code ELSE w.home_village_code END AS home_village_code,
        CASE WHEN b.better_home THEN b.home_precision ELSE w.home_precision END AS home_precision,
        CASE WHEN b.better_home THEN b.home_confidence ELSE w.home_confidence END AS home_confidence
    FROM better b JOIN workers w USING (worker_id)
    LEFT JOIN states st ON st.state_code = b.home_state_code
    LEFT JOIN districts d ON d.district_id = b.home_district_id
    LEFT JOIN subdistricts sd ON sd.subdistrict_code = b.home_block_code
    LEFT JOIN villages v ON v.village_code = b.home_village_code
)
UPDATE workers w SET uan = n.uan, name = n.name, name_norm = n.name_norm, father_name = n.father_name,
    gender = n.gender, birth_year = n.birth_year, phone = n.phone, phone_alt = n.phone_alt,
    gig_platform_type = n.gig_platform_type,
    home_address_raw = n.home_address_raw, home_point = n.home_point, home_state_code = n.home_state_code,
    home_district_id = n.home_district_id, home_block_code = n.home_block_code,
    home_village_code = n.home_village_code, home_precision = n.home_precision,
    home_confidence = n.home_confidence, updated_at = now()
FROM new n
WHERE w.worker_id = n.worker_id AND (w.uan, w.name, w.name_norm, w.father_name, w.gender, w.birth_year, w.phone,
    w.phone_alt, w.gig_platform_type, w.home_address_raw, w.home_state_code, w.home_district_id, w.home_block_code,
    w.home_village_code, w.home_precision, w.home_confidence)
    IS DISTINCT FROM (n.uan, n.name, n.name_norm, n.father_name, n.gender, n.birth_year, n.phone, n.phone_alt,
    n.gig_platform_type, n.home_address_raw, n.home_state_code, n.home_district_id, n.home_block_code,
    n.home_village_code, n.home_precision, n.home_confidence)
"""


def _add_names(connection: Connection, stage: str) -> None:
    """Add the names of a staging table (a literal name) to the dictionary fuzzy name search reads."""
    connection.execute(text(f"INSERT INTO worker_names SELECT DISTINCT name_norm FROM {stage} "
                            "WHERE name_norm IS NOT NULL ON CONFLICT DO NOTHING"))  # fmt: skip


_INSERT_LOCATIONS = """
INSERT INTO worker_locations (location_id, worker_id, observed_at, source, raw_address, employer, sector, point,
    state_code, district_id, block_code, precision, confidence, batch_id, recorded_by, home_state_code,
    home_district_id)
SELECT l.location_id, l.worker_id, l.observed_at, l.source, l.raw_address, l.employer, l.sector, l.point, l.state_code,
    l.district_id, l.block_code, l.precision, l.confidence, :batch, :user, w.home_state_code, w.home_district_id
FROM stage_location_rows l JOIN workers w ON w.worker_id = l.worker_id
ON CONFLICT (worker_id, observed_at, source) DO NOTHING
"""


# Live workers as the statistics system counts them: cheap at any size, and, unlike pg_class.reltuples
# (which an index build in a rolled-back load leaves behind), it does not count rolled-back rows.
_WORKERS_ESTIMATE = "SELECT coalesce((SELECT n_live_tup FROM pg_stat_user_tables WHERE relid = 'workers'::regclass), 0)"


def is_bulk(connection: Connection, rows: int) -> bool:
    """Whether a batch of ``rows`` workers is written in bulk (see ``person_tables_for``)."""
    stored: int = connection.execute(text(_WORKERS_ESTIMATE)).scalar_one()
    return rows >= max(settings.bulk_rebuild_min_rows, settings.bulk_rebuild_min_share * stored)


@contextmanager
def person_tables_for(connection: Connection, rows: int, *, bulk: bool | None = None) -> Iterator[bool]:
    """Write a batch of ``rows`` workers; yields whether it is written in bulk (``bulk``, if already decided).

    A batch of at least a quarter of the workers table (``settings.bulk_rebuild_min_share``; an initial
    load of a state, say) is written in bulk: the person tables' indexes and foreign keys are rebuilt once
    afterwards (``atlas.queries.bulk.rebuilt_indexes``) and new workers are copied straight in
    (``atlas.ingest.new_people``).
    A smaller batch updates the indexes row by row and leaves the tables readable throughout.
    """
    big = is_bulk(connection, rows) if bulk is None else bulk
    with rebuilt_indexes(connection, PERSON_TABLES) if big else nullcontext():
        yield big


# The rows of a batch that describe a worker already in the table, by the rules of _MATCHED.
_KNOWN_KEYS = (
    _MATCHED.format(stage="stage_people_keys") + "SELECT natural_key FROM matched WHERE matched_id IS NOT NULL"
)
_KEY_STAGE = {"natural_key": "text", "uan": "text", "phone": "text", "name_norm": "text"}


def known_workers(connection: Connection, workers: pd.DataFrame) -> set[str]:
    """Natural keys of the staged workers (``WORKER_STAGE`` columns) that match a worker already stored.

    Also adds every name of the batch to the name dictionary.
    """
    stage_frame(connection, "stage_people_keys", _KEY_STAGE, workers)
    _add_names(connection, "stage_people_keys")
    _find_matches(connection, "stage_people_keys")
    return set(connection.execute(text(_KNOWN_KEYS)).scalars())


def reference_codes(connection: Connection) -> dict[str, set[object]]:
    """The codes each reference table holds (``states``, ``districts``, ``blocks``, ``villages``, ``occupations``)."""
    queries = {"states": "SELECT state_code FROM states", "districts": "SELECT district_id FROM districts",
               "blocks": "SELECT subdistrict_code FROM subdistricts", "villages": "SELECT village_code FROM villages",
               "occupations": "SELECT nco_code FROM occupations"}  # fmt: skip
    return {name: set(connection.execute(text(sql)).scalars()) for name, sql in queries.items()}


def reserve_ids(connection: Connection, table: str, column: str, count: int) -> np.ndarray:
    """``count`` new values of the column's identity sequence: the values ``count`` ``nextval`` calls would take.

    Only under the bulk path's exclusive lock on ``table``, so no other session draws from the sequence
    meanwhile: the range is claimed with one ``nextval`` and one ``setval`` instead of a row per value.
    """
    sequence = _sequence(connection, table, column)
    first = int(connection.execute(text("SELECT nextval(CAST(:seq AS regclass))"), {"seq": sequence}).scalar_one())
    if count > 1:
        last = first + count - 1
        connection.execute(text("SELECT setval(CAST(:seq AS regclass), :last)"), {"seq": sequence, "last": last})
    return np.arange(first, first + count, dtype=np.int64)


def _sequence(connection: Connection, table: str, column: str) -> str:
    sql = text("SELECT pg_get_serial_sequence(:table, :column)")
    return str(connection.execute(sql, {"table": table, "column": column}).scalar_one())


def write_people(
    connection: Connection, workers: pd.DataFrame, locations: pd.DataFrame, *, batch_id: int, user_id: int | None
) -> tuple[int, int]:
    """Insert new workers with their current place, merge known ones, add their locations; ``(inserted, updated)``.

    ``workers`` has the ``WORKER_STAGE`` columns plus ``row_number``, one row per natural key;
    ``locations`` the ``PEOPLE_LOCATION_STAGE`` columns. Every row of every table is written once:
    a new worker's current place is set in its insert. Leaves ``stage_workers`` (natural key -> id).
    """
    stage_frame(connection, "stage_people", {"row_number": "integer", **WORKER_STAGE}, workers)
    stage_frame(connection, "stage_locations", PEOPLE_LOCATION_STAGE, locations)
    for name in ("stage_workers", "stage_location_rows"):
        connection.execute(text(f"DROP TABLE IF EXISTS pg_temp.{name}"))  # literal names
    _find_matches(connection, "stage_people")
    connection.execute(text(_MATCH_WORKERS), {"worker_seq": _sequence(connection, "workers", "worker_id")})
    _claim_identities(connection)
    connection.execute(text("ANALYZE stage_workers"))
    location_seq = _sequence(connection, "worker_locations", "location_id")
    connection.execute(text(_STAGE_LOCATION_IDS), {"location_seq": location_seq})
    connection.execute(text("ANALYZE stage_location_rows"))
    inserted = connection.execute(text(_INSERT_WORKERS), {"batch": batch_id}).rowcount
    updated = connection.execute(text(_UPDATE_WORKERS)).rowcount
    if updated:
        follow_homes(connection, "SELECT worker_id FROM stage_workers WHERE NOT is_new")
    connection.execute(text(_INSERT_LOCATIONS), {"batch": batch_id, "user": user_id})
    _add_names(connection, "stage_workers")
    return inserted, updated


def _claim_identities(connection: Connection) -> None:
    """Claim the batch's natural keys and UANs in ``worker_identities`` and read back who holds them
    (``stage_claims``); a new row that lost a claim to another session becomes that session's worker."""
    connection.execute(text("DROP TABLE IF EXISTS pg_temp.stage_claims"))
    connection.execute(text(_CLAIM_IDENTITIES))
    connection.execute(text(_CLAIMS_HELD))
    lost = connection.execute(text(_REMATCH_LOST_CLAIMS)).mappings().all()
    moves = [{"key": key, "lost": row["lost_id"], "worker": row["worker_id"]} for row in lost
             for key in (row["natural_key"], f"uan:{row['uan']}" if row["uan"] else None) if key]  # fmt: skip
    if moves:
        connection.execute(text(_MOVE_WON_CLAIM), moves)


# Person tables whose rows carry their worker's home for row-level security (migration f1a2b3c4d5e6).
HOME_FOLLOWERS = ("worker_skills", "worker_locations", "call_attempts", "complaint_events", "camp_registrations",
                  "worker_corrections", "call_claims")  # fmt: skip


def follow_homes(connection: Connection, worker_ids_sql: str) -> None:
    """The home on every row of the workers that ``worker_ids_sql`` (a literal query) names, after their home
    changed: row-level security reads each row's own copy."""
    for table in HOME_FOLLOWERS:  # literal names
        connection.execute(text(
            f"UPDATE {table} t SET home_state_code = w.home_state_code, home_district_id = w.home_district_id "
            f"FROM workers w WHERE w.worker_id = t.worker_id AND w.worker_id IN ({worker_ids_sql}) "
            "AND (t.home_state_code, t.home_district_id) IS DISTINCT FROM (w.home_state_code, w.home_district_id)"
        ))  # fmt: skip


def insert_skills(connection: Connection, skills: pd.DataFrame, *, source: str) -> int:
    """Skills (``natural_key, nco_code``) of staged workers; a skill already held is kept once."""
    stage_frame(connection, "stage_skills", {"natural_key": "text", "nco_code": "text"}, skills)
    sql = text(
        "INSERT INTO worker_skills (worker_id, nco_code, source, home_state_code, home_district_id) "
        "SELECT DISTINCT s.worker_id, k.nco_code, CAST(:source AS text), w.home_state_code, w.home_district_id "
        "FROM stage_skills k JOIN stage_workers s USING (natural_key) JOIN workers w ON w.worker_id = s.worker_id "
        "JOIN occupations o ON o.nco_code = k.nco_code "
        "WHERE s.worker_id IS NOT NULL ON CONFLICT DO NOTHING"
    )
    return connection.execute(sql, {"source": source}).rowcount


def insert_locations(connection: Connection, locations: pd.DataFrame, *, batch_id: int, user_id: int | None) -> int:
    """Observations (``LOCATION_STAGE`` columns) of staged workers; history only grows."""
    stage_frame(connection, "stage_locations", LOCATION_STAGE, locations)
    sql = text(
        "INSERT INTO worker_locations (worker_id, observed_at, source, raw_address, employer, sector, point, "
        "state_code, district_id, block_code, precision, confidence, batch_id, recorded_by, home_state_code, "
        "home_district_id) SELECT s.worker_id, l.observed_at, l.source, l.raw_address, l.employer, l.sector, "
        f"{point_or_null('l.lon', 'l.lat')}, "
        "st.state_code, d.district_id, l.block_code, l.precision, l.confidence, :batch, :user, w.home_state_code, "
        "w.home_district_id FROM stage_locations l JOIN stage_workers s USING (natural_key) "
        "JOIN workers w ON w.worker_id = s.worker_id "
        "LEFT JOIN states st ON st.state_code = l.state_code LEFT JOIN districts d ON d.district_id = l.district_id "
        "WHERE s.worker_id IS NOT NULL ON CONFLICT (worker_id, observed_at, source) DO NOTHING"
    )
    return connection.execute(sql, {"batch": batch_id, "user": user_id}).rowcount


def refresh_current_locations(connection: Connection) -> int:
    """Point ``workers.current_*`` of every staged worker that existed before the batch at their latest location.

    Workers new in the batch got their current place when they were inserted. Returns workers moved.
    """
    sql = text(
        "UPDATE workers w SET current_location_id = l.location_id, current_state_code = l.state_code, "
        "current_district_id = l.district_id, current_observed_at = l.observed_at, updated_at = now() "
        "FROM (SELECT DISTINCT ON (worker_id) worker_id, location_id, state_code, district_id, observed_at "
        "      FROM worker_locations WHERE worker_id IN (SELECT worker_id FROM stage_workers WHERE NOT is_new) "
        "      ORDER BY worker_id, observed_at DESC, location_id DESC) l "
        "WHERE w.worker_id = l.worker_id AND w.current_location_id IS DISTINCT FROM l.location_id"
    )
    return connection.execute(sql).rowcount


def resolve_workers(connection: Connection, keys: pd.DataFrame) -> pd.DataFrame:
    """For rows naming a worker (``row_number, worker_ref, uan, phone``): ``row_number, worker_id, matches,
    writable``.

    The id wins over the UAN, the UAN over the phone. ``matches`` counts workers with that phone,
    so a phone shared by two workers is reported rather than guessed. ``writable``: whether the load may
    change that worker (``atlas_may_write``: always, unless the load is made for a user with a scope).
    """
    columns = {"row_number": "integer", "worker_ref": "text", "uan": "text", "phone": "text"}
    stage_frame(connection, "stage_keys", columns, keys)
    sql = text(
        "SELECT r.row_number, r.worker_id, r.matches, "
        "coalesce(atlas_may_write(w.home_state_code, w.home_district_id), true) AS writable "
        "FROM (SELECT k.row_number, coalesce(byid.worker_id, byuan.worker_id, byphone.worker_id) AS worker_id, "
        "CASE WHEN byid.worker_id IS NOT NULL OR byuan.worker_id IS NOT NULL THEN 1 "
        "     ELSE coalesce(byphone.matches, 0) END AS matches "
        "FROM stage_keys k "
        "LEFT JOIN workers byid ON k.worker_ref ~ '^[0-9]{1,18}$' AND byid.worker_id = CAST(k.worker_ref AS bigint) "
        "LEFT JOIN workers byuan ON byuan.uan = k.uan "
        "LEFT JOIN (SELECT phone, min(worker_id) AS worker_id, count(*) AS matches FROM workers "
        "           WHERE phone IN (SELECT phone FROM stage_keys) GROUP BY phone) byphone "
        "     ON byphone.phone = k.phone) r "
        "LEFT JOIN workers w ON w.worker_id = r.worker_id ORDER BY r.row_number"
    )
    return pd.read_sql(sql, connection)


# Staged rows whose worker, matched by the rules of _MATCHED, lives where this load may not write: the matches
# first, then the workers they name, so that the person table is read by its key alone.
_MATCHES_OF_SCOPE_KEYS = (
    "CREATE TEMPORARY TABLE stage_scope_matches ON COMMIT DROP AS "
    + _MATCHED.format(stage="stage_scope_keys")
    + "SELECT natural_key, matched_id FROM matched WHERE matched_id IS NOT NULL"
)
_MATCHED_OUTSIDE_SCOPE = """
SELECT m.natural_key FROM stage_scope_matches m
WHERE m.matched_id IN (SELECT worker_id FROM workers WHERE worker_id IN (SELECT matched_id FROM stage_scope_matches)
                       AND NOT atlas_may_write(home_state_code, home_district_id))
"""


def matched_outside_scope(connection: Connection, workers: pd.DataFrame) -> set[str]:
    """Natural keys of rows (``natural_key, uan, phone, name_norm``) that would change a stored worker whose
    home this load may not write (see ``access.set_upload_scope``)."""
    stage_frame(connection, "stage_scope_keys", _KEY_STAGE, workers)
    _find_matches(connection, "stage_scope_keys")
    connection.execute(text("DROP TABLE IF EXISTS pg_temp.stage_scope_matches"))
    connection.execute(text(_MATCHES_OF_SCOPE_KEYS))
    return set(connection.execute(text(_MATCHED_OUTSIDE_SCOPE)).scalars())


def writable_places(connection: Connection, places: pd.DataFrame) -> np.ndarray:
    """For each row of ``places`` (``state_code, district_id``), whether this load may write a person or camp
    there (``atlas_may_write``); unplaced rows are writable only when the load has no scope."""
    states = [s if isinstance(s, str) and s else None for s in places["state_code"]]
    districts = [None if pd.isna(d) else int(d) for d in places["district_id"]]
    sql = text(
        "SELECT atlas_may_write(p.s, p.d) FROM unnest(CAST(:states AS text[]), CAST(:districts AS integer[])) "
        "WITH ORDINALITY AS p(s, d, n) ORDER BY p.n"
    )
    flags = connection.execute(sql, {"states": states, "districts": districts}).scalars().all()
    return np.array(flags, dtype=bool)


def write_calls(connection: Connection, calls: pd.DataFrame, *, batch_id: int, user_id: int | None) -> int:
    """Call attempts (``worker_id, called_at, outcome, note``); a call already recorded is not added twice."""
    columns = {"worker_id": "bigint", "called_at": "timestamptz", "outcome": "text", "note": "text"}
    stage_frame(connection, "stage_calls", columns, calls)
    sql = text(
        "INSERT INTO call_attempts (worker_id, called_at, outcome, note, batch_id, agent_id, home_state_code, "
        "home_district_id) SELECT DISTINCT ON (c.worker_id, c.called_at) c.worker_id, c.called_at, c.outcome, c.note, "
        ":batch, :user, w.home_state_code, w.home_district_id FROM stage_calls c JOIN workers w USING (worker_id) "
        "ORDER BY c.worker_id, c.called_at ON CONFLICT (worker_id, called_at) DO NOTHING"
    )
    inserted = connection.execute(sql, {"batch": batch_id, "user": user_id}).rowcount
    connection.execute(
        text(
            "UPDATE workers w SET last_reached_at = r.at FROM (SELECT worker_id, max(called_at) AS at FROM stage_calls "
            "WHERE outcome = 'reached' GROUP BY worker_id) r "
            "WHERE w.worker_id = r.worker_id AND (w.last_reached_at IS NULL OR w.last_reached_at < r.at)"
        )
    )
    return inserted


def link_calls_to_locations(connection: Connection, *, batch_id: int) -> None:
    """A call that recorded a workplace points at the location row it created."""
    sql = text(
        "UPDATE call_attempts c SET location_id = l.location_id FROM worker_locations l "
        "WHERE c.batch_id = :batch AND l.worker_id = c.worker_id AND l.observed_at = c.called_at "
        "AND l.source = 'call_centre' AND c.location_id IS NULL"
    )
    connection.execute(sql, {"batch": batch_id})


def stage_known_workers(connection: Connection, worker_ids: pd.Series) -> None:
    """``stage_workers`` holding already-known workers, so location writes can address them by id."""
    frame = pd.DataFrame({"natural_key": worker_ids.astype(str), "worker_id": worker_ids.astype("int64"),
                          "is_new": False})  # fmt: skip
    columns = {"natural_key": "text", "worker_id": "bigint", "is_new": "boolean"}
    stage_frame(connection, "stage_workers", columns, frame.drop_duplicates())


def insert_camp_registrations(connection: Connection, *, batch_id: int) -> int:
    """Registrations staged in ``stage_camp_regs`` (by natural key) for workers in ``stage_workers``."""
    sql = text(
        "INSERT INTO camp_registrations (worker_id, camp_id, registered_on, mode, is_gig_worker, platform_type, "
        "batch_id, home_state_code, home_district_id) SELECT s.worker_id, r.camp_id, r.registered_on, r.mode, "
        "r.is_gig_worker, r.platform_type, :batch, w.home_state_code, w.home_district_id "
        "FROM stage_camp_regs r JOIN stage_workers s USING (natural_key) JOIN workers w ON w.worker_id = s.worker_id "
        "ON CONFLICT (worker_id, camp_id) DO NOTHING"
    )
    return connection.execute(sql, {"batch": batch_id}).rowcount


def upsert_camps(connection: Connection, camps: pd.DataFrame) -> tuple[int, int]:
    """Registration camps (``camp_id, drive, name, state_code, district_id, block_code, lon, lat, starts_on,
    ends_on, daily_target, is_synthetic``); ``(inserted, updated)``."""
    columns = {"camp_id": "text", "drive": "text", "name": "text", "state_code": "text", "district_id": "integer",
               "block_code": "text", "lon": "float8", "lat": "float8", "starts_on": "date", "ends_on": "date",
               "daily_target": "integer", "is_synthetic": "boolean"}  # fmt: skip
    stage_frame(connection, "stage_camps", columns, camps)
    sql = text(
        "INSERT INTO registration_camps (camp_id, drive, name, state_code, district_id, block_code, point, starts_on, "
        "ends_on, daily_target, is_synthetic) "
        "SELECT c.camp_id, c.drive, c.name, c.state_code, c.district_id, b.subdistrict_code, "
        f"{point_or_null('c.lon', 'c.lat')}, "
        "c.starts_on, c.ends_on, c.daily_target, c.is_synthetic FROM stage_camps c "
        "LEFT JOIN subdistricts b ON b.subdistrict_code = c.block_code "
        "ON CONFLICT (camp_id) DO UPDATE SET drive = EXCLUDED.drive, name = EXCLUDED.name, "
        "state_code = EXCLUDED.state_code, district_id = EXCLUDED.district_id, block_code = EXCLUDED.block_code, "
        "point = EXCLUDED.point, starts_on = EXCLUDED.starts_on, ends_on = EXCLUDED.ends_on, "
        "daily_target = EXCLUDED.daily_target "
        "WHERE (registration_camps.drive, registration_camps.name, registration_camps.district_id, "
        "registration_camps.block_code, registration_camps.starts_on, registration_camps.ends_on, "
        "registration_camps.daily_target) IS DISTINCT FROM (EXCLUDED.drive, EXCLUDED.name, EXCLUDED.district_id, "
        "EXCLUDED.block_code, EXCLUDED.starts_on, EXCLUDED.ends_on, EXCLUDED.daily_target) "
        "RETURNING (xmax = 0) AS inserted"
    )
    flags = connection.execute(sql).scalars().all()
    return sum(flags), len(flags) - sum(flags)


COMPLAINT_STAGE = {
    "external_ref": "text", "worker_id": "bigint", "category": "text", "channel": "text", "description": "text",
    "lon": "float8", "lat": "float8", "state_code": "text", "district_id": "integer", "block_code": "text",
    "department": "text", "status": "text", "is_emergency": "boolean", "lodged_at": "timestamptz",
    "routed_at": "timestamptz", "first_action_at": "timestamptz", "resolved_at": "timestamptz",
}  # fmt: skip


# Each staged complaint of a stored worker, with the id it gets if its ticket number is new.
_COMPLAINT_ROWS = """
CREATE TEMPORARY TABLE stage_complaint_rows ON COMMIT DROP AS
SELECT s.*, nextval(CAST(:complaint_seq AS regclass)) AS new_id FROM stage_complaints s
WHERE s.worker_id IN (SELECT worker_id FROM workers WHERE worker_id IN (SELECT worker_id FROM stage_complaints))
"""
# Ticket numbers are claimed first, as workers' identities are: whoever claims one first owns the complaint.
_CLAIM_REFS = """
INSERT INTO complaint_refs (external_ref, worker_id, complaint_id)
SELECT external_ref, worker_id, new_id FROM stage_complaint_rows WHERE external_ref IS NOT NULL
ON CONFLICT DO NOTHING
"""
_REFS_HELD = """
CREATE TEMPORARY TABLE stage_refs ON COMMIT DROP AS
SELECT external_ref, worker_id, complaint_id FROM complaint_refs
WHERE external_ref IN (SELECT external_ref FROM stage_complaint_rows)
"""
_INSERT_COMPLAINTS = f"""
INSERT INTO complaints (worker_id, complaint_id, external_ref, category, channel, description, point, state_code,
    district_id, block_code, home_state_code, home_district_id, home_block_code, department, status, is_emergency,
    lodged_at, route_due_at, first_action_due_at, resolve_due_at, routed_at, first_action_at, resolved_at, batch_id)
SELECT s.worker_id, s.new_id, s.external_ref, s.category, s.channel, s.description, {point_or_null("s.lon", "s.lat")},
    st.state_code, d.district_id, s.block_code, w.home_state_code, w.home_district_id, w.home_block_code,
    s.department, s.status, s.is_emergency, s.lodged_at, s.lodged_at + CAST(:route AS interval),
    CASE WHEN s.is_emergency THEN s.lodged_at + CAST(:first AS interval) END,
    s.lodged_at + CAST(:resolve AS interval), s.routed_at, s.first_action_at, s.resolved_at, :batch
FROM stage_complaint_rows s LEFT JOIN stage_refs r ON r.external_ref = s.external_ref
JOIN workers w ON w.worker_id = s.worker_id
LEFT JOIN states st ON st.state_code = s.state_code LEFT JOIN districts d ON d.district_id = s.district_id
WHERE s.external_ref IS NULL OR r.complaint_id = s.new_id
RETURNING worker_id, complaint_id, status, department, lodged_at, true AS inserted
"""
# A ticket already held: its complaint (whoever's it is) takes the import's status, department, times and text.
_UPDATE_COMPLAINTS = """
UPDATE complaints c SET status = s.status, department = s.department, routed_at = s.routed_at,
    first_action_at = s.first_action_at, resolved_at = s.resolved_at, description = s.description
FROM (SELECT r.worker_id, r.complaint_id, x.status, x.department, x.routed_at, x.first_action_at, x.resolved_at,
             x.description
      FROM stage_complaint_rows x JOIN stage_refs r ON r.external_ref = x.external_ref AND r.complaint_id <> x.new_id) s
WHERE c.worker_id = s.worker_id AND c.complaint_id = s.complaint_id
  AND (c.status, c.department, c.routed_at, c.first_action_at, c.resolved_at, c.description)
      IS DISTINCT FROM (s.status, s.department, s.routed_at, s.first_action_at, s.resolved_at, s.description)
RETURNING c.worker_id, c.complaint_id, c.status, c.department, c.lodged_at, false AS inserted
"""


def upsert_complaints(connection: Connection, complaints: pd.DataFrame, *, batch_id: int, deadlines: dict[str, str]
                      ) -> tuple[int, int]:  # fmt: skip
    """Complaints keyed by ticket number, with deadlines from ``lodged_at``; ``(inserted, updated)``.

    ``deadlines`` holds PostgreSQL intervals: ``route``, ``first_action`` (emergencies) and ``resolve``.
    A new complaint gets an ``imported`` event; a changed one an ``import_update`` event. The ticket numbers are
    claimed in ``complaint_refs`` before the complaints are written (unique across shards on Citus).
    """
    stage_frame(connection, "stage_complaints", COMPLAINT_STAGE, complaints)
    for name in ("stage_complaint_rows", "stage_refs"):
        connection.execute(text(f"DROP TABLE IF EXISTS pg_temp.{name}"))  # literal names
    sequence = _sequence(connection, "complaints", "complaint_id")
    connection.execute(text(_COMPLAINT_ROWS), {"complaint_seq": sequence})
    connection.execute(text(_CLAIM_REFS))
    connection.execute(text(_REFS_HELD))
    params = {"batch": batch_id, "route": deadlines["route"], "first": deadlines["first_action"],
              "resolve": deadlines["resolve"]}  # fmt: skip
    rows = [*connection.execute(text(_INSERT_COMPLAINTS), params).mappings().all(),
            *connection.execute(text(_UPDATE_COMPLAINTS)).mappings().all()]  # fmt: skip
    changed = pd.DataFrame(rows)
    if changed.empty:
        return 0, 0
    events = changed.assign(
        at=changed["lodged_at"].where(changed["inserted"], pd.Timestamp.now(tz="Asia/Kolkata")),
        action=changed["inserted"].map({True: "imported", False: "import_update"}),
    )
    columns = {"worker_id": "bigint", "complaint_id": "bigint", "at": "timestamptz", "action": "text",
               "status": "text", "department": "text"}  # fmt: skip
    stage_frame(connection, "stage_complaint_events", columns, events)
    connection.execute(
        text(
            "INSERT INTO complaint_events (worker_id, complaint_id, at, action, to_status, department, note, "
            "home_state_code, home_district_id) SELECT e.worker_id, e.complaint_id, e.at, e.action, e.status, "
            "e.department, 'from batch ' || :batch, w.home_state_code, w.home_district_id "
            "FROM stage_complaint_events e JOIN workers w USING (worker_id)"
        ),
        {"batch": str(batch_id)},
    )
    sync_routing(connection, changed["worker_id"].unique().tolist())
    inserted = int(changed["inserted"].sum())
    return inserted, len(changed) - inserted
