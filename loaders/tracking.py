"""Call-centre tracking updates: each call adds a call attempt and, when a workplace is given, a location.

History is never overwritten: a location is a new observation at the call time, and the
worker's current place moves only if it is the latest one.
"""

from __future__ import annotations

from datetime import date

import pandas as pd
from sqlalchemy import Connection

from atlas.queries import ingest
from loaders import people
from loaders.clean import after, as_columns, blank, choose, tidy_text, timestamps
from loaders.geocode import geocode_addresses
from loaders.pipeline import Batch, FileKind, Issues, Written
from loaders.reading import AADHAAR_HEADERS, RawTable

ALIASES: dict[str, tuple[str, ...]] = {
    **people.WORKER_KEY_ALIASES,
    "called_at": ("call time", "call date", "called at", "date of call", "call date time", "कॉल समय", "कॉल की तिथि",
                  "दिनांक", "date"),
    "outcome": ("call outcome", "call status", "result", "status", "परिणाम", "कॉल का परिणाम"),
    "workplace": ("current workplace", "current address", "workplace address", "current workplace address",
                  "वर्तमान कार्यस्थल", "वर्तमान पता", "workplace"),
    "employer": ("नियोक्ता", "employer name", "company"),
    "sector": ("क्षेत्र", "industry"),
    "note": ("remarks", "remark", "notes", "टिप्पणी"),
    "aadhaar": AADHAAR_HEADERS,
}  # fmt: skip
OUTCOMES = {
    "wrong_number": r"wrong|गलत|invalid number",
    "refused": r"refus|declin|मना|इनकार|not interested",
    "not_reachable": r"not reach|unreach|switch|no answer|not answer|busy|नहीं लग|बंद|out of|not connect|ringing",
    "reached": r"^reached|connect|answer|spoke|बात हुई|संपर्क|success|^yes|^हाँ",
}


def prepare(table: RawTable, issues: Issues, today: date) -> pd.DataFrame:
    src = as_columns(table.frame, ALIASES, categorical=False)
    out = people.worker_keys(pd.DataFrame(src), issues)
    out["row_number"] = table.row_numbers
    out["called_at"], _ = timestamps(src["called_at"])
    issues.add(out["called_at"].isna(), "called_at", "bad_call_time",
               "call time missing or not understood (use DD-MM-YYYY HH:MM)")  # fmt: skip
    issues.add(after(out["called_at"], today), "called_at", "future_date",
               f"the call time is after today ({today:%d-%m-%Y}); correct it")  # fmt: skip
    out["outcome"] = choose(src["outcome"], OUTCOMES)
    issues.add(
        out["outcome"] == "",
        "outcome",
        "bad_outcome",
        "'" + blank(src["outcome"]) + "' is not an outcome: use reached, not reachable, wrong number or refused",
    )
    for name in ("workplace", "employer", "sector", "note"):
        out[name] = tidy_text(src[name])
    return out


def write(connection: Connection, good: pd.DataFrame, issues: Issues, batch: Batch) -> Written:
    ids = people.resolve_worker_ids(connection, good, issues, batch)
    good = good.assign(worker_id=ids)[ids.notna()]
    calls = good[["worker_id", "called_at", "outcome", "note"]]
    inserted = ingest.write_calls(connection, calls, batch_id=batch.batch_id, user_id=batch.user_id)
    # Only a call that reached the worker can say where they work now.
    seen = good[(good["outcome"] == "reached") & (good["workplace"] != "")]
    places, notices = geocode_addresses(connection, seen[["workplace"]].set_axis(["text"], axis=1))
    batch.notices.extend(notices)
    people.report_unplaced(places, seen["workplace"] != "", issues, field="workplace", what="workplace")
    ingest.stage_known_workers(connection, seen["worker_id"])
    located = seen.assign(natural_key=seen["worker_id"].astype(str), observed_at=seen["called_at"])
    ingest.insert_locations(connection, people.location_stage(located, places, source="call_centre"),
                            batch_id=batch.batch_id, user_id=batch.user_id)  # fmt: skip
    ingest.link_calls_to_locations(connection, batch_id=batch.batch_id)
    moved = ingest.refresh_current_locations(connection)
    return Written(inserted, moved)


TRACKING = FileKind("tracking", ALIASES, prepare, write)
