from __future__ import annotations

import datetime

import pytest
from django.utils import timezone
from playwright.sync_api import expect

from casestudies.models import Publication
from netwerk.demo import seed_demo
from tests.browser.conftest import screenshot
from tests.browser.test_login_and_language import log_in
from tests.conftest import PASSWORD

pytestmark = pytest.mark.browser


def test_a_case_goes_from_goal_to_action_plan_to_the_partners_library(live_url, browser):
    seed_demo(password=PASSWORD)
    deadline = (timezone.localdate() + datetime.timedelta(days=300)).isoformat()
    teacher = browser.new_context(
        locale="nl-NL", viewport={"width": 1280, "height": 900}
    ).new_page()
    log_in(teacher, live_url, "teacher1")
    teacher.get_by_role("link", name="Datateam zittenblijven havo 4").first.click()
    teacher.get_by_role("link", name="Een casus starten").click()
    teacher.get_by_label("Titel").fill("Minder zittenblijvers in havo 4")
    teacher.get_by_label("Cyclus").select_option("five_steps")
    teacher.get_by_role("button", name="Starten").click()

    expect(
        teacher.get_by_role("heading", name="Stap 1: Formuleer een helder, concreet doel")
    ).to_be_visible()
    teacher.get_by_role("textbox", name="Doel", exact=True).fill(
        "Van 18% naar 10% zittenblijvers in havo 4 binnen twee jaar."
    )
    teacher.get_by_label("Indicator").fill("percentage zittenblijvers")
    teacher.get_by_role("textbox", name="Beginwaarde", exact=True).fill("18")
    teacher.get_by_label("Streefwaarde").fill("10")
    teacher.get_by_label("Deadline").fill(deadline)
    teacher.get_by_role("button", name="Doel opslaan").click()
    expect(teacher.get_by_role("status")).to_contain_text("Het doel is SMART")
    teacher.get_by_label("Wat het team deed en vond (markdown)").fill(
        "We begonnen bij **het doel**."
    )
    teacher.get_by_role("button", name="Tekst opslaan").click()
    teacher.get_by_role("button", name="Deze stap afronden").click()
    expect(teacher.get_by_role("heading", name="Stap 2: Verzamel data")).to_be_visible()

    teacher.get_by_role("link", name="4 Ontwikkel een actieplan").click()
    teacher.get_by_role("textbox", name="Actie", exact=True).fill(
        "Wekelijks mentoruur voor leerlingen met een risico"
    )
    teacher.get_by_label("Of iemand buiten het platform").fill("Mentoren havo 4")
    teacher.get_by_label("Uiterlijk op").fill(deadline)
    teacher.get_by_role("button", name="Actie toevoegen").click()
    expect(teacher.get_by_role("cell", name="Mentoren havo 4")).to_be_visible()
    teacher.get_by_role("button", name="Indienen ter beoordeling").click()
    expect(teacher.get_by_text("Wacht op goedkeuring door een schoolleider.")).to_be_visible()
    screenshot(teacher, "case-teacher1-nl")
    case_url = teacher.url

    leader = browser.new_context(locale="nl-NL").new_page()
    log_in(leader, live_url, "leader1")
    leader.goto(case_url)
    leader.get_by_role("button", name="Goedkeuren om te delen").click()
    leader.get_by_label("Lerend netwerk Datagebruik Midden").check()
    leader.get_by_role("button", name="Publiceren").last.click()
    expect(leader.get_by_role("status")).to_contain_text("gepubliceerd")

    partner = browser.new_context(
        locale="nl-NL", viewport={"width": 1280, "height": 900}
    ).new_page()
    log_in(partner, live_url, "teacher2")
    partner.get_by_role("link", name="Lerend netwerk Datagebruik Midden").first.click()
    partner.get_by_role("link", name="Casusbibliotheek").click()
    partner.get_by_label("Zoeken").fill("zittenblijvers")
    partner.get_by_role("button", name="Zoeken").click()
    partner.get_by_role("link", name="Minder zittenblijvers in havo 4").click()
    expect(partner.locator(".narrative strong")).to_have_text("het doel")
    expect(partner.get_by_text("Wekelijks mentoruur")).to_be_visible()
    screenshot(partner, "publication-teacher2-nl")

    outsider = browser.new_context(locale="nl-NL").new_page()
    log_in(outsider, live_url, "outsider")
    publication = Publication.objects.get()
    response = outsider.goto(f"{live_url}/publicaties/{publication.pk}/")
    assert response is not None
    assert response.status == 404
