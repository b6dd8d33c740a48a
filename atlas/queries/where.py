"""WHERE clauses from ``Filters``, with bound parameters only."""

from __future__ import annotations

from dataclasses import dataclass

from atlas.filters import Filters


@dataclass(frozen=True)
class Columns:
    """Column names (trusted constants, never user input) that each filter applies to."""

    home_state: str = "home_state_code"
    home_district: str = "home_district_id"
    home_block: str | None = "home_block_code"
    skill: str | None = "skill_group"
    dest_state: str | None = "current_state_code"
    dest_district: str | None = "current_district_id"
    gender: str | None = "gender"
    day: str | None = "month"
    source: str | None = "source"


ROLLUP = Columns()
WORKERS = Columns(
    home_state="w.home_state_code",
    home_district="w.home_district_id",
    home_block="w.home_block_code",
    skill=None,
    dest_state="w.current_state_code",
    dest_district="w.current_district_id",
    gender="w.gender",
    day="coalesce(w.current_observed_at, w.created_at)",
    source="w.source",
)


def where(filters: Filters, columns: Columns = ROLLUP) -> tuple[str, dict[str, object]]:
    """``(" AND ".join(conditions) or "TRUE", params)`` for the filters that are set."""
    conditions: list[str] = []
    params: dict[str, object] = {}

    def add(column: str | None, op: str, name: str, value: object) -> None:
        if column is None or value in (None, ()):
            return
        conditions.append(f"{column} {op} :{name}" if op != "ANY" else f"{column} = ANY(:{name})")
        params[name] = list(value) if isinstance(value, tuple) else value

    add(columns.home_state, "=", "f_home_state", filters.home_state_code)
    add(columns.home_district, "=", "f_home_district", filters.home_district_id)
    add(columns.home_block, "=", "f_home_block", filters.home_block_code)
    add(columns.skill, "ANY", "f_skills", filters.skill_groups)
    add(columns.dest_state, "=", "f_dest_state", filters.dest_state_code)
    add(columns.dest_district, "=", "f_dest_district", filters.dest_district_id)
    add(columns.gender, "=", "f_gender", filters.gender)
    date_from, date_to = filters.date_from, filters.date_to
    if columns.day == "month":  # the rollup counts by calendar month
        date_from = date_from.replace(day=1) if date_from else None
        date_to = date_to.replace(day=1) if date_to else None
    add(columns.day, ">=", "f_from", date_from)
    add(columns.day, "<=", "f_to", date_to)
    add(columns.source, "=", "f_source", filters.source)
    return (" AND ".join(conditions) or "TRUE", params)


# Complaints carry their worker's home state, district and block, so home filters need no join.
COMPLAINTS = Columns(
    home_state="c.home_state_code",
    home_district="c.home_district_id",
    home_block="c.home_block_code",
    skill=None,
    dest_state="w.current_state_code",
    dest_district="w.current_district_id",
    gender="w.gender",
    day=None,
    source="w.source",
)


def _with_skills(filters: Filters, columns: Columns, worker_id: str) -> tuple[str, dict[str, object]]:
    """Filters on person tables: a worker has a skill when any of their skills is in the group."""
    clause, params = where(filters.with_(skill_groups=()), columns)
    if filters.skill_groups:
        clause += (
            " AND EXISTS (SELECT 1 FROM worker_skills s JOIN occupations o USING (nco_code) "
            f"WHERE s.worker_id = {worker_id} AND o.skill_group = ANY(:f_skills))"
        )
        params["f_skills"] = list(filters.skill_groups)
    return clause, params


def person_where(filters: Filters) -> tuple[str, dict[str, object]]:
    """WHERE clause on ``workers w`` for the filters, skills included."""
    return _with_skills(filters, WORKERS, "w.worker_id")


def complaint_where(filters: Filters) -> tuple[str, str, dict[str, object]]:
    """``(join, clause, params)`` for complaints: joins the worker only for the worker's own filters."""
    person = filters.with_(date_from=None, date_to=None)
    clause, params = _with_skills(person, COMPLAINTS, "c.worker_id")
    needs_worker = any((person.dest_state_code, person.dest_district_id, person.gender, person.source))
    join = "JOIN workers w ON w.worker_id = c.worker_id" if needs_worker else ""
    return join, clause, params
