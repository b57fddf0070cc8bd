"""Demo case studies for the demo network: cases in different stages, two published in
network A (one with a rejected hypothesis and a finished evaluation), and weekly measures
of 24 to 30 points: Het Baken College's shifts after its action, De Regenboog's second
cycle does not move. Synthetic only; the points end last week, whenever it is seeded.

Each cycle is played through the services on the days it happened (netwerk.demo_clock):
started, moved step by step, measured week by week and published on its own dates, so
the steps it reached and its publication carry those dates. De Regenboog's reading cycle
ran through the two school years before this one; the others run in this one."""

from __future__ import annotations

import datetime
from contextlib import AbstractContextManager
from decimal import Decimal

from django.db import transaction
from django.utils import timezone

from casestudies import services
from casestudies.models import (
    Action,
    ActionStatus,
    CaseStudy,
    HypothesisStatus,
    Measure,
    StepStatus,
)
from netwerk.demo import SCHOOLS
from netwerk.demo_clock import played_at, played_on, school_year_ago
from netwerk.models import LearningNetwork
from schools.models import Datateam, User

# Weekly percentages, the last one a week ago. The mentor hour started 14 weeks ago: every
# week since lies below the weeks before it, a shift by the run-chart rules.
MENTOR_HOUR_STARTED = 14
FAILING_HAVO4 = [
    24.2, 23.1, 25.0, 24.6, 22.8, 25.4, 23.9, 24.8, 23.3, 25.1, 24.0, 22.9, 24.4, 23.6, 25.2,
    24.1,
    21.0, 20.4, 19.8, 20.9, 19.1, 18.6, 19.5, 18.2, 17.9, 18.8, 17.4, 17.1, 18.0, 16.8,
]  # fmt: skip
# 26 weeks; Sint-Jozef's adopted mentor hour starts 12 weeks ago (capacity.demo).
SHORTFALL_MATHS = [
    30.5, 29.2, 31.4, 30.1, 28.9, 31.0, 29.8, 30.6, 29.4, 31.2, 30.0, 29.1, 30.8, 29.6,
    27.2, 26.5, 25.9, 26.8, 24.7, 25.3, 24.1, 23.8, 24.6, 23.2, 22.9, 23.5,
]  # fmt: skip
# 24 weeks around the same level before and after De Regenboog's adopted reading buddies
# start 11 weeks ago: no shift.
READING_PACE = [
    52.1, 53.4, 51.2, 52.8, 51.9, 53.1, 52.4, 51.6, 53.0, 52.2, 51.4, 52.9, 52.6,
    51.8, 53.2, 52.0, 51.5, 53.3, 52.3, 51.7, 52.7, 51.3, 53.1, 52.5,
]  # fmt: skip


@transaction.atomic
def seed_demo_cases() -> None:
    people = {user.username: user for user in User.objects.all()}
    network_a = LearningNetwork.objects.filter(coordinators__username="coordinator").first()
    if network_a is None:
        return
    _grade_repetition_case(people, network_a)
    _reading_case(people, network_a)
    _progression_draft(people)
    _reading_pace_case(people)
    _stalled_attendance_case(people)


def _team(school_code: str) -> Datateam:
    return Datateam.objects.filter(school__code=school_code).order_by("pk")[0]


def _exists(team: Datateam, title: str) -> bool:
    return CaseStudy.objects.filter(datateam=team, title=title).exists()


def _next_school_year_end() -> datetime.date:
    today = timezone.localdate()
    return datetime.date(
        today.year + 1 if today.month >= 7 else today.year, 7, 1
    ) + datetime.timedelta(days=365)


def _on(day: datetime.date, hour: int = 16) -> AbstractContextManager[None]:
    """The block runs as on `day` (a datateam meets after school)."""
    return played_at(played_on(day, hour))


def _step_done(
    case: CaseStudy,
    number: int,
    text: str | None = None,
    *,
    skip_reason: str = "",
    person: User | None = None,
) -> None:
    if text is not None:
        services.save_step(case=case, number=number, narrative=text)
    services.save_step(
        case=case, number=number, status=StepStatus.DONE, skip_reason=skip_reason, person=person
    )


def _grade_repetition_case(people: dict[str, User], network: LearningNetwork) -> None:
    """Started last school year; the mentor hour started MENTOR_HOUR_STARTED weeks ago."""
    team, title = _team("12AB"), "Minder zittenblijvers in havo 4"
    if _exists(team, title):
        return
    year = school_year_ago(1)
    with _on(datetime.date(year, 9, 15)):
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
            baseline_date=datetime.date(year, 7, 1),
            target_value=Decimal("10"),
            deadline=_next_school_year_end(),
        )
    narratives = {
        1: "We kozen voor **zittenblijven in havo 4**: het percentage lag drie jaar boven het landelijk gemiddelde.",
        2: "We gebruikten de doorstroomcijfers, de cijfers per vak en een leerlingenarena met twaalf leerlingen.",
        3: "Vooral wiskunde en economie wegen zwaar. Leerlingen zeggen dat ze pas in periode 3 merken dat het misgaat.",
        4: "Een wekelijks mentoruur en een signaleringsmoment na periode 1.",
    }
    with _on(datetime.date(year, 10, 13)):
        _step_done(case, 1, narratives[1])
    with _on(datetime.date(year, 11, 3)):
        services.add_data_source(
            case=case, kind="progression", description="Doorstroomcijfers 2022-2025"
        )
    with _on(datetime.date(year, 12, 8)):
        _step_done(case, 2, narratives[2])
    with _on(datetime.date(year + 1, 3, 9)):
        _step_done(case, 3, narratives[3])
    with _on(_weeks_ago(len(FAILING_HAVO4))):
        measure = services.add_measure(
            case=case,
            name="Havo 4-leerlingen met twee of meer onvoldoendes",
            kind="percentage",
            direction="down",
            unit="%",
        )
    _weekly_points(measure, FAILING_HAVO4, n=124, until=_weeks_ago(MENTOR_HOUR_STARTED + 1))
    with _on(_weeks_ago(MENTOR_HOUR_STARTED + 1)):
        services.add_action(
            case=case,
            description="Wekelijks mentoruur voor leerlingen met twee of meer onvoldoendes",
            owner="Mentoren havo 4",
            due_date=_next_school_year_end() - datetime.timedelta(days=300),
            measure=measure,
            start_date=_weeks_ago(MENTOR_HOUR_STARTED),
        )
        services.add_action(
            case=case,
            description="Signaleringsmoment na periode 1 met ouders",
            owner="Teamleider havo",
            due_date=_next_school_year_end() - datetime.timedelta(days=250),
        )
        _step_done(case, 4, narratives[4])
    _weekly_points(measure, FAILING_HAVO4, n=124, until=_weeks_ago(MENTOR_HOUR_STARTED - 4))
    with _on(_weeks_ago(MENTOR_HOUR_STARTED - 4) + datetime.timedelta(days=3)):
        _share(case, people["leader1"], network, name_school=False)
    _weekly_points(measure, FAILING_HAVO4, n=124)
    with _on(_weeks_ago(2)):
        services.log_team_meeting(
            case=case,
            person=people["teacher1"],
            held_on=_weeks_ago(2),
            step=5,
            decisions="Tussenstand van het mentoruur besproken; evaluatie na periode 2.",
            attendees=[people["teacher1"], people["leader1"], people["s1_quality"]],
        )


def _reading_case(people: dict[str, User], network: LearningNetwork) -> None:
    """Two school years ago to last May: a rejected hypothesis sends the team back to
    step 2 once; evaluated and published in time for the network's June session."""
    team, title = _team("23CD"), "Begrijpend lezen in groep 6 tot en met 8"
    if _exists(team, title):
        return
    year = school_year_ago(2)
    steps = _reading_steps()
    with _on(datetime.date(year, 9, 16)):
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
            baseline_date=datetime.date(year, 2, 1),
            target_value=Decimal("85"),
            deadline=_next_school_year_end(),
        )
    with _on(datetime.date(year, 10, 7)):
        _step_done(case, 1, "De resultaten begrijpend lezen bleven drie metingen achter.")
    with _on(datetime.date(year, 10, 21)):
        rejected = services.add_hypothesis(case=case, statement="Leerlingen lezen thuis te weinig.")
        confirmed = services.add_hypothesis(
            case=case,
            statement="De lessen besteden weinig tijd aan strategieën voor begrijpend lezen.",
        )
    with _on(datetime.date(year, 11, 4)):
        _step_done(case, 2, steps[2])
    with _on(datetime.date(year, 11, 25)):
        _step_done(case, 3, steps[3])
    with _on(datetime.date(year, 12, 2)):
        services.set_quality_check(
            case=case,
            completeness="sufficient",
            reliability="sufficient",
            validity="concerns",
            notes="De vragenlijst is door de leerlingen zelf ingevuld.",
        )
    with _on(datetime.date(year, 12, 9)):
        _step_done(case, 4, steps[4])
    with _on(datetime.date(year + 1, 1, 13)):  # the rejection sends the team back to step 2
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
    for number, day in ((2, (1, 20)), (3, (1, 27)), (4, (2, 3))):
        with _on(datetime.date(year + 1, *day)):
            _step_done(case, number)
    with _on(datetime.date(year + 1, 2, 10)):
        services.conclude_hypothesis(
            hypothesis=rejected, conclusion="Thuis lezen verklaart de achterstand niet."
        )
        services.conclude_hypothesis(
            hypothesis=confirmed, conclusion="Meer lestijd voor strategieën is de eerste stap."
        )
        _step_done(case, 5, steps[5])
    with _on(datetime.date(year + 1, 3, 3)):
        _step_done(case, 6, steps[6])
    with _on(datetime.date(year + 1, 3, 10)):
        services.add_action(
            case=case,
            description="Elke les tien minuten expliciete instructie in leesstrategieën",
            owner="Leerkrachten groep 6-8",
            due_date=datetime.date(year + 1, 10, 1),
        )
    with _on(datetime.date(year + 1, 10, 6)):
        _step_done(case, 7, steps[7])
    with _on(datetime.date(year + 2, 5, 20)):
        services.record_evaluation(
            case=case,
            measured_value=Decimal("86"),
            measured_on=datetime.date(year + 2, 5, 15),
            reflection="Het doel is gehaald. De observaties hielpen het team het gesprek over de **lespraktijk** te voeren.",
        )
        _step_done(case, 8, steps[8])
    with _on(datetime.date(year + 2, 5, 27)):
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
    """Running since the spring; it takes up a partner's proposal (capacity.demo), after
    which its measure shifts."""
    team, title = _team("012345"), "Doorstroom in de eerste graad"
    if _exists(team, title):
        return
    with _on(_weeks_ago(len(SHORTFALL_MATHS) + 1)):
        case = services.start_case_study(
            datateam=team,
            person=people["s3_coach"],
            title=title,
            theme="progression",
            template="datateam_8",
            year_levels="1e en 2e jaar",
        )
        services.set_goal(
            case=case,
            description="Het aandeel leerlingen van de eerste graad met een tekort voor wiskunde daalt van 30% naar 25%.",
            indicator="percentage leerlingen met een tekort wiskunde (wekelijkse toets)",
            population_year="1e en 2e jaar",
            baseline_value=Decimal("30"),
            baseline_date=_weeks_ago(len(SHORTFALL_MATHS)),
            target_value=Decimal("25"),
            deadline=_next_school_year_end(),
        )
        measure = services.add_measure(
            case=case,
            name="Leerlingen met een tekort wiskunde (eerste graad)",
            kind="percentage",
            direction="down",
            unit="%",
        )
    _weekly_points(measure, SHORTFALL_MATHS, n=96)
    _walk_to_evaluation(case, people["s3_coach"], _weeks_ago(len(SHORTFALL_MATHS)))


def _reading_pace_case(people: dict[str, User]) -> None:
    """De Regenboog's second cycle: it takes up a partner's proposal (capacity.demo), and
    its measure does not move."""
    team, title = _team("23CD"), "Leestempo in groep 5"
    if _exists(team, title):
        return
    with _on(_weeks_ago(len(READING_PACE) + 1)):
        case = services.start_case_study(
            datateam=team,
            person=people["teacher2"],
            title=title,
            theme="basic_skills",
            template="five_steps",
            year_levels="groep 5",
        )
        services.set_goal(
            case=case,
            description="Leerlingen in groep 5 lezen gemiddeld 60 woorden per minuut op de wekelijkse leestempotoets, nu 52.",
            indicator="gemiddeld aantal woorden per minuut (groep 5)",
            population_year="groep 5",
            baseline_value=Decimal("52"),
            baseline_date=_weeks_ago(len(READING_PACE)),
            target_value=Decimal("60"),
            deadline=_next_school_year_end(),
        )
        measure = services.add_measure(
            case=case,
            name="Woorden per minuut in groep 5",
            kind="mean",
            direction="up",
            unit="woorden per minuut",
        )
    _weekly_points(measure, READING_PACE, n=54)
    _walk_to_evaluation(case, people["teacher2"], _weeks_ago(len(READING_PACE)))


def _walk_to_evaluation(case: CaseStudy, person: User, first: datetime.date) -> None:
    """Every step before the evaluation done, on days spread from `first` to two weeks
    ago, so that capacity.demo evaluates a cycle that has reached its evaluation step.
    What a step's method asks for and this short demo cycle did not record is skipped
    with the team's reason, as the coach sees it."""
    last = case.cycle.steps[-1].number
    days = (_weeks_ago(2) - first).days
    for index, step in enumerate(case.cycle.steps[:-1]):
        with _on(first + datetime.timedelta(days=days * (index + 1) // last)):
            _step_done(
                case,
                step.number,
                f"Besproken in het datateamoverleg ({step.title}).",
                skip_reason="Kort doorlopen; uitgewerkt in het verslag van het overleg.",
                person=person,
            )


# Het Baken's attendance cycle last met eight weeks ago: the coach's cockpit shows it as
# stalled, with the overdue action of Lotte Jansen (teacher1) and a skipped quality check.
STALLED_WEEKS = 8


def _stalled_attendance_case(people: dict[str, User]) -> None:
    """Started this school year, step by step until the team last met STALLED_WEEKS ago."""
    team, title = _team("12AB"), "Verzuim in havo 3"
    if _exists(team, title):
        return
    with _on(_weeks_ago(STALLED_WEEKS + 12)):
        case = services.start_case_study(
            datateam=team,
            person=people["teacher1"],
            title=title,
            theme="attendance",
            template="datateam_8",
            year_levels="havo 3",
        )
        services.set_goal(
            case=case,
            description="Het ongeoorloofd verzuim in havo 3 daalt van gemiddeld 14 naar 8 uur per leerling per periode.",
            indicator="ongeoorloofd verzuim in uren per leerling per periode (havo 3)",
            population_year="3",
            population_department="havo",
            baseline_value=Decimal("14"),
            target_value=Decimal("8"),
            deadline=_next_school_year_end(),
        )
    with _on(_weeks_ago(STALLED_WEEKS + 10)):
        _step_done(case, 1)
    with _on(_weeks_ago(STALLED_WEEKS + 7)):
        hypothesis = services.add_hypothesis(
            case=case, statement="Het verzuim piekt op dagen met tussenuren."
        )
        _step_done(case, 2)
    with _on(_weeks_ago(STALLED_WEEKS + 3)):
        _step_done(case, 3)
    met_on = _weeks_ago(STALLED_WEEKS)
    with _on(met_on):
        _step_done(
            case,
            4,
            skip_reason="De verzuimcijfers komen rechtstreeks uit het leerlingvolgsysteem.",
            person=people["teacher1"],
        )
        services.log_team_meeting(
            case=case,
            person=people["teacher1"],
            held_on=met_on,
            step=4,
            decisions="Verzuim per lesuur uitsplitsen; Lotte belt de mentoren van havo 3.",
            attendees=[people["teacher1"], people["leader1"], people["s1_teacher_a"]],
            next_meeting=met_on + datetime.timedelta(weeks=3),
        )
        services.add_action(
            case=case,
            description="Mentoren van havo 3 bellen over het verzuim op dagen met tussenuren",
            owner_person=people["teacher1"],
            due_date=_weeks_ago(STALLED_WEEKS - 3),
            hypothesis=hypothesis,
        )


def _weeks_ago(weeks: int) -> datetime.date:
    return timezone.localdate() - datetime.timedelta(weeks=weeks)


def _weekly_points(
    measure: Measure, values: list[float], *, n: int, until: datetime.date | None = None
) -> None:
    """The measure's weekly points, the last of `values` a week ago, each entered on the
    day it was measured; those already entered, and those after `until`, are left."""
    entered = set(measure.points.values_list("date", flat=True))
    for number, value in enumerate(values):
        day = _weeks_ago(len(values) - number)
        if day in entered or (until is not None and day > until):
            continue
        with _on(day):
            services.record_points(measure=measure, points=[services.NewPoint(day, value, n)])


def _share(case: CaseStudy, leader: User, network: LearningNetwork, *, name_school: bool) -> None:
    services.submit_for_review(case=case, person=leader)
    services.approve_case(case=case, person=leader)
    services.publish_case(case=case, person=leader, networks=[network], name_school=name_school)


@transaction.atomic
def play_actions() -> None:
    """The actions as the teams carried them out: done in a cycle that was evaluated, under
    way from their start where they have one. Run after capacity.demo, whose adoptions add
    actions and evaluate cycles. The stalled cycle's action (no start) stays planned, and
    overdue."""
    for action in Action.objects.select_related("case__evaluation").filter(
        case__datateam__school__code__in=[school.code for school in SCHOOLS]
    ):
        evaluation = getattr(action.case, "evaluation", None)
        if evaluation is not None and evaluation.measured_on:
            status, day = ActionStatus.DONE, evaluation.measured_on
        elif action.start_date and action.start_date <= timezone.localdate():
            status, day = ActionStatus.IN_PROGRESS, action.start_date
        else:
            continue
        if action.status != status:
            with _on(day):
                services.set_action_status(action=action, status=status)
