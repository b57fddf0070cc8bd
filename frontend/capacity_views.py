"""Contributions and dashboards: the derivation rules, a network's ledger with manual
entries, the network dashboard and a school's own dashboard, with their exports."""

from __future__ import annotations

import datetime

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.paginator import Paginator
from django.db.models import QuerySet
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _

from capacity import access as capacity_access
from capacity import services
from capacity.dashboard import network_dashboard, network_school_labels, network_start
from capacity.models import Contribution
from capacity.rules import RULES
from capacity.school_dashboard import school_dashboard, school_start
from capacity.tables import Dashboard
from frontend import capacity_forms as forms
from frontend import forms as page_forms
from frontend.views import person_of
from netwerk import access as network_access
from netwerk.models import LearningNetwork
from schools import access as school_access
from schools.models import School

LEDGER_PAGE_SIZE = 25


@login_required
def contribution_rules(request: HttpRequest) -> HttpResponse:
    return render(request, "capacity/rules.html", {"rules": RULES.values()})


@login_required
def ledger(request: HttpRequest, network_pk: int) -> HttpResponse:
    network = network_access.network_for_member(request.user, network_pk)
    labels = network_school_labels(network)
    schools = School.objects.filter(pk__in=labels)
    can_record = capacity_access.can_record(request.user, network)
    entry = forms.ManualContributionForm(
        request.POST if request.method == "POST" else None, schools=schools, labels=labels
    )
    if request.method == "POST":
        if not can_record:
            raise Http404
        if page_forms.submit(
            entry,
            lambda d: services.record_manual_contribution(
                network=network, recorded_by=person_of(request), **d
            ),
        ):
            messages.success(request, _("The contribution has been recorded."))
            return redirect("contribution-ledger", network_pk=network.pk)
    filters = forms.LedgerFilterForm(request.GET or None, schools=schools, labels=labels)
    chosen = _ledger_rows(network, filters)
    page = Paginator(chosen, LEDGER_PAGE_SIZE).get_page(request.GET.get("pagina"))
    context = {
        "network": network,
        "filter_form": filters,
        "page": page,
        "rows": [(row, labels.get(row.school_id or 0, "")) for row in page],
        "query": _query_without_page(request),
        "can_record": can_record,
        "entry_form": entry,
    }
    return render(request, "capacity/ledger.html", context)


def _ledger_rows(network: LearningNetwork, form: forms.LedgerFilterForm) -> QuerySet[Contribution]:
    rows = Contribution.objects.filter(network=network)
    if not form.is_bound or not form.is_valid():
        return rows
    data = form.cleaned_data
    period = form.filters(earliest=datetime.date.min)
    rows = rows.filter(occurred_on__gte=period.start, occurred_on__lte=period.end)
    if data.get("category"):
        rows = rows.filter(category=data["category"])
    if data.get("school"):
        rows = rows.filter(school=data["school"])
    return rows


def _query_without_page(request: HttpRequest) -> str:
    query = request.GET.copy()
    query.pop("pagina", None)
    return query.urlencode()


@login_required
def network_dashboard_page(request: HttpRequest, network_pk: int) -> HttpResponse:
    network = network_access.network_for_member(request.user, network_pk)
    form = forms.NetworkDashboardForm(request.GET or None)
    dashboard = network_dashboard(network, form.filters(earliest=network_start(network)))
    context = {
        "network": network,
        "form": form,
        "dashboard": dashboard,
        "query": request.GET.urlencode(),
    }
    return render(request, "capacity/network_dashboard.html", context)


@login_required
def network_dashboard_export(request: HttpRequest, network_pk: int, fmt: str) -> HttpResponse:
    network = network_access.network_for_member(request.user, network_pk)
    form = forms.NetworkDashboardForm(request.GET or None)
    dashboard = network_dashboard(
        network, form.filters(earliest=network_start(network)), with_charts=False
    )
    return _download(dashboard, request, fmt, f"netwerk-{network.pk}-dashboard")


@login_required
def school_dashboard_page(request: HttpRequest, school_pk: int) -> HttpResponse:
    school = school_access.school_for_member(request.user, school_pk)
    form = forms.PeriodForm(request.GET or None)
    dashboard = school_dashboard(school, form.filters(earliest=school_start(school)))
    context = {
        "school": school,
        "form": form,
        "dashboard": dashboard,
        "query": request.GET.urlencode(),
    }
    return render(request, "capacity/school_dashboard.html", context)


@login_required
def school_dashboard_export(request: HttpRequest, school_pk: int, fmt: str) -> HttpResponse:
    school = school_access.school_for_member(request.user, school_pk)
    form = forms.PeriodForm(request.GET or None)
    dashboard = school_dashboard(
        school, form.filters(earliest=school_start(school)), with_charts=False
    )
    return _download(dashboard, request, fmt, f"school-{school.pk}-dashboard")


def _download(dashboard: Dashboard, request: HttpRequest, fmt: str, stem: str) -> HttpResponse:
    exported = dashboard.export(fmt=fmt, key=request.GET.get("tabel", ""), stem=stem)
    if exported is None:
        raise Http404
    response = HttpResponse(exported.content, content_type=exported.content_type)
    response["Content-Disposition"] = f'attachment; filename="{exported.filename}"'
    return response
