"""What a session leaves behind: attendance, minutes, decisions that schools take into their
action plans, and the participants' feedback. Attendance and feedback are contributions to
the network: the ledger hears of them through domain events (meetings.events)."""

from __future__ import annotations

import datetime
from collections.abc import Iterable

from django.conf import settings
from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone, translation
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from casestudies import services as case_services
from casestudies.access import datateam_to_start_on, in_datateam
from casestudies.models import CaseStudy
from meetings.access import cases_for_action_plan
from meetings.events import AttendanceRecorded, AttendanceRemoved, FeedbackGiven
from meetings.models import (
    RATING_MAX,
    RATING_MIN,
    Attendance,
    Decision,
    DecisionAction,
    NetworkSession,
    SessionFeedback,
)
from meetings.services.sessions import Errors, has_started, raise_if
from netwerk.access import people_of_network, schools_of_person_in_network
from netwerk.events import emit
from netwerk.models import LearningNetwork
from schools.models import School, User
from schools.services import save_validated

ACTION_DAYS = 60
CASE_NOT_ALLOWED = gettext_lazy("Choose a running case study of your own school in this network.")
CHOOSE_CYCLE = gettext_lazy(
    "Choose the case study of your school that this decision joins, or start a new cycle."
)
NO_DATATEAM = gettext_lazy(
    "You cannot start a cycle for this school: it has no datateam you work in."
)
NEW_TEMPLATE = "five_steps"


def _check_not_cancelled(session: NetworkSession) -> None:
    if session.status == NetworkSession.Status.CANCELLED:
        raise ValidationError(_("This session was cancelled."))


def _session_day(session: NetworkSession) -> datetime.date:
    return timezone.localdate(session.starts_at)


# --- Attendance --------------------------------------------------------------------------


@transaction.atomic
def record_attendance(
    *, session: NetworkSession, person: User, school: School | None = None
) -> Attendance:
    """Record a person as present, for one of their schools in the network (their first
    if none is given; none for coordinators and coaches without a school there)."""
    _check_not_cancelled(session)
    if not has_started(session):
        raise ValidationError(_("Attendance can be recorded once the session has started."))
    errors: Errors = {}
    schools = schools_of_person_in_network(person, session.network)
    if not people_of_network(session.network_id).filter(pk=person.pk).exists():
        errors["person"] = [_("This person does not take part in the network.")]
    elif session.attendances.filter(person=person).exists():
        errors["person"] = [_("This person is already recorded as present.")]
    if school is not None and not schools.filter(pk=school.pk).exists():
        errors["school"] = [_("Choose one of this person's schools in the network.")]
    raise_if(errors)
    attendance = save_validated(
        Attendance(session=session, person=person, school=school or schools.first())
    )
    if session.status == NetworkSession.Status.UPCOMING:
        session.status = NetworkSession.Status.HELD
        session.save(update_fields=["status"])
    emit(AttendanceRecorded(attendance=attendance))
    return attendance


@transaction.atomic
def remove_attendance(*, attendance: Attendance) -> None:
    """Undo a mistaken record, and the contribution it counted."""
    emit(AttendanceRemoved(attendance=attendance))
    attendance.delete()


@transaction.atomic
def set_attendance(*, session: NetworkSession, present: Iterable[User]) -> list[Attendance]:
    """Make the attendance list exactly the people ticked as present."""
    wanted = {person.pk: person for person in present}
    for attendance in session.attendances.exclude(person_id__in=wanted):
        remove_attendance(attendance=attendance)
    recorded = set(session.attendances.values_list("person_id", flat=True))
    for pk, person in wanted.items():
        if pk not in recorded:
            record_attendance(session=session, person=person)
    return list(session.attendances.select_related("person", "school"))


# --- Minutes and decisions ---------------------------------------------------------------


@transaction.atomic
def write_minutes(*, session: NetworkSession, minutes: str, person: User) -> NetworkSession:
    _check_not_cancelled(session)
    session.minutes = minutes.strip()
    session.minutes_updated_at, session.minutes_updated_by = timezone.now(), person
    return save_validated(
        session, update_fields=["minutes", "minutes_updated_at", "minutes_updated_by"]
    )


@transaction.atomic
def record_decision(
    *,
    session: NetworkSession,
    text: str,
    person: User,
    follow_up: str = "",
    due_date: datetime.date | None = None,
) -> Decision:
    decision = Decision(session=session, created_by=person)
    return _save_decision(decision, text, follow_up, due_date)


@transaction.atomic
def update_decision(
    *, decision: Decision, text: str, follow_up: str = "", due_date: datetime.date | None = None
) -> Decision:
    return _save_decision(decision, text, follow_up, due_date)


def _save_decision(
    decision: Decision, text: str, follow_up: str, due_date: datetime.date | None
) -> Decision:
    session = decision.session
    _check_not_cancelled(session)
    if not has_started(session):
        raise ValidationError(_("Decisions are recorded once the session has started."))
    decision.text, decision.follow_up, decision.due_date = text.strip(), follow_up.strip(), due_date
    if due_date is not None and due_date < _session_day(session):
        raise ValidationError({"due_date": [_("The due date lies before the session.")]})
    return save_validated(decision)


@transaction.atomic
def remove_decision(*, decision: Decision) -> None:
    if decision.actions.exists():
        raise ValidationError(_("A school has taken this decision into its action plan."))
    decision.delete()


@transaction.atomic
def take_up_decision(
    *,
    decision: Decision,
    person: User,
    case: CaseStudy | None = None,
    new_cycle: str | None = None,
    owner: str = "",
    due_date: datetime.date | None = None,
) -> DecisionAction:
    """The decision's follow-up becomes an action in the action plan of a cycle of the
    person's own school, linked back to the decision: a running case study they choose,
    or a new cycle (titled `new_cycle`) on their datateam. Nothing is placed without that
    choice."""
    network = decision.session.network
    if (case is None) == (new_cycle is None):
        raise ValidationError({"case": [str(CHOOSE_CYCLE)]})
    if case is None:
        case = _start_cycle(person, network, str(new_cycle))
    elif not cases_for_action_plan(person, network).filter(pk=case.pk).exists():
        raise ValidationError({"case": [str(CASE_NOT_ALLOWED)]})
    school = case.datateam.school
    if decision.actions.filter(school=school).exists():
        raise ValidationError({"case": [_("This school has already taken up this decision.")]})
    today = timezone.localdate()
    due = due_date or decision.due_date or today + datetime.timedelta(days=ACTION_DAYS)
    if due < today:
        raise ValidationError({"due_date": [_("The due date lies in the past.")]})
    # Stored text, read by the whole school: in the platform's language, not the actor's.
    with translation.override(settings.LANGUAGE_CODE):
        description = _("From the network session %(session)s: %(action)s") % {
            "session": decision.session.title,
            "action": decision.action_text,
        }
    action = case_services.add_action(
        case=case,
        description=description,
        # Named by nobody else, the person who takes it up owns it, as a person of the
        # datateam where they are one.
        owner_person=person if not owner.strip() and in_datateam(case, person) else None,
        owner=owner.strip() or person.display_name,
        due_date=due,
    )
    return save_validated(
        DecisionAction(decision=decision, school=school, action=action, taken_by=person)
    )


def _start_cycle(person: User, network: LearningNetwork, title: str) -> CaseStudy:
    """A new cycle on a datateam the person may start one on, at their school in the
    network (their own team first)."""
    for school in schools_of_person_in_network(person, network):
        team = datateam_to_start_on(person, school.pk)
        if team is not None:
            return case_services.start_case_study(
                datateam=team, person=person, title=title, theme="other", template=NEW_TEMPLATE
            )
    raise ValidationError({"new_cycle": [str(NO_DATATEAM)]})


# --- Feedback ----------------------------------------------------------------------------


@transaction.atomic
def give_feedback(
    *,
    session: NetworkSession,
    person: User,
    usefulness: int,
    motivation: int,
    comment: str = "",
) -> SessionFeedback:
    """A participant's feedback after the session started: once, from attendees or the
    network's members only."""
    _check_not_cancelled(session)
    if not has_started(session):
        raise ValidationError(_("Feedback opens once the session has started."))
    attended = session.attendances.filter(person=person).first()
    if attended is None and not people_of_network(session.network_id).filter(pk=person.pk).exists():
        raise ValidationError(_("Only the network's participants can give feedback."))
    if session.feedback.filter(person=person).exists():
        raise ValidationError(_("You have already given feedback on this session."))
    raise_if(_rating_problems(usefulness=usefulness, motivation=motivation))
    school = (
        attended.school
        if attended
        else schools_of_person_in_network(person, session.network).first()
    )
    feedback = save_validated(
        SessionFeedback(
            session=session,
            person=person,
            school=school,
            usefulness=usefulness,
            motivation=motivation,
            comment=comment.strip(),
        )
    )
    emit(FeedbackGiven(feedback=feedback))
    return feedback


def _rating_problems(**ratings: object) -> Errors:
    message = _("Choose a rating from %(low)s to %(high)s.") % {
        "low": RATING_MIN,
        "high": RATING_MAX,
    }
    return {
        field: [message]
        for field, value in ratings.items()
        if not isinstance(value, int)
        or isinstance(value, bool)
        or not RATING_MIN <= value <= RATING_MAX
    }
