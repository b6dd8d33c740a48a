"""Steps shared by the loaders that describe workers (survey, e-Shram): identity, skills, staging frames."""

from __future__ import annotations

import hashlib
from collections.abc import Callable
from dataclasses import dataclass
from functools import lru_cache
from typing import Any

import numpy as np
import pandas as pd
from sqlalchemy import Connection

from atlas.ingest import new_people
from atlas.queries import ingest
from atlas.queries.bulk import lock_tables
from geo.normalize import normalise_name
from loaders import scope
from loaders.clean import blank, blank_values, name_key, per_distinct, phones, tidy_text
from loaders.geocode import Located, LocatedInTwo, locate, queue_reviews
from loaders.pipeline import REFERENCE_DATA, WARNING, Batch, Issues, Written, occupations

# Longest identity key stored as written; a normalised character may take three bytes in the index.
MAX_KEY_CHARS = 800
# The share of a bulk load's distinct addresses its child geocodes: more than half, since this process
# meanwhile stages the batch's keys for the stored-worker lookup (``BulkLoad``).
BULK_CHILD_SHARE = 0.6
_SKILL_SPLIT = r"\s*(?:[,;/|+&]|\band\b|\bor\b|और|एवं|तथा|व)\s*"


def _skill_key(text: str) -> str:
    return normalise_name(text).replace(" ", "")


@lru_cache(maxsize=1)
def skill_codes() -> dict[str, str]:
    """Skill words in English, Hindi and Hinglish (and the NCO codes and labels themselves) -> NCO code."""
    synonyms = pd.read_csv(REFERENCE_DATA / "skill_synonyms.csv", dtype=str, keep_default_na=False)
    table = occupations()
    lookup = {_skill_key(s): c for s, c in zip(synonyms["synonym"], synonyms["nco_code"], strict=True)}
    for column in ("label_en", "label_hi"):
        lookup.update({_skill_key(label): code for label, code in zip(table[column], table["nco_code"], strict=True)})
    lookup.update({code: code for code in table["nco_code"]})
    return lookup


def skills(series: pd.Series, issues: Issues, *, field: str) -> pd.Series:
    """Each row's NCO codes, comma-separated; words that match no occupation are reported as warnings."""
    found = per_distinct(series, _skill_cells)
    unknown = found["unknown"] != ""
    issues.add(unknown, field, "unknown_skill", "skill not recognised, not recorded: " + found["unknown"][unknown],
               WARNING)  # fmt: skip
    return found["codes"]


def _skill_cells(values: pd.Series) -> pd.DataFrame:
    """``codes`` (comma-separated, each once) and ``unknown`` words of each distinct skills cell."""
    tokens = blank_values(values).str.split(_SKILL_SPLIT, regex=True).explode()
    tokens = tokens[tokens.fillna("") != ""]
    # "7112.0100" and "7112" both name unit group 7112.
    codes = tokens.str.replace(r"^(\d{4})(?:\.\d+)?$", r"\1", regex=True).map(_skill_key).map(skill_codes())
    unknown = tokens[codes.isna()].groupby(level=0).agg(", ".join)
    known = codes.dropna()
    pairs = pd.DataFrame({"row": known.index, "code": known.to_numpy()}).drop_duplicates()
    joined = pairs.groupby("row")["code"].agg(",".join)
    return pd.DataFrame({"codes": joined.reindex(values.index, fill_value=""),
                         "unknown": unknown.reindex(values.index, fill_value="")})  # fmt: skip


def identity(frame: pd.DataFrame, issues: Issues) -> pd.DataFrame:
    """Name, phones and ``natural_key`` columns; rows that cannot be identified are errors.

    The key is ``uan:<UAN>``; else ``pnv:<phone>|<name>|<village>``; else
    ``nfv:<name>|<father>|<village>|<district>``. Name keys fold spelling and script.
    """
    out = pd.DataFrame(index=frame.index)
    out["name"] = tidy_text(frame["name"])
    out["name_norm"] = name_key(out["name"])
    issues.add(out["name"] == "", "name", "missing_name", "the worker's name is blank")
    issues.add((out["name"] != "") & (out["name_norm"] == ""), "name", "bad_name", "the name has no letters")
    out["phone"], out["phone_alt"], bad_phone = phones(frame["mobile"])
    issues.add(bad_phone, "mobile", "bad_phone",
               "'" + blank(frame["mobile"][bad_phone]) + "' is not a 10-digit mobile number starting 6-9; "
               "loaded without it", WARNING)  # fmt: skip
    village = name_key(frame["village"])
    father = name_key(frame["father_name"])
    district = name_key(frame["district"])
    parts = (frame["uan"], out["phone"], out["name_norm"], father, village, district)
    keys = _natural_keys(*(part.to_numpy(dtype=object) for part in parts))
    out["natural_key"] = _indexable(pd.Series(keys, index=frame.index, dtype=object))
    issues.add(out["natural_key"] == "", "mobile", "no_identity",
               "no UAN, no valid mobile number and no village: the worker could not be found again")  # fmt: skip
    return out


def _natural_keys(uan: np.ndarray, phone: np.ndarray, name: np.ndarray, father: np.ndarray, village: np.ndarray,
                  district: np.ndarray) -> list[str]:  # fmt: skip
    """Each row's key, choosing and joining its parts in one pass (whole-column string sums take several)."""
    return [
        f"uan:{u}" if u else f"pnv:{p}|{n}|{v}" if p else f"nfv:{n}|{f}|{v}|{d}" if v else ""
        for u, p, n, f, v, d in zip(uan, phone, name, father, village, district, strict=True)
    ]


def _indexable(keys: pd.Series) -> pd.Series:
    """Keys too long for a btree index entry (2,704 bytes), which names at the length limit can make, are hashed."""
    if keys.empty or max(map(len, keys.to_numpy(dtype=object))) <= MAX_KEY_CHARS:  # one fast pass, usually all
        return keys
    long = keys.str.len() > MAX_KEY_CHARS
    hashed = keys[long].map(lambda key: "sha:" + hashlib.sha256(key.encode()).hexdigest())
    return keys.where(~long, hashed)


def mark_duplicates(frame: pd.DataFrame, issues: Issues) -> None:
    """Rows describing a worker already described further down the file: the later row is used."""
    dup = frame["natural_key"].duplicated(keep="last") & (frame["natural_key"] != "")
    issues.add(dup, "name", "duplicate_row", "the same worker appears again further down; the later row is used",
               WARNING)  # fmt: skip


def worker_stage(good: pd.DataFrame, home: pd.DataFrame, batch: Batch, *, source: str, once_each: bool = False
                 ) -> pd.DataFrame:  # fmt: skip
    """One row per natural key, with the columns of ``ingest.WORKER_STAGE``. ``once_each``: ``good`` is known
    to name each worker once (see ``names_each_once``)."""
    named = ("row_number", "natural_key", "uan", "name", "name_norm", "father_name", "gender", "birth_year", "phone",
             "phone_alt", "home_address_raw")  # fmt: skip
    columns: dict[str, Any] = {column: good[column] for column in named}
    for column in ("lon", "lat", "state_code", "district_id", "block_code", "village_code", "precision", "confidence"):
        columns["home_" + column] = home[column]
    columns.update(source=source, gig_platform_type=good.get("gig_platform_type"), is_synthetic=batch.synthetic)
    frame = pd.DataFrame(columns, copy=False)
    return frame if once_each else frame.drop_duplicates("natural_key", keep="last")


def names_each_once(good: pd.DataFrame) -> bool:
    """Whether every row of ``good`` describes another worker, as a file usually does: then the steps that
    keep one row per worker (``once_each``) have nothing to drop, and are spared a pass over 16 lakh rows."""
    return bool(good["natural_key"].is_unique)


def report_unplaced(places: pd.DataFrame, given: pd.Series, issues: Issues, *, field: str, what: str) -> None:
    """Warn about addresses that were written but could not be placed on the map."""
    missing = given & places["precision"].isna()
    reason = places.loc[missing, "reason"].fillna("no place recognised").astype(str)
    issues.add(missing, field, "place_not_found", f"the {what} could not be placed (" + reason + "); it is queued for "
               "review", WARNING)  # fmt: skip


def skill_rows(good: pd.DataFrame, *, once_each: bool = False) -> pd.DataFrame:
    """``natural_key, nco_code``: each skill of each worker once (a worker described twice keeps both rows' skills).

    A file holds a few hundred distinct skills cells, so each is split once and the codes are spread over the
    rows by position, without splitting 16 lakh strings.
    """
    has = good["skills"] != ""
    keys = good.loc[has, "natural_key"].to_numpy()
    cells, distinct = pd.factorize(good.loc[has, "skills"])
    split = [str(cell).split(",") for cell in distinct]
    lengths = np.array([len(codes) for codes in split], dtype=np.int64)
    counts, starts = lengths[cells], (np.cumsum(lengths) - lengths)[cells]
    rows = np.repeat(np.arange(len(keys)), counts)
    within = np.arange(len(rows)) - np.repeat(np.cumsum(counts) - counts, counts)
    flat = np.array([code for codes in split for code in codes], dtype=object)
    pairs = pd.DataFrame({"natural_key": keys[rows], "nco_code": flat[starts[rows] + within] if len(rows) else []})
    return pairs if once_each else pairs.drop_duplicates()


def location_stage(good: pd.DataFrame, places: pd.DataFrame, *, source: str, once_each: bool = False
                   ) -> pd.DataFrame:  # fmt: skip
    """Rows of ``ingest.LOCATION_STAGE`` for rows with a workplace (``workplace``, ``observed_at`` columns),
    with ``latest`` marking each worker's latest; ``once_each`` as for ``worker_stage``."""
    has = good["workplace"] != ""
    frame = pd.DataFrame({"natural_key": good.loc[has, "natural_key"], "observed_at": good.loc[has, "observed_at"],
                          "source": source, "raw_address": good.loc[has, "workplace"]})  # fmt: skip
    for column in ("employer", "sector"):
        frame[column] = good.loc[has, column] if column in good else ""
    for column in ("lon", "lat", "state_code", "district_id", "block_code", "precision", "confidence"):
        frame[column] = places.loc[has, column]
    if once_each:
        return frame.assign(latest=True)
    frame = frame.drop_duplicates(["natural_key", "observed_at"], keep="last")
    # The latest observation of each worker in this file (ties: the later row, as location ids grow).
    ordered = frame.sort_values("observed_at", kind="stable")
    latest = ~ordered["natural_key"].duplicated(keep="last")
    return frame.assign(latest=latest.reindex(frame.index))


Frames = tuple[pd.DataFrame, pd.DataFrame, pd.DataFrame]


def _write_people(connection: Connection, frames: Frames, batch: Batch, *, known: set[str] | None, source: str,
                  stage_ids: bool) -> Written:  # fmt: skip
    """Workers, their locations and skills (``worker_stage``, ``location_stage``, ``skill_rows``); current
    places kept right. In a bulk load (``known``: the natural keys already stored) the workers that match
    nobody are copied straight in, and the rest take the staged path. ``stage_ids``: leave every worker of
    the batch in ``stage_workers`` for later steps, not only the known ones.
    """
    with ingest.person_tables_for(connection, len(frames[0]), bulk=known is not None):
        staged, fresh = _split_known(frames, known)
        inserted, updated = ingest.write_people(connection, staged[0], staged[1], batch_id=batch.batch_id,
                                                user_id=batch.user_id)  # fmt: skip
        ingest.insert_skills(connection, staged[2], source=source)
        ingest.refresh_current_locations(connection)
        if fresh is not None:
            inserted += new_people.copy_new_people(connection, fresh, batch_id=batch.batch_id, user_id=batch.user_id,
                                                   stage_ids=stage_ids)  # fmt: skip
    return Written(inserted, updated)


class BulkLoad:
    """A batch big enough for the bulk path (``ingest.is_bulk``), from its addresses to the person tables.

    Its steps keep both cores and the server busy, in an order that needs no thread, so that a forked
    child can never inherit a lock held by another (``atlas.ingest.forked`` refuses to fork while one runs):

    1. ``locate``: the addresses are grouped here and one child is forked to geocode a share of them
       (``geocode.LocatedInTwo``, ``BULK_CHILD_SHARE``);
    2. meanwhile this process locks the person tables and finds which workers are stored already, on the
       load's own connection (the server does most of that work), then geocodes its own share and takes
       the child's back;
    3. ``write``: the stored workers take the staged path and the new ones are copied straight in, their
       rows made by a second child (``atlas.ingest.copying``).

    The connection has one user throughout: this process's only thread.
    """

    def __init__(self, connection: Connection, keys: pd.DataFrame) -> None:
        self._connection = connection
        self._keys = keys
        self._known: set[str] | None = None

    @classmethod
    def wanted(cls, connection: Connection, good: pd.DataFrame, *, once_each: bool) -> BulkLoad | None:
        """A bulk load of ``good``'s workers if the batch is big enough for one, else None."""
        keys = good[["natural_key", "uan", "phone", "name_norm"]]
        keys = keys if once_each else keys.drop_duplicates("natural_key", keep="last")
        return cls(connection, keys) if ingest.is_bulk(connection, len(keys)) else None

    def locate(self, addresses: WorkerAddresses) -> tuple[Located, Located]:
        """The home and work addresses geocoded, and the stored workers found meanwhile (steps 1 and 2)."""
        with LocatedInTwo(self._connection, [addresses.home, addresses.work], child_share=BULK_CHILD_SHARE) as two:
            # The person tables are locked first, as the write would lock them anyway, so no worker can be
            # added between the lookup and the write.
            lock_tables(self._connection, ingest.PERSON_TABLES)
            self._known = ingest.known_workers(self._connection, self._keys)
            home, work = two.located()
        return home, work

    def write(self, frames: Frames, batch: Batch, *, source: str, stage_ids: bool) -> Written:
        """Step 3, after ``locate``."""
        assert self._known is not None, "locate first: it finds the stored workers"
        return _write_people(self._connection, frames, batch, known=self._known, source=source, stage_ids=stage_ids)


@dataclass(frozen=True)
class WorkerAddresses:
    """A loader's address columns for each worker's home and workplace (on the rows' index), what it
    reports about the places found for them (``report(home places, work places)``), and where rows are
    reported (rows outside the uploader's scope, too)."""

    home: pd.DataFrame
    work: pd.DataFrame
    report: Callable[[pd.DataFrame, pd.DataFrame], None]
    issues: Issues


def write_geocoded(connection: Connection, good: pd.DataFrame, batch: Batch, *, source: str,
                   addresses: WorkerAddresses, stage_ids: bool = False) -> Written:  # fmt: skip
    """Geocode the workers of ``good`` (``addresses``), let the loader report on the places, keep the rows
    inside the uploader's scope (``Batch.scope``), queue the doubtful ones for review, and write the workers.

    A bulk batch goes through ``BulkLoad``, which looks up the stored workers while a child geocodes.
    """
    once_each = names_each_once(good)
    bulk = BulkLoad.wanted(connection, good, once_each=once_each)
    with batch.timed("geocode"):
        if bulk is not None:
            home_located, work_located = bulk.locate(addresses)
        else:
            home_located, work_located = locate(connection, addresses.home), locate(connection, addresses.work)
        places = home_located.places(addresses.home.index), work_located.places(addresses.work.index)
        addresses.report(*places)
    if batch.scope is not None:  # a load for a signed-in user: only the people in their scope
        keep = scope.people_in_scope(connection, good, places[0], addresses.issues, batch.scope)
        good, places = good[keep], (places[0][keep], places[1][keep])
    with batch.timed("write"):
        queue_reviews(connection, pd.concat([home_located.reviews, work_located.reviews]))
        batch.notices.extend(home_located.notices)
        frames = (worker_stage(good, places[0], batch, source=source, once_each=once_each),
                  location_stage(good, places[1], source=source, once_each=once_each),
                  skill_rows(good, once_each=once_each))  # fmt: skip
        if bulk is not None:
            return bulk.write(frames, batch, source=source, stage_ids=stage_ids)
        return _write_people(connection, frames, batch, known=None, source=source, stage_ids=stage_ids)


def _split_known(frames: Frames, known: set[str] | None) -> tuple[Frames, Frames | None]:
    """``(staged, fresh)``: the rows of workers already stored, and (in bulk, ``known`` given) the others.

    An initial load knows nobody, and then no 16 lakh row frame is filtered or copied.
    """
    if known is None:
        return frames, None
    if not known:
        return (frames[0].iloc[:0], frames[1].iloc[:0], frames[2].iloc[:0]), frames
    masks = [frame["natural_key"].isin(known).to_numpy() for frame in frames]
    staged = (frames[0][masks[0]], frames[1][masks[1]], frames[2][masks[2]])
    return staged, (frames[0][~masks[0]], frames[1][~masks[1]], frames[2][~masks[2]])


WORKER_KEY_ALIASES: dict[str, tuple[str, ...]] = {
    "uan": ("uan no", "uan number", "यूएएन"),
    "mobile": ("mobile no", "mobile number", "मोबाइल", "मोबाइल नंबर", "phone", "phone number", "contact"),
    "worker_ref": ("worker id", "worker_id", "श्रमिक आईडी", "id"),
}


def worker_keys(frame: pd.DataFrame, issues: Issues) -> pd.DataFrame:
    """``worker_ref, uan, phone`` of rows that name a worker by id, UAN or phone; rows naming none are errors."""
    from loaders.clean import uans

    out = pd.DataFrame(index=frame.index)
    out["worker_ref"] = blank(frame["worker_ref"]).str.replace(r"\.0$", "", regex=True)
    out["uan"], _ = uans(frame["uan"])
    out["phone"], _, _ = phones(frame["mobile"])
    none = (out["worker_ref"] == "") & (out["uan"] == "") & (out["phone"] == "")
    issues.add(none, "worker", "no_worker_key", "give the worker's UAN, 10-digit mobile number or worker id")
    return out


def resolve_worker_ids(connection: Connection, good: pd.DataFrame, issues: Issues, batch: Batch) -> pd.Series:
    """Worker id of each row (NA when unknown, ambiguous or outside the uploader's scope, which is reported
    as an error)."""
    keys = good[["row_number", "worker_ref", "uan", "phone"]]
    found = ingest.resolve_workers(connection, keys).set_index("row_number")
    ids = good["row_number"].map(found["worker_id"]).astype("Int64")
    matches = good["row_number"].map(found["matches"]).fillna(0)
    issues.add(matches > 1, "worker", "ambiguous_worker",
               "this mobile number belongs to more than one worker; give the UAN or worker id")  # fmt: skip
    issues.add(ids.isna() & (matches <= 1), "worker", "unknown_worker",
               "no worker with this UAN, mobile number or id; register the worker first")  # fmt: skip
    known = ids.notna() & (matches <= 1)
    writable = good["row_number"].map(found["writable"]).fillna(True).astype(bool)
    allowed = scope.workers_in_scope(good[known], writable[known], issues, batch.scope)
    return ids.where(known & allowed.reindex(good.index, fill_value=False))
