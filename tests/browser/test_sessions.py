"""A network session in real Chromium: a coordinator plans it, teacher1 sees it coming,
is recorded as present and gives feedback afterwards; an outsider gets 404."""

from __future__ import annotations

import datetime

import pytest
from django.utils import timezone
from playwright.sync_api import expect

from capacity.models import Contribution
from meetings.models import NetworkSession, SessionFeedback
from netwerk.demo import seed_demo
from tests.browser.conftest import screenshot
from tests.browser.test_login_and_language import log_in
from tests.conftest import PASSWORD

pytestmark = pytest.mark.browser


def new_page(browser, live_url: str, username: str):
    context = browser.new_context(locale="nl-NL", viewport={"width": 1280, "height": 900})
    page = context.new_page()
    log_in(page, live_url, username)
    return context, page


def test_a_session_is_planned_seen_attended_and_given_feedback_on(live_url, browser):
    seed_demo(password=PASSWORD)
    day = timezone.localdate() + datetime.timedelta(days=14)

    coordinator_context, coordinator = new_page(browser, live_url, "coordinator")
    coordinator.get_by_role("link", name="Bijeenkomsten").click()
    coordinator.get_by_role("link", name="Bijeenkomst plannen voor Lerend netwerk").click()
    coordinator.get_by_label("Titel").fill("Analyses bespreken")
    coordinator.get_by_label("Datum").fill(day.isoformat())
    coordinator.get_by_label("Begint om").fill("15:00")
    coordinator.get_by_label("Eindigt om").fill("17:00")
    coordinator.get_by_label("Plaats").fill("Het Baken College, Utrecht")
    coordinator.get_by_label("Gastschool").select_option(label="Het Baken College")
    coordinator.get_by_role("button", name="Bijeenkomst plannen").click()
    expect(coordinator.get_by_role("status")).to_contain_text("De bijeenkomst is gepland")
    expect(coordinator.get_by_role("heading", name="Analyses bespreken")).to_be_visible()
    session = NetworkSession.objects.get(title="Analyses bespreken")
    assert session.status == NetworkSession.Status.UPCOMING

    teacher_context, teacher = new_page(browser, live_url, "teacher1")
    teacher.get_by_role("link", name="Bijeenkomsten").click()
    upcoming = teacher.get_by_role("region", name="Gepland")
    expect(upcoming.get_by_role("link", name="Analyses bespreken")).to_be_visible()
    upcoming.get_by_role("link", name="Analyses bespreken").click()
    expect(teacher.get_by_text("Het Baken College, Utrecht")).to_be_visible()
    expect(teacher.get_by_role("heading", name="Jouw feedback")).to_have_count(0)

    # The day of the session comes and goes.
    starts = timezone.now() - datetime.timedelta(hours=3)
    NetworkSession.objects.filter(pk=session.pk).update(
        starts_at=starts, ends_at=starts + datetime.timedelta(hours=2)
    )
    coordinator.reload()
    coordinator.get_by_text("Aanwezigheid noteren").click()
    coordinator.get_by_label("Lotte Jansen").check()
    coordinator.get_by_role("button", name="Aanwezigheid opslaan").click()
    expect(coordinator.get_by_role("status")).to_contain_text("De aanwezigheid is opgeslagen")
    assert Contribution.objects.filter(
        rule="session_attended", person__username="teacher1", source_key__startswith="attendance:"
    ).exists()

    teacher.reload()
    attendance = teacher.get_by_role("region", name="Aanwezigheid")
    expect(attendance).to_contain_text("Lotte Jansen")
    feedback = teacher.get_by_role("region", name="Jouw feedback")
    feedback.get_by_role("group", name="Hoe bruikbaar").get_by_label("4").check()
    feedback.get_by_role("group", name="Hoe gemotiveerd").get_by_label("5").check()
    feedback.get_by_label("Nog iets kwijt?").fill("Fijn om de analyses samen te bekijken.")
    feedback.get_by_role("button", name="Feedback versturen").click()
    expect(teacher.get_by_role("status")).to_contain_text("Bedankt voor je feedback")
    expect(teacher.get_by_role("region", name="Jouw feedback")).to_contain_text("4 / 5")
    assert SessionFeedback.objects.get(session=session).motivation == 5
    screenshot(teacher, "session-teacher1")

    coordinator.reload()
    summary = coordinator.get_by_role("region", name="Wat deelnemers zeiden")
    expect(summary).to_contain_text("Fijn om de analyses samen te bekijken.")
    screenshot(coordinator, "session-coordinator")

    outsider_context, outsider = new_page(browser, live_url, "outsider")
    response = outsider.goto(f"{live_url}/bijeenkomsten/{session.pk}/")
    assert response is not None
    assert response.status == 404
    for context in (coordinator_context, teacher_context, outsider_context):
        context.close()
