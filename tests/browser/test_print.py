"""A published case and a session printed from Chromium: the print stylesheet leaves out
the navigation and the buttons, and the run chart fits the width of an A4 page."""

from __future__ import annotations

import threading

import pytest
from playwright.sync_api import expect

from casestudies.demo import seed_demo_cases
from casestudies.models import Publication
from tests.browser.conftest import screenshot
from tests.browser.test_login_and_language import log_in
from tests.conftest import Demo
from tests.meetings.conftest import make_sessions

pytestmark = pytest.mark.browser

# A4 less the print stylesheet's 15 mm margins, at 96 px to the inch.
A4_CONTENT_WIDTH = round((210 - 2 * 15) / 25.4 * 96)


def fits_the_page(page) -> None:
    width = page.evaluate("document.documentElement.scrollWidth")
    assert width <= A4_CONTENT_WIDTH, width


def test_a_published_case_and_a_session_print_without_navigation(live_url, page, demo: Demo):
    seeding = threading.Thread(target=seed_demo_cases)
    seeding.start()
    seeding.join()
    publication = Publication.objects.get(title="Minder zittenblijvers in havo 4")
    session = make_sessions(demo).past
    log_in(page, live_url, "teacher2")
    page.set_viewport_size({"width": A4_CONTENT_WIDTH, "height": 1000})
    page.emulate_media(media="print")

    page.goto(f"{live_url}/publicaties/{publication.pk}/")
    expect(page.get_by_role("heading", name=publication.title, level=1)).to_be_visible()
    expect(page.get_by_role("navigation", name="Hoofdmenu")).to_be_hidden()
    expect(page.get_by_role("button", name="Deze casus bespreken met partners")).to_be_hidden()
    expect(page.get_by_role("link", name="Downloaden als pdf")).to_be_hidden()
    chart = page.locator("figure.run-chart svg").first
    expect(chart).to_be_visible()
    box = chart.bounding_box()
    assert box is not None
    assert box["x"] >= 0
    assert box["x"] + box["width"] <= A4_CONTENT_WIDTH
    assert box["width"] >= A4_CONTENT_WIDTH * 0.8  # the width of the page, not a thumbnail
    fits_the_page(page)
    screenshot(page, "publication-print")

    page.goto(f"{live_url}/bijeenkomsten/{session.pk}/")
    expect(page.get_by_role("heading", name=session.title, level=1)).to_be_visible()
    expect(page.get_by_role("link", name="Verslag als pdf")).to_be_hidden()
    expect(page.get_by_role("heading", name="Verslag")).to_be_visible()
    fits_the_page(page)

    page.emulate_media(media="screen")
    expect(page.get_by_role("navigation", name="Hoofdmenu")).to_be_visible()
    expect(page.get_by_role("link", name="Verslag als pdf")).to_be_visible()
