"""The shortcuts that make a survey geocode fast give exactly what the plain way gives.

A batch shares work between addresses (readings of each part, each district's coarse sums, results of addresses
typed alike); the loaders group a file's rows by the geocoder's own field keys; fuzzy matching looks only at keys
of nearby length. Each test pits one shortcut against the plain way of getting the same answer.
"""

from __future__ import annotations

import gc
import random
from collections.abc import Iterator

import numpy as np
import pandas as pd
import pytest
from rapidfuzz import fuzz, process
from sqlalchemy import Connection, Engine, text

from atlas.queries.geocoding import geocoder_index_frames
from geo.geocoding import GazetteerIndex, Geocoder, StructuredAddress, cache_key, cycle_collector_paused, field_key
from geo.geocoding import geocoder as geocoder_module
from geo.geocoding.tables import RIVAL_POINTS, KeysByLength, Place
from loaders.geocode import _inputs, address_groups


@pytest.fixture(scope="module")
def index(engine: Engine) -> Iterator[GazetteerIndex]:
    with engine.connect() as connection:
        yield GazetteerIndex.from_frames(geocoder_index_frames(connection))


def _places(keys: list[str]) -> dict[str, list[Place]]:
    return {key: [Place("village", key, "10", 1, village_code=str(i))] for i, key in enumerate(keys)}


def test_fuzzy_matching_by_length_is_extract_one_unless_a_rival_is_as_close() -> None:
    keys = ["rampur", "ranpur", "rampura", "ramnagar", "rampr", "bishunpur", "pakri", "chak", "rampurwa", "ampur"]
    by_length = KeysByLength(_places(keys))
    typos = random.Random(7)
    queries = ["rampor", "ranpura", "rampu", "bisunpur", "zzzz", "rampurr", "mpur"]
    queries += ["".join(typos.sample(key, len(key))) for key in keys]
    for query in queries:
        for cutoff in (70.0, 85.0, 88.0, 95.0):
            every = process.extract(query, keys, scorer=fuzz.ratio, limit=None)
            top = max((score for _, score, _ in every), default=0.0)
            rivals = [key for key, score, _ in every if score > top - RIVAL_POINTS]
            want = None if top < cutoff or len(rivals) > 1 else (rivals[0], top)
            assert by_length.best(query, cutoff) == want, (query, cutoff)


def test_cycle_collector_is_paused_then_restored() -> None:
    assert gc.isenabled()
    with cycle_collector_paused():
        assert not gc.isenabled()
    assert gc.isenabled()
    gc.disable()
    try:
        with cycle_collector_paused():
            assert not gc.isenabled()
        assert not gc.isenabled()  # left as the caller had it
    finally:
        gc.enable()


def test_a_big_paused_batch_ends_with_its_survivors_settled(monkeypatch: pytest.MonkeyPatch) -> None:
    """After many new objects, one full collection leaves the young generations empty (nothing walked again);
    after a few, none is made."""
    monkeypatch.setattr(geocoder_module, "SURVIVORS_TO_SETTLE", 10_000)
    with cycle_collector_paused():
        kept = [[i] for i in range(20_000)]
    assert gc.get_count()[0] < 1_000 and gc.get_count()[1] == 0
    gc.collect()
    with cycle_collector_paused():
        few = [[i] for i in range(100)]
    assert gc.get_count()[0] >= 100  # left to the collector
    assert len(kept) + len(few) == 20_100


def test_address_groups_are_the_groups_of_field_keys() -> None:
    frame = pd.DataFrame(
        {
            "village": ["Rampur", "RAMPUR", "Raampur", "रामपुर", "Rampur", "", None],
            "block": ["Kesaria", "kesaria ", "Kesaria", "Kesaria", "Motipur", "", None],
        }
    )
    frame["block"] = frame["block"].astype("category")
    groups = address_groups(frame, field_key)
    rows = [tuple(field_key(v) if isinstance(v, str) else "" for v in row) for row in frame.itertuples(index=False)]
    # Numbered in the order of the keys, the coarser field (block) first: a process gets whole blocks.
    order = sorted(set(rows), key=lambda row: (row[1], row[0]))
    want = np.array([order.index(row) for row in rows])
    assert np.array_equal(groups, want)
    assert groups[0] == groups[1] != groups[2]


def test_inputs_are_the_rows_as_structured_addresses() -> None:
    distinct = pd.DataFrame({"village": ["Rampur", ""], "district": ["Gaya", "Patna"], "pincode": ["", "800001"]})
    assert _inputs(distinct) == [
        StructuredAddress(village="Rampur", district="Gaya"),
        StructuredAddress(district="Patna", pincode="800001"),
    ]


def _survey_like_batch(db: Connection) -> list[str | StructuredAddress]:
    """Addresses as a survey brings them: spellings, scripts, typos, namesakes, blanks, repeats, and text."""
    rows = db.execute(
        text(
            "SELECT v.name_en AS village, s.name_en AS block, d.name_en AS district, d.name_hi AS district_hi "
            "FROM villages v JOIN subdistricts s USING (subdistrict_code) JOIN districts d ON d.district_id = "
            "v.district_id WHERE v.state_code = '10' ORDER BY v.village_code LIMIT 60"
        )
    ).mappings()
    batch: list[str | StructuredAddress] = []
    for i, row in enumerate(rows):
        village, block, district = row["village"], row["block"], row["district"]
        typo = village[:2] + village[3:] if len(village) > 5 else village
        batch += [
            StructuredAddress(village=village, block=block, district=district, state="Bihar"),
            StructuredAddress(village=village.upper(), panchayat=f"Panchayat {i % 3}", block=block, district=district),
            StructuredAddress(village=typo, block=block, district=row["district_hi"] or district, state="Bihar"),
            StructuredAddress(village=village, district=district),  # namesakes settled without the block
            StructuredAddress(village=village, block=block, district=district, pincode="800001"),
            StructuredAddress(village=village, panchayat=block, district=district, text="near school"),
            f"vill {village}, block {block}, dist {district}",
        ]
    batch += [StructuredAddress(), StructuredAddress(village="---"), "", batch[0], batch[1]]
    return batch


def test_a_batch_gives_what_the_addresses_give_one_by_one(db: Connection, index: GazetteerIndex) -> None:
    batch = _survey_like_batch(db)
    assert len(batch) > 400
    for hint in (None, "10"):
        together = Geocoder(index).geocode_many(batch, home_state_code=hint)
        # One by one, each in a geocoder of its own, shuffled: no order and no cache can change an answer.
        order = list(range(len(batch)))
        random.Random(3).shuffle(order)
        alone = {i: Geocoder(index).geocode(batch[i], home_state_code=hint) for i in order}
        assert together == [alone[i] for i in range(len(batch))]


def test_inputs_typed_alike_share_one_result(index: GazetteerIndex) -> None:
    dashed, spaced = (
        StructuredAddress(district="Patna", pincode="800-001"),
        StructuredAddress(district="PATNA", pincode="800 001"),
    )
    assert cache_key(dashed) == cache_key(spaced)
    assert Geocoder(index).geocode(dashed) == Geocoder(index).geocode(spaced)
    results = Geocoder(index).geocode_many(["Surat", "SURAT ", "surat"])
    assert results[0] is results[1] is results[2]


def test_a_result_does_not_depend_on_what_was_geocoded_before(engine: Engine) -> None:
    # Both addresses keep no coarse part (the village and its post office are one), but only the second names a
    # state in its village value: the coarse sums kept for the first must not be reused for it.
    with engine.connect() as connection:
        frames = geocoder_index_frames(connection)
    target, earlier = "Gram- Singhia Tola Bihar", "VILL AND POST BUDHMA BUDHMA CHOWK MADHEPURA"

    def seen(result: object) -> tuple[object, ...]:
        fields = ("district_code", "block_code", "village_code", "precision", "confidence", "reason")
        return tuple(getattr(result, f) for f in fields)

    alone = seen(Geocoder.from_frames(frames).geocode(target))
    geocoder = Geocoder.from_frames(frames)
    geocoder.geocode(earlier)
    assert seen(geocoder.geocode(target)) == alone
