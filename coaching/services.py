"""Every change to coach profiles, self-assessments, evidence and team feedback."""

from __future__ import annotations

import datetime
from collections.abc import Mapping

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils.translation import gettext as _

from casestudies.models import CaseStudy, TeamMeeting
from coaching.access import (
    coach_kinds,
    coached_memberships,
    coached_schools,
    meetings_for_evidence,
    profiles_for_feedback,
)
from coaching.competencies import BY_CODE
from coaching.models import (
    CoachKind,
    CoachProfile,
    Evidence,
    EvidenceKind,
    FeedbackRating,
    SelfAssessment,
    SelfRating,
    TeamFeedback,
)
from meetings.models import NetworkSession
from netwerk.periods import parse_past_period
from netwerk.ratings import RatingInput, clean_ratings
from schools.models import User
from schools.services import save_validated, today


@transaction.atomic
def create_coach_profile(*, person: User, kind: str, introduction: str = "") -> CoachProfile:
    """A person who coaches a school starts their profile: internal when they are a data
    coach of their own school, external when a school has them assigned."""
    if CoachProfile.objects.filter(person=person).exists():
        raise ValidationError(_("You already have a data coach profile."))
    if kind not in CoachKind.values:
        raise ValidationError({"kind": _("Choose internal or external.")})
    if kind not in coach_kinds(person):
        message = {
            CoachKind.INTERNAL: _("Only an internal data coach of a school can say so."),
            CoachKind.EXTERNAL: _("No school has you assigned as its external data coach."),
        }[CoachKind(kind)]
        raise ValidationError({"kind": message})
    return save_validated(CoachProfile(person=person, kind=kind, introduction=introduction.strip()))


@transaction.atomic
def update_coach_profile(*, profile: CoachProfile, introduction: str) -> CoachProfile:
    profile.introduction = introduction.strip()
    return save_validated(profile, update_fields=["introduction"])


@transaction.atomic
def save_self_assessment(
    *,
    profile: CoachProfile,
    period: str,
    ratings: Mapping[str, RatingInput],
    on: datetime.date | None = None,
) -> SelfAssessment:
    """The coach's view of one period. Saving again for the same period replaces the
    ratings (a self-assessment is the coach's own, to refine); competencies left out are
    simply not assessed this time."""
    cleaned = clean_ratings(ratings, BY_CODE, require_all=False)
    code = parse_past_period(period, today=on or today()).code
    assessment, _created = SelfAssessment.objects.get_or_create(profile=profile, period=code)
    assessment.ratings.all().delete()
    SelfRating.objects.bulk_create(
        SelfRating(assessment=assessment, competency=competency, level=level, note=note)
        for competency, (level, note) in cleaned.items()
    )
    assessment.save(update_fields=["updated_at"])
    return assessment


@transaction.atomic
def add_evidence(
    *,
    assessment: SelfAssessment,
    kind: str,
    session: NetworkSession | None = None,
    case: CaseStudy | None = None,
    meeting: TeamMeeting | None = None,
    url: str = "",
    description: str = "",
) -> Evidence:
    """Evidence is a session the coach facilitated, a cycle of a school they coach, or a
    link or description; anything else is refused."""
    person = assessment.profile.person
    if kind == EvidenceKind.SESSION and (
        session is None or not session.facilitators.filter(pk=person.pk).exists()
    ):
        raise ValidationError({"session": _("Choose a network session you facilitated.")})
    if kind == EvidenceKind.CYCLE and (
        case is None
        or not coached_schools(assessment.profile).filter(pk=case.datateam.school_id).exists()
    ):
        raise ValidationError({"case": _("Choose a cycle of a school you coach.")})
    if kind == EvidenceKind.MEETING and (
        meeting is None
        or not meetings_for_evidence(assessment.profile).filter(pk=meeting.pk).exists()
    ):
        raise ValidationError(
            {"meeting": _("Choose a datateam meeting you attended at a school you coach.")}
        )
    if kind == EvidenceKind.LINK and not (url.strip() or description.strip()):
        raise ValidationError({"description": _("Give a link or a description.")})
    evidence = Evidence(
        assessment=assessment,
        kind=kind,
        session=session if kind == EvidenceKind.SESSION else None,
        case=case if kind == EvidenceKind.CYCLE else None,
        meeting=meeting if kind == EvidenceKind.MEETING else None,
        url=url.strip(),
        description=description.strip(),
    )
    return save_validated(evidence)


@transaction.atomic
def remove_evidence(*, evidence: Evidence) -> None:
    evidence.delete()


@transaction.atomic
def give_feedback(
    *,
    profile: CoachProfile,
    giver: User,
    period: str,
    ratings: Mapping[str, RatingInput],
    on: datetime.date | None = None,
) -> TeamFeedback:
    """A datateam member rates their coach on the competencies the team saw, once per
    period: a second time is refused, not merged."""
    if not profiles_for_feedback(giver).filter(pk=profile.pk).exists():
        raise ValidationError(_("You can only give feedback to a coach of your own datateam."))
    code = parse_past_period(period, today=on or today()).code
    if TeamFeedback.objects.filter(profile=profile, giver=giver, period=code).exists():
        raise ValidationError(
            {"period": _("You have already given this coach feedback for this period.")}
        )
    cleaned = clean_ratings(ratings, BY_CODE, require_all=False)
    membership = coached_memberships(profile, giver).first()
    assert membership is not None  # profiles_for_feedback found one
    feedback = save_validated(
        TeamFeedback(profile=profile, giver=giver, datateam=membership.datateam, period=code)
    )
    FeedbackRating.objects.bulk_create(
        FeedbackRating(feedback=feedback, competency=competency, level=level, note=note)
        for competency, (level, note) in cleaned.items()
    )
    return feedback
