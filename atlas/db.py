"""The one gateway to the database: engine creation and per-connection limits."""

from __future__ import annotations

from collections.abc import Iterator
from contextlib import contextmanager
from functools import lru_cache

from sqlalchemy import Connection, Engine, create_engine, event

from atlas.queries.session import session_statements
from atlas.settings import settings


def make_engine(url: str | None = None, *, pool_size: int = 5) -> Engine:
    """Engine with pre-ping (survives a server restart) and a statement time limit."""
    engine = create_engine(
        url or settings.database_url,
        pool_pre_ping=True,
        pool_size=pool_size,
        max_overflow=10,
        future=True,
    )

    @event.listens_for(engine, "connect")
    def _limit_statements(dbapi_connection, _record):
        with dbapi_connection.cursor() as cursor:
            for statement in session_statements():
                cursor.execute(statement)
        dbapi_connection.commit()

    return engine


@lru_cache(maxsize=4)
def engine_for(url: str) -> Engine:
    """One engine per URL per process."""
    return make_engine(url)


def default_engine() -> Engine:
    return engine_for(settings.database_url)


@contextmanager
def transaction(engine: Engine | None = None) -> Iterator[Connection]:
    """A connection inside one transaction, committed on success, rolled back on error."""
    with (engine or default_engine()).begin() as connection:
        yield connection
