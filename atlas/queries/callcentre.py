"""The call centre's single-worker queries: find a worker, read one record, record a call, log a complaint."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime

import pandas as pd
from sqlalchemy import Connection, text

from atlas.queries import read_frame
from atlas.queries.complaints import home_of, sync_routing
from atlas.queries.district import MASKED_PHONE
from atlas.queries.points import point, point_or_null
from atlas.queries.rollups import rollup_changes

FIND_COLUMNS = ["worker_id", "name", "phone_masked", "village_en", "block_en", "block_hi", "district_en",
                "district_hi", "score"]  # fmt: skip
# A fuzzy name search looks at this many of the nearest distinct names, nearest first.
NEAREST_NAMES = 200


def find_workers(  # noqa: PLR0913 - every search field is keyword-only and named
    connection: Connection,
    *,
    phone: str | None = None,
    uan: str | None = None,
    name_norm: str | None = None,
    village_norm: str | None = None,
    worker_id: int | None = None,
    limit: int = 20,
) -> pd.DataFrame:
    """Workers matching a worker id (as the district's call list gives it), a phone, a UAN, or a name (and
    optionally a village), best first.

    Columns: ``FIND_COLUMNS``. A name spelt exactly as stored is looked up directly; otherwise the
    nearest spellings come from the ``worker_names`` dictionary, nearest first.
    """
    conditions: list[str] = []
    params: dict[str, object] = {"limit": limit}
    if phone:
        conditions.append("(w.phone = :phone OR w.phone_alt = :phone)")
        params["phone"] = phone
    if uan:
        conditions.append("w.uan = :uan")
        params["uan"] = uan
    if worker_id is not None:
        conditions.append("w.worker_id = :worker_id")
        params["worker_id"] = worker_id
    if village_norm:
        conditions.append("v.name_norm % :village")
        params["village"] = village_norm
    if not conditions and not name_norm:
        return pd.DataFrame(columns=FIND_COLUMNS)
    params["name"] = name_norm
    if name_norm and not _name_exists(connection, name_norm):
        params["nearest"] = _nearest_names(connection, name_norm)
        sql = text(_by_name(conditions))
    else:
        sql = text(_direct(conditions + (["w.name_norm = :name"] if name_norm else []), scored=bool(name_norm)))
    return read_frame(connection, sql, params)


def _name_exists(connection: Connection, name_norm: str) -> bool:
    sql = text("SELECT EXISTS (SELECT 1 FROM workers WHERE name_norm = :n)")
    return bool(connection.execute(sql, {"n": name_norm}).scalar())


_FIND_SELECT = f"""
SELECT w.worker_id, w.name, {MASKED_PHONE} AS phone_masked, v.name_en AS village_en,
       b.name_en AS block_en, b.name_hi AS block_hi, d.name_en AS district_en, d.name_hi AS district_hi,
       {{score}} AS score
"""
_FIND_PLACES = """
LEFT JOIN subdistricts b ON b.subdistrict_code = w.home_block_code
LEFT JOIN districts d ON d.district_id = w.home_district_id
"""


def _direct(conditions: list[str], *, scored: bool) -> str:
    """Workers found through their own indexes (phone, UAN, exact name), lowest id first."""
    return (
        _FIND_SELECT.format(score="similarity(w.name_norm, :name)" if scored else "1.0")
        + "FROM workers w LEFT JOIN villages v ON v.village_code = w.home_village_code"
        + _FIND_PLACES
        + f"WHERE {' AND '.join(conditions)} ORDER BY w.worker_id LIMIT :limit"
    )


def _by_name(conditions: list[str]) -> str:
    """Workers of the nearest spellings (``:nearest``, nearest first, from ``_nearest_names``), each name's workers
    from the B-tree on ``workers.name_norm``. The names are read first: on Citus a LATERAL subquery with a LIMIT
    over the distributed workers cannot be planned."""
    where = " AND ".join(["w.name_norm = ANY (CAST(:nearest AS text[]))", *conditions])
    return (
        _FIND_SELECT.format(score="similarity(w.name_norm, :name)")
        + "FROM workers w LEFT JOIN villages v ON v.village_code = w.home_village_code"
        + _FIND_PLACES
        + f"WHERE {where} ORDER BY array_position(CAST(:nearest AS text[]), w.name_norm), w.worker_id LIMIT :limit"
    )


def _nearest_names(connection: Connection, name_norm: str) -> list[str]:
    """The dictionary's spellings nearest ``name_norm``, nearest first, from its trigram index."""
    sql = text("SELECT name_norm FROM worker_names WHERE name_norm % :name ORDER BY name_norm <-> :name LIMIT :names")
    return list(connection.execute(sql, {"name": name_norm, "names": NEAREST_NAMES}).scalars())


def worker_record(connection: Connection, worker_id: int) -> dict[str, object] | None:
    """One worker's record with the full phone (the call centre dials it), or None."""
    sql = text(
        """
        SELECT w.worker_id, w.uan, w.name, w.father_name, w.gender, w.birth_year, atlas_phone(w.phone) AS phone,
               atlas_phone(w.phone_alt) AS phone_alt,
               w.home_address_raw, w.home_precision, v.name_en AS village_en, b.name_en AS block_en,
               b.name_hi AS block_hi, d.name_en AS district_en, d.name_hi AS district_hi, w.last_reached_at,
               w.is_interstate_migrant, w.source, w.is_synthetic,
               (SELECT string_agg(o.skill_group, ',' ORDER BY o.skill_group) FROM worker_skills s
                JOIN occupations o USING (nco_code) WHERE s.worker_id = w.worker_id) AS skills
        FROM workers w
        LEFT JOIN villages v ON v.village_code = w.home_village_code
        LEFT JOIN subdistricts b ON b.subdistrict_code = w.home_block_code
        LEFT JOIN districts d ON d.district_id = w.home_district_id
        WHERE w.worker_id = :id
        """
    )
    row = connection.execute(sql, {"id": worker_id}).mappings().first()
    return dict(row) if row else None


def location_history(connection: Connection, worker_id: int) -> pd.DataFrame:
    """Where the worker has been seen, newest first: ``observed_at, source, raw_address, employer, sector,
    district_en, district_hi, state_en, state_hi, precision``."""
    sql = text(
        "SELECT l.observed_at, l.source, l.raw_address, l.employer, l.sector, d.name_en AS district_en, "
        "d.name_hi AS district_hi, s.name_en AS state_en, s.name_hi AS state_hi, l.precision "
        "FROM worker_locations l LEFT JOIN districts d ON d.district_id = l.district_id "
        "LEFT JOIN states s ON s.state_code = l.state_code WHERE l.worker_id = :id "
        "ORDER BY l.observed_at DESC, l.location_id DESC"
    )
    return read_frame(connection, sql, {"id": worker_id})


@dataclass(frozen=True)
class Workplace:
    """A geocoded workplace as the call centre records it."""

    raw_address: str
    lon: float | None
    lat: float | None
    state_code: str | None
    district_id: int | None
    block_code: str | None
    precision: str | None
    confidence: float | None
    employer: str | None = None
    sector: str | None = None


@dataclass(frozen=True)
class Call:
    """One call-centre call: who was called, when, what happened, and who recorded it."""

    worker_id: int
    called_at: datetime
    outcome: str
    workplace: Workplace | None
    note: str | None
    user_id: int | None
    #: The form's key: the same key saved twice is one call (``saved_call``).
    submission_key: str | None = None


def _saved_earlier(connection: Connection, table: str, id_column: str, worker_id: int, key: str | None) -> int | None:
    """The id of the row a submission with this key already made, if any. Holds a lock on the key until the
    transaction ends, so a second request with the same key waits and then finds the first one's row."""
    if key is None:
        return None
    connection.execute(text("SELECT pg_advisory_xact_lock(hashtext(:k))"), {"k": f"{table}:{key}"})
    found = connection.execute(
        text(f"SELECT {id_column} FROM {table} WHERE worker_id = :w AND submission_key = :k"),  # literal names
        {"w": worker_id, "k": key},
    ).scalar()
    return int(found) if found is not None else None


def record_call(connection: Connection, call: Call) -> int:
    """Add a call attempt (and a location when the worker was reached and said where they work); returns
    the call's number. A submission key already saved returns that call and adds nothing.

    History only grows; the worker's current location moves only if this observation is the newest.
    Recording a call ends any claim on the worker from the call queue.
    """
    earlier = _saved_earlier(connection, "call_attempts", "call_id", call.worker_id, call.submission_key)
    if earlier is not None:
        return earlier
    # Reaching a worker or learning where they work moves them in the rollups, in this transaction.
    with rollup_changes(connection, [call.worker_id]):
        return _save_call(connection, call)


def _save_call(connection: Connection, call: Call) -> int:
    location_id = _record_workplace(connection, call)
    call_id = connection.execute(
        text(
            "INSERT INTO call_attempts (worker_id, called_at, outcome, location_id, note, agent_id, submission_key, "
            "home_state_code, home_district_id) SELECT w.worker_id, :at, :outcome, :loc, :note, :user, :key, "
            "w.home_state_code, w.home_district_id FROM workers w WHERE w.worker_id = :w RETURNING call_id"
        ),
        {
            "w": call.worker_id,
            "at": call.called_at,
            "outcome": call.outcome,
            "loc": location_id,
            "note": call.note,
            "user": call.user_id,
            "key": call.submission_key,
        },
    ).scalar_one()
    if call.outcome == "reached":
        connection.execute(
            text(
                "UPDATE workers SET last_reached_at = greatest(coalesce(last_reached_at, :at), :at) "
                "WHERE worker_id = :w"
            ),
            {"w": call.worker_id, "at": call.called_at},
        )
    connection.execute(text("DELETE FROM call_claims WHERE worker_id = :w"), {"w": call.worker_id})
    return int(call_id)


def _record_workplace(connection: Connection, call: Call) -> int | None:
    """The location a reached worker gave, as a new observation; the current one if it is the newest."""
    worker_id, called_at, outcome, workplace, user_id = (
        call.worker_id, call.called_at, call.outcome, call.workplace, call.user_id
    )  # fmt: skip
    location_id = None
    if workplace is not None and outcome == "reached":
        location_id = connection.execute(
            text(
                "INSERT INTO worker_locations (worker_id, observed_at, source, raw_address, employer, sector, point, "
                "state_code, district_id, block_code, precision, confidence, recorded_by, home_state_code, "
                "home_district_id) SELECT w.worker_id, :at, 'call_centre', :raw, :employer, :sector, "
                f"{point_or_null(':lon', ':lat')}, "
                ":state, :district, :block, :precision, :confidence, :user, w.home_state_code, w.home_district_id "
                "FROM workers w WHERE w.worker_id = :w RETURNING location_id"
            ),
            {
                "w": worker_id,
                "at": called_at,
                "raw": workplace.raw_address,
                "employer": workplace.employer,
                "sector": workplace.sector,
                "lon": workplace.lon,
                "lat": workplace.lat,
                "state": workplace.state_code,
                "district": workplace.district_id,
                "block": workplace.block_code,
                "precision": workplace.precision,
                "confidence": workplace.confidence,
                "user": user_id,
            },
        ).scalar_one()
        connection.execute(
            text(
                "UPDATE workers SET current_location_id = :loc, current_state_code = :state, "
                "current_district_id = :district, current_observed_at = :at, updated_at = now() "
                "WHERE worker_id = :w AND (current_observed_at IS NULL OR current_observed_at <= :at)"
            ),
            {
                "loc": location_id,
                "state": workplace.state_code,
                "district": workplace.district_id,
                "at": called_at,
                "w": worker_id,
            },
        )
    return location_id


@dataclass(frozen=True)
class NewComplaint:
    """A complaint as the call centre logs it, already routed by its category."""

    worker_id: int
    category: str
    description: str
    department: str
    is_emergency: bool
    deadlines: dict[str, str]
    lodged_at: datetime
    user_id: int | None
    #: The form's key: the same key saved twice is one complaint.
    submission_key: str | None = None


def log_complaint(connection: Connection, complaint: NewComplaint) -> int:
    """Save a complaint routed to its department with deadlines from ``lodged_at``; returns its number.
    A submission key already saved returns that complaint's number and files nothing."""
    earlier = _saved_earlier(connection, "complaints", "complaint_id", complaint.worker_id, complaint.submission_key)
    if earlier is not None:
        return earlier
    with rollup_changes(connection, [complaint.worker_id]):  # counted in the month it was lodged
        return _file_complaint(connection, complaint)


def _file_complaint(connection: Connection, complaint: NewComplaint) -> int:
    worker_id, category, description = complaint.worker_id, complaint.category, complaint.description
    department, is_emergency, deadlines = complaint.department, complaint.is_emergency, complaint.deadlines
    lodged_at, user_id = complaint.lodged_at, complaint.user_id
    complaint_id = connection.execute(
        text(
            "INSERT INTO complaints (worker_id, category, channel, description, state_code, district_id, "
            "home_state_code, home_district_id, home_block_code, department, status, is_emergency, lodged_at, "
            "route_due_at, first_action_due_at, resolve_due_at, routed_at, submission_key) "
            "SELECT w.worker_id, :category, 'call_centre', :description, w.current_state_code, w.current_district_id, "
            "w.home_state_code, w.home_district_id, w.home_block_code, :department, 'routed', :emergency, :at, "
            "CAST(:at AS timestamptz) + CAST(:route AS interval), "
            "CASE WHEN :emergency THEN CAST(:at AS timestamptz) + CAST(:first AS interval) END, "
            "CAST(:at AS timestamptz) + CAST(:resolve AS interval), :at, :key "
            "FROM workers w WHERE w.worker_id = :w RETURNING complaint_id"
        ),
        {
            "w": worker_id,
            "category": category,
            "description": description,
            "department": department,
            "emergency": is_emergency,
            "at": lodged_at,
            "route": deadlines["route"],
            "first": deadlines["first_action"],
            "resolve": deadlines["resolve"],
            "key": complaint.submission_key,
        },
    ).scalar_one()
    connection.execute(
        text(
            "INSERT INTO complaint_events (worker_id, complaint_id, at, actor_user_id, action, to_status, department, "
            "note, home_state_code, home_district_id, complaint_department) VALUES (:w, :c, :at, :user, "
            "'lodged_and_routed', 'routed', :department, :note, :home_state, :home_district, :department)"
        ),  # VALUES, as complaints.change_status writes its event (a COPY through the coordinator meets RLS on Citus)
        {
            **home_of(connection, worker_id),
            "w": worker_id,
            "c": complaint_id,
            "at": lodged_at,
            "user": user_id,
            "department": department,
            "note": description[:500],
        },
    )
    sync_routing(connection, [worker_id])
    return int(complaint_id)


NEARBY_KINDS = ("village", "post_office", "town", "subdistrict_hq", "district_hq")


def workplace_context(
    connection: Connection, *, lon: float, lat: float, district_id: int | None, block_code: str | None, nearby: int = 6
) -> tuple[dict[str, object], pd.DataFrame]:
    """What lets an agent confirm a geocoded workplace: the names of its district and block, and the nearest
    named places (``name, kind, lon, lat, km``, nearest first, from the gazetteer's trusted points)."""
    names = (
        connection.execute(
            text(
                "SELECT (SELECT name_en FROM districts WHERE district_id = :d) AS district_en, "
                "(SELECT name_hi FROM districts WHERE district_id = :d) AS district_hi, "
                "(SELECT name_en FROM subdistricts WHERE subdistrict_code = :b) AS block_en, "
                "(SELECT name_hi FROM subdistricts WHERE subdistrict_code = :b) AS block_hi"
            ),
            {"d": district_id, "b": block_code},
        )
        .mappings()
        .one()
    )
    places = read_frame(
        connection,
        text(
            "SELECT g.name, g.kind, ST_X(g.point) AS lon, ST_Y(g.point) AS lat, "
            "round((ST_DistanceSphere(g.point, p.here) / 1000)::numeric, 1)::float AS km "
            f"FROM (SELECT {point(':lon', ':lat')} AS here) p "
            "CROSS JOIN LATERAL (SELECT DISTINCT ON (name) * FROM (SELECT * FROM gazetteer WHERE point IS NOT NULL "
            "AND quality = 'ok' AND kind = ANY(:kinds) ORDER BY point <-> p.here LIMIT :n * 4) near "
            "ORDER BY name, point <-> p.here) g ORDER BY km LIMIT :n"
        ),
        {"lon": lon, "lat": lat, "kinds": list(NEARBY_KINDS), "n": nearby},
    )
    return dict(names), places
