"""Data quality: load history and freshness, rejected rows, the geocoder's review queue, and each district's
data-quality score."""

from __future__ import annotations

import pandas as pd
from sqlalchemy import Connection, text

from atlas.queries import read_frame
from atlas.settings import settings


def freshness(connection: Connection) -> pd.DataFrame:
    """The latest finished load of each kind: ``kind, file_name, finished_at, rows_total, rows_loaded,
    rows_updated, rows_rejected``."""
    sql = text(
        "SELECT DISTINCT ON (kind) kind, file_name, finished_at, rows_total, rows_loaded, rows_updated, rows_rejected "
        "FROM load_batches WHERE finished_at IS NOT NULL ORDER BY kind, finished_at DESC"
    )
    return read_frame(connection, sql)


def rejected_rows(connection: Connection, *, batch_id: int | None = None, limit: int = 500) -> pd.DataFrame:
    """Rejected rows (newest batch first): ``batch_id, file_name, row_number, errors, raw``."""
    sql = text(
        "SELECT r.batch_id, b.file_name, r.row_number, r.errors, r.raw FROM rejected_rows r "
        "JOIN load_batches b USING (batch_id) WHERE (CAST(:batch AS bigint) IS NULL OR r.batch_id = :batch) "
        "ORDER BY r.batch_id DESC, r.row_number LIMIT :limit"
    )
    return read_frame(connection, sql, {"batch": batch_id, "limit": limit})


def review_queue(connection: Connection, *, limit: int = 300) -> pd.DataFrame:
    """Open geocoding reviews, most frequent first: ``review_id, input_text, reason, confidence, occurrences,
    created_at``."""
    sql = text(
        "SELECT review_id, input_text, reason, confidence, occurrences, created_at FROM geocode_reviews "
        "WHERE status = 'open' ORDER BY occurrences DESC, review_id LIMIT :limit"
    )
    return read_frame(connection, sql, {"limit": limit})


def data_version(connection: Connection) -> str:
    """An id of the data as loaded: the latest finished load and how many loads have finished."""
    sql = text(
        "SELECT coalesce(max(finished_at)::text, '') || '/' || count(*) FROM load_batches WHERE finished_at IS NOT NULL"
    )
    return str(connection.execute(sql).scalar_one())


# Homes placed at a village, post office, town or block: precise enough for a block's call list and camp.
BLOCK_OR_BETTER = "('village', 'post_office', 'town', 'block')"
QUALITY_PARTS = ("home_block_or_better", "valid_phone", "reached_90d", "fresh_workplace", "not_duplicate")


def district_quality(connection: Connection, state_code: str) -> pd.DataFrame:
    """The data-quality score of each home district of a state, worst first.

    Columns: ``district_id, name_en, name_hi, workers``, the shares (0-1) ``home_block_or_better``,
    ``valid_phone`` (a 10-digit mobile number), ``reached_90d``, ``fresh_workplace`` (of the workers with a
    workplace, seen in the last 180 days), ``not_duplicate`` (not one of a suspected duplicate: the same name,
    father's name and village with different phones), and ``score``, their mean in percent. Districts with fewer
    workers than the small-cell threshold are left out.
    """
    sql = text(
        f"""
        WITH people AS (
            SELECT home_district_id AS district_id, count(*) AS workers,
                   count(*) FILTER (WHERE home_precision IN {BLOCK_OR_BETTER}) AS home_fine,
                   count(*) FILTER (WHERE phone ~ '^[6-9][0-9]{{9}}$') AS valid_phone,
                   count(*) FILTER (WHERE last_reached_at >= now() - interval '90 days') AS reached,
                   count(*) FILTER (WHERE current_observed_at IS NOT NULL) AS located,
                   count(*) FILTER (WHERE current_observed_at >= now() - interval '180 days') AS fresh
            FROM workers WHERE home_state_code = :state AND home_district_id IS NOT NULL GROUP BY 1
        ), duplicates AS (
            SELECT home_district_id AS district_id, sum(people)::bigint AS people FROM (
                SELECT home_district_id, count(*) AS people FROM workers
                WHERE home_state_code = :state AND father_name IS NOT NULL AND home_village_code IS NOT NULL
                GROUP BY home_district_id, name_norm, lower(father_name), home_village_code
                HAVING count(DISTINCT phone) > 1
            ) AS groups GROUP BY 1
        )
        SELECT d.district_id, d.name_en, d.name_hi, p.workers::int,
               p.home_fine::float / p.workers AS home_block_or_better,
               p.valid_phone::float / p.workers AS valid_phone,
               p.reached::float / p.workers AS reached_90d,
               CASE WHEN p.located > 0 THEN p.fresh::float / p.located END AS fresh_workplace,
               1 - coalesce(x.people, 0)::float / p.workers AS not_duplicate
        FROM people p JOIN districts d USING (district_id) LEFT JOIN duplicates x USING (district_id)
        WHERE p.workers >= :min_cell
        """
    )
    frame = read_frame(connection, sql, {"state": state_code, "min_cell": settings.min_cell_count})
    frame["score"] = (frame[list(QUALITY_PARTS)].mean(axis=1, skipna=True) * 100).round(1)
    return frame.sort_values("score").reset_index(drop=True)
