"""The schema on Citus after ``alembic upgrade head`` (migration b2d3f4a5c6e7) is laid out as docs/SCALING.md designs
it: the person tables distributed and co-located on ``worker_id``, the identity tables distributed by their own key,
the small tables reference tables on every node, every foreign key of the person tables in place. Skipped on the
single node, where the same migration leaves plain tables.
"""

from __future__ import annotations

import pytest
from sqlalchemy import Connection, text

from atlas.queries.rollup_sql import FLOW_ROLLUP
from atlas.queries.rollups import rebuild
from tests.conftest import on_citus

PERSON_TABLES = {
    "workers", "worker_skills", "worker_locations", "worker_corrections", "call_attempts", "call_claims",
    "complaints", "complaint_events", "complaint_notifications", "camp_registrations",
}  # fmt: skip
IDENTITY_TABLES = {"worker_identities": "natural_key", "complaint_refs": "external_ref"}
REFERENCE_TABLES = {
    "states", "districts", "district_aliases", "subdistricts", "subdistrict_aliases", "towns", "villages",
    "gazetteer", "occupations", "roles", "users", "load_batches", "registration_camps", "worker_names",
    "rejected_rows", "geocode_reviews", "audit_log", "pending_ddl", "alert_acknowledgements",
}  # fmt: skip
_PLACEMENT = (
    "SELECT logicalrelid::regclass::text AS name, partmethod, column_to_column_name(logicalrelid, partkey) AS key, "
    "colocationid FROM pg_dist_partition"
)


@pytest.fixture()
def citus(db: Connection) -> Connection:
    if not on_citus(db):
        pytest.skip("not a Citus database (run `make test-citus`)")
    return db


def test_person_tables_are_co_located_on_worker_id_and_the_small_tables_are_on_every_node(citus: Connection) -> None:
    rows = citus.execute(text(_PLACEMENT)).all()
    person = [row for row in rows if row.name in PERSON_TABLES]
    assert {row.name for row in person} == PERSON_TABLES
    assert {(row.partmethod, row.key) for row in person} == {("h", "worker_id")}
    assert len({row.colocationid for row in person}) == 1
    assert {row.name for row in rows if row.partmethod == "n"} == REFERENCE_TABLES
    nodes = citus.execute(text("SELECT count(*) FROM pg_dist_node")).scalar_one()
    copies = citus.execute(
        text("SELECT count(DISTINCT nodename) FROM citus_shards WHERE table_name = 'districts'::regclass")
    ).scalar_one()
    assert copies == nodes


def test_identities_are_distributed_by_their_own_key_apart_from_the_people(citus: Connection) -> None:
    rows = {row.name: row for row in citus.execute(text(_PLACEMENT)).all()}
    assert {name: (rows[name].partmethod, rows[name].key) for name in IDENTITY_TABLES} == {
        name: ("h", key) for name, key in IDENTITY_TABLES.items()
    }
    assert rows["worker_identities"].colocationid != rows["workers"].colocationid
    unique_without_worker_id = citus.execute(
        text("SELECT count(*) FROM pg_index i JOIN pg_class c ON c.oid = i.indexrelid WHERE i.indisunique "
             "AND i.indrelid = ANY (CAST(:tables AS regclass[])) AND c.relname LIKE 'uq_%' "
             "AND NOT EXISTS (SELECT FROM pg_attribute a WHERE a.attrelid = i.indrelid "
             "AND a.attnum = ANY (i.indkey) AND a.attname = 'worker_id')"),
        {"tables": sorted(PERSON_TABLES)},
    ).scalar_one()  # fmt: skip
    assert unique_without_worker_id == 0


def test_the_person_tables_keep_their_foreign_keys(citus: Connection) -> None:
    keys = citus.execute(
        text("SELECT conrelid::regclass::text AS owner, confrelid::regclass::text AS target FROM pg_constraint "
             "WHERE contype = 'f' AND conrelid = ANY (CAST(:tables AS regclass[]))"),
        {"tables": sorted(PERSON_TABLES)},
    ).all()  # fmt: skip
    pairs = {(row.owner, row.target) for row in keys}
    assert {("complaint_events", "complaints"), ("worker_locations", "workers"), ("workers", "districts")} <= pairs
    assert len(keys) > 10


def test_a_person_joins_the_admin_hierarchy_across_the_nodes(citus: Connection) -> None:
    district = citus.execute(
        text("SELECT district_id, ST_PointOnSurface(geom) AS point FROM districts WHERE state_code = '10' LIMIT 1")
    ).one()
    citus.execute(
        text("INSERT INTO workers (natural_key, name, name_norm, source, home_state_code, home_district_id, "
             "home_point) SELECT 'test:' || g, 'Ram', 'ram', 'survey', '10', :d, :p FROM generate_series(1, 7) g"),
        {"d": district.district_id, "p": district.point},
    )  # fmt: skip
    in_their_district = citus.execute(
        text("SELECT count(*) FROM workers w JOIN districts d ON ST_Contains(d.geom, w.home_point) "
             "WHERE w.natural_key LIKE 'test:%' AND d.district_id = w.home_district_id")
    ).scalar_one()  # fmt: skip
    assert in_their_district == 7
    rebuild(citus, FLOW_ROLLUP)  # the rollups are coordinator tables, rebuilt by the compaction's query
    counted = citus.execute(
        text("SELECT sum(workers) FROM worker_flow_rollup WHERE home_district_id = :d"), {"d": district.district_id}
    ).scalar_one()
    assert counted == 7
