"""The coach's cockpit benchmark (issue "Views that tell each person what to do next", item 2).

Builds a PostgreSQL database of its own: a coach of 3 schools, a coach of 30 schools and
300 other schools, each school with a datateam of five and four cycles of either template,
every cycle with hypotheses, actions (some overdue), meetings, a skipped part and a weekly
measure of 30 points. Then it times `GET /api/coaching/overview/` for both coaches (median
and range of several runs) and counts its queries, which must be the same. The database is
dropped afterwards.

Usage: python benchmarks/cockpit_bench.py [--others 300] [--runs 9]
           [--database netwerk_cockpit_bench] [--keep]
"""

from __future__ import annotations

import argparse
import datetime
import statistics
import sys
import time
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

from benchmarks.dashboard_bench import (  # noqa: E402
    create_database,
    drop_database,
    setup_django,
)

CYCLES_PER_SCHOOL = 4
POINTS = 30
GOAL_SECONDS = 1.0


# --- Building ---------------------------------------------------------------------------


def build_schools(count: int, offset: int) -> list[Any]:
    from schools.models import School

    return School.objects.bulk_create(
        School(
            name=f"School {offset + i}",
            country="NL",
            sector="vo",
            code=f"{(offset + i) % 100:02d}{chr(65 + (offset + i) // 100 % 26)}"
            f"{chr(65 + (offset + i) // 2600 % 26)}",
            region="Utrecht",
        )
        for i in range(count)
    )


def build_teams(schools: list[Any], today: datetime.date) -> None:
    """Each school: a datateam of five and four cycles with all their parts."""
    from casestudies.models import (
        Action,
        CaseStep,
        CaseStudy,
        Hypothesis,
        Measure,
        MeasurePoint,
        StepSkip,
        TeamMeeting,
    )
    from schools.models import Datateam, DatateamMembership, User

    people = User.objects.bulk_create(
        User(username=f"teacher-{school.pk}-{n}", first_name="T", last_name=str(n))
        for school in schools
        for n in range(5)
    )
    teams = Datateam.objects.bulk_create(Datateam(school=s, name="Datateam") for s in schools)
    DatateamMembership.objects.bulk_create(
        DatateamMembership(datateam=team, person=people[i * 5 + n], role="teacher")
        for i, team in enumerate(teams)
        for n in range(5)
    )
    templates = ["datateam_8", "five_steps"]
    cases = CaseStudy.objects.bulk_create(
        CaseStudy(
            datateam=team,
            template=templates[c % 2],
            title=f"Cyclus {c}",
            theme="attendance",
            sector="vo",
            current_step=1 + (c * 3) % 5,
        )
        for team in teams
        for c in range(CYCLES_PER_SCHOOL)
    )
    CaseStep.objects.bulk_create(
        CaseStep(case=case, number=n, status="done" if n < case.current_step else "not_started")
        for case in cases
        for n in range(1, 9 if case.template == "datateam_8" else 6)
    )
    Hypothesis.objects.bulk_create(
        Hypothesis(case=case, statement=f"H{h}", status=["open", "confirmed"][h % 2])
        for case in cases
        for h in range(3)
        if case.template == "datateam_8"
    )
    Action.objects.bulk_create(
        Action(
            case=case,
            description=f"Actie {a}",
            owner_person=people[(i // CYCLES_PER_SCHOOL) * 5],
            due_date=today + datetime.timedelta(days=a * 10 - 25),
        )
        for i, case in enumerate(cases)
        for a in range(6)
    )
    TeamMeeting.objects.bulk_create(
        TeamMeeting(
            case=case,
            held_on=today - datetime.timedelta(weeks=2 + m * 3 + case.pk % 9),
            step=1,
            decisions="Besluit.",
        )
        for case in cases
        for m in range(4)
    )
    StepSkip.objects.bulk_create(
        StepSkip(case=case, step=4, need="quality_check", reason="Snel verder.")
        for case in cases
        if case.template == "datateam_8" and case.current_step > 4
    )
    measures = Measure.objects.bulk_create(
        Measure(case=case, name="Verzuim", kind="mean", direction="down") for case in cases
    )
    MeasurePoint.objects.bulk_create(
        MeasurePoint(
            measure=measure,
            date=today - datetime.timedelta(weeks=POINTS - p),
            value=10 + (p % 7) - (3 if p > 20 else 0),
            n=100,
        )
        for measure in measures
        for p in range(POINTS)
    )


def coach_of(schools: list[Any], username: str, today: datetime.date) -> Any:
    from schools.models import CoachAssignment, User

    coach = User.objects.create(username=username, first_name="Coach", last_name=username)
    CoachAssignment.objects.bulk_create(
        CoachAssignment(coach=coach, school=school, started_on=today) for school in schools
    )
    return coach


# --- Measuring --------------------------------------------------------------------------


def measure(coach: Any, runs: int) -> tuple[list[float], int, int]:
    from django.db import connection
    from django.test import Client
    from django.test.utils import CaptureQueriesContext

    client = Client()
    client.force_login(coach)
    client.get("/api/coaching/overview/")  # warm: the first request loads the URL conf
    times = []
    for _ in range(runs):
        start = time.perf_counter()
        answer = client.get("/api/coaching/overview/")
        times.append(time.perf_counter() - start)
        assert answer.status_code == 200, answer.status_code
    with CaptureQueriesContext(connection) as queries:
        answer = client.get("/api/coaching/overview/")
    return times, len(queries), len(answer.json()["cycles"])


def run(args: argparse.Namespace) -> bool:
    from django.conf import settings
    from django.db import connection
    from django.utils import timezone

    settings.ALLOWED_HOSTS = ["testserver"]
    today = timezone.localdate()
    start = time.perf_counter()
    few = build_schools(3, 0)
    many = build_schools(30, 3)
    others = build_schools(args.others, 33)
    build_teams(few + many + others, today)
    coaches = {3: coach_of(few, "coach3", today), 30: coach_of(many, "coach30", today)}
    with connection.cursor() as cursor:
        cursor.execute("VACUUM ANALYZE")
    total = len(few) + len(many) + len(others)
    print(
        f"built in {time.perf_counter() - start:.1f} s: {total} schools, "
        f"{total * CYCLES_PER_SCHOOL} cycles, {total * CYCLES_PER_SCHOOL * POINTS:,} points"
    )
    results = {n: measure(coach, args.runs) for n, coach in coaches.items()}
    for n, (times, queries, cycles) in results.items():
        print(
            f"cockpit, coach of {n:>2} schools ({cycles:>3} cycles): median "
            f"{statistics.median(times) * 1000:.0f} ms (min {min(times) * 1000:.0f}, "
            f"max {max(times) * 1000:.0f}) over {args.runs} runs, {queries} queries"
        )
    flat = results[3][1] == results[30][1]
    fast = statistics.median(results[30][0]) < GOAL_SECONDS
    print(
        f"query count flat: {'yes' if flat else 'NO'}; under {GOAL_SECONDS:.0f} s: "
        f"{'yes' if fast else 'NO'}"
    )
    return flat and fast


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--others", type=int, default=300)
    parser.add_argument("--runs", type=int, default=9)
    parser.add_argument("--database", default="netwerk_cockpit_bench")
    parser.add_argument("--keep", action="store_true", help="keep the database afterwards")
    args = parser.parse_args()

    create_database(args.database)
    setup_django(args.database)
    try:
        passed = run(args)
    finally:
        if not args.keep:
            drop_database(args.database)
    sys.exit(0 if passed else 1)


if __name__ == "__main__":
    main()
