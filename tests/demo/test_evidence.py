"""The demo network's map of what worked where tells a true small story: adopted
proposals with the measured outcome of each adopting school (one shifted, one did not),
and the actions of the published cases, each linked to its case."""

from __future__ import annotations

from casestudies.models import Publication
from discussions.evidence import EvidenceFilters, Intervention, evidence_map
from netwerk.models import LearningNetwork


def demo_map() -> list[Intervention]:
    network = LearningNetwork.objects.get(name__startswith="Lerend netwerk")
    return evidence_map(network, EvidenceFilters())


def test_the_demo_map_shows_adoptions_that_shifted_and_one_that_did_not():
    interventions = demo_map()
    adopted = [i for i in interventions if i.kind == "proposal"]
    outcomes = {trial.school: trial.outcome for i in adopted for trial in i.trials}
    assert "improved" in outcomes.values()
    assert "no_signal" in outcomes.values()
    measured = [t for i in adopted for t in i.trials if t.outcome != "pending"]
    assert all(t.shown_n is not None and t.measure for t in measured)


def test_the_demo_maps_actions_come_from_its_published_cases_and_link_to_them():
    shown = set(Publication.objects.filter(withdrawn_at__isnull=True).values_list("pk", flat=True))
    actions = [i for i in demo_map() if i.kind == "action"]
    assert actions
    for intervention in actions:
        for trial in intervention.trials:
            assert trial.cases
            assert {case["id"] for case in trial.cases} <= shown
