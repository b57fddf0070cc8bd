"""The identifier gate of a dataset: what its columns hold with certainty, which roles
that allows, and what the anonymised file still holds before a leader may accept it."""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any, TypedDict

import pandas as pd
from django.core.exceptions import ValidationError
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from casestudies.anonymisation import identifiers
from casestudies.anonymisation.roles import normalise
from casestudies.models import Dataset
from casestudies.models.datasets import translated
from casestudies.services.stored_files import read_stored_table
from schools.models import School, User

KIND_LABELS = {
    "bsn": gettext_lazy("BSNs"),
    "email": gettext_lazy("e-mail addresses"),
    "phone": gettext_lazy("phone numbers"),
    "birth_date": gettext_lazy("dates of birth"),
    "pupil_number": gettext_lazy("pupil numbers"),
    "name": gettext_lazy("names"),
}
_NAME_PARTS = ("naam", "name")


class FindingRow(TypedDict):
    column: str
    kind: str
    label: str
    cells: int


def annotate_identifiers(columns: list[dict[str, Any]], frame: pd.DataFrame) -> None:
    """Mark the analysed columns that hold identifiers with certainty (in place)."""
    found = identifiers.identifier_columns(frame)
    for column in columns:
        if column["name"] in found:
            column["identifier"] = found[column["name"]].kind
            column["identifier_count"] = found[column["name"]].count


def check_roles(dataset: Dataset, roles: Mapping[str, str]) -> None:
    """Refuse any role but removed or pseudonymised for a column of identifiers."""
    found = {
        column["name"]: identifiers.IdentifierColumn(
            column["name"], column["identifier"], int(column.get("identifier_count", 0))
        )
        for column in dataset.columns
        if column.get("identifier")
    }
    refused = identifiers.refused_roles(found, roles)
    if refused:
        messages = [_refusal_text(column) for column in refused]
        raise ValidationError({"roles": messages})


def _refusal_text(column: identifiers.IdentifierColumn) -> str:
    error = column.refusal()
    return translated(error.template, error.params)


def school_people_names(school: School) -> list[str]:
    """The names of the school's people (teachers, leaders, coaches), whole and in parts."""
    people = User.objects.filter(school_memberships__school=school).distinct()
    names: set[str] = set()
    for person in people:
        if full := person.get_full_name().strip():
            names.add(full)
        names.update(part for part in (person.first_name, person.last_name) if len(part) > 2)
    return sorted(names, key=len, reverse=True)


def scan_anonymised(
    dataset: Dataset, output: pd.DataFrame, upload: pd.DataFrame | None
) -> dict[str, dict[str, int]]:
    """What the anonymised table still holds: BSN, e-mail, phone, dates of birth, pupil
    numbers, and names of the school's people and of the upload."""
    upload_names: list[str] = []
    numbers: list[str] = []
    if upload is not None:
        upload_names = _upload_values(dataset, upload, kinds={"name"}, parts=_NAME_PARTS)
        numbers = _upload_values(dataset, upload, kinds={"pupil_number", "bsn"})
    pseudonymised = [column for column, role in dataset.roles.items() if role == "pseudonym"]
    return identifiers.scan_output(
        output,
        names=school_people_names(dataset.school),
        upload_names=upload_names,
        pupil_numbers=[number for number in numbers if len(number) >= 4],
        skip=pseudonymised,
    )


def _upload_values(
    dataset: Dataset, upload: pd.DataFrame, *, kinds: set[str], parts: tuple[str, ...] = ()
) -> list[str]:
    chosen = [
        column["name"]
        for column in dataset.columns
        if column.get("identifier") in kinds
        or any(part in normalise(column["name"]) for part in parts)
    ]
    values: set[str] = set()
    for name in chosen:
        if name in upload.columns:
            values.update(str(v).strip() for v in upload[name].unique() if str(v).strip())
    return sorted(values)


def scan_anonymised_file(dataset: Dataset) -> dict[str, dict[str, int]]:
    """The scan of a stored anonymised file (datasets anonymised before the scan)."""
    table = read_stored_table(dataset.anonymised_file)
    return scan_anonymised(dataset, table.frame, None)


def finding_rows(findings: Mapping[str, Mapping[str, int]] | None) -> list[FindingRow]:
    return [
        FindingRow(column=column, kind=kind, label=str(KIND_LABELS[kind]), cells=cells)
        for column, kinds in (findings or {}).items()
        for kind, cells in kinds.items()
    ]


def refuse_findings(findings: Mapping[str, Mapping[str, int]]) -> None:
    """Acceptance is refused while the anonymised file holds personal data."""
    if not findings:
        return
    per_column = "; ".join(
        _("column '%(column)s': %(what)s")
        % {
            "column": column,
            "what": ", ".join(f"{KIND_LABELS[kind]} ({cells})" for kind, cells in kinds.items()),
        }
        for column, kinds in findings.items()
    )
    raise ValidationError(
        _(
            "The anonymised file still holds personal data (%(findings)s). Change the roles "
            "of these columns and anonymise again."
        )
        % {"findings": per_column}
    )
