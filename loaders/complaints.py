"""Complaints import: each complaint is tied to a worker, routed to a department and given its deadlines.

Deadlines follow the brief: routed within 12 hours, resolved within 21 days, and the emergency
categories (stranded, accident, death, missing) need first action within 24 hours. A complaint
is keyed by its ticket number; without one, by worker, time and category.
"""

from __future__ import annotations

import hashlib
from datetime import date
from functools import lru_cache

import pandas as pd
from sqlalchemy import Connection

from atlas.models import COMPLAINT_STATUSES, DEPARTMENTS
from atlas.queries import ingest
from loaders import people
from loaders.clean import after, as_columns, blank, choose, tidy_text, timestamps
from loaders.geocode import geocode_addresses
from loaders.pipeline import REFERENCE_DATA, WARNING, Batch, FileKind, Issues, Written
from loaders.reading import AADHAAR_HEADERS, RawTable

DEADLINES = {"route": "12 hours", "first_action": "24 hours", "resolve": "21 days"}
ALIASES: dict[str, tuple[str, ...]] = {
    **people.WORKER_KEY_ALIASES,
    "external_ref": ("ticket no", "ticket number", "ticket", "complaint no", "complaint number", "complaint id",
                     "ref no", "शिकायत संख्या", "शिकायत क्रमांक"),
    "category": ("complaint type", "type", "श्रेणी", "शिकायत का प्रकार", "complaint category"),
    "description": ("details", "complaint", "विवरण", "शिकायत", "complaint details"),
    "lodged_at": ("date", "lodged at", "complaint date", "registered at", "दिनांक", "शिकायत की तिथि", "received at"),
    "location": ("current location", "where", "स्थान", "वर्तमान स्थान", "location of worker", "address"),
    "status": ("स्थिति", "complaint status"),
    "department": ("विभाग", "routed to", "assigned department"),
    "channel": ("source", "माध्यम", "received through"),
    "routed_at": ("routed on", "forwarded at", "अग्रसारित"),
    "first_action_at": ("first action", "action taken at", "first action at"),
    "resolved_at": ("resolved on", "closed at", "निस्तारण तिथि", "resolution date"),
    "aadhaar": AADHAAR_HEADERS,
}  # fmt: skip
CATEGORIES = {
    "death_repatriation": r"death|died|dead|body|मृत्यु|मौत|शव|repatriat",
    "accident_injury": r"accident|injur|दुर्घटना|चोट|घायल",
    "missing_worker": r"missing|लापता|not reachable|untraceable|गुम",
    "stranded": r"strand|फंस|return|वापसी|stuck",
    "harassment_forced_labour": r"harass|abuse|forced|bonded|उत्पीड़न|बंधुआ|मारपीट|violence",
    "unpaid_wages": r"wage|salary|payment|मजदूरी|वेतन|भुगतान|unpaid",
    "documents_ration": r"document|ration|card|राशन|दस्तावेज|पहचान",
    "scheme_benefits": r"scheme|benefit|e-?shram|pmsby|board|योजना|लाभ|pension",
    "other": r"other|अन्य|misc",
}
STATUSES = {s: "^" + s.replace("_", "[ _-]?") for s in COMPLAINT_STATUSES} | {
    "in_progress": r"progress|pending|प्रक्रिया|लंबित", "resolved": r"resolv|निस्तारित|solved|done",
    "new": r"^new|open|नया", "closed": r"clos|बंद",
}  # fmt: skip
CHANNELS = {"call_centre": r"call|phone|helpline|कॉल", "walk_in": r"walk|office|कार्यालय", "web": r"web|online|portal",
            "letter": r"letter|पत्र"}  # fmt: skip


@lru_cache(maxsize=1)
def routing() -> pd.DataFrame:
    """Category -> department and emergency flag (loaders/reference_data/complaint_routing.csv)."""
    table = pd.read_csv(REFERENCE_DATA / "complaint_routing.csv", dtype=str, keep_default_na=False)
    table["is_emergency"] = table["is_emergency"] == "true"
    return table.set_index("category")


def prepare(table: RawTable, issues: Issues, today: date) -> pd.DataFrame:
    src = as_columns(table.frame, ALIASES, categorical=False)
    out = people.worker_keys(pd.DataFrame(src), issues)
    out["row_number"] = table.row_numbers
    out["category"] = choose(src["category"], CATEGORIES)
    issues.add(
        out["category"] == "",
        "category",
        "bad_category",
        "'" + blank(src["category"]) + "' is not a complaint category (see BRIEF: unpaid wages, stranded, ...)",
    )
    out["lodged_at"], _ = timestamps(src["lodged_at"])
    issues.add(out["lodged_at"].isna(), "lodged_at", "bad_date", "complaint date missing or not understood")
    for name in ("routed_at", "first_action_at", "resolved_at"):
        out[name], bad = timestamps(src[name])
        issues.add(bad, name, "bad_date", "date not understood; left blank", WARNING)
    for name in ("lodged_at", "routed_at", "first_action_at", "resolved_at"):
        label = name.removesuffix("_at").replace("_", " ")
        issues.add(after(out[name], today), name, "future_date",
                   f"the {label} date is after today ({today:%d-%m-%Y}); correct it")  # fmt: skip
    out["description"], out["location"] = tidy_text(src["description"]), tidy_text(src["location"])
    out["channel"] = choose(src["channel"], CHANNELS).replace("", "import")
    _route(out, src, issues)
    out["external_ref"] = tidy_text(src["external_ref"])
    return out


def _route(out: pd.DataFrame, src: dict[str, pd.Series], issues: Issues) -> None:
    """Department (given, else by category), emergency flag, and a status consistent with the dates."""
    rules = routing()
    given = blank(src["department"]).str.lower().str.replace(r"[\s-]+", "_", regex=True)
    known = given.isin(DEPARTMENTS)
    issues.add((given != "") & ~known, "department", "bad_department", "department not recognised; routed by category",
               WARNING)  # fmt: skip
    out["department"] = given.where(known, out["category"].map(rules["department"]).fillna(""))
    out["is_emergency"] = out["category"].map(rules["is_emergency"].to_dict()).eq(True)
    status = choose(src["status"], STATUSES)
    derived = pd.Series("new", index=out.index).where(out["routed_at"].isna(), "routed")
    derived = derived.where(out["resolved_at"].isna(), "resolved")
    out["status"] = status.where(status != "", derived)


def _ticket_refs(good: pd.DataFrame) -> pd.Series:
    """Ticket number as given; else a stable key of worker, time and category, so a re-import matches."""
    basis = good["worker_id"].astype(str) + "|" + good["lodged_at"].astype(str) + "|" + good["category"]
    auto = "auto:" + basis.map(lambda b: hashlib.sha1(b.encode()).hexdigest()[:16])
    return good["external_ref"].where(good["external_ref"] != "", auto)


def write(connection: Connection, good: pd.DataFrame, issues: Issues, batch: Batch) -> Written:
    ids = people.resolve_worker_ids(connection, good, issues, batch)
    good = good.assign(worker_id=ids)[ids.notna()]
    good = good.assign(external_ref=_ticket_refs(good)).drop_duplicates("external_ref", keep="last")
    places, notices = geocode_addresses(connection, good[["location"]].set_axis(["text"], axis=1))
    batch.notices.extend(notices)
    frame = pd.concat([good.drop(columns=["location"]), places.drop(columns=["needs_review", "reason"])], axis=1)
    inserted, updated = ingest.upsert_complaints(connection, frame, batch_id=batch.batch_id, deadlines=DEADLINES)
    return Written(inserted, updated)


COMPLAINTS = FileKind("complaints", ALIASES, prepare, write)
