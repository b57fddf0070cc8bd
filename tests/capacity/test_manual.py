"""Manual entries by coaches and coordinators, through the service, the page and the API."""

from __future__ import annotations

import datetime

import pytest
from django.core.exceptions import ValidationError
from django.utils import timezone

from capacity import services
from capacity.models import Contribution
from tests.conftest import Demo, client_for

TODAY = timezone.localdate()


def test_a_coordinator_records_a_contribution_in_the_chosen_category(demo: Demo):
    entry = services.record_manual_contribution(
        network=demo.network_a,
        recorded_by=demo.coordinator,
        school=demo.school2,
        occurred_on=TODAY,
        description="Workshop over leerlingenarena's gegeven",
        category="knowledge",
    )
    assert (entry.rule, entry.category, entry.recorded_by) == (
        "manual",
        "knowledge",
        demo.coordinator,
    )


def test_a_trained_coach_is_always_capacity_at_scale_and_needs_a_school(demo: Demo):
    entry = services.record_manual_contribution(
        network=demo.network_a,
        recorded_by=demo.coach,
        school=demo.school3,
        occurred_on=TODAY,
        description="Interne datacoach afgerond",
        category="motivation",
        rule="coach_trained",
    )
    assert entry.category == "capacity"
    with pytest.raises(ValidationError) as error:
        services.record_manual_contribution(
            network=demo.network_a,
            recorded_by=demo.coach,
            school=None,
            occurred_on=TODAY,
            description="Interne datacoach",
            rule="coach_trained",
        )
    assert "school" in error.value.message_dict


@pytest.mark.parametrize(
    ("changes", "field"),
    [
        ({"category": ""}, "category"),
        ({"occurred_on": TODAY + datetime.timedelta(days=3)}, "occurred_on"),
        ({"description": "  "}, "description"),
        ({"rule": "case_published"}, "rule"),
    ],
)
def test_bad_manual_entries_are_refused_and_nothing_is_saved(demo: Demo, changes, field):
    fields = {
        "network": demo.network_a,
        "recorded_by": demo.coordinator,
        "school": demo.school1,
        "occurred_on": TODAY,
        "description": "Iets",
        "category": "knowledge",
    } | changes
    with pytest.raises(ValidationError) as error:
        services.record_manual_contribution(**fields)
    assert field in error.value.message_dict
    assert not Contribution.objects.exists()


def test_a_school_outside_the_network_cannot_be_credited(demo: Demo):
    with pytest.raises(ValidationError) as error:
        services.record_manual_contribution(
            network=demo.network_a,
            recorded_by=demo.coordinator,
            school=demo.school5,
            occurred_on=TODAY,
            description="Iets",
            category="knowledge",
        )
    assert "school" in error.value.message_dict


def test_the_ledger_page_form_records_for_coordinators_only(demo: Demo):
    url = f"/netwerken/{demo.network_a.pk}/bijdragen/"
    data = {
        "rule": "manual",
        "category": "motivation",
        "school": demo.school2.pk,
        "occurred_on": TODAY.isoformat(),
        "description": "Bezoek aan elkaars datateam",
    }
    assert client_for(demo.teacher1).post(url, data).status_code == 404
    response = client_for(demo.coordinator).post(url, data)
    assert response.status_code == 302
    assert Contribution.objects.get().description == "Bezoek aan elkaars datateam"
    bad = client_for(demo.coordinator).post(url, data | {"category": ""})
    assert bad.status_code == 200
    assert Contribution.objects.count() == 1


def test_the_api_records_for_coaches_and_hides_the_network_from_others(demo: Demo):
    body = {
        "network": demo.network_a.pk,
        "rule": "coach_trained",
        "school": demo.school1.pk,
        "occurred_on": TODAY.isoformat(),
        "description": "Interne coach getraind",
    }
    created = client_for(demo.coach).post(
        "/api/contributions/", body, content_type="application/json"
    )
    assert created.status_code == 201, created.content
    assert created.json()["category"] == "capacity"
    refused = client_for(demo.teacher1).post(
        "/api/contributions/", body, content_type="application/json"
    )
    assert refused.status_code == 404
    invalid = client_for(demo.coach).post(
        "/api/contributions/", body | {"school": None}, content_type="application/json"
    )
    assert invalid.status_code == 400
    assert "school" in invalid.json()
    assert Contribution.objects.count() == 1
