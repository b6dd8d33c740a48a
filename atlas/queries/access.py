"""Users, login bookkeeping, the per-transaction scope that row-level security reads, and the audit log."""

from __future__ import annotations

import json
from collections.abc import Mapping
from dataclasses import dataclass
from datetime import date, timedelta
from typing import Any

import pandas as pd
from psycopg import sql
from sqlalchemy import Connection, text

from atlas.queries import read_frame
from atlas.queries.rollups import rollup_changes

# The settings row-level security reads, by the scope's field names. Names are fixed here, never taken from input.
_SCOPE_SETTINGS = (
    ("atlas.role", "role"),
    ("atlas.user_id", "user_id"),
    ("atlas.state_code", "state_code"),
    ("atlas.district_id", "district_id"),
    ("atlas.department", "department"),
)
_UPLOAD_SETTINGS = (
    ("atlas.upload_role", "role"),
    ("atlas.upload_state_code", "state_code"),
    ("atlas.upload_district_id", "district_id"),
)


def _set_local(connection: Connection, settings: Mapping[str, object], names: tuple[tuple[str, str], ...]) -> None:
    """``SET LOCAL name = 'value'`` for each setting, in one round trip.

    SET LOCAL rather than ``set_config()``: Citus passes SET LOCAL on to the connections it opens to the worker
    nodes (``citus.propagate_set_commands = 'local'``), where the shards' row-level security reads it, and does
    not pass on ``set_config()``. SET takes no bound parameters, so each value is quoted as a string literal by
    the driver (``psycopg.sql.quote``); a value cannot end the literal, whatever it holds.
    """
    statements = []
    for name, field in names:
        value = settings.get(field)
        literal = "" if value is None else str(value)
        if "\x00" in literal:
            raise ValueError(f"{field} holds a NUL character")
        statements.append(f"SET LOCAL {name} = {sql.quote(literal)}")
    # No parameters: psycopg sends the text as it is, so several statements go in one message.
    connection.exec_driver_sql("; ".join(statements))


def set_scope(connection: Connection, scope: Mapping[str, object]) -> None:
    """Tell PostgreSQL who is asking, for this transaction only (row-level security reads it)."""
    _set_local(connection, scope, _SCOPE_SETTINGS)


def reads_records(connection: Connection) -> bool:
    """Whether this session may read any person's record (a planner, for one, may read aggregates only)."""
    return bool(connection.execute(text("SELECT cardinality(atlas_scope_states()) > 0")).scalar())


# Roles that load files from the dashboard, each within their scope (``upload_scope``).
UPLOAD_ROLES = ("state_admin", "district_officer")


@dataclass(frozen=True)
class UploadScope:
    """Whose records a load made for a signed-in user may write: the user's state, or their district."""

    user_id: int
    role: str
    state_code: str | None
    district_id: int | None
    area: str  # "Siwan district", "Bihar": for the row-level report

    def as_settings(self) -> dict[str, str]:
        return {"role": self.role, "state_code": self.state_code or "", "district_id": str(self.district_id or "")}


def upload_scope(connection: Connection, user_id: int) -> UploadScope | None:
    """The scope of a load made for ``user_id``, read from the users table (so a caller cannot widen it);
    None when that user may not load files at all."""
    sql = text(
        "SELECT u.role, u.scope_state_code, u.scope_district_id, coalesce(d.name_en || ' district', s.name_en) AS area "
        "FROM users u LEFT JOIN districts d ON d.district_id = u.scope_district_id "
        "LEFT JOIN states s ON s.state_code = u.scope_state_code WHERE u.user_id = :id AND u.is_active"
    )
    row = connection.execute(sql, {"id": user_id}).mappings().first()
    if row is None or row["role"] not in UPLOAD_ROLES:
        return None
    if row["role"] == "district_officer" and row["scope_district_id"] is None:
        return None
    return UploadScope(user_id, row["role"], row["scope_state_code"], row["scope_district_id"], str(row["area"]))


def set_upload_scope(connection: Connection, scope: UploadScope) -> None:
    """For the rest of this transaction, the database refuses to write a person outside ``scope``
    (the triggers of migration a14b7c2d9e01; ``atlas_may_write`` answers the same question per row)."""
    _set_local(connection, scope.as_settings(), _UPLOAD_SETTINGS)


def user_by_name(connection: Connection, username: str) -> dict[str, Any] | None:
    sql = text(
        "SELECT user_id, username, full_name, password_hash, role, scope_state_code, scope_district_id, home_page, "
        "department, "
        "is_active, failed_logins, locked_until, now() AS now FROM users WHERE username = :u"
    )
    row = connection.execute(sql, {"u": username}).mappings().first()
    return dict(row) if row else None


def record_failed_login(connection: Connection, user_id: int, *, max_failures: int, lock_minutes: int) -> bool:
    """Count a failure; lock the account when it reaches ``max_failures``. Returns True when now locked."""
    # The times are worked out first: Citus allows nothing but immutable functions (timestamptz arithmetic is not)
    # inside a CASE of a statement that changes a reference table.
    now = connection.execute(text("SELECT now()")).scalar_one()
    sql = text(
        "UPDATE users SET failed_logins = failed_logins + 1, "
        "locked_until = CASE WHEN failed_logins + 1 >= :max THEN CAST(:until AS timestamptz) ELSE locked_until END "
        "WHERE user_id = :id RETURNING locked_until > CAST(:now AS timestamptz)"
    )
    params = {"max": max_failures, "until": now + timedelta(minutes=lock_minutes), "id": user_id, "now": now}
    return bool(connection.execute(sql, params).scalar())


def record_successful_login(connection: Connection, user_id: int) -> None:
    connection.execute(
        text("UPDATE users SET failed_logins = 0, locked_until = NULL WHERE user_id = :id"), {"id": user_id}
    )


def create_user(connection: Connection, user: Mapping[str, object]) -> int:
    """Insert or update a user by username (the loaders' owner role runs this, never the app)."""
    sql = text(
        "INSERT INTO users (username, full_name, password_hash, role, scope_state_code, scope_district_id, home_page, "
        "department) VALUES (:username, :full_name, :password_hash, :role, :state_code, :district_id, :home_page, "
        ":department) "
        "ON CONFLICT (username) DO UPDATE SET full_name = EXCLUDED.full_name, password_hash = EXCLUDED.password_hash, "
        "role = EXCLUDED.role, scope_state_code = EXCLUDED.scope_state_code, "
        "scope_district_id = EXCLUDED.scope_district_id, home_page = EXCLUDED.home_page, "
        "department = EXCLUDED.department, failed_logins = 0, "
        "locked_until = NULL, is_active = true RETURNING user_id"
    )
    return int(connection.execute(sql, {"home_page": None, "department": None, **user}).scalar_one())


def district_by_name(connection: Connection, state_code: str, name: str) -> int | None:
    sql = text(
        "SELECT district_id FROM districts WHERE state_code = :s AND lower(name_en) = lower(:n) "
        "UNION SELECT a.district_id FROM district_aliases a JOIN districts d USING (district_id) "
        "WHERE d.state_code = :s AND lower(a.alias) = lower(:n) LIMIT 1"
    )
    value = connection.execute(sql, {"s": state_code, "n": name}).scalar()
    return int(value) if value is not None else None


def audit(
    connection: Connection,
    *,
    user_id: int | None,
    username: str | None,
    action: str,
    target: str | None = None,
    details: Mapping[str, object] | None = None,
) -> None:
    """Append one audit record. The app role may insert but never update or delete these."""
    connection.execute(
        text(
            "INSERT INTO audit_log (user_id, username, action, target, details) "
            "VALUES (:user_id, :username, :action, :target, CAST(:details AS jsonb))"
        ),
        {
            "user_id": user_id,
            "username": username,
            "action": action,
            "target": target,
            "details": json.dumps(dict(details or {}), default=str, ensure_ascii=False),
        },
    )


def audit_entries(
    connection: Connection,
    *,
    action: str | None = None,
    username: str | None = None,
    first_day: date | None = None,
    last_day: date | None = None,
    limit: int = 500,
) -> pd.DataFrame:
    """Newest first: ``at, username, action, target, details`` (``details`` a dict), between two days of
    India's calendar when given (only an auditor's session sees rows)."""
    sql = text(
        "SELECT at, username, action, target, details FROM audit_log "
        "WHERE (CAST(:action AS text) IS NULL OR action = :action) "
        "AND (CAST(:username AS text) IS NULL OR username = :username) "
        "AND (CAST(:first AS date) IS NULL OR at >= CAST(:first AS date) AT TIME ZONE 'Asia/Kolkata') "
        "AND (CAST(:last AS date) IS NULL OR at < (CAST(:last AS date) + 1) AT TIME ZONE 'Asia/Kolkata') "
        "ORDER BY at DESC, audit_id DESC LIMIT :limit"
    )
    params = {"action": action, "username": username, "first": first_day, "last": last_day, "limit": limit}
    return read_frame(connection, sql, params)


def purge_rejected_rows(connection: Connection, *, older_than_days: int) -> int:
    """Delete rejected raw rows past the retention period; returns how many went."""
    sql = text("DELETE FROM rejected_rows WHERE created_at < now() - make_interval(days => :d)")
    return connection.execute(sql, {"d": older_than_days}).rowcount


def purge_call_records(connection: Connection, *, older_than_days: int) -> int:
    """Delete call-centre call records past the retention period; returns how many went. Workers keep
    ``last_reached_at`` and their locations, so the call list and the maps do not change."""
    old = "called_at < now() - make_interval(days => :d)"
    params = {"d": older_than_days}
    # A reached call counts in monthly_trends_rollup: the purged calls' workers are recounted without them.
    called = connection.execute(text(f"SELECT DISTINCT worker_id FROM call_attempts WHERE {old}"), params).scalars()
    with rollup_changes(connection, list(called)):
        return connection.execute(text(f"DELETE FROM call_attempts WHERE {old}"), params).rowcount
