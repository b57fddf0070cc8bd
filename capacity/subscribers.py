"""The contributions ledger derives its rows from the domain events of the apps below it,
inside their transaction: a publication, an adoption or an attendance that is saved is
counted, and one that is rolled back is not (docs/contributions.md)."""

from __future__ import annotations

from django.utils import timezone

from capacity.derivation.cases import derive_case_published, derive_first_cycle
from capacity.derivation.proposals import derive_adoption, derive_endorsement
from capacity.ledger import record
from capacity.models import Contribution, StepReached
from casestudies.events import CasePublished, CycleEvaluated, CycleStepReached
from discussions.events import ProposalAdopted, ProposalEndorsed
from meetings.events import AttendanceRecorded, AttendanceRemoved, FeedbackGiven
from netwerk.events import Delivery, subscribe

IN_TRANSACTION = Delivery.IN_TRANSACTION


@subscribe(CasePublished, delivery=IN_TRANSACTION)
def case_published(event: CasePublished) -> None:
    derive_case_published(event.publication)


@subscribe(CycleEvaluated, delivery=IN_TRANSACTION)
def cycle_evaluated(event: CycleEvaluated) -> None:
    derive_first_cycle(event.evaluation.case.datateam.school)


@subscribe(CycleStepReached, delivery=IN_TRANSACTION)
def cycle_step_reached(event: CycleStepReached) -> None:
    StepReached.objects.create(case=event.case, step=event.step, reached_on=timezone.localdate())


@subscribe(ProposalEndorsed, delivery=IN_TRANSACTION)
def proposal_endorsed(event: ProposalEndorsed) -> None:
    derive_endorsement(event.endorsement)


@subscribe(ProposalAdopted, delivery=IN_TRANSACTION)
def proposal_adopted(event: ProposalAdopted) -> None:
    derive_adoption(event.adoption)


@subscribe(AttendanceRecorded, delivery=IN_TRANSACTION)
def attendance_recorded(event: AttendanceRecorded) -> None:
    attendance = event.attendance
    session = attendance.session
    record(
        rule="session_attended",
        network=session.network,
        occurred_on=timezone.localdate(session.starts_at),
        source_key=attendance_key(attendance.pk),
        school=attendance.school,
        person=attendance.person,
        description=session.title,
    )


@subscribe(AttendanceRemoved, delivery=IN_TRANSACTION)
def attendance_removed(event: AttendanceRemoved) -> None:
    Contribution.objects.filter(source_key=attendance_key(event.attendance.pk)).delete()


@subscribe(FeedbackGiven, delivery=IN_TRANSACTION)
def feedback_given(event: FeedbackGiven) -> None:
    feedback = event.feedback
    session = feedback.session
    record(
        rule="peer_feedback",
        network=session.network,
        occurred_on=timezone.localdate(),
        source_key=f"feedback:{feedback.pk}",
        school=feedback.school,
        person=feedback.person,
        description=session.title,
    )


def attendance_key(attendance_id: int) -> str:
    return f"attendance:{attendance_id}"
