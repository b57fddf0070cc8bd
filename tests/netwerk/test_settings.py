"""Production refuses unsafe configuration; the embedded defaults need no environment."""

from __future__ import annotations

import os
import subprocess
import sys

import pytest

from netwerk.settings import DEVELOPMENT_SECRET_KEY

STRONG_KEY = "k" * 20 + "-production-secret-0123456789-abcdefghij"


def load_settings(**env: str) -> subprocess.CompletedProcess[str]:
    clean = {k: v for k, v in os.environ.items() if k not in {"DEBUG", "SECRET_KEY", "NETWERK_ENV"}}
    return subprocess.run(
        [
            sys.executable,
            "-c",
            "import netwerk.settings as s; print(s.DEBUG, s.DATABASES['default']['ENGINE'])",
        ],
        env=clean | env,
        capture_output=True,
        text=True,
        check=False,
    )


def test_production_refuses_the_development_secret_key():
    result = load_settings(NETWERK_ENV="production", ALLOWED_HOSTS="netwerk.example")
    assert result.returncode != 0
    assert "SECRET_KEY" in result.stderr


def test_production_refuses_debug():
    result = load_settings(
        NETWERK_ENV="production", SECRET_KEY=STRONG_KEY, DEBUG="1", ALLOWED_HOSTS="x.example"
    )
    assert result.returncode != 0
    assert "DEBUG" in result.stderr


def test_production_starts_with_safe_settings():
    result = load_settings(
        NETWERK_ENV="production", SECRET_KEY=STRONG_KEY, ALLOWED_HOSTS="x.example"
    )
    assert result.returncode == 0, result.stderr
    assert result.stdout.startswith("False")


def test_without_environment_the_platform_runs_on_sqlite():
    env = {k: v for k, v in os.environ.items() if k not in {"DATABASE_URL", "REDIS_URL"}}
    result = subprocess.run(
        [
            sys.executable,
            "-c",
            "import netwerk.settings as s; "
            "print(s.DATABASES['default']['ENGINE'], s.CHANNEL_LAYERS['default']['BACKEND'])",
        ],
        env=env,
        capture_output=True,
        text=True,
        check=True,
    )
    assert result.stdout.split() == [
        "django.db.backends.sqlite3",
        "channels.layers.InMemoryChannelLayer",
    ]


def test_the_development_key_is_not_a_secret_anyone_could_use_in_production():
    assert "insecure" in DEVELOPMENT_SECRET_KEY


@pytest.mark.parametrize("url", ["postgres://postgres@127.0.0.1:5432/netwerk"])
def test_database_url_selects_postgresql_with_psycopg(url):
    result = subprocess.run(
        [
            sys.executable,
            "-c",
            "import netwerk.settings as s; print(s.DATABASES['default']['ENGINE'])",
        ],
        env=os.environ | {"DATABASE_URL": url},
        capture_output=True,
        text=True,
        check=True,
    )
    assert result.stdout.strip() == "django.db.backends.postgresql"
