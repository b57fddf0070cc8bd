"""Data collection and analysis in a case study: its data sources (an anonymised dataset of
the school's own, or another kind), the data-quality check, and analyses made from a
dataset with n per group and small groups flagged."""

from __future__ import annotations

import pandas as pd
from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from casestudies import statistics
from casestudies.analysis import AnalysisError, analyse, for_partners
from casestudies.models import (
    ANONYMISED_STATUSES,
    Analysis,
    CaseStudy,
    Dataset,
    DataSource,
    QualityCheck,
)
from schools.services import save_validated


@transaction.atomic
def add_data_source(
    *, case: CaseStudy, kind: str, description: str, dataset: Dataset | None = None
) -> DataSource:
    if dataset is not None:
        if dataset.school_id != case.datateam.school_id:
            raise ValidationError({"dataset": _("Use a dataset of your own school.")})
        if dataset.status not in ANONYMISED_STATUSES:
            raise ValidationError({"dataset": _("The dataset is not anonymised yet.")})
    return save_validated(
        DataSource(case=case, kind=kind, description=description.strip(), dataset=dataset)
    )


def dataset_columns(dataset: Dataset) -> list[str]:
    """The columns of a dataset's anonymised version, for choosing what to analyse."""
    return list(anonymised_frame(dataset, nrows=0).columns)


@transaction.atomic
def add_analysis(
    *,
    case: CaseStudy,
    data_source: DataSource,
    title: str,
    group_by: list[str],
    statistic: str,
    measure: str = "",
    condition: str = "",
    conclusion: str = "",
    second: str = "",
) -> Analysis:
    """A table from the anonymised dataset: per group, with n always shown and small
    groups flagged; or, for a `statistic` in `statistics.KINDS`, groups compared, before
    and after, a crosstab or a correlation. The partner version (small cells suppressed)
    is kept beside it. Bad input saves nothing and says why in the reader's language."""
    if data_source.case_id != case.pk or data_source.dataset is None:
        raise ValidationError({"data_source": _("Choose a data source with a dataset.")})
    spec: dict[str, object] = {
        "group_by": group_by,
        "statistic": statistic,
        "measure": measure,
        "condition": condition,
    }
    frame = anonymised_frame(data_source.dataset)
    try:
        if statistic in statistics.KINDS:
            result = _run_statistic(frame, statistic, group_by, measure, second, condition)
            spec |= {"kind": statistic, "second": second}
            spec["partner_result"] = statistics.for_partners(result)
        else:
            table = analyse(
                frame,
                group_by=group_by,
                statistic=statistic,  # type: ignore[arg-type]
                measure=measure or None,
                condition=condition or None,
            )
            result = dict(table.to_dict())
            spec["partner_table"] = for_partners(table)
    except AnalysisError as error:
        raise ValidationError(translated(error)) from error
    return save_validated(
        Analysis(
            case=case,
            data_source=data_source,
            title=title.strip(),
            spec=spec,
            table=result,
            conclusion=conclusion,
        )
    )


ERRORS = {
    "not_numeric": gettext_lazy(
        "Column “%(column)s” is not numeric (“%(example)s” is not a number): choose a column "
        "with numbers for a mean, or give a value to count for a percentage."
    ),
    "no_data": gettext_lazy("Column “%(column)s” has no values to compare."),
    "one_group": gettext_lazy(
        "Column “%(column)s” has only one group (“%(group)s”): comparing needs two or more."
    ),
    "no_pairs": gettext_lazy("Too few pupils have a number in both “%(first)s” and “%(second)s”."),
    "constant": gettext_lazy("Every pupil has the same value in “%(first)s” or “%(second)s”."),
    "same_column": gettext_lazy("Choose two different columns."),
    "no_measure": gettext_lazy("Choose a column to compare."),
    "group_by": gettext_lazy("Choose one or more columns under “Per”."),
    "group_count": gettext_lazy("Choose exactly %(count)s column(s) under “Per”."),
}


def translated(error: AnalysisError) -> str:
    """The error in the reader's language; English for a code without a translation."""
    message = ERRORS.get(error.code)
    return str(error) if message is None else str(message) % error.params


def _run_statistic(
    frame: pd.DataFrame, kind: str, group_by: list[str], measure: str, second: str, condition: str
) -> dict[str, object]:
    needed = {"compare": 1, "crosstab": 2}.get(kind)
    if needed is not None and len(group_by) != needed:
        raise AnalysisError("Wrong number of columns to group by.", "group_count", count=needed)
    if kind == "compare":
        return statistics.compare_groups(
            frame, group=group_by[0], measure=measure, condition=condition or None
        )
    if kind == "crosstab":
        return statistics.crosstab(frame, rows=group_by[0], columns=group_by[1])
    if not measure or not second:
        raise AnalysisError("Choose two columns.", "same_column")
    if kind == "before_after":
        return statistics.compare_before_after(
            frame, before=measure, after=second, condition=condition or None
        )
    return statistics.correlation(frame, x=measure, y=second)


def anonymised_frame(dataset: Dataset, nrows: int | None = None) -> pd.DataFrame:
    if not dataset.anonymised_file:
        raise ValidationError({"data_source": _("The dataset is not anonymised yet.")})
    with dataset.anonymised_file.open("rb") as stream:
        return pd.read_csv(
            stream,
            sep=dataset.delimiter,
            dtype=str,
            keep_default_na=False,
            nrows=nrows,
            encoding="utf-8",
        )


@transaction.atomic
def set_quality_check(
    *, case: CaseStudy, completeness: str, reliability: str, validity: str, notes: str = ""
) -> QualityCheck:
    check = QualityCheck.objects.filter(case=case).first() or QualityCheck(case=case)
    check.completeness, check.reliability, check.validity = completeness, reliability, validity
    check.notes = notes
    return save_validated(check)
