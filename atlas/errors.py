"""Named exceptions whose messages tell a user what to fix: one hierarchy under ``AtlasError``.

The loaders' failures (``loaders.errors``) and a refused data-rights action (``atlas.rights.NotPermitted``) are
``AtlasError`` too. ``geo/`` imports nothing of ``atlas``: its command line reports bad input with the built-in
``OSError`` and ``ValueError``.
"""

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


class ReferenceDataInvalid(AtlasError):
    """A reference file is there but cannot be used as it is; every problem is listed."""

    def __init__(self, path: Path, problems: list[str]) -> None:
        shown = "; ".join(problems[:20]) + (f"; and {len(problems) - 20} more" if len(problems) > 20 else "")
        super().__init__(f"Reference file {path} cannot be loaded: {shown}. Fix the file, or replace it with the "
                         "published one (README.md, Reference data).")  # fmt: skip
        self.path = path
        self.problems = problems


class DatabaseUnavailable(AtlasError):
    """The database could not answer (after one retry); the dashboard shows a message instead of a traceback."""


class FontMissing(AtlasError):
    """A font that exported pictures draw their text in is not installed."""

    def __init__(self, path: Path) -> None:
        super().__init__(f"the font {path} is missing: install the Debian package fonts-noto-core")


class OfflineAssetsMissing(AtlasError):
    """The local copies of folium's assets have not been made."""


class UnknownPlace(AtlasError):
    """A command named a district or state the database does not have."""
