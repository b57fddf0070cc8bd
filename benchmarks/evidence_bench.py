"""What-worked-where benchmark (issue 21, item 5).

Builds a PostgreSQL database of its own, loads the demo network (`seed_demo`) and adds
schools to network A until it has 20, then 200 more than the demo: each school with a
datateam, 5 cycles, 3 measures per cycle of 40 weekly points each (n = 8 to 60 pupils, so
that some are hidden), an action per measure that marks its chart, every cycle published
to the network (snapshots built by the platform's own `build_snapshot`), half the schools
with an internal data coach and half with an external one, and every school adopting one
shared proposal with a measured outcome. At each size it times, as a partner of network A
through Django's test client, the map's API (`GET /api/networks/<id>/evidence/`) with no
filter, with a search and with a filter, and the HTML page: median of several runs after
one warm-up run, which also counts the queries. The database is dropped afterwards.

Usage: python benchmarks/evidence_bench.py [--sizes 20,200] [--runs 5] [--database URL]
           [--keep]
"""

from __future__ import annotations

import argparse
import datetime
import logging
import os
import random
import statistics
import sys
import time
from decimal import Decimal
from pathlib import Path
from typing import Any
from urllib.parse import urlsplit

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

from benchmarks.library_bench import setup_django  # noqa: E402  (the same demo database)

DEFAULT_DATABASE = "postgres://postgres@127.0.0.1:5432/netwerk_bench_evidence"
READER = "teacher1"
CYCLES, MEASURES, POINTS = 5, 3, 40
PROPOSAL = "Bellen bij de eerste afwezigheid"


def server_and_name(url: str) -> tuple[str, str]:
    parts = urlsplit(url)
    name = parts.path.lstrip("/")
    if not name.startswith("netwerk_bench_evidence"):
        sys.exit("the benchmark database's name must start with netwerk_bench_evidence")
    return parts._replace(path="/postgres").geturl(), name


def recreate_database(url: str, *, create: bool) -> None:
    import psycopg

    server, name = server_and_name(url)
    with psycopg.connect(server, autocommit=True) as connection:
        connection.execute(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)')
        if create:
            connection.execute(f'CREATE DATABASE "{name}"')


# --- Building ---------------------------------------------------------------------------


def add_schools(first: int, count: int, rng: random.Random) -> None:
    """Schools first … first + count - 1, each with its cycles, measures and adoption."""
    from django.db import transaction

    from casestudies.models import CaseStudy
    from netwerk.models import LearningNetwork, NetworkMembership
    from schools.models import CoachAssignment, Datateam, School, SchoolMembership, User

    network = LearningNetwork.objects.get(name__startswith="Lerend netwerk")
    coach = User.objects.get(username="coach")
    with transaction.atomic():
        schools = School.objects.bulk_create(
            School(
                name=f"Bankschool {number}",
                country="NL",
                sector=("po", "vo", "mbo")[number % 3],
                code=f"B{number:03d}",
                region=("Utrecht", "Zwolle", "Breda")[number % 3],
            )
            for number in range(first, first + count)
        )
        NetworkMembership.objects.bulk_create(
            NetworkMembership(network=network, school=school, joined_on=datetime.date(2025, 8, 1))
            for school in schools
        )
        teams = Datateam.objects.bulk_create(
            Datateam(school=school, name="Datateam") for school in schools
        )
        internal = [school for index, school in enumerate(schools) if index % 2 == 0]
        SchoolMembership.objects.bulk_create(
            SchoolMembership(person=coach, school=school, role="internal_coach")
            for school in internal
        )
        CoachAssignment.objects.bulk_create(
            CoachAssignment(coach=coach, school=school, started_on=datetime.date(2026, 1, 1))
            for school in schools
            if school not in internal
        )
        cases = CaseStudy.objects.bulk_create(
            CaseStudy(
                datateam=team,
                template="five_steps",
                title=f"Verzuim cyclus {cycle} van {team.school.name}",
                theme=("attendance", "basic_skills", "well_being")[cycle % 3],
                sector=team.school.sector,
                year_levels=f"leerjaar {cycle + 1}",
                sharing_status="approved",
            )
            for team in teams
            for cycle in range(CYCLES)
        )
        for case in cases:
            add_measures(case, rng)
        publish(cases, network)
        adopt(cases[::CYCLES], network, rng)


def add_measures(case: Any, rng: random.Random) -> None:
    from django.utils import timezone

    from casestudies.models import Action, Measure, MeasurePoint

    today = timezone.localdate()
    measures = Measure.objects.bulk_create(
        Measure(case=case, name=f"Maat {m + 1}", unit="%", kind="percentage", direction="up")
        for m in range(MEASURES)
    )
    points = []
    for measure in measures:
        n = rng.choice([8, 25, 40, 60])
        for week in range(POINTS):
            lift = 5 if week >= POINTS // 2 and rng.random() < 0.5 else 0
            value = Decimal(str(round(85 + lift + rng.uniform(-2, 2), 1)))
            points.append(
                MeasurePoint(
                    measure=measure,
                    date=today - datetime.timedelta(weeks=POINTS - week),
                    value=value,
                    n=n,
                )
            )
        Action.objects.create(
            case=case,
            description=f"Actie op {measure.name}: mentoren bellen ouders",
            owner="mentoren",
            due_date=today,
            measure=measure,
            start_date=today - datetime.timedelta(weeks=POINTS // 2),
        )
    MeasurePoint.objects.bulk_create(points)


def publish(cases: list[Any], network: Any) -> None:
    from casestudies.models import Publication
    from casestudies.services.sharing import build_snapshot

    for case in cases:
        snapshot = build_snapshot(case, name_school=False)
        publication = Publication.objects.create(
            case=case,
            version=1,
            school_label=case.datateam.school.region,
            title=case.title,
            theme=case.theme,
            sector=case.sector,
            template=case.template,
            furthest_step=snapshot["furthest_step"],
            snapshot=snapshot,
            search_text=case.title,
        )
        publication.networks.add(network)


def adopt(cases: list[Any], network: Any, rng: random.Random) -> None:
    from django.utils import timezone

    from discussions.models import Adoption, Proposal, Room
    from schools.models import User

    person = User.objects.get(username="coordinator")
    room, _ = Room.objects.get_or_create(network=network, title="Verzuim", kind="theme")
    proposal, _ = Proposal.objects.get_or_create(
        room=room, author=person, client_id="bench", defaults={"title": PROPOSAL}
    )
    Adoption.objects.bulk_create(
        Adoption(
            proposal=proposal,
            school=case.datateam.school,
            adopted_by=person,
            case=case,
            measured_at=timezone.now(),
            measure_name="Maat 1",
            measure_unit="%",
            effect=rng.choice(["improved", "no_signal", "worsened"]),
            goal_reached=rng.random() < 0.5,
            baseline_value=Decimal("85"),
            measured_value=Decimal("89.5"),
            measured_n=rng.choice([8, 25, 40, 60]),
            measured_on=timezone.localdate(),
        )
        for case in cases
    )


# --- Timing -----------------------------------------------------------------------------


def timed(client: Any, url: str, params: dict[str, str], runs: int) -> tuple[float, int, int]:
    from django.db import connection, reset_queries
    from django.test.utils import CaptureQueriesContext

    reset_queries()  # a full log (DEBUG keeps the last 9,000) would count nothing
    with CaptureQueriesContext(connection) as queries:
        answer = client.get(url, params)
    assert answer.status_code == 200, answer.status_code
    times = []
    for _ in range(runs):
        start = time.perf_counter()
        client.get(url, params)
        times.append((time.perf_counter() - start) * 1000)
    return statistics.median(times), len(queries), len(answer.content)


def measure_all(schools: int, runs: int) -> None:
    from django.test import Client

    from netwerk.models import LearningNetwork
    from schools.models import User

    network = LearningNetwork.objects.get(name__startswith="Lerend netwerk")
    client = Client(SERVER_NAME="localhost", HTTP_ACCEPT_LANGUAGE="nl")
    client.force_login(User.objects.get(username=READER))
    api = f"/api/networks/{network.pk}/evidence/"
    page = f"/netwerken/{network.pk}/wat-werkte-waar/"
    for label, url, params in (
        ("API, no filter", api, {}),
        ("API ?q=bellen", api, {"q": "bellen"}),
        ("API ?outcome=improved&coach=external", api, {"outcome": "improved", "coach": "external"}),
        ("page, no filter", page, {}),
    ):
        median, queries, size = timed(client, url, params, runs)
        print(
            f"{schools:>5} schools | {label:<38} | {median:8.1f} ms | {queries:3d} queries"
            f" | {size / 1024:8.0f} KiB | load {os.getloadavg()[0]:.1f}",
            flush=True,
        )


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--sizes", default="20,200")
    parser.add_argument("--runs", type=int, default=5)
    parser.add_argument("--database", default=DEFAULT_DATABASE)
    parser.add_argument("--keep", action="store_true")
    args = parser.parse_args()
    logging.disable(logging.WARNING)
    recreate_database(args.database, create=True)
    setup_django(args.database)
    rng = random.Random(21)
    try:
        built = 0
        for size in (int(part) for part in args.sizes.split(",")):
            start = time.perf_counter()
            add_schools(built + 1, size - built, rng)
            built = size
            from django.db import connection

            with connection.cursor() as cursor:
                cursor.execute("ANALYZE")
            print(f"built {size} schools in {time.perf_counter() - start:.0f} s", flush=True)
            measure_all(size, args.runs)
    finally:
        if not args.keep:
            from django.db import connections

            connections.close_all()
            recreate_database(args.database, create=False)


if __name__ == "__main__":
    main()
