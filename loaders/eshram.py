"""e-Shram registration export: one row per UAN, with permanent (home) and current addresses.

A row becomes (or merges into) a worker keyed by UAN; the occupation becomes a skill; the
current address a location observed on the registration date; a camp id a camp registration.
"""

from __future__ import annotations

from datetime import date

import pandas as pd
from sqlalchemy import Connection

from atlas.queries import ingest
from atlas.queries.loading import known_camp_ids, stage_frame
from loaders import people
from loaders.clean import after, as_columns, birth_years, births_after, blank, choose, dates, genders, tidy_text, uans
from loaders.pipeline import WARNING, Batch, FileKind, Issues, Written
from loaders.reading import AADHAAR_HEADERS, RawTable

ALIASES: dict[str, tuple[str, ...]] = {
    "uan": ("uan no", "uan number", "e-shram uan", "eshram uan", "यूएएन", "यूएएन संख्या", "uan no."),
    "name": ("नाम", "worker name", "name of worker", "full name"),
    "father_name": ("father's name", "father name", "पिता का नाम", "father/husband name"),
    "gender": ("लिंग", "sex"),
    "dob": ("date of birth", "dob", "जन्म तिथि", "birth date"),
    "age": ("आयु", "उम्र"),
    "occupation": ("पेशा", "व्यवसाय", "primary occupation", "occupation name", "nco code", "occupation (nco)"),
    "sector": ("क्षेत्र", "sector name", "industry"),
    "mobile": ("mobile no", "mobile number", "मोबाइल", "मोबाइल नंबर", "phone", "contact"),
    "permanent_address": ("स्थायी पता", "permanent addr", "address (permanent)", "home address"),
    "permanent_district": ("permanent district", "स्थायी जिला", "home district"),
    "permanent_state": ("permanent state", "स्थायी राज्य", "home state"),
    "current_address": ("वर्तमान पता", "present address", "current addr", "address (current)"),
    "district": ("जिला", "current district", "वर्तमान जिला", "district name"),
    "state": ("राज्य", "current state", "वर्तमान राज्य", "state name"),
    "registration_date": ("date of registration", "registered on", "पंजीकरण तिथि", "reg date", "registration dt"),
    "mode": ("registration mode", "mode of registration", "पंजीकरण का माध्यम", "registered through"),
    "camp_id": ("camp", "camp code", "शिविर", "शिविर कोड"),
    "platform": ("gig platform", "platform type", "platform name", "प्लेटफ़ॉर्म"),
    "aadhaar": AADHAAR_HEADERS,
}  # fmt: skip
PLATFORMS = {
    "food_delivery": r"food|swiggy|zomato|फूड",
    "ecommerce": r"e-?commerce|amazon|flipkart|meesho|delivery|ई-कॉमर्स",
    "ride_hailing": r"ride|cab|taxi|ola|uber|rapido|कैब",
    "home_services": r"home|urban ?company|housejoy|घरेलू",
}
MODES = {"camp": r"camp|शिविर", "csc": r"csc|common service|सीएससी", "self": r"self|स्वयं|online|portal"}


def prepare(table: RawTable, issues: Issues, today: date) -> pd.DataFrame:
    src = as_columns(table.frame, ALIASES)
    uan, _ = uans(src["uan"])
    issues.add(uan == "", "uan", "bad_uan", "'" + blank(src["uan"][uan == ""]) + "' is not a 12-digit UAN")
    src["uan"], src["village"] = uan, pd.Series("", index=table.frame.index)
    out = people.identity(pd.DataFrame(src), issues)
    out["row_number"], out["uan"] = table.row_numbers, uan
    out["father_name"] = tidy_text(src["father_name"])
    out["gender"] = genders(src["gender"])
    out["birth_year"], bad_age = birth_years(src["dob"], src["age"], as_of_year=today.year)
    issues.add(bad_age, "dob", "bad_age", "date of birth or age not understood; loaded without it", WARNING)
    issues.add(births_after(src["dob"], today), "dob", "future_date",
               f"the date of birth is after today ({today:%d-%m-%Y}); correct it")  # fmt: skip
    for name in ("permanent_address", "permanent_district", "permanent_state", "current_address", "district", "state"):
        out[name] = tidy_text(src[name])
    out["home_address_raw"] = out["permanent_address"]
    out["skills"] = people.skills(src["occupation"], issues, field="occupation")
    out["sector"], out["employer"] = tidy_text(src["sector"]), ""
    out["workplace"] = out["current_address"].where(out["current_address"] != "", out["district"])
    registered, bad_date = dates(src["registration_date"])
    issues.add(bad_date, "registration_date", "bad_date", "date not understood (use DD-MM-YYYY); today's date used",
               WARNING)  # fmt: skip
    issues.add(after(registered, today), "registration_date", "future_date",
               f"the registration date is after today ({today:%d-%m-%Y}); correct it")  # fmt: skip
    out["registered_on"] = registered.fillna(pd.Timestamp(today))
    out["observed_at"] = out["registered_on"].dt.tz_localize("Asia/Kolkata")
    out["camp_id"] = tidy_text(src["camp_id"])
    out["mode"] = choose(src["mode"], MODES).where(out["camp_id"] == "", "camp")
    out["platform_type"] = choose(src["platform"], PLATFORMS)
    unknown_platform = (blank(src["platform"]) != "") & (out["platform_type"] == "")
    issues.add(unknown_platform, "platform", "unknown_platform", "platform type not recognised; recorded as gig work",
               WARNING)  # fmt: skip
    out["is_gig_worker"] = blank(src["platform"]) != ""
    # The worker's own platform column: a gig worker whose platform was not recognised is "other".
    out["gig_platform_type"] = (
        out["platform_type"].where(out["platform_type"] != "", "other").where(out["is_gig_worker"], None)
    )
    people.mark_duplicates(out, issues)
    return out


def _home(good: pd.DataFrame) -> pd.DataFrame:
    return good[["permanent_address", "permanent_district", "permanent_state"]].set_axis(
        ["text", "district", "state"], axis=1
    )


def _current(good: pd.DataFrame) -> pd.DataFrame:
    return good[["current_address", "district", "state"]].set_axis(["text", "district", "state"], axis=1)


def write(connection: Connection, good: pd.DataFrame, issues: Issues, batch: Batch) -> Written:
    def report(home: pd.DataFrame, _work: pd.DataFrame) -> None:
        people.report_unplaced(home, good["home_address_raw"] != "", issues, field="permanent_address",
                               what="address")  # fmt: skip

    addresses = people.WorkerAddresses(_home(good), _current(good), report, issues)
    written = people.write_geocoded(connection, good, batch, source="eshram", addresses=addresses, stage_ids=True)
    with batch.timed("write"):
        _write_camp_registrations(connection, good, issues, batch)
    return written


def _write_camp_registrations(connection: Connection, good: pd.DataFrame, issues: Issues, batch: Batch) -> None:
    at_camp = good[good["camp_id"] != ""]
    known = known_camp_ids(connection, sorted(at_camp["camp_id"].unique()))
    unknown = ~at_camp["camp_id"].isin(known)
    issues.add(unknown, "camp_id", "unknown_camp", "camp id not found in registration_camps; registration not linked",
               WARNING)  # fmt: skip
    regs = at_camp[~unknown].drop_duplicates("natural_key", keep="last")
    frame = regs[["natural_key", "camp_id", "mode", "is_gig_worker", "platform_type"]].assign(
        registered_on=regs["registered_on"].dt.date
    )
    columns = {"natural_key": "text", "camp_id": "text", "registered_on": "date", "mode": "text",
               "is_gig_worker": "boolean", "platform_type": "text"}  # fmt: skip
    stage_frame(connection, "stage_camp_regs", columns, frame)
    ingest.insert_camp_registrations(connection, batch_id=batch.batch_id)


ESHRAM = FileKind("eshram", ALIASES, prepare, write)
