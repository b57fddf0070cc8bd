from __future__ import annotations

import pytest
from playwright.sync_api import expect

from netwerk.demo import seed_demo
from tests.browser.conftest import screenshot
from tests.conftest import PASSWORD

pytestmark = pytest.mark.browser


def log_in(page, live_url: str, username: str) -> None:
    page.goto(f"{live_url}/")
    page.get_by_label("Gebruikersnaam of e-mailadres").fill(username)
    page.get_by_label("Wachtwoord").fill(PASSWORD)
    page.get_by_role("button", name="Inloggen").click()


def test_teacher1_logs_in_sees_the_dutch_home_page_and_switches_to_english(live_url, page):
    seed_demo(password=PASSWORD)
    log_in(page, live_url, "teacher1")
    expect(page.get_by_role("heading", name="Welkom, Lotte")).to_be_visible()
    expect(page.get_by_role("heading", name="Mijn lerende netwerken")).to_be_visible()
    expect(page.get_by_role("link", name="Datateam zittenblijven havo 4")).to_be_visible()
    expect(page.locator("html")).to_have_attribute("lang", "nl")
    assert screenshot(page, "home-teacher1-nl").stat().st_size > 10_000

    page.get_by_role("button", name="English").click()
    expect(page.get_by_role("heading", name="My learning networks")).to_be_visible()
    expect(page.locator("html")).to_have_attribute("lang", "en")
    screenshot(page, "home-teacher1-en")

    page.get_by_role("link", name="Datateam zittenblijven havo 4").click()
    expect(page.get_by_role("heading", name="Members")).to_be_visible()
    expect(page.get_by_role("cell", name="Lotte Jansen")).to_be_visible()


def test_a_wrong_password_is_explained_in_dutch(live_url, page):
    seed_demo(password=PASSWORD)
    page.goto(f"{live_url}/login/")
    page.get_by_label("Gebruikersnaam of e-mailadres").fill("teacher1")
    page.get_by_label("Wachtwoord").fill("fout")
    page.get_by_role("button", name="Inloggen").click()
    expect(page.get_by_role("alert")).to_contain_text("komen niet overeen")


def test_the_coordinator_adds_a_school_to_the_network_with_the_keyboard(live_url, page):
    seed_demo(password=PASSWORD)
    log_in(page, live_url, "coordinator")
    page.get_by_role("link", name="Lerend netwerk Datagebruik Midden").first.click()
    page.get_by_role("combobox", name="School").select_option(label="Basisschool De Linde")
    page.get_by_role("button", name="School toevoegen").focus()
    page.keyboard.press("Enter")
    expect(page.get_by_role("status")).to_contain_text("lid geworden")
    expect(page.get_by_role("cell", name="Basisschool De Linde")).to_be_visible()
    screenshot(page, "network-coordinator-nl")


def test_pages_have_no_console_errors_or_blocked_resources(live_url, page):
    seed_demo(password=PASSWORD)
    problems: list[str] = []

    def on_console(message) -> None:
        if message.type == "error":
            problems.append(message.text)

    def on_response(response) -> None:
        if response.status >= 400:
            problems.append(f"{response.status} {response.url}")

    page.on("console", on_console)
    page.on("response", on_response)
    log_in(page, live_url, "leader1")
    for path in ("/", "/netwerken/", "/scholen/", "/datateams/"):
        page.goto(f"{live_url}{path}")
        page.wait_for_load_state("networkidle")
    assert problems == []
