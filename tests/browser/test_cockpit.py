"""A coach opens her cockpit in Chromium, sees the demo's stalled cycle and its overdue
action, opens it, and the team's home shows the same action."""

from __future__ import annotations

from io import StringIO

import pytest
from django.core.management import call_command
from playwright.sync_api import expect

from tests.browser.conftest import screenshot
from tests.browser.test_login_and_language import log_in
from tests.conftest import PASSWORD

pytestmark = pytest.mark.browser

ACTION = "Mentoren van havo 3 bellen over het verzuim op dagen met tussenuren"


def test_a_coach_finds_a_stalled_cycle_and_the_team_sees_the_same_action(live_url, browser, page):
    call_command("seed_demo", "--password", PASSWORD, stdout=StringIO())
    log_in(page, live_url, "coach")
    page.get_by_role("link", name="Open de cockpit van de coach").click()
    expect(page.get_by_role("heading", name="Cockpit van de coach")).to_be_visible()
    expect(page.get_by_role("status")).to_contain_text("geen activiteit")
    row = page.locator("tr.cockpit-row", has_text="Verzuim in havo 3")
    expect(row).to_contain_text("Stilgevallen")
    expect(row).to_contain_text("Onderdeel overgeslagen")
    expect(row).to_contain_text("Stap 4 zonder een controle van de datakwaliteit")
    screenshot(page, "coach-cockpit")
    for width, height in ((1280, 800), (800, 600)):
        page.set_viewport_size({"width": width, "height": height})
        flags = row.locator("td.cockpit-flags")
        expect(flags).to_contain_text("Stilgevallen")
        box = flags.bounding_box()
        assert box is not None
        assert box["x"] >= 0
        assert box["x"] + box["width"] <= width, (width, box)
        no_inner_scroll = "e => e.scrollHeight <= e.clientHeight && e.scrollWidth <= e.clientWidth"
        assert page.locator(".cockpit-wrap").evaluate(no_inner_scroll), width
    row.locator("a.overdue-link").click()
    action_row = page.locator("tr", has_text=ACTION)
    expect(action_row).to_contain_text("Verlopen")
    expect(action_row).to_contain_text("Lotte Jansen")

    team = browser.new_context(locale="nl-NL", viewport={"width": 1280, "height": 900})
    home = team.new_page()
    log_in(home, live_url, "teacher1")
    waiting = home.locator("li.todo-item", has_text=ACTION)
    expect(waiting).to_contain_text("Verlopen actie")
    expect(waiting).to_contain_text("Het Baken College")
    screenshot(home, "team-todo-home")
    waiting.get_by_role("link", name=ACTION).click()
    expect(home.locator("tr", has_text=ACTION)).to_contain_text("Verlopen")
    team.close()
