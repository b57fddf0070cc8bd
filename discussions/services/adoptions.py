"""Adoptions: a school takes a proposal into a cycle it chooses (a running one, or a new
one started from it), and how it went comes back to the proposal for every partner: the
team's words, and the measured outcome once the adopting cycle is evaluated."""

from __future__ import annotations

import datetime
from dataclasses import dataclass

from django.conf import settings
from django.db import transaction
from django.utils import timezone, translation
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from casestudies import access as case_access
from casestudies import services as case_services
from casestudies.models import Action, CaseStudy, Evaluation, Publication
from discussions.events import ProposalAdopted, ProposalChanged
from discussions.models import Adoption, MeasuredEffect, Proposal, ProposalStatus, Room
from discussions.services.rules import (
    RoomError,
    check_body,
    check_no_personal_data,
    check_open_now,
    check_proposal_without_personal_data,
    school_speaking_in_network,
)
from netwerk.events import emit
from netwerk.models import LearningNetwork
from schools.models import Datateam, School, User

ADOPTED_ACTION_DAYS = 60
# What an evaluation of the adopting cycle copies onto the adoption.
MEASURED_FIELDS = (
    "measured_at",
    "measure_name",
    "measure_unit",
    "effect",
    "goal_reached",
    "baseline_value",
    "measured_value",
    "small",
    "measured_on",
    "measured_n",
)
DEFAULT_TEMPLATE = "five_steps"
CHOOSE_CYCLE = gettext_lazy(
    "Choose the cycle of your school that this proposal joins, or start a new cycle."
)
CYCLE_NOT_ALLOWED = gettext_lazy("Choose a running cycle of this school that you work on.")
NO_DATATEAM = gettext_lazy(
    "You cannot start a cycle for this school: it has no datateam you work in."
)


@dataclass(frozen=True)
class NewCycle:
    """A cycle to start from the adopted proposal, on a datateam of the school (by default
    the adopter's own)."""

    title: str
    datateam: Datateam | None = None


@transaction.atomic
def adopt_proposal(
    *,
    proposal: Proposal,
    school_id: int,
    person: User,
    case: CaseStudy | None = None,
    new_cycle: NewCycle | None = None,
    start_date: datetime.date | None = None,
) -> Adoption:
    """A school of the room's network takes the proposal into one of its cycles, chosen by
    the person adopting (a member of that school): a running cycle they work on, or a new
    one. Nothing is placed without that choice."""
    check_open_now(proposal.room)
    check_proposal_without_personal_data(proposal)
    school = school_speaking_in_network(person, school_id, proposal.room.network)
    if Adoption.objects.filter(proposal=proposal, school=school).exists():
        raise RoomError("invalid", _("This school has already adopted this proposal."))
    if (case is None) == (new_cycle is None):
        raise RoomError("invalid", str(CHOOSE_CYCLE))
    if case is None:
        assert new_cycle is not None
        case = _start_cycle(proposal, school, person, new_cycle)
    elif not case_access.running_cases_of_school(person, school.pk).filter(pk=case.pk).exists():
        raise RoomError("invalid", str(CYCLE_NOT_ALLOWED))
    adoption = Adoption.objects.create(
        proposal=proposal, school=school, adopted_by=person, case=case
    )
    adoption.action = create_case_study_action(adoption=adoption, start_date=start_date)
    adoption.save(update_fields=["action"])
    if proposal.status in {ProposalStatus.IDEA, ProposalStatus.WORKED_OUT}:
        proposal.status = ProposalStatus.ADOPTED
        proposal.save(update_fields=["status", "updated_at"])
    emit(ProposalAdopted(proposal=proposal, adoption=adoption))
    return adoption


def _start_cycle(proposal: Proposal, school: School, person: User, new: NewCycle) -> CaseStudy:
    """A new cycle of the school, on the chosen datateam or the adopter's own; a proposal
    from the room of a published case brings that case's measures along as templates."""
    teams = case_access.datateams_for_case_starter(person, school.pk)
    team = new.datateam or case_access.datateam_to_start_on(person, school.pk)
    if team is None or not teams.filter(pk=team.pk).exists():
        raise RoomError("invalid", str(NO_DATATEAM))
    shared = _shared_case(proposal.room)
    return case_services.start_cycle_from_templates(
        datateam=team,
        person=person,
        title=new.title,
        theme=shared.theme if shared else "other",
        template=shared.template if shared else DEFAULT_TEMPLATE,
        measures=case_services.measure_templates(shared),
    )


def _shared_case(room: Room) -> Publication | None:
    """The newest publication of a case room's case in the room's network."""
    if room.case_study_id is None:
        return None
    networks = LearningNetwork.objects.filter(pk=room.network_id)
    return case_access.publications_shared_with(networks).filter(case_id=room.case_study_id).first()


def create_case_study_action(
    *, adoption: Adoption, start_date: datetime.date | None = None
) -> Action | None:
    """The adopted proposal becomes an action in the chosen cycle's action plan, aimed at
    its first measure (the SMART goal's indicator), which its start date marks."""
    case = adoption.case
    if case is None:
        return None
    adopter = adoption.adopted_by
    # Stored text, read by the whole school: in the platform's language, not the actor's.
    with translation.override(settings.LANGUAGE_CODE):
        description = _("From the network: %(title)s") % {"title": adoption.proposal.title}
    return case_services.add_action(
        case=case,
        description=description,
        owner_person=adopter if case_access.in_datateam(case, adopter) else None,
        owner=adopter.display_name,
        due_date=timezone.localdate() + datetime.timedelta(days=ADOPTED_ACTION_DAYS),
        measure=case.measures.first(),
        start_date=start_date,
    )


@transaction.atomic
def evaluate_adoption(
    *, proposal: Proposal, school_id: int, person: User, outcome: str
) -> Adoption:
    """The adopting school says in its own words how it went; every partner sees it."""
    school = school_speaking_in_network(person, school_id, proposal.room.network)
    adoption = Adoption.objects.filter(proposal=proposal, school=school).first()
    if adoption is None:
        raise RoomError("invalid", _("This school has not adopted this proposal."))
    if not isinstance(outcome, str) or not outcome.strip():
        raise RoomError("invalid", _("Describe the outcome."))
    check_body(outcome)
    check_no_personal_data(outcome)
    adoption.outcome, adoption.evaluated_at = outcome.strip(), timezone.now()
    adoption.save(update_fields=["outcome", "evaluated_at"])
    _mark_evaluated(proposal)
    return adoption


@transaction.atomic
def record_measured_outcomes(*, evaluation: Evaluation) -> list[Adoption]:
    """The adopting cycle was evaluated: each adoption that joined it takes the measured
    outcome over, as partners may see it, and its proposal shows it to every partner."""
    adoptions = list(
        Adoption.objects.filter(case_id=evaluation.case_id).select_related("proposal", "action")
    )
    for adoption in adoptions:
        _copy_outcome(adoption, case_services.measured_outcome(evaluation, adoption.action))
        _mark_evaluated(adoption.proposal)
    return adoptions


def _copy_outcome(adoption: Adoption, measured: case_services.MeasuredOutcome) -> None:
    adoption.measured_at = timezone.now()
    adoption.measure_name, adoption.measure_unit = measured.measure_name, measured.unit
    adoption.effect = measured.effect or MeasuredEffect.NO_MEASURE
    adoption.goal_reached = measured.goal_reached
    adoption.baseline_value, adoption.measured_value = measured.baseline, measured.value
    adoption.small, adoption.measured_on = measured.small, measured.measured_on
    adoption.measured_n = measured.n
    adoption.save(update_fields=list(MEASURED_FIELDS))


def _mark_evaluated(proposal: Proposal) -> None:
    proposal.status = ProposalStatus.EVALUATED
    proposal.save(update_fields=["status", "updated_at"])
    emit(ProposalChanged(proposal=proposal))
