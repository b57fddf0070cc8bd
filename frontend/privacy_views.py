"""The privacy pages: a school's audit log for its leaders, and a person's own data."""

from __future__ import annotations

import json

from django.contrib.auth.decorators import login_required
from django.core.paginator import Paginator
from django.http import HttpRequest, HttpResponse
from django.shortcuts import render
from django.utils import timezone
from django.views.decorators.http import require_http_methods

from frontend.views import person_of
from privacy.models import AuditEvent
from privacy.services import export_person
from schools import access as school_access


@login_required
def audit_log(request: HttpRequest, school_pk: int) -> HttpResponse:
    school = school_access.school_for_leader(request.user, school_pk)
    events = AuditEvent.objects.filter(school=school).select_related("actor")
    action = request.GET.get("action", "")
    if action in AuditEvent.Action.values:
        events = events.filter(action=action)
    page = Paginator(events, 50).get_page(request.GET.get("page"))
    context = {"school": school, "page": page, "actions": AuditEvent.Action.choices}
    return render(request, "privacy/audit_log.html", context | {"action": action})


@login_required
@require_http_methods(["GET", "POST"])
def my_data(request: HttpRequest) -> HttpResponse:
    person = person_of(request)
    if request.method == "POST":
        data = export_person(person)
        response = HttpResponse(
            json.dumps(data, indent=2, ensure_ascii=False, default=str),
            content_type="application/json; charset=utf-8",
        )
        stamp = timezone.localdate().isoformat()
        response["Content-Disposition"] = f'attachment; filename="netwerk-{stamp}.json"'
        return response
    return render(request, "privacy/my_data.html", {"person": person})
