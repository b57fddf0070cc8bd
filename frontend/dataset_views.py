"""Dataset pages: upload → confirm roles → see the anonymised result beside its report →
accept. Each view: access helper → form (shape) → service → response."""

from __future__ import annotations

import csv
import io
from typing import Any

from django import forms as django_forms
from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.http import FileResponse, Http404, HttpRequest, HttpResponse, JsonResponse
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy, gettext_noop

from casestudies import access as dataset_access
from casestudies import services as dataset_services
from casestudies.anonymisation import Role
from casestudies.models import Dataset, DatasetStatus
from casestudies.services import reads
from casestudies.services.dataset_checks import finding_rows
from casestudies.services.datasets import MAX_K, MAX_SUPPRESSION, MIN_K
from frontend import forms
from frontend.views import person_of
from schools import access as school_access

PREVIEW_ROWS = 20
ROLE_LABELS = {
    Role.DIRECT: gettext_lazy("Remove (direct identifier)"),
    Role.PSEUDONYM: gettext_lazy("Pseudonymise with the school's key"),
    Role.QUASI: gettext_lazy("Generalise (quasi-identifier)"),
    Role.SENSITIVE: gettext_lazy("Keep as it is (sensitive value)"),
    Role.KEEP: gettext_lazy("Keep as it is"),
}
# Why the anonymisation engine suggested a role. It speaks English (it is pure and knows no
# Django): its fixed sentences are marked here for the catalogue and translated on the page.
REASONS = (
    gettext_noop("set by the user"),
    gettext_noop("name looks like a pupil identifier"),
    gettext_noop("name looks like a name, contact or address"),
    gettext_noop("name looks like a quasi-identifier"),
    gettext_noop("name looks like results or absence"),
    gettext_noop("column is empty"),
    gettext_noop("values are BSNs (pass the 11-check)"),
    gettext_noop("values are e-mail addresses"),
    gettext_noop("values are phone numbers"),
    gettext_noop("values are postcodes"),
    gettext_noop("values are dates (birth dates?)"),
    gettext_noop("unrecognised and almost unique per row: dropped to be safe"),
    gettext_noop("unrecognised numbers: kept as sensitive"),
    gettext_noop("unrecognised categories: treated as quasi-identifier to be safe"),
)


class UploadForm(django_forms.Form):
    title = django_forms.CharField(label=gettext_lazy("Title"), max_length=200, required=False)
    file = django_forms.FileField(
        label=gettext_lazy("File (CSV or XLSX)"),
        help_text=gettext_lazy("An export of the pupil administration, at most 50 MB."),
    )


class RolesForm(django_forms.Form):
    k = django_forms.IntegerField(
        label=gettext_lazy("Smallest group (k)"),
        min_value=MIN_K,
        max_value=MAX_K,
        help_text=gettext_lazy("Every combination of generalised values occurs at least k times."),
    )
    max_suppression = django_forms.FloatField(
        label=gettext_lazy("Records that may be left out (%)"),
        min_value=0,
        max_value=MAX_SUPPRESSION * 100,
    )

    def __init__(self, *args: Any, dataset: Dataset, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.columns = dataset.columns
        for index, column in enumerate(dataset.columns):
            self.fields[f"role_{index}"] = django_forms.ChoiceField(
                label=column["name"],
                choices=[(role.value, ROLE_LABELS[role]) for role in Role],
                initial=dataset.roles.get(column["name"], column["role"]),
                help_text=_(column["reason"]),
            )

    def role_fields(self) -> list[Any]:
        return [self[f"role_{index}"] for index in range(len(self.columns))]

    def roles(self) -> dict[str, str]:
        return {
            column["name"]: self.cleaned_data[f"role_{index}"]
            for index, column in enumerate(self.columns)
        }


@login_required
def dataset_list(request: HttpRequest, school_pk: int) -> HttpResponse:
    school = school_access.school_for_member(request.user, school_pk)
    form = UploadForm()
    if request.method == "POST":
        form = UploadForm(request.POST, request.FILES)
        created: list[Dataset] = []
        if forms.submit(
            form,
            lambda d: created.append(
                dataset_services.upload_dataset(
                    school=school,
                    person=person_of(request),
                    uploaded_file=d["file"],
                    title=d["title"],
                )
            ),
        ):
            return redirect("dataset-detail", pk=created[0].pk)
    context = {
        "school": school,
        "datasets": dataset_access.datasets_visible_to(request.user).filter(school=school),
        "form": form,
    }
    return render(request, "datasets/list.html", context)


@login_required
def dataset_detail(request: HttpRequest, pk: int) -> HttpResponse:
    if request.method == "POST":
        dataset = dataset_access.dataset_for_member(request.user, pk)
    else:
        dataset = reads.view_dataset(person=request.user, pk=pk, via="page")
    roles_form = RolesForm(
        dataset=dataset,
        initial={"k": dataset.k, "max_suppression": round(dataset.max_suppression * 100, 2)},
    )
    if request.method == "POST":
        action = request.POST.get("action")
        if action == "roles":
            roles_form = RolesForm(request.POST, dataset=dataset)
            if forms.submit(
                roles_form,
                lambda d: dataset_services.confirm_roles(
                    dataset=dataset,
                    roles=roles_form.roles(),
                    k=d["k"],
                    max_suppression=d["max_suppression"] / 100,
                ),
            ):
                return redirect("dataset-detail", pk=dataset.pk)
        elif action in {"accept", "discard"}:
            return _decide(request, dataset, action)
        else:
            raise Http404
    context = {
        "dataset": dataset,
        "roles_form": roles_form,
        "preview": _preview(dataset) if dataset.status == DatasetStatus.READY else None,
        "can_accept": dataset_access.can_accept(request.user, dataset),
        "cases": dataset_access.cases_visible_to(request.user)
        .filter(data_sources__dataset=dataset)
        .distinct(),
        "findings": finding_rows(dataset.output_findings),
        "report": dataset.report,
        "report_columns": [
            (column, ROLE_LABELS.get(Role(role), role), dataset.report["generalised"].get(column))
            for column, role in dataset.report.get("roles", {}).items()
        ],
    }
    return render(request, "datasets/detail.html", context)


def _decide(request: HttpRequest, dataset: Dataset, action: str) -> HttpResponse:
    if action == "accept":
        dataset = dataset_access.dataset_for_leader(request.user, dataset.pk)
        done = forms.run_service(
            request,
            lambda: dataset_services.accept_dataset(dataset=dataset, person=person_of(request)),
        )
        if done:
            messages.success(request, _("The anonymised dataset has been accepted."))
    else:
        done = forms.run_service(request, lambda: dataset_services.discard_dataset(dataset=dataset))
        if done:
            messages.success(request, _("The dataset has been discarded."))
    return redirect("dataset-detail", pk=dataset.pk)


@login_required
def dataset_status(request: HttpRequest, pk: int) -> JsonResponse:
    dataset = dataset_access.dataset_for_member(request.user, pk)
    return JsonResponse(
        {
            "status": dataset.status,
            "progress": dataset.progress,
            "stage": dataset.stage_display,
            "working": dataset.is_working,
        }
    )


@login_required
def dataset_download(request: HttpRequest, pk: int) -> FileResponse:
    dataset, file = reads.download_dataset(person=request.user, pk=pk, via="page")
    name = f"{dataset.title.rsplit('.', 1)[0]}-geanonimiseerd.csv"
    return FileResponse(file, as_attachment=True, filename=name)


def _preview(dataset: Dataset) -> dict[str, Any] | None:
    if not dataset.anonymised_file:
        return None
    with dataset.anonymised_file.open("rb") as stream:
        head = [stream.readline().decode("utf-8") for _ in range(PREVIEW_ROWS + 1)]
    rows = list(csv.reader(io.StringIO("".join(head)), delimiter=dataset.delimiter))
    return {"header": rows[0] if rows else [], "rows": rows[1:]}
