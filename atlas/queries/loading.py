"""Load bookkeeping: batches, rejected rows, staging frames through COPY (``atlas.ingest.copying`` carries the
rows), and loader reference codes.

A batch is one file of one kind, keyed by the file's SHA-256. The batch row is written in the
same transaction as the data, so a killed load leaves no batch and a re-run does it again.
"""

from __future__ import annotations

import json
from collections.abc import Sequence

import pandas as pd
from sqlalchemy import Connection, text

from atlas.ingest import copying
from atlas.queries.bulk import create_staging, quote


def stage_frame(connection: Connection, name: str, columns: dict[str, str], frame: pd.DataFrame) -> int:
    """COPY ``frame[columns]`` into a new temporary table ``name``; blank strings and NaN become NULL.

    Rows travel as CSV in chunks, which is several times faster than one Python call per row.
    A staging table left by an earlier load in the same transaction (the dashboard, tests) is replaced.
    """
    connection.execute(text(f"DROP TABLE IF EXISTS pg_temp.{quote(connection, name)}"))
    create_staging(connection, name, columns)
    if frame.empty:
        return 0
    copy_frame(connection, name, frame[list(columns)])
    # Temporary tables have no statistics until analysed; without them joins go nested-loop.
    connection.execute(text(f"ANALYZE {quote(connection, name)}"))
    return len(frame)


def copy_statement(connection: Connection, table: str, columns: Sequence[str]) -> str:
    """COPY of CSV into ``columns`` of ``table``, for ``atlas.ingest.copying``; blank strings and NaN become NULL."""
    cols = ", ".join(quote(connection, str(c)) for c in columns)
    # FORCE_NULL: a quoted empty field ("", which the CSV writer gives a blank string) is NULL too.
    return f"COPY {quote(connection, table)} ({cols}) FROM STDIN WITH (FORMAT csv, FORCE_NULL ({cols}))"


def copy_frame(connection: Connection, table: str, frame: pd.DataFrame) -> int:
    """COPY every column of ``frame`` into the same-named columns of ``table``; blank strings and NaN become NULL."""
    if frame.empty:
        return 0
    columns = list(frame.columns)
    copying.copy_frames(connection, [(copy_statement(connection, table, columns), columns, lambda: [frame])],
                        rows=len(frame))  # fmt: skip
    return len(frame)


def lift_statement_timeout(connection: Connection) -> None:
    """No time limit for the rest of this transaction: one statement of a 16 lakh row load runs longer
    than the dashboard's limit (``settings.statement_timeout_ms``)."""
    connection.execute(text("SET LOCAL statement_timeout = 0"))


def finished_batch(connection: Connection, kind: str, sha256: str) -> dict[str, object] | None:
    """The finished batch of this kind and file content, if any."""
    sql = text(
        "SELECT batch_id, rows_total, rows_loaded, rows_updated, rows_rejected, report_path FROM load_batches "
        "WHERE kind = :kind AND file_sha256 = :sha AND status = 'finished'"
    )
    row = connection.execute(sql, {"kind": kind, "sha": sha256}).mappings().first()
    return dict(row) if row else None


def open_batch(connection: Connection, *, kind: str, file_name: str, sha256: str, user_id: int | None) -> int | None:
    """Insert the batch row; None when the same file is already loaded (or loading in another session)."""
    sql = text(
        "INSERT INTO load_batches (kind, file_name, file_sha256, loaded_by) VALUES (:kind, :name, :sha, :user) "
        "ON CONFLICT (kind, file_sha256) DO NOTHING RETURNING batch_id"
    )
    params = {"kind": kind, "name": file_name, "sha": sha256, "user": user_id}
    return connection.execute(sql, params).scalar()


def finish_batch(connection: Connection, batch_id: int, *, counts: dict[str, int], report_path: str) -> None:
    sql = text(
        "UPDATE load_batches SET status = 'finished', finished_at = now(), rows_total = :total, "
        "rows_loaded = :loaded, rows_updated = :updated, rows_rejected = :rejected, report_path = :report "
        "WHERE batch_id = :batch"
    )
    connection.execute(sql, {**counts, "report": report_path, "batch": batch_id})


def write_rejected_rows(connection: Connection, batch_id: int, rejected: pd.DataFrame) -> int:
    """Keep each rejected row whole (``row_number``, ``raw`` dict, ``errors`` list) in rejected_rows."""
    frame = pd.DataFrame(
        {
            "batch_id": batch_id,
            "row_number": rejected["row_number"].astype(int),
            "raw": [json.dumps(r, ensure_ascii=False) for r in rejected["raw"]],
            "errors": [json.dumps(e, ensure_ascii=False) for e in rejected["errors"]],
        }
    )
    columns = {"batch_id": "bigint", "row_number": "integer", "raw": "jsonb", "errors": "jsonb"}
    stage_frame(connection, "stage_rejected", columns, frame)
    sql = text(
        "INSERT INTO rejected_rows (batch_id, row_number, raw, errors, loaded_by, loader_state_code) "
        "SELECT r.batch_id, r.row_number, r.raw, r.errors, u.user_id, u.scope_state_code FROM stage_rejected r "
        "JOIN load_batches b USING (batch_id) LEFT JOIN users u ON u.user_id = b.loaded_by "
        "ON CONFLICT (batch_id, row_number) DO NOTHING"
    )
    return connection.execute(sql).rowcount


def rejected_rows(connection: Connection, batch_id: int) -> pd.DataFrame:
    """``row_number, raw, errors`` of one batch, in file order."""
    sql = text("SELECT row_number, raw, errors FROM rejected_rows WHERE batch_id = :b ORDER BY row_number")
    return pd.read_sql(sql, connection, params={"b": batch_id})


def upsert_occupations(connection: Connection, occupations: pd.DataFrame) -> int:
    """NCO-2015 occupations from the loaders' reference CSV; returns rows inserted or changed."""
    columns = {"nco_code": "text", "label_en": "text", "label_hi": "text", "sector": "text", "skill_group": "text"}
    stage_frame(connection, "stage_occupations", columns, occupations)
    sql = text(
        "INSERT INTO occupations (nco_code, label_en, label_hi, sector, skill_group) "
        "SELECT nco_code, label_en, label_hi, sector, skill_group FROM stage_occupations "
        "ON CONFLICT (nco_code) DO UPDATE SET label_en = EXCLUDED.label_en, label_hi = EXCLUDED.label_hi, "
        "sector = EXCLUDED.sector, skill_group = EXCLUDED.skill_group "
        "WHERE (occupations.label_en, occupations.label_hi, occupations.sector, occupations.skill_group) "
        "IS DISTINCT FROM (EXCLUDED.label_en, EXCLUDED.label_hi, EXCLUDED.sector, EXCLUDED.skill_group)"
    )
    return connection.execute(sql).rowcount


def known_camp_ids(connection: Connection, camp_ids: Sequence[str]) -> set[str]:
    sql = text("SELECT camp_id FROM registration_camps WHERE camp_id = ANY(:ids)")
    return set(connection.execute(sql, {"ids": list(camp_ids)}).scalars())


def batch_counts(connection: Connection, batch_id: int) -> dict[str, int]:
    """Rows each table holds from one batch: a check that a load wrote what it reported."""
    sql = text(
        "SELECT (SELECT count(*) FROM workers WHERE first_batch_id = :b) AS workers, "
        "(SELECT count(*) FROM worker_locations WHERE batch_id = :b) AS locations, "
        "(SELECT count(*) FROM call_attempts WHERE batch_id = :b) AS calls, "
        "(SELECT count(*) FROM complaints WHERE batch_id = :b) AS complaints, "
        "(SELECT count(*) FROM rejected_rows WHERE batch_id = :b) AS rejected"
    )
    return dict(connection.execute(sql, {"b": batch_id}).mappings().one())
