"""A datateam enters its measurements in Chromium and sees the shift appear on the run
chart after the action it started."""

from __future__ import annotations

import pytest
from playwright.sync_api import expect

from casestudies import services
from netwerk.demo import seed_demo
from schools.models import Datateam, User
from tests.browser.conftest import screenshot
from tests.browser.test_login_and_language import log_in
from tests.conftest import PASSWORD
from tests.measures import BASELINE, add_series, attendance_case, start_action, weeks_ago

pytestmark = pytest.mark.browser


def test_a_team_enters_measurements_and_sees_a_shift_after_its_action(live_url, page):
    seed_demo(password=PASSWORD)
    teacher = User.objects.get(username="teacher1")
    case = attendance_case(
        Datateam.objects.get(school__code="12AB"), teacher, title="Aanwezigheid leerjaar 2"
    )
    measure = services.add_measure(
        case=case,
        name="Aanwezigheid leerjaar 2",
        unit="%",
        kind="percentage",
        direction="up",
        baseline_until=weeks_ago(10),
    )
    add_series(measure, BASELINE, start_weeks=15, n=120)
    start_action(case, measure)

    log_in(page, live_url, "teacher1")
    page.goto(f"{live_url}/casussen/{case.pk}/")
    page.get_by_role("link", name="Aanwezigheid leerjaar 2").first.click()
    expect(page.locator("#signals")).to_contain_text("Geen signaal")
    for week, typed in [(9, "94"), (8, "93,5")]:
        page.locator("#id_date").fill(weeks_ago(week).isoformat())
        page.locator("#id_value").fill(typed)
        page.locator("#id_n").fill("118")
        page.get_by_role("button", name="Meting opslaan").click()
        expect(page.get_by_role("status")).to_contain_text("De meting is opgeslagen")
    expect(page.locator("#signals")).not_to_contain_text("Verschuiving")

    rows = "".join(
        f"{weeks_ago(w):%d-%m-%Y};{v};119\n"
        for w, v in zip(range(7, 1, -1), ["95", "94,5", "96", "95", "97", "96"], strict=True)
    )
    page.get_by_label("CSV-bestand (datum;waarde;n)").set_input_files(
        files=[
            {
                "name": "metingen.csv",
                "mimeType": "text/csv",
                "buffer": f"datum;waarde;n\n{rows}".encode(),
            }
        ]
    )
    page.get_by_role("button", name="Importeren", exact=True).click()
    expect(page.get_by_role("status")).to_contain_text("De metingen zijn geïmporteerd")
    expect(page.locator("#signals")).to_contain_text("Verschuiving: 9 punten op rij")
    expect(page.get_by_role("cell", name="In de gewenste richting verschoven")).to_be_visible()
    chart = page.locator("figure.run-chart svg").first
    expect(chart).to_be_visible()
    expect(chart).to_contain_text("A1")
    page.set_viewport_size({"width": 800, "height": 900})
    sizes = chart.locator("text").evaluate_all(
        "nodes => nodes.map(n => n.getBoundingClientRect().height).filter(h => h > 0)"
    )
    screenshot(page, "run-chart-teacher1-nl")
    print("text heights", sorted(sizes)[:5])
    assert min(sizes) >= 12
