"""The network's library of published case studies, one published snapshot, and the room
where a publication is discussed."""

from __future__ import annotations

from typing import Any

from django.contrib.auth.decorators import login_required
from django.core.paginator import Paginator
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render

from casestudies import access as case_access
from casestudies.cycles import TEMPLATES, Need
from casestudies.library import LibraryFilters, goal_descriptions, search_library
from casestudies.models import DataSourceKind, HypothesisStatus
from discussions import services as room_services
from frontend import case_forms as cf
from frontend.measure_charts import published_measures
from frontend.pdf import pdf_filename, pdf_response
from frontend.views import person_of
from netwerk import access as network_access

LIBRARY_PAGE_SIZE = 20


@login_required
def library(request: HttpRequest, network_pk: int) -> HttpResponse:
    network = network_access.network_for_member(request.user, network_pk)
    form = cf.LibraryFilterForm(request.GET or None)
    filters = LibraryFilters()
    if form.is_valid():
        filters = LibraryFilters.from_query(form.cleaned_data)
    visible = case_access.publications_visible_to(request.user).filter(networks=network)
    results = search_library(visible, filters).defer("snapshot", "search_text")
    page = Paginator(results, LIBRARY_PAGE_SIZE).get_page(request.GET.get("pagina"))
    publications = list(page)
    goals = goal_descriptions(publications)
    query = request.GET.copy()
    query.pop("pagina", None)
    return render(
        request,
        "cases/library.html",
        {
            "network": network,
            "form": form,
            "page": page,
            "results": [(p, goals.get(p.pk, "")) for p in publications],
            "query": query.urlencode(),
            "templates": TEMPLATES,
        },
    )


@login_required
def publication_detail(request: HttpRequest, pk: int) -> HttpResponse:
    return render(request, "cases/publication.html", _publication_context(request, pk))


@login_required
def publication_pdf(request: HttpRequest, pk: int) -> HttpResponse:
    context = _publication_context(request, pk)
    filename = pdf_filename(context["publication"].title)
    publication = context["publication"]
    return pdf_response(
        request,
        "cases/publication.html",
        context,
        filename=filename,
        unchanging=f"publication:{publication.pk}:{publication.version}",
    )


def _publication_context(request: HttpRequest, pk: int) -> dict[str, Any]:
    publication = case_access.publication_for_member(request.user, pk)
    cycle = TEMPLATES[publication.template]
    snapshot = publication.snapshot
    steps = [(cycle.step(entry["number"]), entry) for entry in snapshot["steps"]]
    hypothesis_labels = dict(HypothesisStatus.choices)
    source_labels = dict(DataSourceKind.choices)
    return {
        "publication": publication,
        "snapshot": snapshot,
        # A step the team wrote about gets a card; the others are listed in one line.
        "steps": [(step, entry) for step, entry in steps if entry["narrative_html"]],
        "unwritten_steps": [(step, entry) for step, entry in steps if not entry["narrative_html"]],
        "hypotheses": [
            {**h, "status_label": hypothesis_labels.get(h["status"], h["status"])}
            for h in snapshot.get("hypotheses", [])
        ],
        "data_sources": [
            {**source, "kind_label": source_labels.get(source["kind"], source["kind"])}
            for source in snapshot.get("data_sources", [])
        ],
        "cycle": cycle,
        "measures": published_measures(snapshot),
        "method": [
            {**part, "label": Need(part["need"]).label} for part in snapshot.get("method", [])
        ],
    }


@login_required
def discuss_publication(request: HttpRequest, pk: int) -> HttpResponse:
    """Open (or join) the room where the publication's networks discuss the case."""
    if request.method != "POST":
        raise Http404
    publication = case_access.publication_for_member(request.user, pk)
    network = (
        network_access.networks_for(request.user)
        .filter(publications=publication)
        .order_by("name")
        .first()
    )
    if network is None:
        raise Http404
    room = room_services.open_case_room(
        case=publication.case, network=network, person=person_of(request)
    )
    return redirect("room-detail", pk=room.pk)
