"""A mention reaches the person mentioned: the bell in the header counts it, the list
links to the room, and marking it read clears the count. In real Chromium. New texts may
still be English in the Dutch interface, so controls are found by id and structure."""

from __future__ import annotations

import re

import pytest
from playwright.sync_api import expect

from discussions import services
from netwerk.demo import seed_demo
from netwerk.models import LearningNetwork
from schools.models import User
from tests.browser.conftest import screenshot
from tests.browser.test_login_and_language import log_in
from tests.browser.test_room import room_page
from tests.conftest import PASSWORD

pytestmark = pytest.mark.browser


def test_teacher1_sees_a_mention_follows_it_to_the_room_and_marks_it_read(live_url, browser):
    seed_demo(password=PASSWORD)
    room = services.open_theme_room(
        network=LearningNetwork.objects.get(name__startswith="Lerend netwerk"),
        person=User.objects.get(username="coordinator"),
        title="Zittenblijven in havo 4",
    )
    jeroen_context, jeroen = room_page(browser, live_url, "teacher2", room.pk)
    jeroen.locator("#room-body").fill("Hoe pakken jullie dit aan, @teacher1 graag je idee.")
    jeroen.locator("#room-body").press("Enter")
    expect(jeroen.locator("#room-messages li[data-seq] .mention")).to_have_text("@teacher1")
    expect(jeroen.locator("#notification-count")).to_have_count(0)  # not for the author
    jeroen_context.close()

    lotte_context = browser.new_context(locale="nl-NL", viewport={"width": 1280, "height": 900})
    lotte = lotte_context.new_page()
    log_in(lotte, live_url, "teacher1")
    expect(lotte.locator("#notification-count")).to_contain_text("1")
    lotte.locator("#notification-bell").click()
    notification = lotte.locator("#notifications li.notification.unread")
    expect(notification).to_have_count(1)
    expect(notification).to_contain_text("Jeroen Smit")
    expect(notification).to_contain_text("Zittenblijven in havo 4")
    expect(notification).to_contain_text("graag je idee")
    screenshot(lotte, "notifications-teacher1")

    notification.get_by_role("link").click()
    expect(lotte).to_have_url(f"{live_url}/ruimtes/{room.pk}/#bericht-1")
    expect(lotte.locator("#room-connection")).to_have_text("Verbonden")
    # The page shows the message the notification is about, with the focus on it.
    linked = lotte.locator('#room-messages li[data-seq="1"]')
    expect(linked).to_contain_text("graag je idee")
    expect(linked).to_have_class(re.compile(r"\blinked\b"))
    expect(linked).to_be_focused()

    lotte.locator("#notification-bell").click()
    lotte.locator("#notifications li.notification.unread form button").click()
    expect(lotte.locator("#notifications li.notification.unread")).to_have_count(0)
    expect(lotte.locator("#notifications li.notification")).to_have_count(1)
    expect(lotte.locator("#notification-count")).to_have_count(0)
    lotte_context.close()
