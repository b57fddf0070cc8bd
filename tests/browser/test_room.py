"""Two teachers of partner schools in one live room, in real Chromium."""

from __future__ import annotations

import pytest
from playwright.sync_api import expect

from discussions import services
from netwerk.demo import seed_demo
from netwerk.models import LearningNetwork
from schools.models import User
from tests.browser.conftest import screenshot
from tests.browser.test_login_and_language import log_in
from tests.conftest import PASSWORD

pytestmark = pytest.mark.browser


def room_page(browser, live_url: str, username: str, room_id: int):
    context = browser.new_context(locale="nl-NL", viewport={"width": 1280, "height": 900})
    page = context.new_page()
    log_in(page, live_url, username)
    page.goto(f"{live_url}/ruimtes/{room_id}/")
    expect(page.locator("#room-connection")).to_have_text("Verbonden")
    return context, page


def test_two_teachers_talk_live_and_one_catches_up_after_being_offline(live_url, browser):
    seed_demo(password=PASSWORD)
    room = services.open_theme_room(
        network=LearningNetwork.objects.get(name__startswith="Lerend netwerk"),
        person=User.objects.get(username="coordinator"),
        title="Zittenblijven in havo 4",
    )
    lotte_context, lotte = room_page(browser, live_url, "teacher1", room.pk)
    jeroen_context, jeroen = room_page(browser, live_url, "teacher2", room.pk)
    expect(lotte.locator("#room-presence")).to_contain_text("Jeroen Smit")

    lotte.locator("#room-body").fill("Hoe pakken jullie **zittenblijven** aan?")
    lotte.locator("#room-body").press("Enter")
    jeroen_log = jeroen.locator("#room-messages li[data-seq]")
    expect(jeroen_log).to_have_count(1)
    expect(jeroen_log.first.locator("strong", has_text="zittenblijven")).to_be_visible()
    expect(jeroen_log.first).to_contain_text("Lotte Jansen")

    jeroen_context.set_offline(True)
    expect(jeroen.locator("#room-connection")).not_to_have_text("Verbonden")
    for text in ("Wij werken met mentorgesprekken.", "En met een leerlingenarena."):
        lotte.locator("#room-body").fill(text)
        lotte.locator("#room-body").press("Enter")
    expect(lotte.locator("#room-messages li[data-seq]")).to_have_count(3)
    jeroen_context.set_offline(False)
    expect(jeroen.locator("#room-connection")).to_have_text("Verbonden", timeout=20_000)
    expect(jeroen_log).to_have_count(3)
    assert jeroen_log.evaluate_all("items => items.map(i => Number(i.dataset.seq))") == [1, 2, 3]
    expect(jeroen_log.nth(2)).to_contain_text("leerlingenarena")

    jeroen.locator("#room-proposal-title").fill("Mentorgesprek voor elke twijfelaar")
    jeroen.locator("#room-proposal-form button").press("Enter")
    endorse = lotte.get_by_role("button", name="Steunen: Mentorgesprek voor elke twijfelaar")
    endorse.focus()
    lotte.keyboard.press("Enter")
    expect(jeroen.locator("#room-proposals")).to_contain_text("1 keer gesteund")
    screenshot(lotte, "room-teacher1")
    lotte_context.close()
    jeroen_context.close()
