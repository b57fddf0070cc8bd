"""Sharing a case study: review, the anonymisation gate, a leader's approval, publication
as an immutable snapshot to chosen networks, and withdrawal."""

from __future__ import annotations

from collections.abc import Iterable, Iterator
from dataclasses import dataclass, field
from typing import Any

from django.core.exceptions import ValidationError
from django.db import transaction
from django.db.models import Max
from django.utils import timezone
from django.utils.translation import gettext as _

from casestudies import access
from casestudies import anonymisation as engine
from casestudies.events import CasePublished, CaseSubmitted, PublicationWithdrawn
from casestudies.models import (
    CaseStudy,
    DatasetStatus,
    Evaluation,
    Goal,
    Publication,
    SharingStatus,
    StepStatus,
)
from casestudies.services import guidance, runs
from casestudies.services.dataset_checks import school_people_names
from netwerk.access import networks_of_school
from netwerk.events import emit
from netwerk.markdown import render_markdown
from netwerk.models import LearningNetwork, NetworkMembership
from schools.models import School, User


@dataclass
class TextFinding:
    where: str
    kind: str
    original: str
    replacement: str


@dataclass
class GateResult:
    """Whether a case may be shared. `reasons` say why not; `findings` list personal data
    found in its texts, for review."""

    reasons: list[str] = field(default_factory=list)
    findings: list[TextFinding] = field(default_factory=list)

    @property
    def passed(self) -> bool:
        return not self.reasons and not self.findings


def check_publication_gate(case: CaseStudy) -> GateResult:
    result = GateResult()
    names = known_names(case)
    for where, text, _setter in _texts(case):
        for finding in engine.scrub(text, names=names).findings:
            result.findings.append(
                TextFinding(where, finding.kind, finding.original, finding.replacement)
            )
    if result.findings:
        result.reasons.append(_("Personal data was found in the texts; replace or remove it."))
    for source in case.data_sources.select_related("dataset"):
        if source.dataset is not None and source.dataset.status != DatasetStatus.ACCEPTED:
            result.reasons.append(
                _("The dataset “%(title)s” has not been accepted by a school leader.")
                % {"title": source.dataset.title}
            )
    return result


@transaction.atomic
def replace_personal_data(*, case: CaseStudy) -> int:
    """Put placeholders in place of every finding; returns how many were replaced."""
    names = known_names(case)
    replaced = 0
    for _where, text, setter in _texts(case):
        scrubbed = engine.scrub(text, names=names)
        if scrubbed.findings:
            setter(scrubbed.text)
            replaced += len(scrubbed.findings)
    return replaced


@transaction.atomic
def submit_for_review(*, case: CaseStudy, person: User | None = None) -> CaseStudy:
    if case.sharing_status != SharingStatus.DRAFT:
        raise ValidationError(_("This case study is already under review or approved."))
    case.sharing_status = SharingStatus.IN_REVIEW
    case.save(update_fields=["sharing_status", "updated_at"])
    emit(CaseSubmitted(case=case, person=person))
    return case


@transaction.atomic
def approve_case(*, case: CaseStudy, person: User) -> CaseStudy:
    """A school leader of the case's own school approves it, once the gate passes."""
    if not access.can_lead(person, case):
        raise ValidationError(_("Only a school leader of this school can approve."))
    if case.sharing_status != SharingStatus.IN_REVIEW:
        raise ValidationError(_("Submit the case study for review first."))
    gate = check_publication_gate(case)
    if not gate.passed:
        raise ValidationError(gate.reasons)
    case.sharing_status = SharingStatus.APPROVED
    case.approved_by = person
    case.save(update_fields=["sharing_status", "approved_by", "updated_at"])
    return case


@transaction.atomic
def publish_case(
    *,
    case: CaseStudy,
    person: User,
    networks: Iterable[LearningNetwork],
    name_school: bool = False,
) -> Publication:
    """Publish an approved case as a new, immutable version to the chosen networks."""
    case = CaseStudy.objects.select_for_update().select_related("datateam__school").get(pk=case.pk)
    if not access.can_lead(person, case):
        raise ValidationError(_("Only a school leader of this school can publish."))
    if case.sharing_status != SharingStatus.APPROVED:
        raise ValidationError(_("Only an approved case study can be published."))
    gate = check_publication_gate(case)
    if not gate.passed:
        raise ValidationError(gate.reasons)
    chosen = list(networks)
    school = case.datateam.school
    member_of = set(networks_of_school(school).values_list("pk", flat=True))
    if not chosen or any(network.pk not in member_of for network in chosen):
        raise ValidationError({"networks": _("Choose one or more networks of your school.")})
    latest = case.publications.aggregate(version=Max("version"))["version"] or 0
    snapshot = build_snapshot(case, name_school=name_school)
    if not name_school and not region_keeps_school_unnamed(school, chosen):
        snapshot["region"] = None  # "a VO school", not the one VO school in Utrecht
    publication = Publication.objects.create(
        case=case,
        version=latest + 1,
        school_label=snapshot["school"] or snapshot["region"] or "",
        names_school=name_school,
        title=case.title,
        theme=case.theme,
        sector=case.sector,
        template=case.template,
        furthest_step=snapshot["furthest_step"],
        goal_reached=snapshot["evaluation"]["goal_reached"] if snapshot["evaluation"] else None,
        snapshot=snapshot,
        search_text=_search_text(snapshot),
        published_by=person,
    )
    publication.networks.set(chosen)
    emit(CasePublished(publication=publication, person=person))
    return publication


def region_keeps_school_unnamed(school: School, networks: Iterable[LearningNetwork]) -> bool:
    """Whether "a VO school in Utrecht" still leaves partners more than one school to think
    of: in every chosen network another active member shares the school's sector and
    region. Where it does not, an unnamed publication leaves the region out."""
    for network in networks:
        alike = NetworkMembership.objects.active().filter(
            network=network, school__sector=school.sector, school__region=school.region
        )
        if not alike.exclude(school=school).exists():
            return False
    return True


@transaction.atomic
def withdraw_publication(*, publication: Publication, person: User) -> int:
    """Withdraw the case from its partners: every version of it; returns how many."""
    if not access.can_lead(person, publication.case):
        raise ValidationError(_("Only a school leader of this school can withdraw."))
    emit(PublicationWithdrawn(publication=publication, person=person))
    return publication.case.publications.filter(withdrawn_at__isnull=True).update(
        withdrawn_at=timezone.now()
    )


def known_names(case: CaseStudy) -> list[str]:
    """Names to look for: the school's people (teachers, leaders, coaches)."""
    return school_people_names(case.datateam.school)


def build_snapshot(case: CaseStudy, *, name_school: bool) -> dict[str, Any]:
    school = case.datateam.school
    goal = Goal.objects.filter(case=case).first()
    evaluation = Evaluation.objects.filter(case=case).first()
    steps = list(case.steps.all())
    done = [step.number for step in steps if step.status == StepStatus.DONE]
    return {
        "title": case.title,
        "school": school.name if name_school else None,
        "region": school.region,
        "theme": case.theme,
        "sector": case.sector,
        "template": case.template,
        "year_levels": case.year_levels,
        "furthest_step": max([*done, case.current_step]),
        "steps": [
            {
                "number": step.number,
                "status": step.status,
                "visits": step.visits,
                "narrative_html": render_markdown(step.narrative),
            }
            for step in steps
        ],
        "goal": _goal_snapshot(goal),
        # Which parts the method asks for were done; the team's reasons stay at school.
        "method": [
            {"step": part["step"], "need": str(part["need"]), "done": part["done"]}
            for part in guidance.parts_done(
                case.cycle,
                guidance.read_facts(case),
                {step.number: step.status for step in steps},
                {},
            )
        ],
        "hypotheses": [
            {
                "statement": h.statement,
                "status": h.status,
                "evidence": h.evidence,
                "conclusion": h.conclusion,
            }
            for h in case.hypotheses.all()
        ],
        "data_sources": [
            {"kind": source.kind, "description": source.description}
            for source in case.data_sources.all()
        ],
        "analyses": [
            {
                "title": analysis.title,
                "table": analysis.spec.get("partner_table", {}),
                "result": analysis.spec.get("partner_result"),
                "conclusion_html": render_markdown(analysis.conclusion),
            }
            for analysis in case.analyses.all()
        ],
        "actions": [
            {"description": a.description, "due_date": a.due_date.isoformat(), "status": a.status}
            for a in case.actions.all()
        ],
        "measures": [runs.measure_snapshot(measure) for measure in case.measures.all()],
        "evaluation": (
            {
                "measured_value": str(evaluation.measured_value),
                "baseline": None
                if evaluation.baseline_median is None
                else str(evaluation.baseline_median),
                "measured_on": evaluation.measured_on.isoformat(),
                "goal_reached": evaluation.goal_reached,
                "reflection_html": render_markdown(evaluation.reflection),
            }
            if evaluation
            else None
        ),
    }


def _goal_snapshot(goal: Goal | None) -> dict[str, Any] | None:
    if goal is None:
        return None
    return {
        "description": goal.description,
        "indicator": goal.indicator,
        "population": " · ".join(
            part
            for part in (goal.population_year, goal.population_department, goal.population_level)
            if part
        ),
        "baseline_value": None if goal.baseline_value is None else str(goal.baseline_value),
        "baseline_date": goal.baseline_date.isoformat() if goal.baseline_date else None,
        "target_value": None if goal.target_value is None else str(goal.target_value),
        "deadline": goal.deadline.isoformat() if goal.deadline else None,
    }


def _search_text(snapshot: dict[str, Any]) -> str:
    parts = [snapshot["title"], snapshot["year_levels"]]
    if snapshot["goal"]:
        parts += [snapshot["goal"]["description"], snapshot["goal"]["indicator"]]
    parts += [step["narrative_html"] for step in snapshot["steps"]]
    parts += [h["statement"] for h in snapshot["hypotheses"]]
    parts += [a["description"] for a in snapshot["actions"]]
    return "\n".join(part for part in parts if part)


def _texts(case: CaseStudy) -> Iterator[tuple[str, str, Any]]:
    """Every free text of a case that partners would read, with a way to replace it."""
    for step in case.steps.all():
        if step.narrative:
            yield (
                _("Step %(n)d") % {"n": step.number},
                step.narrative,
                _setter(step, "narrative"),
            )
    goal = Goal.objects.filter(case=case).first()
    if goal is not None:
        yield _("Goal"), goal.description, _setter(goal, "description")
    for hypothesis in case.hypotheses.all():
        yield _("Hypothesis"), hypothesis.statement, _setter(hypothesis, "statement")
        if hypothesis.evidence:
            yield _("Evidence"), hypothesis.evidence, _setter(hypothesis, "evidence")
    for action in case.actions.all():
        yield _("Action"), action.description, _setter(action, "description")
    for analysis in case.analyses.all():
        if analysis.conclusion:
            yield _("Conclusion"), analysis.conclusion, _setter(analysis, "conclusion")
    evaluation = Evaluation.objects.filter(case=case).first()
    if evaluation is not None and evaluation.reflection:
        yield _("Evaluation"), evaluation.reflection, _setter(evaluation, "reflection")


def _setter(instance: Any, field_name: str) -> Any:
    def replace(text: str) -> None:
        setattr(instance, field_name, text)
        instance.save(update_fields=[field_name])

    return replace
