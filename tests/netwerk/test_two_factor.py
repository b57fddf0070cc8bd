"""Two-factor sign-in (TOTP): asked after a correct password, a wrong code counts towards
the login lockout (429), and the roles in NETWERK_MFA_REQUIRED_ROLES must set it up."""

from __future__ import annotations

import pytest
from allauth.mfa.totp.internal.auth import (
    TOTP,
    format_hotp_value,
    generate_totp_secret,
    hotp_value,
    yield_hotp_counters_from_time,
)
from django.conf import settings
from django.test import Client
from django.urls import reverse

from tests.conftest import PASSWORD, client_for

pytestmark = pytest.mark.django_db


def with_totp(person):
    secret = generate_totp_secret()
    TOTP.activate(person, secret)
    return secret


def password_step(client: Client, username: str = "teacher1"):
    return client.post(reverse("login"), {"username": username, "password": PASSWORD})


def test_a_correct_password_asks_for_the_code_then_signs_in(demo):
    secret = with_totp(demo.teacher1)
    client = Client()
    response = password_step(client)
    assert response.status_code == 302
    assert response["Location"] == reverse("mfa_authenticate")
    assert client.get("/").status_code == 302  # not signed in yet
    code = format_hotp_value(hotp_value(secret, next(yield_hotp_counters_from_time())))
    response = client.post(reverse("mfa_authenticate"), {"code": code})
    assert response.status_code == 302
    assert client.get("/").status_code == 200


def test_wrong_codes_lock_the_login_out_with_429_in_dutch(demo):
    with_totp(demo.teacher1)
    client = Client()
    password_step(client)
    answers = [
        client.post(reverse("mfa_authenticate"), {"code": "000000"}).status_code
        for _attempt in range(settings.AXES_FAILURE_LIMIT)
    ]
    assert answers[:-1] == [200] * (settings.AXES_FAILURE_LIMIT - 1)
    assert answers[-1] == 429
    response = client.post(reverse("mfa_authenticate"), {"code": "000000"})
    assert response.status_code == 429
    assert "Te veel pogingen" in response.content.decode()
    # The password page holds the same lockout for this username.
    assert password_step(Client()).status_code == 429


def test_a_leader_without_two_factor_is_sent_to_set_it_up(demo, settings):
    settings.NETWERK_MFA_REQUIRED_ROLES = ["leader", "coordinator"]
    for person in (demo.leader1, demo.coordinator):
        response = client_for(person).get("/")
        assert response.status_code == 302
        assert response["Location"].startswith(reverse("mfa_activate_totp"))
    assert client_for(demo.teacher1).get("/").status_code == 200


def test_a_leader_with_two_factor_reaches_the_pages(demo, settings):
    settings.NETWERK_MFA_REQUIRED_ROLES = ["leader"]
    with_totp(demo.leader1)
    assert client_for(demo.leader1).get("/").status_code == 200


def test_the_setup_page_is_in_the_sites_layout_and_in_dutch(demo, settings):
    settings.NETWERK_MFA_REQUIRED_ROLES = ["leader"]
    client = Client()
    client.post(reverse("login"), {"username": "leader1", "password": PASSWORD})
    page = client.get("/", follow=True, headers={"Accept-Language": "nl"})
    assert page.status_code == 200
    html = page.content.decode()
    assert 'class="account-page"' in html
    assert "frontend/css/netwerk.css" in html
    assert 'lang="nl"' in html
    # allauth asks for the password once more before a new authenticator is added.
    assert reverse("account_reauthenticate") in page.redirect_chain[-1][0]
    assert "Toegang bevestigen" in html
