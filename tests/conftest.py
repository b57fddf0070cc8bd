"""Shared actors and service checks.

Tests that need PostgreSQL, Redis or Chromium skip with a reason when those are absent,
and fail instead when REQUIRE_SERVICES=1 / REQUIRE_BROWSER=1 (as CI sets them).
"""

from __future__ import annotations

import os
from dataclasses import dataclass

import hypothesis
import pytest
from django.apps import apps
from django.conf import settings as django_settings
from django.db import IntegrityError, connection, transaction
from django.db.models import Model
from django.test import Client
from django.utils import translation

from netwerk.demo import seed_demo
from netwerk.models import LearningNetwork
from schools.models import Datateam, School, User

# Hypothesis judges correctness, not speed: no per-example deadline, which a busy machine
# (the suite runs on several processes) would trip at random.
hypothesis.settings.register_profile("netwerk", deadline=None)
hypothesis.settings.load_profile("netwerk")

PASSWORD = "test-password-123"
FAST_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]


def require(flag: str, reason: str) -> None:
    """Skip for a missing service, or fail when the environment says it must be there."""
    if os.environ.get(flag) == "1":
        pytest.fail(f"{reason} ({flag}=1)")
    pytest.skip(reason)


@pytest.fixture(scope="session")
def django_db_setup(django_db_setup, django_db_blocker):
    """pytest-django's, and before it drops the test database on PostgreSQL: end the
    sessions that threads of the tests left open (the rooms' database pool, asgiref's
    threads, the live server's request threads keep their connections for CONN_MAX_AGE),
    since PostgreSQL refuses to drop a database in use."""
    from django.db import connection

    yield
    if connection.vendor == "postgresql":
        with django_db_blocker.unblock(), connection.cursor() as cursor:
            cursor.execute(
                "SELECT pg_terminate_backend(pid) FROM pg_stat_activity "
                "WHERE datname = current_database() AND pid <> pg_backend_pid()"
            )


@pytest.fixture(autouse=True)
def _fast_password_hashing(settings) -> None:
    settings.PASSWORD_HASHERS = FAST_HASHERS


@pytest.fixture(autouse=True)
def _fresh_cache():
    """Throttle counts (API and login) live in the cache: every test starts with none."""
    from django.core.cache import cache

    cache.clear()


@pytest.fixture(autouse=True)
def _english_outside_requests():
    """Service messages in English, whatever language an earlier request left active;
    pages and the API still choose their language per request."""
    with translation.override("en"):
        yield


@dataclass
class Demo:
    coordinator: User
    coach: User
    leader1: User
    teacher1: User
    teacher2: User
    outsider: User
    internal_coach: User
    quality_officer: User
    school1: School
    school2: School
    school3: School
    school5: School
    network_a: LearningNetwork
    network_b: LearningNetwork
    team1: Datateam
    team2: Datateam

    def user(self, username: str) -> User:
        return User.objects.get(username=username)


def row_counts() -> dict[type[Model], int]:
    """The number of rows of every table, by model."""
    return {
        model: model._base_manager.count()
        for model in apps.get_models(include_auto_created=True)
        if model._meta.managed and not model._meta.proxy
    }


class _DemoRows:
    """The rows the base demo adds, taken from its first seeding in the session and
    inserted as they are for later tests: seeding through the services again for each of
    the hundreds of tests that start from the demo would take minutes. What the demo seeds
    is tested on its own (tests/demo)."""

    tables: list[tuple[type[Model], list[str], list[tuple[object, ...]]]] | None = None

    @classmethod
    def seed(cls) -> None:
        if cls.tables is not None:
            if not cls._insert():
                seed_demo(password=PASSWORD)
            return
        before = row_counts()
        seed_demo(password=PASSWORD)
        added = [model for model, count in row_counts().items() if count != before[model]]
        if any(before[model] for model in added):
            return  # the test's own rows came first and may be part of the demo now
        cls.tables = []
        for model in added:
            names = [field.attname for field in model._meta.concrete_fields]
            rows = list(model._base_manager.order_by("pk").values_list(*names))
            cls.tables.append((model, names, rows))

    @classmethod
    def _insert(cls) -> bool:
        """Insert the demo's rows; False, with nothing inserted, where they collide with
        rows the test made first (on SQLite a rolled-back test hands its ids out again)."""
        assert cls.tables is not None
        try:
            with transaction.atomic():
                for model, names, rows in cls.tables:
                    model._base_manager.bulk_create(
                        model(**dict(zip(names, row, strict=True))) for row in rows
                    )
                connection.check_constraints(
                    table_names=[model._meta.db_table for model, _, _ in cls.tables]
                )
        except IntegrityError:
            return False
        return True


@pytest.fixture
def demo(db) -> Demo:
    _DemoRows.seed()
    users = {u.username: u for u in User.objects.all()}
    schools = {s.code: s for s in School.objects.all()}
    return Demo(
        coordinator=users["coordinator"],
        coach=users["coach"],
        leader1=users["leader1"],
        teacher1=users["teacher1"],
        teacher2=users["teacher2"],
        outsider=users["outsider"],
        internal_coach=users["s3_coach"],
        quality_officer=users["s1_quality"],
        school1=schools["12AB"],
        school2=schools["23CD"],
        school3=schools["012345"],
        school5=schools["123456"],
        network_a=LearningNetwork.objects.get(name__startswith="Lerend netwerk"),
        network_b=LearningNetwork.objects.get(name__startswith="Leesnetwerk"),
        team1=Datateam.objects.get(school__code="12AB"),
        team2=Datateam.objects.get(school__code="23CD"),
    )


def client_for(user: User | None) -> Client:
    client = Client()
    if user is not None:
        client.force_login(user)
    return client


@pytest.fixture
def postgres(db) -> None:
    from django.db import connection

    if connection.vendor != "postgresql":
        require("REQUIRE_SERVICES", "needs PostgreSQL: set DATABASE_URL")


@pytest.fixture
def redis_url() -> str:
    url = django_settings.REDIS_URL
    if not url:
        require("REQUIRE_SERVICES", "needs Redis: set REDIS_URL")
    import redis

    try:
        redis.Redis.from_url(url, socket_connect_timeout=2).ping()
    except redis.RedisError as error:
        require("REQUIRE_SERVICES", f"Redis at REDIS_URL does not answer: {error}")
    return url
