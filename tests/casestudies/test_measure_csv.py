"""Reading measurements from CSV text, without a database."""

from __future__ import annotations

import datetime

import pytest

from casestudies.measurecsv import MeasureCsvError, read_points


def test_it_reads_dutch_dates_and_decimal_commas_with_a_header() -> None:
    points = read_points("datum;waarde;n\n01-09-2024;6,5;24\n2024-10-01;7;\n")
    assert [(p.date, p.value, p.n) for p in points] == [
        (datetime.date(2024, 9, 1), 6.5, 24),
        (datetime.date(2024, 10, 1), 7.0, None),
    ]


def test_it_reads_commas_and_tabs_as_separators() -> None:
    assert read_points("01-09-2024,6.5,24")[0].value == 6.5
    assert read_points("\ufeff01-09-2024\t6,5")[0].n is None


@pytest.mark.parametrize(
    ("text", "problem", "line"),
    [
        ("01-09-2024;6,5;24\n01-10-2024,7,20\n", "mixed_separators", 2),
        ("datum;waarde\n31-02-2024;6\n", "date", 2),
        ("01-09-2024;zes\n", "number", 1),
        ("01-09-2024;6;twintig\n", "whole_number", 1),
        ("01-09-2024;6;2;4\n", "columns", 1),
        ("datum;waarde;n\n", "empty", 0),
        ("", "empty", 0),
    ],
)
def test_it_names_the_problem_and_the_line(text: str, problem: str, line: int) -> None:
    with pytest.raises(MeasureCsvError) as caught:
        read_points(text)
    assert (caught.value.problems[0].problem, caught.value.problems[0].line) == (problem, line)


def test_it_reports_every_bad_line_at_once() -> None:
    with pytest.raises(MeasureCsvError) as caught:
        read_points("01-09-2024;x\n02-09-2024;6\n99-99-2024;7\n")
    assert [p.line for p in caught.value.problems] == [1, 3]
