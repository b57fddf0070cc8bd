"""Leadership reflection pages through HTTP: access per demo role, rating, opening,
comparing, discussing and the essentials checklist."""

from __future__ import annotations

import pytest
from django.utils import timezone

from leadership.blocks import BUILDING_BLOCKS
from leadership.demo import seed_demo_leadership
from leadership.models import BlockRating, Reflection
from netwerk.periods import period_of, recent_periods
from tests.conftest import Demo, client_for

pytestmark = pytest.mark.django_db

NOW = period_of(timezone.localdate()).code
ROLES = [
    "coordinator",
    "coach",
    "internal_coach",
    "leader1",
    "teacher1",
    "teacher2",
    "quality_officer",
    "outsider",
]
ALLOWED = {"coach", "leader1", "teacher1", "quality_officer"}


def form(level: int = 3, **overrides: int) -> dict[str, str]:
    data = {"action": "rate"}
    for block in BUILDING_BLOCKS:
        data[f"level_{block.code}"] = str(overrides.get(block.code, level))
    return data


@pytest.mark.parametrize("role", ROLES)
def test_school1s_reflection_is_for_its_leaders_team_and_coach_only(demo: Demo, role: str):
    client = client_for(getattr(demo, role))
    base = f"/scholen/{demo.school1.pk}/leiderschap/"
    expected = 200 if role in ALLOWED else 404
    assert client.get(base).status_code == expected
    assert client.get(f"{base}{NOW}/").status_code == expected


def test_anonymous_visitors_are_sent_to_log_in(demo: Demo, client):
    assert client.get(f"/scholen/{demo.school1.pk}/leiderschap/").status_code == 302


@pytest.mark.parametrize("period", ["2099-2100-1", "2025-2027-1", "morgen"])
def test_a_future_or_malformed_period_is_not_found(demo: Demo, period: str):
    client = client_for(demo.leader1)
    assert client.get(f"/scholen/{demo.school1.pk}/leiderschap/{period}/").status_code == 404


def test_the_overview_shows_trends_with_a_table_questions_and_the_essentials(demo: Demo):
    seed_demo_leadership()
    page = client_for(demo.teacher1).get(f"/scholen/{demo.school1.pk}/leiderschap/").text
    assert "Leiderschap voor datagebruik" in page
    assert "<svg" in page
    assert 'class="trend-table"' in page
    assert "Visie, normen en doelen" in page
    assert "Heeft het datateam tijd in het rooster" in page
    assert "Verankerd in visie en doelen" in page
    for period in recent_periods(timezone.localdate(), 5)[:-1]:
        assert period.code in page


def test_the_groups_see_each_others_ratings_only_after_a_leader_opens_the_period(demo: Demo):
    path = f"/scholen/{demo.school1.pk}/leiderschap/{NOW}/"
    teacher, leader = client_for(demo.teacher1), client_for(demo.leader1)
    assert teacher.post(path, form(2, support=1)).status_code == 302
    assert leader.post(path, form(4)).status_code == 302
    before = leader.get(path).text
    assert "Naast elkaar" not in before
    assert "Openstellen voor bespreking" in before
    assert "Openstellen voor bespreking" not in teacher.get(path).text
    assert teacher.post(path, {"action": "open"}).status_code == 404
    assert leader.post(path, {"action": "open"}).status_code == 302
    after = teacher.get(path).text
    assert "Naast elkaar" in after
    assert "Je beoordelingen" not in after
    support = after.split("Ondersteuning", 2)[-1]
    assert "4,0" in support.split("</tr>")[0]
    assert "1,0" in support.split("</tr>")[0]


def test_rating_again_replaces_and_an_out_of_range_level_is_refused(demo: Demo):
    path = f"/scholen/{demo.school1.pk}/leiderschap/{NOW}/"
    teacher = client_for(demo.teacher1)
    teacher.post(path, form(2))
    teacher.post(path, form(3))
    assert set(BlockRating.objects.values_list("level", flat=True)) == {3}
    response = teacher.post(path, form(3, vision=7))
    assert response.status_code == 200
    assert 'role="alert"' in response.text
    assert set(BlockRating.objects.values_list("level", flat=True)) == {3}


def test_the_coach_reads_along_but_cannot_rate(demo: Demo):
    path = f"/scholen/{demo.school1.pk}/leiderschap/{NOW}/"
    coach = client_for(demo.coach)
    assert "Beoordelingen opslaan" not in coach.get(path).text
    assert coach.post(path, form(3)).status_code == 404
    assert not BlockRating.objects.exists()


def test_a_leader_records_the_discussion_and_ticks_the_essentials(demo: Demo):
    path = f"/scholen/{demo.school1.pk}/leiderschap/{NOW}/"
    leader = client_for(demo.leader1)
    client_for(demo.teacher1).post(path, form(2))
    leader.post(path, form(3))
    leader.post(path, {"action": "open"})
    leader.post(path, {"action": "discuss", "notes": "We zagen **verschil**", "next_steps": ""})
    leader.post(path, {"action": "essentials", "in_place": ["whole_organisation"]})
    page = client_for(demo.quality_officer).get(path).text
    assert "<strong>verschil</strong>" in page
    reflection = Reflection.objects.get()
    assert list(
        reflection.essentials.filter(in_place=True).values_list("essential", flat=True)
    ) == ["whole_organisation"]
    assert (
        client_for(demo.teacher1).post(path, {"action": "discuss", "notes": "x"}).status_code == 404
    )


def test_the_school_page_links_to_the_reflection_for_those_who_take_part(demo: Demo):
    link = f"/scholen/{demo.school1.pk}/leiderschap/"
    assert link in client_for(demo.leader1).get(f"/scholen/{demo.school1.pk}/").text
    assert link not in client_for(demo.coordinator).get(f"/scholen/{demo.school1.pk}/").text
