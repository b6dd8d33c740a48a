"""Rows outside the scope of the user a file is loaded for are rejected, each with a reason (issue #14).

The rule is the database's own (``atlas_may_write``, set for the load by ``access.set_upload_scope``): a
person's home must lie in the uploader's state (a state administrator) or district (a district officer),
and a row that names or matches a stored worker may change them only if that worker's home does too.
The database refuses such writes whatever a loader does; checking here first turns what would be a
failed load into rejected rows in the report, while the rows inside the scope still load.
"""

from __future__ import annotations

import numpy as np
import numpy.typing as npt
import pandas as pd
from sqlalchemy import Connection

from atlas.queries import ingest
from atlas.queries.access import UploadScope
from loaders.pipeline import Issues

OUTSIDE_SCOPE = "outside_scope"


HOME_OUTSIDE = ("the worker's home is not in {area}, the area this account loads for; the administrator of that area "
                "can load this row")  # fmt: skip
HOME_UNPLACED = ("the worker's home address could not be placed, so it cannot be shown to be in {area}; correct the "
                 "address, or ask the state's administrator")  # fmt: skip
MATCH_OUTSIDE = (
    "this row's UAN, mobile number or name matches a worker registered outside {area}; their record is not changed"
)
WORKER_OUTSIDE = "this worker is registered outside {area}; their record is not changed"
PLACE_OUTSIDE = "the {what} is not in {area}, the area this account loads for"


def people_in_scope(connection: Connection, good: pd.DataFrame, homes: pd.DataFrame, issues: Issues,
                    scope: UploadScope) -> np.ndarray:  # fmt: skip
    """Which rows of ``good`` (worker rows with ``natural_key, uan, phone, name_norm``) may be written: the
    home found for the row (``homes``: ``state_code, district_id``) is in scope, and so is the home of the
    stored worker the row would update. The others are reported."""
    placed = homes["district_id"].notna().to_numpy() | homes["state_code"].fillna("").astype(bool).to_numpy()
    home_ok = ingest.writable_places(connection, homes)
    _report(issues, good.index[placed & ~home_ok], "home", HOME_OUTSIDE.format(area=scope.area))
    _report(issues, good.index[~placed & ~home_ok], "home", HOME_UNPLACED.format(area=scope.area))
    keys = good[["natural_key", "uan", "phone", "name_norm"]]
    outside = good["natural_key"].isin(ingest.matched_outside_scope(connection, keys)).to_numpy() & home_ok
    _report(issues, good.index[outside], "worker", MATCH_OUTSIDE.format(area=scope.area))
    # numpy types `&` of arrays whose dtype it does not know as Any: the mask is named with its real type.
    writable: npt.NDArray[np.bool_] = home_ok & ~outside
    return writable


def workers_in_scope(good: pd.DataFrame, writable: pd.Series, issues: Issues, scope: UploadScope | None) -> pd.Series:
    """Rows naming a stored worker (``writable`` from ``ingest.resolve_workers``, on ``good``'s index) whose
    record this load may change; the others are reported."""
    if scope is None:
        return pd.Series(True, index=good.index)
    _report(issues, good.index[~writable.to_numpy(dtype=bool)], "worker", WORKER_OUTSIDE.format(area=scope.area))
    return writable.astype(bool)


def places_in_scope(connection: Connection, places: pd.DataFrame, issues: Issues, scope: UploadScope | None,
                    *, what: str) -> np.ndarray:  # fmt: skip
    """Rows whose place (``state_code, district_id``) this load may write, e.g. registration camps."""
    if scope is None:
        return np.ones(len(places), dtype=bool)
    ok = ingest.writable_places(connection, places)
    _report(issues, places.index[~ok], "district", PLACE_OUTSIDE.format(what=what, area=scope.area))
    return ok


def _report(issues: Issues, index: pd.Index, field: str, message: str) -> None:
    if len(index):
        issues.add(pd.Series(True, index=index), field, OUTSIDE_SCOPE, message)
