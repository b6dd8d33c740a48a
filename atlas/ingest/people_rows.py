"""The rows of new workers, their locations and skills, as frames ready for COPY (``atlas.ingest.new_people``).

Pure pandas and numpy: the frames are assembled column by column, without copying the 16 lakh row inputs whole,
so that a forked child (``atlas.ingest.copying``) can make them while the server parses the previous ones.
"""

from __future__ import annotations

from typing import Any

import numpy as np
import pandas as pd

from atlas.settings import SRID

WORKER_COLUMNS = (
    "worker_id", "natural_key", "uan", "name", "name_norm", "father_name", "gender", "birth_year", "phone", "phone_alt",
    "home_address_raw", "home_point", "home_state_code", "home_district_id", "home_block_code", "home_village_code",
    "home_precision", "home_confidence", "current_location_id", "current_state_code", "current_district_id",
    "current_observed_at", "source", "gig_platform_type", "is_synthetic", "first_batch_id",
)  # fmt: skip
LOCATION_COLUMNS = (
    "location_id", "worker_id", "observed_at", "source", "raw_address", "employer", "sector", "point", "state_code",
    "district_id", "block_code", "precision", "confidence", "batch_id", "recorded_by",
)  # fmt: skip
HOME_COLUMNS = ("home_state_code", "home_district_id")
IDENTITY_COLUMNS = ("natural_key", "worker_id")


def identity_rows(workers: pd.DataFrame, worker_ids: np.ndarray) -> pd.DataFrame:
    """``IDENTITY_COLUMNS`` of new workers: each one's natural key, and ``uan:<UAN>`` for a UAN held, unless the
    natural key is already that string."""
    uans = workers["uan"].astype("string").fillna("")  # blank is no UAN, as COPY's staging makes it
    uan_keys = "uan:" + uans
    has_own = ((uans != "") & (uan_keys != workers["natural_key"])).to_numpy(dtype=bool)
    return pd.DataFrame({"natural_key": np.concatenate([workers["natural_key"].to_numpy(dtype=object),
                                                        uan_keys.to_numpy(dtype=object)[has_own]]),
                         "worker_id": np.concatenate([worker_ids, worker_ids[has_own]])})  # fmt: skip


def new_worker_rows(workers: pd.DataFrame, worker_ids: np.ndarray, current: pd.DataFrame,
                     codes: dict[str, set[object]], batch_id: int) -> pd.DataFrame:  # fmt: skip
    """``WORKER_COLUMNS`` of new workers, their current place from ``current`` (``current_places``)."""
    here = current.reindex(worker_ids)
    columns: dict[str, Any] = {column: workers[column].array for column in WORKER_COLUMNS if column in workers}
    columns.update(
        worker_id=worker_ids,
        home_point=ewkb_points(workers["home_lon"], workers["home_lat"]).to_numpy(),
        home_state_code=known_only(workers["home_state_code"], codes["states"]).to_numpy(),
        home_district_id=known_only(workers["home_district_id"], codes["districts"]).array,
        home_block_code=known_only(workers["home_block_code"], codes["blocks"]).to_numpy(),
        home_village_code=known_only(workers["home_village_code"], codes["villages"]).to_numpy(),
        current_location_id=here["location_id"].astype("Int64").array,
        current_state_code=here["state_code"].to_numpy(),
        current_district_id=here["district_id"].astype("Int64").array,
        current_observed_at=here["observed_at"].array,
        first_batch_id=np.full(len(workers), batch_id),
    )
    return pd.DataFrame({column: columns[column] for column in WORKER_COLUMNS}, copy=False)


def homes(workers: pd.DataFrame, worker_ids: np.ndarray, codes: dict[str, set[object]]) -> pd.DataFrame:
    """By new worker id, the ``home_state_code, home_district_id`` its row gets (``new_worker_rows``)."""
    return pd.DataFrame({"home_state_code": known_only(workers["home_state_code"], codes["states"]).to_numpy(),
                         "home_district_id": known_only(workers["home_district_id"], codes["districts"]).array},
                        index=pd.Index(worker_ids, name="worker_id"))  # fmt: skip


def with_homes(rows: pd.DataFrame, homes: pd.DataFrame) -> pd.DataFrame:
    """``rows`` (with ``worker_id``) with their worker's home, which row-level security reads on every row."""
    here = homes.reindex(rows["worker_id"].to_numpy())
    return rows.assign(home_state_code=here["home_state_code"].to_numpy(),
                       home_district_id=here["home_district_id"].array)  # fmt: skip


def current_places(locations: pd.DataFrame, ids: pd.Series, location_ids: np.ndarray,
                    codes: dict[str, set[object]]) -> pd.DataFrame:  # fmt: skip
    """By new worker id, the ``location_id, state_code, district_id, observed_at`` of its latest new location:
    the same values as its row from ``new_location_rows``, without making all of those first."""
    latest = locations["latest"].to_numpy(dtype=bool)
    chosen = locations[["natural_key", "state_code", "district_id", "observed_at"]][latest]
    return pd.DataFrame({"location_id": location_ids[latest],
                         "state_code": known_only(chosen["state_code"], codes["states"]).to_numpy(),
                         "district_id": known_only(chosen["district_id"], codes["districts"]).array,
                         "observed_at": chosen["observed_at"].array},
                        index=pd.Index(chosen["natural_key"].map(ids).to_numpy(), name="worker_id"))  # fmt: skip


def new_location_rows(locations: pd.DataFrame, ids: pd.Series, location_ids: np.ndarray, codes: dict[str, set[object]],
                       *, batch_id: int, user_id: int | None) -> pd.DataFrame:  # fmt: skip
    """``LOCATION_COLUMNS`` of new workers' locations; ``ids`` maps natural keys to the workers' new ids."""
    columns: dict[str, Any] = {column: locations[column].array for column in LOCATION_COLUMNS if column in locations}
    columns.update(
        location_id=location_ids,
        worker_id=locations["natural_key"].map(ids).to_numpy(),
        point=ewkb_points(locations["lon"], locations["lat"]).to_numpy(),
        state_code=known_only(locations["state_code"], codes["states"]).to_numpy(),
        district_id=known_only(locations["district_id"], codes["districts"]).array,
        batch_id=np.full(len(locations), batch_id),
        recorded_by=pd.array([user_id] * len(locations), dtype="Int64"),
    )
    return pd.DataFrame({column: columns[column] for column in LOCATION_COLUMNS}, copy=False)


# A point as PostGIS's hex EWKB: little-endian, type Point with the SRID flag (0x20000001), SRID 4326, x, y.
# PostgreSQL parses it about three times faster than EWKT text, and it is built here without formatting floats.
_EWKB_POINT = np.dtype([("order", "u1"), ("type", "<u4"), ("srid", "<u4"), ("x", "<f8"), ("y", "<f8")])


def ewkb_points(lon: pd.Series, lat: pd.Series) -> pd.Series:
    """PostGIS points (SRID 4326) as hex EWKB text, None where there is no point."""
    records = np.zeros(len(lon), dtype=_EWKB_POINT)
    records["order"], records["type"], records["srid"] = 1, 0x20000001, SRID
    records["x"], records["y"] = lon.fillna(0).to_numpy(float), lat.fillna(0).to_numpy(float)
    hexed, width = records.tobytes().hex().upper(), 2 * _EWKB_POINT.itemsize
    points = pd.Series([hexed[i : i + width] for i in range(0, len(hexed), width)], index=lon.index, dtype=object)
    return points.where(lon.notna() & lat.notna(), None)


def known_only(values: pd.Series, known: set[object]) -> pd.Series:
    """The values that the reference table holds; others become missing (a foreign key would refuse them)."""
    return values.where(values.isin(known))
