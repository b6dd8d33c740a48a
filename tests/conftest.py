"""Test fixtures: a real PostGIS database (``DATABASE_URL``), each test inside a rolled-back transaction."""

from __future__ import annotations

import os
import uuid
from collections.abc import Iterator
from contextlib import contextmanager
from html.parser import HTMLParser
from typing import Any

import pandas as pd
import pytest
from sqlalchemy import Connection, Engine, create_engine, text
from sqlalchemy.engine import make_url
from sqlalchemy.pool import NullPool

from atlas.auth import Scope
from atlas.db import engine_for, make_engine
from atlas.settings import settings


def forget_workers(connection: Connection, which: str, params: dict[str, Any]) -> None:
    """Delete the test's workers that ``which`` (a literal ``SELECT worker_id ...``) names, with their identities and
    ticket numbers, which are keyed by natural key and ticket rather than by worker (``worker_identities``)."""
    ids = connection.execute(text(which), params).scalars().all()
    for table in ("worker_identities", "complaint_refs", "workers"):  # literal names
        connection.execute(text(f"DELETE FROM {table} WHERE worker_id = ANY(:ids)"), {"ids": list(ids)})


@pytest.fixture(scope="session")
def engine() -> Iterator[Engine]:
    if not os.environ.get("DATABASE_URL"):
        pytest.exit("DATABASE_URL is not set: run the tests with `make test`, which starts a test cluster.", 2)
    engine = make_engine(settings.database_url)
    yield engine
    engine.dispose()


@pytest.fixture()
def db(engine: Engine) -> Iterator[Connection]:
    """A connection whose work is rolled back after the test, so tests never leak into each other."""
    with engine.connect() as connection:
        transaction = connection.begin()
        try:
            yield connection
        finally:
            transaction.rollback()


@pytest.fixture(scope="session")
def demo_url() -> str:
    """A small demo database (made by scripts/demo-db.sh under `make test`) for page and browser tests."""
    url = os.environ.get("DEMO_DATABASE_URL")
    if not url:
        pytest.exit("DEMO_DATABASE_URL is not set: run the tests with `make test`, which builds the demo database.", 2)
    return url


@pytest.fixture()
def on_demo_data(demo_url: str) -> Iterator[str]:
    """Point the app's settings at the demo database for one test, with empty caches on both sides.

    The demo database is shared by the whole session: a test that commits (an edit, a saved call, an
    audited action, a load) takes ``on_own_demo_data`` instead, so that no test sees another's writes."""
    with app_pointed_at(demo_url):
        yield demo_url


@pytest.fixture()
def own_demo(demo_url: str) -> Iterator[str]:
    """A copy of the demo database for this test alone, dropped afterwards: for tests that commit."""
    with copy_of_demo(demo_url) as url:
        yield url


@pytest.fixture()
def on_own_demo_data(own_demo: str) -> Iterator[str]:
    """``on_demo_data`` on the test's own copy of the demo database: the app may commit there."""
    with app_pointed_at(own_demo):
        yield own_demo


@contextmanager
def app_pointed_at(url: str) -> Iterator[None]:
    """The app's settings on ``url`` (the owner) and its application role, with empty caches on both sides."""
    import streamlit as st

    previous = settings.database_url, settings.app_database_url
    settings.database_url = url
    settings.app_database_url = app_url(url)
    st.cache_data.clear()
    try:
        yield
    finally:
        settings.database_url, settings.app_database_url = previous
        st.cache_data.clear()


def template_of(demo_url: str) -> str:
    """The untouched copy of the demo that scripts/demo-db.sh makes: no session connects to it (CREATE DATABASE
    ... TEMPLATE needs that, and the session's engines keep connections to the demo itself open)."""
    return f"{make_url(demo_url).database}_template"


@contextmanager
def copy_of_demo(demo_url: str) -> Iterator[str]:
    """The URL of a new database cloned from the demo's template, dropped (with its connections) afterwards.

    On Citus a template copies the coordinator alone, so scripts/demo-db.sh makes no template there and this
    gives the shared demo database itself: `make test-citus` runs these tests in order on shared data."""
    # No pool: a connection kept from before the test would be gone if the test restarts the server.
    admin = create_engine(make_url(demo_url).set(database="postgres"), isolation_level="AUTOCOMMIT", poolclass=NullPool)
    template = template_of(demo_url)
    try:
        with admin.connect() as connection:
            found = connection.execute(text("SELECT 1 FROM pg_database WHERE datname = :t"), {"t": template}).first()
        if found is None:
            if os.environ.get("ATLAS_CITUS_CLUSTER"):
                yield demo_url
                return
            pytest.fail(f"database {template} is missing: scripts/demo-db.sh makes it beside the demo database")
        name = f"{make_url(demo_url).database}_{uuid.uuid4().hex[:10]}"
        quote = admin.dialect.identifier_preparer.quote
        with admin.connect() as connection:
            connection.execute(text(f"CREATE DATABASE {quote(name)} TEMPLATE {quote(template)}"))
        url = make_url(demo_url).set(database=name).render_as_string(hide_password=False)
        try:
            yield url
        finally:
            for used in (url, app_url(url)):
                engine_for(used).dispose()
            with admin.connect() as connection:
                connection.execute(text(f"DROP DATABASE {quote(name)} WITH (FORCE)"))
    finally:
        admin.dispose()


def app_url(url: str) -> str:
    """The same database as the application role, to which row-level security applies."""
    return make_url(url).set(username="atlas_app", password=None).render_as_string(hide_password=False)


def on_citus(connection: Connection) -> bool:
    """Whether ``connection`` is to a Citus database (``make test-citus``) rather than the single node."""
    return bool(connection.execute(text("SELECT count(*) FROM pg_extension WHERE extname = 'citus'")).scalar_one())


def scope_of(url: str, username: str) -> Scope:
    """The scope of a demo user (created by `python -m atlas.users demo`)."""
    engine = create_engine(url)
    with engine.connect() as connection:
        user = connection.execute(
            text(
                "SELECT user_id, username, role, scope_state_code, scope_district_id, home_page, department "
                "FROM users WHERE username = :u"
            ),
            {"u": username},
        ).one()
    engine.dispose()
    return Scope(*user)


class _TableText(HTMLParser):
    """Rows of cell texts of an HTML table, the header first."""

    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.rows: list[list[str]] = []
        self._cell: list[str] | None = None

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        if tag == "tr":
            self.rows.append([])
        elif tag in ("td", "th"):
            self._cell = []

    def handle_endtag(self, tag: str) -> None:
        if tag in ("td", "th") and self._cell is not None:
            self.rows[-1].append("".join(self._cell))
            self._cell = None

    def handle_data(self, data: str) -> None:
        if self._cell is not None:
            self._cell.append(data)


def shown_tables(app: Any) -> list[pd.DataFrame]:
    """The tables an AppTest page shows (``dashboard.render.table``: escaped HTML), as frames of their text."""
    frames = []
    for element in app.get("html"):
        if 'class="atlas-table"' in element.proto.body:
            parser = _TableText()
            parser.feed(element.proto.body)
            frames.append(pd.DataFrame(parser.rows[1:], columns=parser.rows[0]))
    return frames


@pytest.fixture()
def demo(demo_url: str) -> Iterator[Connection]:
    """The demo database in a transaction that is rolled back."""
    engine = create_engine(demo_url)
    with engine.connect() as connection:
        transaction = connection.begin()
        yield connection
        transaction.rollback()
    engine.dispose()
