"""Dashboard filters: a period (a school year or a date range) and a sector."""

from __future__ import annotations

import datetime
from dataclasses import dataclass

from django.utils import timezone
from django.utils.formats import date_format
from django.utils.translation import gettext

SCHOOL_YEAR_START_MONTH = 8
# The days a chosen period may span: schools' data starts this century, and the dashboards'
# tables (pandas) count time only between the years 1677 and 2262.
FIRST_DAY = datetime.date(2000, 1, 1)
LAST_DAY = datetime.date(2099, 12, 31)


@dataclass(frozen=True)
class Filters:
    start: datetime.date
    end: datetime.date
    sector: str = ""

    @property
    def label(self) -> str:
        """ "1 september 2024 tot en met 31 juli 2025", in the active language."""
        return gettext("%(start)s to %(end)s") % {
            "start": date_format(self.start),
            "end": date_format(self.end),
        }


def period_errors(start: datetime.date | None, end: datetime.date | None) -> dict[str, str]:
    """What is wrong with a chosen start (`van`) and end (`tot`), per field, in the active
    language; empty when the period can be shown."""
    errors = {}
    bounds = gettext("Choose a date between %(first)s and %(last)s.") % {
        "first": date_format(FIRST_DAY),
        "last": date_format(LAST_DAY),
    }
    for field, day in (("van", start), ("tot", end)):
        if day is not None and not FIRST_DAY <= day <= LAST_DAY:
            errors[field] = bounds
    if start and end and end < start and "tot" not in errors:
        errors["tot"] = gettext("The end of the period lies before its start.")
    return errors


def school_year(first_year: int) -> tuple[datetime.date, datetime.date]:
    """School year "2025-2026": 1 August 2025 to 31 July 2026."""
    return (
        datetime.date(first_year, SCHOOL_YEAR_START_MONTH, 1),
        datetime.date(first_year + 1, SCHOOL_YEAR_START_MONTH, 1) - datetime.timedelta(days=1),
    )


def school_year_of(day: datetime.date) -> int:
    return day.year if day.month >= SCHOOL_YEAR_START_MONTH else day.year - 1


def recent_school_years(count: int = 5) -> list[int]:
    current = school_year_of(timezone.localdate())
    return [current - offset for offset in range(count)]


def chosen_filters(
    *,
    earliest: datetime.date,
    school_year_start: int | None = None,
    start: datetime.date | None = None,
    end: datetime.date | None = None,
    sector: str = "",
) -> Filters:
    """From what a person chose: a school year, a date range (wins where given), or else
    everything from `earliest` until today."""
    first, last = earliest, timezone.localdate()
    if school_year_start:
        first, last = school_year(school_year_start)
    return Filters(start=start or first, end=end or last, sector=sector)
