"""The bulk path's copy of new workers, their locations and skills straight into the person tables."""

from __future__ import annotations

from collections.abc import Callable, Iterable, Iterator, Sequence

import pandas as pd
from sqlalchemy import Connection

from atlas.ingest import copying
from atlas.ingest import people_rows as made
from atlas.queries import ingest
from atlas.queries.bulk import primary_key_rebuilt, unique_rebuilt
from atlas.queries.loading import copy_frame, copy_statement

_LOCATION_COPY = (*made.LOCATION_COLUMNS, *made.HOME_COLUMNS)
_SKILL_COPY = ("worker_id", "nco_code", "source", *made.HOME_COLUMNS)


def copy_new_people(connection: Connection, people: tuple[pd.DataFrame, pd.DataFrame, pd.DataFrame], *, batch_id: int,
                    user_id: int | None, stage_ids: bool) -> int:  # fmt: skip
    """Copy workers that match nobody (``ingest.WORKER_STAGE``), their identities (natural key and UAN), their
    locations (``ingest.PEOPLE_LOCATION_STAGE``) and skills (``natural_key, nco_code``) straight into the tables;
    returns the workers written.

    Only inside ``ingest.person_tables_for`` in bulk, where the tables are locked and their indexes and foreign
    keys are rebuilt afterwards: the same rows as the staged path writes, without a staging round trip. Codes
    unknown to the reference tables become NULL, as the staged path's joins make them. With ``stage_ids``,
    appends the new workers to ``stage_workers`` (natural key -> id) for later steps of the load that need
    them (camp registrations); at 16 lakh rows that costs seconds, so a load that does not is spared it.
    """
    workers, locations, skills = people
    if workers.empty:
        return 0
    codes = ingest.reference_codes(connection)
    worker_ids = ingest.reserve_ids(connection, "workers", "worker_id", len(workers))
    ids = pd.Series(worker_ids, index=workers["natural_key"].to_numpy())
    location_ids = ingest.reserve_ids(connection, "worker_locations", "location_id", len(locations))

    # Made where copying.copy_frames makes them: in a child process that overlaps with the server, for a big batch.
    homes = made.homes(workers, worker_ids, codes)

    def location_rows() -> pd.DataFrame:
        rows = made.new_location_rows(locations, ids, location_ids, codes, batch_id=batch_id, user_id=user_id)
        return made.with_homes(rows, homes)

    def worker_rows() -> Iterator[pd.DataFrame]:
        # A chunk at a time, so that the first rows reach the server while the rest are made.
        current = made.current_places(locations, ids, location_ids, codes)
        size = copying.COPY_CHUNK_ROWS
        for start in range(0, len(workers), size):
            end = start + size
            yield made.new_worker_rows(workers.iloc[start:end], worker_ids[start:end], current, codes, batch_id)

    def skill_rows() -> pd.DataFrame:
        held = skills[skills["nco_code"].isin(codes["occupations"]).to_numpy()]
        rows = pd.DataFrame({"worker_id": held["natural_key"].map(ids).to_numpy(),
                             "nco_code": held["nco_code"].to_numpy(), "source": workers["source"].iloc[0]})  # fmt: skip
        return made.with_homes(rows, homes)

    def identity_rows() -> pd.DataFrame:
        return made.identity_rows(workers, worker_ids)

    with unique_rebuilt(connection, ingest.PERSON_TABLES), primary_key_rebuilt(connection, "worker_identities"):
        tables = [_copied(connection, "worker_identities", made.IDENTITY_COLUMNS, lambda: [identity_rows()]),
                  _copied(connection, "workers", made.WORKER_COLUMNS, worker_rows),
                  _copied(connection, "worker_locations", _LOCATION_COPY, lambda: [location_rows()]),
                  _copied(connection, "worker_skills", _SKILL_COPY, lambda: [skill_rows()])]  # fmt: skip
        copying.copy_frames(connection, tables, rows=2 * len(workers) + len(locations) + len(skills))
    if stage_ids:
        copy_frame(connection, "stage_workers", pd.DataFrame({"natural_key": ids.index, "worker_id": worker_ids,
                                                              "is_new": True}))  # fmt: skip
    return len(workers)


def _copied(connection: Connection, table: str, columns: Sequence[str], make: Callable[[], Iterable[pd.DataFrame]]
            ) -> copying.Made:  # fmt: skip
    return copy_statement(connection, table, columns), columns, make
