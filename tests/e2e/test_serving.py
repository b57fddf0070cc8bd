"""The platform as `make run` serves it: a fresh database migrated and seeded by the
management commands, then uvicorn serving the ASGI application in its own process."""

from __future__ import annotations

import http.cookiejar
import os
import re
import subprocess
import sys
import urllib.parse
import urllib.request
from pathlib import Path

import pytest

from tests.e2e.servers import uvicorn

ROOT = Path(__file__).resolve().parents[2]

pytestmark = pytest.mark.slow


@pytest.fixture
def served(tmp_path):
    env = {
        k: v for k, v in os.environ.items() if k not in {"DATABASE_URL", "DJANGO_SETTINGS_MODULE"}
    }
    env["NETWERK_VAR_DIR"] = str(tmp_path)
    for command in (["migrate", "--noinput", "-v0"], ["seed_demo", "--password", "e2e-pass-9"]):
        subprocess.run([sys.executable, "manage.py", *command], cwd=ROOT, env=env, check=True)
    with uvicorn(env, "--ws-max-size", "65536") as (url, _server):
        yield url


def test_a_seeded_platform_serves_each_account_its_home_page(served):
    jar = http.cookiejar.CookieJar()
    opener = urllib.request.build_opener(urllib.request.HTTPCookieProcessor(jar))
    login_page = opener.open(f"{served}/login/").read().decode()
    match = re.search(r'name="csrfmiddlewaretoken" value="([^"]+)"', login_page)
    assert match is not None
    token = match.group(1)
    form = urllib.parse.urlencode(
        {"username": "coach", "password": "e2e-pass-9", "csrfmiddlewaretoken": token}
    ).encode()
    request = urllib.request.Request(f"{served}/login/", data=form, headers={"Referer": served})
    home = opener.open(request).read().decode()
    assert "Welkom, Sanne" in home
    assert "Externe datacoach" in home
    css = opener.open(f"{served}/static/frontend/css/netwerk.css")
    assert css.status == 200
