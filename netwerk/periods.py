"""Reflection periods: halves of a school year, spelled "2025-2026-1" (August to January)
and "2025-2026-2" (February to July). Shared by coach self-assessments and leadership
reflection, so both speak of the same half years."""

from __future__ import annotations

import datetime
import re
from dataclasses import dataclass

from django.core.exceptions import ValidationError
from django.utils.translation import gettext_lazy as _

PERIOD_PATTERN = re.compile(r"^(\d{4})-(\d{4})-([12])$")
FIRST_HALF_STARTS = 8  # August
SECOND_HALF_STARTS = 2  # February


@dataclass(frozen=True, order=True)
class Period:
    year: int  # the calendar year the school year starts in
    half: int  # 1 or 2

    @property
    def code(self) -> str:
        return f"{self.year}-{self.year + 1}-{self.half}"

    @property
    def school_year(self) -> str:
        return f"{self.year}-{self.year + 1}"

    @property
    def starts_on(self) -> datetime.date:
        if self.half == 1:
            return datetime.date(self.year, FIRST_HALF_STARTS, 1)
        return datetime.date(self.year + 1, SECOND_HALF_STARTS, 1)

    @property
    def label(self) -> str:
        half = _("first half") if self.half == 1 else _("second half")
        return f"{self.school_year}, {half}"

    def previous(self) -> Period:
        return Period(self.year, 1) if self.half == 2 else Period(self.year - 1, 2)

    def __str__(self) -> str:
        return self.code


def period_of(day: datetime.date) -> Period:
    if day.month >= FIRST_HALF_STARTS:
        return Period(day.year, 1)
    if day.month >= SECOND_HALF_STARTS:
        return Period(day.year - 1, 2)
    return Period(day.year - 1, 1)


def recent_periods(today: datetime.date, count: int) -> list[Period]:
    """The current period and the ones before it, oldest first."""
    periods = [period_of(today)]
    while len(periods) < count:
        periods.append(periods[-1].previous())
    return periods[::-1]


def parse_period(code: str) -> Period:
    match = PERIOD_PATTERN.match(code or "")
    if match is None or int(match[2]) != int(match[1]) + 1:
        raise ValidationError(
            {"period": _("A period is written as 2025-2026-1 or 2025-2026-2.")}, code="invalid"
        )
    return Period(int(match[1]), int(match[3]))


def parse_past_period(code: str, *, today: datetime.date) -> Period:
    """A period that has started: nobody reflects on a half year still to come."""
    period = parse_period(code)
    if period.starts_on > today:
        raise ValidationError({"period": _("This period has not started yet.")}, code="future")
    return period
