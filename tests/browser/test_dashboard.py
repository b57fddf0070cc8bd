"""A coordinator opens the network dashboard, sees each chart beside its table (cycles per
step counted and attendance with dates), narrows the period and downloads every table as
XLSX."""

from __future__ import annotations

import io
import re
import threading
from pathlib import Path

import openpyxl
import pytest
from django.core.management import call_command
from playwright.sync_api import expect

from netwerk.models import LearningNetwork
from tests.browser.conftest import screenshot
from tests.browser.test_login_and_language import log_in
from tests.conftest import PASSWORD

pytestmark = pytest.mark.browser


def test_a_coordinator_reads_the_network_dashboard_and_downloads_it(live_url, page):
    # In a thread of its own: the demo posts to rooms, whose events cross into async code,
    # and Playwright keeps an event loop running in this one.
    seeding = threading.Thread(target=call_command, args=("seed_demo", "--password", PASSWORD))
    seeding.start()
    seeding.join()
    network = LearningNetwork.objects.get(coordinators__username="coordinator")
    log_in(page, live_url, "coordinator")
    page.goto(f"{live_url}/netwerken/{network.pk}/")
    page.locator(f"a[href='/netwerken/{network.pk}/dashboard/']").click()

    sections = page.locator("section.dashboard-table")
    expect(sections).to_have_count(10)
    for key in ("cycles_per_step", "contributions_per_month", "adoptions", "attendance"):
        section = page.locator(f"#table-{key}")
        expect(section.locator("figure.chart svg")).to_be_visible()
        expect(section.locator("table.analysis-table")).to_be_visible()
    # What the demo's two school years left behind, counted month by month.
    contributions = page.locator("#table-contributions_per_month tbody tr")
    expect(contributions.first).to_contain_text("20")
    assert int(contributions.last.locator("td").last.inner_text()) > 100
    # The demo's cycles are counted, not hidden as "<5".
    total = page.locator("#table-cycles_per_step tbody tr").last.locator("td").last
    assert int(total.inner_text()) > 0
    expect(page.locator("#table-cycles_per_step")).not_to_contain_text("<5")
    expect(page.locator("#table-cycles_over_time figure.chart svg")).to_be_visible()
    # Each session of the attendance table has its date and name.
    attendance = page.locator("#table-attendance tbody tr")
    expect(attendance.first.locator("td").first).to_have_text(re.compile(r"^\d{4}-\d{2}-\d{2}$"))
    expect(attendance.first.locator("td").nth(1)).not_to_be_empty()
    axis = page.locator("#table-attendance figure.chart")
    expect(axis).to_contain_text("Datum van de bijeenkomst")
    screenshot(page, "network-dashboard-coordinator")

    # Legible on a projector: no chart text under 12 px, wide or narrow.
    for width, height in ((1280, 800), (800, 600)):
        page.set_viewport_size({"width": width, "height": height})
        assert smallest_chart_text(page) >= 12, width

    page.get_by_label("Sector").select_option("vo")
    page.locator("form.filters button[type=submit]").click()
    expect(page).to_have_url(
        f"{live_url}/netwerken/{network.pk}/dashboard/?schooljaar=&van=&tot=&sector=vo"
    )

    with page.expect_download() as download:
        page.locator("#export-xlsx").click()
    workbook = openpyxl.load_workbook(io.BytesIO(Path(download.value.path()).read_bytes()))
    assert len(workbook.sheetnames) == 10
    assert download.value.suggested_filename == f"netwerk-{network.pk}-dashboard.xlsx"


SMALLEST_CHART_TEXT = """() => Math.min(...Array.from(document.querySelectorAll('figure.chart svg'))
    .flatMap((svg) => {
        const scale = svg.getBoundingClientRect().width / svg.viewBox.baseVal.width;
        return Array.from(svg.querySelectorAll('text'))
            .map((text) => parseFloat(getComputedStyle(text).fontSize) * scale);
    }))"""


def smallest_chart_text(page) -> float:
    """The smallest text of any chart on the page, in CSS pixels as drawn."""
    return float(page.evaluate(SMALLEST_CHART_TEXT))
