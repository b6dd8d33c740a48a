"""The fast paths of the file reader give what reading the whole text line by line gives.

A 240 MB upload is sniffed from its first lines only, parsed from its own UTF-8 bytes, and its
blank rows are found column by column. These tests pin the results where a shortcut could differ.
"""

from __future__ import annotations

import pandas as pd
import pytest

from loaders.reading import _first_lines, decode, read_table
from loaders.survey import SURVEY

LINE_BREAKS = ["\n", "\r\n", "\r", "\u2028", "\x85", "\x0b", "\x1c"]


@pytest.mark.parametrize("cut", [65_534, 65_535, 65_536, 65_537])
@pytest.mark.parametrize("count", [1, 30, 1000])
def test_first_lines_are_the_first_lines_of_the_whole_text(cut: int, count: int) -> None:
    """A CRLF or a long line across the first prefix read does not change the lines returned."""
    short = "".join(f"row {i},x{LINE_BREAKS[i % len(LINE_BREAKS)]}" for i in range(1200))
    texts = [
        "a" * (cut - 1) + "\r\n" + short,  # the prefix ends between CR and LF
        "a" * cut + "\n" + short,
        "x" * 300_000 + "\r\n" + short,  # a first line longer than several prefixes
        short[:500],  # shorter than any prefix
        "",
    ]
    for text in texts:
        assert _first_lines(text, count) == text.splitlines()[:count]


def _table(text: str, encoding: str = "utf-8") -> pd.DataFrame:
    table = read_table(text.encode(encoding), SURVEY.header_lookup(), protected={"uan"})
    return pd.DataFrame({"row": table.row_numbers, **table.frame})


def test_rows_of_any_white_space_are_blank_and_row_numbers_are_kept() -> None:
    text = (
        "नाम,मोबाइल,ग्राम\n"
        "Sunil,9876543211,Bedauli\n"
        "\xa0,\u3000,\x1c\x1f\n"  # Unicode spaces only: blank
        ",,\n"
        " ,,Chak\n"  # blank first cell, text later: kept
        "\t\n"
        "Ramesh,9876543212,\n"
    )
    table = _table(text)
    assert table["row"].tolist() == [2, 5, 7]
    assert table["name"].tolist() == ["Sunil", " ", "Ramesh"]
    assert table["village"].tolist() == ["Bedauli", "Chak", ""]


@pytest.mark.parametrize("encoding", ["utf-8-sig", "utf-16", "cp1252"])
def test_utf8_bytes_read_as_the_same_table_as_other_encodings(encoding: str) -> None:
    text = 'name,mobile,village\nJosé,9876543211,Bedauli\n"Ram, Kumar","98765\n43210",\n \n Ravi ,,Chak\n'
    pd.testing.assert_frame_equal(_table(text, encoding), _table(text))


def test_nul_bytes_are_dropped_from_utf8_files() -> None:
    table = read_table(b"name,mobile\nSu\x00nil,98765\x0043211\n", SURVEY.header_lookup(), protected=set())
    assert table.frame["name"].tolist() == ["Sunil"] and table.frame["mobile"].tolist() == ["9876543211"]


def test_the_frame_and_the_raw_rows_are_separate_copies() -> None:
    table = read_table("नाम,मोबाइल\nSunil,9876543211\n".encode(), SURVEY.header_lookup(), protected=set())
    table.frame.loc[table.frame.index[0], "name"] = "changed"
    assert table.raw["नाम"].tolist() == ["Sunil"]


def test_a_file_that_stops_being_utf8_far_down_is_read_as_decode_reads_it() -> None:
    """Only the top of a UTF-8 file is decoded before parsing; a cp1252 byte far down still counts."""
    data = ("name,mobile\n" + "Sunil,9876543211\n" * 50_000 + "José,9876543212\n").encode("utf-8")
    data = data.replace("José".encode(), "José".encode("cp1252"))
    text, encoding = decode(data)
    table = read_table(data, SURVEY.header_lookup(), protected=set())
    assert table.encoding == encoding != "utf-8"
    assert table.frame["name"].iloc[-1] == text.splitlines()[-1].split(",")[0]
