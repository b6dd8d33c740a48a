"""The geocode step of every loader: addresses in a frame -> place columns in a frame.

Distinct addresses are geocoded once (a survey of 16 lakh rows names far fewer villages), with
``geo.geocoding.Geocoder``. Unresolved and doubtful results go to the review queue.
"""

from __future__ import annotations

import threading
from collections.abc import Sequence
from dataclasses import dataclass
from functools import partial
from itertools import repeat, starmap
from operator import attrgetter
from pathlib import Path
from typing import Any

import numpy as np
import pandas as pd
from sqlalchemy import Connection

from atlas.ingest.forked import Forked
from atlas.queries.geocoding import geocoder_index_frames, review_rows, write_review_rows
from geo.geocoding import Geocoder, GeocodeResult, StructuredAddress, cycle_collector_paused, field_key, snapshot
from loaders.clean import per_distinct

#: The fields of ``geo.geocoding.StructuredAddress``, in its order.
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

# From this many distinct addresses on, two processes geocode them (see LocatedInTwo).
SPLIT_MIN_ADDRESSES = 20_000
# The child's share, a little over half: this process also puts the halves together afterwards.
CHILD_SHARE = 0.52

RESULT_TYPES: dict[str, Any] = {
    "lon": "float64", "lat": "float64", "state_code": "object", "district_id": "Int64", "block_code": "object",
    "village_code": "object", "precision": "object", "confidence": "float64", "needs_review": "boolean",
    "reason": "object",
}  # fmt: skip


_GEOCODERS: dict[str, Geocoder] = {}
_BUILDING = threading.Lock()


def geocoder_for(connection: Connection) -> Geocoder:
    """One geocoder per database per process, since building it reads the gazetteer (public: whichever role
    reads it, the dashboard's or the loaders', gets the same index)."""
    url = connection.engine.url.set(username=None, password=None).render_as_string(hide_password=True)
    with _BUILDING:  # dashboard sessions run in threads: build once
        if url not in _GEOCODERS:
            _GEOCODERS[url] = Geocoder.from_frames(geocoder_index_frames(connection))
        return _GEOCODERS[url]


def write_gazetteer_snapshot(connection: Connection, stamp: dict[str, object], folder: Path | None = None) -> Path:
    """Write the geocoder's index frames where ``python -m geo.geocode`` reads them (``geo.geocoding.snapshot``)."""
    folder = folder or snapshot.default_folder()
    snapshot.write_frames(geocoder_index_frames(connection), folder, stamp)
    return folder


def _inputs(distinct: pd.DataFrame) -> list[str | StructuredAddress]:
    fields = [c for c in distinct.columns if c in ADDRESS_FIELDS]
    if fields == ["text"]:
        return list(distinct["text"].tolist())
    # Column by column and positionally: a survey has lakhs of distinct addresses, and a dict per row
    # costs more than the address itself.
    columns = [[v or None for v in distinct[f].tolist()] if f in fields else repeat(None) for f in ADDRESS_FIELDS]
    with cycle_collector_paused():
        return list(starmap(StructuredAddress, zip(*columns, strict=False)))


def address_groups(frame: pd.DataFrame, key: Any) -> np.ndarray:
    """Group number of each row: rows whose fields have the same key get the same number.

    Groups are numbered in the order of their keys, coarsest field first (text, pincode, state, district,
    block, ... village), so that each geocoding process gets whole districts and its caches of a district's
    tables serve it alone. Fields are keyed once per distinct value, and the per-field codes are combined and
    re-factorised column by column, so no row-wise tuple is ever built.
    """
    groups = np.zeros(len(frame), dtype=np.int64)
    coarse_first = sorted(frame.columns, key=lambda c: -ADDRESS_FIELDS.index(c) if c in ADDRESS_FIELDS else 0)
    for column in coarse_first:
        # Keys are numbered among the column's distinct values, so no row's key string is hashed again.
        codes = per_distinct(
            frame[column], lambda values: pd.Series(pd.factorize(values.map(key), sort=True)[0])
        ).to_numpy()
        # codes are -1 (blank) or more
        groups, _ = pd.factorize(groups * (codes.max(initial=0) + 2) + codes + 1, sort=True)
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
    with LocatedInTwo(connection, [addresses], child_share=CHILD_SHARE) as one:
        return one.located()[0]


@dataclass(frozen=True)
class _Grouped:
    """Addresses grouped for geocoding: ``distinct`` (one row per distinct address, in group order), each filled
    row's ``groups`` (its position in ``distinct``) and which rows are ``filled`` (hold any address)."""

    distinct: pd.DataFrame
    groups: np.ndarray
    filled: np.ndarray

    @classmethod
    def of(cls, addresses: pd.DataFrame) -> _Grouped:
        fields = [c for c in addresses.columns if c in ADDRESS_FIELDS]
        frame = addresses[fields]
        if frame.isna().to_numpy().any():  # loaders give blank strings; others may give None
            frame = frame.fillna("")
        filled = (frame != "").any(axis=1).to_numpy()
        wanted = frame if filled.all() else frame[filled]  # a home address is rarely blank: no 16 lakh row copy
        groups = address_groups(wanted, field_key)
        first = np.unique(groups, return_index=True)[1]  # the first row of each group, in group order
        return cls(wanted.iloc[first].reset_index(drop=True), groups, filled)

    def located(self, places: pd.DataFrame, reviews: pd.DataFrame) -> Located:
        """``places`` of ``distinct`` (and the empty last row) spread to the rows; blank rows get the empty row."""
        row_group = np.full(len(self.filled), len(places) - 1, dtype=np.int64)
        row_group[self.filled] = self.groups
        return Located(places, row_group, reviews, [])


class LocatedInTwo:
    """Address frames geocoded by this process and one forked child, which takes the last ``child_share`` of
    each frame's distinct addresses (none of a frame under ``SPLIT_MIN_ADDRESSES``; no child when no frame
    reaches it). The child sends back typed columns, which pickle many times faster than lakhs of result objects.

    The addresses are grouped and the child is forked when this is made: make it before anything starts a
    thread (``atlas.ingest.forked`` refuses to fork while one runs, and the work then all runs here). Use it
    as a context manager; ``located`` geocodes this process's share and takes the child's back.
    """

    def __init__(self, connection: Connection, frames: Sequence[pd.DataFrame], *, child_share: float) -> None:
        self._geocoder = geocoder_for(connection)
        self._grouped = [_Grouped.of(frame) for frame in frames]
        self._splits = [_split_at(len(g.distinct), child_share) for g in self._grouped]
        theirs = [g.distinct.iloc[split:] for g, split in zip(self._grouped, self._splits, strict=True)]
        shared = any(len(part) for part in theirs)
        self._child = Forked(partial(_placed_each, self._geocoder, theirs)) if shared else None

    def __enter__(self) -> LocatedInTwo:
        return self

    def __exit__(self, *exc: object) -> None:
        if self._child is not None:
            self._child.__exit__(*exc)  # stops a child whose result was never asked for

    def located(self) -> list[Located]:
        """Each frame's ``Located``, as ``locate`` gives it."""
        # Without a child this process's share is the whole frame, and it ends with the empty row.
        mine = [_placed(self._geocoder, g.distinct.iloc[:split], last=self._child is None)
                for g, split in zip(self._grouped, self._splits, strict=True)]  # fmt: skip
        if self._child is None:
            return [grouped.located(*placed) for grouped, placed in zip(self._grouped, mine, strict=True)]
        theirs = self._child.result()
        return [
            grouped.located(pd.concat([places, more_places], ignore_index=True), pd.concat([reviews, more_reviews]))
            for grouped, (places, reviews), (more_places, more_reviews) in zip(self._grouped, mine, theirs, strict=True)
        ]


def _split_at(distinct: int, child_share: float) -> int:
    """Where the child's share of ``distinct`` addresses begins: all of them stay here when they are few."""
    return distinct if distinct < SPLIT_MIN_ADDRESSES else round(distinct * (1 - child_share))


def _placed_each(geocoder: Geocoder, frames: list[pd.DataFrame]) -> list[tuple[pd.DataFrame, pd.DataFrame]]:
    """``_placed`` of each frame of distinct addresses, each the last part of its own (an empty row after it)."""
    return [_placed(geocoder, frame, last=True) for frame in frames]


def _placed(geocoder: Geocoder, distinct: pd.DataFrame, *, last: bool) -> tuple[pd.DataFrame, pd.DataFrame]:
    """Typed ``RESULT_COLUMNS`` of each distinct address (and, when ``last``, an empty row for blank
    addresses after them), and the review queue's rows for the doubtful ones."""
    # The cycle collector stays off throughout: lakhs of results stay alive and make no cycles. It comes back
    # only once they are gone (``_placed_now`` has returned), so that it does not walk them all once more.
    with cycle_collector_paused():
        return _placed_now(geocoder, distinct, last=last)


def _placed_now(geocoder: Geocoder, distinct: pd.DataFrame, *, last: bool) -> tuple[pd.DataFrame, pd.DataFrame]:
    # Records keep only what is certain: a guessed district goes to the review queue, not onto the map.
    results = [r.as_certain() for r in geocoder.geocode_many(_inputs(distinct))] if len(distinct) else []
    return _typed_places(results, blank_row=last), review_rows(_doubtful(distinct, results))


def _typed_places(results: list[GeocodeResult], *, blank_row: bool) -> pd.DataFrame:
    """``RESULT_COLUMNS`` of each distinct result, typed, and an empty last row if asked for.

    Typed once per distinct address and then spread to the rows: converting the rows' values would
    repeat the work for every row that shares an address.
    """
    fields = attrgetter(*RESULT_COLUMNS)
    rows = [*map(fields, results), *([(None,) * len(RESULT_COLUMNS)] if blank_row else [])]
    return pd.DataFrame(rows, columns=list(RESULT_COLUMNS), dtype=object).astype(RESULT_TYPES)


def _doubtful(distinct: pd.DataFrame, results: list[GeocodeResult]) -> list[tuple[str, GeocodeResult]]:
    """``(address text, result)`` of each result that needs a reviewer's eye."""
    # Only the doubtful addresses are turned into text, field by field: a dict per row costs seconds at 16 lakh.
    flagged = [i for i, r in enumerate(results) if r.needs_review]
    picked = distinct.iloc[flagged]
    fields = [picked[f].astype(str).tolist() for f in ADDRESS_FIELDS if f in picked]
    texts = [", ".join(v for v in values if v)[:MAX_REVIEW_CHARS] for values in zip(*fields, strict=True)]
    return list(zip(texts, (results[i] for i in flagged), strict=True))


def queue_reviews(connection: Connection, reviews: pd.DataFrame) -> None:
    """Put the review queue's rows of doubtful geocodes (``Located.reviews``) in the queue."""
    write_review_rows(connection, reviews)
