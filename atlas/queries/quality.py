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
    """The data-quality score of each home district of a state, worst first, from ``district_quality_rollup``.

    Columns: ``district_id, name_en, name_hi, workers``, the shares (0-1) ``home_block_or_better``,
    ``valid_phone`` (a 10-digit mobile number), ``reached_90d``, ``fresh_workplace`` (of the workers with a
    workplace, seen in the last 180 days), ``not_duplicate`` (not one of a suspected duplicate: the same name,
    father's name and village with different phones), and ``score``, their mean in percent. Districts with fewer
    workers than the small-cell threshold are left out.
    """
    sql = text(
        """
        SELECT d.district_id, d.name_en, d.name_hi, q.workers,
               q.home_fine::float / q.workers AS home_block_or_better,
               q.valid_phone::float / q.workers AS valid_phone,
               q.reached::float / q.workers AS reached_90d,
               CASE WHEN q.located > 0 THEN q.fresh::float / q.located END AS fresh_workplace,
               1 - q.duplicate_people::float / q.workers AS not_duplicate
        FROM district_quality_rollup_scoped q JOIN districts d ON d.district_id = q.home_district_id
        WHERE q.home_state_code = :state AND q.workers >= :min_cell
        """
    )
    frame = read_frame(connection, sql, {"state": state_code, "min_cell": settings.min_cell_count})
    frame["score"] = (frame[list(QUALITY_PARTS)].mean(axis=1, skipna=True) * 100).round(1)
    return frame.sort_values("score").reset_index(drop=True)
