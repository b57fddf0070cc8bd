"""On a phone (375 px wide) no page is wider than the screen: wide tables scroll inside
themselves, grids stack. Checked on the pages with the widest content, in Chromium."""

from __future__ import annotations

import threading

import pytest
from django.core.management import call_command

from casestudies.models import CaseStudy
from netwerk.models import LearningNetwork
from schools.models import School
from tests.browser.test_login_and_language import log_in
from tests.conftest import PASSWORD

pytestmark = pytest.mark.browser

PHONE = {"width": 375, "height": 800}
# What sticks out of the screen, outside elements that scroll by themselves (the message).
WIDE = """() => [...document.querySelectorAll("body *")]
  .filter((e) => e.getBoundingClientRect().right > innerWidth + 1)
  .filter((e) => {
    for (let a = e.parentElement; a; a = a.parentElement) {
      if (getComputedStyle(a).overflowX !== "visible") return false;
    }
    return true;
  })
  .slice(0, 3)
  .map((e) => `${e.tagName}.${e.className} ${(e.textContent || "").trim().slice(0, 30)}`)"""


def test_the_widest_pages_fit_a_phone(live_url, browser):
    # In a thread of its own: the demo posts to rooms, whose events cross into async code,
    # and Playwright keeps an event loop running in this one.
    seeding = threading.Thread(target=call_command, args=("seed_demo", "--password", PASSWORD))
    seeding.start()
    seeding.join()
    network = LearningNetwork.objects.get(coordinators__username="coordinator")
    school = School.objects.get(code="12AB")
    case = CaseStudy.objects.filter(datateam__school=school).order_by("pk").first()
    assert case is not None
    pages = {
        "leader1": [
            f"/casussen/{case.pk}/?stap=4",
            "/scholen/",
            f"/netwerken/{network.pk}/",
            f"/netwerken/{network.pk}/bijdragen/",
            "/bijdragen/regels/",
            f"/scholen/{school.pk}/leiderschap/",
            "/ruimtes/",
        ],
        "coordinator": ["/bijeenkomsten/", f"/netwerken/{network.pk}/dashboard/"],
    }
    too_wide = []
    for username, paths in pages.items():
        context = browser.new_context(locale="nl-NL", viewport=PHONE)
        page = context.new_page()
        log_in(page, live_url, username)
        for path in paths:
            response = page.goto(f"{live_url}{path}")
            assert response is not None
            assert response.status == 200, path
            width = page.evaluate("document.documentElement.scrollWidth")
            if width > PHONE["width"]:
                too_wide.append(f"{path} as {username}: {width} px, {page.evaluate(WIDE)}")
        context.close()
    assert not too_wide, too_wide
