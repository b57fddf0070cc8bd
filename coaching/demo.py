"""Demo data coaches: the external coach of schools 1 and 2 and the internal coach of
school 3, with self-assessments and their teams' feedback over the four half years
before the current one. Synthetic only; running it again changes nothing."""

from __future__ import annotations

from django.db import transaction
from django.utils import timezone

from casestudies.models import CaseStudy
from coaching import services
from coaching.access import coached_schools
from coaching.competencies import COMPETENCIES
from coaching.models import CoachKind, CoachProfile, EvidenceKind, TeamFeedback
from meetings.models import NetworkSession
from netwerk.periods import recent_periods
from netwerk.ratings import RatingInput
from schools.models import User

# username: (kind, introduction, team members who give feedback)
COACHES = {
    "coach": (
        CoachKind.EXTERNAL,
        "Externe datacoach voor het Baken College en De Regenboog. Ik help teams van een "
        "vage zorg naar een meetbaar doel en een plan dat in de lessen te zien is.",
        ["teacher1", "s1_teacher_a", "s1_quality", "teacher2", "s2_teacher_a"],
    ),
    "s3_coach": (
        CoachKind.INTERNAL,
        "Interne datacoach van het Sint-Jozefinstituut, naast mijn lesopdracht Nederlands.",
        ["s3_teacher_a", "leader3"],
    ),
}
# Where each competency starts (self-assessment, first period); the coach grows from there.
START = {"data_literacy": 3, "courage": 1, "adult_learning": 1, "leadership": 2}
NOTES = {
    "data_literacy": "Het team vraagt nu zelf naar de n van elke groep.",
    "courage": "Ik benoemde de tegenvallende resultaten in havo 4 in het MT.",
    "coaching": "Minder voorzeggen, meer doorvragen.",
}

TEAM_NOTES = {
    0: "Hielp ons het doel echt meetbaar te maken.",
    1: "Soms gaat het tempo te snel voor het team.",
    3: "Durft de lastige vraag te stellen, ook aan de teamleider.",
}


@transaction.atomic
def seed_demo_coaching() -> None:
    periods = [p.code for p in recent_periods(timezone.localdate(), 5)[:-1]]
    for username, (kind, introduction, givers) in COACHES.items():
        person = User.objects.filter(username=username).first()
        if person is None:
            continue
        profile = CoachProfile.objects.filter(person=person).first() or (
            services.create_coach_profile(person=person, kind=kind, introduction=introduction)
        )
        for index, period in enumerate(periods):
            _self_assessment(profile, period, index)
            for number, giver in enumerate(givers):
                _feedback(profile, period, index, number, giver)


def _self_assessment(profile: CoachProfile, period: str, index: int) -> None:
    if profile.self_assessments.filter(period=period).exists():
        return
    ratings: dict[str, RatingInput] = {
        c.code: {
            "level": min(4, START.get(c.code, 2) + (index + position % 2) // 2),
            "note": NOTES.get(c.code, "") if index == 3 else "",
        }
        for position, c in enumerate(COMPETENCIES)
    }
    assessment = services.save_self_assessment(profile=profile, period=period, ratings=ratings)
    cases = CaseStudy.objects.filter(datateam__school__in=coached_schools(profile))
    for case in cases.order_by("pk")[index : index + 1]:
        services.add_evidence(assessment=assessment, kind=EvidenceKind.CYCLE, case=case)
    sessions = NetworkSession.objects.filter(facilitators=profile.person).order_by("starts_at")
    for session in sessions[index : index + 1]:
        services.add_evidence(assessment=assessment, kind=EvidenceKind.SESSION, session=session)
    if index == 0:
        services.add_evidence(
            assessment=assessment,
            kind=EvidenceKind.LINK,
            description="Scholing 'Datageletterdheid voor coaches', vier middagen",
        )


def _feedback(profile: CoachProfile, period: str, index: int, number: int, username: str) -> None:
    giver = User.objects.filter(username=username).first()
    if (
        giver is None
        or TeamFeedback.objects.filter(profile=profile, giver=giver, period=period).exists()
    ):
        return
    if (index + number) % 3 == 2:  # not everyone answers every half year
        return
    observed = [c for position, c in enumerate(COMPETENCIES) if (position + number) % 3 != 0]
    ratings: dict[str, RatingInput] = {
        c.code: {
            "level": min(4, 2 + (index + number % 2 + position % 3) // 3),
            "note": TEAM_NOTES.get((index + number) % 4, "") if position == 0 else "",
        }
        for position, c in enumerate(observed)
    }
    services.give_feedback(profile=profile, giver=giver, period=period, ratings=ratings)
