"""Hindi and English for every label, and Indian formats for numbers and dates.

Numbers use Indian grouping (16,00,000) through Babel's en_IN locale; KPI tiles speak in
lakh and crore; dates are DD-MM-YYYY in IST.
"""

from __future__ import annotations

import math
from collections.abc import Mapping
from datetime import date, datetime
from typing import Any
from zoneinfo import ZoneInfo

from babel.numbers import format_decimal

# Shared with the printed reports; pages keep taking every label from here.
from atlas.labels import CATEGORY_LABELS, DEPARTMENT_LABELS, SKILL_LABELS  # noqa: F401

IST = ZoneInfo("Asia/Kolkata")
LANGUAGES = {"en": "English", "hi": "हिन्दी"}
LAKH = 100_000
CRORE = 10_000_000

_UNITS = {"en": {"lakh": "lakh", "crore": "crore"}, "hi": {"lakh": "लाख", "crore": "करोड़"}}


def number(value: float | int | None) -> str:
    """Indian digit grouping: 1600000 -> 16,00,000. Missing values show as an en dash."""
    if value is None:
        return "–"
    return format_decimal(value, format="#,##,##0.##", locale="en_IN")


def compact(value: float | int | None, lang: str = "en") -> str:
    """Lakh and crore for KPI tiles: 1600000 -> "16 lakh", 30700000 -> "3.07 crore"."""
    if value is None:
        return "–"
    units = _UNITS.get(lang, _UNITS["en"])
    if abs(value) >= CRORE:
        return f"{format_decimal(value / CRORE, format='#,##0.##', locale='en_IN')} {units['crore']}"
    if abs(value) >= LAKH:
        return f"{format_decimal(value / LAKH, format='#,##0.##', locale='en_IN')} {units['lakh']}"
    return number(value)


def percent(part: float | int | None, whole: float | int | None) -> str:
    if not whole or part is None or math.isnan(part):
        return "–"
    return f"{100.0 * part / whole:.1f}%"


def today() -> date:
    """Today in India: the day officials read, whatever the server's clock zone (the audit log's days are IST)."""
    return datetime.now(IST).date()


def day(value: date | datetime | None) -> str:
    """DD-MM-YYYY; datetimes are shown in IST."""
    if value is None:
        return "–"
    if isinstance(value, datetime):
        value = value.astimezone(IST) if value.tzinfo else value.replace(tzinfo=IST)
        return value.strftime("%d-%m-%Y %H:%M")
    return value.strftime("%d-%m-%Y")


# --------------------------------------------------------------------------- text catalogue

TEXT: dict[str, tuple[str, str]] = {
    # frame
    "app_title": ("Shramik Atlas", "श्रमिक एटलस"),
    "language": ("Language / भाषा", "भाषा / Language"),
    "filters": ("Filters", "फ़िल्टर"),
    "home_state": ("Home state", "गृह राज्य"),
    "home_district": ("Home district", "गृह ज़िला"),
    "block": ("Block", "प्रखंड"),
    "skills": ("Skills", "कौशल"),
    "dest_state": ("Destination state", "गंतव्य राज्य"),
    "dest_district": ("Destination district", "गंतव्य ज़िला"),
    "gender": ("Gender", "लिंग"),
    "date_range": ("Observed between", "अवधि"),
    "source": ("Source", "स्रोत"),
    "all": ("All", "सभी"),
    "reset_filters": ("Reset filters", "फ़िल्टर हटाएँ"),
    "synthetic_banner": (
        "Demo data: every worker shown here is synthetic.",
        "डेमो डेटा: यहाँ दिखाए गए सभी श्रमिक कृत्रिम (सिंथेटिक) हैं।",
    ),
    "db_down": (
        "The database cannot be reached right now. Please try again in a minute; nothing you entered is lost.",
        "डेटाबेस से अभी संपर्क नहीं हो पा रहा है। कृपया एक मिनट बाद फिर प्रयास करें; आपकी दर्ज जानकारी सुरक्षित है।",
    ),
    "no_data": ("No data for these filters.", "इन फ़िल्टरों के लिए कोई डेटा नहीं है।"),
    "suppressed_note": (
        "Counts below 5 are hidden to protect privacy.",
        "गोपनीयता के लिए 5 से कम की संख्या नहीं दिखाई जाती।",
    ),
    # pages
    "page_overview": ("Overview", "सारांश"),
    "page_district": ("District view", "ज़िला दृश्य"),
    "page_skills": ("Skills", "कौशल"),
    "page_complaints": ("Complaints", "शिकायतें"),
    "page_call_centre": ("Call centre", "कॉल सेंटर"),
    "page_drives": ("Registration drives", "पंजीकरण अभियान"),
    "page_data": ("Data quality and upload", "डेटा गुणवत्ता और अपलोड"),
    "page_about": ("About / data sources", "परिचय / डेटा स्रोत"),
    # overview
    "kpi_workers": ("Workers registered", "पंजीकृत श्रमिक"),
    "kpi_home_fine": ("Homes geocoded to village or block", "गाँव/प्रखंड तक जियोकोड किए गए पते"),
    "kpi_migrants": ("Inter-state migrants", "अंतर-राज्यीय प्रवासी"),
    "kpi_located": ("Current workplace known", "वर्तमान कार्यस्थल ज्ञात"),
    "kpi_reached": ("Reached in last 90 days", "पिछले 90 दिनों में संपर्क"),
    "kpi_open": ("Open complaints", "लंबित शिकायतें"),
    "kpi_overdue": ("overdue", "समय-सीमा पार"),
    "flow_map": ("Where workers have gone", "श्रमिक कहाँ गए हैं"),
    "month": ("Month (last seen)", "माह (अंतिम बार देखे गए)"),
    "trends": ("Month by month", "माहवार"),
    "trend_added": ("Workers added", "जोड़े गए श्रमिक"),
    "trend_observed": ("Workplaces observed", "देखे गए कार्यस्थल"),
    "trend_outside": ("of them in another state", "इनमें दूसरे राज्य में"),
    "trend_reached": ("Reached by the call centre", "कॉल सेंटर से संपर्क"),
    "trend_opened": ("Complaints opened", "दर्ज शिकायतें"),
    "trend_resolved": ("Complaints resolved", "निपटाई गई शिकायतें"),
    "trends_note": (
        "For the home state and district chosen, whatever the other filters and the month. "
        "Months under 5 are not shown.",
        "चुने गए गृह राज्य और ज़िले के लिए, अन्य फ़िल्टर और माह से स्वतंत्र। 5 से कम वाले माह नहीं दिखाए जाते।",
    ),
    "all_months": ("All months", "सभी माह"),
    "leaving": ("Workers leaving", "जाने वाले श्रमिक"),
    "arriving": ("Workers arriving", "आने वाले श्रमिक"),
    "flows_n": ("Flows", "प्रवाह"),
    "flow_widths": (
        "Line width, workers per flow (the same on every view)",
        "रेखा की मोटाई, प्रति प्रवाह श्रमिक (हर दृश्य में एक समान)",
    ),
    "flows_left_out": (
        "+ {workers} workers in {flows} smaller flows not drawn.",
        "+ {workers} श्रमिक {flows} छोटे प्रवाहों में, जो दिखाए नहीं गए।",
    ),
    "flow_places_note": (
        "Circles: blue where workers come from, orange where they go; their area is the workers over all flows.",
        "वृत्त: नीला जहाँ से श्रमिक आते हैं, नारंगी जहाँ जाते हैं; क्षेत्रफल सभी प्रवाहों के श्रमिकों के अनुसार।",
    ),
    "flows_to": ("Flows to", "प्रवाह गंतव्य"),
    "to_district": ("destination district", "गंतव्य ज़िला"),
    "to_state": ("destination state", "गंतव्य राज्य"),
    "top_n": ("Largest flows shown", "दिखाए गए सबसे बड़े प्रवाह"),
    "choropleth": ("Migrants by home area", "गृह क्षेत्र के अनुसार प्रवासी"),
    "sankey": ("Home district to destination state", "गृह ज़िले से गंतव्य राज्य"),
    "destinations": ("Top destinations", "प्रमुख गंतव्य"),
    "workers": ("workers", "श्रमिक"),
    "migrants": ("migrants", "प्रवासी"),
    "approximate_blocks": (
        "Block areas are approximate (drawn around block headquarters).",
        "प्रखंड क्षेत्र अनुमानित हैं (प्रखंड मुख्यालयों के आधार पर बनाए गए)।",
    ),
    "legend": ("Legend", "संकेत"),
    # about
    "about_intro": (
        "Shramik Atlas tracks where migrant and unorganised-sector workers live and work, their skills and "
        "their complaints, for the officials who serve them.",
        "श्रमिक एटलस प्रवासी और असंगठित क्षेत्र के श्रमिकों के निवास, कार्यस्थल, कौशल और शिकायतों को "
        "उनकी सेवा करने वाले अधिकारियों के लिए दर्ज करता है।",
    ),
    "data_sources": ("Data sources and licences", "डेटा स्रोत और लाइसेंस"),
    "source_data": ("Data", "डेटा"),
    "source_from": ("Source", "स्रोत"),
    "source_licence": ("Licence", "लाइसेंस"),
    "hindi_names": ("Place names in Hindi", "हिंदी में स्थानों के नाम"),
    "hindi_names_note": (
        "Official Hindi names are at hand for {district_official} districts and {block_official} blocks. The other "
        "{district_transliterated} districts and {block_transliterated} blocks are shown in Hindi as a Devanagari "
        "transliteration of their English name, which may differ from the official spelling; addresses are never "
        "matched against a transliteration.",
        "{district_official} ज़िलों और {block_official} प्रखंडों के आधिकारिक हिंदी नाम उपलब्ध हैं। बाकी "
        "{district_transliterated} ज़िलों और {block_transliterated} प्रखंडों के नाम उनके अंग्रेज़ी नाम का देवनागरी "
        "लिप्यंतरण हैं, जिनकी वर्तनी आधिकारिक वर्तनी से अलग हो सकती है; पतों का मिलान कभी लिप्यंतरण से नहीं किया जाता।",
    ),
    "boundary_note": (
        "Boundaries show India's official (de jure) outline.",
        "सीमाएँ भारत की आधिकारिक (विधिसम्मत) रूपरेखा दर्शाती हैं।",
    ),
}


GENDER_LABELS = {"M": ("Male", "पुरुष"), "F": ("Female", "महिला"), "T": ("Transgender", "ट्रांसजेंडर")}
SOURCE_LABELS = {
    "survey": ("Skill survey", "कौशल सर्वेक्षण"),
    "eshram": ("e-Shram", "ई-श्रम"),
    "call_centre": ("Call centre", "कॉल सेंटर"),
    "self": ("Self", "स्वयं"),
    "camp": ("Camp", "शिविर"),
}


def t(key: str, lang: str) -> str:
    """The text for ``key`` in ``lang``; a missing key shows itself so it is noticed, not hidden."""
    pair = TEXT.get(key)
    if pair is None:
        return key
    return pair[1] if lang == "hi" else pair[0]


def label(table: Mapping[str, tuple[str, str]], code: str | None, lang: str) -> str:
    if code is None:
        return t("all", lang)
    pair = table.get(code)
    if pair is None:
        return code
    return pair[1] if lang == "hi" else pair[0]


def name(row: Any, lang: str, prefix: str = "") -> str:
    """A place's name in the chosen script, falling back to English (``row``: a mapping or a Series)."""
    hindi = row.get(f"{prefix}name_hi") if prefix == "" else row.get(f"{prefix}hi")
    english = row.get(f"{prefix}name_en") if prefix == "" else row.get(f"{prefix}en")
    if lang == "hi" and isinstance(hindi, str) and hindi:
        return hindi
    return str(english or "")


TEXT.update(
    {
        "choose_district": ("Choose a home district in the sidebar to see its work.", "अपना गृह ज़िला बाईं ओर चुनें।"),
        "block_map": ("Workers and migrants by block", "प्रखंडवार श्रमिक और प्रवासी"),
        "worker_list": ("Workers", "श्रमिक सूची"),
        "district_report": ("District report (PDF)", "ज़िला रिपोर्ट (PDF)"),
        "state_report": ("State report, every district (PDF)", "राज्य रिपोर्ट, सभी ज़िले (PDF)"),
        "call_list": (
            "Call list: never reached or not reached in 90 days",
            "कॉल सूची: कभी संपर्क नहीं या 90 दिनों से संपर्क नहीं",
        ),
        "download_call_list": ("Download call list (CSV)", "कॉल सूची डाउनलोड करें (CSV)"),
        "district_complaints": ("Complaints from this district", "इस ज़िले की शिकायतें"),
        "page_n": ("Page", "पृष्ठ"),
        "of": ("of", "में से"),
        "col_name": ("Name", "नाम"),
        "col_phone": ("Phone", "फ़ोन"),
        "col_block": ("Block", "प्रखंड"),
        "col_village": ("Village", "गाँव"),
        "col_workplace": ("Current workplace", "वर्तमान कार्यस्थल"),
        "col_last_reached": ("Last reached", "अंतिम संपर्क"),
        "col_skills": ("Skills", "कौशल"),
        "col_rank": ("Rank", "क्रम"),
        "col_reason": ("Why", "कारण"),
        "col_open": ("Open complaints", "लंबित शिकायतें"),
        "col_category": ("Category", "श्रेणी"),
        "col_department": ("Department", "विभाग"),
        "col_status": ("Status", "स्थिति"),
        "col_lodged": ("Lodged", "दर्ज"),
        "col_due": ("Resolve by", "निस्तारण तिथि"),
        "col_overdue": ("Overdue", "समय-सीमा पार"),
        "never_reached": ("Never reached", "कभी संपर्क नहीं"),
        "not_reached_90_days": ("Not reached in 90 days", "90 दिनों से संपर्क नहीं"),
        "yes": ("Yes", "हाँ"),
        "no": ("No", "नहीं"),
    }
)

STATUS_LABELS: dict[str, tuple[str, str]] = {
    "new": ("New", "नई"),
    "routed": ("Routed", "अग्रसारित"),
    "in_progress": ("In progress", "प्रक्रिया में"),
    "resolved": ("Resolved", "निस्तारित"),
    "closed": ("Closed", "बंद"),
    "rejected": ("Rejected", "अस्वीकृत"),
}

# What an audit entry records (``audit_log.action``).
AUDIT_ACTION_LABELS: dict[str, tuple[str, str]] = {
    "login": ("Signed in", "साइन इन"),
    "login_failed": ("Failed sign-in", "असफल साइन इन"),
    "search": ("Searched for a person", "व्यक्ति की खोज"),
    "view": ("Opened a person's record", "व्यक्ति का रिकॉर्ड खोला"),
    "queue": ("Took a worker from the call queue", "कॉल कतार से श्रमिक लिया"),
    "edit": ("Recorded a call or complaint", "कॉल या शिकायत दर्ज की"),
    "status": ("Changed a complaint's status", "शिकायत की स्थिति बदली"),
    "upload": ("Uploaded a file", "फ़ाइल अपलोड की"),
    "export": ("Downloaded a file", "फ़ाइल डाउनलोड की"),
    "record": ("Read a person's full record", "व्यक्ति का पूरा रिकॉर्ड देखा"),
    "correct": ("Corrected a record", "रिकॉर्ड सुधारा"),
    "erase": ("Erased a person's data", "व्यक्ति का डेटा मिटाया"),
    "report": ("Printed a report", "रिपोर्ट मुद्रित की"),
    "acknowledge_alert": ("Acknowledged a distress alert", "संकट चेतावनी का संज्ञान लिया"),
    "department_acknowledge": ("A department acknowledged a complaint", "विभाग ने शिकायत का संज्ञान लिया"),
    "department_note": ("A department added a note", "विभाग ने टिप्पणी जोड़ी"),
    "department_resolve": ("A department resolved a complaint", "विभाग ने शिकायत निपटाई"),
    "department_send_back": ("A department sent a complaint back", "विभाग ने शिकायत लौटाई"),
}

# What happened to a complaint (``complaint_events.action``).
ACTION_LABELS: dict[str, tuple[str, str]] = {
    "lodged_and_routed": ("Lodged and routed", "दर्ज और अग्रसारित"),
    "status_change": ("Status changed", "स्थिति बदली"),
    "imported": ("Loaded from a file", "फ़ाइल से लोड"),
    "import_update": ("Updated from a file", "फ़ाइल से अद्यतन"),
    "escalated": ("Escalated to the state", "राज्य को अग्रेषित (एस्केलेशन)"),
    "note": ("Note", "टिप्पणी"),
    "sent_back": ("Sent back for re-routing", "पुनः भेजने हेतु लौटाई"),
}

TEXT.update(
    {
        "skill_heatmap": ("Skill density", "कौशल घनत्व"),
        "by_home": ("by home area", "गृह क्षेत्र के अनुसार"),
        "by_destination": ("by destination", "गंतव्य के अनुसार"),
        "basis": ("Count workers", "श्रमिकों की गिनती"),
        "cell_size": ("Hexagon size", "षट्भुज का आकार"),
        "exports": ("Export what is on screen", "स्क्रीन पर दिखाए गए को निर्यात करें"),
        "export_note": (
            "Exports hold counts per hexagon only; cells under 5 are left out.",
            "निर्यात में केवल प्रति षट्भुज गिनती है; 5 से कम वाले खाने हटाए गए हैं।",
        ),
        "all_skills": ("All skills", "सभी कौशल"),
        "cells": ("cells", "खाने"),
        "skill_filters_note": (
            "This map follows the skills and home-district filters; the others do not apply to it.",
            "यह मानचित्र कौशल और गृह ज़िला फ़िल्टर के अनुसार है; अन्य फ़िल्टर इस पर लागू नहीं होते।",
        ),
    }
)

TEXT.update(
    {
        "complaints_map": ("Open complaints by home area", "गृह क्षेत्रवार लंबित शिकायतें"),
        "breakdown": ("Breakdown", "विवरण"),
        "by_category": ("By category", "श्रेणी अनुसार"),
        "by_department": ("By department", "विभाग अनुसार"),
        "by_status": ("By status", "स्थिति अनुसार"),
        "overdue_list": ("Overdue complaints", "समय-सीमा पार शिकायतें"),
        "missed": ("Deadline missed", "चूकी समय-सीमा"),
        "first_action": ("First action (24 h)", "प्रथम कार्रवाई (24 घंटे)"),
        "routing": ("Routing (12 h)", "अग्रसारण (12 घंटे)"),
        "resolution": ("Resolution (21 days)", "निस्तारण (21 दिन)"),
        "days_late": ("Days late", "दिनों की देरी"),
        "col_due_any": ("Was due", "नियत तिथि"),
        "timeline": ("A complaint's timeline", "शिकायत का घटनाक्रम"),
        "complaint_number": ("Complaint number", "शिकायत संख्या"),
        "not_found": ("No such complaint.", "ऐसी कोई शिकायत नहीं मिली।"),
        "change_status": ("Change status", "स्थिति बदलें"),
        "new_status": ("New status", "नई स्थिति"),
        "note": ("Note (what was done)", "टिप्पणी (क्या किया गया)"),
        "save": ("Save", "सहेजें"),
        "saved": ("Saved.", "सहेजा गया।"),
        "note_required": ("Please write what was done.", "कृपया लिखें कि क्या किया गया।"),
        "unchanged": ("The status was already that; nothing changed.", "स्थिति पहले से यही थी; कुछ नहीं बदला।"),
        "col_when": ("When", "कब"),
        "col_action": ("Action", "कार्रवाई"),
        "col_by": ("By", "द्वारा"),
        "col_from": ("From", "से"),
        "col_to": ("To", "तक"),
        "col_count": ("Complaints", "शिकायतें"),
        "col_open_n": ("Open", "लंबित"),
        "open": ("open", "लंबित"),
    }
)

TEXT.update(
    {
        "find_worker": ("Find a worker", "श्रमिक खोजें"),
        "phone": ("Phone", "फ़ोन"),
        "uan": ("e-Shram UAN", "ई-श्रम UAN"),
        "name": ("Name", "नाम"),
        "village": ("Village", "गाँव"),
        "search": ("Search", "खोजें"),
        "search_hint": (
            "Enter a phone, a UAN, a name (with the village if you know it), or a worker id from a call list.",
            "फ़ोन, UAN, नाम (गाँव सहित, यदि पता हो), या कॉल सूची से श्रमिक आईडी दर्ज करें।",
        ),
        "no_match": ("No worker matches.", "कोई श्रमिक नहीं मिला।"),
        "choose_worker": ("Choose the worker", "श्रमिक चुनें"),
        "worker_card": ("Worker", "श्रमिक"),
        "home": ("Home", "घर"),
        "record_call": ("Record the call", "कॉल दर्ज करें"),
        "outcome": ("Outcome", "परिणाम"),
        "reached": ("Reached", "संपर्क हुआ"),
        "not_reachable": ("Not reachable", "संपर्क नहीं हो सका"),
        "wrong_number": ("Wrong number", "गलत नंबर"),
        "refused": ("Refused", "मना किया"),
        "workplace_address": ("Where do they work now? (address)", "अभी कहाँ काम करते हैं? (पता)"),
        "employer": ("Employer", "नियोक्ता"),
        "sector": ("Sector", "क्षेत्र"),
        "preview": ("Find on map", "मानचित्र पर देखें"),
        "geocode_result": ("Found", "मिला"),
        "precision": ("Precision", "सटीकता"),
        "confidence": ("Confidence", "विश्वसनीयता"),
        "unresolved": (
            "Could not place this address; it will go to the review queue.",
            "यह पता नहीं मिल सका; इसे समीक्षा सूची में भेजा जाएगा।",
        ),
        "save_call": ("Save call", "कॉल सहेजें"),
        "log_complaint": ("Log a complaint", "शिकायत दर्ज करें"),
        "routed_to": ("Will be routed to", "इन्हें भेजी जाएगी"),
        "deadlines": ("Deadlines", "समय-सीमा"),
        "deadline_text": ("route within 12 hours; resolve within 21 days", "12 घंटे में अग्रसारण; 21 दिन में निस्तारण"),
        "emergency_text": ("EMERGENCY: first action within 24 hours", "आपात: 24 घंटे में प्रथम कार्रवाई"),
        "description": ("What happened?", "क्या हुआ?"),
        "save_complaint": ("Save complaint", "शिकायत सहेजें"),
        "history": ("Where they have worked", "कार्यस्थल इतिहास"),
        "description_required": ("Please describe the complaint.", "कृपया शिकायत का विवरण लिखें।"),
        "address_required": (
            "Please enter where they work now, or choose another outcome.",
            "कृपया वर्तमान कार्यस्थल लिखें, या दूसरा परिणाम चुनें।",
        ),
    }
)

TEXT.update(
    {
        "drive": ("Drive", "अभियान"),
        "no_drives": ("No registration drive has been loaded yet.", "अभी तक कोई पंजीकरण अभियान लोड नहीं हुआ है।"),
        "camps_map": ("Camps, sized by registrations", "शिविर (आकार = पंजीकरण)"),
        "daily": ("Registrations per day against target", "प्रतिदिन पंजीकरण बनाम लक्ष्य"),
        "registrations": ("Registrations", "पंजीकरण"),
        "target": ("Target", "लक्ष्य"),
        "ranking": ("District ranking", "ज़िलों की रैंकिंग"),
        "achieved": ("Achieved %", "उपलब्धि %"),
        "camps": ("Camps", "शिविर"),
        "gig_share": ("Gig-platform workers by platform", "प्लेटफ़ॉर्म अनुसार गिग श्रमिक"),
        "not_gig": ("Not a gig worker", "गिग श्रमिक नहीं"),
        "food_delivery": ("Food delivery", "फ़ूड डिलीवरी"),
        "ecommerce": ("E-commerce", "ई-कॉमर्स"),
        "ride_hailing": ("Ride-hailing", "राइड-हेलिंग"),
        "home_services": ("Home services", "होम सर्विसेज़"),
        "gig_total": ("Gig-platform share", "गिग प्लेटफ़ॉर्म हिस्सेदारी"),
        "col_district": ("District", "ज़िला"),
        "upload": ("Upload a file", "फ़ाइल अपलोड करें"),
        "file_kind": ("What kind of file?", "फ़ाइल का प्रकार"),
        "kind_survey": ("Returned-migrant skill survey", "प्रवासी कौशल सर्वेक्षण"),
        "kind_eshram": ("e-Shram registration export", "ई-श्रम पंजीकरण निर्यात"),
        "kind_tracking": ("Call-centre tracking update", "कॉल सेंटर ट्रैकिंग अद्यतन"),
        "kind_complaints": ("Complaints", "शिकायतें"),
        "kind_camps": ("Registration camps", "पंजीकरण शिविर"),
        "kind_reference": ("Reference geography", "संदर्भ भूगोल"),
        "load": ("Load", "लोड करें"),
        "load_result": (
            "Loaded {loaded}, updated {updated}, rejected {rejected}.",
            "लोड {loaded}, अद्यतन {updated}, अस्वीकृत {rejected}।",
        ),
        "already_loaded": ("This file was loaded before; nothing changed.", "यह फ़ाइल पहले लोड हो चुकी है; कुछ नहीं बदला।"),
        "load_failed": ("The file could not be loaded", "फ़ाइल लोड नहीं हो सकी"),
        "rejected_report": ("Rejected rows and why", "अस्वीकृत पंक्तियाँ और कारण"),
        "review_queue": ("Geocoding review queue", "जियोकोडिंग समीक्षा सूची"),
        "freshness": ("Data freshness: latest load of each kind", "डेटा ताज़गी: हर प्रकार का नवीनतम लोड"),
        "col_kind": ("Kind", "प्रकार"),
        "col_file": ("File", "फ़ाइल"),
        "col_finished": ("Loaded at", "लोड समय"),
        "col_rows": ("Rows", "पंक्तियाँ"),
        "col_loaded": ("Loaded", "लोड"),
        "col_rejected": ("Rejected", "अस्वीकृत"),
        "col_row": ("Row", "पंक्ति"),
        "col_errors": ("Problems", "समस्याएँ"),
        "col_input": ("Address as written", "लिखा गया पता"),
        "col_times": ("Times seen", "कितनी बार"),
    }
)

TEXT.update(
    {
        "sign_in": ("Sign in", "साइन इन करें"),
        "username": ("Username", "उपयोगकर्ता नाम"),
        "password": ("Password", "पासवर्ड"),
        "bad_credentials": ("Wrong username or password.", "उपयोगकर्ता नाम या पासवर्ड गलत है।"),
        "locked": (
            "Too many failed attempts: this account is locked for 15 minutes.",
            "बहुत अधिक गलत प्रयास: यह खाता 15 मिनट के लिए बंद है।",
        ),
        "inactive": ("This account is disabled.", "यह खाता निष्क्रिय है।"),
        "session_expired": (
            "Your session ended after 30 idle minutes. Please sign in again.",
            "30 मिनट निष्क्रिय रहने के कारण सत्र समाप्त हुआ। कृपया फिर से साइन इन करें।",
        ),
        "sign_out": ("Sign out", "साइन आउट"),
        "signed_in_as": ("Signed in as", "साइन इन:"),
        "page_audit": ("Audit log", "ऑडिट लॉग"),
        "page_inbox": ("Inbox", "इनबॉक्स"),
        "page_returnees": ("2020 returnees now", "2020 में लौटे श्रमिक अब"),
        "role_state_admin": ("State administration", "राज्य प्रशासन"),
        "role_district_officer": ("District officer", "ज़िला अधिकारी"),
        "role_planner": ("Planner", "योजनाकार"),
        "role_call_agent": ("Call-centre agent", "कॉल सेंटर एजेंट"),
        "role_auditor": ("Auditor", "लेखा परीक्षक"),
        "role_department": ("Department", "विभाग"),
        "watermark": (
            "Exported by {user} on {when} IST. Confidential personal data: for official use only; do not share.",
            "{user} द्वारा {when} IST को निर्यात। गोपनीय व्यक्तिगत डेटा: केवल सरकारी उपयोग के लिए; साझा न करें।",
        ),
        "col_user": ("User", "उपयोगकर्ता"),
        "col_target": ("Target", "लक्ष्य"),
        "col_details": ("Details", "विवरण"),
        "all_actions": ("All actions", "सभी कार्रवाइयाँ"),
    }
)

TEXT.update(
    {
        "download_worker_list": ("Download this page of workers (CSV)", "श्रमिकों का यह पृष्ठ डाउनलोड करें (CSV)"),
        "download_complaints": ("Download these complaints (CSV)", "ये शिकायतें डाउनलोड करें (CSV)"),
        "download_rejected": ("Download the rejected rows (CSV)", "अस्वीकृत पंक्तियाँ डाउनलोड करें (CSV)"),
        "col_raw": ("Row as uploaded", "अपलोड की गई पंक्ति"),
    }
)

TEXT.update(
    {
        "page_rights": ("Data rights", "डेटा अधिकार"),
        "rights_intro": (
            "A worker's requests about their data (DPDP Act 2023): see everything held, correct it, or erase it. "
            "Every action is recorded in the audit log.",
            "अपने डेटा के बारे में श्रमिक के अनुरोध (डीपीडीपी अधिनियम 2023): रखा गया सब कुछ देखें, सुधारें या मिटाएँ। "
            "हर कार्रवाई ऑडिट लॉग में दर्ज होती है।",
        ),
        "worker_id": ("Worker id", "श्रमिक आईडी"),
        "rights_not_permitted": (
            "No worker with this id whose home is in your state.",
            "इस आईडी का कोई श्रमिक नहीं जिसका घर आपके राज्य में हो।",
        ),
        "record_held": ("What is held", "क्या रखा गया है"),
        "col_section": ("Part of the record", "रिकॉर्ड का भाग"),
        "col_items": ("Items", "संख्या"),
        "download_record": ("Download the full record (JSON)", "पूरा रिकॉर्ड डाउनलोड करें (JSON)"),
        "correct_record": ("Correct the record", "रिकॉर्ड सुधारें"),
        "reason": ("Reason (the worker's request)", "कारण (श्रमिक का अनुरोध)"),
        "corrected": ("Corrected:", "सुधारा गया:"),
        "erase_record": ("Erase this worker's personal data", "इस श्रमिक का व्यक्तिगत डेटा मिटाएँ"),
        "erase_confirm": (
            "I have checked the request: erase. This cannot be undone.",
            "मैंने अनुरोध जाँच लिया है: मिटाएँ। यह वापस नहीं होगा।",
        ),
        "erased": (
            "Erased. The record keeps only what the counts need.",
            "मिटा दिया गया। रिकॉर्ड में अब केवल गिनती के लिए आवश्यक जानकारी है।",
        ),
        "already_erased": ("This worker's personal data was erased.", "इस श्रमिक का व्यक्तिगत डेटा मिटाया जा चुका है।"),
        "field_name": ("Name", "नाम"),
        "field_father_name": ("Father's name", "पिता का नाम"),
        "field_gender": ("Gender (M, F or T)", "लिंग (M, F या T)"),
        "field_birth_year": ("Year of birth", "जन्म वर्ष"),
        "field_phone": ("Phone", "फ़ोन"),
        "field_phone_alt": ("Other phone", "दूसरा फ़ोन"),
    }
)

TEXT.update(
    {
        "call_queue": ("Call queue: workers due a call", "कॉल कतार: जिन्हें कॉल करना है"),
        "col_called_today": ("Called today", "आज कॉल किए"),
        "col_reached_today": ("Reached today", "आज संपर्क हुआ"),
        "col_left_to_call": ("Left to call", "कॉल करना शेष"),
        "whole_state": ("The whole state", "पूरा राज्य"),
        "queue_district": ("Take workers from", "किस ज़िले से"),
        "take_next": ("Take the next worker", "अगला श्रमिक लें"),
        "queue_empty": (
            "Nobody is left to call here: everyone was reached, called today, or is with another agent.",
            "यहाँ कॉल करने को कोई शेष नहीं: सभी से संपर्क हो चुका है, आज कॉल हो चुकी है, या दूसरे एजेंट के पास हैं।",
        ),
        "from_queue": (
            "From the call queue: yours for {minutes} minutes or until the call is saved",
            "कॉल कतार से: {minutes} मिनट तक या कॉल सहेजने तक केवल आपके पास",
        ),
        "call_saved_as": ("Call saved as", "कॉल दर्ज हुई, संख्या"),
        "another_call": ("Record another call to this worker", "इस श्रमिक की एक और कॉल दर्ज करें"),
        "complaint_saved_as": ("Complaint saved as", "शिकायत दर्ज हुई, संख्या"),
        "rows_of": (
            "{shown} of {total} workers due a call.",
            "कॉल किए जाने वाले {total} में से {shown} श्रमिक।",
        ),
        "call_list_note": (
            "Most urgent first (open complaints, then never reached); the call centre's queue works through all "
            "of them, and an agent opens any one by its worker id.",
            "सबसे ज़रूरी पहले (लंबित शिकायतें, फिर जिनसे कभी संपर्क नहीं हुआ); कॉल सेंटर की कतार सभी तक पहुँचती है, "
            "और एजेंट किसी को भी उसकी श्रमिक आईडी से खोल सकता है।",
        ),
        "col_new": ("New", "नए"),
        "col_updated": ("Updated", "अद्यतन"),
        "freshness_note": (
            "New: records the file added. Updated: records already held that the file changed (for a tracking file, "
            "workers whose current workplace moved). Rejected: rows not loaded, each with its reason.",
            "नए: फ़ाइल द्वारा जोड़े गए रिकॉर्ड। अद्यतन: पहले से मौजूद रिकॉर्ड जिन्हें फ़ाइल ने बदला (ट्रैकिंग फ़ाइल में, "
            "जिन श्रमिकों का वर्तमान कार्यस्थल बदला)। अस्वीकृत: लोड न हुई पंक्तियाँ, हर एक कारण सहित।",
        ),
        "other_districts": ("Other districts ({n})", "अन्य ज़िले ({n})"),
        "other_states": ("Other states ({n})", "अन्य राज्य ({n})"),
        "sankey_note": (
            "Every migrant is counted: the largest home districts and destination states are named, and "
            "{homes} more districts and {dests} more states are grouped as Other. Pairs under 5 are hidden.",
            "हर प्रवासी गिना गया है: सबसे बड़े गृह ज़िले और गंतव्य राज्य नाम से दिखाए गए हैं, और "
            '{homes} अन्य ज़िले तथा {dests} अन्य राज्य "अन्य" में जोड़े गए हैं। 5 से कम वाले जोड़े छिपाए गए हैं।',
        ),
        "sankey_all": (
            "Every home district and destination state is shown. Pairs under 5 are hidden.",
            "हर गृह ज़िला और गंतव्य राज्य दिखाया गया है। 5 से कम वाले जोड़े छिपाए गए हैं।",
        ),
        "of_workers": ("of workers", "श्रमिकों का"),
        "not_for_role": ("not shown to your role", "आपकी भूमिका के लिए नहीं"),
        "tiles_left_out": (
            "Not shown, as no records of this kind are held for this selection:",
            "नहीं दिखाए गए, क्योंकि इस चयन के लिए ऐसे कोई रिकॉर्ड नहीं हैं:",
        ),
        "worker_search": (
            "Search the workers by name, village or phone (its last digits)",
            "नाम, गाँव या फ़ोन (अंतिम अंक) से श्रमिक खोजें",
        ),
        "loaded_from_file": ("(a loaded file)", "(लोड की गई फ़ाइल)"),
        "by_escalation_rule": ("(the escalation rule)", "(एस्केलेशन नियम)"),
        "nearby_places": ("Named places nearby", "आसपास के नामित स्थान"),
        "another_complaint": ("Log another complaint", "एक और शिकायत दर्ज करें"),
    }
)
