"""Demo case studies for the demo network: cases in different stages, two published in
network A (one with a rejected hypothesis and a finished evaluation). Synthetic only."""

from __future__ import annotations

import datetime
from decimal import Decimal

from django.db import transaction
from django.utils import timezone

from casestudies import services
from casestudies.models import CaseStudy, HypothesisStatus, StepStatus
from netwerk.models import LearningNetwork
from schools.models import Datateam, User


@transaction.atomic
def seed_demo_cases() -> None:
    people = {user.username: user for user in User.objects.all()}
    network_a = LearningNetwork.objects.filter(coordinators__username="coordinator").first()
    if network_a is None:
        return
    _grade_repetition_case(people, network_a)
    _reading_case(people, network_a)
    _progression_draft(people)


def _team(school_code: str) -> Datateam:
    return Datateam.objects.filter(school__code=school_code).order_by("pk")[0]


def _exists(team: Datateam, title: str) -> bool:
    return CaseStudy.objects.filter(datateam=team, title=title).exists()


def _next_school_year_end() -> datetime.date:
    today = timezone.localdate()
    return datetime.date(
        today.year + 1 if today.month >= 7 else today.year, 7, 1
    ) + datetime.timedelta(days=365)


def _grade_repetition_case(people: dict[str, User], network: LearningNetwork) -> None:
    team, title = _team("12AB"), "Minder zittenblijvers in havo 4"
    if _exists(team, title):
        return
    case = services.start_case_study(
        datateam=team,
        person=people["teacher1"],
        title=title,
        theme="grade_repetition",
        template="five_steps",
        year_levels="havo 4",
    )
    services.set_goal(
        case=case,
        description="Het percentage zittenblijvers in havo 4 daalt van 18% naar 10% binnen twee schooljaren.",
        indicator="percentage zittenblijvers havo 4 (eind schooljaar)",
        population_year="4",
        population_department="havo",
        baseline_value=Decimal("18"),
        baseline_date=datetime.date(2025, 7, 1),
        target_value=Decimal("10"),
        deadline=_next_school_year_end(),
    )
    narratives = {
        1: "We kozen voor **zittenblijven in havo 4**: het percentage lag drie jaar boven het landelijk gemiddelde.",
        2: "We gebruikten de doorstroomcijfers, de cijfers per vak en een leerlingenarena met twaalf leerlingen.",
        3: "Vooral wiskunde en economie wegen zwaar. Leerlingen zeggen dat ze pas in periode 3 merken dat het misgaat.",
        4: "Een wekelijks mentoruur en een signaleringsmoment na periode 1.",
    }
    for number, text in narratives.items():
        services.save_step(case=case, number=number, narrative=text)
        services.save_step(case=case, number=number, status=StepStatus.DONE)
    services.add_data_source(
        case=case, kind="progression", description="Doorstroomcijfers 2022-2025"
    )
    services.add_action(
        case=case,
        description="Wekelijks mentoruur voor leerlingen met twee of meer onvoldoendes",
        owner="Mentoren havo 4",
        due_date=_next_school_year_end() - datetime.timedelta(days=300),
    )
    services.add_action(
        case=case,
        description="Signaleringsmoment na periode 1 met ouders",
        owner="Teamleider havo",
        due_date=_next_school_year_end() - datetime.timedelta(days=250),
    )
    _share(case, people["leader1"], network, name_school=False)


def _reading_case(people: dict[str, User], network: LearningNetwork) -> None:
    team, title = _team("23CD"), "Begrijpend lezen in groep 6 tot en met 8"
    if _exists(team, title):
        return
    case = services.start_case_study(
        datateam=team,
        person=people["teacher2"],
        title=title,
        theme="basic_skills",
        template="datateam_8",
        year_levels="groep 6-8",
    )
    services.set_goal(
        case=case,
        description="Het aandeel leerlingen in groep 6-8 dat de referentienorm 1F voor lezen haalt, stijgt van 72% naar 85%.",
        indicator="percentage leerlingen op of boven 1F begrijpend lezen",
        population_year="groep 6-8",
        baseline_value=Decimal("72"),
        baseline_date=datetime.date(2024, 2, 1),
        target_value=Decimal("85"),
        deadline=_next_school_year_end(),
    )
    services.save_step(
        case=case, number=1, narrative="De resultaten begrijpend lezen bleven drie metingen achter."
    )
    services.save_step(case=case, number=1, status=StepStatus.DONE)
    rejected = services.add_hypothesis(case=case, statement="Leerlingen lezen thuis te weinig.")
    confirmed = services.add_hypothesis(
        case=case, statement="De lessen besteden weinig tijd aan strategieën voor begrijpend lezen."
    )
    services.judge_hypothesis(
        hypothesis=rejected,
        status=HypothesisStatus.REJECTED,
        evidence="De leesvragenlijst liet geen verband zien tussen thuis lezen en de toetsscore.",
    )
    services.judge_hypothesis(
        hypothesis=confirmed,
        status=HypothesisStatus.CONFIRMED,
        evidence="Lesobservaties: gemiddeld vier minuten per les aan strategieën.",
    )
    for number in range(2, 9):
        services.save_step(case=case, number=number, narrative=_reading_steps().get(number, ""))
        services.save_step(case=case, number=number, status=StepStatus.DONE)
    services.set_quality_check(
        case=case,
        completeness="sufficient",
        reliability="sufficient",
        validity="concerns",
        notes="De vragenlijst is door de leerlingen zelf ingevuld.",
    )
    services.add_action(
        case=case,
        description="Elke les tien minuten expliciete instructie in leesstrategieën",
        owner="Leerkrachten groep 6-8",
        due_date=datetime.date(2025, 10, 1),
    )
    services.record_evaluation(
        case=case,
        measured_value=Decimal("86"),
        measured_on=datetime.date(2026, 6, 15),
        reflection="Het doel is gehaald. De observaties hielpen het team het gesprek over de **lespraktijk** te voeren.",
    )
    _share(case, people["leader2"], network, name_school=True)


def _reading_steps() -> dict[int, str]:
    return {
        2: "Twee hypothesen: thuis lezen, en de tijd voor leesstrategieën in de les.",
        3: "Een leesvragenlijst voor leerlingen en lesobservaties in zes groepen.",
        4: "De vragenlijst is volledig; bij de observaties keken telkens twee collega's.",
        5: "Geen verband tussen thuis lezen en de score: die hypothese is verworpen.",
        6: "De tweede hypothese is bevestigd.",
        7: "Expliciete instructie in strategieën in elke les.",
        8: "Na een jaar haalde 86% de norm.",
    }


def _progression_draft(people: dict[str, User]) -> None:
    team, title = _team("012345"), "Doorstroom in de eerste graad"
    if _exists(team, title):
        return
    services.start_case_study(
        datateam=team,
        person=people["s3_coach"],
        title=title,
        theme="progression",
        template="datateam_8",
        year_levels="1e en 2e jaar",
    )


def _share(case: CaseStudy, leader: User, network: LearningNetwork, *, name_school: bool) -> None:
    services.submit_for_review(case=case, person=leader)
    services.approve_case(case=case, person=leader)
    services.publish_case(case=case, person=leader, networks=[network], name_school=name_school)
