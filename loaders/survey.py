"""Returned-migrant skill survey (Bihar, 2020): one row per returnee, headers in English or Hindi.

Each row becomes (or merges into) a worker whose home is in Bihar, their skills, and, when the
last workplace is given, a location observed on the survey date.
"""

from __future__ import annotations

from datetime import date

import pandas as pd
from sqlalchemy import Connection

from loaders import people
from loaders.clean import after, as_columns, birth_years, births_after, blank, dates, genders, tidy_text
from loaders.pipeline import WARNING, Batch, FileKind, Issues, Written
from loaders.reading import AADHAAR_HEADERS, RawTable

ALIASES: dict[str, tuple[str, ...]] = {
    "name": ("नाम", "worker name", "श्रमिक का नाम", "कामगार का नाम", "name of worker", "name of the worker",
             "प्रवासी का नाम", "applicant name"),
    "father_name": ("पिता का नाम", "पिता/पति का नाम", "पिता / पति का नाम", "father's name", "father name",
                    "father/husband name", "fathers name", "father's/husband's name"),
    "gender": ("लिंग", "sex"),
    "age": ("आयु", "उम्र", "age (years)", "आयु (वर्ष)"),
    "dob": ("जन्म तिथि", "date of birth", "जन्मतिथि"),
    "village": ("ग्राम", "गाँव", "गांव", "gram", "ग्राम का नाम", "village name", "ग्राम/मोहल्ला", "village/ward"),
    "panchayat": ("पंचायत", "gram panchayat", "ग्राम पंचायत", "panchayat name"),
    "block": ("प्रखंड", "प्रखण्ड", "ब्लॉक", "prakhand", "cd block", "block name"),
    "district": ("जिला", "ज़िला", "jila", "जिले का नाम", "district name", "गृह जिला", "home district"),
    "post_office": ("डाकघर", "post office", "पोस्ट ऑफिस"),
    "police_station": ("थाना", "police station"),
    "pincode": ("पिन कोड", "पिनकोड", "pin code", "pin"),
    "mobile": ("मोबाइल", "मोबाइल नंबर", "मोबाइल न०", "मोबाइल नं", "मोबाइल संख्या", "mobile no", "mobile number",
               "phone", "phone no", "contact", "contact no", "contact number", "फोन", "फोन नंबर"),
    "skills": ("कौशल", "skill", "हुनर", "कार्य कौशल", "skill set", "trade", "कौशल का प्रकार", "skill type"),
    "workplace": ("पिछला कार्यस्थल", "last workplace", "previous workplace", "कार्यस्थल", "last work place",
                  "पिछले कार्यस्थल का पता", "last place of work", "returned from", "कहाँ से लौटे"),
    "survey_date": ("सर्वे तिथि", "तिथि", "दिनांक", "date", "survey date", "वापसी की तिथि", "return date",
                    "date of return"),
    "aadhaar": AADHAAR_HEADERS,
}  # fmt: skip
HOME_FIELDS = ("village", "panchayat", "post_office", "police_station", "block", "district", "pincode")
HOME_STATE = "Bihar"


def join_parts(parts: pd.DataFrame) -> pd.Series:
    """The non-blank cells of each row joined with commas."""
    columns = [parts[name].to_numpy() for name in parts.columns]
    return pd.Series([", ".join(filter(None, cells)) for cells in zip(*columns, strict=True)], index=parts.index,
                     dtype=object)  # fmt: skip


def prepare(table: RawTable, issues: Issues, today: date) -> pd.DataFrame:
    """Normalised columns for every row, with problems recorded in ``issues``."""
    src = as_columns(table.frame, ALIASES)
    src["uan"] = pd.Series("", index=table.frame.index)
    out = people.identity(pd.DataFrame(src), issues)
    out["row_number"] = table.row_numbers
    out["uan"] = ""
    out["father_name"] = tidy_text(src["father_name"])
    out["gender"] = genders(src["gender"])
    issues.add((blank(src["gender"]) != "") & (out["gender"] == ""), "gender", "bad_gender",
               "gender not understood (use M/F/T or पुरुष/महिला); loaded without it", WARNING)  # fmt: skip
    out["birth_year"], bad_age = birth_years(src["dob"], src["age"], as_of_year=today.year)
    issues.add(bad_age, "age", "bad_age", "age or date of birth not understood or not plausible; loaded without it",
               WARNING)  # fmt: skip
    issues.add(births_after(src["dob"], today), "dob", "future_date",
               f"the date of birth is after today ({today:%d-%m-%Y}); correct it")  # fmt: skip
    for name in HOME_FIELDS:
        out[name] = tidy_text(src[name])
    out["state"] = HOME_STATE
    out["home_address_raw"] = join_parts(out[list(HOME_FIELDS)])
    out["skills"] = people.skills(src["skills"], issues, field="skills")
    out["workplace"] = tidy_text(src["workplace"])
    surveyed, bad_date = dates(src["survey_date"])
    issues.add(bad_date, "survey_date", "bad_date", "date not understood (use DD-MM-YYYY); today's date used", WARNING)
    issues.add(after(surveyed, today), "survey_date", "future_date",
               f"the survey date is after today ({today:%d-%m-%Y}); correct it")  # fmt: skip
    out["observed_at"] = surveyed.fillna(pd.Timestamp(today)).dt.tz_localize("Asia/Kolkata")
    people.mark_duplicates(out, issues)
    return out


def write(connection: Connection, good: pd.DataFrame, issues: Issues, batch: Batch) -> Written:
    def report(home: pd.DataFrame, work: pd.DataFrame) -> None:
        people.report_unplaced(home, good["home_address_raw"] != "", issues, field="village", what="home address")
        people.report_unplaced(work, good["workplace"] != "", issues, field="workplace", what="last workplace")

    addresses = people.WorkerAddresses(good[[*HOME_FIELDS, "state"]], good[["workplace"]].set_axis(["text"], axis=1),
                                       report, issues)  # fmt: skip
    return people.write_geocoded(connection, good, batch, source="survey", addresses=addresses)


SURVEY = FileKind("survey", ALIASES, prepare, write)
