"""Printed reports for officials: a district's page for a review meeting, and a state's districts ranked.

A report is built from aggregates only (the rollups and complaint counts; counts under the small-cell threshold
are printed as "< 5"), rendered as HTML and turned into a PDF by WeasyPrint, whose Pango and HarfBuzz shape
Devanagari correctly. ``python -m atlas.reports`` writes one from the command line; the District view offers
the same file as a download. Whoever generates a report is recorded in the audit log.
"""

from __future__ import annotations

from atlas.reports.build import department_list, district_report, state_report

__all__ = ["department_list", "district_report", "state_report"]
