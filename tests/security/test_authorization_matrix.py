"""Every page and every API endpoint, asked by every demo role.

The URL patterns are read from the resolver, so an endpoint added without an entry in
MATRIX fails the test by name. Each entry says which object of school 1 / network A /
teacher1's datateam fills the route and which roles may GET it. Everyone else signed in
gets 404 (never 403, 200 or 500), also when they write to it with an empty body;
anonymous visitors are sent to the login page (pages) or get 401 (API).

School-private data: that school's members and its assigned coaches. Network content: the
network's members. Coordinators manage their network but never see school-private data.
"""

from __future__ import annotations

import datetime
import re
from collections.abc import Iterator
from dataclasses import dataclass, field
from datetime import timedelta
from io import StringIO
from pathlib import Path
from typing import TYPE_CHECKING, Any

from django.conf import settings as django_settings
from django.core.cache import cache
from django.core.files.uploadedfile import SimpleUploadedFile
from django.core.management import call_command
from django.db.models import QuerySet
from django.shortcuts import resolve_url
from django.test import Client
from django.urls import URLPattern, URLResolver, get_resolver
from django.utils import timezone

from capacity.models import Contribution
from casestudies import services as case_services
from casestudies.demo import seed_demo_cases
from casestudies.models import CaseStudy, Dataset, Hypothesis, Measure, Publication
from casestudies.services import datasets as dataset_services
from coaching.models import CoachProfile
from discussions import services as room_services
from discussions.decision_models import Poll
from discussions.models import Message, Proposal, Room
from discussions.services import documents
from leadership.models import Reflection
from meetings.demo import seed_demo_sessions
from meetings.models import AgendaItem, Attendance, Decision, NetworkSession, PresentedCase
from meetings.services.calendar import calendar_feed_of
from netwerk.invitations import hash_token
from netwerk.models import Invitation, InvitedRole, NetworkMembership
from notifications.models import Kind, Notification
from notifications.services import Event, deliver
from schools.models import CoachAssignment, DatateamMembership, SchoolMembership
from tests.conftest import PASSWORD, Demo, client_for

if TYPE_CHECKING:
    from django.test.client import _MonkeyPatchedWSGIResponse as Answer

SIGNED_IN = frozenset(
    {"coordinator", "coach", "internal_coach", "leader1", "teacher1", "quality_officer", "outsider"}
)
ROLES = [*sorted(SIGNED_IN), "anonymous"]
# Network A: its coordinator, its coach and the people of its schools (1, 2, 3, 4).
NETWORK_A = SIGNED_IN - {"outsider"}
# School 1's private data: its members and its assigned coach.
SCHOOL_1 = frozenset({"coach", "leader1", "teacher1", "quality_officer"})
LEADER_1 = frozenset({"leader1"})
# Who plans network A's sessions and records its contributions: coordinator and coach.
PLANNERS_A = frozenset({"coordinator", "coach"})
COORDINATOR_A = frozenset({"coordinator"})
# Who manages school 1's datateams: its leader and its assigned coach.
TEAM_MANAGERS_1 = frozenset({"coach", "leader1"})
TEACHER_1 = frozenset({"teacher1"})
# The coach's profile: the coach, the coordinator of the coach's network and the leaders
# of the schools the coach coaches; feedback comes from those schools' datateam members.
COACH = frozenset({"coach"})
COACH_VIEWERS = frozenset({"coach", "coordinator", "leader1"})
FEEDBACK_GIVERS = frozenset({"leader1", "teacher1", "quality_officer"})
# School 1's leadership reflection: its leaders and datateam members rate, its coach reads.
RATERS_1 = FEEDBACK_GIVERS

# accounts/: allauth's own pages (password, two-factor, sign-on) act on the signed-in person only.
SKIPPED_PREFIXES = ("admin/", "i18n/", "static/", "media/", "accounts/")
SKIPPED_NAMES = {"api-root"}


@dataclass(frozen=True)
class Entry:
    """allowed: who may GET it, or for a route without GET who may act on it.
    sees: who already knows the object exists (the roles that may GET its page or detail):
    for a route without GET they get 405 on GET instead of 404; writing, they get 404 like
    everyone else who may not act. Defaults to `allowed`.
    kwargs: route kwarg -> key in the object table. public: anyone, signed in or not.
    get_status: what GET answers the allowed roles when that is not 2xx."""

    allowed: frozenset[str]
    kwargs: dict[str, str] = field(default_factory=dict)
    sees: frozenset[str] = frozenset()
    public: bool = False
    get_status: int | None = None

    def knows(self, role: str) -> bool:
        return self.public or role in self.allowed or role in self.sees


def entry(
    allowed: frozenset[str],
    sees: frozenset[str] = frozenset(),
    get_status: int | None = None,
    **kwargs: str,
) -> Entry:
    return Entry(allowed, kwargs, sees, get_status=get_status)


PUBLIC = Entry(SIGNED_IN, public=True)
EVERYONE = entry(SIGNED_IN)

MATRIX: dict[str, Entry] = {
    # --- Public -----------------------------------------------------------------------
    "health/": PUBLIC,
    "login/": PUBLIC,
    "api/schema/": PUBLIC,
    "api/docs/": PUBLIC,
    "api/auth/token/": Entry(SIGNED_IN, public=True, get_status=405),  # POST only
    # --- API: one's own ---------------------------------------------------------------
    "api/me/": EVERYONE,
    "api/me/data/": EVERYONE,
    "api/me/todo/": EVERYONE,
    # Each person's own cockpit: the cycles of the schools they coach (none: an empty list).
    "api/coaching/overview/": EVERYONE,
    "api/notification-preferences/": EVERYONE,
    "api/notifications/": EVERYONE,
    "api/notifications/read-all/": EVERYONE,
    "api/notifications/<pk>/": entry(TEACHER_1, pk="notification"),
    "api/notifications/<pk>/read/": entry(TEACHER_1, pk="notification"),
    # --- API: schools, networks, datateams -------------------------------------------
    "api/schools/": EVERYONE,
    "api/schools/<pk>/": entry(NETWORK_A, pk="school1"),
    "api/schools/<pk>/dashboard/": entry(SCHOOL_1, pk="school1"),
    "api/schools/<pk>/dashboard/export/": entry(SCHOOL_1, pk="school1"),
    "api/schools/<school_pk>/memberships/": entry(SCHOOL_1, school_pk="school1"),
    "api/schools/<school_pk>/memberships/<pk>/": entry(
        LEADER_1, SCHOOL_1, school_pk="school1", pk="school_membership"
    ),
    "api/schools/<school_pk>/coaches/": entry(SCHOOL_1, school_pk="school1"),
    "api/schools/<school_pk>/coaches/<pk>/end/": entry(
        LEADER_1, SCHOOL_1, school_pk="school1", pk="coach_assignment"
    ),
    "api/schools/<school_pk>/audit/": entry(LEADER_1, school_pk="school1"),
    "api/networks/": EVERYONE,
    "api/networks/<pk>/": entry(NETWORK_A, pk="network_a"),
    "api/networks/<pk>/coaches/": entry(COORDINATOR_A, NETWORK_A, pk="network_a"),
    "api/networks/<pk>/coordinators/": entry(COORDINATOR_A, NETWORK_A, pk="network_a"),
    "api/networks/<pk>/memberships/": entry(NETWORK_A, pk="network_a"),
    "api/networks/<pk>/dashboard/": entry(NETWORK_A, pk="network_a"),
    "api/networks/<pk>/dashboard/export/": entry(NETWORK_A, pk="network_a"),
    "api/networks/<pk>/evidence/": entry(NETWORK_A, pk="network_a"),
    "api/network-memberships/<pk>/leave/": entry(COORDINATOR_A, NETWORK_A, pk="network_membership"),
    "api/datateams/": EVERYONE,
    "api/datateams/<pk>/": entry(SCHOOL_1, pk="team1"),
    "api/datateams/<pk>/members/": entry(TEAM_MANAGERS_1, SCHOOL_1, pk="team1"),
    "api/datateams/<pk>/members/<member_pk>/": entry(
        TEAM_MANAGERS_1, SCHOOL_1, pk="team1", member_pk="team1_membership"
    ),
    # --- API: datasets, cases, publications -------------------------------------------
    "api/datasets/": EVERYONE,
    "api/datasets/<pk>/": entry(SCHOOL_1, pk="dataset"),
    "api/datasets/<pk>/accept/": entry(LEADER_1, SCHOOL_1, pk="dataset"),
    "api/datasets/<pk>/discard/": entry(SCHOOL_1, pk="dataset"),
    "api/datasets/<pk>/download/": entry(SCHOOL_1, pk="dataset"),
    "api/datasets/<pk>/roles/": entry(SCHOOL_1, pk="dataset"),
    "api/cases/": EVERYONE,
    **{
        f"api/cases/<pk>/{part}": entry(SCHOOL_1, pk="case")
        for part in [
            "",
            "actions/",
            "data-sources/",
            "evaluation/",
            "gate/",
            "goal/",
            "hypotheses/",
            "measures/",
            "meetings/",
            "submit/",
        ]
    },
    "api/cases/<pk>/approve/": entry(LEADER_1, SCHOOL_1, pk="case"),
    "api/cases/<pk>/publish/": entry(LEADER_1, SCHOOL_1, pk="case"),
    "api/cases/<pk>/hypotheses/<hypothesis_pk>/": entry(
        SCHOOL_1, pk="case", hypothesis_pk="hypothesis"
    ),
    "api/cases/<pk>/steps/<number>/": entry(SCHOOL_1, pk="case", number="step"),
    **{
        f"api/measures/<pk>/{part}": entry(SCHOOL_1, pk="measure")
        for part in ["", "from-dataset/", "import/", "points/", "run-chart/"]
    },
    "api/publications/": EVERYONE,
    "api/publications/<pk>/": entry(NETWORK_A, pk="publication"),
    "api/publications/<pk>/withdraw/": entry(LEADER_1, NETWORK_A, pk="publication"),
    # --- API: sessions, contributions -------------------------------------------------
    "api/sessions/": EVERYONE,
    "api/sessions/<pk>/": entry(NETWORK_A, pk="session"),
    "api/sessions/<pk>/feedback/": entry(NETWORK_A, pk="session"),
    "api/sessions/<pk>/feedback-summary/": entry(PLANNERS_A, NETWORK_A, pk="session"),
    "api/sessions/<pk>/minutes/": entry(PLANNERS_A, NETWORK_A, pk="session"),
    "api/sessions/<session_pk>/agenda/": entry(NETWORK_A, session_pk="session"),
    "api/sessions/<session_pk>/agenda/<pk>/": entry(
        PLANNERS_A, NETWORK_A, session_pk="session", pk="agenda"
    ),
    "api/sessions/<session_pk>/agenda/<pk>/move/": entry(
        PLANNERS_A, NETWORK_A, session_pk="session", pk="agenda"
    ),
    "api/sessions/<session_pk>/cases/": entry(NETWORK_A, session_pk="session"),
    "api/sessions/<session_pk>/cases/<pk>/": entry(
        PLANNERS_A, NETWORK_A, session_pk="session", pk="presented_case"
    ),
    "api/sessions/<session_pk>/attendance/": entry(NETWORK_A, session_pk="session"),
    "api/sessions/<session_pk>/attendance/<pk>/": entry(
        PLANNERS_A, NETWORK_A, session_pk="session", pk="attendance"
    ),
    "api/sessions/<session_pk>/decisions/": entry(NETWORK_A, session_pk="session"),
    "api/sessions/<session_pk>/decisions/<pk>/": entry(
        PLANNERS_A, NETWORK_A, session_pk="session", pk="decision"
    ),
    "api/sessions/<session_pk>/decisions/<pk>/to-action/": entry(
        NETWORK_A, session_pk="session", pk="decision"
    ),
    "api/contributions/": EVERYONE,
    "api/contributions/<pk>/": entry(NETWORK_A, pk="contribution"),
    # --- API: rooms --------------------------------------------------------------------
    "api/rooms/": EVERYONE,
    **{
        f"api/rooms/<room_id>/{part}": entry(NETWORK_A, room_id="room")
        for part in ["", "members/", "messages/", "proposals/"]
    },
    **{
        f"api/rooms/<room_id>/{part}/": entry(COORDINATOR_A, NETWORK_A, room_id="room")
        for part in ["close", "archive", "reopen"]
    },
    **{
        f"api/rooms/<room_id>/messages/<pk>/{part}": entry(NETWORK_A, room_id="room", pk="message")
        for part in ["", "confirm/", "reactions/", "pin/"]
    },
    **{
        f"api/rooms/<room_id>/proposals/<pk>/{part}": entry(
            NETWORK_A, room_id="room", pk="proposal"
        )
        for part in ["", "endorse/", "worked-out/", "adopt/", "evaluate/", "versions/"]
    },
    # --- API: decisions, topics and moderation in rooms ----------------------------------
    **{
        f"api/rooms/<room_id>/{part}": entry(NETWORK_A, room_id="room")
        for part in ["polls/", "topics/", "topics/resolve/", "topics/mute/"]
    },
    **{
        f"api/rooms/<room_id>/polls/<pk>/{part}": entry(NETWORK_A, room_id="room", pk="poll")
        for part in ["", "vote/", "close/"]
    },
    "api/rooms/<room_id>/messages/<pk>/report/": entry(NETWORK_A, room_id="room", pk="message"),
    "api/rooms/<room_id>/messages/<pk>/hide/": entry(COORDINATOR_A, room_id="room", pk="message"),
    **{
        f"api/rooms/<room_id>/{part}": entry(COORDINATOR_A, room_id="room")
        for part in ["topics/move/", "moderation/"]
    },
    "api/rooms/<room_id>/members/<person_id>/remove/": entry(
        COORDINATOR_A, room_id="room", person_id="room_member"
    ),
    "api/rooms/<room_id>/proposals/<pk>/versions/<version_id>/restore/": entry(
        NETWORK_A, room_id="room", pk="proposal", version_id="proposal_version"
    ),
    # --- API: coach profiles and leadership reflection ---------------------------------
    "api/competencies/": EVERYONE,
    "api/leadership-blocks/": EVERYONE,
    "api/coach-profiles/": EVERYONE,
    "api/coach-profiles/<pk>/": entry(COACH_VIEWERS, pk="coach_profile"),
    "api/coach-profiles/<pk>/growth/": entry(COACH_VIEWERS, pk="coach_profile"),
    "api/coach-profiles/<pk>/self-assessments/": entry(COACH_VIEWERS, pk="coach_profile"),
    "api/coach-profiles/<pk>/evidence/": entry(COACH, COACH_VIEWERS, pk="coach_profile"),
    "api/coach-profiles/<pk>/feedback/": entry(FEEDBACK_GIVERS, COACH_VIEWERS, pk="coach_profile"),
    "api/schools/<school_pk>/leadership/": entry(SCHOOL_1, school_pk="school1"),
    "api/schools/<school_pk>/leadership/trends/": entry(SCHOOL_1, school_pk="school1"),
    "api/schools/<school_pk>/leadership/<period>/": entry(
        SCHOOL_1, school_pk="school1", period="period"
    ),
    "api/schools/<school_pk>/leadership/<period>/ratings/": entry(
        RATERS_1, SCHOOL_1, school_pk="school1", period="period"
    ),
    **{
        f"api/schools/<school_pk>/leadership/<period>/{part}/": entry(
            LEADER_1, SCHOOL_1, school_pk="school1", period="period"
        )
        for part in ["open", "discussion", "essentials"]
    },
    # --- Pages --------------------------------------------------------------------------
    "": EVERYONE,
    "logout/": Entry(SIGNED_IN, public=True, get_status=405),  # POST only
    "profiel/": EVERYONE,
    # Who invites: a school's leader (its staff, a coach), a coordinator (member schools' leaders).
    "uitnodigingen/": entry(LEADER_1 | COORDINATOR_A),
    "uitnodiging/<token>/": Entry(SIGNED_IN, {"token": "invitation_token"}, public=True),
    "mijn-gegevens/": EVERYONE,
    "meldingen/": EVERYONE,
    "meldingen/instellingen/": EVERYONE,
    "netwerken/": EVERYONE,
    "netwerken/<pk>/": entry(NETWORK_A, pk="network_a"),
    "netwerken/<network_pk>/bijeenkomsten/": entry(NETWORK_A, network_pk="network_a"),
    "netwerken/<network_pk>/bijeenkomsten/nieuw/": entry(PLANNERS_A, network_pk="network_a"),
    "netwerken/<network_pk>/bijdragen/": entry(NETWORK_A, network_pk="network_a"),
    "netwerken/<network_pk>/dashboard/": entry(NETWORK_A, network_pk="network_a"),
    "netwerken/<network_pk>/dashboard/export.<fmt>": entry(
        NETWORK_A, network_pk="network_a", fmt="xlsx"
    ),
    "netwerken/<network_pk>/bibliotheek/": entry(NETWORK_A, network_pk="network_a"),
    "netwerken/<network_pk>/wat-werkte-waar/": entry(NETWORK_A, network_pk="network_a"),
    "netwerken/<network_pk>/wat-werkte-waar/export.<fmt>": entry(
        NETWORK_A, network_pk="network_a", fmt="xlsx"
    ),
    "bijeenkomsten/": EVERYONE,
    "bijeenkomsten/<pk>/": entry(NETWORK_A, pk="session"),
    "bijeenkomsten/<pk>/bewerken/": entry(PLANNERS_A, pk="session"),
    "bijeenkomsten/<pk>/agenda.ics": entry(NETWORK_A, pk="session"),
    "bijeenkomsten/<pk>/notulen.pdf": entry(NETWORK_A, pk="session"),
    # A calendar app fetches the feed without a login: its secret address stands in for one.
    "bijeenkomsten/agenda/<token>.ics": Entry(SIGNED_IN, {"token": "feed_token"}, public=True),
    # POST only: a signed-in person gives their own feed a new address.
    "bijeenkomsten/agenda/vernieuwen/": entry(SIGNED_IN, get_status=405),
    # Opening a room is a POST; GET finds nothing, for anyone.
    "bijeenkomsten/<pk>/ruimte/": entry(NETWORK_A, get_status=404, pk="session"),
    "bijdragen/regels/": EVERYONE,
    "ruimtes/": EVERYONE,
    "ruimtes/<pk>/": entry(NETWORK_A, pk="room"),
    "scholen/": EVERYONE,
    "scholen/nieuw/": entry(COORDINATOR_A),
    "scholen/<pk>/": entry(NETWORK_A, pk="school1"),
    "scholen/<school_pk>/dashboard/": entry(SCHOOL_1, school_pk="school1"),
    "scholen/<school_pk>/dashboard/export.<fmt>": entry(SCHOOL_1, school_pk="school1", fmt="xlsx"),
    "scholen/<school_pk>/datasets/": entry(SCHOOL_1, school_pk="school1"),
    "scholen/<school_pk>/logboek/": entry(LEADER_1, school_pk="school1"),
    "datateams/": EVERYONE,
    "datateams/<pk>/": entry(SCHOOL_1, pk="team1"),
    "datateams/<datateam_pk>/casus/": entry(SCHOOL_1, datateam_pk="team1"),
    "casussen/<pk>/": entry(SCHOOL_1, pk="case"),
    "metingen/<pk>/": entry(SCHOOL_1, pk="measure"),
    "publicaties/<pk>/": entry(NETWORK_A, pk="publication"),
    "publicaties/<pk>/pdf/": entry(NETWORK_A, pk="publication"),
    "publicaties/<pk>/bespreken/": entry(NETWORK_A, get_status=404, pk="publication"),
    "datasets/<pk>/": entry(SCHOOL_1, pk="dataset"),
    "datasets/<pk>/status/": entry(SCHOOL_1, pk="dataset"),
    "datasets/<pk>/download/": entry(SCHOOL_1, pk="dataset"),
    "coach/": EVERYONE,
    "datacoaches/": EVERYONE,
    "datacoaches/<pk>/": entry(COACH_VIEWERS, pk="coach_profile"),
    "datacoaches/<pk>/zelfevaluatie/": entry(COACH, pk="coach_profile"),
    "datacoaches/<pk>/feedback/": entry(FEEDBACK_GIVERS, pk="coach_profile"),
    "scholen/<school_pk>/leiderschap/": entry(SCHOOL_1, school_pk="school1"),
    "scholen/<school_pk>/leiderschap/<period>/": entry(
        SCHOOL_1, school_pk="school1", period="period"
    ),
}


# --- Reading the URL patterns ----------------------------------------------------------


@dataclass(frozen=True)
class Route:
    key: str  # the route with every parameter as <name>, e.g. "api/cases/<pk>/goal/"
    name: str
    write_methods: tuple[str, ...]  # the methods besides GET a stranger must get 404 on
    has_get: bool

    @property
    def is_api(self) -> bool:
        return self.key.startswith("api/")


def _plain(pattern: str) -> str:
    pattern = pattern.removeprefix("^").removesuffix("$")
    pattern = re.sub(r"\(\?P<(\w+)>[^)]*\)", r"<\1>", pattern)
    return re.sub(r"<(?:\w+:)?(\w+)>", r"<\1>", pattern).replace("\\.", ".")


def _methods(pattern: URLPattern) -> tuple[str, ...]:
    """The methods a route answers. Function views (the pages) answer GET and their forms
    POST; class-based views exactly the methods they map and permit."""
    callback = pattern.callback
    view_class = getattr(callback, "view_class", None) or getattr(callback, "cls", None)
    if view_class is None:
        return ("get", "post")
    permitted = [m for m in view_class.http_method_names if m not in ("head", "options")]
    actions: dict[str, str] | None = getattr(callback, "actions", None)
    if actions is not None:  # a DRF viewset route
        return tuple(m for m in permitted if m in actions)
    return tuple(m for m in permitted if hasattr(view_class, m))


def _walk(resolver: URLResolver, prefix: str = "") -> Iterator[Route]:
    for item in resolver.url_patterns:
        route = prefix + _plain(str(item.pattern))
        if route.startswith(SKIPPED_PREFIXES):
            continue
        if isinstance(item, URLResolver):
            yield from _walk(item, route)
        elif "<format>" not in route and item.name not in SKIPPED_NAMES:
            methods = _methods(item)
            writes = tuple(m for m in methods if m != "get")
            yield Route(route, item.name or "", writes, "get" in methods)


def routes() -> list[Route]:
    return list(_walk(get_resolver()))


# --- The objects that fill the routes ----------------------------------------------------


def seed_everything(demo: Demo) -> None:
    """Everything `manage.py seed_demo` seeds (the same command, so a demo seeding function
    added later is in too), and what it does not
    seed: a dataset and a hypothesis of school 1, a room of network A with a message and a
    proposal, and a notification for teacher1."""
    call_command("seed_demo", password=PASSWORD, stdout=StringIO())
    for role in SIGNED_IN:  # the command set the password again: sessions use the new hash
        getattr(demo, role).refresh_from_db()
    if not Dataset.objects.filter(school=demo.school1).exists():
        export = "leerlingnummer;klas;cijfer\n" + "".join(
            f"{300000 + i};3A;{5 + i % 5}\n" for i in range(20)
        )
        dataset = dataset_services.upload_dataset(
            school=demo.school1,
            person=demo.teacher1,
            uploaded_file=SimpleUploadedFile("leerlingen.csv", export.encode()),
        )
        dataset = dataset_services.analyse_dataset(dataset=dataset)
        roles = dataset.roles | {"leerlingnummer": "pseudonym"}
        dataset_services.confirm_roles(dataset=dataset, roles=roles, k=2, max_suppression=0.2)
        dataset_services.anonymise_dataset(dataset=dataset)
    if not Hypothesis.objects.filter(
        case__datateam=demo.team1, case__measures__isnull=False
    ).exists():
        case = case_services.start_case_study(
            datateam=demo.team1,
            person=demo.teacher1,
            title="Mentorgesprekken in havo 4",
            theme="basic_skills",
            template="datateam_8",
            year_levels="havo 4",
        )
        case_services.add_hypothesis(case=case, statement="Mentoren spreken ouders te laat.")
        case_services.add_measure(
            case=case, name="Gesprekken op tijd", kind="percentage", direction="up"
        )
    room = _room_of_network_a(demo)
    if not Notification.objects.filter(recipient=demo.teacher1).exists():
        reply = Event(kind=Kind.REPLY, key="matrix", title=room.title, url=f"/ruimtes/{room.pk}/")
        deliver(event=reply, recipient_ids=[demo.teacher1.pk])


def invitation_token(demo: Demo) -> str:
    Invitation.objects.create(
        email="new.teacher@example.org",
        school=demo.school1,
        role=InvitedRole.TEACHER,
        invited_by=demo.leader1,
        token_hash=hash_token("matrix-invitation"),
        expires_at=timezone.now() + timedelta(days=1),
    )
    return "matrix-invitation"


def objects(demo: Demo) -> dict[str, object]:
    school1, network_a, team1 = demo.school1, demo.network_a, demo.team1
    parts = (AgendaItem, PresentedCase, Attendance, Decision)
    session = next(
        (
            session
            for session in NetworkSession.objects.filter(network=network_a).order_by("pk")
            if all(part.objects.filter(session=session).exists() for part in parts)
        ),
        None,
    )
    assert session is not None, "the demo has no session of network A with every part"
    case = CaseStudy.objects.filter(
        datateam=team1, hypotheses__isnull=False, measures__isnull=False
    ).first()
    assert case is not None, "the demo has no case of team 1"
    publication = (
        Publication.objects.filter(
            case__datateam__school=school1, networks=network_a, withdrawn_at__isnull=True
        )
        .order_by("-version")
        .first()
    )
    assert publication is not None, "the demo has no publication of school 1 in network A"
    room = _room_of_network_a(demo)
    return {
        "school1": school1.pk,
        "network_a": network_a.pk,
        "team1": team1.pk,
        "team1_membership": pk_of(DatateamMembership.objects.filter(datateam=team1)),
        "school_membership": pk_of(SchoolMembership.objects.filter(school=school1)),
        "coach_assignment": pk_of(CoachAssignment.objects.filter(school=school1)),
        "network_membership": pk_of(
            NetworkMembership.objects.filter(network=network_a, school=school1)
        ),
        "dataset": pk_of(Dataset.objects.filter(school=school1)),
        "case": case.pk,
        "hypothesis": pk_of(Hypothesis.objects.filter(case=case)),
        "measure": pk_of(Measure.objects.filter(case=case)),
        "step": 1,
        "publication": publication.pk,
        "session": session.pk,
        "feed_token": calendar_feed_of(person=demo.teacher1).token,
        "invitation_token": invitation_token(demo),
        "agenda": pk_of(AgendaItem.objects.filter(session=session)),
        "presented_case": pk_of(PresentedCase.objects.filter(session=session)),
        "attendance": pk_of(Attendance.objects.filter(session=session)),
        "decision": pk_of(Decision.objects.filter(session=session)),
        "contribution": pk_of(Contribution.objects.filter(network=network_a)),
        "notification": pk_of(Notification.objects.filter(recipient=demo.teacher1)),
        "room": room.pk,
        "message": pk_of(Message.objects.filter(room=room, held=False)),
        "proposal": pk_of(Proposal.objects.filter(room=room)),
        "poll": pk_of(Poll.objects.filter(room=room)),
        "room_member": demo.teacher2.pk,
        "proposal_version": _proposal_version(room),
        "xlsx": "xlsx",
        "coach_profile": pk_of(CoachProfile.objects.filter(person=demo.coach)),
        "period": _reflected_period(demo),
    }


def _proposal_version(room: Room) -> int:
    """The first version of the shared text of the room's first proposal."""
    proposal = Proposal.objects.filter(room=room).order_by("pk").first()
    assert proposal is not None, "the demo has no proposal in the room of network A"
    document = documents.open_document(room=room, target=proposal)
    return pk_of(document.versions.all())


def _reflected_period(demo: Demo) -> str:
    reflection = Reflection.objects.filter(school=demo.school1).order_by("-period").first()
    assert reflection is not None, "the demo has no leadership reflection of school 1"
    return reflection.period


def pk_of(queryset: QuerySet[Any]) -> int:
    pk = queryset.order_by("pk").values_list("pk", flat=True).first()
    assert pk is not None, f"the demo has no {queryset.model.__name__} to test with"
    return int(pk)


def _room_of_network_a(demo: Demo) -> Room:
    room = Room.objects.filter(network=demo.network_a, kind="theme").order_by("pk").first()
    if room is None:
        room = room_services.open_theme_room(
            network=demo.network_a, person=demo.coordinator, title="Doorstroom havo"
        )
    if not Message.objects.filter(room=room, held=False).exists():
        room_services.post_message(
            room=room, author=demo.teacher1, client_id="matrix-1", body="Wie heeft cijfers?"
        )
    if not Poll.objects.filter(room=room).exists():
        room_services.create_poll(
            room=room,
            author=demo.teacher1,
            kind="proposal",
            title="Mentoruur",
            closes_at=timezone.now() + datetime.timedelta(days=1),
        )
    if not Proposal.objects.filter(room=room).exists():
        room_services.create_proposal(
            room=room, author=demo.teacher1, client_id="matrix-2", title="Mentoruur"
        )
    return room


# --- The test --------------------------------------------------------------------------


def _url(route: Route, entry: Entry, table: dict[str, object]) -> str:
    def fill(match: re.Match[str]) -> str:
        name = match.group(1)
        assert name in entry.kwargs, f"{route.key}: no object declared for <{name}>"
        return str(table[entry.kwargs[name]])

    return "/" + re.sub(r"<(\w+)>", fill, route.key)


def _answers(response: Answer, login: str) -> str:
    """The status, and for a redirect whether it goes to the login page."""
    if response.status_code in (301, 302, 303, 307, 308):
        to_login = response["Location"].split("?")[0] == login
        return f"{response.status_code} to login" if to_login else f"{response.status_code}"
    return str(response.status_code)


def _get_is_right(route: Route, entry: Entry, role: str, got: str) -> tuple[bool, str]:
    status = int(got.split()[0])
    if role == "anonymous" and not entry.public:
        if route.is_api:
            return status == 401, "401"
        return got.endswith("to login"), "redirect to login"
    if not route.has_get:  # the write probe below proves the 404 for strangers
        if entry.knows(role):
            return status == 405, "405"
        return status in (404, 405), "404 or 405"
    if role in entry.allowed or entry.public:
        if entry.get_status is not None:
            return status == entry.get_status, str(entry.get_status)
        return 200 <= status < 300 or (300 <= status < 400 and "login" not in got), "2xx/3xx"
    return status == 404, "404"


def _write_is_right(route: Route, entry: Entry, role: str, got: int) -> tuple[bool, str]:
    # Also who may read the object but not act on it gets 404: the action is not there.
    if route.is_api:  # the API routes are probed only with the methods they map
        return got == 404, "404"
    return got in (404, 405), "404 (405 for a page that takes no POST)"


def _ask(client: Client, method: str, url: str, route: Route) -> Answer:
    cache.clear()  # the API's throttle counts are not what this test is about
    if method == "get":
        return client.get(url)
    if route.is_api:
        return client.generic(method.upper(), url, "", content_type="application/json")
    return client.post(url, {})


def test_every_endpoint_answers_every_role_as_declared(
    demo: Demo, settings: Any, tmp_path: Path
) -> None:
    settings.MEDIA_ROOT = tmp_path / "media"
    seed_everything(demo)
    table = objects(demo)
    found = routes()
    unlisted = sorted(f"{r.key} (name {r.name!r})" for r in found if r.key not in MATRIX)
    assert not unlisted, "endpoints missing from MATRIX, declare who may see them:\n" + (
        "\n".join(unlisted)
    )
    stale = sorted(set(MATRIX) - {r.key for r in found})
    assert not stale, f"MATRIX entries for routes that no longer exist: {stale}"

    login = resolve_url(django_settings.LOGIN_URL)
    mismatches: list[str] = []
    for role in ROLES:
        client = client_for(None if role == "anonymous" else getattr(demo, role))
        for route in found:
            entry = MATRIX[route.key]
            url = _url(route, entry, table)
            got = _answers(_ask(client, "get", url, route), login)
            right, expected = _get_is_right(route, entry, role, got)
            if not right:
                mismatches.append(
                    f"{route.name} GET {url} as {role}: got {got}, expected {expected}"
                )
            if role == "anonymous" or role in entry.allowed or entry.public:
                continue
            for method in route.write_methods:
                status = _ask(client, method, url, route).status_code
                right, expected = _write_is_right(route, entry, role, status)
                if not right:
                    mismatches.append(
                        f"{route.name} {method.upper()} {url} as {role}: got {status}, "
                        f"expected {expected}"
                    )
    assert not mismatches, f"{len(mismatches)} mismatches:\n" + "\n".join(mismatches)


def test_a_stranger_writing_nonsense_gets_404_not_a_validation_error(demo: Demo) -> None:
    """The object is looked up before the body is read: a 400 for a bad body would tell a
    stranger that the case, agenda item or room exists."""
    seed_demo_cases()
    seed_demo_sessions()
    case = CaseStudy.objects.filter(datateam=demo.team1).order_by("pk").first()
    item = AgendaItem.objects.filter(session__network=demo.network_a).order_by("pk").first()
    assert case is not None
    assert item is not None
    room = _room_of_network_a(demo)
    message = pk_of(Message.objects.filter(room=room, held=False))
    outsider = client_for(demo.outsider)
    for path in [
        f"/api/cases/{case.pk}/actions/",
        f"/api/cases/{case.pk}/publish/",
        f"/api/sessions/{item.session_id}/agenda/{item.pk}/move/",
        f"/api/rooms/{room.pk}/messages/",
        f"/api/rooms/{room.pk}/proposals/",
        f"/api/rooms/{room.pk}/messages/{message}/reactions/",
    ]:
        forbidden = outsider.post(path, {"nonsense": True}, content_type="application/json")
        assert forbidden.status_code == 404, (path, forbidden.status_code)
    edit = outsider.patch(
        f"/api/rooms/{room.pk}/messages/{message}/", {}, content_type="application/json"
    )
    assert edit.status_code == 404
