"""The shortcuts that make a survey geocode fast give exactly what the plain steps give.

A batch reuses work between addresses that read alike, reads each field value once, orders its
addresses by district and block, and narrows fuzzy matching to keys of nearby length. Each test
pits one shortcut against the plain way of getting the same answer.
"""

from __future__ import annotations

import gc
import random
import re
from collections.abc import Iterator

import numpy as np
import pandas as pd
import pytest
from rapidfuzz import fuzz, process
from sqlalchemy import Connection, Engine, text

from atlas.queries.geocoding import geocoder_index_frames
from geo.address import StructuredAddress, parse_address, read_field, typed_key
from geo.geocoder import GazetteerIndex, Geocoder, _KeysByLength, cycle_collector_paused
from geo.normalize import normalise_name, to_ascii
from loaders.geocode import _inputs, address_groups

NAMES = ["Rampur", "RAMPUR", "Raampur", "रामपुर", "Ram Nagar", "Bishunpur Pakri", "Chak-12", "  ", "", "---", "café"]


@pytest.fixture(scope="module")
def index(engine: Engine) -> Iterator[GazetteerIndex]:
    with engine.connect() as connection:
        yield GazetteerIndex.from_frames(geocoder_index_frames(connection))


@pytest.mark.parametrize("raw", NAMES)
def test_a_field_is_read_as_the_parser_reads_it(raw: str) -> None:
    reading = read_field(raw)
    assert reading.typed == typed_key(raw) == " ".join(re.findall("[a-z0-9]+", to_ascii(raw)))
    assert reading.part == (normalise_name(raw) or None)
    assert parse_address(StructuredAddress(village=raw)).parts.get("village") == reading.part
    spellings: dict[str, str] = {}
    for folded, typed in reading.words:
        spellings.setdefault(folded, typed)
    assert spellings == parse_address(StructuredAddress(village=raw)).spellings


def test_fuzzy_matching_by_length_is_extract_one() -> None:
    keys = ["rampur", "ranpur", "rampura", "ramnagar", "rampr", "bishunpur", "pakri", "chak", "rampurwa", "ampur"]
    by_length = _KeysByLength(keys)
    typos = random.Random(7)
    queries = ["rampor", "ranpura", "rampu", "bisunpur", "zzzz", "rampurr", "mpur"]
    queries += ["".join(typos.sample(key, len(key))) for key in keys]
    for query in queries:
        for cutoff in (70.0, 85.0, 88.0, 95.0):
            want = process.extractOne(query, keys, scorer=fuzz.ratio, score_cutoff=cutoff)
            assert by_length.best(query, cutoff) == (None if want is None else want[:2])


def test_fuzzy_ties_go_to_the_first_key_in_the_scope_whatever_its_length() -> None:
    # "abcx" and "abcyz" both score 75 against "abcq": the first in the scope wins, as extractOne has it.
    for keys in (["abcyz", "abcx"], ["abcx", "abcyz"]):
        want = process.extractOne("abcq", keys, scorer=fuzz.ratio, score_cutoff=70.0)
        assert _KeysByLength(keys).best("abcq", 70.0) == want[:2]  # type: ignore[index]


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


def test_address_groups_are_the_groups_of_typed_fields() -> None:
    frame = pd.DataFrame(
        {
            "village": ["Rampur", "RAMPUR", "Raampur", "रामपुर", "Rampur", "", None],
            "block": ["Kesaria", "kesaria ", "Kesaria", "Kesaria", "Motipur", "", None],
        }
    )
    frame["block"] = frame["block"].astype("category")
    groups = address_groups(frame, typed_key)
    rows = [tuple(typed_key(v) if isinstance(v, str) else "" for v in row) for row in frame.itertuples(index=False)]
    want, _ = pd.factorize(pd.Series(rows))  # numbered in order of first appearance, as the loader expects
    assert np.array_equal(groups, want)


def test_inputs_are_the_rows_as_structured_addresses() -> None:
    distinct = pd.DataFrame({"village": ["Rampur", ""], "district": ["Gaya", "Patna"], "pincode": ["", "800001"]})
    assert _inputs(distinct, True) == [
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
    one_by_one = Geocoder(index)
    for hint in (None, "10"):
        together = Geocoder(index).geocode_many(batch, home_state_code=hint)
        assert together == [one_by_one.geocode(address, home_state_code=hint) for address in batch]


def test_a_batch_keeps_the_first_result_of_inputs_typed_alike(index: GazetteerIndex) -> None:
    # Typed alike, read apart: "800-001" is no pincode to the parser. Whichever comes first is resolved
    # and the other takes its cached result, as when the addresses are geocoded one by one in order.
    dashed, spaced = (
        StructuredAddress(district="Patna", pincode="800-001"),
        StructuredAddress(district="Patna", pincode="800 001"),
    )
    assert Geocoder(index).geocode(dashed) != Geocoder(index).geocode(spaced)
    for batch in ([dashed, spaced, dashed], [spaced, dashed, spaced]):
        results = Geocoder(index).geocode_many(batch)
        assert results[0] is results[1] is results[2]
        assert results[0] == Geocoder(index).geocode(batch[0])
