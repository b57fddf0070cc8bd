"""Single sign-on with OpenID Connect, end to end against a real provider process
(oidc-provider-mock on a local port): an invited address signs on and gets its account;
an address nobody invited is refused and nothing is stored."""

from __future__ import annotations

from collections.abc import Iterator
from urllib.parse import urljoin

import pytest
import requests
from allauth.socialaccount.models import SocialAccount
from django.contrib.sessions.models import Session
from django.test import Client
from django.urls import reverse

from netwerk.models import Invitation
from schools.models import SchoolMembership, User
from tests.conftest import client_for, row_counts

pytestmark = [pytest.mark.django_db, pytest.mark.integration]


@pytest.fixture(scope="module")
def provider() -> Iterator[str]:
    from oidc_provider_mock import run_server_in_thread

    with run_server_in_thread() as server:
        yield f"http://localhost:{server.server_port}"


@pytest.fixture
def sign_on(provider: str, settings) -> str:
    settings.SOCIALACCOUNT_PROVIDERS = {
        "openid_connect": {
            "APPS": [
                {
                    "provider_id": "school",
                    "name": "Schoolaccount",
                    "client_id": "netwerk",
                    "secret": "netwerk-secret",
                    "settings": {"server_url": provider, "scope": ["openid", "email", "profile"]},
                }
            ]
        }
    }
    return provider


def provider_user(provider: str, sub: str, email: str, verified: bool = True) -> None:
    claims: dict[str, str | bool] = {
        "email": email,
        "email_verified": verified,
        "given_name": "Ada",
        "family_name": "Smit",
    }
    requests.put(f"{provider}/users/{sub}", json=claims, timeout=5).raise_for_status()


def sign_on_as(client: Client, sub: str):
    """Start on the login page's button, authorise at the provider, follow the callback."""
    start = client.post(reverse("openid_connect_login", args=["school"]))
    assert start.status_code == 302, start
    authorize = start["Location"]
    answer = requests.post(authorize, data={"sub": sub}, allow_redirects=False, timeout=5)
    assert answer.status_code == 302, answer.text
    callback = urljoin("http://testserver/", answer.headers["Location"])
    return client.get(callback.removeprefix("http://testserver"))


def test_an_invited_address_signs_on_and_gets_its_role(demo, sign_on):
    invitation = Invitation.objects.create(
        email="ada.smit@example.org",
        school=demo.school1,
        role="teacher",
        invited_by=demo.leader1,
        token_hash="x" * 64,
        expires_at="2999-01-01T00:00:00Z",
    )
    provider_user(sign_on, "ada", "Ada.Smit@example.org")
    client = Client()
    response = sign_on_as(client, "ada")
    assert response.status_code == 302, response.content[:500]
    person = User.objects.get(email__iexact="ada.smit@example.org")
    assert person.get_full_name() == "Ada Smit"
    assert not person.has_usable_password()
    assert SchoolMembership.objects.filter(
        person=person, school=demo.school1, role="teacher"
    ).exists()
    invitation.refresh_from_db()
    assert invitation.accepted_by == person
    assert client.get("/").status_code == 200


def test_an_existing_account_signs_on_by_its_verified_address(demo, sign_on):
    provider_user(sign_on, "t1", demo.teacher1.email.upper())
    client = Client()
    assert sign_on_as(client, "t1").status_code == 302
    assert client.get("/").wsgi_request.user == demo.teacher1
    assert SocialAccount.objects.get(uid="t1").user == demo.teacher1


def test_an_uninvited_address_is_refused_and_nothing_is_stored(demo, sign_on):
    provider_user(sign_on, "stranger", "stranger@example.org")
    before = row_counts()
    response = sign_on_as(client := Client(), "stranger")
    assert response.status_code == 403
    assert "Inloggen geweigerd" in response.content.decode()
    assert client.get("/").status_code == 302
    # Only the visitor's own session (which held the sign-on's state) is a new row.
    changed = {model for model, n in row_counts().items() if n != before[model]}
    assert changed <= {Session}


def test_an_unverified_address_is_refused(demo, sign_on):
    provider_user(sign_on, "t1-unverified", demo.teacher1.email, verified=False)
    assert sign_on_as(Client(), "t1-unverified").status_code == 403
    assert not SocialAccount.objects.exists()


def test_the_login_page_offers_sign_on_when_configured(demo, sign_on):
    page = client_for(None).get(reverse("login")).content.decode()
    assert "Inloggen met Schoolaccount" in page
