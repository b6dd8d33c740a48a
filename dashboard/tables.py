"""Turn query frames into display tables with translated headers and Indian formats."""

from __future__ import annotations

from collections.abc import Mapping

import pandas as pd

from dashboard.i18n import ACTION_LABELS, SKILL_LABELS, STATUS_LABELS, day, label, t

# Numbers that name a record rather than count anything: shown as typed (1603), never grouped (1,603).
IDENTIFIERS = frozenset({"worker_id", "complaint_id", "call_id", "batch_id", "review_id", "audit_id", "camp_id"})


def localise(frame: pd.DataFrame, columns: Mapping[str, str], lang: str) -> pd.DataFrame:
    """Keep ``columns`` (source -> text key), rename them into ``lang``, format dates as DD-MM-YYYY and keep
    identifiers as text (counts are grouped the Indian way when shown, identifiers are not)."""
    out = frame[list(columns)].copy()
    for column in out.columns:
        if pd.api.types.is_datetime64_any_dtype(out[column]):
            out[column] = [day(v.to_pydatetime()) if pd.notna(v) else "–" for v in out[column]]
        elif column in IDENTIFIERS:
            out[column] = ["" if pd.isna(v) else str(int(v)) for v in out[column]]
    return out.rename(columns={c: t(k, lang) for c, k in columns.items()})


def details_text(details: object) -> str:
    """An audit entry's details as "key: value" pairs (nested ones in brackets), not raw JSON."""
    if not isinstance(details, Mapping):
        return "" if details is None else str(details)
    return "; ".join(f"{key}: {_value_text(value)}" for key, value in details.items())


def _value_text(value: object) -> str:
    if isinstance(value, Mapping):
        return f"({', '.join(f'{k} {v}' for k, v in value.items())})" if value else "–"
    if isinstance(value, bool):
        return "yes" if value else "no"
    return "–" if value is None else str(value)


def skills_text(codes: str | None, lang: str) -> str:
    if not codes:
        return ""
    return ", ".join(label(SKILL_LABELS, c, lang) for c in codes.split(","))


def place(en: object, hi: object, lang: str) -> str:
    if lang == "hi" and isinstance(hi, str) and hi:
        return hi
    return str(en) if isinstance(en, str) else ""


def timeline(events: pd.DataFrame, lang: str) -> pd.DataFrame:
    """A complaint's events (``complaint_timeline``) as shown: translated actions and statuses, and who acted (a
    loaded file, or the escalation rule, when no user did)."""
    out = events.copy()
    out["to_status"] = [label(STATUS_LABELS, s, lang) if s else "" for s in out["to_status"]]
    out["note"] = [n if isinstance(n, str) else "" for n in out["note"]]
    out["actor"] = [
        a if isinstance(a, str) else t("by_escalation_rule" if action == "escalated" else "loaded_from_file", lang)
        for a, action in zip(out["actor"], out["action"], strict=True)
    ]
    out["action"] = [label(ACTION_LABELS, a, lang) for a in out["action"]]
    columns = {"at": "col_when", "action": "col_action", "to_status": "col_to", "note": "note", "actor": "col_by"}
    return localise(out, columns, lang)
