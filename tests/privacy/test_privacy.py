"""The audit log, a person's data export and erasure: through the pages, the API and the
commands a school's leader, the person and the privacy officer use."""

from __future__ import annotations

import datetime
import json
from io import StringIO
from pathlib import Path

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.core.management import call_command
from django.core.management.base import CommandError
from django.urls import reverse
from django.utils import timezone
from rest_framework.test import APIClient

from casestudies import services as case_services
from casestudies.demo import seed_demo_cases
from casestudies.models import CaseStudy, Publication
from discussions import services as room_services
from discussions.models import Message
from privacy.models import AuditEvent
from schools.models import User
from tests.conftest import PASSWORD, Demo, client_for

pytestmark = pytest.mark.django_db


@pytest.fixture(autouse=True)
def _media(settings, tmp_path: Path) -> None:
    settings.MEDIA_ROOT = tmp_path / "media"


def api_for(user: User) -> APIClient:
    client = APIClient()
    client.force_authenticate(user)
    return client


def test_views_of_private_data_are_logged_and_shown_to_the_schools_leaders_only(demo: Demo):
    dataset = case_services.upload_dataset(
        school=demo.school1,
        person=demo.teacher1,
        uploaded_file=SimpleUploadedFile("leerlingen.csv", b"a;b\n1;2\n"),
    )
    seed_demo_cases()
    case = CaseStudy.objects.filter(datateam=demo.team1).first()
    assert case is not None
    teacher = client_for(demo.teacher1)
    assert teacher.get(reverse("dataset-detail", args=[dataset.pk])).status_code == 200
    assert teacher.get(reverse("case-detail", args=[case.pk])).status_code == 200
    assert api_for(demo.coach).get(f"/api/cases/{case.pk}/").status_code == 200
    # Lists and other schools' people record nothing; a refused request records nothing.
    assert client_for(demo.teacher2).get(reverse("case-detail", args=[case.pk])).status_code == 404
    events = AuditEvent.objects.filter(school=demo.school1, action=AuditEvent.Action.VIEW)
    assert [(e.actor, e.object_type, e.via) for e in events.order_by("id")] == [
        (demo.teacher1, "casestudies.dataset", "page"),
        (demo.teacher1, "casestudies.casestudy", "page"),
        (demo.coach, "casestudies.casestudy", "api"),
    ]
    # Publishing by the demo recorded who shared what.
    published = AuditEvent.objects.filter(school=demo.school1, action=AuditEvent.Action.PUBLISH)
    assert published.exists()
    assert all(e.object_type == "casestudies.publication" for e in published)

    page = client_for(demo.leader1).get(reverse("audit-log", args=[demo.school1.pk]))
    assert page.status_code == 200
    text = page.content.decode()
    assert demo.teacher1.display_name in text
    assert case.title in text
    filtered = client_for(demo.leader1).get(
        reverse("audit-log", args=[demo.school1.pk]), {"action": "publish"}
    )
    assert demo.teacher1.display_name not in filtered.content.decode()
    for someone in (demo.teacher1, demo.coach, demo.coordinator, demo.outsider):
        refused = client_for(someone).get(reverse("audit-log", args=[demo.school1.pk]))
        assert refused.status_code == 404

    listing = api_for(demo.leader1).get(f"/api/schools/{demo.school1.pk}/audit/?action=view")
    assert listing.status_code == 200
    assert listing.json()["count"] == 3
    assert api_for(demo.teacher1).get(f"/api/schools/{demo.school1.pk}/audit/").status_code == 404


def test_a_person_downloads_everything_held_about_them(demo: Demo):
    seed_demo_cases()
    room = room_services.open_theme_room(
        network=demo.network_a, person=demo.coordinator, title="Lezen"
    )
    room_services.post_message(
        room=room, author=demo.teacher1, client_id="c1", body="Wie heeft ervaring?"
    )
    response = client_for(demo.teacher1).post(reverse("my-data"))
    assert response.status_code == 200
    assert response["Content-Disposition"].startswith("attachment;")
    data = json.loads(response.content)
    assert data["person"]["username"] == "teacher1"
    assert "password" not in json.dumps(data["person"])
    records = data["records"]
    assert [m["body"] for m in records["discussions.message"]] == ["Wie heeft ervaring?"]
    assert {r["school"] for r in records["schools.schoolmembership"]} == {demo.school1.pk}
    assert "authtoken.token" not in records
    # Nobody else's messages.
    assert all(m["author"] == demo.teacher1.pk for m in records["discussions.message"])
    # The same export over the API and the command.
    api = api_for(demo.teacher1).get("/api/me/data/")
    assert api.json()["records"]["discussions.message"][0]["body"] == "Wie heeft ervaring?"
    out = StringIO()
    call_command("export_person", "teacher1", stdout=out)
    assert json.loads(out.getvalue())["person"]["email"] == demo.teacher1.email
    assert client_for(demo.teacher1).get(reverse("my-data")).status_code == 200


def test_erasure_replaces_the_name_closes_the_account_and_keeps_shared_content(demo: Demo):
    seed_demo_cases()
    room = room_services.open_theme_room(
        network=demo.network_a, person=demo.coordinator, title="Lezen"
    )
    own = room_services.post_message(
        room=room, author=demo.teacher1, client_id="c1", body="Ons plan werkt."
    )
    other = room_services.post_message(
        room=room, author=demo.teacher2, client_id="c2", body="Dank je @teacher1, goed idee."
    )
    publications_before = Publication.objects.count()
    with pytest.raises(CommandError, match="--yes"):
        call_command("erase_person", "teacher1")
    call_command("erase_person", demo.teacher1.email, "--yes", stdout=StringIO())

    person = User.objects.get(pk=demo.teacher1.pk)
    assert person.username == f"erased-{person.pk}"
    assert (person.first_name, person.last_name, person.email) == ("", "", "")
    assert not person.is_active
    assert not person.has_usable_password()
    assert person.display_name == "Former participant"
    # Their message stays, under the replaced name; mentions of them name the erased account.
    assert Message.objects.get(pk=own.message.pk).author == person
    mention = Message.objects.get(pk=other.message.pk)
    assert "@teacher1" not in mention.body
    assert "teacher1" not in mention.body_html
    assert Publication.objects.count() == publications_before
    # The account can no longer log in; the erasure is in the school's audit log.
    assert not client_for(None).login(username="teacher1", password=PASSWORD)
    assert AuditEvent.objects.filter(
        school=demo.school1, action=AuditEvent.Action.ERASE, object_id=person.pk
    ).exists()
    with pytest.raises(CommandError, match="erased already"):
        call_command("erase_person", f"erased-{person.pk}", "--yes")


def test_audit_events_past_the_retention_period_are_purged(demo: Demo, settings):
    settings.NETWERK_AUDIT_RETENTION_DAYS = 90
    # Played on the days it happened: Het Baken published this autumn, De Regenboog in June.
    seed_demo_cases()
    cutoff = timezone.now() - datetime.timedelta(days=90)
    events = AuditEvent.objects.filter(school=demo.school1)
    kept = events.filter(at__gte=cutoff).count()
    expired = AuditEvent.objects.filter(at__lt=cutoff).count()
    old = AuditEvent.objects.create(
        school=demo.school1, action=AuditEvent.Action.VIEW, object_type="x", object_id=1
    )
    AuditEvent.objects.filter(pk=old.pk).update(at=timezone.now() - datetime.timedelta(days=91))
    out = StringIO()
    call_command("purge_audit_log", stdout=out)
    assert out.getvalue().strip() == f"{expired + 1} audit events deleted."
    assert events.count() == kept > 0
    assert not AuditEvent.objects.filter(at__lt=cutoff).exists()
