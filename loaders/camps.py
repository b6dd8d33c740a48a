"""Registration camps of a drive (e.g. Haryana's e-Shram drive): where, when, and the daily target.

Loaded before the e-Shram export that names them, so registrations can be linked to a camp.
"""

from __future__ import annotations

from datetime import date

import pandas as pd
from sqlalchemy import Connection

from atlas.queries import ingest
from loaders import scope
from loaders.clean import as_columns, blank, dates, tidy_text
from loaders.geocode import geocode_addresses
from loaders.pipeline import Batch, FileKind, Issues, Written
from loaders.reading import RawTable

ALIASES: dict[str, tuple[str, ...]] = {
    "camp_id": ("camp", "camp code", "शिविर कोड"),
    "drive": ("drive name", "अभियान"),
    "name": ("camp name", "venue", "शिविर का नाम", "स्थल"),
    "block": ("प्रखंड", "ब्लॉक", "tehsil", "block name"),
    "district": ("जिला", "district name"),
    "state": ("राज्य", "state name"),
    "starts_on": ("start date", "from", "प्रारंभ तिथि"),
    "ends_on": ("end date", "to", "समाप्ति तिथि"),
    "daily_target": ("target", "target per day", "daily target", "दैनिक लक्ष्य"),
}


def prepare(table: RawTable, issues: Issues, today: date) -> pd.DataFrame:
    src = as_columns(table.frame, ALIASES, categorical=False)
    out = pd.DataFrame({name: tidy_text(src[name]) for name in ("camp_id", "drive", "name", "block", "district",
                                                                 "state")})  # fmt: skip
    out["row_number"] = table.row_numbers
    issues.add(out["camp_id"] == "", "camp_id", "missing_camp_id", "the camp id is blank")
    for name in ("starts_on", "ends_on"):
        out[name], _ = dates(src[name])
        issues.add(out[name].isna(), name, "bad_date", "date missing or not understood (use DD-MM-YYYY)")
    target = pd.to_numeric(blank(src["daily_target"]), errors="coerce")
    issues.add(target.isna() | (target < 0), "daily_target", "bad_target", "daily target must be a whole number")
    out["daily_target"] = target.fillna(0).astype(int)
    return out


def write(connection: Connection, good: pd.DataFrame, issues: Issues, batch: Batch) -> Written:
    places, notices = geocode_addresses(connection, good[["block", "district", "state"]])
    batch.notices.extend(notices)
    unplaced = places["district_id"].isna()
    issues.add(unplaced, "district", "unknown_district", "the camp's district could not be found")
    allowed = pd.Series(True, index=places.index)
    allowed[~unplaced] = scope.places_in_scope(connection, places[~unplaced], issues, batch.scope, what="camp")
    frame = pd.concat([good, places[["lon", "lat", "state_code", "district_id", "block_code"]]], axis=1)
    frame = frame[~unplaced & allowed]
    frame = frame.assign(drive=frame["drive"].replace("", "unnamed drive"), is_synthetic=batch.synthetic,
                         starts_on=frame["starts_on"].dt.date, ends_on=frame["ends_on"].dt.date)  # fmt: skip
    inserted, updated = ingest.upsert_camps(connection, frame.drop_duplicates("camp_id", keep="last"))
    return Written(inserted, updated)


CAMPS = FileKind("camps", ALIASES, prepare, write)
