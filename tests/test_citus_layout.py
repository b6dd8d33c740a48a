"""The schema laid out on Citus as docs/SCALING.md designs it (scripts/citus/distribute.sql), in a transaction
that is rolled back: which tables become reference tables, which are distributed and co-located on
``worker_id``, and that the foreign keys, the rollups and a person policy still work on the distributed
tables. Skipped on the single node.
"""

from __future__ import annotations

from pathlib import Path

import pytest
from sqlalchemy import Connection, text

from atlas.queries.rollup_sql import FLOW_ROLLUP
from atlas.queries.rollups import rebuild

LAYOUT = Path(__file__).resolve().parent.parent / "scripts" / "citus" / "distribute.sql"
PERSON_TABLES = {
    "workers", "worker_skills", "worker_locations", "worker_corrections", "call_attempts", "call_claims",
    "complaints", "complaint_events", "complaint_notifications", "camp_registrations",
}  # fmt: skip
REFERENCE_TABLES = {
    "states", "districts", "district_aliases", "subdistricts", "subdistrict_aliases", "towns", "villages",
    "gazetteer", "occupations", "roles", "users", "load_batches", "registration_camps", "worker_names",
    "rejected_rows", "geocode_reviews", "audit_log", "pending_ddl", "alert_acknowledgements",
}  # fmt: skip
FOREIGN_KEYS = "SELECT count(*) FROM pg_constraint WHERE contype = 'f' AND conrelid = ANY (CAST(:tables AS regclass[]))"


def _statements(script: str) -> list[str]:
    """The script's statements: its paragraphs without their comment lines."""
    paragraphs = ("\n".join(line for line in p.splitlines() if not line.startswith("--")) for p in script.split("\n\n"))
    return [p.strip() for p in paragraphs if p.strip()]


@pytest.fixture()
def laid_out(db: Connection) -> Connection:
    if db.execute(text("SELECT count(*) FROM pg_extension WHERE extname = 'citus'")).scalar_one() == 0:
        pytest.skip("not a Citus database (run `make test-citus`)")
    keys_before = db.execute(text(FOREIGN_KEYS), {"tables": sorted(PERSON_TABLES)}).scalar_one()
    driver = db.connection.driver_connection  # the script's format() placeholders are not parameters
    assert driver is not None
    for statement in _statements(LAYOUT.read_text()):
        driver.execute(statement)
    assert db.execute(text(FOREIGN_KEYS), {"tables": sorted(PERSON_TABLES)}).scalar_one() == keys_before > 10
    return db


def test_person_tables_are_co_located_on_worker_id_and_the_small_tables_are_on_every_node(
    laid_out: Connection,
) -> None:
    rows = laid_out.execute(
        text("SELECT logicalrelid::regclass::text AS name, partmethod, column_to_column_name(logicalrelid, partkey) "
             "AS key, colocationid FROM pg_dist_partition")
    ).all()  # fmt: skip
    distributed = [row for row in rows if row.partmethod == "h"]
    assert {row.name for row in distributed} == PERSON_TABLES
    assert {row.key for row in distributed} == {"worker_id"}
    assert len({row.colocationid for row in distributed}) == 1
    assert {row.name for row in rows if row.partmethod == "n"} == REFERENCE_TABLES
    nodes = laid_out.execute(text("SELECT count(*) FROM pg_dist_node")).scalar_one()
    copies = laid_out.execute(
        text("SELECT count(DISTINCT nodename) FROM citus_shards WHERE table_name = 'districts'::regclass")
    ).scalar_one()
    assert copies == nodes


def test_a_person_joins_the_admin_hierarchy_and_counts_in_the_rollups(laid_out: Connection) -> None:
    district = laid_out.execute(
        text("SELECT district_id, ST_PointOnSurface(geom) AS point FROM districts WHERE state_code = '10' LIMIT 1")
    ).one()
    laid_out.execute(
        text("INSERT INTO workers (natural_key, name, name_norm, source, home_state_code, home_district_id, "
             "home_point) SELECT 'test:' || g, 'Ram', 'ram', 'survey', '10', :d, :p FROM generate_series(1, 7) g"),
        {"d": district.district_id, "p": district.point},
    )  # fmt: skip
    in_their_district = laid_out.execute(
        text("SELECT count(*) FROM workers w JOIN districts d ON ST_Contains(d.geom, w.home_point) "
             "WHERE w.natural_key LIKE 'test:%' AND d.district_id = w.home_district_id")
    ).scalar_one()  # fmt: skip
    assert in_their_district == 7
    rebuild(laid_out, FLOW_ROLLUP)  # the rollups are tables, rebuilt by the compaction's query
    counted = laid_out.execute(
        text("SELECT sum(workers) FROM worker_flow_rollup WHERE home_district_id = :d"), {"d": district.district_id}
    ).scalar_one()
    assert counted == 7
