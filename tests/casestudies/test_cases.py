"""Case studies through their services: the cycle, the SMART goal, hypotheses, the
action plan, evaluation and sharing."""

from __future__ import annotations

import datetime
from decimal import Decimal
from typing import Any

import pytest
from django.core.exceptions import ValidationError
from django.utils import timezone

from casestudies import access, services
from casestudies.models import Goal, HypothesisStatus, SharingStatus, StepStatus
from netwerk.models import NetworkMembership
from schools.models import School
from tests.conftest import Demo

NEXT_YEAR = timezone.localdate() + datetime.timedelta(days=365)


def new_case(demo: Demo, template: str = "datateam_8"):
    return services.start_case_study(
        datateam=demo.team1,
        person=demo.teacher1,
        title="Zittenblijven havo 4",
        theme="grade_repetition",
        template=template,
        year_levels="havo 4",
    )


def smart_goal(case, **overrides):
    fields: dict[str, Any] = {
        "description": "Minder zittenblijvers in havo 4: van 18% naar 10% in twee jaar.",
        "indicator": "percentage zittenblijvers havo 4",
        "population_year": "4",
        "population_department": "havo",
        "baseline_value": Decimal("18"),
        "baseline_date": datetime.date(2025, 7, 1),
        "target_value": Decimal("10"),
        "deadline": NEXT_YEAR,
    } | overrides
    return services.set_goal(case=case, **fields)


def test_a_case_follows_its_template_step_by_step(demo: Demo):
    case = new_case(demo)
    assert [step.number for step in case.steps.all()] == list(range(1, 9))
    assert case.sector == demo.school1.sector
    assert case.steps.get(number=1).status == StepStatus.IN_PROGRESS


@pytest.mark.parametrize(
    ("overrides", "field"),
    [
        ({"description": "Minder"}, "description"),
        ({"indicator": ""}, "indicator"),
        ({"target_value": None}, "target_value"),
        ({"deadline": None}, "deadline"),
        ({"deadline": datetime.date(2020, 1, 1)}, "deadline"),
        ({"target_value": Decimal("18")}, "target_value"),
    ],
)
def test_a_goal_that_is_not_smart_is_refused_naming_what_is_missing(demo: Demo, overrides, field):
    case = new_case(demo)
    with pytest.raises(ValidationError) as error:
        smart_goal(case, **overrides)
    assert field in error.value.message_dict
    assert not Goal.objects.filter(case=case).exists()


def test_step_one_cannot_be_completed_without_a_smart_goal(demo: Demo):
    case = new_case(demo)
    with pytest.raises(ValidationError):
        services.save_step(case=case, number=1, status=StepStatus.DONE)
    smart_goal(case)
    services.save_step(case=case, number=1, status=StepStatus.DONE)
    case.refresh_from_db()
    assert case.current_step == 2
    assert case.steps.get(number=2).status == StepStatus.IN_PROGRESS


def test_a_rejected_hypothesis_sends_the_team_back_to_hypotheses(demo: Demo):
    case = new_case(demo)
    smart_goal(case)
    for number in (1, 2, 3, 4, 5):
        services.save_step(
            case=case, number=number, status=StepStatus.DONE, skip_reason="Nog geen data."
        )
    hypothesis = services.add_hypothesis(case=case, statement="Te weinig huiswerkbegeleiding.")
    with pytest.raises(ValidationError):
        services.judge_hypothesis(hypothesis=hypothesis, status=HypothesisStatus.REJECTED)
    services.judge_hypothesis(
        hypothesis=hypothesis,
        status=HypothesisStatus.REJECTED,
        evidence="Geen verschil tussen leerlingen met en zonder begeleiding.",
    )
    case.refresh_from_db()
    assert case.current_step == 2
    assert case.steps.get(number=2).visits == 2


def test_the_evaluation_knows_whether_a_lower_target_was_reached(demo: Demo):
    case = new_case(demo, template="five_steps")
    smart_goal(case)
    evaluation = services.record_evaluation(
        case=case, measured_value=Decimal("9.5"), measured_on=timezone.localdate()
    )
    assert evaluation.goal_reached is True
    evaluation = services.record_evaluation(
        case=case, measured_value=Decimal("12"), measured_on=timezone.localdate()
    )
    assert evaluation.goal_reached is False


def test_a_new_cycle_carries_the_goal_forward(demo: Demo):
    case = new_case(demo, template="five_steps")
    smart_goal(case)
    services.record_evaluation(
        case=case, measured_value=Decimal("14"), measured_on=datetime.date(2026, 7, 1)
    )
    follow_up = services.start_new_cycle(case=case, person=demo.teacher1)
    assert follow_up.previous_cycle == case
    assert follow_up.goal.baseline_value == Decimal("14")
    assert follow_up.goal.target_value == Decimal("10")


def test_oversized_narratives_are_refused(demo: Demo):
    case = new_case(demo)
    with pytest.raises(ValidationError) as error:
        services.save_step(case=case, number=1, narrative="x" * 20_001)
    assert "narrative" in error.value.message_dict


def test_the_gate_finds_names_of_the_schools_people(demo: Demo):
    case = new_case(demo)
    services.save_step(case=case, number=1, narrative="Besproken met Lotte Jansen en Bram Visser.")
    gate = services.check_publication_gate(case)
    assert not gate.passed
    assert {finding.original for finding in gate.findings} >= {"Lotte Jansen", "Bram Visser"}
    assert services.replace_personal_data(case=case) == 2
    assert services.check_publication_gate(case).passed
    assert "[naam]" in case.steps.get(number=1).narrative


def share(demo: Demo, case):
    services.submit_for_review(case=case)
    services.approve_case(case=case, person=demo.leader1)
    return services.publish_case(
        case=case, person=demo.leader1, networks=[demo.network_a], name_school=False
    )


def test_a_teacher_cannot_approve_or_publish(demo: Demo):
    case = new_case(demo)
    smart_goal(case)
    services.submit_for_review(case=case)
    with pytest.raises(ValidationError):
        services.approve_case(case=case, person=demo.teacher1)
    services.approve_case(case=case, person=demo.leader1)
    with pytest.raises(ValidationError):
        services.publish_case(case=case, person=demo.teacher1, networks=[demo.network_a])


def test_partners_see_the_snapshot_not_the_working_copy(demo: Demo):
    case = new_case(demo)
    smart_goal(case)
    services.save_step(case=case, number=1, narrative="Onze eerste analyse.")
    publication = share(demo, case)
    assert publication.version == 1
    # The only VO school in Utrecht among network A's members: the region would name it.
    assert publication.school_display == "a VO school"
    assert demo.school1.name not in str(publication.snapshot)
    assert "Utrecht" not in str(publication.snapshot)
    services.save_step(case=case, number=1, narrative="Nog niet gedeelde wijziging.")
    case.refresh_from_db()
    assert case.sharing_status == SharingStatus.DRAFT
    visible = access.publications_visible_to(demo.teacher2)
    assert list(visible) == [publication]
    assert "Onze eerste analyse" in visible[0].snapshot["steps"][0]["narrative_html"]
    assert not access.publications_visible_to(demo.outsider).exists()
    assert not access.cases_visible_to(demo.teacher2).filter(pk=case.pk).exists()


def test_a_new_version_replaces_the_old_and_withdrawal_hides_all(demo: Demo):
    case = new_case(demo)
    smart_goal(case)
    first = share(demo, case)
    services.save_step(case=case, number=1, narrative="Versie twee.")
    second = share(demo, case)
    assert second.version == 2
    assert list(access.publications_visible_to(demo.teacher2)) == [second]
    services.withdraw_publication(publication=second, person=demo.leader1)
    assert not access.publications_visible_to(demo.teacher2).exists()
    first.refresh_from_db()
    assert first.withdrawn_at is not None


def test_publishing_to_a_network_the_school_is_not_in_is_refused(demo: Demo):
    case = new_case(demo)
    smart_goal(case)
    services.submit_for_review(case=case)
    services.approve_case(case=case, person=demo.leader1)
    with pytest.raises(ValidationError):
        services.publish_case(case=case, person=demo.leader1, networks=[demo.network_b])


def test_the_working_copy_is_for_the_team_leaders_and_coaches(demo: Demo):
    case = new_case(demo)
    for user, expected in [
        (demo.teacher1, True),
        (demo.leader1, True),
        (demo.coach, True),
        (demo.quality_officer, True),
        (demo.teacher2, False),
        (demo.coordinator, False),
        (demo.outsider, False),
    ]:
        assert access.cases_visible_to(user).filter(pk=case.pk).exists() is expected, user


def test_an_analysis_shows_n_and_partners_get_small_cells_suppressed(
    demo: Demo, django_capture_on_commit_callbacks, settings, tmp_path
):
    from django.core.files.base import ContentFile

    from casestudies.models import Dataset, DatasetStatus

    settings.MEDIA_ROOT = tmp_path
    rows = ["klas;geslacht;cijfer"] + [f"3A;{'MV'[i % 2]};{6 + i % 3},5" for i in range(30)]
    rows += ["3B;M;5,0", "3B;V;7,0"]
    dataset = Dataset(
        school=demo.school1,
        token="t" * 32,
        title="cijfers",
        original_name="c.csv",
        status=DatasetStatus.ACCEPTED,
        delimiter=";",
    )
    dataset.anonymised_file.save("a.csv", ContentFile("\n".join(rows).encode()), save=False)
    dataset.save()
    case = new_case(demo)
    source = services.add_data_source(
        case=case, kind="exam_results", description="Cijfers", dataset=dataset
    )
    assert services.dataset_columns(dataset) == ["klas", "geslacht", "cijfer"]
    analysis = services.add_analysis(
        case=case,
        data_source=source,
        title="Gemiddeld cijfer per klas",
        group_by=["klas"],
        statistic="mean",
        measure="cijfer",
    )
    rows_by_group = {tuple(r["groups"]): r for r in analysis.table["rows"]}
    assert rows_by_group[("3B",)]["n"] == 2
    assert rows_by_group[("3B",)]["small"] is True
    partner = {tuple(r["groups"]): r for r in analysis.spec["partner_table"]["rows"]}
    assert partner[("3B",)]["value"] is None
    with pytest.raises(ValidationError):
        services.add_analysis(
            case=case, data_source=source, title="x", group_by=["nope"], statistic="count"
        )


@pytest.mark.integration
def test_the_library_searches_dutch_text_with_stemming_on_postgresql(postgres, demo: Demo):
    from casestudies.library import LibraryFilters, search_library
    from casestudies.models import Publication

    case = new_case(demo)
    smart_goal(case)
    services.save_step(
        case=case, number=1, narrative="Veel leerlingen bleven zitten in de bovenbouw."
    )
    share(demo, case)
    visible = access.publications_visible_to(demo.teacher2)
    for query in ("zittenblijver", "leerling bovenbouw", "Zittenblijven"):
        assert list(search_library(visible, LibraryFilters(query=query))) == list(
            Publication.objects.all()
        ), query
    assert not search_library(visible, LibraryFilters(query="rekenen")).exists()


def test_an_unnamed_school_keeps_its_region_only_where_another_member_shares_it(demo: Demo):
    """ "A VO school in Utrecht" names a school as surely as its name when it is the only
    one; with a second VO school in Utrecht in the network, the region is kept."""
    case = new_case(demo)
    smart_goal(case)
    assert share(demo, case).school_display == "a VO school"

    alike = School.objects.create(name="Tweede College", code="98ZY", sector="vo", region="Utrecht")
    NetworkMembership.objects.create(
        network=demo.network_a, school=alike, joined_on=datetime.date(2024, 8, 1)
    )
    services.save_step(case=case, number=1, narrative="Een nieuwe versie.")
    again = share(demo, case)
    assert again.school_display == "a VO school in Utrecht"
    assert again.snapshot["region"] == "Utrecht"
    # Named on request, as before.
    services.save_step(case=case, number=1, narrative="En nog een versie.")
    services.submit_for_review(case=case)
    services.approve_case(case=case, person=demo.leader1)
    named = services.publish_case(
        case=case, person=demo.leader1, networks=[demo.network_a], name_school=True
    )
    assert named.school_display == demo.school1.name
