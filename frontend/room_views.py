"""Room pages: the list of rooms and one live room. The live part (messages, presence,
proposals) is drawn by static/frontend/js/room.js from what the server sends."""

from __future__ import annotations

from django import forms
from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from casestudies.access import publications_visible_to
from discussions import access, services
from discussions.models import RoomStatus
from frontend.views import person_of
from netwerk.access import is_coordinator, network_for_coordinator, networks_coordinated_by
from netwerk.models import LearningNetwork, NetworkMembership
from schools.models import School, SchoolMembership


class ThemeRoomForm(forms.Form):
    network = forms.ModelChoiceField(
        queryset=LearningNetwork.objects.none(), label=gettext_lazy("Network")
    )
    title = forms.CharField(max_length=200, label=gettext_lazy("Theme"))


@login_required
def room_list(request: HttpRequest) -> HttpResponse:
    person = person_of(request)
    coordinated = networks_coordinated_by(person)
    form = ThemeRoomForm(request.POST or None)
    form.fields["network"].queryset = coordinated  # type: ignore[attr-defined]
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
    rooms = access.rooms_for(person).exclude(status=RoomStatus.ARCHIVED)
    context = {"rooms": rooms, "form": form if coordinated.exists() else None}
    return render(request, "rooms/list.html", context)


@login_required
def room_detail(request: HttpRequest, pk: int) -> HttpResponse:
    person = person_of(request)
    room = access.room_for_member(person, pk)
    in_network = NetworkMembership.objects.active().filter(network=room.network)
    own = SchoolMembership.objects.filter(person=person)
    adopting_schools = School.objects.filter(pk__in=in_network.values("school_id")).filter(
        pk__in=own.values("school_id")
    )
    publication = (
        publications_visible_to(person).filter(case=room.case_study).first()
        if room.case_study_id
        else None
    )
    context = {
        "room": room,
        "adopting_schools": adopting_schools,
        "publication": publication,
        "is_coordinator": is_coordinator(person, room.network),
    }
    return render(request, "rooms/detail.html", context)
