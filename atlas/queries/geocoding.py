"""All SQL the geocoder needs: the gazetteer index it matches against, and the review queue."""

from __future__ import annotations

import json
from collections.abc import Sequence
from typing import TYPE_CHECKING

import pandas as pd
from sqlalchemy import Connection, text

from atlas.queries.loading import stage_frame
from atlas.queries.reference import OFFICIAL_HINDI
from geo.normalize import normalise_name

if TYPE_CHECKING:
    from geo.geocoding import GeocodeResult

_STATES = "SELECT state_code, name_en, name_hi, ST_X(point) AS lon, ST_Y(point) AS lat FROM states"
_DISTRICTS = (
    f"SELECT district_id, state_code, census_code, census_2011_code, lgd_code, name_en, {OFFICIAL_HINDI} AS name_hi, "
    "hq_name, "
    "map_district_id, ST_X(point) AS lon, ST_Y(point) AS lat FROM districts"
)
_ALIASES = "SELECT district_id, alias FROM district_aliases"
_BLOCKS = (
    f"SELECT subdistrict_code, district_id, state_code, district_code_2011, name_en, {OFFICIAL_HINDI} AS name_hi, "
    "ST_X(point) AS lon, ST_Y(point) AS lat FROM subdistricts"
)
_BLOCK_ALIASES = "SELECT subdistrict_code, alias FROM subdistrict_aliases"
_TOWNS = (
    "SELECT town_code, name, town_type, state_code, district_id, district_code_2011, subdistrict_code, point_source, "
    "ST_X(point) AS lon, ST_Y(point) AS lat FROM towns"
)
_VILLAGES = (
    "SELECT village_code, subdistrict_code, district_id, state_code, name_en, name_norm, point_source, "
    "ST_X(point) AS lon, ST_Y(point) AS lat FROM villages"
)
# Offices with doubtful points still match by name; the geocoder just will not use their point.
_OFFICES = (
    "SELECT name, name_norm, pincode, office_type, state_code, district_id, named_district_id, quality, "
    "ST_X(point) AS lon, ST_Y(point) AS lat FROM gazetteer WHERE kind = 'post_office'"
)
_PINCODES = (
    "SELECT pincode, state_code, district_id, ST_X(point) AS lon, ST_Y(point) AS lat "
    "FROM gazetteer WHERE kind = 'pincode'"
)
_QUERIES = {
    "states": _STATES,
    "districts": _DISTRICTS,
    "aliases": _ALIASES,
    "blocks": _BLOCKS,
    "block_aliases": _BLOCK_ALIASES,
    "towns": _TOWNS,
    "villages": _VILLAGES,
    "offices": _OFFICES,
    "pincodes": _PINCODES,
}


def geocoder_index_frames(connection: Connection) -> dict[str, pd.DataFrame]:
    """The frames a ``geo.geocoding.GazetteerIndex`` is built from (their columns: see ``geo.geocoding.gazetteer``)."""
    return {name: _frame(connection, sql) for name, sql in _QUERIES.items()}


def _frame(connection: Connection, sql: str) -> pd.DataFrame:
    # A plain cursor read is several times faster than pd.read_sql for the 2 lakh gazetteer rows.
    result = connection.execute(text(sql))
    return pd.DataFrame(result.all(), columns=list(result.keys()))


def write_review_queue(connection: Connection, items: Sequence[tuple[str, GeocodeResult]]) -> int:
    """Upsert unresolved and low-confidence geocodes (``(address text, result)``) into ``geocode_reviews``;
    returns rows touched. See ``write_review_rows``."""
    return write_review_rows(connection, review_rows(items))


def review_rows(items: Sequence[tuple[str, GeocodeResult]]) -> pd.DataFrame:
    """The review queue's rows for ``(address text, result)`` items, without touching the database.

    Separate from the write so that a load can make them where it geocodes (in a forked process, say):
    normalising the text takes about 50 microseconds an address, seconds for a big survey's doubtful ones.
    """
    frame = pd.DataFrame(
        {"input_text": [raw for raw, _ in items],
         "input_norm": [normalise_name(raw) or raw.strip() for raw, _ in items],
         "result": [json.dumps(_as_dict(result), ensure_ascii=False) for _, result in items],
         "reason": [result.reason for _, result in items],
         "confidence": [result.confidence for _, result in items]}
    )  # fmt: skip
    return frame[frame["input_norm"] != ""]


def write_review_rows(connection: Connection, rows: pd.DataFrame) -> int:
    """Upsert ``review_rows`` into ``geocode_reviews``; returns rows touched.

    Rows are keyed on the normalised input, so the same address typed again only raises its
    ``occurrences``: reviewers see each distinct problem once, with how often it recurs. A big
    load queues lakhs of addresses, so they travel by COPY and are upserted in one statement.
    """
    if rows.empty:
        return 0
    occurrences = rows.groupby("input_norm", sort=False).size()
    frame = rows.drop_duplicates("input_norm", keep="last")
    frame = frame.assign(occurrences=frame["input_norm"].map(occurrences))
    stage_frame(connection, "stage_reviews", _REVIEW_STAGE, frame)
    sql = text(
        "INSERT INTO geocode_reviews (input_text, input_norm, result, reason, confidence, occurrences) "
        "SELECT input_text, input_norm, result, reason, confidence, occurrences FROM stage_reviews "
        "ON CONFLICT (input_norm) DO UPDATE SET occurrences = geocode_reviews.occurrences + EXCLUDED.occurrences, "
        "result = EXCLUDED.result, reason = EXCLUDED.reason, confidence = EXCLUDED.confidence"
    )
    connection.execute(sql)
    return len(frame)


_REVIEW_STAGE = {"input_text": "text", "input_norm": "text", "result": "jsonb", "reason": "text",
                 "confidence": "float8", "occurrences": "integer"}  # fmt: skip


def _as_dict(result: GeocodeResult) -> dict[str, object]:
    return {**result.public(), "district_id": result.district_id, "needs_review": result.needs_review}
