"""Refresh the dashboard's rollups after a load or an edit."""

from __future__ import annotations

import time

from sqlalchemy import Connection, Engine, text

from atlas.queries.bulk import run_pending_ddl

# In dependency order: the district rollup is built from the block-by-month one.
# A bulk load changes these tables' statistics; plans after it need fresh ones.
LOADED_TABLES = ("workers", "worker_locations", "worker_skills", "call_attempts", "complaints", "camp_registrations")
ROLLUPS = ("worker_flow_rollup", "worker_flow_district_rollup", "worker_flow_month_rollup", "skill_hex_rollup",
           "camp_registration_rollup",
           "district_quality_rollup", "eshram_gap_rollup", "returnee_rollup",
           "monthly_trends_rollup")  # fmt: skip


def refresh_rollups(engine: Engine, *, concurrently: bool = True) -> dict[str, float]:
    """Finish what bulk loads left (``atlas.queries.bulk.run_pending_ddl``: index builds, foreign-key checks), then
    refresh the planner's statistics and every rollup; returns seconds per step.

    CONCURRENTLY keeps the dashboard readable during the refresh (each view has a unique
    index for it); a view that was never populated is refreshed plainly first.
    """
    started = time.perf_counter()
    run_pending_ddl(engine)
    timings: dict[str, float] = {"pending_ddl": time.perf_counter() - started}
    with engine.connect() as connection:
        connection.execution_options(isolation_level="AUTOCOMMIT")
        connection.exec_driver_sql("SET statement_timeout = 0")
        started = time.perf_counter()
        connection.exec_driver_sql(f"ANALYZE {', '.join(LOADED_TABLES)}")
        timings["analyze"] = time.perf_counter() - started
        for view in ROLLUPS:
            started = time.perf_counter()
            mode = "CONCURRENTLY " if concurrently and _populated(connection, view) else ""
            connection.exec_driver_sql(f"REFRESH MATERIALIZED VIEW {mode}{view}")
            timings[view] = time.perf_counter() - started
    return timings


def _populated(connection: Connection, view: str) -> bool:
    sql = text("SELECT ispopulated FROM pg_matviews WHERE matviewname = :v")
    return bool(connection.execute(sql, {"v": view}).scalar())
