"""A believable demo network of Dutch and Flemish schools. Synthetic people only.

Run through `manage.py seed_demo`; running it again changes nothing but the passwords.
"""

from __future__ import annotations

import datetime
from dataclasses import dataclass

from django.contrib.auth.hashers import make_password
from django.db import transaction

from netwerk import services as network_services
from netwerk.demo_clock import played_at, played_on
from netwerk.models import LearningNetwork, NetworkMembership
from schools import services as school_services
from schools.models import (
    CoachAssignment,
    Country,
    Datateam,
    DatateamMembership,
    School,
    SchoolMembership,
    SchoolRole,
    Sector,
    User,
)

DEFAULT_PASSWORD = "netwerk-demo"  # noqa: S105 - the documented demo password


@dataclass(frozen=True)
class DemoSchool:
    key: str
    name: str
    country: str
    sector: str
    code: str
    region: str


SCHOOLS = [
    DemoSchool("s1", "Het Baken College", Country.NL, Sector.VO, "12AB", "Utrecht"),
    DemoSchool("s2", "Basisschool De Regenboog", Country.NL, Sector.PO, "23CD", "Amersfoort"),
    DemoSchool("s3", "Sint-Jozefinstituut", Country.BE, Sector.SECUNDAIR, "012345", "Antwerpen"),
    DemoSchool("s4", "Vakcollege Zuid", Country.NL, Sector.MBO, "34EF", "Eindhoven"),
    DemoSchool("s5", "Basisschool De Linde", Country.BE, Sector.BASIS, "123456", "Gent"),
    DemoSchool("s6", "Atheneum Kempen", Country.BE, Sector.SECUNDAIR, "045678", "Turnhout"),
]

# username: (first name, last name, [(school key, role)])
PEOPLE: dict[str, tuple[str, str, list[tuple[str, str]]]] = {
    "coordinator": ("Marieke", "Verhoeven", []),
    "coordinator_b": ("Pieter", "Claes", []),
    "coach": ("Sanne", "de Wit", []),
    "leader1": ("Hendrik", "Bakker", [("s1", SchoolRole.LEADER)]),
    "teacher1": ("Lotte", "Jansen", [("s1", SchoolRole.TEACHER)]),
    "s1_teacher_a": ("Bram", "Visser", [("s1", SchoolRole.TEACHER)]),
    "s1_teacher_b": ("Noor", "El Idrissi", [("s1", SchoolRole.TEACHER)]),
    "s1_teacher_c": ("Daan", "Mulder", [("s1", SchoolRole.TEACHER)]),
    "s1_quality": ("Ilse", "van Dijk", [("s1", SchoolRole.QUALITY_OFFICER)]),
    "leader2": ("Fatma", "Yilmaz", [("s2", SchoolRole.LEADER)]),
    "teacher2": ("Jeroen", "Smit", [("s2", SchoolRole.TEACHER)]),
    "s2_teacher_a": ("Eva", "de Graaf", [("s2", SchoolRole.TEACHER)]),
    "s2_teacher_b": ("Tim", "Bos", [("s2", SchoolRole.TEACHER)]),
    "s2_teacher_c": ("Anouk", "Meijer", [("s2", SchoolRole.TEACHER)]),
    "leader3": ("Wim", "Peeters", [("s3", SchoolRole.LEADER)]),
    "s3_coach": ("An", "Maes", [("s3", SchoolRole.INTERNAL_COACH), ("s3", SchoolRole.TEACHER)]),
    "s3_teacher_a": ("Lies", "Janssens", [("s3", SchoolRole.TEACHER)]),
    "leader4": ("Karin", "Hendriks", [("s4", SchoolRole.LEADER)]),
    "outsider": ("Jonas", "Wouters", [("s5", SchoolRole.TEACHER)]),
    "leader5": ("Els", "Willems", [("s5", SchoolRole.LEADER)]),
    "leader6": ("Koen", "Goossens", [("s6", SchoolRole.LEADER)]),
}

COACHING = [("coach", "s1"), ("coach", "s2")]

NETWORKS = [
    (
        "Lerend netwerk Datagebruik Midden",
        "Scholen uit Nederland en Vlaanderen die samen werken aan datagebruik: "
        "zittenblijven, doorstroom en begrijpend lezen.",
        ["coordinator"],
        ["coach"],
        ["s1", "s2", "s3", "s4"],
    ),
    (
        "Leesnetwerk Vlaanderen",
        "Basisscholen en secundaire scholen rond begrijpend lezen en taalvaardigheid.",
        ["coordinator_b"],
        [],
        ["s5", "s6"],
    ),
]

DATATEAMS = [
    (
        "s1",
        "Datateam zittenblijven havo 4",
        "Te veel leerlingen blijven zitten in havo 4.",
        ["leader1", "teacher1", "s1_teacher_a", "s1_teacher_b", "s1_teacher_c", "s1_quality"],
    ),
    (
        "s2",
        "Datateam begrijpend lezen",
        "De resultaten begrijpend lezen in groep 6 tot en met 8 blijven achter.",
        ["leader2", "teacher2", "s2_teacher_a", "s2_teacher_b", "s2_teacher_c"],
    ),
    (
        "s3",
        "Datateam doorstroom eerste graad",
        "Te veel leerlingen krijgen een B- of C-attest in het tweede jaar.",
        ["leader3", "s3_coach", "s3_teacher_a"],
    ),
]

NETWORK_START = datetime.date(2024, 9, 1)


@transaction.atomic
def seed_demo(*, password: str = DEFAULT_PASSWORD) -> None:
    # The schools, people, networks and datateams are there from the network's first day,
    # so that nothing of them is "new" on the home pages of today.
    with played_at(played_on(NETWORK_START, 9)):
        _seed_people_and_teams(password)


def _seed_people_and_teams(password: str) -> None:
    schools = {demo.key: _school(demo) for demo in SCHOOLS}
    # One hash for every demo account: hashing 20 passwords separately takes seconds.
    password_hash = make_password(password)
    people = {name: _person(name, details, password_hash) for name, details in PEOPLE.items()}
    for username, (_, _, roles) in PEOPLE.items():
        for school_key, role in roles:
            if not SchoolMembership.objects.filter(
                person=people[username], school=schools[school_key], role=role
            ).exists():
                school_services.add_school_role(
                    school=schools[school_key], person=people[username], role=role
                )
    for coach, school_key in COACHING:
        if not CoachAssignment.objects.filter(
            coach=people[coach], school=schools[school_key], ended_on__isnull=True
        ).exists():
            school_services.assign_coach(
                coach=people[coach], school=schools[school_key], started_on=NETWORK_START
            )
    for name, description, coordinators, coaches, members in NETWORKS:
        _network(
            name,
            description,
            [people[u] for u in coordinators],
            [people[u] for u in coaches],
            [schools[k] for k in members],
        )
    for school_key, name, problem, members in DATATEAMS:
        _datateam(schools[school_key], name, problem, [people[u] for u in members])


def _school(demo: DemoSchool) -> School:
    existing = School.objects.filter(country=demo.country, code=demo.code).first()
    if existing is not None:
        return existing
    return school_services.create_school(
        name=demo.name,
        country=demo.country,
        sector=demo.sector,
        code=demo.code,
        region=demo.region,
    )


def _person(username: str, details: tuple[str, str, object], password_hash: str) -> User:
    first_name, last_name, _ = details
    person, _created = User.objects.get_or_create(
        username=username,
        defaults={
            "first_name": first_name,
            "last_name": last_name,
            "email": f"{username}@demo.netwerk.invalid",
        },
    )
    person.password = password_hash
    person.save(update_fields=["password"])
    return person


def _network(
    name: str,
    description: str,
    coordinators: list[User],
    coaches: list[User],
    members: list[School],
) -> LearningNetwork:
    network = LearningNetwork.objects.filter(name=name).first()
    if network is None:
        network = network_services.create_network(
            name=name, description=description, coordinators=coordinators
        )
    for coach in coaches:
        if not network.coaches.filter(pk=coach.pk).exists():
            network_services.add_network_coach(network=network, person=coach)
    for school in members:
        if not NetworkMembership.objects.active().filter(network=network, school=school).exists():
            network_services.join_network(network=network, school=school, joined_on=NETWORK_START)
    return network


def _datateam(school: School, name: str, problem: str, members: list[User]) -> Datateam:
    team = Datateam.objects.filter(school=school, name=name).first()
    if team is None:
        team = school_services.create_datateam(school=school, name=name, problem=problem)
    for person in members:
        if not DatateamMembership.objects.filter(datateam=team, person=person).exists():
            school_services.add_datateam_member(datateam=team, person=person)
    return team
