"""Every response carries a request id in `X-Request-ID`: the one a proxy sent when it looks
like an id, a fresh one otherwise; the request's log record carries the same id."""

from __future__ import annotations

import logging
import re

import pytest

pytestmark = pytest.mark.django_db


def test_each_response_carries_a_fresh_request_id(client):
    first, second = client.get("/health/"), client.get("/login/")
    assert re.fullmatch(r"[0-9a-f]{32}", first["X-Request-ID"])
    assert re.fullmatch(r"[0-9a-f]{32}", second["X-Request-ID"])
    assert first["X-Request-ID"] != second["X-Request-ID"]


def test_it_keeps_the_id_a_proxy_sent(client):
    response = client.get("/login/", headers={"X-Request-ID": "a1b2c3d4-from-nginx"})
    assert response["X-Request-ID"] == "a1b2c3d4-from-nginx"


@pytest.mark.parametrize("offered", ["short", "two words here", "x" * 200, 'a"}{"level":"x'])
def test_it_replaces_an_id_that_is_not_one(client, offered):
    response = client.get("/login/", headers={"X-Request-ID": offered})
    assert re.fullmatch(r"[0-9a-f]{32}", response["X-Request-ID"])


def test_the_request_record_carries_the_id_of_the_response(client, caplog):
    with caplog.at_level(logging.INFO, logger="netwerk.requests"):
        response = client.get("/nothing-here/")
    records = [r for r in caplog.records if r.name == "netwerk.requests"]
    assert len(records) == 1
    assert records[0].status == 404
    assert records[0].request_id == response["X-Request-ID"]
