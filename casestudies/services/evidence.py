"""Data collection and analysis in a case study: its data sources (an anonymised dataset of
the school's own, or another kind), the data-quality check, and analyses made from a
dataset with n per group and small groups flagged."""

from __future__ import annotations

import pandas as pd
from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils.translation import gettext as _

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
) -> Analysis:
    """A table from the anonymised dataset: per group, with n always shown and small
    groups flagged; the partner version (small cells suppressed) is kept beside it."""
    if data_source.case_id != case.pk or data_source.dataset is None:
        raise ValidationError({"data_source": _("Choose a data source with a dataset.")})
    try:
        table = analyse(
            anonymised_frame(data_source.dataset),
            group_by=group_by,
            statistic=statistic,  # type: ignore[arg-type]
            measure=measure or None,
            condition=condition or None,
        )
    except AnalysisError as error:
        raise ValidationError(str(error)) from error
    spec = {
        "group_by": group_by,
        "statistic": statistic,
        "measure": measure,
        "condition": condition,
        "partner_table": for_partners(table),
    }
    return save_validated(
        Analysis(
            case=case,
            data_source=data_source,
            title=title.strip(),
            spec=spec,
            table=dict(table.to_dict()),
            conclusion=conclusion,
        )
    )


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
