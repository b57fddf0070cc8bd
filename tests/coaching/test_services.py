"""Coach profiles, self-assessments, evidence and team feedback, through the services."""

from __future__ import annotations

import datetime
from typing import Any

import pytest
from django.core.exceptions import ValidationError
from django.utils import timezone

from casestudies import services as case_services
from coaching import services
from coaching.access import coached_schools, profiles_for_feedback
from coaching.models import (
    CoachKind,
    CoachProfile,
    Evidence,
    EvidenceKind,
    SelfAssessment,
    TeamFeedback,
)
from coaching.reports import competency_growth
from meetings.models import NetworkSession
from netwerk.periods import period_of
from netwerk.ratings import RatingInput
from schools.models import Datateam
from tests.conftest import Demo

pytestmark = pytest.mark.django_db

NOW = period_of(timezone.localdate()).code
EARLIER = period_of(timezone.localdate() - datetime.timedelta(days=200)).code


def rate(**levels: object) -> dict[str, RatingInput]:
    return {code: {"level": level, "note": ""} for code, level in levels.items()}


def test_an_external_coach_starts_a_profile_that_lists_the_schools_they_coach(
    profile: CoachProfile, demo: Demo
):
    assert profile.kind == CoachKind.EXTERNAL
    assert set(coached_schools(profile)) == {demo.school1, demo.school2}


def test_an_internal_coach_coaches_their_own_school(demo: Demo):
    profile = services.create_coach_profile(person=demo.internal_coach, kind=CoachKind.INTERNAL)
    assert list(coached_schools(profile)) == [demo.school3]


@pytest.mark.parametrize("kind", [CoachKind.INTERNAL, CoachKind.EXTERNAL, "mentor"])
def test_someone_who_coaches_no_school_cannot_start_a_profile(demo: Demo, kind: str):
    with pytest.raises(ValidationError) as error:
        services.create_coach_profile(person=demo.teacher1, kind=kind)
    assert "kind" in error.value.message_dict
    assert not CoachProfile.objects.exists()


def test_the_external_coach_cannot_claim_to_be_internal(demo: Demo):
    with pytest.raises(ValidationError):
        services.create_coach_profile(person=demo.coach, kind=CoachKind.INTERNAL)


def test_a_coach_has_one_profile(profile: CoachProfile, demo: Demo):
    with pytest.raises(ValidationError):
        services.create_coach_profile(person=demo.coach, kind=CoachKind.EXTERNAL)
    assert CoachProfile.objects.count() == 1


def test_saving_a_self_assessment_again_in_a_period_replaces_its_ratings(profile: CoachProfile):
    first = services.save_self_assessment(
        profile=profile, period=NOW, ratings=rate(data_literacy=2, courage=1)
    )
    again = services.save_self_assessment(
        profile=profile, period=NOW, ratings={"data_literacy": {"level": 3, "note": "Beter"}}
    )
    assert first.pk == again.pk
    assert list(again.ratings.values_list("competency", "level", "note")) == [
        ("data_literacy", 3, "Beter")
    ]


@pytest.mark.parametrize("level", [0, 5, -1, "drie", None, True, 2.5, "", "12"])
def test_a_level_outside_1_to_4_is_refused_and_nothing_is_saved(profile: CoachProfile, level):
    with pytest.raises(ValidationError) as error:
        services.save_self_assessment(
            profile=profile, period=NOW, ratings=rate(data_literacy=3, courage=level)
        )
    assert "level_courage" in error.value.message_dict
    assert not SelfAssessment.objects.exists()


def test_an_unknown_competency_and_an_empty_assessment_are_refused(profile: CoachProfile):
    with pytest.raises(ValidationError, match="Unknown item"):
        services.save_self_assessment(profile=profile, period=NOW, ratings=rate(telepathy=3))
    with pytest.raises(ValidationError, match="at least one"):
        services.save_self_assessment(profile=profile, period=NOW, ratings={})
    assert not SelfAssessment.objects.exists()


def test_a_note_longer_than_1000_characters_is_refused(profile: CoachProfile):
    with pytest.raises(ValidationError) as error:
        services.save_self_assessment(
            profile=profile, period=NOW, ratings={"courage": {"level": 2, "note": "x" * 1001}}
        )
    assert "note_courage" in error.value.message_dict


@pytest.mark.parametrize("period", ["2025-2027-1", "2025-2026-3", "voorjaar", "2099-2100-1"])
def test_a_malformed_or_future_period_is_refused(profile: CoachProfile, period: str):
    with pytest.raises(ValidationError) as error:
        services.save_self_assessment(profile=profile, period=period, ratings=rate(courage=2))
    assert "period" in error.value.message_dict
    assert not SelfAssessment.objects.exists()


def session_led_by(demo: Demo, *facilitators) -> NetworkSession:
    start = timezone.now() - datetime.timedelta(days=20)
    session = NetworkSession.objects.create(
        network=demo.network_a,
        title="Bijeenkomst doorstroom",
        starts_at=start,
        ends_at=start + datetime.timedelta(hours=2),
    )
    session.facilitators.set(facilitators)
    return session


def test_evidence_is_a_session_the_coach_facilitated(profile: CoachProfile, demo: Demo):
    assessment = services.save_self_assessment(profile=profile, period=NOW, ratings=rate(courage=2))
    led = session_led_by(demo, demo.coach)
    other = session_led_by(demo, demo.coordinator)
    evidence = services.add_evidence(assessment=assessment, kind=EvidenceKind.SESSION, session=led)
    assert evidence.session == led
    with pytest.raises(ValidationError) as error:
        services.add_evidence(assessment=assessment, kind=EvidenceKind.SESSION, session=other)
    assert "session" in error.value.message_dict
    assert assessment.evidence.count() == 1


def test_evidence_is_a_cycle_of_a_school_the_coach_coaches(profile: CoachProfile, demo: Demo):
    assessment = services.save_self_assessment(profile=profile, period=NOW, ratings=rate(courage=2))
    coached = start_case(demo.team1, demo.teacher1)
    elsewhere = start_case(Datateam.objects.get(school=demo.school3), demo.internal_coach)
    services.add_evidence(assessment=assessment, kind=EvidenceKind.CYCLE, case=coached)
    with pytest.raises(ValidationError) as error:
        services.add_evidence(assessment=assessment, kind=EvidenceKind.CYCLE, case=elsewhere)
    assert "case" in error.value.message_dict
    assert list(assessment.evidence.values_list("case", flat=True)) == [coached.pk]


def start_case(team: Datateam, person):
    return case_services.start_case_study(
        datateam=team, person=person, title="Doorstroom", theme="progression", template="five_steps"
    )


def test_link_evidence_needs_a_valid_link_or_a_description(profile: CoachProfile):
    assessment = services.save_self_assessment(profile=profile, period=NOW, ratings=rate(courage=2))
    with pytest.raises(ValidationError):
        services.add_evidence(assessment=assessment, kind=EvidenceKind.LINK)
    with pytest.raises(ValidationError) as error:
        services.add_evidence(assessment=assessment, kind=EvidenceKind.LINK, url="geen link")
    assert "url" in error.value.message_dict
    services.add_evidence(assessment=assessment, kind=EvidenceKind.LINK, description="Scholing")
    assert Evidence.objects.count() == 1


def test_a_team_member_of_a_coached_school_gives_feedback_once_per_period(
    profile: CoachProfile, demo: Demo
):
    feedback = services.give_feedback(
        profile=profile, giver=demo.teacher1, period=NOW, ratings=rate(coaching=3, courage=2)
    )
    assert feedback.datateam == demo.team1
    with pytest.raises(ValidationError) as error:
        services.give_feedback(
            profile=profile, giver=demo.teacher1, period=NOW, ratings=rate(coaching=4)
        )
    assert "period" in error.value.message_dict
    assert list(TeamFeedback.objects.get().ratings.values_list("competency", "level")) == [
        ("coaching", 3),
        ("courage", 2),
    ]
    services.give_feedback(
        profile=profile, giver=demo.teacher1, period=EARLIER, ratings=rate(coaching=2)
    )
    assert TeamFeedback.objects.count() == 2


@pytest.mark.parametrize("giver", ["outsider", "coordinator", "internal_coach", "coach"])
def test_feedback_from_someone_the_coach_does_not_coach_is_refused(
    profile: CoachProfile, demo: Demo, giver: str
):
    with pytest.raises(ValidationError):
        services.give_feedback(
            profile=profile, giver=getattr(demo, giver), period=NOW, ratings=rate(coaching=3)
        )
    assert not TeamFeedback.objects.exists()


def test_an_internal_coach_in_a_datateam_cannot_rate_themself(demo: Demo):
    profile = services.create_coach_profile(person=demo.internal_coach, kind=CoachKind.INTERNAL)
    assert profile not in profiles_for_feedback(demo.internal_coach)
    colleague = demo.user("s3_teacher_a")
    assert profile in profiles_for_feedback(colleague)


def test_feedback_with_a_level_out_of_range_saves_nothing(profile: CoachProfile, demo: Demo):
    with pytest.raises(ValidationError):
        services.give_feedback(
            profile=profile, giver=demo.teacher2, period=NOW, ratings=rate(coaching=3, courage=9)
        )
    assert not TeamFeedback.objects.exists()


def test_growth_holds_the_self_assessed_level_and_the_teams_mean_per_period(
    profile: CoachProfile, demo: Demo
):
    services.save_self_assessment(profile=profile, period=EARLIER, ratings=rate(coaching=2))
    services.save_self_assessment(profile=profile, period=NOW, ratings=rate(coaching=3))
    services.give_feedback(
        profile=profile, giver=demo.teacher1, period=NOW, ratings=rate(coaching=2)
    )
    services.give_feedback(
        profile=profile, giver=demo.teacher2, period=NOW, ratings=rate(coaching=3)
    )
    rows = competency_growth(profile).to_dict("records")
    assert [(r["period"], r["self_mean"], r["team_mean"], r["team_n"]) for r in rows][1:] == [
        (NOW, 3.0, 2.5, 2)
    ]
    assert rows[0]["period"] == EARLIER
    assert rows[0]["team_n"] == 0


def test_evidence_is_a_datateam_meeting_the_coach_attended(profile: CoachProfile, demo: Demo):
    assessment = services.save_self_assessment(profile=profile, period=NOW, ratings=rate(courage=2))
    case = start_case(demo.team1, demo.teacher1)
    today = datetime.date.today()

    def meeting(attendees: list[Any]) -> Any:
        return case_services.log_team_meeting(
            case=case,
            person=demo.teacher1,
            held_on=today,
            step=1,
            decisions="Doel vastgesteld.",
            attendees=attendees,
        )

    attended = meeting([demo.teacher1, demo.coach])
    without = meeting([demo.teacher1])
    evidence = services.add_evidence(
        assessment=assessment, kind=EvidenceKind.MEETING, meeting=attended
    )
    assert evidence.meeting == attended
    with pytest.raises(ValidationError) as error:
        services.add_evidence(assessment=assessment, kind=EvidenceKind.MEETING, meeting=without)
    assert "meeting" in error.value.message_dict
    assert assessment.evidence.count() == 1
