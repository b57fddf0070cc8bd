"""Password reset (a link used once), password change, and the profile page: name,
e-mail address and language, with a link to the notification settings."""

from __future__ import annotations

import re

import pytest
from django.core import mail
from django.test import Client
from django.urls import reverse

from notifications.services import preferences_of
from schools.models import User
from tests.conftest import PASSWORD, client_for

pytestmark = pytest.mark.django_db

NEW_PASSWORD = "Blauwe-Fiets-Zonder-Bel-7"


def reset_link(email: str) -> str:
    Client().post(reverse("account_reset_password"), {"email": email})
    body = str(mail.outbox[-1].body)
    match = re.search(r"https?://[^/\s]+(/accounts/password/reset/key/\S+/)", body)
    assert match, body
    return match.group(1)


def set_password_with(client: Client, link: str):
    form = client.get(link, follow=True)
    return client.post(
        form.redirect_chain[-1][0] if form.redirect_chain else link,
        {"password1": NEW_PASSWORD, "password2": NEW_PASSWORD},
    )


def test_a_reset_link_works_once(demo):
    link = reset_link(demo.teacher1.email)
    assert "Netwerk" in mail.outbox[-1].subject
    response = set_password_with(Client(), link)
    assert response.status_code == 302
    demo.teacher1.refresh_from_db()
    assert demo.teacher1.check_password(NEW_PASSWORD)

    again = Client().get(link, follow=True, headers={"Accept-Language": "nl"})
    page = again.content.decode()
    assert "ongeldig" in page.lower()
    assert 'name="password1"' not in page


def test_a_reset_for_an_unknown_address_sends_nothing_and_says_nothing_else(demo):
    response = Client().post(reverse("account_reset_password"), {"email": "nobody@example.org"})
    assert response.status_code == 302
    assert mail.outbox == []


def test_the_password_change_needs_the_current_password(demo):
    client = Client()
    client.post(reverse("login"), {"username": "teacher1", "password": PASSWORD})
    url = reverse("account_change_password")
    wrong = client.post(
        url, {"oldpassword": "wrong", "password1": NEW_PASSWORD, "password2": NEW_PASSWORD}
    )
    assert wrong.status_code == 200
    right = client.post(
        url, {"oldpassword": PASSWORD, "password1": NEW_PASSWORD, "password2": NEW_PASSWORD}
    )
    assert right.status_code == 302
    assert User.objects.get(pk=demo.teacher1.pk).check_password(NEW_PASSWORD)


def test_the_profile_saves_name_address_and_language(demo):
    client = client_for(demo.teacher1)
    page = client.get(reverse("profile")).content.decode()
    assert reverse("notification-preferences") in page
    response = client.post(
        reverse("profile"),
        {"first_name": "Els", "last_name": "Jansen", "email": "els@example.org", "language": "en"},
    )
    assert response.status_code == 302
    person = User.objects.get(pk=demo.teacher1.pk)
    assert (person.get_full_name(), person.email) == ("Els Jansen", "els@example.org")
    assert preferences_of(person)[0] == "en"
    assert response.cookies["django_language"].value == "en"


def test_the_profile_refuses_another_persons_address_and_saves_nothing(demo):
    client = client_for(demo.teacher1)
    response = client.post(
        reverse("profile"),
        {
            "first_name": "X",
            "last_name": "Y",
            "email": demo.teacher2.email.upper(),
            "language": "en",
        },
        headers={"Accept-Language": "nl"},
    )
    assert response.status_code == 200
    assert "dit e-mailadres al" in response.content.decode()
    person = User.objects.get(pk=demo.teacher1.pk)
    assert person.first_name != "X"
    assert preferences_of(person)[0] == "nl"
