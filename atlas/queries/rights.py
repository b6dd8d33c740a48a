"""A person's rights over their data (DPDP Act 2023): their full record, corrections, erasure.

Run as the owner (``atlas.rights`` checks who asks and audits it). Erasure pseudonymises rather than
deletes: every field that identifies the person, and every free text written about them, is removed
from every table that holds it, while the row keeps what the dashboard's counts need (home district
and block, where they work by district, skills, gender, source, dates), so aggregates stay as they
were. ``ERASED`` and ``KEPT`` name every column of every table that holds a person's data; a test fails
when a new column is in neither.
"""

from __future__ import annotations

import json
from collections.abc import Mapping
from typing import Any

from sqlalchemy import Connection, text

# Columns of person tables that an erasure clears or replaces, and those it keeps (not identifying).
# The worker's home, copied on to every person row for row-level security (kept, as the worker's own home is).
HOME = ("home_state_code", "home_district_id")
ERASED: dict[str, tuple[str, ...]] = {
    "workers": ("natural_key", "uan", "name", "name_norm", "father_name", "birth_year", "phone", "phone_alt",
                "home_address_raw", "home_point", "home_village_code", "home_precision", "home_confidence"),
    "worker_locations": ("raw_address", "employer", "point", "block_code", "precision", "confidence"),
    "call_attempts": ("note",),
    "complaints": ("external_ref", "description", "point", "block_code"),
    "complaint_events": ("note",),
    "worker_corrections": ("old_value", "new_value", "reason"),
}  # fmt: skip
KEPT: dict[str, tuple[str, ...]] = {
    "workers": ("worker_id", "gender", "home_state_code", "home_district_id", "home_block_code",
                "current_location_id", "current_state_code", "current_district_id", "current_observed_at",
                "last_reached_at", "is_interstate_migrant", "source", "gig_platform_type", "is_synthetic",
                "first_batch_id", "created_at", "updated_at", "erased_at", "routed_departments"),
    "worker_locations": ("worker_id", "location_id", "observed_at", "source", "sector", "state_code", "district_id",
                         "batch_id", "recorded_by", "created_at", *HOME),
    "call_attempts": ("worker_id", "call_id", "called_at", "outcome", "location_id", "batch_id", "agent_id",
                      "submission_key", *HOME),
    "call_claims": ("worker_id", "agent_id", "claimed_at", "lease_until", *HOME),
    "complaints": ("worker_id", "complaint_id", "category", "channel", "state_code", "district_id",
                   "home_state_code", "home_district_id", "home_block_code", "department", "status", "is_emergency",
                   "lodged_at", "route_due_at", "first_action_due_at", "resolve_due_at", "routed_at",
                   "first_action_at", "resolved_at", "batch_id", "submission_key", "escalated_for", "escalated_at"),
    "complaint_notifications": ("worker_id", "notification_id", "complaint_id", "department", "home_state_code",
                                "home_district_id", "district_id", "category", "is_emergency", "created_at",
                                "sent_at"),
    "complaint_events": ("worker_id", "event_id", "complaint_id", "at", "actor_user_id", "action", "from_status",
                         "to_status", "department", "complaint_department", *HOME),
    "worker_corrections": ("worker_id", "correction_id", "at", "user_id", "field", *HOME),
    "worker_skills": ("worker_id", "nco_code", "source", *HOME),
    "camp_registrations": ("worker_id", "camp_id", "registered_on", "mode", "is_gig_worker", "platform_type",
                           "batch_id", *HOME),
}  # fmt: skip

# Fields an administrator may correct, and how each is checked in SQL.
CORRECTABLE = {
    "name": "length(btrim(:value)) > 0",
    "father_name": "true",
    "gender": ":value IN ('M', 'F', 'T')",
    "birth_year": ":value ~ '^(19|20)[0-9]{2}$'",
    "phone": ":value ~ '^[6-9][0-9]{9}$'",
    "phone_alt": ":value ~ '^[6-9][0-9]{9}$'",
}


def _rows(connection: Connection, sql: str, worker_id: int) -> list[dict[str, Any]]:
    return [dict(row) for row in connection.execute(text(sql), {"w": worker_id}).mappings()]


_RECORD_SECTIONS = {
    "skills": "SELECT s.nco_code, o.label_en, o.label_hi, s.source FROM worker_skills s JOIN occupations o "
    "USING (nco_code) WHERE s.worker_id = :w ORDER BY 1",
    "locations": "SELECT l.location_id, l.observed_at, l.source, l.raw_address, l.employer, l.sector, "
    "ST_X(l.point) AS lon, ST_Y(l.point) AS lat, d.name_en AS district, s.name_en AS state, l.precision "
    "FROM worker_locations l LEFT JOIN districts d ON d.district_id = l.district_id "
    "LEFT JOIN states s ON s.state_code = l.state_code WHERE l.worker_id = :w ORDER BY l.observed_at, l.location_id",
    "calls": "SELECT call_id, called_at, outcome, note FROM call_attempts WHERE worker_id = :w ORDER BY called_at",
    "complaints": "SELECT c.complaint_id, c.external_ref, c.category, c.channel, c.description, c.department, "
    "c.status, c.lodged_at, c.resolved_at, (SELECT coalesce(json_agg(json_build_object('at', e.at, 'action', "
    "e.action, 'to_status', e.to_status, 'note', e.note) ORDER BY e.at, e.event_id), '[]') FROM complaint_events e "
    "WHERE e.worker_id = c.worker_id AND e.complaint_id = c.complaint_id) AS events "
    "FROM complaints c WHERE c.worker_id = :w ORDER BY c.lodged_at",
    "camp_registrations": "SELECT camp_id, registered_on, mode, platform_type FROM camp_registrations "
    "WHERE worker_id = :w",
    "corrections": "SELECT at, field, old_value, new_value, reason FROM worker_corrections WHERE worker_id = :w "
    "ORDER BY at, correction_id",
}


def person_record(connection: Connection, worker_id: int) -> dict[str, Any] | None:
    """Everything held about one person, as JSON-ready values: the worker row (places named, points as
    lon/lat), skills, locations, calls, complaints with their events, camp registrations, corrections,
    and the rejected upload rows that hold their phone or UAN."""
    worker = _rows(
        connection,
        "SELECT w.*, ST_X(w.home_point) AS home_lon, ST_Y(w.home_point) AS home_lat, v.name_en AS home_village, "
        "b.name_en AS home_block, d.name_en AS home_district, s.name_en AS home_state "
        "FROM workers w LEFT JOIN villages v ON v.village_code = w.home_village_code "
        "LEFT JOIN subdistricts b ON b.subdistrict_code = w.home_block_code "
        "LEFT JOIN districts d ON d.district_id = w.home_district_id "
        "LEFT JOIN states s ON s.state_code = w.home_state_code WHERE w.worker_id = :w",
        worker_id,
    )
    if not worker:
        return None
    record: dict[str, Any] = {"worker": {k: v for k, v in worker[0].items() if k != "home_point"}}
    for section, sql in _RECORD_SECTIONS.items():
        record[section] = _rows(connection, sql, worker_id)
    record["rejected_upload_rows"] = _rows(connection, _REJECTED_ROWS_HELD, worker_id)
    # Through JSON and back: dates, decimals and the like become the strings a JSON file holds.
    plain: dict[str, Any] = json.loads(json.dumps(record, default=str))
    return plain


_RECORD_CORRECTION = (
    "INSERT INTO worker_corrections (worker_id, user_id, field, old_value, new_value, reason, home_state_code, "
    "home_district_id) SELECT w.worker_id, :u, :f, :old, :new, :reason, w.home_state_code, w.home_district_id "
    "FROM workers w WHERE w.worker_id = :w"
)


def correct(connection: Connection, worker_id: int, changes: Mapping[str, str | None], *, user_id: int | None,
            reason: str | None) -> list[str]:  # fmt: skip
    """Set the given fields (``CORRECTABLE``), recording each change with its old and new value; returns the
    fields that changed. A value that fails its check raises ``ValueError`` naming the field."""
    changed = []
    for field, given in changes.items():
        if field not in CORRECTABLE:
            raise ValueError(f"{field} cannot be corrected here; correctable fields: {', '.join(CORRECTABLE)}")
        value = (given or "").strip() or None
        valid = value is None or connection.execute(text(f"SELECT {CORRECTABLE[field]}"), {"value": value}).scalar()
        if not valid:
            raise ValueError(f"{value!r} is not a valid {field.replace('_', ' ')}")
        # ``field`` is one of CORRECTABLE's column names, never the caller's text.
        before = connection.execute(text(f"SELECT {field}::text FROM workers WHERE worker_id = :w"), {"w": worker_id})
        old = before.scalar()
        if old == value:
            continue
        cast = "smallint" if field == "birth_year" else "text"
        update = f"UPDATE workers SET {field} = CAST(:value AS {cast}), updated_at = now() WHERE worker_id = :w"
        connection.execute(text(update), {"value": value, "w": worker_id})
        recorded = {"w": worker_id, "u": user_id, "f": field, "old": old, "new": value, "reason": reason}
        connection.execute(text(_RECORD_CORRECTION), recorded)
        changed.append(field)
    return changed


def set_name_key(connection: Connection, worker_id: int, name_norm: str) -> None:
    """After a name is corrected: its matching key, and the key in the dictionary name search reads."""
    connection.execute(text("UPDATE workers SET name_norm = :n WHERE worker_id = :w"), {"n": name_norm, "w": worker_id})
    connection.execute(
        text("INSERT INTO worker_names (name_norm) VALUES (:n) ON CONFLICT DO NOTHING"), {"n": name_norm}
    )


# Rejected upload rows that hold the person: a cell whose digits are their phone, other phone or UAN, or
# their name together with their father's name or their village.
_REJECTED_ROWS_OF = """
SELECT r.rejected_id FROM rejected_rows r, workers w
WHERE w.worker_id = :w AND r.raw IS NOT NULL AND jsonb_typeof(r.raw) = 'object' AND (
    EXISTS (SELECT 1 FROM jsonb_each_text(r.raw) c,
                 LATERAL (SELECT regexp_replace(translate(c.value, '०१२३४५६७८९', '0123456789'), '[^0-9]', '', 'g')
                          AS digits) d
            WHERE (length(d.digits) BETWEEN 10 AND 13 AND right(d.digits, 10) IN (w.phone, w.phone_alt))
               OR d.digits = w.uan)
    OR (EXISTS (SELECT 1 FROM jsonb_each_text(r.raw) c WHERE lower(btrim(c.value)) = lower(w.name))
        AND EXISTS (SELECT 1 FROM jsonb_each_text(r.raw) c LEFT JOIN villages v ON v.village_code = w.home_village_code
                    WHERE lower(btrim(c.value)) IN (lower(w.father_name), lower(v.name_en), lower(v.name_hi))))
)
"""


_REJECTED_ROWS_HELD = (
    "SELECT r.batch_id, b.file_name, r.row_number, r.raw FROM rejected_rows r JOIN load_batches b USING (batch_id) "
    f"WHERE r.rejected_id IN ({_REJECTED_ROWS_OF}) ORDER BY 1, 3"
)


def identifiers(connection: Connection, worker_id: int) -> dict[str, Any]:
    """What identifies the person, to find it elsewhere (rejected rows, reviews, the audit log, reports)."""
    sql = text(
        "SELECT w.name, w.phone, w.phone_alt, w.uan, w.home_address_raw, w.erased_at, "
        "array_remove(array_agg(DISTINCT l.raw_address), NULL) AS addresses "
        "FROM workers w LEFT JOIN worker_locations l USING (worker_id) WHERE w.worker_id = :w GROUP BY w.worker_id"
    )
    row = connection.execute(sql, {"w": worker_id}).mappings().first()
    return dict(row) if row else {}


# In this order: what finds the person's traces (their phone, name, addresses) runs before the worker row
# loses them. Points finer than a block (home) or a district (workplaces, complaints) move to that area's
# reference point, so maps still count the person there and nowhere more precisely.
# Reference tables that hold the person's traces: what to find on the person's rows first (``:w``), then the change
# by what was found (``:found``). In two statements, since Citus refuses to change a reference table in a statement
# that reads a distributed one.
_ERASE_FOUND = {
    "rejected_rows": (
        _REJECTED_ROWS_OF,
        "UPDATE rejected_rows SET raw = NULL, errors = (SELECT coalesce(jsonb_agg(e - 'message'), '[]') "
        "FROM jsonb_array_elements(errors) e) WHERE rejected_id = ANY(:found)",
    ),
    "geocode_reviews": (
        "SELECT home_address_raw FROM workers WHERE worker_id = :w "
        "UNION SELECT raw_address FROM worker_locations WHERE worker_id = :w",
        "DELETE FROM geocode_reviews WHERE input_text = ANY(:found)",
    ),
    # A name leaves the dictionary only when nobody else has it.
    "worker_names": (
        "SELECT name_norm FROM workers WHERE worker_id = :w EXCEPT SELECT name_norm FROM workers "
        "WHERE name_norm IN (SELECT name_norm FROM workers WHERE worker_id = :w) AND worker_id <> :w",
        "DELETE FROM worker_names WHERE name_norm = ANY(:found)",
    ),
}
_ERASE_STEPS = {
    "worker_locations": "UPDATE worker_locations l SET raw_address = NULL, employer = NULL, block_code = NULL, "
    "point = d.point, precision = CASE WHEN d.point IS NULL THEN NULL ELSE 'district' END, confidence = NULL "
    "FROM worker_locations x LEFT JOIN districts d ON d.district_id = x.district_id "
    "WHERE x.worker_id = l.worker_id AND x.location_id = l.location_id AND l.worker_id = :w",
    "call_attempts": "UPDATE call_attempts SET note = NULL WHERE worker_id = :w",
    "complaint_events": "UPDATE complaint_events SET note = NULL WHERE worker_id = :w",
    # Ticket numbers and identities are freed before the rows that name them lose them.
    "complaint_refs": "DELETE FROM complaint_refs WHERE external_ref IN "
    "(SELECT external_ref FROM complaints WHERE worker_id = :w AND external_ref IS NOT NULL)",
    "complaints": "UPDATE complaints c SET external_ref = NULL, description = NULL, block_code = NULL, point = d.point "
    "FROM complaints x LEFT JOIN districts d ON d.district_id = x.district_id "
    "WHERE x.worker_id = c.worker_id AND x.complaint_id = c.complaint_id AND c.worker_id = :w",
    "worker_corrections": "UPDATE worker_corrections SET old_value = NULL, new_value = NULL, reason = NULL "
    "WHERE worker_id = :w",
    "worker_identities": "DELETE FROM worker_identities WHERE natural_key IN "
    "(SELECT natural_key FROM workers WHERE worker_id = :w UNION ALL "
    "SELECT 'uan:' || uan FROM workers WHERE worker_id = :w AND uan IS NOT NULL)",
    "workers": "UPDATE workers w SET natural_key = 'erased:' || w.worker_id, uan = NULL, name = 'erased', "
    "name_norm = 'erased', father_name = NULL, birth_year = NULL, phone = NULL, phone_alt = NULL, "
    "home_address_raw = NULL, home_village_code = NULL, home_confidence = NULL, "
    "home_point = coalesce(b.point, d.point), "
    "home_precision = CASE WHEN b.point IS NOT NULL THEN 'block' WHEN d.point IS NOT NULL THEN 'district' END, "
    "updated_at = now(), erased_at = now() "
    "FROM workers x LEFT JOIN subdistricts b ON b.subdistrict_code = x.home_block_code "
    "LEFT JOIN districts d ON d.district_id = x.home_district_id WHERE x.worker_id = w.worker_id AND w.worker_id = :w",
}


def erase(connection: Connection, worker_id: int) -> dict[str, int]:
    """Remove or pseudonymise the person's data in every table (``_ERASE_STEPS``), and earlier searches
    for their name in the audit log; returns rows changed per table."""
    found = identifiers(connection, worker_id)
    counts: dict[str, int] = {}
    for table, (find, change) in _ERASE_FOUND.items():
        found_there = [value for value in connection.execute(text(find), {"w": worker_id}).scalars() if value]
        counts[table] = connection.execute(text(change), {"found": found_there}).rowcount
    for table, sql in _ERASE_STEPS.items():
        counts[table] = connection.execute(text(sql), {"w": worker_id}).rowcount
    counts["audit_log"] = _redact_searches(connection, found)
    return counts


def _redact_searches(connection: Connection, found: Mapping[str, Any]) -> int:
    """Earlier searches for the person by name keep that a search happened, not the name."""
    if not found.get("name"):
        return 0
    sql = text(
        "UPDATE audit_log SET details = details || jsonb_build_object('name', '[erased]') "
        "WHERE action = 'search' AND lower(details->>'name') = lower(:name)"
    )
    return connection.execute(sql, {"name": found["name"]}).rowcount


def administrator_name(connection: Connection, user_id: int, worker_id: int) -> str | None:
    """The username of ``user_id`` if an active state administrator of the worker's home state, else None."""
    sql = text(
        "SELECT u.username FROM users u JOIN workers w ON w.home_state_code = u.scope_state_code "
        "WHERE u.user_id = :u AND u.role = 'state_admin' AND u.is_active AND w.worker_id = :w"
    )
    username = connection.execute(sql, {"u": user_id, "w": worker_id}).scalar()
    return None if username is None else str(username)


def erased_at(connection: Connection, worker_id: int) -> object | None:
    """When the worker was erased; None if never."""
    return connection.execute(text("SELECT erased_at FROM workers WHERE worker_id = :w"), {"w": worker_id}).scalar()


def worker_name(connection: Connection, worker_id: int) -> str | None:
    name = connection.execute(text("SELECT name FROM workers WHERE worker_id = :w"), {"w": worker_id}).scalar()
    return None if name is None else str(name)
