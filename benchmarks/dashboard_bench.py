"""Network dashboard benchmark (issue "Network sessions and shared capacity building", item 8).

Builds a PostgreSQL database of its own with a network of 500 schools and five years of
activity: ~1,000,000 contributions, 20,000 room messages, 3,000 cases (half of them
evaluated) with the steps they reached, sessions with attendance and feedback, ten half
years of leadership reflections per school and of self-assessments by 60 coaches; plus
networks of 50 and 100 schools. Bulk inserts
and COPY keep the build to a minute or so. Then it times the network dashboard over the
five years (median and range of several runs: tables only, and tables with charts) and
counts its queries at 50, 100 and 500 schools, which must be the same. The database is
dropped afterwards.

Usage: python benchmarks/dashboard_bench.py [--contributions 1000000] [--runs 7]
           [--database netwerk_dashboard_bench] [--keep]
"""

from __future__ import annotations

import argparse
import datetime
import os
import random
import statistics
import sys
import time
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parents[1]
SERVER = "postgres://postgres@127.0.0.1:5432"
FIRST_DAY = datetime.date(2021, 8, 1)
LAST_DAY = datetime.date(2026, 7, 31)
SECTORS = ["po", "vo", "mbo"]
REGIONS = ["Utrecht", "Zwolle", "Eindhoven", "Groningen", "Rotterdam", "Tilburg", "Arnhem"]
CATEGORIES = ["motivation", "knowledge", "cocreation", "capacity"]
RULES = {
    "motivation": ["session_attended", "peer_feedback", "manual"],
    "knowledge": ["case_published", "manual"],
    "cocreation": ["proposal_endorsed", "proposal_adopted", "manual"],
    "capacity": ["solution_adopted", "first_cycle_completed", "coach_trained"],
}


def create_database(name: str) -> None:
    import psycopg

    with psycopg.connect(f"{SERVER}/postgres", autocommit=True) as connection:
        connection.execute(f'DROP DATABASE IF EXISTS "{name}"')
        connection.execute(f'CREATE DATABASE "{name}"')


def drop_database(name: str) -> None:
    import psycopg
    from django.db import connections

    connections.close_all()
    with psycopg.connect(f"{SERVER}/postgres", autocommit=True) as connection:
        connection.execute(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)')


def setup_django(name: str) -> None:
    os.environ["DATABASE_URL"] = f"{SERVER}/{name}"
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "netwerk.settings")
    # As deployed: no debug query log. The benchmark's coordinator signs in without a second
    # factor (what is timed is the dashboard, not the sign-in).
    os.environ.setdefault("DEBUG", "0")
    os.environ.setdefault("NETWERK_MFA_REQUIRED_ROLES", "leader")
    sys.path.insert(0, str(ROOT))
    import django

    django.setup()
    from django.core.management import call_command

    call_command("migrate", verbosity=0)


# --- Building ---------------------------------------------------------------------------


def build_network(name: str, schools: int, contributions: int, chance: random.Random) -> Any:
    from netwerk.models import LearningNetwork, NetworkMembership
    from schools.models import School

    network = LearningNetwork.objects.create(name=name)
    offset = School.objects.count()
    created = School.objects.bulk_create(
        School(
            name=f"School {offset + i}",
            country="NL",
            sector=SECTORS[i % len(SECTORS)],
            code=_brin(offset + i),
            region=REGIONS[i % len(REGIONS)],
        )
        for i in range(schools)
    )
    NetworkMembership.objects.bulk_create(
        NetworkMembership(network=network, school=school, joined_on=FIRST_DAY) for school in created
    )
    copy_contributions(network.pk, [s.pk for s in created], contributions, chance)
    return network, created


def _brin(number: int) -> str:
    """A unique BRIN-shaped code: two digits and two letters."""
    letters = number // 100
    return f"{number % 100:02d}{chr(65 + letters % 26)}{chr(65 + letters // 26 % 26)}"


def copy_contributions(
    network_id: int, school_ids: list[int], count: int, chance: random.Random
) -> None:
    from django.db import connection

    days = (LAST_DAY - FIRST_DAY).days
    now = datetime.datetime.now(datetime.UTC)
    columns = (
        "network_id, school_id, counterpart_school_id, category, rule, occurred_on, "
        "description, created_at"
    )
    with connection.cursor() as cursor:
        raw = cursor.cursor
        with raw.copy(f"COPY capacity_contribution ({columns}) FROM STDIN") as copy:
            for _ in range(count):
                category = chance.choice(CATEGORIES)
                rule = chance.choice(RULES[category])
                counterpart = (
                    chance.choice(school_ids)
                    if rule in ("solution_adopted", "proposal_adopted", "proposal_endorsed")
                    else None
                )
                copy.write_row(
                    (
                        network_id,
                        chance.choice(school_ids),
                        counterpart,
                        category,
                        rule,
                        FIRST_DAY + datetime.timedelta(days=chance.randrange(days)),
                        "",
                        now,
                    )
                )
        cursor.execute("ANALYZE capacity_contribution")


def _start_offset(case_id: int) -> int:
    """Days from FIRST_DAY to a case's start: the same formula as in SQL, spread over 4 years."""
    return (case_id * 7919) % 1400


def build_cases(schools: list[Any], count: int, chance: random.Random) -> None:
    from django.db import connection

    from casestudies.models import CaseStudy, Evaluation
    from schools.models import Datateam

    teams = Datateam.objects.bulk_create(Datateam(school=s, name="Datateam") for s in schools)
    cases = CaseStudy.objects.bulk_create(
        CaseStudy(
            datateam=chance.choice(teams),
            template=chance.choice(["five_steps", "datateam_8"]),
            title=f"Cyclus {i}",
            theme="grade_repetition",
            sector="vo",
            current_step=chance.randint(1, 5),
        )
        for i in range(count)
    )
    started = {
        case.pk: FIRST_DAY + datetime.timedelta(days=_start_offset(case.pk)) for case in cases
    }
    with connection.cursor() as cursor:
        cursor.execute(
            "UPDATE casestudies_casestudy"
            " SET created_at = %s::timestamptz + ((id * 7919) %% 1400) * interval '1 day'",
            [FIRST_DAY.isoformat()],
        )
    Evaluation.objects.bulk_create(
        Evaluation(
            case=case,
            measured_value=10,
            measured_on=started[case.pk] + datetime.timedelta(days=chance.randint(120, 400)),
            goal_reached=chance.random() < 0.6,
        )
        for case in cases[: count // 2]
    )


def build_steps(chance: random.Random) -> None:
    """Each case reached its steps after its start, a few weeks apart."""
    from capacity.models import StepReached
    from casestudies.models import CaseStudy

    StepReached.objects.bulk_create(
        StepReached(
            case_id=case_id,
            step=step,
            reached_on=FIRST_DAY
            + datetime.timedelta(days=_start_offset(case_id) + 20 * step + chance.randrange(10)),
        )
        for case_id, current in CaseStudy.objects.values_list("pk", "current_step")
        for step in range(2, current + 1)
    )


PERIODS = [f"{year}-{year + 1}-{half}" for year in range(2021, 2026) for half in (1, 2)]


def build_reflections(schools: list[Any], chance: random.Random) -> None:
    from leadership.blocks import BUILDING_BLOCKS
    from leadership.models import BlockRating, Reflection
    from schools.models import User

    leader = User.objects.create(username="bench-leader")
    reflections = Reflection.objects.bulk_create(
        Reflection(school=school, period=period) for school in schools for period in PERIODS
    )
    BlockRating.objects.bulk_create(
        BlockRating(
            reflection=reflection,
            person=leader,
            group="leaders",
            block=block.code,
            level=chance.randint(1, 4),
        )
        for reflection in reflections
        for block in BUILDING_BLOCKS
    )


def build_coaches(schools: list[Any], chance: random.Random) -> None:
    from coaching.competencies import COMPETENCIES
    from coaching.models import CoachProfile, SelfAssessment, SelfRating
    from schools.models import CoachAssignment, User

    people = User.objects.bulk_create(User(username=f"bench-coach-{i}") for i in range(60))
    profiles = CoachProfile.objects.bulk_create(
        CoachProfile(person=person, kind="external") for person in people
    )
    CoachAssignment.objects.bulk_create(
        CoachAssignment(coach=people[i % len(people)], school=school, started_on=FIRST_DAY)
        for i, school in enumerate(schools)
    )
    assessments = SelfAssessment.objects.bulk_create(
        SelfAssessment(profile=profile, period=period) for profile in profiles for period in PERIODS
    )
    SelfRating.objects.bulk_create(
        SelfRating(assessment=assessment, competency=competency.code, level=chance.randint(1, 4))
        for assessment in assessments
        for competency in COMPETENCIES
    )


def build_messages(network: Any, count: int, chance: random.Random) -> None:
    from django.db import connection

    from discussions.models import Room
    from schools.models import User

    author = User.objects.create(username="bench-author")
    rooms = Room.objects.bulk_create(Room(network=network, title=f"Ruimte {i}") for i in range(40))
    now = datetime.datetime.now(datetime.UTC)
    columns = (
        "room_id, seq, author_id, client_id, body, body_html, held, held_findings, pinned, "
        "created_at"
    )
    with (
        connection.cursor() as cursor,
        cursor.cursor.copy(f"COPY discussions_message ({columns}) FROM STDIN") as copy,
    ):
        for number in range(count):
            room = rooms[number % len(rooms)]
            body = chance.choice(["Goed idee.", "Zullen we de cijfers naast elkaar leggen?"])
            copy.write_row(
                (
                    room.pk,
                    number // len(rooms) + 1,
                    author.pk,
                    f"c{number}",
                    body,
                    f"<p>{body}</p>",
                    False,
                    "[]",
                    False,
                    now,
                )
            )


def build_sessions(network: Any, schools: list[Any], chance: random.Random) -> None:
    from meetings.models import Attendance, NetworkSession, SessionFeedback
    from schools.models import User

    people = User.objects.bulk_create(User(username=f"bench-{i}") for i in range(400))
    sessions = NetworkSession.objects.bulk_create(
        NetworkSession(
            network=network,
            title=f"Bijeenkomst {i}",
            starts_at=datetime.datetime.combine(
                FIRST_DAY + datetime.timedelta(days=18 * i), datetime.time(15), datetime.UTC
            ),
            ends_at=datetime.datetime.combine(
                FIRST_DAY + datetime.timedelta(days=18 * i), datetime.time(17), datetime.UTC
            ),
            status="held",
        )
        for i in range(100)
    )
    attendances = Attendance.objects.bulk_create(
        Attendance(session=session, person=person, school=chance.choice(schools))
        for session in sessions
        for person in chance.sample(people, 60)
    )
    SessionFeedback.objects.bulk_create(
        SessionFeedback(
            session=attendance.session,
            person=attendance.person,
            school=attendance.school,
            usefulness=chance.randint(1, 5),
            motivation=chance.randint(1, 5),
        )
        for attendance in attendances[::2]
    )


# --- Measuring --------------------------------------------------------------------------


def timed(function: Any, runs: int) -> list[float]:
    times = []
    for _ in range(runs):
        start = time.perf_counter()
        function()
        times.append(time.perf_counter() - start)
    return times


def query_count(network: Any, filters: Any) -> int:
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    from capacity.dashboard import network_dashboard

    with CaptureQueriesContext(connection) as captured:
        network_dashboard(network, filters, with_charts=False)
    return len(captured.captured_queries)


def http_timings(network: Any, runs: int) -> tuple[list[float], list[float]]:
    """The dashboard page and API over the five years, as the network's coordinator asks
    for them (Django's test client: the whole request, without a socket)."""
    from django.test import Client
    from django.urls import reverse

    from schools.models import User

    coordinator = User.objects.create(username="bench-coordinator")
    network.coordinators.add(coordinator)
    client = Client(HTTP_HOST="localhost")
    client.force_login(coordinator)
    query = f"?van={FIRST_DAY}&tot={LAST_DAY}"
    page_url = reverse("network-dashboard", args=[network.pk]) + query
    api_url = reverse("api-network-dashboard", args=[network.pk]) + query

    def get(url: str) -> None:
        response = client.get(url)
        assert response.status_code == 200, (url, response.status_code, response.get("Location"))

    get(page_url)
    get(api_url)
    return timed(lambda: get(page_url), runs), timed(lambda: get(api_url), runs)


def describe(times: list[float]) -> str:
    return (
        f"median {statistics.median(times):.3f} s "
        f"(range {min(times):.3f} to {max(times):.3f}, {len(times)} runs)"
    )


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--contributions", type=int, default=1_000_000)
    parser.add_argument("--messages", type=int, default=20_000)
    parser.add_argument("--cases", type=int, default=3_000)
    parser.add_argument("--runs", type=int, default=7)
    parser.add_argument("--database", default="netwerk_dashboard_bench")
    parser.add_argument("--keep", action="store_true", help="keep the database afterwards")
    args = parser.parse_args()

    create_database(args.database)
    setup_django(args.database)
    try:
        run(args)
    finally:
        if not args.keep:
            drop_database(args.database)


def run(args: argparse.Namespace) -> None:
    from django.core.cache import cache
    from django.db import connection

    from capacity.dashboard import network_dashboard
    from capacity.periods import Filters

    chance = random.Random(2026)
    start = time.perf_counter()
    big, schools = build_network("Netwerk 500", 500, args.contributions, chance)
    build_cases(schools, args.cases, chance)
    build_steps(chance)
    build_messages(big, args.messages, chance)
    build_sessions(big, schools, chance)
    build_reflections(schools, chance)
    build_coaches(schools, chance)
    small, _ = build_network("Netwerk 50", 50, 20_000, chance)
    middle, _ = build_network("Netwerk 100", 100, 40_000, chance)
    with connection.cursor() as cursor:
        cursor.execute("VACUUM ANALYZE")
        cursor.execute("SELECT count(*) FROM capacity_contribution")
        (rows,) = cursor.fetchone()
    print(
        f"built in {time.perf_counter() - start:.1f} s: {rows:,} contributions, "
        f"{args.messages:,} messages, {args.cases:,} cases, 100 sessions, "
        f"{len(schools) * len(PERIODS):,} reflections, 60 coaches"
    )

    five_years = Filters(start=FIRST_DAY, end=LAST_DAY)
    network_dashboard(big, five_years, with_charts=False)  # warm: imports, plans, caches
    tables = timed(lambda: network_dashboard(big, five_years, with_charts=False), args.runs)

    def drawn_anew() -> None:
        cache.clear()  # every chart drawn again, as after a change to every figure
        network_dashboard(big, five_years, with_charts=True)

    cold = timed(drawn_anew, args.runs)
    charts = timed(lambda: network_dashboard(big, five_years, with_charts=True), args.runs)
    vo = Filters(start=FIRST_DAY, end=LAST_DAY, sector="vo")
    sector = timed(lambda: network_dashboard(big, vo, with_charts=False), args.runs)
    pairs = len(network_dashboard(big, five_years, with_charts=False).table("adoptions").frame)
    print("network dashboard, 500 schools, five years:")
    print(f"  page, charts unchanged (from the cache):  {describe(charts)}")
    print(f"  page, all 10 charts drawn anew:          {describe(cold)}")
    print(f"  export/API (tables, all {pairs:,} pairs): {describe(tables)}")
    print(f"  export/API, sector VO only:              {describe(sector)}")
    page, api = http_timings(big, args.runs)
    print(f"  HTTP page as its coordinator (charts from the cache): {describe(page)}")
    print(f"  HTTP API as its coordinator:                         {describe(api)}")
    counts = {
        n: query_count(network, five_years)
        for n, network in ((50, small), (100, middle), (500, big))
    }
    print("queries: " + ", ".join(f"{n} schools: {count}" for n, count in counts.items()))
    fast = all(statistics.median(times) < 1.0 for times in (charts, tables, page, api))
    goal = fast and len(set(counts.values())) == 1
    print("goal (page and API under 1 s, same query count): " + ("PASS" if goal else "FAIL"))


if __name__ == "__main__":
    main()
