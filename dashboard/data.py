"""The dashboard's access to the query layer. Pages call these, never SQL.

Every call runs in its own transaction on the application role's engine (``atlas_app``,
to which PostgreSQL row-level security applies), after telling the database who is
asking (``access.set_scope``). Cached results are keyed by that scope as well as by the
arguments, so one user's rows are never served to another. A database that cannot be
reached becomes ``DataUnavailable`` after one retry, which the frame shows as a message.
"""

from __future__ import annotations

import re
import time
from collections.abc import Callable, Mapping
from datetime import date, datetime
from functools import wraps
from typing import Any, TypeVar

import geopandas as gpd
import pandas as pd
import streamlit as st
from sqlalchemy import Connection, Engine
from sqlalchemy.exc import DBAPIError, OperationalError

from atlas import reports, rights
from atlas.auth import LoginResult, Scope
from atlas.auth import login as check_login
from atlas.db import default_engine, engine_for
from atlas.filters import Filters
from atlas.queries import (
    access,
    alerts,
    callcentre,
    callqueue,
    complaints,
    district,
    drives,
    options,
    overview,
    quality,
    returnees,
    skills,
)
from atlas.queries import reports as reports_queries
from atlas.queries.rollups import refresh_rollups
from atlas.settings import settings
from dashboard import maps
from geo.geocoding import Geocoder, GeocodeResult
from geo.normalize import normalise_name
from loaders import LoadSummary, load_file
from loaders.complaints import DEADLINES, routing
from loaders.geocode import geocoder_for

R = TypeVar("R")
# Fewer digits than this match too many phones to be a search for one.
MIN_PHONE_DIGITS = 4
SCOPE_KEY = "atlas_scope"


class DataUnavailable(Exception):
    """The database could not answer; the page shows a message instead of a traceback."""


def app_engine() -> Engine:
    return engine_for(settings.app_database_url)


def current_scope() -> Scope | None:
    scope = st.session_state.get(SCOPE_KEY)
    return scope if isinstance(scope, Scope) else None


def _unreachable(error: DBAPIError) -> bool:
    return isinstance(error, OperationalError) or bool(error.connection_invalidated)


def _run_scoped(scope: Scope | None, query: Callable[..., R], *args: Any, **kwargs: Any) -> R:
    """``query(connection, *args)`` in one transaction with the scope set; one retry after a lost server."""
    for attempt in (1, 2):
        try:
            with app_engine().begin() as connection:
                access.set_scope(connection, scope.as_settings() if scope else {})
                return query(connection, *args, **kwargs)
        except DBAPIError as error:
            if not _unreachable(error):
                raise
            if attempt == 2:
                raise DataUnavailable(str(error.orig)) from error
            app_engine().dispose()
            time.sleep(0.5)
    raise AssertionError("unreachable")


def _connected(query: Callable[..., R]) -> Callable[..., R]:
    """Uncached: for single records and edits, which must always read the database."""

    @wraps(query)
    def run(*args: Any, **kwargs: Any) -> R:
        return _run_scoped(current_scope(), query, *args, **kwargs)

    return run


@st.cache_data(ttl=5, show_spinner=False)
def _data_version() -> str:
    """When the last load finished: part of every cache key, so a load from any process (the
    command line included) retires cached results within seconds, not at the end of their TTL."""
    return str(_run_scoped(None, quality.data_version))


def cached(query: Callable[..., R]) -> Callable[..., R]:
    """Cached for ``settings.cache_ttl_s``, keyed by the data version, the signed-in scope and the arguments."""

    def by_scope(version: str, scope: Scope | None, *args: Any) -> R:
        return _run_scoped(scope, query, *args)

    # Streamlit keys a cache by the function's module, name and source: give each query its own.
    by_scope.__module__, by_scope.__qualname__ = query.__module__, f"{query.__qualname__}.by_scope"
    by_scope = st.cache_data(ttl=settings.cache_ttl_s, show_spinner=False)(by_scope)

    @wraps(query)
    def run(*args: Any) -> R:
        return by_scope(_data_version(), current_scope(), *args)

    return run


def clear() -> None:
    """Forget cached results, after a load or an edit."""
    st.cache_data.clear()


def audit(
    action: str, target: str | None = None, details: Mapping[str, object] | None = None, *, scope: Scope | None = None
) -> None:
    """Record what the signed-in user did (its own transaction, so a failed page still leaves a trace)."""
    scope = scope or current_scope()

    def write(connection: Connection) -> None:
        access.audit(
            connection,
            user_id=scope.user_id if scope else None,
            username=scope.username if scope else None,
            action=action,
            target=target,
            details=details,
        )

    _run_scoped(scope, write)


def login(username: str, password: str) -> LoginResult:
    return _run_scoped(None, check_login, username, password)


@_connected
def audit_entries(
    connection: Connection, action: str | None, username: str | None, first_day: date | None, last_day: date | None
) -> pd.DataFrame:
    return access.audit_entries(connection, action=action, username=username, first_day=first_day, last_day=last_day)


@cached
def reference_coverage(connection: Connection) -> pd.DataFrame:
    return overview.reference_coverage(connection)


@cached
def states(connection: Connection) -> pd.DataFrame:
    return options.states(connection)


@cached
def districts_of_state(connection: Connection, state_code: str) -> pd.DataFrame:
    return options.districts_of_state(connection, state_code)


@cached
def blocks_of_district(connection: Connection, district_id: int) -> pd.DataFrame:
    return options.blocks_of_district(connection, district_id)


@cached
def skill_groups(connection: Connection) -> list[str]:
    return options.skill_groups(connection)


@cached
def hindi_name_sources(connection: Connection) -> pd.DataFrame:
    return options.hindi_name_sources(connection)


@cached
def has_synthetic_workers(connection: Connection) -> bool:
    return options.has_synthetic_workers(connection)


@cached
def kpis(connection: Connection, filters: Filters) -> dict[str, int | None]:
    return overview.kpis(connection, filters)


@cached
def monthly_trends(connection: Connection, filters: Filters) -> pd.DataFrame:
    return overview.monthly_trends(connection, filters)


@cached
def months_with_data(connection: Connection, filters: Filters) -> list[date]:
    return overview.months_with_data(connection, filters)


@cached
def flow_places(connection: Connection, filters: Filters, to_state: bool) -> pd.DataFrame:
    return overview.flow_places(connection, filters, to_state=to_state)


@cached
def flows(connection: Connection, filters: Filters, top_n: int, to_state: bool) -> pd.DataFrame:
    return overview.flows_between_districts(connection, filters, top_n=top_n, to_state=to_state)


@cached
def migrants_by_home_area(connection: Connection, filters: Filters) -> gpd.GeoDataFrame:
    return overview.migrants_by_home_area(connection, filters)


@cached
def sankey(connection: Connection, filters: Filters) -> pd.DataFrame:
    return overview.home_district_to_destination_state(connection, filters)


@cached
def top_destinations(connection: Connection, filters: Filters) -> pd.DataFrame:
    return overview.top_destinations(connection, filters)


@cached
def boundaries(connection: Connection, level: str) -> gpd.GeoDataFrame:
    return overview.boundaries(connection, level=level)


@st.cache_resource(show_spinner=False)
def outlines(level: str) -> str:
    """The state or district outlines as the maps draw them (``maps.outline_json``), encoded once per process:
    the reference geography is public and changes only with a reference load, after which the dashboard restarts."""
    return maps.outline_json(_run_scoped(None, overview.boundaries, level=level))


def worker_search(typed: str) -> district.WorkerSearch:
    """A worker-list search from what was typed: the digits are a phone's end, the rest name or village words."""
    digits = re.sub(r"\D", "", typed)
    words = normalise_name(re.sub(r"\d", " ", typed)) or ""
    return district.WorkerSearch(words=words, digits=digits if len(digits) >= MIN_PHONE_DIGITS else "")


@cached
def workers_in_district(
    connection: Connection, filters: Filters, page: int, page_size: int, search: district.WorkerSearch
) -> pd.DataFrame:
    return district.workers_in_district(connection, filters, limit=page_size, offset=page * page_size, search=search)


@cached
def count_workers(connection: Connection, filters: Filters, search: district.WorkerSearch) -> int:
    return district.count_workers(connection, filters, search=search)


@cached
def returnees_outside_by_month(connection: Connection, filters: Filters) -> pd.DataFrame:
    return returnees.outside_by_month(connection, filters)


@cached
def returnees_by_area(connection: Connection, filters: Filters) -> pd.DataFrame:
    return returnees.by_area(connection, filters)


@cached
def top_skills(connection: Connection, filters: Filters) -> pd.DataFrame:
    return reports_queries.top_skills(connection, filters)


@cached
def call_list(connection: Connection, filters: Filters) -> pd.DataFrame:
    return district.call_list(connection, filters)


@cached
def count_due_calls(connection: Connection, filters: Filters) -> int:
    return district.count_due_calls(connection, filters)


@cached
def complaints_of_district(connection: Connection, filters: Filters) -> pd.DataFrame:
    return district.complaints_of_district(connection, filters)


@cached
def skill_density(connection: Connection, filters: Filters, basis: str, size_m: int) -> gpd.GeoDataFrame:
    return skills.skill_density(connection, filters, basis=basis, size_m=size_m)


@cached
def open_complaints_by_area(connection: Connection, filters: Filters) -> pd.DataFrame:
    return complaints.open_complaints_by_area(connection, filters)


@cached
def complaint_breakdown(connection: Connection, filters: Filters, by: str) -> pd.DataFrame:
    return complaints.complaint_breakdown(connection, filters, by=by)


@cached
def overdue_complaints(connection: Connection, filters: Filters) -> pd.DataFrame:
    return complaints.overdue_complaints(connection, filters)


@cached
def reads_records(connection: Connection) -> bool:
    return access.reads_records(connection)


@cached
def eshram_gap(connection: Connection, filters: Filters) -> pd.DataFrame:
    return drives.eshram_gap_by_block(connection, filters)


@cached
def people_without_uan(connection: Connection, block_code: str) -> pd.DataFrame:
    return drives.people_without_uan(connection, block_code)


@cached
def district_quality(connection: Connection, state_code: str) -> pd.DataFrame:
    return quality.district_quality(connection, state_code)


@cached
def department_ranking(connection: Connection, filters: Filters) -> pd.DataFrame:
    return complaints.department_ranking(connection, filters)


@cached
def current_alerts(connection: Connection, filters: Filters, today: date) -> pd.DataFrame:
    return alerts.current_alerts(connection, filters, today=today)


def district_report(district_id: int, lang: str) -> Callable[[], bytes]:
    """The district's printed report (PDF), built when asked for, under the signed-in user's scope: the
    download runs on another thread, without the session, so the scope is taken now."""
    scope = current_scope()
    return lambda: _run_scoped(scope, reports.district_report, district_id, lang)


def state_report(state_code: str, lang: str) -> Callable[[], bytes]:
    """The state's printed report (PDF, every district ranked), built when asked for, as ``district_report``."""
    scope = current_scope()
    return lambda: _run_scoped(scope, reports.state_report, state_code, lang)


# --------------------------------------------------------------------------- a department's inbox


@cached
def inbox(connection: Connection, department: str, state_code: str) -> pd.DataFrame:
    return reports_queries.department_list(connection, department, state_code)


def department_list_pdf(department: str, state_code: str, lang: str) -> Callable[[], bytes]:
    """The department's daily printed list (PDF), built when asked for under the signed-in user's scope."""
    scope = current_scope()
    who = scope.username if scope else "?"
    return lambda: _run_scoped(scope, reports.department_list, department, state_code, lang, printed_by=who)


def act_on_complaint(complaint_id: int, action: str, note: str) -> bool:
    """A department's action on a complaint routed to it, in its own transaction (row-level security decides),
    in the complaint's timeline and the audit log: ``acknowledge`` (the first action), ``note``, ``resolve`` or
    ``send_back`` (for re-routing)."""
    user = _user_id()

    def act(connection: Connection) -> bool:
        if action == "note":
            return complaints.add_note(connection, complaint_id=complaint_id, note=note, user_id=user)
        if action == "send_back":
            return complaints.send_back(connection, complaint_id=complaint_id, note=note)
        to_status = {"acknowledge": "in_progress", "resolve": "resolved"}[action]
        return complaints.change_status(connection, complaint_id=complaint_id, to_status=to_status, note=note,
                                        user_id=user)  # fmt: skip

    done = _run_scoped(current_scope(), act)
    audit(f"department_{action}", target=f"complaint:{complaint_id}", details={"note": note, "done": done})
    clear()
    return done


def acknowledge_alert(district_id: int, category: str, week: date, note: str) -> bool:
    """Record that the signed-in officer acted on an alert (row-level security decides whether they may), audited."""

    user = _user_id()
    if user is None:
        return False

    def write(connection: Connection) -> bool:
        return alerts.acknowledge(
            connection, district_id=district_id, category=category, week=week, user_id=user, note=note
        )

    done = _run_scoped(current_scope(), write)
    target = f"alert:{district_id}:{category}:{week.isoformat()}"
    audit("acknowledge_alert", target=target, details={"note": note, "recorded": done})
    clear()
    return done


@_connected
def complaint_timeline(connection: Connection, complaint_id: int) -> tuple[dict[str, object] | None, pd.DataFrame]:
    return complaints.complaint_summary(connection, complaint_id), complaints.complaint_timeline(
        connection, complaint_id
    )


def _user_id() -> int | None:
    scope = current_scope()
    return scope.user_id if scope else None


def change_complaint_status(complaint_id: int, to_status: str, note: str) -> bool:
    """An edit in its own transaction (row-level security decides whether it is allowed), audited."""

    def edit(connection: Connection) -> bool:
        return complaints.change_status(
            connection, complaint_id=complaint_id, to_status=to_status, note=note, user_id=_user_id()
        )

    changed = _run_scoped(current_scope(), edit)
    audit("status", target=f"complaint:{complaint_id}", details={"to": to_status, "changed": changed})
    clear()
    return changed


# --------------------------------------------------------------------------- call centre


def geocoder() -> Geocoder:
    """The in-memory geocoder, one per server process and database, shared with uploads (``loaders.geocode``)."""
    with default_engine().connect() as connection:
        return geocoder_for(connection)


def geocode_workplace(address: str) -> GeocodeResult:
    return geocoder().geocode(address)


@cached
def workplace_context(
    connection: Connection, lon: float, lat: float, district_id: int | None, block_code: str | None
) -> tuple[dict[str, object], pd.DataFrame]:
    return callcentre.workplace_context(connection, lon=lon, lat=lat, district_id=district_id, block_code=block_code)


@_connected
def _find_workers(
    connection: Connection,
    phone: str | None,
    uan: str | None,
    name_text: str | None,
    village: str | None,
    worker_id: int | None,
) -> pd.DataFrame:
    return callcentre.find_workers(
        connection,
        phone=phone,
        uan=uan,
        name_norm=normalise_name(name_text) or None,
        village_norm=normalise_name(village) or None,
        worker_id=worker_id,
    )


def find_workers(
    phone: str | None, uan: str | None, name_text: str | None, village: str | None, *, worker_id: int | None = None
) -> pd.DataFrame:
    """Search for a person; the search and what was searched for are audited."""
    found = _find_workers(phone, uan, name_text, village, worker_id)
    audit(
        "search",
        details={
            "worker_id": worker_id,
            "phone": phone is not None,
            "uan": uan is not None,
            "name": name_text,
            "village": village,
            "results": len(found),
        },
    )
    return found


@_connected
def _worker_record(connection: Connection, worker_id: int) -> tuple[dict[str, object] | None, pd.DataFrame]:
    return callcentre.worker_record(connection, worker_id), callcentre.location_history(connection, worker_id)


def worker_record(worker_id: int, *, audited: bool = True) -> tuple[dict[str, object] | None, pd.DataFrame]:
    """One person's record (phone whole only for the call centre, by the database's own rule); audited when
    the page opens it (``audited``), not again on each rerun of the same opening."""
    record, history = _worker_record(worker_id)
    if audited:
        audit("view", target=f"worker:{worker_id}", details={"found": record is not None})
    return record, history


def complaint_route(category: str) -> tuple[str, bool, dict[str, str]]:
    """(department, is_emergency, deadlines) for a category, by the routing table the loaders use."""
    route = routing().loc[category]
    return str(route["department"]), bool(route["is_emergency"]), dict(DEADLINES)


def record_call(
    worker_id: int, outcome: str, workplace: callcentre.Workplace | None, note: str | None, *, submission_key: str
) -> int:
    """Save a call (once per submission key) and end any queue claim on the worker; returns the call's number."""
    call = callcentre.Call(worker_id, datetime.now().astimezone(), outcome, workplace, note, _user_id(), submission_key)
    number = _run_scoped(current_scope(), callcentre.record_call, call)
    audit("edit", target=f"worker:{worker_id}", details={"call": outcome, "call_id": number})
    clear()
    return number


def log_complaint(worker_id: int, category: str, description: str, *, submission_key: str) -> int:
    """File a routed complaint (once per submission key); returns its number."""
    department, emergency, deadlines = complaint_route(category)
    complaint = callcentre.NewComplaint(
        worker_id,
        category,
        description,
        department,
        emergency,
        deadlines,
        datetime.now().astimezone(),
        _user_id(),
        submission_key,
    )
    number = _run_scoped(current_scope(), callcentre.log_complaint, complaint)
    audit("edit", target=f"complaint:{number}", details={"worker": worker_id, "category": category})
    clear()
    return number


def take_next_worker(district_id: int | None) -> int | None:
    """Claim the next worker due a call in the agent's state (or one district of it); audited as ``queue``."""
    scope = current_scope()
    if scope is None or scope.state_code is None:
        return None
    choice = callqueue.QueueChoice(scope.state_code, district_id)
    worker = _run_scoped(scope, callqueue.claim_next, choice, agent_id=scope.user_id)
    audit("queue", target=f"worker:{worker}" if worker else None, details={"district_id": district_id})
    return worker


def my_claim() -> int | None:
    """The worker the signed-in agent holds from the queue, if the lease still runs."""
    scope = current_scope()
    return _run_scoped(scope, callqueue.current_claim, agent_id=scope.user_id) if scope else None


def leave_queue() -> None:
    """Give back the signed-in agent's claim, so another agent can take the worker."""
    scope = current_scope()
    if scope is not None:
        _run_scoped(scope, callqueue.release_claims, agent_id=scope.user_id)


def queue_lease_minutes() -> int:
    return settings.call_lease_minutes


@_connected
def queue_progress(connection: Connection, state_code: str) -> pd.DataFrame:
    return callqueue.queue_progress(connection, state_code)


# --------------------------------------------------------------------------- drives and data quality


@cached
def drive_names(connection: Connection) -> list[str]:
    return drives.drives(connection)


@cached
def camps(connection: Connection, drive: str) -> pd.DataFrame:
    return drives.camps_with_registrations(connection, drive)


@cached
def daily_registrations(connection: Connection, drive: str) -> pd.DataFrame:
    return drives.daily_registrations(connection, drive)


@cached
def district_ranking(connection: Connection, drive: str) -> pd.DataFrame:
    return drives.district_ranking(connection, drive)


@cached
def gig_share(connection: Connection, drive: str) -> pd.DataFrame:
    return drives.gig_share_by_platform(connection, drive)


@_connected
def freshness(connection: Connection) -> pd.DataFrame:
    return quality.freshness(connection)


@_connected
def rejected_rows(connection: Connection, batch_id: int | None) -> pd.DataFrame:
    return quality.rejected_rows(connection, batch_id=batch_id)


@_connected
def review_queue(connection: Connection) -> pd.DataFrame:
    return quality.review_queue(connection)


def upload(kind: str, content: bytes, file_name: str) -> LoadSummary:
    """Load an uploaded file through the same loader as the command line, then refresh the views.

    Loading writes many people's rows at once, so it runs on the owner's engine; the page lets
    only state administrators and district officers upload, and every upload is audited.
    """
    summary = load_file(kind, content, engine=default_engine(), file_name=file_name, user_id=_user_id())
    audit(
        "upload",
        target=f"batch:{summary.batch_id}",
        details={"kind": kind, "file": file_name, "loaded": summary.loaded, "rejected": summary.rejected},
    )
    clear()
    return summary


def exported(
    content: Callable[[], bytes], *, what: str, filters: Filters | None = None, personal: bool = False
) -> Callable[[], bytes]:
    """Wrap an export so that producing it is audited with what was exported, under which filters, and
    whether it holds people's data. Pages offer files through ``dashboard.downloads``, which calls this.

    Streamlit builds a download on another thread, without the session, so the scope is taken now.
    """
    scope = current_scope()

    def produce() -> bytes:
        data = content()
        details = {"filters": filters.to_query_params() if filters else {}, "bytes": len(data), "personal": personal}
        audit("export", target=what, details=details, scope=scope)
        return data

    return produce


# --------------------------------------------------------------------------- data rights


def _rights(action: Callable[..., R], worker_id: int, *args: Any) -> R:
    """A data-rights action on the owner's engine (it reaches every table); ``atlas.rights`` checks that the
    signed-in user administers the worker's state, and audits it."""
    user = _user_id()
    if user is None:
        raise rights.NotPermitted("sign in first")
    with default_engine().begin() as connection:
        return action(connection, worker_id, *args, user_id=user)


def person_record(worker_id: int, *, audited: bool = True) -> dict[str, Any]:
    """Everything held about a worker (audited as ``record`` when the page opens it, not on each rerun)."""
    return _rights(lambda c, w, *, user_id: rights.record(c, w, user_id=user_id, audited=audited), worker_id)


def correct_person(worker_id: int, changes: Mapping[str, str | None], reason: str | None) -> list[str]:
    """Correct fields of a worker's record, each change recorded (audited as ``correct``)."""
    changed = _rights(lambda c, w, *, user_id: rights.correct(c, w, changes, user_id=user_id, reason=reason), worker_id)
    clear()
    return changed


def erase_person(worker_id: int) -> dict[str, int]:
    """Erase a worker's personal data everywhere, then refresh the rollups (their counts stay the same)."""
    erased = _rights(rights.erase, worker_id)
    refresh_rollups(default_engine())
    clear()
    return erased
