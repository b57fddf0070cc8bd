"""The main pages in Dutch, checked by axe-core in Chromium: no serious or critical
violation of WCAG 2.1 AA or axe's best practices, for the demo's people in their own pages,
and the login page for someone not signed in."""

from __future__ import annotations

import threading
from typing import Any

import pytest
from axe_playwright_python.sync_playwright import Axe
from django.core.management import call_command

from casestudies.models import CaseStudy, Measure, Publication
from coaching.models import CoachProfile
from discussions.models import Room
from meetings.models import NetworkSession
from netwerk.models import LearningNetwork
from schools.models import School
from tests.browser.test_login_and_language import log_in
from tests.conftest import PASSWORD

pytestmark = pytest.mark.browser

SERIOUS = {"serious", "critical"}
# Rules left out, each with its reason. None yet.
SKIPPED_RULES: dict[str, str] = {}


def main_pages() -> dict[str, str]:
    """Fifteen pages, each by its name, as leader1 of Het Baken College sees them."""
    network = LearningNetwork.objects.get(coordinators__username="coordinator")
    school = School.objects.get(code="12AB")
    case = CaseStudy.objects.filter(datateam__school=school).order_by("pk")[0]
    measure = Measure.objects.filter(case=case).order_by("pk")[0]
    publication = Publication.objects.filter(networks=network).order_by("pk")[0]
    room = Room.objects.filter(network=network).order_by("pk")[0]
    session = NetworkSession.objects.filter(network=network).order_by("starts_at")[0]
    coach = CoachProfile.objects.get(person__username="coach")
    return {
        "home": "/",
        "library": f"/netwerken/{network.pk}/bibliotheek/",
        "publication": f"/publicaties/{publication.pk}/",
        "case": f"/casussen/{case.pk}/",
        "measure": f"/metingen/{measure.pk}/",
        "room": f"/ruimtes/{room.pk}/",
        "sessions": "/bijeenkomsten/",
        "session": f"/bijeenkomsten/{session.pk}/",
        "dashboard": f"/scholen/{school.pk}/dashboard/",
        "notifications": "/meldingen/",
        "settings": "/meldingen/instellingen/",
        "my data": "/mijn-gegevens/",
        "coaching": f"/datacoaches/{coach.pk}/",
        "leadership": f"/scholen/{school.pk}/leiderschap/",
        "datasets": f"/scholen/{school.pk}/datasets/",
    }


def serious_violations(axe: Axe, page) -> list[str]:
    options: dict[str, Any] = {
        "resultTypes": ["violations"],
        "rules": {rule: {"enabled": False} for rule in SKIPPED_RULES},
    }
    results = axe.run(page, options=options)
    return [
        f"{violation['id']} ({violation['impact']}): {violation['help']} — "
        + "; ".join(node["target"][0] for node in violation["nodes"][:4])
        for violation in results.response["violations"]
        if violation["impact"] in SERIOUS
    ]


def test_the_main_pages_have_no_serious_accessibility_violations(live_url, browser):
    # In a thread of its own: the demo posts to rooms, whose events cross into async code,
    # and Playwright keeps an event loop running in this one.
    seeding = threading.Thread(target=call_command, args=("seed_demo", "--password", PASSWORD))
    seeding.start()
    seeding.join()
    pages = main_pages()
    axe = Axe()
    found: dict[str, list[str]] = {}
    context = browser.new_context(locale="nl-NL", viewport={"width": 1280, "height": 900})
    page = context.new_page()
    page.goto(f"{live_url}/login/")
    assert page.locator("html").get_attribute("lang") == "nl"
    found["login"] = serious_violations(axe, page)
    log_in(page, live_url, "leader1")
    page.wait_for_url(f"{live_url}/")
    for name, path in pages.items():
        response = page.goto(f"{live_url}{path}")
        assert response is not None
        assert response.status == 200, f"{name}: {path}"
        assert page.locator("html").get_attribute("lang") == "nl"
        found[name] = serious_violations(axe, page)
    context.close()
    assert len(found) == 16
    problems = {name: violations for name, violations in found.items() if violations}
    assert not problems, "\n".join(f"{k}: {v}" for k, v in problems.items())
