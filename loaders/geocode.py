"""The geocode step of every loader: addresses in a frame -> place columns in a frame.

Distinct addresses are geocoded once (a survey of 16 lakh rows names far fewer villages), with
``geo.geocoder.Geocoder``. Unresolved and doubtful results go to the review queue. When that
module is not installed the step falls back to a district-and-state lookup, and says so.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from functools import partial
from itertools import repeat, starmap
from operator import attrgetter
from typing import Any

import numpy as np
import pandas as pd
from sqlalchemy import Connection, text

from atlas.forked import Forked
from geo.normalize import normalise_name
from loaders.clean import per_distinct

#: The fields of ``geo.geocoder.StructuredAddress``, in its order.
ADDRESS_FIELDS = (
    "village",
    "panchayat",
    "post_office",
    "police_station",
    "block",
    "district",
    "state",
    "pincode",
    "text",
)
# The review queue is keyed by the normalised address in a btree index (at most 2,704 bytes per entry):
# an address longer than this (seven fields near their length limit) is queued by its beginning.
MAX_REVIEW_CHARS = 600
RESULT_COLUMNS = (
    "lon", "lat", "state_code", "district_id", "block_code", "village_code", "precision", "confidence",
    "needs_review", "reason",
)  # fmt: skip

# From this many distinct addresses on, two processes geocode them (see _geocode_distinct).
SPLIT_MIN_ADDRESSES = 20_000

RESULT_TYPES: dict[str, Any] = {
    "lon": "float64", "lat": "float64", "state_code": "object", "district_id": "Int64", "block_code": "object",
    "village_code": "object", "precision": "object", "confidence": "float64", "needs_review": "boolean",
    "reason": "object",
}  # fmt: skip


@dataclass(frozen=True)
class PlaceResult:
    """What the fallback geocoder returns: the fields of ``geo.geocoder.GeocodeResult`` the loaders use."""

    lon: float | None = None
    lat: float | None = None
    state_code: str | None = None
    district_id: int | None = None
    block_code: str | None = None
    village_code: str | None = None
    precision: str | None = None
    confidence: float = 0.0
    reason: str | None = None
    needs_review: bool = True


class DistrictLookup:
    """Fallback used until the full geocoder is installed: resolves a district, else a state, by name."""

    def __init__(self, connection: Connection) -> None:
        sql = (
            "SELECT d.name_norm AS key, d.district_id, d.state_code, ST_X(d.point) AS lon, ST_Y(d.point) AS lat "
            "FROM districts d UNION ALL SELECT a.alias_norm, d.district_id, d.state_code, ST_X(d.point), ST_Y(d.point) "
            "FROM district_aliases a JOIN districts d USING (district_id)"
        )
        self._districts: dict[str, list[dict[str, Any]]] = {}
        for row in connection.execute(text(sql)).mappings():
            self._districts.setdefault(row["key"], []).append(dict(row))
        states = "SELECT name_norm, state_code, ST_X(point) AS lon, ST_Y(point) AS lat FROM states"
        self._states = {r["name_norm"]: dict(r) for r in connection.execute(text(states)).mappings()}

    def geocode_many(self, addresses: Sequence[dict[str, str]]) -> list[PlaceResult]:
        return [self._one(a) for a in addresses]

    def _one(self, address: dict[str, str]) -> PlaceResult:
        parts = [address.get("district", ""), *reversed(address.get("text", "").split(",")), address.get("block", "")]
        state = self._states.get(normalise_name(address.get("state", "")))
        for part in parts:
            for candidate in self._districts.get(normalise_name(part), []):
                if state is None or candidate["state_code"] == state["state_code"]:
                    return PlaceResult(candidate["lon"], candidate["lat"], candidate["state_code"],
                                       candidate["district_id"], precision="district", confidence=0.5,
                                       reason="district only: full geocoder not installed")  # fmt: skip
        if state is None:
            state = next((self._states[k] for p in parts if (k := normalise_name(p)) in self._states), None)
        if state is not None:
            return PlaceResult(state["lon"], state["lat"], state["state_code"], precision="state", confidence=0.3,
                               reason="state only: full geocoder not installed")  # fmt: skip
        return PlaceResult(reason="no district or state recognised")


_GEOCODERS: dict[str, Any] = {}


def geocoder_for(connection: Connection) -> tuple[Any, bool]:
    """``(geocoder, is_full)``: one per database per process, since building it reads the gazetteer."""
    url = connection.engine.url.render_as_string(hide_password=True)
    try:
        from geo.geocoder import Geocoder
    except ImportError:
        key = f"fallback|{url}"
        if key not in _GEOCODERS:
            _GEOCODERS[key] = DistrictLookup(connection)
        return _GEOCODERS[key], False
    if url not in _GEOCODERS:
        _GEOCODERS[url] = Geocoder.from_connection(connection)
    return _GEOCODERS[url], True


def _inputs(distinct: pd.DataFrame, is_full: bool) -> list[Any]:
    if not is_full:
        return distinct.to_dict("records")
    from geo.geocoder import StructuredAddress, cycle_collector_paused

    fields = [c for c in distinct.columns if c in ADDRESS_FIELDS]
    if fields == ["text"]:
        return distinct["text"].tolist()
    # Column by column and positionally: a survey has lakhs of distinct addresses, and a dict per row
    # costs more than the address itself.
    columns = [[v or None for v in distinct[f].tolist()] if f in fields else repeat(None) for f in ADDRESS_FIELDS]
    with cycle_collector_paused():
        return list(starmap(StructuredAddress, zip(*columns, strict=False)))


def _typed_key(is_full: bool) -> Any:
    """The geocoder's own notion of "the same input" per field (case, spacing, script), else the text itself."""
    if not is_full:
        return lambda value: value
    from geo.geocoder import typed_key

    return typed_key


def address_groups(frame: pd.DataFrame, key: Any) -> np.ndarray:
    """Group number of each row: rows whose fields have the same key get the same number.

    Fields are keyed once per distinct value, and the per-field codes are combined and
    re-factorised column by column, so no row-wise tuple is ever built.
    """
    groups = np.zeros(len(frame), dtype=np.int64)
    for column in frame.columns:
        # Keys are numbered among the column's distinct values, so no row's key string is hashed again.
        codes = per_distinct(frame[column], lambda values: pd.Series(pd.factorize(values.map(key))[0])).to_numpy()
        groups, _ = pd.factorize(groups * (codes.max(initial=0) + 2) + codes + 1)  # codes are -1 (blank) or more
    return groups


def geocode_addresses(connection: Connection, addresses: pd.DataFrame) -> tuple[pd.DataFrame, list[str]]:
    """Place columns (``RESULT_COLUMNS``) for each row of ``addresses`` (columns among ``ADDRESS_FIELDS``),
    and notices; doubtful addresses go to the review queue (see ``locate``)."""
    located = locate(connection, addresses)
    queue_reviews(connection, located.reviews)
    return located.places(addresses.index), located.notices


@dataclass(frozen=True)
class Located:
    """Geocoded addresses, kept small enough to hand from one process to another.

    ``distinct``: ``RESULT_COLUMNS``, typed, one row per distinct address and an empty last row for
    blank ones; ``row_group``: each input row's position in ``distinct``; ``reviews``: the review queue's
    rows for the results that need a reviewer's eye (for ``queue_reviews``); ``notices`` for the user.
    """

    distinct: pd.DataFrame
    row_group: np.ndarray
    reviews: pd.DataFrame
    notices: list[str]

    def places(self, index: pd.Index) -> pd.DataFrame:
        """``RESULT_COLUMNS`` of each input row, on ``index``."""
        places = self.distinct.take(self.row_group)
        places.index = index
        return places


def locate(connection: Connection, addresses: pd.DataFrame) -> Located:
    """Geocode ``addresses`` (columns among ``ADDRESS_FIELDS``) without writing anything.

    Each distinct address (as the geocoder keys it) is geocoded once, however many rows repeat it.
    Rows whose address is wholly blank get empty results without a call. Once ``geocoder_for`` has
    built the geocoder, this does not touch the database.
    """
    fields = [c for c in addresses.columns if c in ADDRESS_FIELDS]
    frame = addresses[fields]
    if frame.isna().to_numpy().any():  # loaders give blank strings; others may give None
        frame = frame.fillna("")
    filled = (frame != "").any(axis=1).to_numpy()
    geocoder, is_full = geocoder_for(connection)
    notices = [] if is_full else ["geocoder not installed: places resolved to district or state only"]
    wanted = frame if filled.all() else frame[filled]  # a home address is rarely blank: no 16 lakh row copy
    groups = address_groups(wanted, _typed_key(is_full))
    first = np.unique(groups, return_index=True)[1]  # the first row of each group, in group order
    distinct = wanted.iloc[first].reset_index(drop=True)
    places, reviews = _geocode_distinct(geocoder, distinct, is_full)
    # Blank rows point at the empty last row of ``places``.
    row_group = np.full(len(frame), len(places) - 1, dtype=np.int64)
    row_group[filled] = groups
    return Located(places, row_group, reviews, notices)


def _geocode_distinct(geocoder: Any, distinct: pd.DataFrame, is_full: bool) -> tuple[pd.DataFrame, pd.DataFrame]:
    """``_placed`` for every distinct address; with the full geocoder and from ``SPLIT_MIN_ADDRESSES`` on,
    the second half in a forked child process (``atlas.forked``: on the main thread only), so that both
    cores geocode.

    The child runs only the geocoder's Python and pandas, which take no lock another thread could hold at
    the fork (a bulk load's ``KnownLookup`` thread may be in the database driver or in Arrow meanwhile),
    and sends back typed columns, which pickle many times faster than lakhs of result objects.
    """
    if not is_full or len(distinct) < SPLIT_MIN_ADDRESSES:
        return _placed(geocoder, distinct, is_full, last=True)
    half = len(distinct) // 2
    with Forked(partial(_placed, geocoder, distinct.iloc[half:], is_full, last=True)) as second:
        places, reviews = _placed(geocoder, distinct.iloc[:half], is_full, last=False)
        more_places, more_reviews = second.result()
    return pd.concat([places, more_places], ignore_index=True), pd.concat([reviews, more_reviews])


def _placed(geocoder: Any, distinct: pd.DataFrame, is_full: bool, *, last: bool) -> tuple[pd.DataFrame, pd.DataFrame]:
    """Typed ``RESULT_COLUMNS`` of each distinct address (and, when ``last``, an empty row for blank
    addresses after them), and the review queue's rows for the doubtful ones."""
    from atlas.queries.geocoding import review_rows

    results = geocoder.geocode_many(_inputs(distinct, is_full)) if len(distinct) else []
    return _typed_places(results, blank_row=last), review_rows(_doubtful(distinct, results) if is_full else [])


def _typed_places(results: list[Any], *, blank_row: bool) -> pd.DataFrame:
    """``RESULT_COLUMNS`` of each distinct result, typed, and an empty last row if asked for.

    Typed once per distinct address and then spread to the rows: converting the rows' values would
    repeat the work for every row that shares an address.
    """
    fields = attrgetter(*RESULT_COLUMNS)
    rows = [*map(fields, results), *([(None,) * len(RESULT_COLUMNS)] if blank_row else [])]
    return pd.DataFrame(rows, columns=list(RESULT_COLUMNS), dtype=object).astype(RESULT_TYPES)


def _doubtful(distinct: pd.DataFrame, results: list[Any]) -> list[tuple[str, Any]]:
    """``(address text, result)`` of each result that needs a reviewer's eye."""
    # Only the doubtful addresses are turned into text, field by field: a dict per row costs seconds at 16 lakh.
    flagged = [i for i, r in enumerate(results) if getattr(r, "needs_review", False)]
    picked = distinct.iloc[flagged]
    fields = [picked[f].astype(str).tolist() for f in ADDRESS_FIELDS if f in picked]
    texts = [", ".join(v for v in values if v)[:MAX_REVIEW_CHARS] for values in zip(*fields, strict=True)]
    return list(zip(texts, (results[i] for i in flagged), strict=True))


def queue_reviews(connection: Connection, reviews: pd.DataFrame) -> None:
    """Put the review queue's rows of doubtful geocodes (``Located.reviews``) in the queue."""
    from atlas.queries.geocoding import write_review_rows

    write_review_rows(connection, reviews)
