"""Demo network sessions: four a school year in network A and two in network B, from two
school years ago up to a few months ahead, all relative to today. Held sessions have
attendance, minutes, decisions and feedback, recorded through the services so the
contributions ledger counts them. Synthetic only; running it again adds nothing.

Each session is played on its own dates (netwerk.demo_clock): planned some weeks ahead,
with the cases already published by then on its agenda, and held on its day, when the
coordinator records who came, the participants give their feedback and the minutes and
decision are written."""

from __future__ import annotations

import datetime
from dataclasses import dataclass

from django.db import transaction
from django.utils import timezone

from casestudies.models import CaseStudy, Publication
from meetings import services
from meetings.models import DecisionAction, NetworkSession
from netwerk.demo_clock import played_at, played_on
from netwerk.models import LearningNetwork
from schools.models import School, User

MONTHS_NL = [
    "januari",
    "februari",
    "maart",
    "april",
    "mei",
    "juni",
    "juli",
    "augustus",
    "september",
    "oktober",
    "november",
    "december",
]
AHEAD_DAYS = 240
PLANNED_WEEKS_AHEAD = 6


@dataclass(frozen=True)
class Plan:
    month: int
    day: int
    theme: str
    # (title, minutes, "template:step" or "")
    agenda: tuple[tuple[str, int, str], ...]
    decision: str
    follow_up: str
    presents: str = ""  # title of a published demo case presented at this session
    online: bool = False


PLANS_A = (
    Plan(
        10,
        8,
        "Doelen voor het schooljaar",
        (
            ("Welkom en rondje scholen", 15, ""),
            ("Van probleem naar SMART doel", 50, "five_steps:1"),
            ("Wat neemt elke school mee?", 20, ""),
        ),
        "Elke school formuleert voor de volgende bijeenkomst één SMART doel.",
        "SMART doel formuleren en delen in het netwerk",
    ),
    Plan(
        1,
        21,
        "Hypothesen en data",
        (
            ("Casus: begrijpend lezen", 40, "datateam_8:2"),
            ("Welke data hebben we al?", 40, "five_steps:2"),
            ("Afspraken", 15, ""),
        ),
        "We gebruiken eerst de data die de school al heeft, voordat we nieuwe verzamelen.",
        "Overzicht maken van beschikbare data per doel",
        presents="Begrijpend lezen in groep 6 tot en met 8",
        online=True,
    ),
    Plan(
        3,
        18,
        "Analyseren en concluderen",
        (
            ("Analyses bespreken in duo's", 50, "five_steps:3"),
            ("Casus: zittenblijven in havo 4", 40, "five_steps:4"),
            ("Afspraken", 15, ""),
        ),
        "Elke analyse vermeldt het aantal leerlingen per groep.",
        "Analyses nalopen op groepsgrootte",
        presents="Minder zittenblijvers in havo 4",
    ),
    Plan(
        6,
        10,
        "Terugblik: wat heeft gewerkt?",
        (
            ("Evalueren: is het doel gehaald?", 45, "five_steps:5"),
            ("Terugblik op het jaar", 40, ""),
            ("Vooruitblik", 20, ""),
        ),
        "Scholen die hun doel haalden, delen hun aanpak als casus in de bibliotheek.",
        "Aanpak beschrijven als casus voor het netwerk",
        presents="Begrijpend lezen in groep 6 tot en met 8",
    ),
)
PLANS_B = (
    Plan(
        11,
        12,
        "Leesbeleid op school",
        (
            ("Wat meten we bij begrijpend lezen?", 45, "five_steps:2"),
            ("Uitwisseling tussen scholen", 45, ""),
        ),
        "We vergelijken de leestoetsen die de scholen gebruiken.",
        "Leestoetsen en afnamemomenten in kaart brengen",
    ),
    Plan(
        4,
        22,
        "Van toetsresultaat naar actie",
        (
            ("Resultaten duiden", 45, "five_steps:3"),
            ("Acties kiezen", 45, "five_steps:4"),
        ),
        "Elke school kiest één leesactie voor het volgende trimester.",
        "Eén leesactie plannen voor het volgende trimester",
        online=True,
    ),
)

PEOPLE_A = [
    "leader1",
    "teacher1",
    "s1_teacher_a",
    "s1_quality",
    "leader2",
    "teacher2",
    "s2_teacher_a",
    "leader3",
    "s3_coach",
    "leader4",
    "coach",
]
PEOPLE_B = ["leader5", "outsider", "leader6"]
COMMENTS = [
    "Fijn om te horen hoe een andere school dit aanpakt.",
    "Graag meer tijd voor het werken in duo's.",
    "De casus maakte het concreet; dit nemen we mee naar ons datateam.",
    "",
]


@transaction.atomic
def seed_demo_sessions() -> None:
    people = {user.username: user for user in User.objects.all()}
    network_a = LearningNetwork.objects.filter(coordinators__username="coordinator").first()
    network_b = LearningNetwork.objects.filter(coordinators__username="coordinator_b").first()
    if network_a is None or network_b is None:
        return
    for index, (day, plan) in enumerate(_calendar(PLANS_A)):
        _session(network_a, day, plan, index, people["coordinator"], people, PEOPLE_A)
    for index, (day, plan) in enumerate(_calendar(PLANS_B)):
        _session(network_b, day, plan, index, people["coordinator_b"], people, PEOPLE_B)
    _take_up_latest_decision(network_a, people["leader1"])


def _calendar(plans: tuple[Plan, ...]) -> list[tuple[datetime.date, Plan]]:
    """The sessions from two school years before this one up to AHEAD_DAYS from today."""
    today = timezone.localdate()
    this_year = today.year if today.month >= 8 else today.year - 1
    days = []
    for start in range(this_year - 2, this_year + 1):
        for plan in plans:
            day = datetime.date(start if plan.month >= 8 else start + 1, plan.month, plan.day)
            if day <= today + datetime.timedelta(days=AHEAD_DAYS):
                days.append((day, plan))
    return sorted(days, key=lambda entry: entry[0])


def _session(
    network: LearningNetwork,
    day: datetime.date,
    plan: Plan,
    index: int,
    planner: User,
    people: dict[str, User],
    pool: list[str],
) -> None:
    title = f"{plan.theme} ({MONTHS_NL[day.month - 1]} {day.year})"
    if NetworkSession.objects.filter(network=network, title=title).exists():
        return
    starts = timezone.make_aware(datetime.datetime.combine(day, datetime.time(15, 0)))
    ends = starts + datetime.timedelta(hours=2)
    host = _host(network, index)
    with played_at(played_on(day - datetime.timedelta(weeks=PLANNED_WEEKS_AHEAD))):
        session = services.plan_session(
            network=network,
            title=title,
            starts_at=starts,
            ends_at=ends,
            created_by=planner,
            location="" if plan.online else f"{host.name}, {host.region}",
            online_url=(
                f"https://meet.example.org/netwerk-{network.pk}-{index}" if plan.online else ""
            ),
            host_school=None if plan.online else host,
            facilitators=[planner],
        )
        for item_title, minutes, step in plan.agenda:
            template, _sep, number = step.partition(":")
            services.add_agenda_item(
                session=session,
                title=item_title,
                duration_minutes=minutes,
                cycle_template=template,
                cycle_step=int(number) if number else None,
            )
    # The agenda is final a week ahead: a case published by then is presented.
    with played_at(played_on(day - datetime.timedelta(weeks=1))):
        _present(session, plan)
    if ends <= timezone.now():
        with played_at(min(ends + datetime.timedelta(minutes=30), timezone.now())):
            services.update_session(session=session, changes={"status": NetworkSession.Status.HELD})
            _hold(session, plan, index, planner, [people[name] for name in pool])


def _host(network: LearningNetwork, index: int) -> School:
    schools = list(
        School.objects.filter(
            network_memberships__network=network, network_memberships__left_on__isnull=True
        ).order_by("name")
    )
    return schools[index % len(schools)]


def _present(session: NetworkSession, plan: Plan) -> None:
    publication = (
        Publication.objects.filter(
            title=plan.presents,
            networks=session.network,
            withdrawn_at__isnull=True,
            published_at__lte=timezone.now(),
        )
        .order_by("-version")
        .first()
    )
    if plan.presents and publication is not None:
        services.present_case(
            session=session, publication=publication, agenda_item=session.agenda_items.first()
        )


def _hold(session: NetworkSession, plan: Plan, index: int, planner: User, pool: list[User]) -> None:
    attendees = [person for n, person in enumerate(pool) if (n + index) % 4 != 0]
    for person in attendees:
        services.record_attendance(session=session, person=person)
    for n, person in enumerate(attendees):
        if (n + index) % 3 == 2:
            continue
        services.give_feedback(
            session=session,
            person=person,
            usefulness=3 + (n + index) % 3,
            motivation=3 + (n * 2 + index) % 3,
            comment=COMMENTS[(n + index) % len(COMMENTS)],
        )
    items = "\n".join(f"- **{item.title}**" for item in session.agenda_items.all())
    services.write_minutes(
        session=session,
        person=planner,
        minutes=(
            f"## {plan.theme}\n\n{len(attendees)} deelnemers.\n\n### Besproken\n\n{items}\n\n"
            f"### Afspraak\n\n{plan.decision}\n"
        ),
    )
    services.record_decision(
        session=session,
        person=planner,
        text=plan.decision,
        follow_up=plan.follow_up,
        due_date=timezone.localdate(session.starts_at) + datetime.timedelta(days=42),
    )


def _take_up_latest_decision(network: LearningNetwork, leader: User) -> None:
    """The leader of school 1 puts the latest decision in their running case's plan."""
    case = CaseStudy.objects.filter(
        title="Minder zittenblijvers in havo 4", evaluation__isnull=True
    ).first()
    session = (
        NetworkSession.objects.filter(network=network, decisions__isnull=False)
        .order_by("-starts_at")
        .first()
    )
    if case is None or session is None:
        return
    decision = session.decisions.first()
    if decision is None or DecisionAction.objects.filter(decision=decision).exists():
        return
    # A week after the session, with the decision's own suggested due date.
    taken_on = timezone.localdate(session.starts_at) + datetime.timedelta(days=7)
    with played_at(played_on(min(taken_on, timezone.localdate()), 15)):
        services.take_up_decision(decision=decision, case=case, person=leader)
