"""Who a natural key, a UAN and a ticket number belong to is held in ``worker_identities`` and ``complaint_refs``
(unique across shards on Citus, and the one code path on the single node too): loads claim there first, a
re-run claims nothing new, two loads of the same person at once make one worker, and erasure frees the claims.
"""

from __future__ import annotations

import threading
import time
import uuid
from collections.abc import Iterator
from pathlib import Path

import pandas as pd
import pytest
from sqlalchemy import Connection, Engine, text

from atlas.queries import ingest, rights
from atlas.settings import settings
from loaders import load_file
from tests.conftest import forget_workers

FIXTURES = Path(__file__).parent / "fixtures" / "loaders"


@pytest.fixture(autouse=True)
def _reports_in_tmp(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(settings, "report_dir", tmp_path / "reports")


def _claims(db: Connection) -> dict[str, int]:
    return dict(db.execute(text("SELECT natural_key, worker_id FROM worker_identities")).tuples().all())


def _workers(db: Connection) -> pd.DataFrame:
    return pd.read_sql(text("SELECT worker_id, natural_key, uan FROM workers ORDER BY worker_id"), db)


def test_every_worker_holds_its_natural_key_and_its_uan(db: Connection) -> None:
    load_file("survey", FIXTURES / "survey_hindi.csv", connection=db)
    load_file("eshram", FIXTURES / "eshram.csv", connection=db)
    workers, claims = _workers(db), _claims(db)
    assert len(workers) > 4 and workers["uan"].notna().any()
    for worker in workers.itertuples():
        assert claims[worker.natural_key] == worker.worker_id
        if pd.notna(worker.uan):
            assert claims[f"uan:{worker.uan}"] == worker.worker_id
    theirs = {key for key, worker_id in claims.items() if worker_id in set(workers["worker_id"])}
    assert theirs == set(workers["natural_key"]) | {f"uan:{uan}" for uan in workers["uan"].dropna()}


def test_loading_the_same_people_again_claims_nothing_new(db: Connection) -> None:
    load_file("eshram", FIXTURES / "eshram.csv", connection=db)
    before = _claims(db)
    data = (FIXTURES / "eshram.csv").read_bytes() + b"\n"  # another file: loaded, not skipped as already loaded
    again = load_file("eshram", data, connection=db, file_name="eshram-again.csv")
    assert again.loaded == 0 and _claims(db) == before


def test_erasure_frees_the_natural_key_and_the_uan(db: Connection) -> None:
    load_file("eshram", FIXTURES / "eshram.csv", connection=db)
    worker = _workers(db).dropna(subset=["uan"]).iloc[0]
    rights.erase(db, int(worker.worker_id))
    claims = _claims(db)
    assert worker.natural_key not in claims and f"uan:{worker.uan}" not in claims
    assert int(worker.worker_id) not in claims.values()


def test_a_ticket_number_names_one_complaint_however_often_it_is_imported(db: Connection) -> None:
    load_file("survey", FIXTURES / "survey_hindi.csv", connection=db)
    load_file("complaints", FIXTURES / "complaints.csv", connection=db)
    refs = db.execute(text("SELECT external_ref, worker_id, complaint_id FROM complaint_refs")).all()
    held = db.execute(
        text("SELECT external_ref, worker_id, complaint_id FROM complaints WHERE external_ref IS NOT NULL")
    ).all()
    assert refs and sorted(refs) == sorted(held)
    data = (FIXTURES / "complaints.csv").read_bytes() + b"\n"
    load_file("complaints", data, connection=db, file_name="complaints-again.csv")
    assert db.execute(text("SELECT count(*) FROM complaints")).scalar_one() == len(held)


# --------------------------------------------------------------------------- two sessions at once


def _person(tag: str, *, father_name: str | None = None) -> pd.DataFrame:
    """One worker, as a loader stages it (``ingest.WORKER_STAGE``)."""
    row: dict[str, object] = dict.fromkeys(ingest.WORKER_STAGE)
    phone = "6" + tag
    row.update(natural_key=f"pnv:{phone}|test person|x", name="Test Person", name_norm="test person", phone=phone,
               father_name=father_name, source="survey", is_synthetic=True, row_number=1)  # fmt: skip
    return pd.DataFrame([row])


@pytest.fixture()
def tag(engine: Engine) -> Iterator[str]:
    tag = str(uuid.uuid4().int)[:9]
    yield tag
    with engine.begin() as connection:
        forget_workers(connection, "SELECT worker_id FROM workers WHERE phone = :p", {"p": "6" + tag})


def test_two_loads_of_the_same_person_at_once_make_one_worker(engine: Engine, tag: str) -> None:
    no_places = pd.DataFrame(columns=list(ingest.PEOPLE_LOCATION_STAGE))
    results: list[tuple[int, int]] = []

    def second_load() -> None:
        with engine.begin() as connection:
            person = _person(tag, father_name="Ram")  # what the second source adds
            results.append(ingest.write_people(connection, person, no_places, batch_id=None, user_id=None))  # type: ignore[arg-type]

    with engine.connect() as first:
        first_result = ingest.write_people(first, _person(tag), no_places, batch_id=None, user_id=None)  # type: ignore[arg-type]
        second = threading.Thread(target=second_load)
        second.start()
        time.sleep(1.0)  # the second load waits on the first one's claim
        assert second.is_alive() and not results
        first.commit()
        second.join(timeout=60)
    assert first_result == (1, 0)
    assert results == [(0, 1)]  # it found the first one's worker and merged into it
    with engine.connect() as connection:
        workers = connection.execute(
            text("SELECT worker_id FROM workers WHERE phone = :p"), {"p": "6" + tag}
        ).scalars().all()  # fmt: skip
        claimed = connection.execute(
            text("SELECT worker_id FROM worker_identities WHERE natural_key = :k"), {"k": f"pnv:6{tag}|test person|x"}
        ).scalars().all()  # fmt: skip
    assert len(workers) == 1 and claimed == workers
