"""A partner adopts a proposal into a cycle it chooses, evaluates that cycle, and the
measured outcome appears on the proposal for the school that made it and in the network's
map of what worked where, in Chromium."""

from __future__ import annotations

import pytest
from playwright.sync_api import expect

from casestudies.cycles import Part
from schools.models import Datateam, User
from tests.browser.conftest import screenshot
from tests.browser.test_room import room_page, theme_room
from tests.measures import measured_attendance_case, weeks_ago

pytestmark = pytest.mark.browser


def test_a_partner_adopts_into_a_chosen_cycle_evaluates_and_the_outcome_shows(live_url, browser):
    room = theme_room()
    case = measured_attendance_case(
        Datateam.objects.get(school__code="23CD"), User.objects.get(username="teacher2")
    )

    lotte_context, lotte = room_page(browser, live_url, "teacher1", room.pk)
    jeroen_context, jeroen = room_page(browser, live_url, "teacher2", room.pk)
    lotte.locator("#room-proposal-title").fill("Bellen bij de eerste afwezigheid")
    lotte.locator("#room-proposal-form button[type=submit]").click()

    jeroen.locator('#room-proposals [data-action="adopt"]').click()
    form = jeroen.locator(".proposal-adopt")
    form.get_by_label("De cyclus waar het in komt").select_option(label="Verzuim leerjaar 2")
    expect(form.get_by_label("Titel van de nieuwe cyclus")).to_be_hidden()
    form.get_by_label("De actie start op").fill(weeks_ago(9).isoformat())
    form.locator("button[type=submit]").click()
    note = jeroen.locator("#room-proposals .adoption-note")
    expect(note).to_contain_text("Overgenomen")
    expect(lotte.locator("#room-proposals .adoptions li")).to_contain_text(
        "Basisschool De Regenboog"
    )

    # The team evaluates its cycle on the case page; the evaluation reads the measure.
    note.get_by_role("link", name="Verzuim leerjaar 2").click()
    expect(jeroen.locator("#h-actions")).to_be_visible()
    step = case.cycle.step_for_part(Part.EVALUATION).number
    jeroen.goto(f"{live_url}/casussen/{case.pk}/?stap={step}")
    jeroen.get_by_role("button", name="Evaluatie opslaan").click()
    expect(jeroen.get_by_text("Het doel is bereikt.")).to_be_visible()

    measured = lotte.locator("#room-proposals .measured-outcome")
    expect(measured).to_contain_text("In de gewenste richting verschoven")
    expect(measured).to_contain_text("doel bereikt")
    expect(measured).to_contain_text("89,5 → 95 %")
    expect(measured).to_contain_text("+5,5")
    expect(measured).not_to_contain_text("89.5")
    expect(lotte.locator("#room-proposals .badge")).to_have_text("Geëvalueerd")
    screenshot(lotte, "room-nl-measured-outcome")

    # The same outcome, in the network's map of what worked where.
    lotte.goto(f"{live_url}/netwerken/{room.network_id}/wat-werkte-waar/")
    lotte.get_by_label("Resultaat").select_option(label="In de gewenste richting verschoven")
    lotte.get_by_role("button", name="Tonen").click()
    row = lotte.locator(".evidence-intervention", has_text="Bellen bij de eerste afwezigheid")
    trial = row.locator(".evidence-trial")
    expect(trial).to_contain_text("Basisschool De Regenboog")
    expect(trial).to_contain_text("In de gewenste richting verschoven")
    expect(trial).to_contain_text("doel bereikt")
    expect(trial).to_contain_text("89,5 → 95 % (+5,5)")
    screenshot(lotte, "evidence-nl-what-worked-where")

    jeroen_context.close()
    lotte_context.close()
