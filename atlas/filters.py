"""The filters every dashboard view shares, as one typed value.

Pages read widgets into a ``Filters``; the query layer turns it into a WHERE clause with
bound parameters; the frame keeps it in the URL so that a link opens the same view.
"""

from __future__ import annotations

from dataclasses import dataclass, fields, replace
from datetime import date

GENDERS = ("M", "F", "T")
SOURCES = ("survey", "eshram", "call_centre", "self", "camp")


@dataclass(frozen=True)
class Filters:
    home_state_code: str | None = None
    home_district_id: int | None = None
    home_block_code: str | None = None
    skill_groups: tuple[str, ...] = ()
    dest_state_code: str | None = None
    #: A destination district: only the flows into it (and the workers working there).
    dest_district_id: int | None = None
    gender: str | None = None
    date_from: date | None = None
    date_to: date | None = None
    source: str | None = None

    def to_query_params(self) -> dict[str, str]:
        """Only the filters that are set, as URL query parameters."""
        out: dict[str, str] = {}
        for f in fields(self):
            value = getattr(self, f.name)
            if value in (None, ()):
                continue
            if isinstance(value, tuple):
                out[f.name] = ",".join(value)
            elif isinstance(value, date):
                out[f.name] = value.isoformat()
            else:
                out[f.name] = str(value)
        return out

    @classmethod
    def from_query_params(cls, params: dict[str, str]) -> Filters:
        """Parse URL parameters, ignoring any that are malformed rather than failing the page."""
        return cls(
            home_state_code=_code(params.get("home_state_code"), 2),
            home_district_id=_int(params.get("home_district_id")),
            home_block_code=_code(params.get("home_block_code"), 5),
            skill_groups=tuple(
                s for s in (params.get("skill_groups") or "").split(",") if s.replace("_", "").isalnum()
            ),
            dest_state_code=_code(params.get("dest_state_code"), 2),
            dest_district_id=_int(params.get("dest_district_id")),
            gender=params.get("gender") if params.get("gender") in GENDERS else None,
            date_from=_date(params.get("date_from")),
            date_to=_date(params.get("date_to")),
            source=params.get("source") if params.get("source") in SOURCES else None,
        )

    def with_(self, **changes: object) -> Filters:
        return replace(self, **changes)  # type: ignore[arg-type]


def _code(value: str | None, width: int) -> str | None:
    return value if value and value.isdigit() and len(value) == width else None


def _int(value: str | None) -> int | None:
    return int(value) if value and value.isdigit() else None


def _date(value: str | None) -> date | None:
    try:
        return date.fromisoformat(value) if value else None
    except ValueError:
        return None
