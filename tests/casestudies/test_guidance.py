"""Method guidance: each step asks for what the method needs; moving on without it takes a
short reason, which the coach and the publication see. A reason-less skip is refused with
the question, and nothing is saved."""

from __future__ import annotations

import pytest
from django.core.exceptions import ValidationError
from rest_framework.test import APIClient

from casestudies import services
from casestudies.cycles import TEMPLATES, Need
from casestudies.models import HypothesisStatus, StepSkip, StepStatus
from casestudies.services import guidance
from tests.casestudies.test_cases import new_case, smart_goal
from tests.conftest import Demo, client_for


def api(user) -> APIClient:
    client = APIClient(HTTP_ACCEPT_LANGUAGE="en")
    client.force_authenticate(user)
    return client


def at_step(demo: Demo, number: int, template: str = "datateam_8"):
    case = new_case(demo, template)
    smart_goal(case)
    for step in range(1, number):
        services.save_step(case=case, number=step, status=StepStatus.DONE, skip_reason="Later.")
    case.refresh_from_db()
    assert case.current_step == number
    return case


def test_every_step_that_asks_for_something_names_a_known_need():
    asked = {need for cycle in TEMPLATES.values() for s in cycle.steps for need in s.needs}
    assert asked == set(Need.values)
    eight = TEMPLATES["datateam_8"]
    assert eight.step(4).needs == (Need.QUALITY_CHECK,)
    assert eight.step(5).needs == (Need.VERDICTS,)
    assert eight.step(6).needs == (Need.CONCLUSIONS,)
    assert eight.step(8).needs == (Need.EVALUATION,)
    assert TEMPLATES["five_steps"].step(5).needs == (Need.EVALUATION,)


def test_a_reasonless_skip_is_refused_with_the_question_and_nothing_is_saved(demo: Demo):
    case = at_step(demo, 4)
    with pytest.raises(ValidationError) as refused:
        services.save_step(case=case, number=4, status=StepStatus.DONE, skip_reason="   ")
    assert "data-quality check" in refused.value.message_dict["skip_reason"][0]
    assert "Why does the team move on" in refused.value.message_dict["skip_reason"][0]
    case.refresh_from_db()
    assert case.current_step == 4
    assert case.steps.get(number=4).status == StepStatus.IN_PROGRESS
    assert not StepSkip.objects.filter(case=case).exists()


def test_a_skip_with_a_reason_moves_on_and_is_recorded(demo: Demo):
    case = at_step(demo, 4)
    services.save_step(
        case=case,
        number=4,
        status=StepStatus.DONE,
        skip_reason="Cijfers uit het administratiesysteem.",
        person=demo.teacher1,
    )
    case.refresh_from_db()
    assert case.current_step == 5
    skip = StepSkip.objects.get(case=case)
    assert (skip.step, skip.need, skip.skipped_by) == (4, Need.QUALITY_CHECK, demo.teacher1)


def test_a_step_whose_needs_are_met_needs_no_reason(demo: Demo):
    case = at_step(demo, 4)
    services.set_quality_check(
        case=case, completeness="sufficient", reliability="sufficient", validity="concerns"
    )
    services.save_step(case=case, number=4, status=StepStatus.DONE)
    case.refresh_from_db()
    assert case.current_step == 5
    assert not StepSkip.objects.filter(case=case).exists()


def test_a_half_done_quality_check_is_not_a_quality_check(demo: Demo):
    case = at_step(demo, 4)
    services.set_quality_check(
        case=case, completeness="sufficient", reliability="not_checked", validity="sufficient"
    )
    with pytest.raises(ValidationError):
        services.save_step(case=case, number=4, status=StepStatus.DONE)


def test_analysis_asks_for_a_verdict_on_every_hypothesis(demo: Demo):
    case = at_step(demo, 5)
    hypothesis = services.add_hypothesis(case=case, statement="Tussenuren verklaren het verzuim.")
    with pytest.raises(ValidationError) as refused:
        services.save_step(case=case, number=5, status=StepStatus.DONE)
    assert "verdict" in refused.value.message_dict["skip_reason"][0]
    services.judge_hypothesis(
        hypothesis=hypothesis, status=HypothesisStatus.CONFIRMED, evidence="Piek op dinsdag."
    )
    case.refresh_from_db()
    services.save_step(case=case, number=5, status=StepStatus.DONE)
    case.refresh_from_db()
    assert case.current_step == 6
    with pytest.raises(ValidationError) as refused:
        services.save_step(case=case, number=6, status=StepStatus.DONE)
    assert "conclusion" in refused.value.message_dict["skip_reason"][0]
    services.conclude_hypothesis(hypothesis=hypothesis, conclusion="Roosters aanpassen.")
    services.save_step(case=case, number=6, status=StepStatus.DONE)


def test_closing_the_cycle_asks_for_an_evaluation(demo: Demo):
    case = at_step(demo, 5, template="five_steps")
    with pytest.raises(ValidationError):
        services.save_step(case=case, number=5, status=StepStatus.DONE)
    services.save_step(case=case, number=5, status=StepStatus.DONE, skip_reason="Volgend jaar.")
    facts = guidance.read_facts(case)
    statuses = dict(case.steps.values_list("number", "status"))
    reasons = {(s.step, s.need): s.reason for s in case.skips.all()}
    parts = guidance.parts_done(case.cycle, facts, statuses, reasons)
    assert parts == [
        {
            "step": 5,
            "need": Need.EVALUATION,
            "label": "an evaluation",
            "done": False,
            "reason": "Volgend jaar.",
        }
    ]


def test_a_too_long_reason_is_refused(demo: Demo):
    case = at_step(demo, 4)
    with pytest.raises(ValidationError) as refused:
        services.save_step(case=case, number=4, status=StepStatus.DONE, skip_reason="x" * 301)
    assert "skip_reason" in refused.value.message_dict
    assert not StepSkip.objects.filter(case=case).exists()


def test_the_api_refuses_a_reasonless_skip_with_the_question(demo: Demo):
    case = at_step(demo, 4)
    url = f"/api/cases/{case.pk}/steps/4/"
    refused = api(demo.teacher1).patch(url, {"status": "done"}, format="json")
    assert refused.status_code == 400
    assert "Why does the team move on" in refused.json()["skip_reason"][0]
    done = api(demo.teacher1).patch(
        url, {"status": "done", "skip_reason": "Geen tijd."}, format="json"
    )
    assert done.status_code == 200, done.json()
    assert "skip_reason" not in done.json()
    assert StepSkip.objects.get(case=case).reason == "Geen tijd."


def test_the_page_asks_the_question_and_keeps_the_step_open_without_a_reason(demo: Demo):
    case = at_step(demo, 4)
    client = client_for(demo.teacher1)
    client.cookies["django_language"] = "en"
    url = f"/casussen/{case.pk}/?stap=4"
    page = client.get(url)
    assert "asks for a data-quality check" in page.content.decode()
    refused = client.post(url, {"action": "step_status", "status": "done", "skip_reason": ""})
    assert refused.status_code == 200
    assert "Why does the team move on without it?" in refused.content.decode()
    case.refresh_from_db()
    assert case.current_step == 4
    moved = client.post(
        url, {"action": "step_status", "status": "done", "skip_reason": "Vertrouwde bron."}
    )
    assert moved.status_code == 302
    shown = client.get(f"/casussen/{case.pk}/?stap=5").content.decode()
    assert "Vertrouwde bron." in shown


def test_a_publication_shows_which_parts_were_done_without_the_reasons(demo: Demo):
    case = at_step(demo, 5)
    snapshot = services.build_snapshot(case, name_school=False)
    assert snapshot["method"] == [{"step": 4, "need": "quality_check", "done": False}]
    assert "Later." not in str(snapshot)
