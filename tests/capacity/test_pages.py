"""The rules page, the ledger page and the school dashboard page."""

from __future__ import annotations

import datetime
from decimal import Decimal

from capacity.models import Contribution
from capacity.rules import RULES
from tests.capacity.conftest import case_for, english_client
from tests.conftest import Demo, client_for


def test_the_rules_page_shows_every_rule_to_any_member(demo: Demo):
    page = client_for(demo.teacher2).get("/bijdragen/regels/", HTTP_ACCEPT_LANGUAGE="en")
    assert page.status_code == 200
    html = page.content.decode()
    for rule in RULES.values():
        assert str(rule.title) in html
    assert client_for(None).get("/bijdragen/regels/").status_code == 302


def test_the_ledger_filters_and_pages(demo: Demo):
    Contribution.objects.bulk_create(
        Contribution(
            network=demo.network_a,
            school=demo.school1 if number % 2 else demo.school2,
            category="knowledge" if number % 3 else "motivation",
            rule="manual",
            occurred_on=datetime.date(2025, 9, 1) + datetime.timedelta(days=number),
            description=f"Bijdrage {number}",
        )
        for number in range(60)
    )
    client = english_client(demo.teacher1)
    url = f"/netwerken/{demo.network_a.pk}/bijdragen/"
    first = client.get(url)
    assert len(first.context["rows"]) == 25
    assert first.context["page"].paginator.num_pages == 3
    motivation = client.get(url, {"category": "motivation"})
    assert motivation.context["page"].paginator.count == 20
    school = client.get(url, {"school": demo.school2.pk, "pagina": 2})
    assert school.context["page"].paginator.count == 30
    assert school.context["page"].number == 2
    assert {label for _row, label in school.context["rows"]} == {"a PO school in Amersfoort"}
    period = client.get(url, {"van": "2025-09-01", "tot": "2025-09-10"})
    assert period.context["page"].paginator.count == 10
    assert "Record a contribution" not in first.content.decode()
    assert client_for(demo.outsider).get(url).status_code == 404


def test_the_school_dashboard_is_for_its_people_and_its_coach(demo: Demo):
    url = f"/scholen/{demo.school1.pk}/dashboard/"
    for person in (demo.teacher1, demo.leader1, demo.coach):
        page = client_for(person).get(url)
        assert page.status_code == 200
        assert page.content.decode().count('<figure class="chart"') == 1
    for person in (demo.teacher2, demo.coordinator, demo.outsider):
        assert client_for(person).get(url).status_code == 404


def test_the_school_dashboard_writes_a_goal_in_the_readers_language(demo: Demo):
    case = case_for(demo.team1, demo.teacher1)
    case.goal.target_value = Decimal("12.50")
    case.goal.save(update_fields=["target_value"])
    url = f"/scholen/{demo.school1.pk}/dashboard/"
    dutch = client_for(demo.teacher1).get(url).content.decode()
    assert "percentage zittenblijvers → 12,5<" in dutch
    assert "12.50" not in dutch
    english = english_client(demo.teacher1).get(url).content.decode()
    assert "percentage zittenblijvers → 12.5<" in english


def test_the_network_dashboard_page_shows_each_chart_beside_its_table(demo: Demo):
    page = client_for(demo.coordinator).get(f"/netwerken/{demo.network_a.pk}/dashboard/")
    html = page.content.decode()
    # Every table but the key figures has its chart, and every table is shown.
    assert html.count('<figure class="chart"') == 9
    assert html.count('class="analysis-table"') == 10
    assert "style=" not in html


def test_the_dashboard_names_its_period_in_dutch_and_says_why_it_ignored_a_bad_one(demo: Demo):
    url = f"/netwerken/{demo.network_a.pk}/dashboard/"
    client = client_for(demo.coordinator)
    html = client.get(url, {"schooljaar": 2025}).content.decode()
    assert "Periode: 1 augustus 2025 tot en met 31 juli 2026" in html
    bad = client.get(url, {"van": "2026-12-01", "tot": "2026-01-01"})
    assert bad.status_code == 200
    assert "Het einde van de periode ligt voor het begin." in bad.content.decode()
