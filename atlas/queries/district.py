"""Queries for a district officer: the worker list, the call list and the district's complaints.

Phones leave the database masked (98XXXXXX12); only the call-centre view of one worker
reads a full number.
"""

from __future__ import annotations

from dataclasses import dataclass

import pandas as pd
from sqlalchemy import Connection, text

from atlas.filters import Filters
from atlas.queries import read_frame
from atlas.queries.where import complaint_where, person_where


@dataclass(frozen=True)
class WorkerSearch:
    """What a district officer typed into the worker list's search: normalised name or village words (as
    ``geo.normalize.normalise_name`` writes them), and phone digits (the end of a number)."""

    words: str = ""
    digits: str = ""


MASKED_PHONE = "CASE WHEN w.phone IS NULL THEN NULL ELSE left(w.phone, 2) || 'XXXXXX' || right(w.phone, 2) END"
OPEN = "('new', 'routed', 'in_progress')"
OVERDUE = (
    "(c.resolve_due_at < now() OR (c.routed_at IS NULL AND c.route_due_at < now()) "
    "OR (c.is_emergency AND c.first_action_at IS NULL AND c.first_action_due_at < now()))"
)
# Which deadline an overdue complaint missed first (emergency first action, then routing, else resolution),
# and when it was due.
_FIRST_ACTION_MISSED = "c.is_emergency AND c.first_action_at IS NULL AND c.first_action_due_at < now()"
_ROUTING_MISSED = "c.routed_at IS NULL AND c.route_due_at < now()"
MISSED = (
    f"CASE WHEN {_FIRST_ACTION_MISSED} THEN 'first_action' WHEN {_ROUTING_MISSED} THEN 'routing' ELSE 'resolution' END"
)
MISSED_DUE = (
    f"CASE WHEN {_FIRST_ACTION_MISSED} THEN c.first_action_due_at WHEN {_ROUTING_MISSED} THEN c.route_due_at "
    "ELSE c.resolve_due_at END"
)
_SKILLS = (
    "(SELECT string_agg(o.skill_group, ',' ORDER BY o.skill_group) FROM worker_skills s "
    "JOIN occupations o USING (nco_code) WHERE s.worker_id = w.worker_id)"
)


def _searched(filters: Filters, search: WorkerSearch | None) -> tuple[str, dict[str, object]]:
    """The filters' clause, narrowed to workers whose name or village holds the words, or whose phone ends in
    the digits searched for."""
    clause, params = person_where(filters)
    if search is None or not (search.words or search.digits):
        return clause, params
    found = []
    if search.words:
        found.append(
            "w.name_norm LIKE :like OR EXISTS (SELECT 1 FROM villages sv WHERE sv.village_code = w.home_village_code "
            "AND sv.name_norm LIKE :like)"
        )
        params["like"] = f"%{search.words}%"
    if search.digits:
        found.append("w.phone LIKE :phone_end OR w.phone_alt LIKE :phone_end")
        params["phone_end"] = f"%{search.digits}"
    return f"{clause} AND ({' OR '.join(found)})", params


def workers_in_district(
    connection: Connection,
    filters: Filters,
    *,
    limit: int = 200,
    offset: int = 0,
    search: WorkerSearch | None = None,
) -> pd.DataFrame:
    """One page of workers, narrowed by ``search``: ``worker_id, name, phone_masked, block_en, block_hi,
    village_en, workplace_district_en, workplace_district_hi, workplace_state_en, workplace_state_hi,
    last_reached_at, skills, is_interstate_migrant``."""
    clause, params = _searched(filters, search)
    sql = text(
        f"""
        SELECT w.worker_id, w.name, {MASKED_PHONE} AS phone_masked,
               b.name_en AS block_en, b.name_hi AS block_hi, v.name_en AS village_en,
               cd.name_en AS workplace_district_en, cd.name_hi AS workplace_district_hi,
               cs.name_en AS workplace_state_en, cs.name_hi AS workplace_state_hi,
               w.last_reached_at, {_SKILLS} AS skills, w.is_interstate_migrant
        FROM workers w
        LEFT JOIN subdistricts b ON b.subdistrict_code = w.home_block_code
        LEFT JOIN villages v ON v.village_code = w.home_village_code
        LEFT JOIN districts cd ON cd.district_id = w.current_district_id
        LEFT JOIN states cs ON cs.state_code = w.current_state_code
        WHERE {clause}
        ORDER BY w.name, w.worker_id
        LIMIT :limit OFFSET :offset
        """
    )
    params.update(limit=limit, offset=offset)
    return read_frame(connection, sql, params)


def count_workers(connection: Connection, filters: Filters, *, search: WorkerSearch | None = None) -> int:
    clause, params = _searched(filters, search)
    return int(connection.execute(text(f"SELECT count(*) FROM workers w WHERE {clause}"), params).scalar_one())


def call_list(connection: Connection, filters: Filters, *, limit: int = 500) -> pd.DataFrame:
    """Workers to phone, most urgent first: open complaints, then never reached, then longest unreached.

    Columns: ``rank, worker_id, name, phone_masked, block_en, block_hi, last_reached_at, reason, open_complaints``.
    """
    clause, params = person_where(filters)
    join, complaint_clause, complaint_params = complaint_where(filters)
    params.update({k: v for k, v in complaint_params.items() if k not in params})
    # Two short lists merged: workers with open complaints, and the longest-unreached (never
    # reached first), each read in index order; a single ORDER BY over the district sorted ~40k rows.
    sql = text(
        f"""
        WITH pending AS (
            SELECT c.worker_id, count(*) AS n FROM complaints c {join}
            WHERE c.status IN {OPEN} AND {complaint_clause} GROUP BY c.worker_id
        ), stale AS (
            SELECT w.worker_id FROM workers w
            WHERE {clause} AND w.phone IS NOT NULL
              AND (w.last_reached_at IS NULL OR w.last_reached_at < now() - interval '90 days')
            ORDER BY w.last_reached_at NULLS FIRST, w.worker_id
            LIMIT :limit
        ), due AS (
            SELECT w.worker_id, w.name, w.phone, w.home_block_code, w.last_reached_at, coalesce(p.n, 0) AS n
            FROM workers w LEFT JOIN pending p USING (worker_id)
            WHERE w.worker_id IN (SELECT worker_id FROM stale UNION SELECT worker_id FROM pending)
              AND {clause} AND w.phone IS NOT NULL
              AND (w.last_reached_at IS NULL OR w.last_reached_at < now() - interval '90 days')
            ORDER BY (p.n IS NOT NULL) DESC, w.last_reached_at NULLS FIRST, w.worker_id
            LIMIT :limit
        )
        SELECT row_number() OVER (ORDER BY (d.n > 0) DESC, d.last_reached_at NULLS FIRST, d.worker_id) AS rank,
               d.worker_id, d.name, {MASKED_PHONE.replace("w.", "d.")} AS phone_masked,
               b.name_en AS block_en, b.name_hi AS block_hi, d.last_reached_at,
               CASE WHEN d.last_reached_at IS NULL THEN 'never_reached' ELSE 'not_reached_90_days' END AS reason,
               d.n AS open_complaints
        FROM due d LEFT JOIN subdistricts b ON b.subdistrict_code = d.home_block_code
        ORDER BY rank
        """
    )
    params["limit"] = limit
    return read_frame(connection, sql, params)


def count_due_calls(connection: Connection, filters: Filters) -> int:
    """How many workers the full call list holds: those with a phone not reached in 90 days (``call_list``
    shows the first of them)."""
    clause, params = person_where(filters)
    sql = text(
        f"SELECT count(*) FROM workers w WHERE {clause} AND w.phone IS NOT NULL "
        "AND (w.last_reached_at IS NULL OR w.last_reached_at < now() - interval '90 days')"
    )
    return int(connection.execute(sql, params).scalar_one())


def complaints_of_district(connection: Connection, filters: Filters, *, limit: int = 500) -> pd.DataFrame:
    """Open and recent complaints of workers from the filtered area, overdue first.

    Columns: ``complaint_id, worker_id, name, category, department, status, lodged_at, resolve_due_at,
    is_emergency, overdue, missed, missed_due_at, block_en, block_hi``: an overdue complaint names the deadline
    it missed (``first_action``, ``routing`` or ``resolution``) and when that was due, which may be long before
    the resolution date.
    """
    join, clause, params = complaint_where(filters)
    sql = text(
        f"""
        SELECT c.complaint_id, c.worker_id, p.name, c.category, c.department, c.status, c.lodged_at,
               c.resolve_due_at, c.is_emergency, (c.status IN {OPEN} AND {OVERDUE}) AS overdue,
               CASE WHEN c.status IN {OPEN} AND {OVERDUE} THEN {MISSED} END AS missed,
               CASE WHEN c.status IN {OPEN} AND {OVERDUE} THEN {MISSED_DUE} END AS missed_due_at,
               b.name_en AS block_en, b.name_hi AS block_hi
        FROM complaints c {join}
        JOIN workers p ON p.worker_id = c.worker_id
        LEFT JOIN subdistricts b ON b.subdistrict_code = c.home_block_code
        WHERE {clause}
        ORDER BY (c.status IN {OPEN} AND {OVERDUE}) DESC, c.status IN {OPEN} DESC, c.lodged_at DESC
        LIMIT :limit
        """
    )
    params["limit"] = limit
    return read_frame(connection, sql, params)
