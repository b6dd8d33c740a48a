"""Gather a report's aggregates from the database and turn them into a PDF."""

from __future__ import annotations

import base64
from collections.abc import Hashable
from dataclasses import dataclass, field
from datetime import datetime
from html import escape
from itertools import pairwise
from typing import Any
from zoneinfo import ZoneInfo

import geopandas as gpd
import pandas as pd
from sqlalchemy import Connection

from atlas.errors import UnknownPlace
from atlas.exports import PngClasses, map_png
from atlas.filters import Filters
from atlas.labels import CATEGORY_LABELS, DEPARTMENT_LABELS, SKILL_LABELS
from atlas.numbers import grouped
from atlas.queries import complaints, options, overview, quality, reports
from atlas.queries.quality import QUALITY_PARTS
from atlas.reports.text import t
from atlas.settings import settings

IST = ZoneInfo("Asia/Kolkata")
IST_FORMAT = "%d-%m-%Y"
PALETTE = ("#fee5d9", "#fcae91", "#fb6a4a", "#de2d26", "#a50f15")
NO_DATA = "#e5e7eb"


@dataclass
class Report:
    """One report's words, tables and map, in one language."""

    lang: str
    title: str
    sections: list[str] = field(default_factory=list)

    def t(self, key: str) -> str:
        return t(key, self.lang)

    def name(self, english: object, hindi: object) -> str:
        if self.lang == "hi" and isinstance(hindi, str) and hindi:
            return hindi
        return str(english or "")


def district_report(connection: Connection, district_id: int, lang: str) -> bytes:
    """The PDF of one home district: its KPIs, a map of migrants by block, destinations, skills, complaints,
    call-centre reach and data quality."""
    state_code, name_en, name_hi = _district(connection, district_id)
    filters = Filters(home_state_code=state_code, home_district_id=district_id)
    report = Report(lang, t("district_title", lang).format(name=name_hi if lang == "hi" and name_hi else name_en))
    report.sections += [
        _header(connection, report),
        _kpis(report, overview.kpis(connection, filters)),
        _area_map(report, overview.migrants_by_home_area(connection, filters)),
        '<div class="page-break"></div>',
        _destinations(report, overview.top_destinations(connection, filters, top_n=8)),
        _skills(report, reports.top_skills(connection, filters)),
        _complaints(report, complaints.complaint_breakdown(connection, filters, by="category")),
        _quality(report, quality.district_quality(connection, state_code), district_id),
    ]
    return _pdf(report)


def state_report(connection: Connection, state_code: str, lang: str) -> bytes:
    """The PDF of a state for the minister: its KPIs and every home district ranked by migrants."""
    states = options.states(connection).set_index("state_code")
    if state_code not in states.index:
        raise UnknownPlace(f"no state with code {state_code}")
    report = Report(lang, "")
    state = states.loc[state_code]
    report.title = t("state_title", lang).format(name=report.name(state["name_en"], state["name_hi"]))
    filters = Filters(home_state_code=state_code)
    ranking = reports.district_ranking(connection, state_code)
    scores = quality.district_quality(connection, state_code)[["district_id", "score"]]
    report.sections += [
        _header(connection, report),
        _kpis(report, overview.kpis(connection, filters)),
        _area_map(report, overview.migrants_by_home_area(connection, filters), level="district"),
        '<div class="page-break"></div>',
        _ranking(report, ranking.merge(scores, on="district_id", how="left")),
        _complaints(report, complaints.complaint_breakdown(connection, filters, by="category")),
    ]
    return _pdf(report)


def department_list(connection: Connection, department: str, state_code: str, lang: str, *, printed_by: str) -> bytes:
    """The department's daily printed list of the open complaints routed to it from the state's workers, with the
    worker's name and phone to act on. It holds personal data, so it says for whom and by whom it was printed."""
    if department not in DEPARTMENT_LABELS:
        raise UnknownPlace(f"no department {department!r}; one of {', '.join(DEPARTMENT_LABELS)}")
    states = options.states(connection).set_index("state_code")
    if state_code not in states.index:
        raise UnknownPlace(f"no state with code {state_code}")
    label = 1 if lang == "hi" else 0
    who = DEPARTMENT_LABELS[department][label]
    report = Report(lang, "")
    state = states.loc[state_code]
    report.title = t("department_title", lang).format(
        department=who, state=report.name(state["name_en"], state["name_hi"])
    )
    today = datetime.now(IST).strftime(IST_FORMAT)
    report.sections += [
        '<div class="wide">',
        f"<h1>{escape(report.title)}</h1>",
        f'<p class="warning">{escape(t("personal_data", lang).format(department=who, user=printed_by, day=today))}</p>',
        _complaint_list(report, reports.department_list(connection, department, state_code)),
        "</div>",
    ]
    return _pdf(report)


# --------------------------------------------------------------------------- data


def _district(connection: Connection, district_id: int) -> tuple[str, str, str | None]:
    """``state_code, name_en, name_hi`` of a district."""
    names = reports.district_names(connection, district_id)
    if names is None:
        raise UnknownPlace(f"no district with id {district_id}")
    return names


def printed(value: object) -> str:
    """A count as printed: Indian grouping, "< 5" where it was suppressed."""
    if value is None or (isinstance(value, float) and pd.isna(value)):
        return f"< {settings.min_cell_count}"
    return grouped(int(value))  # type: ignore[call-overload]


def _share(part: object, whole: object) -> str:
    if not whole or part is None or pd.isna(part):  # type: ignore[call-overload]
        return "–"
    return f"{100 * float(part) / float(whole):.1f}%"  # type: ignore[arg-type]


# --------------------------------------------------------------------------- sections (escaped HTML)


def _header(connection: Connection, report: Report) -> str:
    loads = quality.freshness(connection)
    people = loads[loads["kind"] != "reference"]
    fresh = people["finished_at"].max() if not people.empty else None
    fresh_day = fresh.tz_convert("Asia/Kolkata").strftime(IST_FORMAT) if fresh is not None else "–"
    today = datetime.now(IST).strftime(IST_FORMAT)
    lines = [
        f"<h1>{escape(report.title)}</h1>",
        f'<p class="meta">{escape(report.t("generated").format(day=today, fresh=fresh_day))}</p>',
    ]
    if options.has_synthetic_workers(connection):
        lines.append(f'<p class="warning">{escape(report.t("synthetic"))}</p>')
    return "\n".join(lines)


def _kpis(report: Report, k: dict[str, int | None]) -> str:
    workers = k["workers"] or 0
    rows = [
        ("workers", printed(workers) if workers else "0", ""),
        ("migrants", printed(k["migrants"]), _share(k["migrants"], workers)),
        ("home_fine", printed(k["home_fine"]), _share(k["home_fine"], workers)),
        ("reached_90d", printed(k["reached_90d"]), _share(k["reached_90d"], workers)),
    ]
    if k["open_complaints"] is not None:
        rows.append(("open_complaints", grouped(k["open_complaints"]), ""))
        rows.append(("overdue_complaints", grouped(k["overdue_complaints"] or 0), ""))
    cells = "".join(
        f'<div class="kpi"><div class="value">{escape(v)}</div><div class="label">{escape(report.t(key))}'
        f"{' · ' + escape(s) if s else ''}</div></div>"
        for key, v, s in rows
    )
    return f'<h2>{escape(report.t("summary"))}</h2><div class="kpis">{cells}</div>'


def _area_map(report: Report, blocks: gpd.GeoDataFrame, *, level: str = "block") -> str:
    values = blocks["migrants"].dropna()
    breaks = sorted({float(v) for v in values.quantile([0.2, 0.4, 0.6, 0.8]).tolist()}) if len(values) else []
    fills = [NO_DATA if pd.isna(v) else PALETTE[sum(v > b for b in breaks)] for v in blocks["migrants"]]
    picture = map_png(blocks, PngClasses(fills=fills, legend=[]), None)
    encoded = base64.b64encode(picture).decode("ascii")
    edges = [values.min(), *breaks, values.max()] if len(values) else []
    legend = "".join(
        f'<span class="swatch" style="background:{PALETTE[i]}"></span>{grouped(int(lo))}–{grouped(int(hi))} '
        for i, (lo, hi) in enumerate(pairwise(edges))
    )
    legend += f'<span class="swatch" style="background:{NO_DATA}"></span>&lt; {settings.min_cell_count}'
    return (
        f'<h2>{escape(report.t(f"{level}_map"))}</h2><p class="legend">{escape(report.t(f"{level}_legend"))}: {legend}'
        f'</p><img class="map" src="data:image/png;base64,{encoded}"/>'
        f'<p class="note">{escape(report.t(f"{level}_map_note"))}</p>'
    )


def _table(headers: list[str], rows: list[list[str]], *, numeric_from: int = 1) -> str:
    """A table; a short one is kept on one page, a long one (a state's districts) may run over."""
    head = "".join(f"<th{' class=num' if i >= numeric_from else ''}>{escape(h)}</th>" for i, h in enumerate(headers))
    body = "".join(
        "<tr>"
        + "".join(f"<td{' class=num' if i >= numeric_from else ''}>{escape(c)}</td>" for i, c in enumerate(r))
        + "</tr>"
        for r in rows
    )
    keep = ' class="keep"' if len(rows) <= 15 else ""
    return f"<table{keep}><thead><tr>{head}</tr></thead><tbody>{body}</tbody></table>"


def _section(report: Report, key: str, headers: list[str], rows: list[list[str]], *, numeric_from: int = 1) -> str:
    table = _table(headers, rows, numeric_from=numeric_from) if rows else f"<p>{escape(report.t('none'))}</p>"
    return f"<h2>{escape(report.t(key))}</h2>{table}"


def _destinations(report: Report, places: pd.DataFrame) -> str:
    rows = [
        [f"{report.name(r.name_en, r.name_hi)}, {report.name(r.state_en, r.state_hi)}", printed(r.workers)]
        for r in places.itertuples()
    ]
    return _section(report, "destinations", [report.t("col_place"), report.t("col_workers")], rows)


def _skills(report: Report, skills: pd.DataFrame) -> str:
    label = 1 if report.lang == "hi" else 0
    rows = [
        [SKILL_LABELS.get(s, (s, s))[label], printed(n)]
        for s, n in zip(skills["skill_group"], skills["workers"], strict=True)
    ]
    return _section(report, "skills", [report.t("col_skill"), report.t("col_workers")], rows)


def _complaints(report: Report, counts: pd.DataFrame) -> str:
    label = 1 if report.lang == "hi" else 0
    rows = [
        [
            CATEGORY_LABELS.get(str(r.key), (str(r.key),) * 2)[label],
            printed_small(r.complaints),
            printed_small(r.open),
            printed_small(r.overdue),
        ]
        for r in counts.itertuples()
    ]
    headers = [report.t(k) for k in ("col_category", "col_complaints", "col_open", "col_overdue")]
    return _section(report, "complaints", headers, rows) + f'<p class="note">{escape(report.t("suppressed"))}</p>'


def printed_small(value: object) -> str:
    """A complaint count: 0 is printed, 1 to 4 are suppressed."""
    return "0" if value == 0 else printed(value if int(value) >= settings.min_cell_count else None)  # type: ignore[call-overload]


def _quality(report: Report, scores: pd.DataFrame, district_id: int) -> str:
    mine = scores[scores["district_id"] == district_id]
    if mine.empty:
        return _section(report, "quality", [], [])
    row = mine.iloc[0]
    rank = f"{int(mine.index[0]) + 1} / {len(scores)}"
    parts = [[report.t("quality_score"), f"{row['score']:.1f} ({rank})"]]
    parts += [[report.t(p), "–" if pd.isna(row[p]) else f"{100 * row[p]:.1f}%"] for p in QUALITY_PARTS]
    return _section(report, "quality", [report.t("quality"), ""], parts)


def _complaint_list(report: Report, complaints: pd.DataFrame) -> str:
    label = 1 if report.lang == "hi" else 0
    rows = [_complaint_row(report, r, label) for r in complaints.to_dict("records")]
    keys = ("col_number", "col_lodged", "col_category", "col_name", "col_phone", "col_home", "col_workplace",
            "col_due")  # fmt: skip
    table = _section(report, "open_complaints", [report.t(k) for k in keys], rows, numeric_from=len(keys))
    return table + f'<p class="note">{escape(report.t("list_note"))}</p>'


def _complaint_row(report: Report, r: dict[Hashable, Any], label: int) -> list[str]:
    category = str(r["category"])
    return [
        str(r["complaint_id"]),
        _ist(r["lodged_at"], IST_FORMAT),
        CATEGORY_LABELS.get(category, (category, category))[label] + (" (!)" if r["is_emergency"] else ""),
        str(r["name"]),
        str(r["phone"] or "–"),
        f"{report.name(r['home_block_en'], r['home_block_hi'])}, "
        f"{report.name(r['home_district_en'], r['home_district_hi'])}",
        report.name(r["workplace_en"], r["workplace_hi"]) or "–",
        _ist(r["due_at"], f"{IST_FORMAT} %H:%M") + (" ✗" if isinstance(r["missed"], str) else ""),
    ]


def _ist(moment: object, pattern: str) -> str:
    return pd.Timestamp(moment).tz_convert(IST).strftime(pattern)  # type: ignore[arg-type]


def _ranking(report: Report, ranking: pd.DataFrame) -> str:
    rows = [
        [str(i), report.name(r.name_en, r.name_hi), printed(r.workers), printed(r.migrants), printed(r.reached_90d),
         printed(r.open), printed(r.overdue), "–" if pd.isna(r.score) else f"{r.score:.1f}"]
        for i, r in enumerate(ranking.itertuples(), start=1)
    ]  # fmt: skip
    keys = ("col_rank", "col_district", "col_workers", "col_migrants", "col_reached", "col_open", "col_overdue",
            "quality_score")  # fmt: skip
    return _section(report, "ranking", [report.t(k) for k in keys], rows, numeric_from=2)


# --------------------------------------------------------------------------- PDF

STYLE = """
@page { size: A4; margin: 14mm 14mm 16mm 14mm;
        @bottom-left { content: "SOURCE"; font-size: 7.5pt; color: #4b5563; }
        @bottom-right { content: counter(page) " / " counter(pages); font-size: 7.5pt; color: #4b5563; } }
body { font-family: "Noto Sans", "Noto Sans Devanagari", sans-serif; font-size: 10pt; color: #111827; }
h1 { font-size: 17pt; margin: 0 0 2mm 0; } h2 { font-size: 12.5pt; margin: 4mm 0 1.5mm 0; }
.meta { color: #4b5563; margin: 0; } .warning { color: #92400e; font-weight: bold; }
.kpis { display: flex; flex-wrap: wrap; gap: 3mm; }
.kpi { border: 0.3mm solid #d1d5db; border-radius: 1.5mm; padding: 2mm 3mm; width: 54mm; }
.kpi .value { font-size: 15pt; font-weight: bold; } .kpi .label { color: #374151; font-size: 8.5pt; }
img.map { display: block; margin: 0 auto; height: 115mm; width: auto; max-width: 100%; }
.legend, .note { font-size: 8.5pt; color: #374151; }
.swatch { display: inline-block; width: 3.5mm; height: 3.5mm; margin: 0 1mm 0 2mm; border: 0.2mm solid #6b7280; }
table { border-collapse: collapse; width: 100%; margin-bottom: 2mm; }
th, td { border-bottom: 0.2mm solid #e5e7eb; padding: 0.9mm 2mm; text-align: left; }
td { white-space: nowrap; } th { background: #f3f4f6; } .num { text-align: right; }
table.keep { page-break-inside: avoid; }
.page-break { page-break-after: always; }
.wide { page: wide; } @page wide { size: A4 landscape; }
"""


def _pdf(report: Report) -> bytes:
    from weasyprint import HTML

    source = report.t("source").replace('"', "'")
    html = (
        f'<!doctype html><html lang="{report.lang}"><head><meta charset="utf-8"><title>{escape(report.title)}</title>'
        f"<style>{STYLE.replace('SOURCE', source)}</style></head><body>{''.join(report.sections)}</body></html>"
    )
    return HTML(string=html).write_pdf()
