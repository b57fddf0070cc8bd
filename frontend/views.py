"""Pages. Each follows one script: access helper → form (shape) → service → response."""

from __future__ import annotations

import datetime
from typing import Any

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.db.models import Count, Q
from django.http import Http404, HttpRequest, HttpResponse, HttpResponseRedirect
from django.shortcuts import redirect, render
from django.utils import timezone
from django.utils.translation import gettext as _

from casestudies import access as case_access
from coaching import access as coach_access
from frontend import forms
from netwerk import access as network_access
from netwerk import services as network_services
from netwerk.models import NetworkMembership
from notifications import todo
from schools import access as school_access
from schools import services as school_services
from schools.models import Datateam, School, SchoolMembership, User

RECENT_DAYS = 30


def person_of(request: HttpRequest) -> User:
    assert isinstance(request.user, User)
    return request.user


@login_required
def home(request: HttpRequest) -> HttpResponse:
    person = person_of(request)
    since = timezone.now() - datetime.timedelta(days=RECENT_DAYS)
    networks = network_access.networks_for(person).annotate(
        member_count=Count("memberships", filter=Q(memberships__left_on__isnull=True))
    )
    datateams = school_access.datateams_visible_to(person)
    context = {
        "todo": [
            {
                **item,
                "label": todo.KIND_LABELS.get(item["kind"], ""),
                "due_date": datetime.date.fromisoformat(item["due"]) if item["due"] else None,
            }
            for item in todo.todo_for(person)
        ],
        "coaches": coach_access.schools_coached_by(person).exists(),
        "networks": networks,
        "coordinated": set(
            network_access.networks_coordinated_by(person).values_list("pk", flat=True)
        ),
        "roles": SchoolMembership.objects.filter(person=person).select_related("school"),
        "coached": School.objects.filter(pk__in=school_access.active_coach_school_ids(person)),
        "my_datateams": datateams.filter(memberships__person=person),
        "other_datateams": datateams.exclude(memberships__person=person),
        "new_members": NetworkMembership.objects.filter(
            network__in=networks, joined_on__gte=since.date()
        ).select_related("network", "school")[:10],
        "new_datateams": datateams.filter(created_at__gte=since)[:10],
    }
    return render(request, "home/home.html", context)


@login_required
def network_list(request: HttpRequest) -> HttpResponse:
    networks = network_access.networks_for(request.user).annotate(
        member_count=Count("memberships", filter=Q(memberships__left_on__isnull=True))
    )
    return render(request, "networks/list.html", {"networks": networks})


@login_required
def network_detail(request: HttpRequest, pk: int) -> HttpResponse:
    network = network_access.network_for_member(request.user, pk)
    coordinator = network_access.is_coordinator(request.user, network)
    candidates = School.objects.exclude(pk__in=network.memberships.active().values("school_id"))
    edit = forms.NetworkForm(initial={"name": network.name, "description": network.description})
    join = forms.JoinForm(schools=candidates)
    coach = forms.PersonForm(prefix="coach")
    if request.method == "POST":
        if not coordinator:
            raise Http404
        action = request.POST.get("action")
        if action == "edit":
            edit = forms.NetworkForm(request.POST)
            if forms.submit(edit, lambda d: network_services.update_network(network=network, **d)):
                return _done(request, _("The network has been saved."))
        elif action == "join":
            join = forms.JoinForm(request.POST, schools=candidates)
            if forms.submit(join, lambda d: network_services.join_network(network=network, **d)):
                return _done(request, _("The school has joined the network."))
        elif action == "leave":
            membership = network_access.membership_for_coordinator(
                request.user, request.POST.get("id")
            )
            network_services.leave_network(membership=membership)
            return _done(request, _("The school has left the network."))
        elif action == "add_coach":
            coach = forms.PersonForm(request.POST, prefix="coach")
            if forms.submit(
                coach, lambda d: network_services.add_network_coach(network=network, **d)
            ):
                return _done(request, _("The data coach has been added."))
    context = {
        "network": network,
        "is_coordinator": coordinator,
        "members": network.memberships.active().select_related("school"),
        "former_members": network.memberships.filter(left_on__isnull=False).select_related(
            "school"
        ),
        "edit_form": edit,
        "join_form": join,
        "coach_form": coach,
    }
    return render(request, "networks/detail.html", context)


@login_required
def school_list(request: HttpRequest) -> HttpResponse:
    schools = network_access.schools_visible_to(request.user)
    search = forms.SchoolSearchForm(request.GET)
    query = search.cleaned_data["q"] if search.is_valid() else ""
    if query:
        schools = schools.filter(Q(name__icontains=query) | Q(region__icontains=query))
    context: dict[str, Any] = {
        "schools": schools,
        "query": query,
        "search_errors": search.errors.get("q", []),
        "can_register": network_access.can_register_schools(request.user),
    }
    return render(request, "schools/list.html", context)


@login_required
def school_create(request: HttpRequest) -> HttpResponse:
    if not network_access.can_register_schools(request.user):
        raise Http404
    form = forms.SchoolForm(request.POST or None)
    created: list[School] = []
    if request.method == "POST" and forms.submit(
        form, lambda d: created.append(school_services.create_school(**d))
    ):
        messages.success(request, _("The school has been registered."))
        return redirect("school-detail", pk=created[0].pk)
    return render(request, "schools/form.html", {"form": form})


@login_required
def school_detail(request: HttpRequest, pk: int) -> HttpResponse:
    school = network_access.school_for_viewer(request.user, pk)
    private = school_access.can_see_private_data(request.user, school)
    leader = school_access.can_manage_school(request.user, school)
    team_manager = school_access.can_manage_datateams(request.user, school)
    forms_by_action: dict[str, Any] = {
        "edit": forms.SchoolEditForm(
            initial={"name": school.name, "sector": school.sector, "region": school.region}
        ),
        "add_role": forms.SchoolRoleForm(prefix="role"),
        "assign_coach": forms.CoachForm(prefix="coach"),
        "create_datateam": forms.DatateamForm(prefix="team"),
    }
    if request.method == "POST":
        response = _school_action(request, school, forms_by_action, leader, team_manager)
        if response is not None:
            return response
    context = {
        "school": school,
        "networks": NetworkMembership.objects.active()
        .filter(school=school)
        .select_related("network"),
        "private": private,
        "is_leader": leader,
        "is_team_manager": team_manager,
        "forms": forms_by_action,
    }
    if private:
        context |= {
            "roles": school.memberships.select_related("person").order_by(
                "person__last_name", "role"
            ),
            "coaches": school.coach_assignments.filter(ended_on__isnull=True).select_related(
                "coach"
            ),
            "datateams": school.datateams.annotate(size=Count("memberships")),
        }
    return render(request, "schools/detail.html", context)


def _school_action(
    request: HttpRequest,
    school: School,
    bound: dict[str, Any],
    leader: bool,
    team_manager: bool,
) -> HttpResponse | None:
    action = request.POST.get("action", "")
    allowed = {
        "edit": leader,
        "add_role": leader,
        "remove_role": leader,
        "assign_coach": leader,
        "end_coach": leader,
        "create_datateam": team_manager,
    }
    if not allowed.get(action):
        raise Http404
    if action == "remove_role":
        membership = school_access.get_or_404(school.memberships.all(), request.POST.get("id"))
        school_services.remove_school_role(membership=membership)
        return _done(request, _("The role has been removed."))
    if action == "end_coach":
        assignment = school_access.get_or_404(
            school.coach_assignments.all(), request.POST.get("id")
        )
        school_services.end_coach_assignment(assignment=assignment)
        return _done(request, _("The coach assignment has ended."))
    form_class = type(bound[action])
    form = form_class(request.POST, prefix=bound[action].prefix)
    bound[action] = form
    services = {
        "edit": lambda d: school_services.update_school(school=school, **d),
        "add_role": lambda d: school_services.add_school_role(school=school, **d),
        "assign_coach": lambda d: school_services.assign_coach(school=school, **d),
        "create_datateam": lambda d: school_services.create_datateam(school=school, **d),
    }
    if forms.submit(form, services[action]):
        return _done(request, _("Saved."))
    return None


@login_required
def datateam_list(request: HttpRequest) -> HttpResponse:
    teams = school_access.datateams_visible_to(request.user).annotate(size=Count("memberships"))
    return render(request, "datateams/list.html", {"datateams": teams})


@login_required
def datateam_detail(request: HttpRequest, pk: int) -> HttpResponse:
    team = school_access.datateam_for_member(request.user, pk)
    manager = school_access.can_manage_datateams(request.user, team.school)
    candidates = _team_candidates(team)
    edit = forms.DatateamForm(initial={"name": team.name, "problem": team.problem})
    add = forms.DatateamMemberForm(people=candidates)
    if request.method == "POST":
        team = school_access.datateam_for_manager(request.user, pk)
        action = request.POST.get("action")
        if action == "edit":
            edit = forms.DatateamForm(request.POST)
            if forms.submit(edit, lambda d: school_services.update_datateam(datateam=team, **d)):
                return _done(request, _("The datateam has been saved."))
        elif action == "add_member":
            add = forms.DatateamMemberForm(request.POST, people=candidates)
            if forms.submit(
                add,
                lambda d: school_services.add_datateam_member(
                    datateam=team, person=d["person"], role=d["role"] or None
                ),
            ):
                return _done(request, _("The member has been added."))
        elif action == "remove_member":
            membership = school_access.get_or_404(team.memberships.all(), request.POST.get("id"))
            school_services.remove_datateam_member(membership=membership)
            return _done(request, _("The member has been removed."))
        else:
            raise Http404
    context = {
        "team": team,
        "members": team.memberships.select_related("person"),
        "warnings": school_services.composition_warnings(team),
        "is_manager": manager,
        "cases": team.case_studies.all(),
        "can_start_case": case_access.can_start_case(request.user, team),
        "edit_form": edit,
        "add_form": add,
    }
    return render(request, "datateams/detail.html", context)


def _team_candidates(team: Datateam) -> Any:
    at_school = SchoolMembership.objects.filter(school=team.school).values("person_id")
    coaches = team.school.coach_assignments.filter(ended_on__isnull=True).values("coach_id")
    return (
        User.objects.filter(Q(pk__in=at_school) | Q(pk__in=coaches))
        .exclude(datateam_memberships__datateam=team)
        .order_by("last_name", "first_name")
    )


def _done(request: HttpRequest, message: str) -> HttpResponseRedirect:
    messages.success(request, message)
    return HttpResponseRedirect(request.get_full_path())
