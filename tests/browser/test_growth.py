"""Coach growth and leadership reflection in Chromium: the coach assesses themself and sees
the growth chart, teacher1 gives the coach feedback, leader1 opens a period and compares
the two groups' ratings, and an outsider finds nothing."""

from __future__ import annotations

import pytest
from playwright.sync_api import expect

from coaching.demo import seed_demo_coaching
from coaching.models import CoachProfile
from leadership.blocks import BUILDING_BLOCKS
from leadership.demo import seed_demo_leadership
from netwerk.demo import seed_demo
from schools.models import School
from tests.browser.conftest import screenshot
from tests.browser.test_login_and_language import log_in
from tests.conftest import PASSWORD

pytestmark = pytest.mark.browser

BLOCK_NAMES_NL = [
    "Visie, normen en doelen",
    "Ondersteuning",
    "Schoolleiders als rolmodel",
    "Een klimaat voor datagebruik",
    "Communicatie en netwerken",
]


def new_page(browser):
    return browser.new_context(locale="nl-NL", viewport={"width": 1280, "height": 900}).new_page()


def rate_all_blocks(page, level_name: str) -> None:
    for name in BLOCK_NAMES_NL:
        page.get_by_role("group", name=name).get_by_label(level_name).check()
    page.get_by_role("button", name="Beoordelingen opslaan").click()
    expect(page.get_by_role("status")).to_contain_text("Je beoordelingen zijn opgeslagen")


def test_coach_growth_team_feedback_and_leadership_comparison(live_url, browser):
    assert len(BLOCK_NAMES_NL) == len(BUILDING_BLOCKS)
    seed_demo(password=PASSWORD)
    seed_demo_coaching()
    seed_demo_leadership()
    profile = CoachProfile.objects.get(person__username="coach")
    school = School.objects.get(code="12AB")

    coach = new_page(browser)
    log_in(coach, live_url, "coach")
    coach.get_by_role("navigation", name="Hoofdmenu").get_by_role(
        "link", name="Datacoaches"
    ).click()
    coach.get_by_role("link", name="Zelfevaluatie invullen").click()
    coach.get_by_role("group", name="Datageletterdheid").get_by_label(
        "Voorbeeld voor anderen"
    ).check()
    coach.get_by_role("group", name="Moed om zich uit te spreken").get_by_label("Bekwaam").check()
    coach.get_by_label("Toelichting bij Moed om zich uit te spreken").fill("Uitslag zelf benoemd")
    coach.get_by_role("button", name="Zelfevaluatie opslaan").click()
    expect(coach.get_by_role("status")).to_contain_text("Je zelfevaluatie is opgeslagen")
    coach.locator(".crumbs").get_by_role("link", name="Sanne de Wit").click()
    expect(coach.get_by_role("heading", name="Groei per competentie")).to_be_visible()
    expect(coach.locator("figure.chart svg")).to_be_visible()
    expect(coach.locator(".trend-table")).to_contain_text("26/27-1")
    expect(coach.locator("table.rubric td.is-current").first).to_be_visible()
    screenshot(coach, "coach-growth-nl")

    teacher = new_page(browser)
    log_in(teacher, live_url, "teacher1")
    teacher.get_by_role("link", name="Geef Sanne de Wit feedback").click()
    teacher.get_by_role("group", name="Coachingsvaardigheden").get_by_label("Bekwaam").check()
    teacher.get_by_role("button", name="Feedback versturen").click()
    expect(teacher.get_by_role("status")).to_contain_text("je feedback is naar de coach gestuurd")
    teacher.get_by_role("group", name="Coachingsvaardigheden").get_by_label("Beginnend").check()
    teacher.get_by_role("button", name="Feedback versturen").click()
    expect(teacher.get_by_role("alert")).to_contain_text("al feedback gegeven")

    teacher.goto(f"{live_url}/scholen/{school.pk}/")
    teacher.get_by_role("link", name="Reflectie op leiderschap").click()
    teacher.get_by_role("link", name="2026-2027, eerste helft").click()
    rate_all_blocks(teacher, "Beginnend")

    leader = new_page(browser)
    log_in(leader, live_url, "leader1")
    leader.goto(f"{live_url}/scholen/{school.pk}/leiderschap/")
    leader.get_by_role("link", name="2026-2027, eerste helft").click()
    rate_all_blocks(leader, "Voorbeeld voor anderen")
    expect(leader.get_by_role("heading", name="Naast elkaar")).to_have_count(0)
    leader.get_by_role("button", name="Openstellen voor bespreking").click()
    expect(leader.get_by_role("heading", name="Naast elkaar")).to_be_visible()
    support = leader.get_by_role("row").filter(has_text="Ondersteuning")
    expect(support).to_contain_text("4,0")
    expect(support).to_contain_text("1,0")
    screenshot(leader, "leadership-comparison-nl")

    outsider = new_page(browser)
    log_in(outsider, live_url, "outsider")
    for path in (
        f"/datacoaches/{profile.pk}/",
        f"/datacoaches/{profile.pk}/feedback/",
        f"/scholen/{school.pk}/leiderschap/",
    ):
        assert outsider.goto(f"{live_url}{path}").status == 404
