"""Demo leadership reflection for three schools over the four half years before the
current one: leaders and datateam members rated, each period was opened and discussed,
and the essentials were ticked as they came into place. Synthetic only; idempotent."""

from __future__ import annotations

from django.db import transaction
from django.utils import timezone

from leadership import services
from leadership.blocks import BUILDING_BLOCKS, ESSENTIALS
from leadership.models import Reflection
from netwerk.periods import recent_periods
from netwerk.ratings import RatingInput
from schools.models import School, User

# school code: (leader, datateam members who rate)
SCHOOLS = {
    "12AB": ("leader1", ["teacher1", "s1_teacher_a", "s1_teacher_b", "s1_quality"]),
    "23CD": ("leader2", ["teacher2", "s2_teacher_a", "s2_teacher_b"]),
    "012345": ("leader3", ["s3_coach", "s3_teacher_a"]),
}
NOTES = [
    (
        "We spraken af dat de schoolleiding in elke teamvergadering één cijfer toelicht.",
        "- Vaste tijd voor het datateam in het rooster\n- Terugkoppeling aan de secties",
    ),
    (
        "Teamleden ervaren minder ondersteuning dan de schoolleiding denkt.",
        "- Teamleider sluit aan bij het datateam\n- Coach twee extra bijeenkomsten",
    ),
    (
        "Het klimaat is veiliger: tegenvallende cijfers worden besproken zonder schuldvraag.",
        "- Resultaten delen met de ouderraad",
    ),
    (
        "De verschillen tussen leiding en team zijn kleiner geworden.",
        "- Datagebruik opnemen in het jaarplan en de jaargesprekken",
    ),
]


@transaction.atomic
def seed_demo_leadership() -> None:
    periods = [p.code for p in recent_periods(timezone.localdate(), 5)[:-1]]
    for code, (leader_name, team) in SCHOOLS.items():
        school = School.objects.filter(code=code).first()
        leader = User.objects.filter(username=leader_name).first()
        if school is None or leader is None:
            continue
        for index, period in enumerate(periods):
            if Reflection.objects.filter(school=school, period=period).exists():
                continue
            _reflect(school, leader, team, period, index)


def _reflect(school: School, leader: User, team: list[str], period: str, index: int) -> None:
    raters = [(leader, 1)] + [
        (person, 0) for person in User.objects.filter(username__in=team).order_by("username")
    ]
    for number, (person, is_leader) in enumerate(raters):
        ratings: dict[str, RatingInput] = {
            block.code: {"level": _level(index, position, number, is_leader)}
            for position, block in enumerate(BUILDING_BLOCKS)
        }
        reflection = services.rate_building_blocks(
            school=school, person=person, period=period, ratings=ratings
        )
    services.open_for_discussion(reflection=reflection, person=leader)
    notes, steps = NOTES[index % len(NOTES)]
    services.record_discussion(reflection=reflection, person=leader, notes=notes, next_steps=steps)
    services.check_essentials(
        reflection=reflection,
        person=leader,
        in_place=[e.code for e in ESSENTIALS[: 1 + index // 2]],
    )


def _level(index: int, position: int, number: int, is_leader: int) -> int:
    """Leaders start more positive than their teams; both grow, the gap narrows."""
    base = 2 + is_leader + (index + position + number) // 4
    return max(1, min(4, base - (1 if is_leader and index >= 2 and position % 2 else 0)))
