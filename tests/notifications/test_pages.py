"""The bell in the header, the list page and the settings page."""

from __future__ import annotations

import re

from notifications.models import Kind, KindPreference, Notification, NotificationSettings
from notifications.services import Event, deliver
from schools.models import User
from tests.conftest import Demo, client_for


def given(person: User, key: str, *, title: str = "Zittenblijven", actor=None) -> Notification:
    event = Event(kind=Kind.MENTION, key=key, title=title, url="/ruimtes/7/", actor=actor)
    deliver(event=event, recipient_ids=[person.pk])
    return Notification.objects.get(recipient=person, key=key)


def count_in_header(html: str) -> str | None:
    match = re.search(r'id="notification-count">(\d+)<', html)
    return match.group(1) if match else None


def test_the_header_shows_the_unread_count_only_when_there_is_something(demo: Demo):
    client = client_for(demo.teacher1)
    assert count_in_header(client.get("/").text) is None
    given(demo.teacher1, "message:1")
    given(demo.teacher1, "message:2")
    page = client.get("/")
    assert count_in_header(page.text) == "2"
    assert 'href="/meldingen/"' in page.text


def test_the_list_shows_headlines_escaped_and_links_to_the_thing(demo: Demo):
    given(demo.teacher1, "message:1", title="<script>alert(1)</script>", actor=demo.teacher2)
    page = client_for(demo.teacher1).get("/meldingen/", HTTP_ACCEPT_LANGUAGE="en")
    assert page.status_code == 200
    assert "Jeroen Smit mentioned you in “&lt;script&gt;alert(1)&lt;/script&gt;”" in page.text
    assert "<script>alert" not in page.text
    assert 'href="/ruimtes/7/"' in page.text
    assert re.findall(r"<script|style=", page.text) == []
    assert "script-src 'self'" in page["Content-Security-Policy"]


def test_one_is_marked_read_and_then_all(demo: Demo):
    first = given(demo.teacher1, "message:1")
    given(demo.teacher1, "message:2")
    client = client_for(demo.teacher1)
    response = client.post("/meldingen/", {"action": "read", "id": first.pk})
    assert response.status_code == 302
    first.refresh_from_db()
    assert first.read_at is not None
    assert count_in_header(client.get("/").text) == "1"
    client.post("/meldingen/", {"action": "read_all"})
    assert count_in_header(client.get("/").text) is None
    assert not Notification.objects.filter(read_at__isnull=True).exists()


def test_the_unread_filter_hides_what_was_read(demo: Demo):
    read = given(demo.teacher1, "message:1", title="Gelezen onderwerp")
    given(demo.teacher1, "message:2", title="Nieuw onderwerp")
    client = client_for(demo.teacher1)
    client.post("/meldingen/", {"action": "read", "id": read.pk})
    page = client.get("/meldingen/?unread=1").text
    assert "Nieuw onderwerp" in page
    assert "Gelezen onderwerp" not in page


def test_nobody_marks_someone_elses_notification(demo: Demo):
    theirs = given(demo.teacher2, "message:1")
    response = client_for(demo.teacher1).post("/meldingen/", {"action": "read", "id": theirs.pk})
    assert response.status_code == 404
    theirs.refresh_from_db()
    assert theirs.read_at is None


def test_the_pages_need_a_signed_in_person(demo: Demo):
    assert client_for(None).get("/meldingen/").status_code == 302
    assert client_for(None).get("/meldingen/instellingen/").status_code == 302


def test_the_settings_page_saves_what_a_person_receives(demo: Demo):
    client = client_for(demo.teacher1)
    page = client.get("/meldingen/instellingen/", HTTP_ACCEPT_LANGUAGE="en")
    assert page.status_code == 200
    assert 'name="in_app_mention" id="id_in_app_mention" checked' in page.text
    assert 'name="digest_mention" id="id_digest_mention" >' in page.text
    form = {f"in_app_{kind}": "on" for kind in Kind.values if kind != "reply"}
    form |= {"digest_action_due": "on", "language": "en"}
    response = client.post("/meldingen/instellingen/", form)
    assert response.status_code == 302
    assert NotificationSettings.objects.get(person=demo.teacher1).language == "en"
    reply = KindPreference.objects.get(person=demo.teacher1, kind="reply")
    assert (reply.in_app, reply.digest) == (False, False)
    due = KindPreference.objects.get(person=demo.teacher1, kind="action_due")
    assert (due.in_app, due.digest) == (True, True)
    again = client.get("/meldingen/instellingen/").text
    assert 'name="digest_action_due" id="id_digest_action_due" checked' in again


def test_a_bad_language_is_refused_on_the_settings_page(demo: Demo):
    client = client_for(demo.teacher1)
    response = client.post("/meldingen/instellingen/", {"language": "fr"})
    assert response.status_code == 200
    assert not NotificationSettings.objects.exists()
