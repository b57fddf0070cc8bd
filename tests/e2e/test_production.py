"""The platform served as in production (NETWERK_ENV=production behind a TLS proxy):
Django's deployment checks pass, and every response carries the security headers and
cookie flags the privacy promise depends on."""

from __future__ import annotations

import gzip
import http.client
import os
import re
import subprocess
import sys
import urllib.parse
from collections.abc import Iterator
from pathlib import Path

import pytest

from tests.e2e.servers import uvicorn

ROOT = Path(__file__).resolve().parents[2]
HOST = "netwerk.example"

pytestmark = pytest.mark.slow


def production_env(tmp_path: Path) -> dict[str, str]:
    env = {
        k: v
        for k, v in os.environ.items()
        if k
        not in {
            "DATABASE_URL",
            "REDIS_URL",
            "DJANGO_SETTINGS_MODULE",
            "DEBUG",
            "DJANGO_ALLOW_ASYNC_UNSAFE",
        }
    }
    return env | {
        "NETWERK_ENV": "production",
        "SECRET_KEY": "p" * 20 + "roduction-key-for-the-header-tests-" + "x" * 20,
        "ALLOWED_HOSTS": HOST,
        "NETWERK_VAR_DIR": str(tmp_path),
    }


def manage(env: dict[str, str], *args: str) -> subprocess.CompletedProcess[str]:
    return subprocess.run(
        [sys.executable, "manage.py", *args],
        cwd=ROOT,
        env=env,
        capture_output=True,
        text=True,
        check=False,
    )


def test_the_deployment_checks_pass_without_warnings(tmp_path: Path) -> None:
    result = manage(production_env(tmp_path), "check", "--deploy", "--fail-level", "WARNING")
    assert result.returncode == 0, result.stdout + result.stderr


@pytest.fixture(scope="module")
def production(tmp_path_factory) -> Iterator[int]:
    env = production_env(tmp_path_factory.mktemp("production"))
    for command in (
        ["migrate", "--noinput", "-v0"],
        ["collectstatic", "--noinput", "-v0"],
        ["seed_demo", "--password", "prod-pass-3"],
    ):
        done = manage(env, *command)
        assert done.returncode == 0, done.stderr
    # A static file served from a synchronous iterator would make Django warn under ASGI
    # (and hold a thread per download); here that warning is an error the client would see.
    env["PYTHONWARNINGS"] = "error:StreamingHttpResponse must consume"
    with uvicorn(env, "--proxy-headers", "--forwarded-allow-ips", "127.0.0.1") as (url, _server):
        yield int(url.rsplit(":", 1)[1])


def request(
    method: str,
    port: int,
    path: str,
    *,
    https: bool = True,
    body: str | None = None,
    headers: dict[str, str] | None = None,
) -> http.client.HTTPResponse:
    connection = http.client.HTTPConnection("127.0.0.1", port, timeout=10)
    sent = {"Host": HOST, **({"X-Forwarded-Proto": "https"} if https else {}), **(headers or {})}
    connection.request(method, path, body=body, headers=sent)
    response = connection.getresponse()
    response.body = response.read().decode("utf-8", errors="replace")  # type: ignore[attr-defined]
    return response


def cookies(response: http.client.HTTPResponse) -> dict[str, str]:
    return {
        header.split("=", 1)[0]: header for header in response.headers.get_all("Set-Cookie") or []
    }


def test_plain_http_is_redirected_except_the_health_check(production: int) -> None:
    redirected = request("GET", production, "/login/", https=False)
    assert redirected.status == 301
    assert redirected.headers["Location"] == f"https://{HOST}/login/"
    assert request("GET", production, "/health/", https=False).status == 200


def test_pages_carry_the_security_headers_and_safe_cookies(production: int) -> None:
    page = request("GET", production, "/login/")
    assert page.status == 200
    headers = page.headers
    assert headers["Strict-Transport-Security"] == "max-age=31536000; includeSubDomains; preload"
    policy = headers["Content-Security-Policy"]
    assert "unsafe-inline" not in policy
    assert "unsafe-eval" not in policy
    assert "frame-ancestors 'none'" in policy
    assert "script-src 'self'" in policy
    assert headers["X-Content-Type-Options"] == "nosniff"
    assert headers["Referrer-Policy"] == "same-origin"
    assert headers["X-Frame-Options"] == "DENY"
    csrf = cookies(page)["csrftoken"]
    assert "Secure" in csrf
    assert "SameSite=Lax" in csrf
    assert "Domain=" not in csrf  # host-only

    token = re.search(r"csrftoken=([^;]+)", csrf)
    assert token is not None
    form = urllib.parse.urlencode(
        {"username": "teacher1", "password": "prod-pass-3", "csrfmiddlewaretoken": token.group(1)}
    )
    login = request(
        "POST",
        production,
        "/login/",
        body=form,
        headers={
            "Content-Type": "application/x-www-form-urlencoded",
            "Cookie": f"csrftoken={token.group(1)}",
            "Referer": f"https://{HOST}/login/",
        },
    )
    assert login.status == 302
    session = cookies(login)["sessionid"]
    assert "Secure" in session
    assert "HttpOnly" in session
    assert "SameSite=Lax" in session
    assert "Domain=" not in session


def test_static_files_have_hashed_names_and_long_caching(production: int) -> None:
    page = request("GET", production, "/login/")
    stylesheet = re.search(r'href="(/static/frontend/css/netwerk\.[0-9a-f]{12}\.css)"', page.body)  # type: ignore[attr-defined]
    assert stylesheet is not None
    css = request("GET", production, stylesheet.group(1))
    assert css.status == 200
    assert css.headers["Content-Type"] == 'text/css; charset="utf-8"'
    assert "max-age=315360000" in css.headers["Cache-Control"]
    assert "immutable" in css.headers["Cache-Control"]
    assert ".page" in css.body  # type: ignore[attr-defined]


def test_static_files_are_served_compressed_to_clients_that_accept_it(production: int) -> None:
    page = request("GET", production, "/login/")
    stylesheet = re.search(r'href="(/static/frontend/css/netwerk\.[0-9a-f]{12}\.css)"', page.body)  # type: ignore[attr-defined]
    assert stylesheet is not None
    plain = request("GET", production, stylesheet.group(1))
    connection = http.client.HTTPConnection("127.0.0.1", production, timeout=10)
    connection.request(
        "GET",
        stylesheet.group(1),
        headers={"Host": HOST, "X-Forwarded-Proto": "https", "Accept-Encoding": "gzip"},
    )
    compressed = connection.getresponse()
    body = compressed.read()
    assert compressed.status == 200
    assert compressed.headers["Content-Encoding"] == "gzip"
    assert compressed.headers["Vary"] == "Accept-Encoding"
    assert gzip.decompress(body).decode() == plain.body  # type: ignore[attr-defined]
    assert len(body) < len(plain.body) / 2  # type: ignore[attr-defined]
