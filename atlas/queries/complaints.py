"""Complaints: map by block, breakdowns, the overdue list, one complaint's timeline, status changes."""

from __future__ import annotations

from collections.abc import Sequence
from datetime import datetime

import pandas as pd
from sqlalchemy import Connection, text

from atlas.filters import Filters
from atlas.models import COMPLAINT_STATUSES
from atlas.queries import read_frame
from atlas.queries.district import MISSED, MISSED_DUE, OPEN, OVERDUE
from atlas.queries.rollups import rollup_changes
from atlas.queries.where import complaint_where
from atlas.settings import settings

BREAKDOWNS = {"category": "c.category", "department": "c.department", "status": "c.status"}


def open_complaints_by_area(connection: Connection, filters: Filters) -> pd.DataFrame:
    """Open and overdue complaints per home district, or per home block once a district is chosen.

    Columns: ``area_id, name_en, name_hi, lon, lat, open, overdue`` at the district or block HQ.
    Areas under the small-cell threshold are left out of the map.
    """
    join, clause, params = complaint_where(filters)
    if filters.home_district_id is None:
        key, area = "c.home_district_id::text", "JOIN districts a ON a.district_id = c.home_district_id"
    else:
        key, area = "c.home_block_code", "JOIN subdistricts a ON a.subdistrict_code = c.home_block_code"
    sql = text(
        f"""
        SELECT {key} AS area_id, a.name_en, a.name_hi, ST_X(a.point) AS lon, ST_Y(a.point) AS lat,
               count(*)::int AS open, count(*) FILTER (WHERE {OVERDUE})::int AS overdue
        FROM complaints c {join} {area}
        WHERE c.status IN {OPEN} AND {clause}
        GROUP BY 1, 2, 3, 4, 5 HAVING count(*) >= :min_cell
        """
    )
    params["min_cell"] = settings.min_cell_count
    return read_frame(connection, sql, params)


def complaint_breakdown(connection: Connection, filters: Filters, *, by: str) -> pd.DataFrame:
    """``key, complaints, open, overdue`` grouped by category, department or status."""
    column = BREAKDOWNS[by]
    join, clause, params = complaint_where(filters)
    sql = text(
        f"""
        SELECT coalesce({column}, 'unknown') AS key, count(*)::int AS complaints,
               count(*) FILTER (WHERE c.status IN {OPEN})::int AS open,
               count(*) FILTER (WHERE c.status IN {OPEN} AND {OVERDUE})::int AS overdue
        FROM complaints c {join}
        WHERE {clause} GROUP BY 1 ORDER BY 2 DESC
        """
    )
    return read_frame(connection, sql, params)


def add_note(connection: Connection, *, complaint_id: int, note: str, user_id: int | None) -> bool:
    """Add a note to a complaint's timeline (its status unchanged). False when the complaint is not visible."""
    worker_id = _worker_of(connection, complaint_id)
    if worker_id is None:
        return False
    sql = text("SELECT status, department FROM complaints WHERE worker_id = :w AND complaint_id = :id")
    complaint = connection.execute(sql, {"w": worker_id, "id": complaint_id}).mappings().one()
    event = {**home_of(connection, worker_id), "w": worker_id, "id": complaint_id, "note": note, "user_id": user_id,
             "at": datetime.now().astimezone(), **complaint}  # fmt: skip
    connection.execute(text(_NOTE_EVENT), event)
    return True


# With VALUES, as _STATUS_EVENT.
_NOTE_EVENT = """
INSERT INTO complaint_events (worker_id, complaint_id, at, actor_user_id, action, from_status, to_status, note,
                              home_state_code, home_district_id, complaint_department)
VALUES (:w, :id, :at, :user_id, 'note', :status, :status, :note, :home_state, :home_district, :department)
"""


def _worker_of(connection: Connection, complaint_id: int) -> int | None:
    """The worker of a visible complaint. Statements that lock or change a complaint name it by ``worker_id`` too:
    on Citus that is the distribution column, which makes them single-shard (locking rows needs that)."""
    sql = text("SELECT worker_id FROM complaints WHERE complaint_id = :id")
    return connection.execute(sql, {"id": complaint_id}).scalar()


def sync_routing(connection: Connection, worker_ids: Sequence[int]) -> None:
    """After complaints of these workers got or lost a department: the departments on the workers and on their
    complaints' events, which the departments' row-level security reads (``atlas_sync_routing``)."""
    sql = text("SELECT atlas_sync_routing(CAST(:ids AS bigint[]))")
    connection.execute(sql, {"ids": [int(worker_id) for worker_id in worker_ids]})


def send_back(connection: Connection, *, complaint_id: int, note: str) -> bool:
    """A department sends a complaint routed to it back for re-routing: no department, status 'new', and why in
    the timeline (by the database function ``complaint_send_back``, which checks that the complaint is the
    caller's). False when it is not theirs or not open."""
    sql = text("SELECT complaint_send_back(CAST(:id AS bigint), CAST(:note AS text))")
    return bool(connection.execute(sql, {"id": complaint_id, "note": note}).scalar())


def _at(condition: str) -> str:
    """A deadline condition measured at ``:at`` instead of ``now()``: Citus evaluates no function that is not
    immutable inside a CASE of a statement that changes a distributed table."""
    return condition.replace("now()", "CAST(:at AS timestamptz)")


def escalate_overdue(connection: Connection, *, at: datetime | None = None) -> int:
    """Escalate every open complaint past a deadline it has not been escalated for to the state nodal officer:
    mark it and add an 'escalated' event to its timeline naming the deadline. Returns how many were escalated;
    running it again escalates nothing more until another deadline passes.

    One UPDATE, with no ``SELECT ... FOR UPDATE`` before it (which Citus refuses across shards): a concurrent run
    waits for the row and then finds it escalated already, so no event is written twice."""
    sql = text(
        f"""
        WITH marked AS (
            UPDATE complaints c SET escalated_for = {_at(MISSED)}, escalated_at = :at
            WHERE c.status IN {OPEN} AND {_at(OVERDUE)} AND c.escalated_for IS DISTINCT FROM {_at(MISSED)}
            RETURNING c.worker_id, c.complaint_id, c.status, c.department, c.escalated_for AS missed,
                      {_at(MISSED_DUE)} AS due_at
        )
        INSERT INTO complaint_events (worker_id, complaint_id, at, actor_user_id, action, from_status, to_status, note,
                                      home_state_code, home_district_id, complaint_department)
        SELECT m.worker_id, m.complaint_id, :at, NULL, 'escalated', m.status, m.status,
               'To the state nodal officer: the ' || replace(m.missed, '_', ' ') || ' deadline ('
               || to_char(m.due_at AT TIME ZONE 'Asia/Kolkata', 'DD-MM-YYYY HH24:MI') || ' IST) was missed',
               w.home_state_code, w.home_district_id, m.department
        FROM marked m JOIN workers w ON w.worker_id = m.worker_id
        """
    )
    return connection.execute(sql, {"at": at or datetime.now().astimezone()}).rowcount


def department_ranking(connection: Connection, filters: Filters) -> pd.DataFrame:
    """Departments by share of their complaints resolved on time: ``department, complaints, resolved,
    on_time, on_time_share`` (of the complaints whose resolution was due by now), best first."""
    join, clause, params = complaint_where(filters)
    sql = text(
        f"""
        SELECT c.department, count(*)::int AS complaints,
               count(*) FILTER (WHERE c.resolved_at IS NOT NULL)::int AS resolved,
               count(*) FILTER (WHERE c.resolved_at <= c.resolve_due_at)::int AS on_time,
               count(*) FILTER (WHERE c.resolved_at <= c.resolve_due_at)::float
                   / nullif(count(*) FILTER (WHERE c.resolve_due_at <= now() OR c.resolved_at IS NOT NULL), 0)
                   AS on_time_share
        FROM complaints c {join}
        WHERE c.department IS NOT NULL AND {clause}
        GROUP BY 1 ORDER BY on_time_share DESC NULLS LAST, 1
        """
    )
    return read_frame(connection, sql, params)


def overdue_complaints(connection: Connection, filters: Filters, *, limit: int = 300) -> pd.DataFrame:
    """Open complaints past a deadline, the most overdue first: ``complaint_id, worker_id, category, department,
    status, lodged_at, missed, due_at, days_late, escalated_at, home_block_en, home_block_hi``; ``escalated_at``
    is when it went to the state nodal officer for the deadline it missed (NULL: not yet)."""
    join, clause, params = complaint_where(filters)
    sql = text(
        f"""
        SELECT * FROM (
            SELECT c.complaint_id, c.worker_id, c.category, c.department, c.status, c.lodged_at,
                   {MISSED} AS missed, {MISSED_DUE} AS due_at,
                   CASE WHEN c.escalated_for = {MISSED} THEN c.escalated_at END AS escalated_at,
                   b.name_en AS home_block_en, b.name_hi AS home_block_hi
            FROM complaints c {join}
            LEFT JOIN subdistricts b ON b.subdistrict_code = c.home_block_code
            WHERE c.status IN {OPEN} AND {OVERDUE} AND {clause}
        ) o
        ORDER BY due_at
        LIMIT :limit
        """
    )
    params["limit"] = limit
    frame = read_frame(connection, sql, params)
    late = pd.Timestamp.now(tz="Asia/Kolkata") - pd.to_datetime(frame["due_at"], utc=True)
    frame["days_late"] = (late.dt.total_seconds() // 86400).astype("Int64")
    return frame


def complaint_timeline(connection: Connection, complaint_id: int) -> pd.DataFrame:
    """Every event of one complaint, oldest first: ``at, action, from_status, to_status, department, note, actor``."""
    sql = text(
        "SELECT e.at, e.action, e.from_status, e.to_status, e.department, e.note, u.username AS actor "
        "FROM complaint_events e LEFT JOIN users u ON u.user_id = e.actor_user_id "
        "WHERE e.complaint_id = :id ORDER BY e.at, e.event_id"
    )
    return read_frame(connection, sql, {"id": complaint_id})


def complaint_summary(connection: Connection, complaint_id: int) -> dict[str, object] | None:
    """The complaint itself, or None when it does not exist (or is outside the user's scope)."""
    sql = text(
        "SELECT complaint_id, worker_id, category, department, status, channel, description, lodged_at, "
        "route_due_at, first_action_due_at, resolve_due_at, is_emergency FROM complaints WHERE complaint_id = :id"
    )
    row = connection.execute(sql, {"id": complaint_id}).mappings().first()
    return dict(row) if row else None


def change_status(
    connection: Connection,
    *,
    complaint_id: int,
    to_status: str,
    note: str,
    user_id: int | None,
    at: datetime | None = None,
) -> bool:
    """Move a complaint to ``to_status`` and record who, when and why. Returns False if nothing changed."""
    if to_status not in COMPLAINT_STATUSES:
        raise ValueError(f"unknown status {to_status!r}")
    worker_id = _worker_of(connection, complaint_id)
    if worker_id is None:
        return False
    params = {"w": worker_id, "id": complaint_id, "to": to_status, "note": note,
              "user_id": user_id, "at": at or datetime.now().astimezone()}  # fmt: skip
    # Three statements, each by worker_id (on Citus a single-shard one): a chain of CTEs would make Citus copy the
    # event in through the coordinator, which row-level security refuses for the application role.
    old = connection.execute(text(_LOCK_COMPLAINT), params).mappings().first()
    if old is None or old["status"] == to_status:
        return False
    # A resolution counts in the month it happened (monthly_trends_rollup).
    with rollup_changes(connection, [worker_id]):
        if connection.execute(text(_SET_STATUS), params).rowcount == 0:
            return False  # visible, but not this user's to change (row-level security)
    event = {
        **params,
        **home_of(connection, worker_id),
        "from_status": old["status"],
        "department": old["department"],
    }
    connection.execute(text(_STATUS_EVENT), event)
    return True


_LOCK_COMPLAINT = "SELECT status, department FROM complaints WHERE worker_id = :w AND complaint_id = :id FOR UPDATE"
_SET_STATUS = """
UPDATE complaints c SET status = :to,
       routed_at = CASE WHEN :to = 'routed' THEN coalesce(c.routed_at, :at) ELSE c.routed_at END,
       first_action_at = CASE WHEN :to IN ('in_progress', 'resolved', 'closed')
                              THEN coalesce(c.first_action_at, :at) ELSE c.first_action_at END,
       resolved_at = CASE WHEN :to IN ('resolved', 'closed') THEN coalesce(c.resolved_at, :at) ELSE c.resolved_at END
WHERE c.worker_id = :w AND c.complaint_id = :id
"""
# With VALUES, and the worker's home read before: Citus sends an INSERT ... SELECT whose rows it cannot place by
# itself through the coordinator as a COPY, which row-level security refuses for the application role.
_STATUS_EVENT = """
INSERT INTO complaint_events (worker_id, complaint_id, at, actor_user_id, action, from_status, to_status, note,
                              home_state_code, home_district_id, complaint_department)
VALUES (:w, :id, :at, :user_id, 'status_change', :from_status, :to, :note, :home_state, :home_district, :department)
"""


def home_of(connection: Connection, worker_id: int) -> dict[str, object]:
    """``home_state``, ``home_district`` of a worker, for the rows written with their home on them."""
    sql = text("SELECT home_state_code AS home_state, home_district_id AS home_district FROM workers "
               "WHERE worker_id = :w")  # fmt: skip
    found = connection.execute(sql, {"w": worker_id}).mappings().first()
    return dict(found) if found else {"home_state": None, "home_district": None}
