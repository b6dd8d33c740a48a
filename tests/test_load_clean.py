"""The vectorised normalisers and the file reader, on the quirks government files have."""

from __future__ import annotations

import csv
import io

import openpyxl
import pandas as pd
import pytest

from loaders import file_kinds
from loaders.clean import birth_years, dates, looks_like_aadhaar, phones, timestamps, uans
from loaders.errors import UnreadableFile
from loaders.reading import decode, read_table
from loaders.survey import SURVEY


def test_phones_are_ten_digits_starting_six_to_nine() -> None:
    raw = pd.Series(
        ["+91 98765 43210", "098765-43210", "९८७६५४३२१०", "9876543210.0", "12345", "", "91-7654321098 / 8765432109"]
    )
    phone, alt, invalid = phones(raw)
    assert phone.tolist() == ["9876543210", "9876543210", "9876543210", "9876543210", "", "", "7654321098"]
    assert alt.tolist()[-1] == "8765432109"
    assert invalid.tolist() == [False, False, False, False, True, False, False]


def test_dates_day_first_two_digit_years_and_devanagari() -> None:
    parsed, invalid = dates(pd.Series(["12-06-2020", "15/06/20", "१६.०६.२०२०", "2020-06-17", "31-02-2020", ""]))
    assert [d.strftime("%d-%m-%Y") if pd.notna(d) else None for d in parsed] == [
        "12-06-2020",
        "15-06-2020",
        "16-06-2020",
        "17-06-2020",
        None,
        None,
    ]
    assert invalid.tolist() == [False, False, False, False, True, False]


def test_timestamps_are_ist_with_am_pm() -> None:
    stamp, _ = timestamps(pd.Series(["10-01-2021 11:30", "10-01-2021 04:05 PM"]))
    assert [s.strftime("%H:%M %z") for s in stamp] == ["11:30 +0530", "16:05 +0530"]


def test_birth_year_from_date_of_birth_or_age() -> None:
    year, invalid = birth_years(pd.Series(["05-03-1990", "", ""]), pd.Series(["", "30", "7"]), as_of_year=2026)
    assert year.tolist()[:2] == [1990, 1996]
    assert invalid.tolist() == [False, False, True]


def test_uan_and_aadhaar_shapes() -> None:
    uan, bad = uans(pd.Series(["1234 5678 9012", "12345", ""]))
    assert uan.tolist() == ["123456789012", "", ""] and bad.tolist() == [False, True, False]
    assert looks_like_aadhaar(pd.Series(["2345 6789 0123", "345678901234", ""]))
    assert not looks_like_aadhaar(pd.Series(["9876543210", "Ram"]))


@pytest.mark.parametrize("encoding", ["utf-8", "utf-8-sig", "utf-16", "cp1252"])
def test_decode_detects_the_encoding(encoding: str) -> None:
    text = "name,mobile\nJosé – mason,9876543210\n"
    decoded, _ = decode(text.encode(encoding))
    assert decoded.lstrip("\ufeff") == text


def test_excel_title_rows_merged_cells_and_numbers() -> None:
    book = openpyxl.Workbook()
    sheet = book.active
    sheet.append(["Labour Resources Department, Bihar"])
    sheet.merge_cells("A1:D1")
    sheet.append([])
    sheet.append(["नाम", "मोबाइल", "ग्राम", "जिला"])
    sheet.append(["Sunil", 9876543211, "Bedauli", "Siwan"])
    sheet.append(["Ramesh", 9876543212, "Chak Pasram", None])
    sheet.merge_cells("D4:D5")  # one district cell covering two workers
    buffer = io.BytesIO()
    book.save(buffer)
    table = read_table(buffer.getvalue(), SURVEY.header_lookup(), protected={"uan"})
    assert table.header_row == 3
    assert table.frame["mobile"].tolist() == ["9876543211", "9876543212"]
    assert table.frame["district"].tolist() == ["Siwan", "Siwan"]
    assert table.row_numbers.tolist() == [4, 5]


def test_a_file_without_a_header_is_refused_with_a_reason() -> None:
    with pytest.raises(UnreadableFile, match="no header row"):
        read_table(b"a,b\n1,2\n", SURVEY.header_lookup(), protected=set())


def test_rows_wider_than_the_title_rows_are_all_read() -> None:
    data = "Survey of returnees\nनाम,मोबाइल,ग्राम\n" + "".join(f"W{i},98765432{i:02d},Bedauli\n" for i in range(1500))
    table = read_table(data.encode(), SURVEY.header_lookup(), protected=set())
    assert len(table.frame) == 1500 and table.row_numbers.iloc[-1] == 1502
    wide_later = "नाम,मोबाइल\n" + "A,9876543210\n" * 1000 + "B,9876543211,extra,cells\n"
    assert len(read_table(wide_later.encode(), SURVEY.header_lookup(), protected=set()).frame) == 1001


@pytest.mark.parametrize("kind", ["survey", "eshram", "tracking", "complaints"])
def test_every_person_file_drops_a_column_headed_aadhaar_whatever_it_holds(kind: str) -> None:
    file_kind = file_kinds()[kind]
    known = [name for name in file_kind.aliases if name != "aadhaar"][:2]
    rows = [[*known, "Aadhaar Number", "आधार संख्या", "UID"], ["a", "b", "on file", "दर्ज", "seen"]]
    buffer = io.StringIO()
    csv.writer(buffer).writerows(rows)
    table = read_table(buffer.getvalue().encode("utf-8"), file_kind.header_lookup(), protected=set(file_kind.protected))
    assert list(table.raw.columns) == known
    assert sum("was dropped" in notice for notice in table.notices) == 3
