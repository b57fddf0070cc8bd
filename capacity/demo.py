"""Two school years of contributions for the demo networks (September 2024 to November
2026), so the dashboards show something real: the ledger derived from the demo's cases
and rooms, a few proposals adopted across schools into cycles they chose (two of those
cycles evaluated, so their measured outcome shows on the proposal), and entries by the
coordinator and the coach. Synthetic only; running it again adds nothing."""

from __future__ import annotations

import datetime
import random
from dataclasses import dataclass

from django.core.cache import cache
from django.db import transaction
from django.utils import timezone

from capacity.derivation.history import derive_history
from capacity.ledger import build, record, record_many
from capacity.rules import Category
from casestudies import services as case_services
from casestudies.models import CaseStudy
from discussions import services as room_services
from discussions.models import Proposal, Room
from netwerk.models import LearningNetwork
from schools.models import School, User

START = datetime.date(2024, 9, 1)
END = datetime.date(2026, 11, 20)
ROOM_TITLE = "Oplossingen die we van elkaar overnemen"

# Per category: (rule, typical entries per school per month, descriptions)
ENTRIES: dict[str, tuple[str, float, list[str]]] = {
    Category.MOTIVATION: (
        "manual",
        2.2,
        [
            "Kritische vriend bij de evaluatie van een ander datateam",
            "Bemoedigend bezoek aan een partnerschool die vastliep in stap 3",
            "Samen teruggekeken op een lastige cyclus",
        ],
    ),
    Category.KNOWLEDGE: (
        "manual",
        1.8,
        [
            "Werkwijze voor een leerlingenarena gedeeld",
            "Analyse van doorstroomcijfers toegelicht aan partners",
            "Vragenlijst over welbevinden ter beschikking gesteld",
        ],
    ),
    Category.COCREATION: (
        "manual",
        1.5,
        [
            "Samen een rubric voor lesobservaties uitgewerkt",
            "Gezamenlijke aanpak voor signaleren na periode 1 ontworpen",
        ],
    ),
    Category.CAPACITY: (
        "manual",
        0.7,
        [
            "Datagebruik een vaste plek gegeven in het jaarplan",
            "Tweede datateam gestart met begeleiding door het eerste",
            "Sectievergaderingen bespreken voortaan de eigen cijfers",
        ],
    ),
}


@dataclass(frozen=True)
class DemoAdoption:
    """A school takes a proposal into one of its running cycles (casestudies.demo), the
    action starting `weeks_ago`; an evaluated cycle sends its measured outcome back."""

    school: str
    case: str
    weeks_ago: int | None = None
    evaluate: bool = False


HAVO4 = "Minder zittenblijvers in havo 4"
# (author, adoptions, endorsers, title)
PROPOSALS = [
    (
        "teacher1",
        [DemoAdoption("012345", "Doorstroom in de eerste graad", 12, evaluate=True)],
        ["teacher2"],
        "Wekelijks mentoruur bij twee onvoldoendes",
    ),
    (
        "teacher2",
        [DemoAdoption("12AB", HAVO4)],
        ["s3_coach"],
        "Tien minuten leesstrategieën in elke les",
    ),
    (
        "s3_coach",
        [DemoAdoption("12AB", HAVO4)],
        ["teacher1"],
        "Klassenraad bespreekt doorstroom al in maart",
    ),
    (
        "s3_coach",
        [DemoAdoption("23CD", "Leestempo in groep 5", 11, evaluate=True)],
        ["leader1"],
        "Elke week samen lezen met een leesmaatje uit een hogere groep",
    ),
]


@transaction.atomic
def seed_demo_contributions() -> None:
    for network in LearningNetwork.objects.order_by("pk"):
        _proposals_adopted(network)
        derive_history(network)
        _entries(network)
        _coaches_trained(network)


def _proposals_adopted(network: LearningNetwork) -> None:
    people = {user.username: user for user in User.objects.all()}
    coordinator = network.coordinators.order_by("pk").first()
    members = set(network.memberships.active().values_list("school__code", flat=True))
    if coordinator is None or not {"12AB", "23CD"} <= members:
        return
    if Room.objects.filter(network=network, title=ROOM_TITLE).exists():
        return
    room = room_services.open_theme_room(network=network, person=coordinator, title=ROOM_TITLE)
    for number, (author, adoptions, endorsers, title) in enumerate(PROPOSALS):
        cache.clear()  # the posting rate limit: a demo posts faster than a person
        proposal = room_services.create_proposal(
            room=room, author=people[author], client_id=f"demo-{number}", title=title
        ).proposal
        for endorser in endorsers:
            room_services.endorse_proposal(proposal=proposal, person=people[endorser])
        for adoption in adoptions:
            _adopt(proposal, adoption)


def _adopt(proposal: Proposal, adoption: DemoAdoption) -> None:
    school = School.objects.get(code=adoption.school)
    leader = User.objects.filter(
        school_memberships__school=school, school_memberships__role="leader"
    ).first()
    case = CaseStudy.objects.filter(datateam__school=school, title=adoption.case).first()
    if leader is None or case is None:
        return
    weeks = adoption.weeks_ago
    start = timezone.localdate() - datetime.timedelta(weeks=weeks) if weeks else None
    room_services.adopt_proposal(
        proposal=proposal, school_id=school.pk, person=leader, case=case, start_date=start
    )
    if adoption.evaluate:  # the outcome reaches the proposal through the evaluation
        case_services.record_evaluation(
            case=case, reflection="Na de start hebben we elke week gemeten."
        )


def _entries(network: LearningNetwork) -> None:
    recorders = list(network.coordinators.all()) + list(network.coaches.all())
    schools = list(School.objects.filter(network_memberships__network=network).order_by("pk"))
    if not recorders or not schools:
        return
    chance = random.Random(f"netwerk-demo-{network.name}")  # the same demo every time
    entries = []
    for month_start in _months():
        season = 0.5 if month_start.month in (7, 8) else 1.0  # summer holidays
        for school in schools:
            for category, (rule, mean, descriptions) in ENTRIES.items():
                for number in range(_draw(chance, mean * season)):
                    day = month_start + datetime.timedelta(days=chance.randrange(0, 27))
                    if day > END:
                        continue
                    entries.append(
                        build(
                            rule=rule,
                            category=category,
                            network=network,
                            school=school,
                            recorded_by=chance.choice(recorders),
                            occurred_on=day,
                            description=chance.choice(descriptions),
                            source_key=(
                                f"demo:{network.pk}:{school.pk}:{category}:"
                                f"{month_start:%Y-%m}:{number}"
                            ),
                        )
                    )
    record_many(entries)


def _coaches_trained(network: LearningNetwork) -> None:
    """One internal data coach trained per school, spread over the two school years."""
    recorder = network.coaches.first() or network.coordinators.first()
    schools = School.objects.filter(network_memberships__network=network).order_by("pk")
    for number, school in enumerate(schools):
        record(
            rule="coach_trained",
            network=network,
            school=school,
            recorded_by=recorder,
            occurred_on=datetime.date(2025, 3, 10) + datetime.timedelta(days=150 * number),
            description="Interne datacoach heeft de opleiding afgerond",
            source_key=f"demo:{network.pk}:{school.pk}:coach_trained",
        )


def _months() -> list[datetime.date]:
    months, month = [], START
    while month <= END:
        months.append(month)
        month = (month + datetime.timedelta(days=32)).replace(day=1)
    return months


def _draw(chance: random.Random, mean: float) -> int:
    """A small whole number around `mean`."""
    whole = int(mean)
    return whole + (1 if chance.random() < mean - whole else 0) + chance.choice((-1, 0, 0, 1))
