"""Coach pages through HTTP: who sees what, the self-assessment and the team feedback."""

from __future__ import annotations

import pytest
from django.utils import timezone

from coaching.demo import seed_demo_coaching
from coaching.models import CoachProfile, SelfAssessment, TeamFeedback
from netwerk.periods import period_of
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
    "anonymous",
]
# page → roles that get a 200 for the external coach's profile; the rest get 404
# (anonymous visitors are sent to the login page).
ALLOWED = {
    "profile": {"coordinator", "coach", "leader1"},
    "self_assessment": {"coach"},
    "feedback": {"leader1", "teacher1", "teacher2", "quality_officer"},
}


@pytest.fixture
def seeded(demo: Demo) -> CoachProfile:
    seed_demo_coaching()
    return CoachProfile.objects.get(person=demo.coach)


def url(page: str, profile: CoachProfile) -> str:
    return {
        "profile": f"/datacoaches/{profile.pk}/",
        "self_assessment": f"/datacoaches/{profile.pk}/zelfevaluatie/",
        "feedback": f"/datacoaches/{profile.pk}/feedback/",
    }[page]


@pytest.mark.parametrize("role", ROLES)
@pytest.mark.parametrize("page", sorted(ALLOWED))
def test_each_demo_role_sees_exactly_the_coach_pages_meant_for_it(
    seeded: CoachProfile, demo: Demo, role: str, page: str
):
    user = None if role == "anonymous" else getattr(demo, role)
    response = client_for(user).get(url(page, seeded))
    if role == "anonymous":
        assert response.status_code == 302
    else:
        assert response.status_code == (200 if role in ALLOWED[page] else 404)


def test_a_missing_profile_looks_like_a_forbidden_one(seeded: CoachProfile, demo: Demo):
    assert client_for(demo.coach).get("/datacoaches/999999/").status_code == 404


def test_the_profile_shows_growth_as_a_chart_with_its_table_and_the_rubric(
    seeded: CoachProfile, demo: Demo
):
    page = client_for(demo.coordinator).get(url("profile", seeded)).text
    assert "Groei per competentie" in page
    assert '<figure class="chart"' in page
    assert "<svg" in page
    assert 'class="trend-table"' in page
    assert "Datageletterdheid" in page
    assert 'class="is-current"' in page
    assert "huidig niveau" in page
    assert "Het Baken College" in page
    assert "Basisschool De Regenboog" in page
    assert "style=" not in page.split("<svg", 1)[1].split("</svg>", 1)[0]


def test_the_coach_fills_in_a_self_assessment_and_sees_it_in_the_growth_table(
    seeded: CoachProfile, demo: Demo
):
    client = client_for(demo.coach)
    response = client.post(
        url("self_assessment", seeded),
        {"period": NOW, "level_courage": "4", "note_courage": "Zelf de uitslag benoemd"},
    )
    assert response.status_code == 302
    assessment = SelfAssessment.objects.get(profile=seeded, period=NOW)
    assert list(assessment.ratings.values_list("competency", "level")) == [("courage", 4)]
    form = client.get(f"{url('self_assessment', seeded)}?periode={NOW}").text
    assert 'value="4"' in form
    assert "checked" in form
    assert "Zelf de uitslag benoemd" in form
    profile = client.get(url("profile", seeded)).text
    assert f"<strong>{NOW}</strong>" in profile


def test_a_level_out_of_range_on_the_page_shows_an_error_and_saves_nothing(
    seeded: CoachProfile, demo: Demo
):
    response = client_for(demo.coach).post(
        url("self_assessment", seeded), {"period": NOW, "level_courage": "5"}
    )
    assert response.status_code == 200
    assert 'role="alert"' in response.text
    assert not SelfAssessment.objects.filter(profile=seeded, period=NOW).exists()


def test_evidence_is_added_on_the_self_assessment_page(seeded: CoachProfile, demo: Demo):
    client = client_for(demo.coach)
    assessment = seeded.self_assessments.order_by("-period").first()
    assert assessment is not None
    response = client.post(
        url("self_assessment", seeded),
        {
            "action": "evidence",
            "assessment": assessment.pk,
            "kind": "link",
            "description": "Intervisie met coaches",
        },
    )
    assert response.status_code == 302
    assert assessment.evidence.filter(description="Intervisie met coaches").exists()


def test_teacher1_gives_feedback_once_and_is_told_when_trying_again(
    seeded: CoachProfile, demo: Demo
):
    client = client_for(demo.teacher1)
    data = {"period": NOW, "level_coaching": "3", "note_coaching": "Stelt goede vragen"}
    assert client.post(url("feedback", seeded), data).status_code == 302
    again = client.post(url("feedback", seeded), {**data, "level_coaching": "4"})
    assert again.status_code == 200
    assert "al feedback gegeven" in again.text
    feedback = TeamFeedback.objects.get(profile=seeded, giver=demo.teacher1, period=NOW)
    assert list(feedback.ratings.values_list("level", flat=True)) == [3]


def test_the_coach_sees_the_teams_notes_without_names(seeded: CoachProfile, demo: Demo):
    client_for(demo.teacher1).post(
        url("feedback", seeded), {"period": NOW, "level_coaching": "3", "note_coaching": "Fijn"}
    )
    page = client_for(demo.coach).get(url("profile", seeded)).text
    notes = page.split("Wat de teams schreven", 1)[1]
    assert "Fijn" in notes
    assert "Lotte" not in notes


def test_the_internal_coach_starts_a_profile_on_the_coaches_page(demo: Demo):
    client = client_for(demo.internal_coach)
    page = client.get("/datacoaches/").text
    assert "Start je coachprofiel" in page
    response = client.post("/datacoaches/", {"kind": "internal", "introduction": "Hallo"})
    assert response.status_code == 302
    profile = CoachProfile.objects.get(person=demo.internal_coach)
    assert client.get(response["Location"]).status_code == 200
    assert profile.kind == "internal"


def test_the_home_page_and_navigation_link_to_the_coach_pages(seeded: CoachProfile, demo: Demo):
    home = client_for(demo.coach).get("/").text
    assert "Mijn coachprofiel" in home
    assert "/datacoaches/" in home
    teacher_home = client_for(demo.teacher1).get("/").text
    assert f"/datacoaches/{seeded.pk}/feedback/" in teacher_home


def test_the_coach_removes_evidence_but_nobody_else_can(seeded: CoachProfile, demo: Demo):
    assessment = seeded.self_assessments.order_by("period").first()
    assert assessment is not None
    evidence = assessment.evidence.get()
    path = url("self_assessment", seeded)
    assert (
        client_for(demo.leader1)
        .post(path, {"action": "remove_evidence", "id": evidence.pk})
        .status_code
        == 404
    )
    client_for(demo.coach).post(path, {"action": "remove_evidence", "id": evidence.pk})
    assert not assessment.evidence.exists()


def test_leaders_of_other_coached_schools_see_the_profile_but_other_coordinators_do_not(
    seeded: CoachProfile, demo: Demo
):
    assert client_for(demo.user("leader2")).get(url("profile", seeded)).status_code == 200
    assert client_for(demo.user("coordinator_b")).get(url("profile", seeded)).status_code == 404
    assert client_for(demo.user("leader3")).get(url("profile", seeded)).status_code == 404
