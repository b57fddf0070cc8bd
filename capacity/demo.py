"""The demo networks' contributions, none of them written here: the ledger derives every
row from what the other demo seeds played through the services on their own dates
(publications, attendance, feedback, cycles evaluated), and from what this module plays:
proposals in a room, endorsed and adopted across schools into cycles they chose (two of
those cycles evaluated, so their measured outcome shows on the proposal), and the
handful of contributions a coordinator records by hand, on the day, through the form's
own service. Synthetic only; running it again adds nothing."""

from __future__ import annotations

import datetime
from dataclasses import dataclass

from django.core.cache import cache
from django.db import transaction
from django.utils import timezone

from capacity.models import Contribution
from capacity.rules import Category
from capacity.services import record_manual_contribution
from casestudies import services as case_services
from casestudies.models import CaseStudy
from discussions import services as room_services
from discussions.models import Proposal, Room
from netwerk.demo_clock import played_at, played_on, school_year_ago
from netwerk.models import LearningNetwork
from schools.models import School, User

ROOM_TITLE = "Oplossingen die we van elkaar overnemen"
REPLIES = [
    "Goed idee. Dat leggen we volgende week voor aan ons datateam.",
    "Hoe meten jullie of het werkt? Dan kunnen wij dezelfde maat gebruiken.",
    "Dit sluit aan bij wat wij in onze analyse vonden. We doen mee.",
    "Hoeveel tijd kost het de mentoren per week?",
]
HAVO4 = "Minder zittenblijvers in havo 4"


@dataclass(frozen=True)
class DemoAdoption:
    """A school takes a proposal into one of its running cycles (casestudies.demo) on
    `adopted_on`, the action starting `starts_on`; an evaluated cycle sends its measured
    outcome back."""

    school: str
    case: str
    adopted_on: datetime.date
    starts_on: datetime.date | None = None
    evaluate: bool = False


@dataclass(frozen=True)
class DemoProposal:
    author: str
    title: str
    posted_on: datetime.date
    endorser: str
    adoption: DemoAdoption


@dataclass(frozen=True)
class DemoEntry:
    """What a coordinator saw that the platform cannot, recorded by hand."""

    school: str
    occurred_on: datetime.date
    description: str
    category: str = ""
    rule: str = "manual"


def _weeks_ago(weeks: int, days: int = 0) -> datetime.date:
    return timezone.localdate() - datetime.timedelta(weeks=weeks, days=days)


def _proposals() -> list[DemoProposal]:
    """In the order they were posted: two last school year, two this one (the action of
    the mentor hour and of the reading buddies start when casestudies.demo's measures
    expect them)."""
    last = school_year_ago(1)
    return [
        DemoProposal(
            "teacher2",
            "Tien minuten leesstrategieën in elke les",
            datetime.date(last, 11, 10),
            "s3_coach",
            DemoAdoption("12AB", HAVO4, datetime.date(last, 12, 1)),
        ),
        DemoProposal(
            "s3_coach",
            "Klassenraad bespreekt doorstroom al in maart",
            datetime.date(last + 1, 2, 9),
            "teacher1",
            DemoAdoption("12AB", HAVO4, datetime.date(last + 1, 3, 2)),
        ),
        DemoProposal(
            "s3_coach",
            "Elke week samen lezen met een leesmaatje uit een hogere groep",
            _weeks_ago(16),
            "leader1",
            DemoAdoption(
                "23CD", "Leestempo in groep 5", _weeks_ago(11, 3), _weeks_ago(11), evaluate=True
            ),
        ),
        DemoProposal(
            "teacher1",
            "Wekelijks mentoruur bij twee onvoldoendes",
            _weeks_ago(13),
            "teacher2",
            DemoAdoption(
                "012345",
                "Doorstroom in de eerste graad",
                _weeks_ago(12, 3),
                _weeks_ago(12),
                evaluate=True,
            ),
        ),
    ]


def _entries() -> list[DemoEntry]:
    """A handful over the two school years, each for the network its school is in."""
    first, last = school_year_ago(2), school_year_ago(1)
    return [
        DemoEntry(
            "012345",
            datetime.date(first + 1, 3, 20),
            "An Maes rondde de opleiding tot interne datacoach af",
            rule="coach_trained",
        ),
        DemoEntry(
            "23CD",
            datetime.date(first + 1, 5, 13),
            "Kritische vriend bij de tussenevaluatie van het Sint-Jozefinstituut",
            Category.MOTIVATION,
        ),
        DemoEntry(
            "12AB",
            datetime.date(last, 11, 26),
            "Werkwijze voor een leerlingenarena gedeeld met de partnerscholen",
            Category.KNOWLEDGE,
        ),
        DemoEntry(
            "012345",
            datetime.date(last + 1, 5, 20),
            "Tweede datateam gestart, begeleid door het eerste",
            Category.CAPACITY,
        ),
        DemoEntry(
            "123456",
            datetime.date(first + 1, 1, 28),
            "Leestoetsen van beide scholen naast elkaar gelegd",
            Category.KNOWLEDGE,
        ),
        DemoEntry(
            "045678",
            datetime.date(last + 1, 2, 17),
            "Samen een leesrubric voor het eerste jaar uitgewerkt",
            Category.COCREATION,
        ),
    ]


@transaction.atomic
def seed_demo_contributions() -> None:
    for network in LearningNetwork.objects.order_by("pk"):
        _proposals_adopted(network)
        _recorded_by_hand(network)


def _proposals_adopted(network: LearningNetwork) -> None:
    people = {user.username: user for user in User.objects.all()}
    coordinator = network.coordinators.order_by("pk").first()
    members = set(network.memberships.active().values_list("school__code", flat=True))
    if coordinator is None or not {"12AB", "23CD"} <= members:
        return
    if Room.objects.filter(network=network, title=ROOM_TITLE).exists():
        return
    proposals = _proposals()
    with played_at(played_on(proposals[0].posted_on - datetime.timedelta(weeks=3))):
        room = room_services.open_theme_room(network=network, person=coordinator, title=ROOM_TITLE)
    for number, demo in enumerate(proposals):
        cache.clear()  # the posting rate limit: a demo posts faster than a person
        with played_at(played_on(demo.posted_on, 19)):
            idea = room_services.post_message(
                room=room,
                author=people[demo.author],
                client_id=f"demo-idea-{number}",
                body=f"Bij ons werkt dit: **{demo.title.lower()}**. Wie wil het ook proberen?",
            ).message
        with played_at(played_on(demo.posted_on, 20)):
            proposal = room_services.create_proposal(
                room=room,
                author=people[demo.author],
                client_id=f"demo-{number}",
                title=demo.title,
                from_message=idea.pk,
            ).proposal
        with played_at(played_on(demo.posted_on + datetime.timedelta(days=1), 16)):
            room_services.post_message(
                room=room,
                author=people[demo.endorser],
                client_id=f"demo-reply-{number}",
                body=REPLIES[number % len(REPLIES)],
                reply_to=idea.pk,
            )
        with played_at(played_on(demo.posted_on + datetime.timedelta(days=2), 9)):
            room_services.endorse_proposal(proposal=proposal, person=people[demo.endorser])
        _adopt(proposal, demo.adoption)


def _adopt(proposal: Proposal, adoption: DemoAdoption) -> None:
    school = School.objects.get(code=adoption.school)
    leader = User.objects.filter(
        school_memberships__school=school, school_memberships__role="leader"
    ).first()
    case = CaseStudy.objects.filter(datateam__school=school, title=adoption.case).first()
    if leader is None or case is None:
        return
    with played_at(played_on(adoption.adopted_on, 13)):
        room_services.adopt_proposal(
            proposal=proposal,
            school_id=school.pk,
            person=leader,
            case=case,
            start_date=adoption.starts_on,
        )
    if adoption.evaluate:  # the outcome reaches the proposal through the evaluation
        with played_at(played_on(_weeks_ago(0, 5), 16)):  # after last week's measurement
            case_services.record_evaluation(
                case=case, reflection="Na de start hebben we elke week gemeten."
            )


def _recorded_by_hand(network: LearningNetwork) -> None:
    coordinator = network.coordinators.order_by("pk").first()
    if coordinator is None:
        return
    members = School.objects.filter(network_memberships__in=network.memberships.active()).distinct()
    for entry in _entries():
        school = members.filter(code=entry.school).first()
        if (
            school is None
            or Contribution.objects.filter(
                network=network, source_key__isnull=True, description=entry.description
            ).exists()
        ):
            continue
        with played_at(played_on(entry.occurred_on, 17)):
            record_manual_contribution(
                network=network,
                recorded_by=coordinator,
                school=school,
                occurred_on=entry.occurred_on,
                description=entry.description,
                category=entry.category,
                rule=entry.rule,
            )
