"""Room pages: the list of rooms and one live room. The live part (messages, presence,
proposals) is drawn by static/frontend/js/room.js from what the server sends."""

from __future__ import annotations

import json
from typing import Any

from django import forms
from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.db.models import QuerySet
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from casestudies.access import (
    datateam_to_start_on,
    publications_visible_to,
    running_cases_of_school,
)
from discussions import access, services
from discussions.models import RoomStatus
from frontend.views import person_of
from netwerk.access import (
    is_coordinator,
    network_for_coordinator,
    networks_coordinated_by,
    schools_of_person_in_network,
)
from netwerk.models import LearningNetwork
from schools.models import School, User


class ThemeRoomForm(forms.Form):
    # Required, so no empty choice; a coordinator of one network finds it chosen already.
    network = forms.ModelChoiceField(
        queryset=LearningNetwork.objects.none(), label=gettext_lazy("Network"), empty_label=None
    )
    title = forms.CharField(max_length=200, label=gettext_lazy("Theme"))

    def __init__(self, *args: object, networks: QuerySet[LearningNetwork], **kwargs: object):
        super().__init__(*args, **kwargs)  # type: ignore[arg-type]
        field = self.fields["network"]
        field.queryset = networks  # type: ignore[attr-defined]
        if len(networks) == 1:
            field.initial = networks[0].pk


@login_required
def room_list(request: HttpRequest) -> HttpResponse:
    person = person_of(request)
    coordinated = networks_coordinated_by(person)
    form = ThemeRoomForm(request.POST or None, networks=coordinated)
    if request.method == "POST":
        if not coordinated.exists():
            raise Http404
        if form.is_valid():
            network = network_for_coordinator(person, form.cleaned_data["network"].pk)
            room = services.open_theme_room(
                network=network, person=person, title=form.cleaned_data["title"]
            )
            messages.success(request, _("The room has been opened."))
            return redirect("room-detail", pk=room.pk)
    # Archived rooms can still be read: listed apart, below the rooms in use.
    rooms = list(access.rooms_for(person))
    context = {
        "rooms": [room for room in rooms if room.status != RoomStatus.ARCHIVED],
        "archived_rooms": [room for room in rooms if room.status == RoomStatus.ARCHIVED],
        "form": form if coordinated.exists() else None,
    }
    return render(request, "rooms/list.html", context)


def adopt_cycles(person: User, schools: QuerySet[School]) -> list[dict[str, Any]]:
    """Per school the person adopts for: its running cycles they work on (as JSON, for
    the page's script) and whether they may start a new one; the page offers these as the
    cycle a proposal joins."""
    return [
        {
            "school": school,
            "cycles": json.dumps(
                [
                    {"id": case.pk, "title": case.title}
                    for case in running_cases_of_school(person, school.pk)
                ]
            ),
            "can_start": datateam_to_start_on(person, school.pk) is not None,
        }
        for school in schools
    ]


@login_required
def room_detail(request: HttpRequest, pk: int) -> HttpResponse:
    person = person_of(request)
    room = access.room_for_member(person, pk)
    adopting_schools = schools_of_person_in_network(person, room.network)
    publication = (
        publications_visible_to(person).filter(case=room.case_study).first()
        if room.case_study_id
        else None
    )
    context = {
        "room": room,
        "adopting_schools": adopt_cycles(person, adopting_schools),
        "publication": publication,
        "is_coordinator": is_coordinator(person, room.network),
        # The warnings of the person's held drafts come back after a reload.
        "held_drafts": services.held_drafts(room=room, author=person) if room.is_open else [],
        "finding_labels": services.FINDING_LABELS,
    }
    return render(request, "rooms/detail.html", context)
