"""Measures of a case study and their points: by hand, from a CSV file, or computed per
period from an anonymised dataset. Every point is checked before any is saved."""

from __future__ import annotations

import datetime
import math
from dataclasses import dataclass
from decimal import Decimal

import pandas as pd
from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from casestudies.events import MeasureAdded, MeasurementsRecorded
from casestudies.measurecsv import (
    CsvProblem,
    MeasureCsvError,
    parse_number,
    period_date,
    read_points,
)
from casestudies.models import CaseStudy, Dataset, DatasetStatus, Measure, MeasureKind, MeasurePoint
from casestudies.services.evidence import anonymised_frame
from netwerk.events import emit
from schools.services import save_validated

AGGREGATIONS = ("mean", "percentage", "count")
PLACES = Decimal("0.001")


@dataclass(frozen=True)
class NewPoint:
    date: datetime.date
    value: float | Decimal
    n: int | None = None
    note: str = ""


@transaction.atomic
def add_measure(
    *,
    case: CaseStudy,
    name: str,
    kind: str,
    direction: str,
    unit: str = "",
    baseline_until: datetime.date | None = None,
) -> Measure:
    measure = save_validated(
        Measure(
            case=case,
            name=name.strip(),
            unit=unit.strip(),
            kind=kind,
            direction=direction,
            baseline_until=baseline_until,
        )
    )
    emit(MeasureAdded(measure=measure))
    return measure


@transaction.atomic
def record_point(
    *,
    measure: Measure,
    date: datetime.date,
    value: float | Decimal,
    n: int | None = None,
    note: str = "",
) -> MeasurePoint:
    """One measurement; a date that already has a point gets this one instead."""
    return record_points(measure=measure, points=[NewPoint(date, value, n, note)])[0]


@transaction.atomic
def record_points(*, measure: Measure, points: list[NewPoint]) -> list[MeasurePoint]:
    """All points or none: a problem in any one saves nothing."""
    problems = [
        _("Line %(line)d: %(problem)s") % {"line": line, "problem": problem}
        if len(points) > 1
        else problem
        for line, point in enumerate(points, start=1)
        for problem in point_problems(measure, point)
    ]
    if problems:
        raise ValidationError(problems)
    Measure.objects.select_for_update().get(pk=measure.pk)  # one writer per measure at a time
    by_date = {point.date: point for point in points}  # the last of a repeated date wins
    existing = {p.date: p for p in measure.points.filter(date__in=list(by_date))}
    saved = [_save(measure, existing.get(date), point) for date, point in sorted(by_date.items())]
    emit(MeasurementsRecorded(measure=measure, points=saved, replaced=len(existing)))
    return saved


def point_problems(measure: Measure, point: NewPoint) -> list[str]:
    problems = []
    if point.date > timezone.localdate():
        problems.append(_("A measurement cannot be dated in the future."))
    value = float(point.value)
    if not math.isfinite(value):
        problems.append(_("The value must be a number."))
    elif measure.kind == MeasureKind.PERCENTAGE and not 0 <= value <= 100:
        problems.append(_("A percentage lies between 0 and 100."))
    elif measure.kind == MeasureKind.COUNT and value < 0:
        problems.append(_("A count cannot be negative."))
    if point.n is not None and point.n <= 0:
        problems.append(_("n is the number of pupils or records: at least 1."))
    return problems


def _save(measure: Measure, point: MeasurePoint | None, new: NewPoint) -> MeasurePoint:
    point = point or MeasurePoint(measure=measure, date=new.date)
    point.value = Decimal(str(new.value)).quantize(PLACES)
    point.n, point.note = new.n, new.note.strip()
    return save_validated(point)


@transaction.atomic
def import_points(*, measure: Measure, text: str) -> list[MeasurePoint]:
    """Points from CSV text (`datum;waarde;n`); a file with any bad line saves nothing."""
    try:
        rows = read_points(text)
    except MeasureCsvError as error:
        raise ValidationError([_csv_message(p) for p in error.problems]) from error
    problems = [
        _("Line %(line)d: %(problem)s") % {"line": row.line, "problem": problem}
        for row in rows
        for problem in point_problems(measure, NewPoint(row.date, row.value, row.n))
    ]
    if problems:
        raise ValidationError(problems)
    return record_points(
        measure=measure, points=[NewPoint(row.date, row.value, row.n) for row in rows]
    )


def _csv_message(problem: CsvProblem) -> str:
    messages = {
        "empty": _("The file holds no measurements."),
        "mixed_separators": _("The file mixes separators; use ; (or , or tab) throughout."),
        "columns": _("Expected date;value;n."),
        "date": _("“%(text)s” is not a date (dd-mm-jjjj or jjjj-mm-dd)."),
        "number": _("“%(text)s” is not a number."),
        "whole_number": _("n must be a whole number, not “%(text)s”."),
    }
    message = messages[problem.problem] % {"text": problem.text}
    if not problem.line:
        return message
    return _("Line %(line)d: %(problem)s") % {"line": problem.line, "problem": message}


@transaction.atomic
def points_from_dataset(
    *,
    measure: Measure,
    dataset: Dataset,
    column: str,
    aggregation: str,
    period_column: str,
    equals: str = "",
) -> list[MeasurePoint]:
    """A point per period of an accepted anonymised dataset of the case's school: the mean
    of a column, or the percentage or count of rows whose column equals a value."""
    if dataset.school_id != measure.case.datateam.school_id:
        raise ValidationError({"dataset": _("Use a dataset of your own school.")})
    if dataset.status != DatasetStatus.ACCEPTED:
        raise ValidationError({"dataset": _("A school leader must accept the dataset first.")})
    if aggregation not in AGGREGATIONS:
        raise ValidationError({"aggregation": _("Choose mean, percentage or count.")})
    frame = anonymised_frame(dataset)
    for name in (column, period_column):
        if name not in frame.columns:
            raise ValidationError(_("The dataset has no column “%(name)s”.") % {"name": name})
    points = [
        _period_point(period, group[column], aggregation, equals)
        for period, group in frame.groupby(period_column, sort=True)
    ]
    return record_points(measure=measure, points=points)


def _period_point(period: object, cells: pd.Series[str], aggregation: str, equals: str) -> NewPoint:
    date = period_date(str(period))
    if date is None:
        raise ValidationError(
            _("“%(text)s” is not a date or a school year.") % {"text": str(period)}
        )
    if aggregation == "mean":
        numbers = [x for x in (parse_number(c) for c in cells) if x is not None]
        if not numbers:
            raise ValidationError(_("The column holds no numbers for %(p)s.") % {"p": period})
        return NewPoint(date, sum(numbers) / len(numbers), len(numbers))
    hits = int((cells.str.strip() == equals.strip()).sum())
    if aggregation == "count":
        return NewPoint(date, hits, len(cells))
    return NewPoint(date, 100 * hits / len(cells), len(cells))
