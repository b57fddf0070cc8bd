"""What worked where: every intervention tried in a network — a proposal that schools
adopted, or an action of a published case — with the schools that tried it, their
context and each school's measured outcome.

Only what partners may already see feeds it: published snapshots (the newest shown
version of each case shared with the network) and the measured outcomes that adopted
proposals show in their rooms. Pupil numbers below SMALL_N never show, and the
intervention's total is protected by secondary suppression (`casestudies.suppression`),
decided once over all of an intervention's schools so that no filter or search gives a
hidden number back by subtraction. The whole map is read in a fixed number of queries,
whatever the number of schools.
"""

from __future__ import annotations

import hashlib
from collections import defaultdict
from collections.abc import Iterable, Iterator
from dataclasses import dataclass, field
from decimal import Decimal, InvalidOperation
from typing import Any, TypedDict

from django.db import connection
from django.db.models import Expression, F, JSONField
from django.db.models.expressions import RawSQL
from django.db.models.fields.json import KeyTransform
from django.utils.translation import gettext_lazy

from casestudies import access as case_access
from casestudies.models import SMALL_N, Publication, Theme
from casestudies.suppression import suppress
from discussions.broadcast import number
from discussions.models import Adoption, MeasuredEffect
from discussions.search import matching
from discussions.services.adoptions import MEASURED_FIELDS
from netwerk.models import LearningNetwork
from schools.models import CoachAssignment, SchoolMembership, SchoolRole, Sector

PENDING = "pending"  # adopted, not evaluated yet
OUTCOME_LABELS = {
    **{effect.value: effect.label for effect in MeasuredEffect},
    PENDING: gettext_lazy("Not evaluated yet"),
}
COACH_LABELS = {
    "internal": gettext_lazy("Internal data coach"),
    "external": gettext_lazy("External data coach"),
    "none": gettext_lazy("No data coach"),
}
OUTCOMES = ("improved", "worsened", "no_signal", "too_few", "no_measure", PENDING)
COACHES = ("internal", "external", "none")
HIDDEN = f"<{SMALL_N}"
SECONDARY = "x"


@dataclass(frozen=True)
class EvidenceFilters:
    query: str = ""
    theme: str = ""
    sector: str = ""
    outcome: str = ""
    coach: str = ""


class CaseLink(TypedDict):
    id: int
    title: str
    school: str


@dataclass
class Trial:
    """One school's try of an intervention, as partners may see it."""

    school: str
    sector: str
    level: str
    theme: str
    coach: list[str]
    outcome: str
    goal_reached: bool | None
    measure: str
    unit: str
    baseline: str | None
    value: str | None
    change: str | None
    n: int | None
    measured_on: str | None
    cases: list[CaseLink]
    shown_n: int | str | None = None

    @property
    def sector_label(self) -> str:
        return str(dict(Sector.choices).get(self.sector, self.sector))

    @property
    def outcome_label(self) -> str:
        return str(OUTCOME_LABELS.get(self.outcome, self.outcome))

    @property
    def coach_label(self) -> str:
        return ", ".join(str(COACH_LABELS[kind]) for kind in self.coach)

    @property
    def theme_label(self) -> str:
        return str(dict(Theme.choices).get(self.theme, self.theme))


@dataclass
class Intervention:
    key: str
    kind: str  # "proposal" or "action"
    title: str
    theme: str
    text: str  # what the search reads
    trials: list[Trial] = field(default_factory=list)
    pupils: int | str | None = None


def evidence_map(network: LearningNetwork, filters: EvidenceFilters) -> list[Intervention]:
    """The interventions of the network, filtered; each keeps its own protected total."""
    publications = list(_shown_publications(network))
    coach = _coach_kinds(
        {p.school_id for p in publications}  # type: ignore[attr-defined]
        | set(_adoptions(network).values_list("school_id", flat=True))
    )
    interventions = _from_adoptions(network, publications, coach)
    adopted = {(trial_case, title) for trial_case, title in _adopted_actions(network)}
    interventions += _from_publications(publications, coach, adopted)
    for intervention in interventions:
        _protect(intervention)
    return _filtered(interventions, filters)


def _shown_publications(network: LearningNetwork) -> Iterator[Publication]:
    networks = LearningNetwork.objects.filter(pk=network.pk)
    rows = (
        case_access.publications_shared_with(networks)
        .annotate(
            school_id=F("case__datateam__school_id"),
            **{f"part_{key}": _part(key) for key in SNAPSHOT_PARTS},
        )
        .defer("snapshot", "search_text")
        .order_by("-published_at", "pk")
    )
    for publication in rows:
        # Only the parts the map reads, not the steps' texts and the analyses.
        publication.snapshot = {key: getattr(publication, f"part_{key}") for key in SNAPSHOT_PARTS}
        yield publication


SNAPSHOT_PARTS = ("actions", "measures", "evaluation", "goal", "year_levels")

# Per measure of a snapshot, what the map reads of it: not its points (40 or more each),
# only the n of the last one and whether any is hidden. PostgreSQL works it out itself.
MEASURE_SUMMARIES = """
    SELECT coalesce(jsonb_agg(jsonb_build_object(
        'name', m -> 'name',
        'unit', m -> 'unit',
        'actions', m -> 'actions',
        'last_n', m #> '{chart,points,-1,n}',
        'hidden', jsonb_path_exists(m, '$.chart.points[*] ? (@.value == null)')
    ) ORDER BY number), '[]'::jsonb)
    FROM jsonb_array_elements(casestudies_publication.snapshot -> 'measures')
        WITH ORDINALITY AS measures(m, number)
"""


def _part(key: str) -> Expression:
    if key == "measures" and connection.vendor == "postgresql":
        return RawSQL(f"({MEASURE_SUMMARIES})", [], output_field=JSONField())  # noqa: S611
    return KeyTransform(key, "snapshot")


def _adoptions(network: LearningNetwork) -> Any:
    return Adoption.objects.filter(proposal__room__network=network)


def _adopted_actions(network: LearningNetwork) -> Iterable[tuple[int, str]]:
    """The actions adoptions created, by case and text: a published case shows them
    under the proposal they came from, not a second time as its own action."""
    rows = _adoptions(network).filter(action__isnull=False)
    return [(case, text) for case, text in rows.values_list("case_id", "action__description")]


def _coach_kinds(school_ids: set[int]) -> dict[int, list[str]]:
    internal = SchoolMembership.objects.filter(
        school_id__in=school_ids, role=SchoolRole.INTERNAL_COACH
    ).values_list("school_id", flat=True)
    external = CoachAssignment.objects.filter(
        school_id__in=school_ids, ended_on__isnull=True
    ).values_list("school_id", flat=True)
    kinds: dict[int, list[str]] = defaultdict(list)
    for school_id in set(internal):
        kinds[school_id].append("internal")
    for school_id in set(external):
        kinds[school_id].append("external")
    return kinds


def _from_adoptions(
    network: LearningNetwork, publications: list[Publication], coach: dict[int, list[str]]
) -> list[Intervention]:
    by_case = {p.case_id: p for p in publications}
    rows = (
        _adoptions(network)
        .select_related("proposal__room", "school")
        .only(*ADOPTION_FIELDS)
        .order_by("proposal_id", "created_at")
    )
    interventions: dict[int, Intervention] = {}
    for adoption in rows:
        proposal = adoption.proposal
        origin = by_case.get(proposal.room.case_study_id)
        if proposal.pk not in interventions:
            interventions[proposal.pk] = Intervention(
                key=f"proposal-{proposal.pk}",
                kind="proposal",
                title=proposal.title,
                theme=origin.theme if origin else "",
                text=f"{proposal.title}\n{proposal.body}",
            )
        intervention = interventions[proposal.pk]
        intervention.trials.append(_adoption_trial(adoption, intervention, origin, by_case, coach))
    return list(interventions.values())


ADOPTION_FIELDS = (
    "proposal__title",
    "proposal__body",
    "proposal__room__case_study_id",
    "school__name",
    "school__sector",
    "case_id",
    *MEASURED_FIELDS,
)


def _adoption_trial(
    adoption: Adoption,
    intervention: Intervention,
    origin: Publication | None,
    by_case: dict[int, Publication],
    coach: dict[int, list[str]],
) -> Trial:
    own = by_case.get(adoption.case_id) if adoption.case_id else None
    measured = adoption.measured_at is not None
    baseline, value = adoption.baseline_value, adoption.measured_value
    hidden = adoption.small
    change = value - baseline if value is not None and baseline is not None else None
    # A case published without the school's name is not linked to the named adopter.
    cases = [_link(p) for p in (origin, own) if p is not None and (p is origin or p.names_school)]
    return Trial(
        school=adoption.school.name,
        sector=adoption.school.sector,
        level=(own.snapshot.get("year_levels") or "") if own and own.names_school else "",
        theme=own.theme if own and own.names_school else intervention.theme,
        coach=coach.get(adoption.school_id, []),
        outcome=(adoption.effect or "no_measure") if measured else PENDING,
        goal_reached=adoption.goal_reached if measured else None,
        measure=adoption.measure_name,
        unit=adoption.measure_unit,
        baseline=HIDDEN if hidden else number(baseline),
        value=HIDDEN if hidden else number(value),
        change=HIDDEN if hidden else number(change, signed=True),
        n=adoption.measured_n if measured else None,
        measured_on=adoption.measured_on.isoformat() if adoption.measured_on else None,
        cases=cases,
    )


def _link(publication: Publication) -> CaseLink:
    return {"id": publication.pk, "title": publication.title, "school": _school(publication)}


def _school(publication: Publication) -> str:
    """The school as the publication shows it, worked out once per publication."""
    if not hasattr(publication, "shown_school"):
        publication.shown_school = publication.school_display  # type: ignore[attr-defined]
    return str(publication.shown_school)  # type: ignore[attr-defined]


def _from_publications(
    publications: list[Publication], coach: dict[int, list[str]], adopted: set[tuple[int, str]]
) -> list[Intervention]:
    """Each action once, with every school whose published case holds it: the same words
    (ignoring case and spacing) are the same intervention."""
    interventions: dict[str, Intervention] = {}
    for publication in publications:
        snapshot = publication.snapshot
        effects = _effects(snapshot)
        for action in snapshot.get("actions") or []:
            description = str(action.get("description", ""))
            if (publication.case_id, description) in adopted:
                continue
            same = " ".join(description.casefold().split())
            key = "action-" + hashlib.sha1(same.encode(), usedforsecurity=False).hexdigest()[:12]
            intervention = interventions.setdefault(
                key,
                Intervention(
                    key=key, kind="action", title=description, theme=publication.theme, text=""
                ),
            )
            intervention.text += f"{description}\n{publication.title}\n"
            measure = effects.get(description) or _first_measure(snapshot)
            intervention.trials.append(_action_trial(publication, measure, coach))
    return list(interventions.values())


def _effects(snapshot: dict[str, Any]) -> dict[str, dict[str, Any]]:
    """Each measured action's measure and effect, by the action's text."""
    found: dict[str, dict[str, Any]] = {}
    for measure in snapshot.get("measures") or []:
        for action in measure.get("actions") or []:
            found.setdefault(str(action.get("description", "")), {**measure, **action})
    return found


def _first_measure(snapshot: dict[str, Any]) -> dict[str, Any] | None:
    measures = snapshot.get("measures") or []
    return {**measures[0], "effect": None} if measures else None


def _action_trial(
    publication: Publication, measure: dict[str, Any] | None, coach: dict[int, list[str]]
) -> Trial:
    snapshot = publication.snapshot
    evaluation = snapshot.get("evaluation")
    hidden, last_n = _points_read(measure or {})
    baseline = _decimal((snapshot.get("goal") or {}).get("baseline_value"))
    baseline = _decimal((evaluation or {}).get("baseline")) or baseline
    value = _decimal(evaluation.get("measured_value")) if evaluation else None
    change = value - baseline if value is not None and baseline is not None else None
    outcome = (measure or {}).get("effect") or ("no_measure" if evaluation else PENDING)
    return Trial(
        school=_school(publication),
        sector=publication.sector,
        level=str(snapshot.get("year_levels") or ""),
        theme=publication.theme,
        coach=coach.get(publication.school_id, []),  # type: ignore[attr-defined]
        outcome=outcome,
        goal_reached=publication.goal_reached,
        measure=str((measure or {}).get("name", "")),
        unit=str((measure or {}).get("unit", "")),
        baseline=HIDDEN if hidden else number(baseline),
        value=HIDDEN if hidden else number(value),
        change=HIDDEN if hidden else number(change, signed=True),
        n=int(last_n) if isinstance(last_n, int) else None,
        measured_on=evaluation.get("measured_on") if evaluation else None,
        cases=[_link(publication)],
    )


def _points_read(measure: dict[str, Any]) -> tuple[bool, object]:
    """Whether any point is hidden, and the last point's n: summarised by PostgreSQL, or
    read from the points themselves."""
    if "hidden" in measure:
        return bool(measure["hidden"]), measure.get("last_n")
    points = (measure.get("chart") or {}).get("points") or []
    return any(p.get("value") is None for p in points), points[-1].get("n") if points else None


def _decimal(value: object) -> Decimal | None:
    if value in (None, ""):
        return None
    try:
        return Decimal(str(value))
    except InvalidOperation:
        return None


def _protect(intervention: Intervention) -> None:
    """Decide once, over every school that tried it, which pupil numbers show."""
    counted = [trial for trial in intervention.trials if trial.n is not None]
    counts = [trial.n for trial in counted if trial.n is not None]
    total = sum(counts)
    decided = suppress(counts, total, threshold=SMALL_N)
    hidden = decided.hidden if decided else [True] * len(counts)
    for trial, is_hidden in zip(counted, hidden, strict=True):
        trial.shown_n = _shown(trial.n or 0, is_hidden)
    if counted:
        total_hidden = decided.total_hidden if decided else total < SMALL_N
        intervention.pupils = _shown(total, total_hidden)


def _shown(count: int, hidden: bool) -> int | str:
    if not hidden:
        return count
    return HIDDEN if count < SMALL_N else SECONDARY


def _filtered(interventions: list[Intervention], filters: EvidenceFilters) -> list[Intervention]:
    if filters.query:
        found = matching([i.text for i in interventions], filters.query)
        interventions = [i for index, i in enumerate(interventions) if index in found]
    kept = []
    for intervention in interventions:
        trials = [t for t in intervention.trials if _keeps(t, filters)]
        if trials:
            intervention.trials = trials
            kept.append(intervention)
    return kept


def _keeps(trial: Trial, filters: EvidenceFilters) -> bool:
    if filters.theme and trial.theme != filters.theme:
        return False
    if filters.sector and trial.sector != filters.sector:
        return False
    if filters.outcome and trial.outcome != filters.outcome:
        return False
    if filters.coach == "none":
        return not trial.coach
    return not filters.coach or filters.coach in trial.coach
