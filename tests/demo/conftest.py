"""The whole demo (`manage.py seed_demo`), seeded once for the tests of this package.

The seed runs in a transaction that stays open while the package's tests run and is rolled
back after the last one. Each test runs in a savepoint of its own inside it (pytest-django's
``db``), so what one test changes the next does not see. Tests here must not ask for
``transactional_db`` or a live server: those would not see the open transaction.
"""

from __future__ import annotations

from collections.abc import Iterator
from io import StringIO

import pytest
from django.core.management import call_command
from django.db import transaction
from django.test import override_settings
from django.utils import translation
from pytest_django import DjangoDbBlocker

from tests.conftest import FAST_HASHERS

DEMO_PASSWORD = "demo-pass-1"


def seed(password: str = DEMO_PASSWORD) -> None:
    call_command("seed_demo", "--password", password, stdout=StringIO())


@pytest.fixture(scope="package")
def _seeded_once(django_db_setup: None, django_db_blocker: DjangoDbBlocker) -> Iterator[None]:
    with (
        django_db_blocker.unblock(),
        translation.override("en"),
        override_settings(PASSWORD_HASHERS=FAST_HASHERS),
        transaction.atomic(),
    ):
        seed()
        yield
        transaction.set_rollback(True)


@pytest.fixture(autouse=True)
def seeded(_seeded_once: None, db: None) -> None:
    """Every test of the package sees the seeded demo."""
