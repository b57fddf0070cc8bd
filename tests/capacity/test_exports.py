"""CSV and XLSX exports of the dashboard tables, read back; formula-like cells are
neutralised so a spreadsheet shows them as text."""

from __future__ import annotations

import csv
import io

import openpyxl
import pandas as pd
import pytest

from capacity.exports import neutralise, to_csv, to_xlsx
from discussions import services as room_services
from tests.capacity.conftest import NEW_CYCLE, case_for, english_client, proposal_by, publish
from tests.conftest import Demo, client_for


@pytest.mark.parametrize(
    ("value", "expected"),
    [
        ("=SUM(A1:A9)", "'=SUM(A1:A9)"),
        ("+31 6", "'+31 6"),
        ("-1+1", "'-1+1"),
        ("@cmd", "'@cmd"),
        ("\tx", "'\tx"),
        ("\rx", "'\rx"),
        ("<5", "<5"),
        ("Utrecht", "Utrecht"),
        ("-0.1", "-0.1"),
        ("+5.5", "+5.5"),
        ("-1e3", "-1e3"),
        ("-1.2.3", "'-1.2.3"),
        (-3, -3),
        (2.5, 2.5),
    ],
)
def test_cells_that_start_a_formula_become_text(value, expected):
    assert neutralise(value) == expected


def test_counts_stay_whole_and_numbers_stay_numbers_in_both_formats():
    frame = pd.DataFrame(
        {"Pupils": [4, None, 54], "Change": ["-0.1", "+5.5", None], "Name": ["=SUM(1)", "a", "b"]}
    )
    rows = list(csv.reader(io.StringIO(to_csv(frame).decode("utf-8-sig"))))
    assert rows[1:] == [["4", "-0.1", "'=SUM(1)"], ["", "+5.5", "a"], ["54", "", "b"]]
    sheet = openpyxl.load_workbook(io.BytesIO(to_xlsx([("T", frame)]))).active
    assert sheet is not None
    values = list(sheet.iter_rows(min_row=2, values_only=True))
    assert values == [(4, "-0.1", "'=SUM(1)"), (None, "+5.5", "a"), (54, None, "b")]


@pytest.fixture
def formula_school(demo: Demo):
    """A school named like a formula that chose to be named, whose solution was adopted."""
    demo.school2.name = '=HYPERLINK("http://x.invalid","klik")'
    demo.school2.save(update_fields=["name"])
    publish(
        case_for(demo.team2, demo.teacher2),
        demo.user("leader2"),
        [demo.network_a],
        name_school=True,
    )
    room = room_services.open_theme_room(network=demo.network_a, person=demo.coordinator, title="R")
    room_services.adopt_proposal(
        proposal=proposal_by(room, demo.teacher2),
        school_id=demo.school1.pk,
        person=demo.teacher1,
        new_cycle=NEW_CYCLE,
    )
    return demo


def test_the_xlsx_holds_every_table_with_formulas_neutralised(formula_school: Demo):
    demo = formula_school
    response = client_for(demo.coordinator).get(
        f"/netwerken/{demo.network_a.pk}/dashboard/export.xlsx"
    )
    assert response.status_code == 200
    assert response["Content-Type"].startswith("application/vnd.openxmlformats")
    workbook = openpyxl.load_workbook(io.BytesIO(response.content))
    assert len(workbook.sheetnames) == 10
    cells = [
        cell.value for sheet in workbook.worksheets for row in sheet.iter_rows() for cell in row
    ]
    assert '\'=HYPERLINK("http://x.invalid","klik")' in cells
    assert not any(isinstance(v, str) and v.startswith(("=", "+", "-", "@")) for v in cells)
    assert all(
        cell.data_type != "f" for s in workbook.worksheets for r in s.iter_rows() for cell in r
    )
    adoptions = pd.read_excel(io.BytesIO(response.content), sheet_name=5)
    assert adoptions.iloc[0, 2] == 1


def test_a_csv_holds_one_table_and_reads_back(formula_school: Demo):
    demo = formula_school
    response = english_client(demo.teacher1).get(
        f"/netwerken/{demo.network_a.pk}/dashboard/export.csv", {"tabel": "adoptions"}
    )
    assert response.status_code == 200
    assert "attachment" in response["Content-Disposition"]
    table = pd.read_csv(io.BytesIO(response.content), encoding="utf-8-sig", dtype=str)
    assert table.iloc[0].tolist() == [
        '\'=HYPERLINK("http://x.invalid","klik")',
        "a VO school in Utrecht",
        "1",
    ]
    months = english_client(demo.teacher1).get(
        f"/netwerken/{demo.network_a.pk}/dashboard/export.csv",
        {"tabel": "contributions_per_month", "schooljaar": "2025"},
    )
    read = pd.read_csv(io.BytesIO(months.content), encoding="utf-8-sig", dtype=str)
    assert read.iloc[0, 0] == "2025-08"
    assert read.iloc[-1, 0] == "Total"
    assert len(read) == 13


def test_an_unknown_table_or_format_is_404(demo: Demo):
    client = client_for(demo.teacher1)
    base = f"/netwerken/{demo.network_a.pk}/dashboard/export"
    assert client.get(f"{base}.csv", {"tabel": "nope"}).status_code == 404
    assert client.get(f"{base}.pdf").status_code == 404


def test_the_school_dashboard_export_is_for_the_schools_own_people(demo: Demo):
    url = f"/scholen/{demo.school1.pk}/dashboard/export.xlsx"
    assert client_for(demo.teacher2).get(url).status_code == 404
    mine = english_client(demo.teacher1).get(url)
    assert mine.status_code == 200
    assert openpyxl.load_workbook(io.BytesIO(mine.content)).sheetnames == [
        "Our cycles and goals",
        "Contributions given and rece",
    ]
