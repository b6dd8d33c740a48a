"""A department's inbox: the open complaints routed to it, and acting on one (acknowledge, note, resolve, send
back for re-routing). Every action goes into the complaint's timeline and the audit log."""

from __future__ import annotations

import streamlit as st

from dashboard import data, downloads, frame, render
from dashboard.i18n import CATEGORY_LABELS, DEPARTMENT_LABELS, STATUS_LABELS, TEXT, day, label
from dashboard.render import md
from dashboard.tables import localise, place, timeline

ACTIONS = ("acknowledge", "note", "resolve", "send_back")
OUTCOME_KEY = "ib_outcome"
TEXT.update(
    {
        "inbox_for": ("Open complaints routed to {department}", "{department} को भेजी गई खुली शिकायतें"),
        "inbox_empty": ("No open complaints are routed to you.", "आपको कोई खुली शिकायत नहीं भेजी गई है।"),
        "act": ("Act on a complaint", "शिकायत पर कार्रवाई"),
        "action": ("Action", "कार्रवाई"),
        "acknowledge": ("Acknowledge (first action)", "संज्ञान लें (पहली कार्रवाई)"),
        "note_only": ("Add a note", "टिप्पणी जोड़ें"),
        "resolve": ("Resolve", "निपटाएँ"),
        "send_back": ("Send back for re-routing", "पुनः भेजने के लिए लौटाएँ"),
        "done": ("Recorded in the complaint's timeline.", "शिकायत की समयरेखा में दर्ज।"),
        "not_done": (
            "Nothing changed: the complaint is no longer yours or already in that state.",
            "कुछ नहीं बदला: शिकायत अब आपकी नहीं है या पहले से उसी स्थिति में है।",
        ),
        "daily_list": ("Today's list to print (PDF)", "आज की मुद्रण सूची (PDF)"),
        "col_workplace": ("Works in", "कार्यस्थल"),
        "col_next_due": ("Next deadline", "अगली समय-सीमा"),
    }
)

view = frame.current()
lang = view.lang
frame.title("page_inbox")
scope = data.current_scope()
if scope is None or scope.department is None or scope.state_code is None:
    st.info(view.t("not_for_role"))
    st.stop()
department = label(DEPARTMENT_LABELS, scope.department, lang)
st.subheader(view.t("inbox_for").format(department=md(department)))
complaints = data.inbox(scope.department, scope.state_code)
if complaints.empty:
    st.info(view.t("inbox_empty"))
    st.stop()
complaints["category"] = [
    label(CATEGORY_LABELS, c, lang) + (" (!)" if e else "")
    for c, e in zip(complaints["category"], complaints["is_emergency"], strict=True)
]
complaints["status"] = [label(STATUS_LABELS, s, lang) for s in complaints["status"]]
complaints["home"] = [
    place(e, h, lang) for e, h in zip(complaints["home_block_en"], complaints["home_block_hi"], strict=True)
]
complaints["workplace"] = [
    place(e, h, lang) or "–" for e, h in zip(complaints["workplace_en"], complaints["workplace_hi"], strict=True)
]
columns = {"complaint_id": "complaint_number", "lodged_at": "col_lodged", "category": "col_category",
           "status": "col_status", "name": "col_name", "phone": "col_phone", "home": "col_block",
           "workplace": "col_workplace", "due_at": "col_next_due"}  # fmt: skip
render.table(localise(complaints, columns, lang), height=360)
downloads.offer(
    view.t("daily_list"),
    data.department_list_pdf(scope.department, scope.state_code, lang),
    what=f"complaints_{scope.department}_{scope.state_code}.pdf",
    mime="application/pdf",
    key="ib_list",
    personal=True,
)

st.subheader(view.t("act"))
with st.form("ib_form", clear_on_submit=True):
    ids = [int(c) for c in complaints["complaint_id"]]
    names = dict(zip(ids, complaints["name"], strict=True))
    chosen = st.selectbox(view.t("complaint_number"), ids, format_func=lambda c: f"{c} · {names[c]}", key="ib_id")
    keys = {"acknowledge": "acknowledge", "note": "note_only", "resolve": "resolve", "send_back": "send_back"}
    action = st.radio(view.t("action"), ACTIONS, format_func=lambda a: view.t(keys[a]), horizontal=True, key="ib_act")
    note = st.text_area(view.t("note"), max_chars=2000, key="ib_note")
    if st.form_submit_button(view.t("save")):
        if not note.strip():
            st.warning(view.t("note_required"))
        else:
            st.session_state[OUTCOME_KEY] = data.act_on_complaint(int(chosen), str(action), note.strip())
            st.rerun()
outcome = st.session_state.pop(OUTCOME_KEY, None)
if outcome is not None:
    (st.success if outcome else st.info)(view.t("done" if outcome else "not_done"))

summary, events = data.complaint_timeline(int(chosen))
if summary is not None:
    st.caption(f"{view.t('timeline')} · {md(chosen)} · {md(day(summary['lodged_at']))}")  # type: ignore[arg-type]
    render.table(timeline(events, lang))
