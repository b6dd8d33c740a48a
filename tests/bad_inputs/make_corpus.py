"""Writes the bad-input corpus: ``python -m tests.bad_inputs.make_corpus`` (re)writes the small committed cases.

The large cases (a file over the upload size limit, zip bombs, a file over the row limit, a cell of
300,000 characters) are never committed: ``tests/test_bad_inputs.py`` calls the ``generate_*``
functions below into a temporary folder. ``cases.toml`` says what each case must do.
"""

from __future__ import annotations

import csv
import io
import random
import struct
import zipfile
from collections.abc import Callable
from pathlib import Path

HERE = Path(__file__).resolve().parent
SURVEY_HEADER = ["Name", "Father Name", "Village", "Block", "District", "Mobile", "Skill", "Last Workplace",
                 "Survey Date", "Date of Birth"]  # fmt: skip
ESHRAM_HEADER = ["UAN", "Name", "Gender", "Date of Birth", "Occupation", "Mobile", "Permanent Address",
                 "Permanent District", "Permanent State", "Current Address", "District", "State",
                 "Registration Date", "Camp ID", "Platform"]  # fmt: skip
TRACKING_HEADER = ["Mobile", "Call Time", "Outcome", "Current Workplace", "Employer", "Sector", "Remarks"]
COMPLAINTS_HEADER = ["Ticket No", "Mobile", "Complaint Type", "Details", "Date", "Current Location", "Resolved At"]
# Workers that tests/fixtures/loaders/survey_hindi.csv registers, for tracking and complaints cases.
KNOWN_PHONE = "9876543210"
SQL = [
    "'; DROP TABLE workers; --",
    "Robert'); DROP TABLE students;-- ",
    'O"Brien "quoted" \\ back\\slash',
    "100% _under_ %s %(name)s $1 $$x$$",
    "x' OR '1'='1",
    "C:\\new\\table\\'; SELECT pg_sleep(10); --",
]
HTML = [
    "<script>alert('x')</script>",
    '<img src=x onerror="alert(1)">',
    '"><svg onload=alert(1)> Ram',
    "&lt;b&gt;Shyam&lt;/b&gt; & Sons",
]
FORMULAS = ['=HYPERLINK("http://example.com/x","click")', "@SUM(A1:A2) Sita", "+cmd|' /C calc'!A0 Gita",
            "-2+3+cmd|' /C notepad'!A1 Mohan"]  # fmt: skip


def _csv(rows: list[list[str]]) -> bytes:
    out = io.StringIO()
    csv.writer(out, lineterminator="\n").writerows(rows)
    return out.getvalue().encode("utf-8")


def _survey_row(name: str, phone: str, **cells: str) -> list[str]:
    row = {"Name": name, "Father Name": "Shiv Prasad", "Village": "Bedauli", "Block": "Mairwa", "District": "Siwan",
           "Mobile": phone, "Skill": "mason", "Last Workplace": "Surat, Gujarat", "Survey Date": "12-06-2020",
           "Date of Birth": "05-03-1990"}  # fmt: skip
    row.update(cells)
    return [row[h] for h in SURVEY_HEADER]


def _survey(rows: list[list[str]], header: list[str] = SURVEY_HEADER) -> bytes:
    return _csv([header, *rows])


def _text(length: int, seed: int, alphabet: str = "abcdefghijklmnopqrstuvwxyz ") -> str:
    rng = random.Random(seed)
    return "".join(rng.choice(alphabet) for _ in range(length)).strip().ljust(length, "x")


def _xlsx(rows: list[list[str]], *, formula_cells: dict[tuple[int, int], str] | None = None) -> bytes:
    """An .xlsx whose cells are all text (a leading = stays text); ``formula_cells`` are real formulas."""
    import openpyxl

    book = openpyxl.Workbook()
    sheet = book.active
    assert sheet is not None
    for r, row in enumerate(rows, start=1):
        for c, value in enumerate(row, start=1):
            cell = sheet.cell(row=r, column=c)
            cell.value = value
            cell.data_type = "s"  # text, even when it begins with =
    for (r, c), formula in (formula_cells or {}).items():
        sheet.cell(row=r, column=c).value = formula  # openpyxl stores it as a formula with no cached value
    out = io.BytesIO()
    book.save(out)
    return out.getvalue()


def committed_cases() -> dict[str, bytes]:
    """File name -> bytes of every committed case."""
    rng = random.Random(2020)
    junk = bytes(rng.randrange(256) for _ in range(4096))
    not_a_workbook = io.BytesIO()
    with zipfile.ZipFile(not_a_workbook, "w") as archive:
        archive.writestr("readme.txt", "a zip, but not an Excel workbook")
    # fmt: off
    return {
        "empty.csv": b"",
        "blank_lines.csv": b"  \n\n \r\n\t\n",
        "header_only.csv": _survey([]),
        "wrong_columns.csv": _csv([["Txn Id", "Narration", "Debit", "Credit", "Balance"],
                                   ["T1", "NEFT salary", "", "12000", "15000"]]),
        "binary_junk.xlsx": junk,
        "image_named.csv": b"\x89PNG\r\n\x1a\n" + junk,
        "broken_zip.xlsx": b"PK\x03\x04" + junk,
        "old_excel.xls": b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1" + junk,
        "not_a_workbook.xlsx": not_a_workbook.getvalue(),
        "formulas.csv": _formulas_csv(),
        "formulas.xlsx": _formulas_xlsx(),
        "long_strings.csv": _long_strings(),
        "long_complaints.csv": _long_complaints(),
        "long_address.csv": _long_address(),
        "sql_survey.csv": _sql_survey(),
        "sql_eshram.csv": _sql_eshram(),
        "sql_tracking.csv": _csv([TRACKING_HEADER] + [[KNOWN_PHONE, f"1{i}-01-2021 10:00", "Reached", s, s, s, s]
                                                      for i, s in enumerate(SQL)]),
        "sql_complaints.csv": _csv([COMPLAINTS_HEADER] + [[s, KNOWN_PHONE, "Unpaid wages", s, "01-09-2026 10:00", s, ""]
                                                          for s in SQL]),
        "html_names.csv": _survey([_survey_row(n, f"70000000{i:02d}", **{"Father Name": n}) for i, n in enumerate(HTML)]),
        "outside_india.csv": _outside_india(),
        "future_survey.csv": _survey([
            _survey_row("Future Survey", "7100000001", **{"Survey Date": "01-01-2099"}),
            _survey_row("Future Birth", "7100000002", **{"Date of Birth": "15-08-2090"}),
            _survey_row("Past Dates", "7100000003"),
        ]),
        "future_eshram.csv": _csv([
            ESHRAM_HEADER,
            ["711111111101", "Future Registration", "M", "01-01-1990", "Mason", "7111111101", "Gaya", "Gaya", "Bihar",
             "Gurugram", "Gurugram", "Haryana", "01-01-2099", "", ""],
            ["711111111102", "Future Birth", "F", "01-01-2099", "Mason", "7111111102", "Gaya", "Gaya", "Bihar",
             "Gurugram", "Gurugram", "Haryana", "03-08-2026", "", ""],
            ["711111111103", "Past Dates", "M", "01-01-1990", "Mason", "7111111103", "Gaya", "Gaya", "Bihar",
             "Gurugram", "Gurugram", "Haryana", "03-08-2026", "", ""],
        ]),
        "future_tracking.csv": _csv([TRACKING_HEADER, [KNOWN_PHONE, "01-01-2099 10:00", "Reached", "Pune", "", "", ""],
                                     [KNOWN_PHONE, "10-01-2021 11:30", "Reached", "Pune", "", "", ""]]),
        "future_complaints.csv": _csv([
            COMPLAINTS_HEADER,
            ["FUT-1", KNOWN_PHONE, "Unpaid wages", "lodged in the future", "01-01-2099 10:00", "", ""],
            ["FUT-2", KNOWN_PHONE, "Unpaid wages", "resolved in the future", "01-09-2026 10:00", "", "01-01-2099 10:00"],
            ["FUT-3", KNOWN_PHONE, "Unpaid wages", "all in the past", "01-09-2026 10:00", "", "05-09-2026 10:00"],
        ]),
        "control_characters.csv": _survey([_survey_row("Ram\x00 Kumar\x07", "7200000001"),
                                           _survey_row("Shyam Lal", "7200000002", **{"Last Workplace": "Pune\x1b"})]),
    }
    # fmt: on


def _formulas_csv() -> bytes:
    rows = [_survey_row(f, f"73000000{i:02d}", **{"Father Name": f, "Village": f, "Skill": f, "Last Workplace": f})
            for i, f in enumerate(FORMULAS)]  # fmt: skip
    rows[0][SURVEY_HEADER.index("Village")] = "Bedauli"  # one row keeps an identity by village too
    return _survey(rows)


def _formulas_xlsx() -> bytes:
    rows = [SURVEY_HEADER] + [_survey_row(f, f"74000000{i:02d}", **{"Skill": f}) for i, f in enumerate(FORMULAS)]
    # Row 2's father's name is a real formula with no value saved by Excel: it is read as blank, never run.
    return _xlsx(rows, formula_cells={(2, 2): "=1+1"})


def _long_strings() -> bytes:
    devanagari = "कखगघचछजझटठडढणतथदधनपफबभमयरलवशसह "
    return _survey([
        _survey_row(_text(501, 1), "7500000001"),
        _survey_row("Long Village", "7500000002", Village=_text(2000, 2)),
        _survey_row("Long Workplace", "7500000003", **{"Last Workplace": _text(10_000, 3)}),
        # At the limit in every part of the identity key (no phone: the key is name|father|village|district)
        # and of the home address, which goes to the review queue.
        _survey_row(_text(500, 4, devanagari), "", **{"Father Name": _text(500, 5, devanagari),
                    "Village": _text(500, 6, devanagari), "Block": _text(500, 12, devanagari),
                    "District": _text(500, 7, devanagari), "Last Workplace": _text(500, 13, devanagari)}),
        _survey_row("Short Name", "7500000005"),
    ])  # fmt: skip


def _long_address() -> bytes:
    """Every home field at the length limit: the address is still queued for review (by its beginning)."""
    header = [*SURVEY_HEADER, "Panchayat", "Post Office", "Police Station"]
    lowercase = "abcdefghijklmnopqrstuvwxyz "
    fields = ("Village", "Block", "District", "Panchayat", "Post Office", "Police Station")
    cells = {name: _text(500, 20 + i, lowercase) for i, name in enumerate(fields)}
    row = [*_survey_row("Long Address", "7500000011", **cells), *(cells[f] for f in fields[3:])]
    return _survey([row], header)


def _long_complaints() -> bytes:
    return _csv([
        COMPLAINTS_HEADER,
        ["LONG-1", KNOWN_PHONE, "Unpaid wages", _text(5001, 8), "01-09-2026 10:00", "", ""],
        ["LONG-2", KNOWN_PHONE, "Unpaid wages", _text(4000, 9), "01-09-2026 10:00", "", ""],
        ["LONG-3", KNOWN_PHONE, "Unpaid wages", "short", "01-09-2026 10:00", _text(600, 10), ""],
    ])  # fmt: skip


def _sql_survey() -> bytes:
    rows = [[s if h not in ("Mobile", "Survey Date", "Date of Birth") else "" for h in SURVEY_HEADER] for s in SQL]
    for i, row in enumerate(rows):
        row[SURVEY_HEADER.index("Mobile")] = f"76000000{i:02d}"
    return _survey(rows)


def _sql_eshram() -> bytes:
    rows = [ESHRAM_HEADER]
    for i, s in enumerate(SQL):
        rows.append([f"7600000000{i:02d}", s, "M", "01-01-1990", s, f"77000000{i:02d}", s, s, s, s, s, s, "03-08-2026",
                     s, s])  # fmt: skip
    return _csv(rows)


def _outside_india() -> bytes:
    header = [*SURVEY_HEADER, "Latitude", "Longitude"]
    places = [("Dubai, UAE", "25.2048", "55.2708"), ("Kathmandu, Nepal", "27.7172", "85.3240"),
              ("Riyadh, Saudi Arabia", "24.7136", "46.6753")]  # fmt: skip
    rows = [[*_survey_row(f"Abroad {i}", f"78000000{i:02d}", **{"Last Workplace": p}), lat, lon]
            for i, (p, lat, lon) in enumerate(places)]  # fmt: skip
    return _survey(rows, header)


# Large cases, generated at test time.


def generate_over_size_limit(path: Path, *, limit: int) -> Path:
    """Valid survey rows filling one byte more than ``limit``."""
    row = ",".join(_survey_row("Ram Kumar", "9876543210")) + "\n"
    head = (",".join(SURVEY_HEADER) + "\n").encode()
    body = row.encode() * ((limit - len(head)) // len(row) + 1)
    data = head + body
    path.write_bytes(data[: limit + 1])
    return path


def _workbook_parts() -> dict[str, bytes]:
    types = (b'<?xml version="1.0"?><Types xmlns="http://schemas.openxmlformats.org/package/2006/content-types">'
             b'<Override PartName="/xl/workbook.xml" ContentType="application/vnd.openxmlformats-officedocument.'
             b'spreadsheetml.sheet.main+xml"/></Types>')  # fmt: skip
    return {"[Content_Types].xml": types, "xl/workbook.xml": b'<?xml version="1.0"?><workbook/>'}


def generate_zip_bomb(path: Path, *, megabytes: int = 200) -> Path:
    """An .xlsx-looking zip whose sheet is ``megabytes`` of spaces: it compresses about a thousand times."""
    with zipfile.ZipFile(path, "w", zipfile.ZIP_DEFLATED, compresslevel=9) as archive:
        for name, data in _workbook_parts().items():
            archive.writestr(name, data)
        with archive.open("xl/worksheets/sheet1.xml", "w", force_zip64=True) as sheet:
            chunk = b" " * (1 << 20)
            for _ in range(megabytes):
                sheet.write(chunk)
    return path


def generate_zip_lies_about_size(path: Path) -> Path:
    """A small .xlsx-looking zip whose directory declares a 4 GB sheet."""
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w", zipfile.ZIP_DEFLATED) as archive:
        for name, data in {**_workbook_parts(), "xl/worksheets/sheet1.xml": b"<worksheet/>" * 100}.items():
            archive.writestr(name, data)
    data = bytearray(buffer.getvalue())
    at = data.rfind(b"PK\x01\x02")  # the last central directory entry: the sheet
    struct.pack_into("<I", data, at + 24, 0xFFFF_FFF0)  # its uncompressed size
    path.write_bytes(bytes(data))
    return path


def generate_over_row_limit(path: Path, *, rows: int) -> Path:
    path.write_bytes(_survey([_survey_row(f"Worker {i}", f"79000000{i:02d}") for i in range(rows)]))
    return path


def generate_huge_cell(path: Path) -> Path:
    """A ragged file (a row wider than the header) with one cell of 3 lakh characters."""
    rows = [_survey_row("Huge Cell", "7900000101", **{"Last Workplace": _text(300_000, 11)}),
            [*_survey_row("Extra Column", "7900000102"), "spare"], _survey_row("Plain Row", "7900000103")]  # fmt: skip
    path.write_bytes(_survey(rows))
    return path


GENERATORS: dict[str, Callable[..., Path]] = {
    "over_size_limit": generate_over_size_limit,
    "zip_bomb": generate_zip_bomb,
    "zip_lies_about_size": generate_zip_lies_about_size,
    "over_row_limit": generate_over_row_limit,
    "huge_cell": generate_huge_cell,
}


def main() -> None:
    for name, data in committed_cases().items():
        if name.endswith(".xlsx") and (HERE / name).is_file():
            continue  # a zip carries the time it was made: keep the committed bytes stable
        (HERE / name).write_bytes(data)
        print(f"wrote {name} ({len(data):,} bytes)")


if __name__ == "__main__":
    main()
