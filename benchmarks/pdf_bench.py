"""PDF downloads: how long WeasyPrint takes for the demo's published case with its run
chart, and for a session's minutes, through the views (Django's test client).

Runs on a SQLite database of its own in a temporary NETWERK_VAR_DIR, seeded with the demo.
Prints the first render in the process (fonts and WeasyPrint loading) and the median and
range of the following ones.

Usage: python benchmarks/pdf_bench.py [--runs 7]
"""

from __future__ import annotations

import argparse
import os
import statistics
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]


def setup_django(var_dir: str) -> None:
    for name in ("DATABASE_URL", "REDIS_URL"):
        os.environ.pop(name, None)
    os.environ["NETWERK_VAR_DIR"] = var_dir
    os.environ["NETWERK_ASGI_RUNSERVER"] = "0"
    os.environ["ALLOWED_HOSTS"] = "testserver"
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "netwerk.settings")
    sys.path.insert(0, str(ROOT))
    import django

    django.setup()


def timed(client, path: str) -> tuple[float, int]:
    start = time.perf_counter()
    response = client.get(path)
    elapsed = time.perf_counter() - start
    assert response.status_code == 200, (path, response.status_code)
    assert response["Content-Type"] == "application/pdf"
    return elapsed, len(response.content)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--runs", type=int, default=7)
    arguments = parser.parse_args()
    with tempfile.TemporaryDirectory() as var_dir:
        setup_django(var_dir)
        from django.core.management import call_command
        from django.test import Client

        from casestudies.models import Publication
        from meetings.models import NetworkSession
        from schools.models import User

        call_command("migrate", verbosity=0)
        call_command("seed_demo", verbosity=0)
        client = Client()
        client.force_login(User.objects.get(username="teacher2"))
        publication = Publication.objects.get(title="Minder zittenblijvers in havo 4")
        session = NetworkSession.objects.exclude(minutes="").order_by("starts_at").first()
        assert session is not None
        pages = {
            "published case with its run chart": f"/publicaties/{publication.pk}/pdf/",
            "session minutes": f"/bijeenkomsten/{session.pk}/notulen.pdf",
        }
        for name, path in pages.items():
            first, size = timed(client, path)
            times = [timed(client, path)[0] for _ in range(arguments.runs)]
            print(
                f"{name}: first {first:.2f} s, then median {statistics.median(times):.2f} s "
                f"(range {min(times):.2f}-{max(times):.2f} s, {arguments.runs} runs), "
                f"{size / 1024:.0f} KiB"
            )


if __name__ == "__main__":
    main()
