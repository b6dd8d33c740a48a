"""Test fixtures: a real PostGIS database (``DATABASE_URL``), each test inside a rolled-back transaction."""

from __future__ import annotations

import os
from collections.abc import Iterator

import pytest
from sqlalchemy import Connection, Engine

from atlas.db import make_engine
from atlas.settings import settings


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
