"""The demo's measures and adoptions: run charts of 20 to 40 weekly points, one shifting
after its action and one not, and proposals adopted across schools whose evaluated cycles
send their measured outcome back to the proposal."""

from __future__ import annotations

from casestudies.models import CaseStudy, Measure
from casestudies.services import runs
from discussions.broadcast import proposal_payload
from discussions.models import Adoption


def effects() -> dict[str, str]:
    """Per measure: the effect after the last action that marks it."""
    found: dict[str, str] = {}
    for measure in Measure.objects.all():
        actions = runs.marking_actions(measure)
        if actions:
            found[measure.name] = runs.action_effect(runs.read_measure(measure), actions[-1])
    return found


def test_the_demo_measures_have_20_to_40_points_and_one_shifts_and_one_does_not():
    counts = [measure.points.count() for measure in Measure.objects.all()]
    assert len(counts) >= 3
    assert all(20 <= count <= 40 for count in counts)
    assert effects() == {
        "Havo 4-leerlingen met twee of meer onvoldoendes": "improved",
        "Leerlingen met een tekort wiskunde (eerste graad)": "improved",
        "Woorden per minuut in groep 5": "no_signal",
    }


def test_adoptions_across_schools_carry_their_cycles_measured_outcome_to_every_partner():
    measured = Adoption.objects.filter(measured_at__isnull=False).select_related("proposal")
    by_school = {adoption.school.code: adoption for adoption in measured}
    assert set(by_school) == {"012345", "23CD"}
    for adoption in measured:
        author_schools = adoption.proposal.author.school_memberships.values("school_id")
        assert not author_schools.filter(school_id=adoption.school_id).exists()
        assert adoption.case == CaseStudy.objects.get(adoptions=adoption)
    shifted = proposal_payload(by_school["012345"].proposal)["adoptions"][0]["measured"]
    assert shifted is not None
    assert (shifted["effect"], shifted["goal_reached"]) == ("improved", True)
    assert shifted["baseline"] == "30.05"
    assert (shifted["change"] or "").startswith("-")
    flat = proposal_payload(by_school["23CD"].proposal)["adoptions"][0]["measured"]
    assert flat is not None
    assert (flat["effect"], flat["goal_reached"]) == ("no_signal", False)
    # Every adoption joined a cycle its school chose; none was placed without one.
    assert not Adoption.objects.filter(case__isnull=True).exists()
    assert not Adoption.objects.filter(action__isnull=True).exists()
