from __future__ import annotations

import io

import openpyxl
import pandas as pd
import pytest

from casestudies.anonymisation import InputError, read_bytes, read_table, to_csv_text, write_csv


@pytest.mark.parametrize("delimiter", [";", ",", "\t"])
def test_it_sniffs_the_delimiter_and_remembers_it(delimiter):
    raw = delimiter.join(["klas", "cijfer"]) + "\n" + delimiter.join(["1A", "7"]) + "\n"
    table = read_bytes(raw.encode())
    assert table.delimiter == delimiter
    assert list(table.frame.columns) == ["klas", "cijfer"]


@pytest.mark.parametrize(
    ("raw", "encoding"),
    [
        ("naam;plaats\nJoëlle;Zoeterwoude\n".encode(), "utf-8"),
        ("\ufeffnaam;plaats\nJoëlle;Zoeterwoude\n".encode(), "utf-8-sig"),
        ("naam;plaats\nJoëlle;Zoeterwoude\n".encode("cp1252"), "cp1252"),
    ],
)
def test_it_detects_the_encoding(raw, encoding):
    table = read_bytes(raw)
    assert table.encoding == encoding
    assert table.frame.loc[0, "naam"] == "Joëlle"
    assert list(table.frame.columns) == ["naam", "plaats"]


@pytest.mark.parametrize("quoted", [False, True])
def test_files_with_and_without_quotes_are_checked_alike(quoted):
    rows = ["naam;plaats", *["Jan;Utrecht"] * 3000, "Joëlle;Zoeterwoude"]
    if quoted:
        rows[1] = '"Jan";"Utrecht"'
    table = read_bytes(("\n".join(rows) + "\n").encode("cp1252"))
    assert table.encoding == "cp1252"
    assert table.frame.iloc[-1].tolist() == ["Joëlle", "Zoeterwoude"]
    with pytest.raises(InputError, match="Row 3003 has 1 fields"):
        read_bytes(("\n".join([*rows, "Piet"]) + "\n").encode())
    with pytest.raises(InputError, match="Row 3003 has 3 fields"):
        read_bytes(("\n".join([*rows, "Piet;Ede;3"]) + "\n").encode())


def test_blank_and_whitespace_lines_are_no_records():
    table = read_bytes(b"klas;cijfer\n1A;6\n\n   \n1B;7\n")
    assert table.frame.to_numpy().tolist() == [["1A", "6"], ["1B", "7"]]


def test_it_notes_decimal_comma_columns():
    table = read_bytes(b"klas;cijfer\n1A;6,5\n1B;7,25\n")
    assert table.decimal_comma_columns == ("cijfer",)
    assert table.frame.loc[0, "cijfer"] == "6,5"


@pytest.mark.parametrize(
    ("raw", "message"),
    [
        (b"a;b\n1;2\n3;4;5\n", "Row 3"),
        (b"", "empty"),
        (b"a;b\n", "no data rows"),
        (b"a;a\n1;2\n", "'a' occurs twice"),
        (b"a;b\n1;=SUM(A1:A3)\n", "Row 2, column 'b'"),
        (b"a;b\x00\x01\n", "binary"),
    ],
)
def test_it_rejects_malformed_files_naming_the_row_or_column(raw, message):
    with pytest.raises(InputError, match=message):
        read_bytes(raw)


def test_it_rejects_ragged_rows_naming_the_row():
    with pytest.raises(InputError, match="Row 4 has 1 fields"):
        read_bytes(b"a;b\n1;2\n3;4\n5\n")


def test_it_enforces_size_and_row_limits():
    with pytest.raises(InputError, match="limit is 10 bytes"):
        read_bytes(b"a;b\n1;2\n3;4\n", max_bytes=10)
    with pytest.raises(InputError, match="limit is 1"):
        read_bytes(b"a;b\n1;2\n3;4\n", max_rows=1)


def _xlsx(rows) -> bytes:
    workbook = openpyxl.Workbook()
    for row in rows:
        workbook.active.append(row)
    buffer = io.BytesIO()
    workbook.save(buffer)
    return buffer.getvalue()


def test_it_reads_xlsx_values_with_dutch_dates():
    import datetime

    table = read_bytes(
        _xlsx([["klas", "geboortedatum", "cijfer"], ["1A", datetime.date(2011, 4, 3), 7]])
    )
    assert table.file_format == "xlsx"
    assert table.frame.iloc[0].tolist() == ["1A", "03-04-2011", "7"]


def test_it_rejects_spreadsheet_formulas_naming_the_cell():
    with pytest.raises(InputError, match="Cell B2"):
        read_bytes(_xlsx([["a", "b"], [1, "=A2*2"]]))


def test_it_writes_utf8_csv_with_the_input_delimiter(tmp_path):
    source = tmp_path / "in.csv"
    source.write_bytes("klas\tnaam\n1A\tZoë\n".encode("cp1252"))
    table = read_table(source)
    target = tmp_path / "out.csv"
    write_csv(table.frame, target, delimiter=table.delimiter)
    assert target.read_text(encoding="utf-8") == "klas\tnaam\n1A\tZoë\n"
    assert to_csv_text(table.frame, ";") == "klas;naam\n1A;Zoë\n"


@pytest.mark.parametrize("delimiter", [";", ",", "\t"])
@pytest.mark.parametrize(
    "frame",
    [
        pd.DataFrame(
            {
                "a": ["x;y", 'q"r', "a\nb", "a\rb", "", "é", " s ", "x,y", "t\tu"],
                "b": ["1", "2", "3", "4", "5", "6", "", "8", "9"],
            }
        ),
        pd.DataFrame({"a": ["", "x"]}),
        pd.DataFrame({"a": ["", ""], "b": ["", ""]}),
        pd.DataFrame({"a": [1, 2], "b": ["x", None]}),
        pd.DataFrame({"a": pd.Series([], dtype=object), "b": pd.Series([], dtype=object)}),
        pd.DataFrame({"a;b": ["1"], 'c"d': ["2"]}),
        pd.DataFrame({"a": ["x" * 1000] + ["y"] * 50, "b": ["1"] * 51}),
    ],
)
def test_it_writes_exactly_what_pandas_writes(frame, delimiter):
    expected = frame.to_csv(sep=delimiter, index=False, lineterminator="\n", na_rep="")
    assert to_csv_text(frame, delimiter) == expected


def _repacked(raw: bytes, part: str, content: bytes) -> bytes:
    """The same workbook with one part's content replaced."""
    import zipfile

    source = zipfile.ZipFile(io.BytesIO(raw))
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w", zipfile.ZIP_DEFLATED) as target:
        for info in source.infolist():
            data = content if info.filename == part else source.read(info.filename)
            target.writestr(info.filename, data)
    return buffer.getvalue()


def test_a_zip_bomb_is_refused_before_it_is_unpacked():
    sheet = b'<?xml version="1.0"?><worksheet xmlns="x"><sheetData>' + b" " * (40 * 2**20)
    bomb = _repacked(_xlsx([["a"], [1]]), "xl/worksheets/sheet1.xml", sheet + b"</sheetData>")
    assert len(bomb) < 200_000  # 40 MB of sheet in a file of a few dozen kilobytes
    with pytest.raises(InputError, match="zip bomb"):
        read_bytes(bomb)


def test_a_spreadsheet_that_unpacks_past_the_limit_is_refused(monkeypatch):
    from casestudies.anonymisation import spreadsheets

    monkeypatch.setattr(spreadsheets, "MAX_UNPACKED_BYTES", 4096)
    with pytest.raises(InputError, match="unpacks to"):
        read_bytes(_xlsx([["a", "b"], *([i, "x" * 200] for i in range(30))]))


def test_spreadsheet_rows_are_limited_while_reading():
    with pytest.raises(InputError, match="more than 3 data rows"):
        read_bytes(_xlsx([["a"], *([i] for i in range(10))]), max_rows=3)


@pytest.mark.parametrize(
    ("raw", "message"),
    [
        (b"\x89PNG\r\n\x1a\n" + b"\x00" * 64, "binary data"),
        (b"MZ\x90\x00\x03\x00\x00\x00" + b"\x00" * 64, "binary data"),
        (b"PK\x03\x04" + b"not really a zip", "cannot be opened"),
    ],
    ids=["png-named-csv", "program-named-csv", "broken-zip-named-xlsx"],
)
def test_mislabelled_files_are_refused_by_their_content(raw, message):
    with pytest.raises(InputError, match=message):
        read_bytes(raw)
