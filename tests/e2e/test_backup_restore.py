"""The backup and restore procedure of docs/deployment.md, run for real: a seeded
database is dumped with pg_dump, restored with pg_restore into a fresh database, and the
application logs in against the restored data."""

from __future__ import annotations

import os
import secrets
import shutil
import subprocess
import sys
from pathlib import Path
from urllib.parse import urlsplit, urlunsplit

import psycopg
from psycopg import sql

from tests.conftest import require

ROOT = Path(__file__).resolve().parents[2]

COUNT_AND_LOGIN = """
from django.contrib.auth import authenticate
from schools.models import School, User
from casestudies.models import Publication
person = authenticate(username="teacher1", password="restore-pass-7")
print(User.objects.count(), School.objects.count(), Publication.objects.count(), bool(person))
"""


def with_database(url: str, name: str) -> str:
    parts = urlsplit(url)
    return urlunsplit(parts._replace(path=f"/{name}"))


def manage(url: str, tmp: Path, *args: str) -> str:
    env = {k: v for k, v in os.environ.items() if k != "DJANGO_SETTINGS_MODULE"}
    env |= {"DATABASE_URL": url, "NETWERK_VAR_DIR": str(tmp), "REDIS_URL": ""}
    done = subprocess.run(
        [sys.executable, "manage.py", *args],
        cwd=ROOT,
        env=env,
        check=True,
        capture_output=True,
        text=True,
    )
    return done.stdout


def test_a_dump_restores_into_a_working_installation(tmp_path: Path) -> None:
    base = os.environ.get("DATABASE_URL", "")
    if not base.startswith("postgres"):
        require("REQUIRE_SERVICES", "needs PostgreSQL: set DATABASE_URL")
    if not (shutil.which("pg_dump") and shutil.which("pg_restore")):
        require("REQUIRE_SERVICES", "needs pg_dump and pg_restore")
    suffix = secrets.token_hex(4)
    original, restored = f"netwerk_backup_{suffix}", f"netwerk_restored_{suffix}"
    admin = with_database(base, "postgres")
    with psycopg.connect(admin, autocommit=True) as connection:
        for name in (original, restored):
            connection.execute(sql.SQL("CREATE DATABASE {}").format(sql.Identifier(name)))
    try:
        source = with_database(base, original)
        manage(source, tmp_path, "migrate", "--noinput", "-v0")
        manage(source, tmp_path, "seed_demo", "--password", "restore-pass-7")
        dump = tmp_path / "netwerk.dump"
        subprocess.run(["pg_dump", "--format=custom", f"--file={dump}", source], check=True)
        target = with_database(base, restored)
        subprocess.run(["pg_restore", "--no-owner", f"--dbname={target}", str(dump)], check=True)

        before = manage(source, tmp_path, "shell", "-c", COUNT_AND_LOGIN).splitlines()[-1].split()
        after = manage(target, tmp_path, "shell", "-c", COUNT_AND_LOGIN).splitlines()[-1].split()
        assert after == before
        users, schools, publications, logged_in = after
        assert int(users) > 10
        assert int(schools) > 3
        assert int(publications) >= 2
        assert logged_in == "True"
        # The restored database is current: nothing left to migrate.
        plan = manage(target, tmp_path, "migrate", "--plan")
        assert "No planned migration operations." in plan
    finally:
        with psycopg.connect(admin, autocommit=True) as connection:
            for name in (original, restored):
                connection.execute(
                    sql.SQL("DROP DATABASE IF EXISTS {} WITH (FORCE)").format(sql.Identifier(name))
                )
