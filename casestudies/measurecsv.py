"""Reading measurements from CSV text: a pure module (no Django).

The format is `datum;waarde;n` (a header row is optional, n may be empty), separated by
`;`, `,` or a tab, as pupil-administration exports write it: dates as dd-mm-jjjj or
jjjj-mm-dd, values with a decimal comma or point. Problems come back as codes with the
line number, so the caller can say them in the reader's language.
"""

from __future__ import annotations

import datetime
import re
from dataclasses import dataclass
from typing import Literal

Problem = Literal["empty", "mixed_separators", "columns", "date", "number", "whole_number"]
SEPARATORS = (";", "\t", ",")
HEADER_WORDS = {"datum", "date", "waarde", "value", "n"}
DATE_FORMATS = ("%d-%m-%Y", "%Y-%m-%d", "%d/%m/%Y")
NUMBER = re.compile(r"^[+-]?(\d+([.,]\d*)?|[.,]\d+)$")


@dataclass(frozen=True)
class CsvPoint:
    line: int
    date: datetime.date
    value: float
    n: int | None


@dataclass(frozen=True)
class CsvProblem:
    line: int
    problem: Problem
    text: str = ""


class MeasureCsvError(ValueError):
    def __init__(self, problems: list[CsvProblem]) -> None:
        super().__init__(", ".join(f"{p.line}: {p.problem}" for p in problems))
        self.problems = problems


def decode(raw: bytes) -> str:
    """Exports come as UTF-8 (with or without BOM) or Windows-1252."""
    try:
        return raw.decode("utf-8-sig")
    except UnicodeDecodeError:
        return raw.decode("cp1252")


def read_points(text: str) -> list[CsvPoint]:
    """Every row as a point, or MeasureCsvError naming every row that is not one."""
    lines = [(number, line) for number, line in enumerate(_lines(text), start=1) if line.strip()]
    if not lines:
        raise MeasureCsvError([CsvProblem(0, "empty")])
    separator = _separator(lines[0][1])
    if _is_header(lines[0][1], separator):
        lines = lines[1:]
    points: list[CsvPoint] = []
    problems: list[CsvProblem] = []
    for number, line in lines:
        try:
            points.append(_point(number, line, separator))
        except MeasureCsvError as error:
            problems.extend(error.problems)
    if problems:
        raise MeasureCsvError(problems)
    if not points:
        raise MeasureCsvError([CsvProblem(0, "empty")])
    return points


def parse_number(text: str) -> float | None:
    """'6,5' and '6.5' alike; None for anything that is not a plain number."""
    cleaned = text.strip().replace(" ", "")
    if not NUMBER.match(cleaned):
        return None
    return float(cleaned.replace(",", "."))


def parse_date(text: str) -> datetime.date | None:
    for pattern in DATE_FORMATS:
        try:
            return datetime.datetime.strptime(text.strip(), pattern).date()
        except ValueError:
            continue
    return None


def _lines(text: str) -> list[str]:
    return text.lstrip("\ufeff").splitlines()


def _separator(line: str) -> str:
    return next((sep for sep in SEPARATORS if sep in line), ";")


def _is_header(line: str, separator: str) -> bool:
    first = line.split(separator)[0].strip().lower()
    return first in HEADER_WORDS


def _point(number: int, line: str, separator: str) -> CsvPoint:
    others = [sep for sep in SEPARATORS if sep != separator and sep in line]
    # A decimal comma is no separator when the file uses ; or tab.
    if others and not (others == [","] and separator in line):
        raise MeasureCsvError([CsvProblem(number, "mixed_separators", line)])
    cells = [cell.strip() for cell in line.split(separator)]
    if len(cells) not in (2, 3):
        raise MeasureCsvError([CsvProblem(number, "columns", line)])
    date, value = parse_date(cells[0]), parse_number(cells[1])
    if date is None:
        raise MeasureCsvError([CsvProblem(number, "date", cells[0])])
    if value is None:
        raise MeasureCsvError([CsvProblem(number, "number", cells[1])])
    return CsvPoint(number, date, value, _whole(number, cells[2] if len(cells) == 3 else ""))


def _whole(number: int, text: str) -> int | None:
    if not text:
        return None
    if not text.lstrip("-").isdigit():
        raise MeasureCsvError([CsvProblem(number, "whole_number", text)])
    return int(text)


SCHOOL_YEAR = re.compile(r"^(\d{4})\s*[-/]\s*(\d{4})$")


def period_date(text: str) -> datetime.date | None:
    """A date, or the last day of a school year written 2023-2024 or 2023/2024."""
    year = SCHOOL_YEAR.match(text.strip())
    if year and int(year[2]) == int(year[1]) + 1:
        return datetime.date(int(year[2]), 7, 31)
    return parse_date(text)
