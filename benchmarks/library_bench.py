"""Case library benchmark (issue 25, item 1).

Builds a PostgreSQL database of its own, loads the demo network (`seed_demo`) and clones
the demo's shown publications, each clone a case of its own, until the database holds
1,000, then 10,000, then 50,000 publications (INSERT … SELECT, a few statements per step,
then VACUUM ANALYZE). Ten clones get a rare word. At each size it times, as a partner of
network A through Django's test client: the library API (`GET /api/publications/`) with a
common word, a rare word, a word that matches nothing and no query, and the HTML library
page with no query and with the common word; median and range of several runs after one
warm-up run, which also counts the queries. A request whose warm-up takes over a second is
timed at most `--slow-runs` times. The database is dropped afterwards.

Usage: python benchmarks/library_bench.py [--sizes 1000,10000,50000] [--runs 7]
           [--slow-runs 3] [--database URL] [--keep]
"""

from __future__ import annotations

import argparse
import logging
import os
import statistics
import sys
import time
from collections.abc import Callable
from pathlib import Path
from typing import Any
from urllib.parse import urlsplit

ROOT = Path(__file__).resolve().parents[1]
DEFAULT_DATABASE = "postgres://postgres@127.0.0.1:5432/netwerk_bench_library"
COMMON_WORD = "lezen"
RARE_WORD = "tafelvoetbal"
NO_MATCH = "xylofoonkwartet"
READER = "teacher2"


def server_and_name(url: str) -> tuple[str, str]:
    parts = urlsplit(url)
    name = parts.path.lstrip("/")
    if not name.startswith("netwerk_bench_library"):
        sys.exit("the benchmark database's name must start with netwerk_bench_library")
    return parts._replace(path="/postgres").geturl(), name


def create_database(url: str) -> None:
    import psycopg

    server, name = server_and_name(url)
    with psycopg.connect(server, autocommit=True) as connection:
        connection.execute(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)')
        connection.execute(f'CREATE DATABASE "{name}"')


def drop_database(url: str) -> None:
    import psycopg
    from django.db import connections

    connections.close_all()
    server, name = server_and_name(url)
    with psycopg.connect(server, autocommit=True) as connection:
        connection.execute(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)')


def setup_django(url: str) -> None:
    os.environ["DATABASE_URL"] = url
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "netwerk.settings")
    sys.path.insert(0, str(ROOT))
    import django

    django.setup()
    from django.core.management import call_command

    call_command("migrate", verbosity=0)
    call_command("seed_demo", verbosity=0)


# --- Building ---------------------------------------------------------------------------


def demo_publications() -> list[Any]:
    """The publications the demo shows in its networks (the newest version of each case)."""
    from casestudies.access import publications_shared_with
    from netwerk.models import LearningNetwork

    shown = publications_shared_with(LearningNetwork.objects.all())
    return list(shown.order_by("pk"))


def clone_publications(sources: list[Any], count: int) -> None:
    """Add `count` publications, copies of the sources in turn, each with a case of its own
    (so that each is the newest version of its case) and its source's networks; every
    clone is published a second earlier than the one before."""
    from django.db import connection

    from casestudies.models import CaseStudy, Publication

    case_columns = _columns(CaseStudy, skip={"id"})
    publication_columns = _columns(Publication, skip={"id", "case_id", "published_at"})
    with connection.cursor() as cursor:
        for index, source in enumerate(sources):
            share = count // len(sources) + (index < count % len(sources))
            if share:
                cursor.execute(
                    _clone_sql(case_columns, publication_columns),
                    {"case": source.case_id, "publication": source.pk, "count": share},
                )
        # as autovacuum would leave the tables (visibility map, the GIN index's pending list)
        cursor.execute("VACUUM ANALYZE casestudies_publication")
        cursor.execute("VACUUM ANALYZE casestudies_publication_networks")
        cursor.execute("VACUUM ANALYZE casestudies_casestudy")


def _columns(model: Any, skip: set[str]) -> list[str]:
    return [f.column for f in model._meta.concrete_fields if f.column not in skip]


def _clone_sql(case_columns: list[str], publication_columns: list[str]) -> str:
    cases = ", ".join(case_columns)
    publications = ", ".join(publication_columns)
    source_columns = ", ".join(f"p.{column}" for column in publication_columns)
    # The names come from the models' own fields, the values are parameters.
    return f"""
        WITH cases AS (
            INSERT INTO casestudies_casestudy ({cases})
            SELECT {cases} FROM casestudies_casestudy, generate_series(1, %(count)s)
            WHERE id = %(case)s
            RETURNING id
        ), clones AS (
            INSERT INTO casestudies_publication (case_id, published_at, {publications})
            SELECT cases.id, p.published_at - cases.id * interval '1 second', {source_columns}
            FROM cases, casestudies_publication p WHERE p.id = %(publication)s
            RETURNING id
        )
        INSERT INTO casestudies_publication_networks (publication_id, learningnetwork_id)
        SELECT clones.id, n.learningnetwork_id
        FROM clones, casestudies_publication_networks n WHERE n.publication_id = %(publication)s
    """  # noqa: S608


def plant_rare_word() -> None:
    from django.db import connection

    with connection.cursor() as cursor:
        cursor.execute(
            "UPDATE casestudies_publication SET search_text = search_text || %s"
            " WHERE id IN (SELECT id FROM casestudies_publication ORDER BY id DESC LIMIT 10)",
            [f"\nEen middag {RARE_WORD} als beloning."],
        )


# --- Measuring --------------------------------------------------------------------------


def requests(network_pk: int) -> dict[str, str]:
    library = f"/netwerken/{network_pk}/bibliotheek/"
    return {
        f"API ?q={COMMON_WORD}": f"/api/publications/?q={COMMON_WORD}",
        f"API ?q={RARE_WORD} (10 rows)": f"/api/publications/?q={RARE_WORD}",
        "API ?q= no match": f"/api/publications/?q={NO_MATCH}",
        "API, no query": "/api/publications/",
        "library page, no query": library,
        f"library page ?q={COMMON_WORD}": f"{library}?q={COMMON_WORD}",
    }


def measure(client: Any, path: str, runs: int, slow_runs: int) -> dict[str, Any]:
    from django.db import connection, reset_queries
    from django.test.utils import CaptureQueriesContext

    reset_queries()  # a full log (DEBUG keeps the last 9,000) would count nothing
    with CaptureQueriesContext(connection) as captured:
        start = time.perf_counter()
        response = client.get(path)
        warm = time.perf_counter() - start
    assert response.status_code == 200, (path, response.status_code)
    times = timed(lambda: client.get(path), slow_runs if warm > 1.0 else runs)
    return {
        "times": times,
        "queries": len(captured.captured_queries),
        "bytes": len(response.content),
        "count": response.json()["count"] if path.startswith("/api/") else None,
    }


def timed(function: Callable[[], Any], runs: int) -> list[float]:
    times = []
    for _ in range(runs):
        start = time.perf_counter()
        function()
        times.append(time.perf_counter() - start)
    return times


def describe(result: dict[str, Any]) -> str:
    times = [t * 1000 for t in result["times"]]
    found = "" if result["count"] is None else f"{result['count']:,}"
    return (
        f"{statistics.median(times):9,.0f} ms  {min(times):7,.0f}-{max(times):<7,.0f}"
        f" {len(times):>2}  {result['queries']:>3}  {result['bytes'] / 1024:9,.0f} KiB  {found}"
    )


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--sizes", default="1000,10000,50000")
    parser.add_argument("--runs", type=int, default=7)
    parser.add_argument("--slow-runs", type=int, default=3)
    parser.add_argument("--database", default=DEFAULT_DATABASE)
    parser.add_argument("--keep", action="store_true", help="keep the database afterwards")
    args = parser.parse_args()

    server_and_name(args.database)
    create_database(args.database)
    setup_django(args.database)
    try:
        run(args)
    finally:
        if not args.keep:
            drop_database(args.database)


def run(args: argparse.Namespace) -> None:
    from django.test import Client

    logging.getLogger("netwerk.requests").setLevel(logging.WARNING)
    from casestudies.models import Publication
    from schools.models import User

    reader = User.objects.get(username=READER)
    network = reader_network(reader)
    client = Client(SERVER_NAME="localhost", HTTP_ACCEPT_LANGUAGE="nl")
    client.force_login(reader)
    sources = demo_publications()
    print(f"{len(sources)} demo publications to clone; reading as {READER} in {network.name}")
    print(f"{'request':32} {'median':>12}  {'range':^15} {'n':>2}  {'SQL':>3}  {'body':>13}  found")
    for size in (int(s) for s in args.sizes.split(",")):
        start = time.perf_counter()
        clone_publications(sources, size - Publication.objects.count())
        if size == int(args.sizes.split(",")[0]):
            plant_rare_word()
        built = time.perf_counter() - start
        print(f"--- {Publication.objects.count():,} publications (built in {built:.1f} s)")
        for label, path in requests(network.pk).items():
            print(f"{label:32} {describe(measure(client, path, args.runs, args.slow_runs))}")


def reader_network(reader: Any) -> Any:
    from netwerk.access import networks_for

    return networks_for(reader).filter(publications__isnull=False).order_by("pk").first()


if __name__ == "__main__":
    main()
