"""The dashboard's access to the query layer. Pages call these, never SQL.

Every call runs in its own transaction on the application role's engine (``atlas_app``,
to which PostgreSQL row-level security applies), after telling the database who is
asking (``access.set_scope``). Cached results are keyed by that scope as well as by the
arguments, so one user's rows are never served to another. A database that cannot be
reached becomes ``DatabaseUnavailable`` after one retry, which the frame shows as a message.
"""

from __future__ import annotations

import re
import time
from collections.abc import Callable, Mapping
from datetime import date, datetime
from typing import Any, Concatenate, ParamSpec, TypeVar

import pandas as pd
import streamlit as st
from sqlalchemy import Connection, Engine
from sqlalchemy.exc import DBAPIError, OperationalError

from atlas import reports, rights
from atlas.auth import LoginResult, Scope
from atlas.auth import login as check_login
from atlas.db import default_engine, engine_for
from atlas.errors import DatabaseUnavailable
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
from atlas.settings import settings
from dashboard import maps
from geo.geocoding import Geocoder, GeocodeResult
from geo.normalize import normalise_name
from loaders import LoadSummary, load_file
from loaders.complaints import DEADLINES, routing
from loaders.geocode import geocoder_for

P = ParamSpec("P")
R = TypeVar("R")
# Fewer digits than this match too many phones to be a search for one.
MIN_PHONE_DIGITS = 4
SCOPE_KEY = "atlas_scope"


def app_engine() -> Engine:
    return engine_for(settings.app_database_url)


def current_scope() -> Scope | None:
    scope = st.session_state.get(SCOPE_KEY)
    return scope if isinstance(scope, Scope) else None


def _unreachable(error: DBAPIError) -> bool:
    return isinstance(error, OperationalError) or bool(error.connection_invalidated)


def _run_scoped(
    scope: Scope | None, query: Callable[Concatenate[Connection, P], R], *args: P.args, **kwargs: P.kwargs
) -> R:
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
                raise DatabaseUnavailable(str(error.orig)) from error
            app_engine().dispose()
            time.sleep(0.5)
    raise AssertionError("unreachable")


def _named_after(run: Callable[P, R], query: Callable[..., Any]) -> Callable[P, R]:
    """``run`` under the query's name and docstring (no ``__wrapped__``: its signature is the query's without
    the connection, which the caller never passes)."""
    run.__name__, run.__qualname__, run.__doc__ = query.__name__, query.__qualname__, query.__doc__
    return run


def _connected(query: Callable[Concatenate[Connection, P], R]) -> Callable[P, R]:
    """Uncached: for single records and edits, which must always read the database."""

    def run(*args: P.args, **kwargs: P.kwargs) -> R:
        return _run_scoped(current_scope(), query, *args, **kwargs)

    return _named_after(run, query)


@st.cache_data(ttl=5, show_spinner=False)
def _data_version() -> str:
    """When the last load finished: part of every cache key, so a load from any process (the
    command line included) retires cached results within seconds, not at the end of their TTL."""
    return str(_run_scoped(None, quality.data_version))


# What the dashboard's own edits change. A load, a correction or an erasure changes anything (``clear``); a
# complaint's edit or a call changes only its part, and retires only the cached results that read that part.
EDITS = ("complaints", "calls", "people")
READS_EVERYTHING: tuple[str, ...] = EDITS
READS_LOADS_ONLY: tuple[str, ...] = ()  # reference geography and options: only a load changes them
READS_PEOPLE = ("calls", "people")  # a call updates where a worker is and when they were last reached
READS_COMPLAINTS = ("complaints", "people")
# Each cached query keeps at most this many results (filters × scopes), so retired ones do not pile up.
MAX_ENTRIES = 500


@st.cache_resource(show_spinner=False)
def _edit_counts() -> dict[str, int]:
    """How many edits of each part this server process has made: part of the cache keys of the queries that
    read that part (process-wide, as Streamlit's caches are; another process sees an edit at the TTL)."""
    return dict.fromkeys(EDITS, 0)


def cached(
    query: Callable[Concatenate[Connection, P], R], *, reads: tuple[str, ...] = READS_EVERYTHING
) -> Callable[P, R]:
    """``query`` without its connection, cached for ``settings.cache_ttl_s``, keyed by the data version, the
    edits of what it ``reads``, the signed-in scope and the arguments: ``kpis = cached(overview.kpis)`` is
    called as ``kpis(filters)``."""

    def by_scope(version: str, edits: tuple[int, ...], scope: Scope | None, *args: Any, **kwargs: Any) -> R:
        return _run_scoped(scope, query, *args, **kwargs)

    # Streamlit keys a cache by the function's module, name and source: give each query its own.
    by_scope.__module__, by_scope.__qualname__ = query.__module__, f"{query.__qualname__}.by_scope"
    cached_by_scope = st.cache_data(ttl=settings.cache_ttl_s, max_entries=MAX_ENTRIES, show_spinner=False)(by_scope)

    def run(*args: P.args, **kwargs: P.kwargs) -> R:
        counts = _edit_counts()
        edits = tuple(counts[part] for part in reads)
        return cached_by_scope(_data_version(), edits, current_scope(), *args, **kwargs)

    return _named_after(run, query)


def edited(*parts: str) -> None:
    """After an edit of ``parts``: the cached results that read them are asked again, for every user."""
    counts = _edit_counts()
    for part in parts:
        counts[part] += 1


def clear() -> None:
    """Forget every cached result, after a load, a correction or an erasure."""
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


audit_entries = _connected(access.audit_entries)
reference_coverage = cached(overview.reference_coverage, reads=READS_LOADS_ONLY)
states = cached(options.states, reads=READS_LOADS_ONLY)
districts_of_state = cached(options.districts_of_state, reads=READS_LOADS_ONLY)
blocks_of_district = cached(options.blocks_of_district, reads=READS_LOADS_ONLY)
skill_groups = cached(options.skill_groups, reads=READS_LOADS_ONLY)
hindi_name_sources = cached(options.hindi_name_sources, reads=READS_LOADS_ONLY)
has_synthetic_workers = cached(options.has_synthetic_workers)
kpis = cached(overview.kpis)
monthly_trends = cached(overview.monthly_trends, reads=READS_EVERYTHING)  # complaints lodged and resolved too
months_with_data = cached(overview.months_with_data, reads=READS_PEOPLE)
flow_places = cached(overview.flow_places, reads=READS_PEOPLE)
flows = cached(overview.flows_between_districts, reads=READS_PEOPLE)
migrants_by_home_area = cached(overview.migrants_by_home_area, reads=READS_PEOPLE)
sankey = cached(overview.home_district_to_destination_state, reads=READS_PEOPLE)
top_destinations = cached(overview.top_destinations, reads=READS_PEOPLE)
boundaries = cached(overview.boundaries, reads=READS_LOADS_ONLY)


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


count_workers = cached(district.count_workers)
returnees_outside_by_month = cached(returnees.outside_by_month, reads=READS_PEOPLE)
returnees_by_area = cached(returnees.by_area, reads=READS_PEOPLE)
top_skills = cached(reports_queries.top_skills)
call_list = cached(district.call_list)
count_due_calls = cached(district.count_due_calls)
complaints_of_district = cached(district.complaints_of_district, reads=READS_COMPLAINTS)
skill_density = cached(skills.skill_density, reads=READS_PEOPLE)
open_complaints_by_area = cached(complaints.open_complaints_by_area, reads=READS_COMPLAINTS)
complaint_breakdown = cached(complaints.complaint_breakdown, reads=READS_COMPLAINTS)
overdue_complaints = cached(complaints.overdue_complaints, reads=READS_COMPLAINTS)
reads_records = cached(access.reads_records)
eshram_gap = cached(drives.eshram_gap_by_block, reads=READS_PEOPLE)
people_without_uan = cached(drives.people_without_uan, reads=READS_PEOPLE)
district_quality = cached(quality.district_quality, reads=READS_PEOPLE)
department_ranking = cached(complaints.department_ranking, reads=READS_COMPLAINTS)
current_alerts = cached(alerts.current_alerts, reads=READS_COMPLAINTS)


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


inbox = cached(reports_queries.department_list, reads=READS_COMPLAINTS)


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
    edited("complaints")
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
    edited("complaints")
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
    edited("complaints")
    return changed


# --------------------------------------------------------------------------- call centre


def geocoder() -> Geocoder:
    """The in-memory geocoder, one per server process and database, shared with uploads (``loaders.geocode``)."""
    with default_engine().connect() as connection:
        return geocoder_for(connection)


def geocode_workplace(address: str) -> GeocodeResult:
    return geocoder().geocode(address)


workplace_context = cached(callcentre.workplace_context)


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
    edited("calls", "people")
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
    edited("complaints")
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


queue_progress = _connected(callqueue.queue_progress)


# --------------------------------------------------------------------------- drives and data quality


drive_names = cached(drives.drives)
camps = cached(drives.camps_with_registrations)
daily_registrations = cached(drives.daily_registrations)
district_ranking = cached(drives.district_ranking)
gig_share = cached(drives.gig_share_by_platform)
freshness = _connected(quality.freshness)
rejected_rows = _connected(quality.rejected_rows)
review_queue = _connected(quality.review_queue)


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
    """Erase a worker's personal data everywhere (the rollups, updated in the same transaction, keep counting them)."""
    erased = _rights(rights.erase, worker_id)
    clear()
    return erased
