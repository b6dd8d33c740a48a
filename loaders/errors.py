"""Named loader failures. Each message says what is wrong with the file and what to do."""

from __future__ import annotations

from atlas.errors import AtlasError


class LoaderError(AtlasError):
    """A file cannot be loaded at all (as opposed to a bad row, which is reported and skipped)."""


class UnreadableFile(LoaderError):
    """The file is empty, not a table, or has no recognisable header row."""


class UploadTooLarge(LoaderError):
    """The file is over an upload limit (bytes, rows, or what an .xlsx would unzip to): split it."""


class UnknownKind(LoaderError):
    """The caller asked for a file kind that no loader handles."""

    def __init__(self, kind: str, known: list[str]) -> None:
        super().__init__(f"unknown file kind '{kind}'; use one of: {', '.join(known)}")


class NotAllowedToLoad(LoaderError):
    """The user a file is loaded for may not load files (only state administrators and district officers)."""

    def __init__(self) -> None:
        super().__init__(
            "this account may not load files: state administrators and district officers load files, "
            "each for their own area; ask one of them"
        )
