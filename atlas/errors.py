"""Named exceptions whose messages tell a user what to fix."""

from __future__ import annotations

from pathlib import Path


class AtlasError(Exception):
    """Base class: a failure with a message meant for the person running the product."""


class ReferenceDataMissing(AtlasError):
    """Reference geography files are not in the data directory."""

    def __init__(self, data_dir: Path, missing: list[str]) -> None:
        names = ", ".join(missing)
        message = (
            f"Reference geography not found in {data_dir}: missing {names}. "
            "Set GEO_DATA_DIR to the folder that holds them, or copy them into data/geo/. "
            "Their public sources and licences are listed in README.md (Reference data)."
        )
        super().__init__(message)
        self.data_dir = data_dir
        self.missing = missing


class DatabaseUnavailable(AtlasError):
    """The database cannot be reached."""


class SchemaNotMigrated(AtlasError):
    """The database exists but the migrations have not been applied."""
