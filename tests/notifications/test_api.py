"""The notification API: your own notifications only, read one or all, and preferences."""

from __future__ import annotations

from rest_framework.test import APIClient

from notifications.models import Kind, KindPreference, Notification, NotificationSettings
from notifications.services import Event, deliver
from schools.models import User
from tests.conftest import Demo


def api(person: User | None) -> APIClient:
    client = APIClient(HTTP_ACCEPT_LANGUAGE="en")
    if person is not None:
        client.force_authenticate(person)
    return client


def given(person: User, key: str, *, actor: User | None = None) -> None:
    event = Event(kind=Kind.MENTION, key=key, title="Zittenblijven", url="/ruimtes/1/", actor=actor)
    deliver(event=event, recipient_ids=[person.pk])


def test_it_lists_only_your_own_notifications_newest_first(demo: Demo):
    given(demo.teacher1, "message:1", actor=demo.teacher2)
    given(demo.teacher1, "message:2", actor=demo.teacher2)
    given(demo.teacher2, "message:3", actor=demo.teacher1)
    body = api(demo.teacher1).get("/api/notifications/").json()
    assert body["count"] == 2
    first = body["results"][0]
    assert first["headline"] == "Jeroen Smit mentioned you in “Zittenblijven”"
    assert first["actor"] == "Jeroen Smit"
    assert first["url"] == "/ruimtes/1/"
    assert first["is_read"] is False
    assert body["results"][0]["id"] > body["results"][1]["id"]


def test_the_same_event_is_stored_once(demo: Demo):
    given(demo.teacher1, "message:1")
    given(demo.teacher1, "message:1")
    assert Notification.objects.count() == 1


def test_it_marks_one_read_and_filters_the_unread(demo: Demo):
    given(demo.teacher1, "message:1")
    given(demo.teacher1, "message:2")
    client = api(demo.teacher1)
    first = Notification.objects.get(key="message:1")
    marked = client.post(f"/api/notifications/{first.pk}/read/")
    assert marked.status_code == 200
    assert marked.json()["read_at"] is not None
    unread = client.get("/api/notifications/?unread=true").json()
    assert [n["id"] for n in unread["results"]] == [Notification.objects.get(key="message:2").pk]


def test_it_marks_all_read(demo: Demo):
    given(demo.teacher1, "message:1")
    given(demo.teacher1, "message:2")
    given(demo.teacher2, "message:3")
    response = api(demo.teacher1).post("/api/notifications/read-all/")
    assert response.json() == {"marked": 2}
    assert Notification.objects.get(key="message:3").read_at is None


def test_someone_elses_notification_is_not_found(demo: Demo):
    given(demo.teacher2, "message:1")
    theirs = Notification.objects.get()
    assert api(demo.teacher1).get(f"/api/notifications/{theirs.pk}/").status_code == 404
    assert api(demo.teacher1).post(f"/api/notifications/{theirs.pk}/read/").status_code == 404
    assert Notification.objects.get().read_at is None


def test_it_needs_a_signed_in_person(demo: Demo):
    assert api(None).get("/api/notifications/").status_code == 401
    assert api(None).get("/api/notification-preferences/").status_code == 401


def test_preferences_start_from_the_defaults(demo: Demo):
    body = api(demo.teacher1).get("/api/notification-preferences/").json()
    assert body["language"] == "nl"
    assert [k["kind"] for k in body["kinds"]] == list(Kind.values)
    assert all(k["in_app"] and not k["digest"] for k in body["kinds"])


def test_preferences_change_only_the_kinds_named(demo: Demo):
    client = api(demo.teacher1)
    response = client.put(
        "/api/notification-preferences/",
        {"language": "en", "kinds": [{"kind": "mention", "in_app": False, "digest": True}]},
        format="json",
    )
    assert response.status_code == 200
    kinds = {k["kind"]: k for k in response.json()["kinds"]}
    assert kinds["mention"]["in_app"] is False
    assert kinds["mention"]["digest"] is True
    assert kinds["reply"]["in_app"] is True
    assert kinds["reply"]["digest"] is False
    client.patch(
        "/api/notification-preferences/",
        {"kinds": [{"kind": "reply", "in_app": True, "digest": True}]},
        format="json",
    )
    assert NotificationSettings.objects.get(person=demo.teacher1).language == "en"
    assert set(KindPreference.objects.filter(digest=True).values_list("kind", flat=True)) == {
        "mention",
        "reply",
    }


def test_bad_preferences_are_refused_and_nothing_is_saved(demo: Demo):
    client = api(demo.teacher1)
    response = client.put(
        "/api/notification-preferences/",
        {"language": "fr", "kinds": [{"kind": "gossip", "in_app": True, "digest": True}]},
        format="json",
    )
    assert response.status_code == 400
    assert set(response.json()) == {"language", "kinds"}
    assert not KindPreference.objects.exists()
    assert not NotificationSettings.objects.exists()


def test_the_schema_lists_the_notification_endpoints(client):
    schema = client.get("/api/schema/", HTTP_ACCEPT="application/vnd.oai.openapi+json").json()
    for path in (
        "/api/notifications/",
        "/api/notifications/{id}/read/",
        "/api/notifications/read-all/",
        "/api/notification-preferences/",
    ):
        assert path in schema["paths"]
