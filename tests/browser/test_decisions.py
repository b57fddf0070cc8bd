"""Decisions, topics and moderation in a room, in real Chromium: a poll from creation
through voting and closing to a session decision; a topic filter; a coordinator hides a
reported message and the others see the tombstone live."""

from __future__ import annotations

import datetime
import re

import pytest
from django.utils import timezone
from playwright.sync_api import expect

from discussions import services
from discussions.models import Message, Room
from meetings import services as meeting_services
from meetings.models import Decision
from netwerk.demo import seed_demo
from netwerk.models import LearningNetwork
from schools.models import User
from tests.browser.conftest import screenshot
from tests.browser.test_room import room_page
from tests.conftest import PASSWORD

pytestmark = pytest.mark.browser


def network_a() -> LearningNetwork:
    return LearningNetwork.objects.get(name__startswith="Lerend netwerk")


@pytest.fixture
def session_room(live_url) -> Room:
    seed_demo(password=PASSWORD)
    # Under way: a session records its decisions once it has started.
    starts = timezone.now().replace(microsecond=0) - datetime.timedelta(hours=1)
    session = meeting_services.plan_session(
        network=network_a(),
        title="Bijeenkomst doorstroom",
        starts_at=starts,
        ends_at=starts + datetime.timedelta(hours=2),
        created_by=User.objects.get(username="coordinator"),
        location="Het Baken College, Utrecht",
    )
    return services.open_session_room(session=session, person=User.objects.get(username="teacher1"))


@pytest.fixture
def theme_room(live_url) -> Room:
    seed_demo(password=PASSWORD)
    return services.open_theme_room(
        network=network_a(), person=User.objects.get(username="coordinator"), title="Rooster"
    )


def test_a_poll_goes_from_creation_through_votes_and_closing_to_a_session_decision(
    browser, live_url, session_room
):
    coordinator_context, coordinator = room_page(browser, live_url, "coordinator", session_room.pk)
    teacher_context, teacher = room_page(browser, live_url, "teacher1", session_room.pk)

    coordinator.locator("#h-new-poll").click()
    coordinator.locator("#room-poll-title").fill("Een vast mentoruur per week?")
    closes = (timezone.localtime() + datetime.timedelta(days=2)).strftime("%Y-%m-%dT%H:%M")
    coordinator.locator("#room-poll-closes").fill(closes)
    coordinator.locator("#room-poll-form button[type=submit]").click()

    poll = teacher.locator("#room-polls > li").first
    expect(poll).to_contain_text("Een vast mentoruur per week?")
    poll.locator('input[value="block"]').check()
    poll.locator('[data-key="vote"]').click()
    expect(teacher.locator("#room-error")).not_to_be_empty()  # a block needs a reason
    poll.locator('input[value="agree"]').check()
    poll.locator('[data-key="vote"]').click()

    mine = coordinator.locator("#room-polls > li").first
    expect(mine.locator('[data-result="agree"]')).to_contain_text("1")
    mine.locator('textarea[name="outcome"]').fill("Elke week een mentoruur in leerjaar 3.")
    mine.locator('[data-key="close"]').click()

    outcome = poll.locator('[data-role="outcome"]')
    expect(outcome).to_contain_text("Elke week een mentoruur in leerjaar 3.")
    expect(poll.locator('[data-key="vote"]')).to_have_count(0)
    screenshot(teacher, "poll-closed-to-decision")
    decision = Decision.objects.get(session=session_room.network_session)
    assert decision.text == "Elke week een mentoruur in leerjaar 3."
    outcome.locator("a").click()
    expect(teacher.locator("main")).to_contain_text("Elke week een mentoruur in leerjaar 3.")
    coordinator_context.close()
    teacher_context.close()


def test_the_topic_filter_shows_one_topic_and_new_messages_carry_it(browser, live_url, theme_room):
    context, page = room_page(browser, live_url, "teacher1", theme_room.pk)
    page.locator("#room-body").fill("Een algemene vraag")
    page.locator("#room-body").press("Enter")
    page.locator("#room-topic").fill("Rooster")
    page.locator("#room-body").fill("Wanneer is het mentoruur?")
    page.locator("#room-body").press("Enter")
    messages = page.locator("#room-messages > li[data-seq]")
    expect(messages).to_have_count(2)
    page.locator("#room-topic-filter").select_option(value="=Rooster")
    expect(messages.filter(visible=True)).to_have_count(1)
    expect(messages.filter(visible=True)).to_contain_text("Wanneer is het mentoruur?")
    page.locator("#room-topic-filter").select_option(value="=")
    expect(messages.filter(visible=True)).to_have_count(1)
    expect(messages.filter(visible=True)).to_contain_text("Een algemene vraag")
    page.locator("#room-topic-filter").select_option(value="*")
    expect(messages.filter(visible=True)).to_have_count(2)
    assert list(Message.objects.order_by("seq").values_list("topic", flat=True)) == ["", "Rooster"]
    context.close()


def test_a_coordinator_hides_a_reported_message_and_the_others_see_the_tombstone_live(
    browser, live_url, theme_room
):
    services.post_message(
        room=theme_room,
        author=User.objects.get(username="teacher1"),
        client_id="g",
        body="Een grof bericht",
    )
    author_context, author = room_page(browser, live_url, "teacher1", theme_room.pk)
    reporter_context, reporter = room_page(browser, live_url, "teacher2", theme_room.pk)
    coordinator_context, coordinator = room_page(browser, live_url, "coordinator", theme_room.pk)

    reporter.once("dialog", lambda dialog: dialog.accept("Dit is kwetsend"))
    reporter.locator('#room-messages li[data-seq="1"] [data-action="report"]').click()
    expect(reporter.locator("#room-notice")).not_to_be_empty()

    coordinator.reload()
    report = coordinator.locator("#room-reports > li").first
    expect(report).to_contain_text("Dit is kwetsend")
    coordinator.once("dialog", lambda dialog: dialog.accept("Persoonlijke aanval"))
    report.locator('[data-action="hide-reported"]').click()

    for page in (author, reporter):
        tombstone = page.locator('#room-messages li[data-seq="1"]')
        expect(tombstone).to_have_class(re.compile(r"\btombstone\b"))
        expect(tombstone.locator(".body")).to_have_text(
            "Een coördinator heeft dit bericht verborgen."
        )
        expect(tombstone).not_to_contain_text("Een grof bericht")
    screenshot(reporter, "hidden-message-tombstone")
    for context in (author_context, reporter_context, coordinator_context):
        context.close()
