"""The daily e-mail digest: only for people who asked, once per notification, in the
person's language, headlines and links only."""

from __future__ import annotations

import datetime

import pytest
from django.core import mail
from django.core.management import call_command
from django.utils import timezone

from notifications.models import Digest, Kind, Notification
from notifications.services import Choice, mark_read, set_preferences
from tests.notifications.conftest import World, post


@pytest.fixture(autouse=True)
def _mail_outbox(settings):
    settings.EMAIL_BACKEND = "django.core.mail.backends.locmem.EmailBackend"
    settings.NETWERK_SITE_URL = "https://netwerk.example.org"


def html_of(email: mail.EmailMessage) -> str:
    assert isinstance(email, mail.EmailMultiAlternatives)
    content, mimetype = email.alternatives[0]
    assert mimetype == "text/html"
    return str(content)


def wants_digest(person, *kinds: str, language: str = "en") -> None:
    set_preferences(
        person=person,
        language=language,
        kinds={kind: Choice(in_app=True, digest=True) for kind in kinds},
    )


def mention(world: World, committed, body: str = "@teacher1 @leader1 kijk even") -> None:
    with committed():
        post(world.room, world.demo.teacher2, body)


def test_nobody_gets_an_email_without_asking(world: World, committed):
    mention(world, committed)
    call_command("send_digest")
    assert mail.outbox == []


def test_the_digest_goes_once_to_each_person_who_asked(world: World, committed):
    demo = world.demo
    wants_digest(demo.teacher1, Kind.MENTION)
    mention(world, committed)
    mention(world, committed, "@teacher1 nog een vraag")
    call_command("send_digest")
    call_command("send_digest")
    assert len(mail.outbox) == 1
    email = mail.outbox[0]
    assert email.to == ["teacher1@demo.netwerk.invalid"]
    assert email.subject == "Netwerk: 2 new notifications"
    assert "Hello Lotte Jansen," in email.body
    assert "Jeroen Smit mentioned you in “Zittenblijven in havo 4”" in email.body
    assert f"https://netwerk.example.org/ruimtes/{world.room.pk}/" in email.body
    html = html_of(email)
    assert f'href="https://netwerk.example.org/ruimtes/{world.room.pk}/#bericht-' in html
    digest = Digest.objects.get()
    assert digest.notifications.count() == 2


def test_a_later_digest_lists_only_what_came_after_the_last_one(world: World, committed):
    demo = world.demo
    wants_digest(demo.teacher1, Kind.MENTION)
    mention(world, committed, "@teacher1 eerste")
    call_command("send_digest")
    mention(world, committed, "@teacher1 tweede")
    call_command("send_digest")
    assert len(mail.outbox) == 2
    assert mail.outbox[1].subject == "Netwerk: 1 new notification"
    assert Notification.objects.filter(digest__isnull=True).count() == 0


def test_it_leaves_out_kinds_not_chosen_read_notifications_and_message_texts(
    world: World, committed
):
    demo = world.demo
    wants_digest(demo.teacher1, Kind.REPLY)
    mention(world, committed, "@teacher1 geheim detail uit het gesprek")
    call_command("send_digest")
    assert mail.outbox == []
    wants_digest(demo.teacher1, Kind.MENTION)
    mark_read(notification=Notification.objects.get(recipient=demo.teacher1))
    mention(world, committed, "@teacher1 nog een geheim detail")
    call_command("send_digest")
    [email] = mail.outbox
    assert email.subject == "Netwerk: 1 new notification"
    assert "geheim detail" not in email.body
    assert "geheim detail" not in html_of(email)


def test_it_is_written_in_the_persons_language(world: World, committed):
    demo = world.demo
    wants_digest(demo.teacher1, Kind.MENTION, language="en")
    wants_digest(demo.leader1, Kind.MENTION, language="nl")
    mention(world, committed)
    call_command("send_digest")
    by_person = {email.to[0].split("@")[0]: email for email in mail.outbox}
    assert '<html lang="en">' in html_of(by_person["teacher1"])
    assert '<html lang="nl">' in html_of(by_person["leader1"])
    assert Digest.objects.get(recipient=demo.leader1).language == "nl"


def test_personal_data_in_a_title_is_replaced_in_the_email(world: World, committed):
    demo = world.demo
    wants_digest(demo.teacher1, Kind.MENTION)
    world.room.title = "Over leerling 4567890"
    world.room.save(update_fields=["title"])
    mention(world, committed)
    call_command("send_digest")
    assert "4567890" not in mail.outbox[0].body


def test_people_without_an_email_address_are_skipped(world: World, committed):
    demo = world.demo
    wants_digest(demo.teacher1, Kind.MENTION)
    demo.teacher1.email = ""
    demo.teacher1.save(update_fields=["email"])
    mention(world, committed)
    call_command("send_digest")
    assert mail.outbox == []


def test_notifications_older_than_a_week_are_not_mailed(world: World, committed):
    wants_digest(world.demo.teacher1, Kind.MENTION)
    mention(world, committed)
    Notification.objects.update(created_at=timezone.now() - datetime.timedelta(days=8))
    call_command("send_digest")
    assert mail.outbox == []


def test_the_daily_run_can_be_queued_for_the_worker(world: World, committed):
    from django_tasks_db.models import DBTaskResult

    call_command("send_digest", "--enqueue")
    assert DBTaskResult.objects.filter(task_path__endswith="daily_notifications_job").exists()


def test_it_never_lists_what_is_already_done(world: World, committed):
    demo = world.demo
    wants_digest(demo.leader1, Kind.APPROVAL_WAITING, Kind.ACTION_DUE)
    case = world.case
    action = case.actions.first()
    assert action is not None
    for kind, key in (
        (Kind.APPROVAL_WAITING, f"case:{case.pk}:submitted:x"),
        (Kind.ACTION_DUE, f"action:{action.pk}"),
    ):
        Notification.objects.create(
            recipient=demo.leader1, kind=kind, key=key, title=case.title, url="/"
        )
    assert case.sharing_status != "in_review"  # nothing waits for approval any more
    action.status = "done"
    action.save(update_fields=["status"])

    call_command("send_digest")
    assert mail.outbox == []

    action.status = "in_progress"
    action.save(update_fields=["status"])
    call_command("send_digest")
    assert len(mail.outbox) == 1
    assert mail.outbox[0].subject == "Netwerk: 1 new notification"
