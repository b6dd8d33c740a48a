"""The one way a page offers a file for download: audited, and watermarked when it holds people's data.

Every download is recorded in the audit log with who took it, what it was and under which filters
(``data.exported``), when the file is produced. A file that lists people (``people_csv``) also carries a
first line naming who exported it and when, and a spreadsheet formula in any cell is neutralised
(``atlas.exports.csv_bytes``). Pages call only these functions: never ``st.download_button`` and never a
table's own download, which ``dashboard.render.table`` does not offer (see ``tests/test_page_rules.py``).
"""

from __future__ import annotations

from collections.abc import Callable
from datetime import datetime
from typing import Any

import pandas as pd
import streamlit as st

from atlas.exports import csv_bytes
from atlas.filters import Filters
from dashboard import data, frame
from dashboard.i18n import IST, day


def offer(  # noqa: PLR0913 - every option is keyword-only and named for what it does
    label: str,
    build: Callable[[], bytes],
    *,
    what: str,
    mime: str,
    key: str,
    filters: Filters | None = None,
    where: Any = None,
    personal: bool = False,
) -> None:
    """A download button for the file ``build`` makes (only when clicked), audited as ``what``."""
    audited = data.exported(build, what=what, filters=filters, personal=personal)
    # No rerun on click: the file comes from the callable alone, and a rerun that starts while the file is being
    # built clears Streamlit's outgoing queue, losing the reply and leaving the button spinning for good.
    (where or st).download_button(label, audited, file_name=what, mime=mime, key=key, on_click="ignore")


def people_csv(  # noqa: PLR0913 - every option is keyword-only and named for what it does
    label: str,
    people: pd.DataFrame,
    *,
    what: str,
    key: str,
    filters: Filters | None = None,
    where: Any = None,
    note: str | None = None,
) -> None:
    """A CSV of people (as shown on screen), watermarked with the user and the date, audited as ``what``;
    ``note`` (say, how many rows of how many) follows the watermark on the file's first line."""
    scope = data.current_scope()
    watermark = (
        frame.current().t("watermark").format(user=scope.username if scope else "?", when=day(datetime.now(IST)))
    )
    if note:
        watermark = f"{watermark} {note}"
    offer(
        label,
        lambda: csv_bytes(people, watermark=watermark),
        what=what,
        mime="text/csv",
        key=key,
        filters=filters,
        where=where,
        personal=True,
    )
