"""The dashboard's cached access to the query layer. Pages call these, never SQL.

Each function opens a connection through the one gateway, calls one query function and
returns its frame. Results are cached for ``settings.cache_ttl_s`` (a load clears the
cache through ``clear()``). A database failure becomes ``DataUnavailable``, which the app
frame turns into a clear message in the chosen language.
"""

from __future__ import annotations

from collections.abc import Callable
from datetime import datetime
from functools import wraps
from typing import ParamSpec, TypeVar

import geopandas as gpd
import pandas as pd
import streamlit as st
from sqlalchemy import Connection
from sqlalchemy.exc import DBAPIError, OperationalError

from atlas.db import default_engine
from atlas.filters import Filters
from atlas.queries import callcentre, complaints, district, drives, options, overview, quality, skills
from atlas.settings import settings
from geo.geocoder import Geocoder, GeocodeResult
from geo.normalize import normalise_name
from loaders import LoadSummary, load_file
from loaders.complaints import DEADLINES, routing

P = ParamSpec("P")
R = TypeVar("R")


class DataUnavailable(Exception):
    """The database could not answer; the page shows a message instead of a traceback."""


def _connected(query: Callable[..., R]) -> Callable[..., R]:
    """Run ``query(connection, *args)`` on a pooled connection; one retry survives a server restart."""

    @wraps(query)
    def run(*args: object, **kwargs: object) -> R:
        for attempt in (1, 2):
            try:
                with default_engine().connect() as connection:
                    return query(connection, *args, **kwargs)
            except (OperationalError, DBAPIError) as error:
                if attempt == 2 or not getattr(error, "connection_invalidated", True):
                    raise DataUnavailable(str(error.orig)) from error
                default_engine().dispose()
        raise AssertionError("unreachable")

    return run


def cached(query: Callable[..., R]) -> Callable[..., R]:
    return st.cache_data(ttl=settings.cache_ttl_s, show_spinner=False)(_connected(query))


def clear() -> None:
    """Forget cached results, after a load or an edit."""
    st.cache_data.clear()


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
def has_synthetic_workers(connection: Connection) -> bool:
    return options.has_synthetic_workers(connection)


@cached
def kpis(connection: Connection, filters: Filters) -> dict[str, int]:
    return overview.kpis(connection, filters)


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


@cached
def workers_in_district(connection: Connection, filters: Filters, page: int, page_size: int) -> pd.DataFrame:
    return district.workers_in_district(connection, filters, limit=page_size, offset=page * page_size)


@cached
def count_workers(connection: Connection, filters: Filters) -> int:
    return district.count_workers(connection, filters)


@cached
def call_list(connection: Connection, filters: Filters) -> pd.DataFrame:
    return district.call_list(connection, filters)


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


@_connected
def complaint_timeline(connection: Connection, complaint_id: int) -> tuple[dict[str, object] | None, pd.DataFrame]:
    return complaints.complaint_summary(connection, complaint_id), complaints.complaint_timeline(
        connection, complaint_id
    )


def change_complaint_status(complaint_id: int, to_status: str, note: str, user_id: int | None) -> bool:
    """An edit: its own transaction, then the cached views are refreshed."""
    with default_engine().begin() as connection:
        changed = complaints.change_status(
            connection, complaint_id=complaint_id, to_status=to_status, note=note, user_id=user_id
        )
    clear()
    return changed


# --------------------------------------------------------------------------- call centre


@st.cache_resource(show_spinner=False)
def geocoder() -> Geocoder:
    """The in-memory geocoder, built once per server process (about three seconds)."""
    with default_engine().connect() as connection:
        return Geocoder.from_connection(connection)


def geocode_workplace(address: str) -> GeocodeResult:
    return geocoder().geocode(address)


@_connected
def find_workers(
    connection: Connection, phone: str | None, uan: str | None, name_text: str | None, village: str | None
) -> pd.DataFrame:
    return callcentre.find_workers(
        connection,
        phone=phone,
        uan=uan,
        name_norm=normalise_name(name_text) or None,
        village_norm=normalise_name(village) or None,
    )


@_connected
def worker_record(connection: Connection, worker_id: int) -> tuple[dict[str, object] | None, pd.DataFrame]:
    return callcentre.worker_record(connection, worker_id), callcentre.location_history(connection, worker_id)


def complaint_route(category: str) -> tuple[str, bool, dict[str, str]]:
    """(department, is_emergency, deadlines) for a category, by the routing table the loaders use."""
    route = routing().loc[category]
    return str(route["department"]), bool(route["is_emergency"]), dict(DEADLINES)


def record_call(
    worker_id: int, outcome: str, workplace: callcentre.Workplace | None, note: str | None, user_id: int | None
) -> int | None:
    with default_engine().begin() as connection:
        call = callcentre.Call(worker_id, datetime.now().astimezone(), outcome, workplace, note, user_id)
        location = callcentre.record_call(connection, call)
    clear()
    return location


def log_complaint(worker_id: int, category: str, description: str, user_id: int | None) -> int:
    department, emergency, deadlines = complaint_route(category)
    with default_engine().begin() as connection:
        complaint = callcentre.NewComplaint(
            worker_id, category, description, department, emergency, deadlines, datetime.now().astimezone(), user_id
        )
        number = callcentre.log_complaint(connection, complaint)
    clear()
    return number


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


def upload(kind: str, content: bytes, file_name: str, user_id: int | None) -> LoadSummary:
    """Load an uploaded file through the same loader as the command line, then refresh the views."""
    summary = load_file(kind, content, engine=default_engine(), file_name=file_name, user_id=user_id)
    clear()
    return summary
