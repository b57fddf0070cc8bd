"""Invitations by e-mail link: who may invite whom, one use, expiry, clear pages in the
person's language, and the account the link makes."""

from __future__ import annotations

import re
from datetime import timedelta

import pytest
from django.core import mail
from django.urls import reverse
from django.utils import timezone

from netwerk.models import Invitation, InvitedRole
from schools.models import CoachAssignment, SchoolMembership, User
from tests.conftest import client_for

pytestmark = pytest.mark.django_db

NEW_PASSWORD = "Rood-Huis-Lantaarn-42"


def invite(client, school, role: str, email: str, language: str = "nl"):
    return client.post(
        reverse("invite"),
        {"email": email, "school": school.pk, "role": role},
        headers={"Accept-Language": language},
    )


def link_in_last_mail() -> str:
    body = str(mail.outbox[-1].body)
    match = re.search(r"https?://[^/\s]+(/uitnodiging/\S+/)", body)
    assert match, body
    return match.group(1)


def accept(client, url: str, language: str = "nl"):
    return client.post(
        url,
        {
            "first_name": "Fenna",
            "last_name": "de Vries",
            "password1": NEW_PASSWORD,
            "password2": NEW_PASSWORD,
        },
        headers={"Accept-Language": language},
    )


def test_a_leader_invites_a_teacher_who_makes_her_account_once(
    demo, django_capture_on_commit_callbacks
):
    with django_capture_on_commit_callbacks(execute=True):
        response = invite(client_for(demo.leader1), demo.school1, "teacher", "Fenna@Example.org")
    assert response.status_code == 302
    assert mail.outbox[-1].to == ["fenna@example.org"]
    assert "uitgenodigd" in mail.outbox[-1].subject  # the inviter's language: Dutch
    url = link_in_last_mail()

    response = accept(client := client_for(None), url)
    assert response.status_code == 302
    assert response["Location"] == "/"
    person = User.objects.get(email="fenna@example.org")
    assert person.get_full_name() == "Fenna de Vries"
    assert SchoolMembership.objects.filter(
        person=person, school=demo.school1, role="teacher"
    ).exists()
    assert client.get("/").status_code == 200

    again = accept(client_for(None), url)
    assert again.status_code == 410
    assert "al gebruikt" in again.content.decode()
    assert User.objects.filter(email__iexact="fenna@example.org").count() == 1


def test_an_expired_invitation_is_refused_in_english_when_asked(
    demo, django_capture_on_commit_callbacks
):
    with django_capture_on_commit_callbacks(execute=True):
        invite(client_for(demo.leader1), demo.school1, "teacher", "late@example.org")
    Invitation.objects.update(expires_at=timezone.now() - timedelta(minutes=1))
    response = accept(client_for(None), link_in_last_mail(), language="en")
    assert response.status_code == 410
    assert "This invitation has expired" in response.content.decode()
    assert not User.objects.filter(email="late@example.org").exists()


def test_an_unknown_link_is_404(demo):
    response = client_for(None).get(reverse("invitation-accept", args=["not-a-real-token"]))
    assert response.status_code == 404


def test_a_leader_invites_an_external_coach(demo, django_capture_on_commit_callbacks):
    with django_capture_on_commit_callbacks(execute=True):
        invite(client_for(demo.leader1), demo.school1, InvitedRole.COACH, "coach.new@example.org")
    accept(client_for(None), link_in_last_mail())
    person = User.objects.get(email="coach.new@example.org")
    assert CoachAssignment.objects.filter(coach=person, school=demo.school1, ended_on=None).exists()


def test_a_leader_cannot_invite_a_leader_nor_for_another_school(demo):
    client = client_for(demo.leader1)
    assert invite(client, demo.school1, "leader", "x@example.org").status_code == 200
    assert invite(client, demo.school2, "teacher", "y@example.org").status_code == 200
    assert not Invitation.objects.exists()


def test_a_coordinator_invites_a_member_schools_leader_only(
    demo, django_capture_on_commit_callbacks
):
    client = client_for(demo.coordinator)
    assert invite(client, demo.school1, "teacher", "t@example.org").status_code == 200
    with django_capture_on_commit_callbacks(execute=True):
        assert invite(client, demo.school1, "leader", "boss@example.org").status_code == 302
    assert Invitation.objects.get().role == "leader"


def test_a_teacher_has_no_invitation_page(demo):
    assert client_for(demo.teacher1).get(reverse("invite")).status_code == 404


def test_mismatched_passwords_save_nothing(demo, django_capture_on_commit_callbacks):
    with django_capture_on_commit_callbacks(execute=True):
        invite(client_for(demo.leader1), demo.school1, "teacher", "typo@example.org")
    response = client_for(None).post(
        link_in_last_mail(),
        {"first_name": "A", "last_name": "B", "password1": NEW_PASSWORD, "password2": "other"},
    )
    assert response.status_code == 200
    assert not User.objects.filter(email="typo@example.org").exists()
    assert Invitation.objects.get().accepted_at is None
