"""Events that derive contributions, made through the services that make them."""

from __future__ import annotations

import datetime
import itertools
from decimal import Decimal

from django.core.cache import cache
from django.utils import timezone

from casestudies import services as case_services
from casestudies.models import CaseStudy, Publication
from discussions import services as room_services
from discussions.models import Proposal, Room
from netwerk.models import LearningNetwork
from schools.models import Datateam, User

NEXT_YEAR = timezone.localdate() + datetime.timedelta(days=365)
_ids = itertools.count(1)
# Adopting asks for a cycle: these tests start a new one, which counts for nothing itself.
NEW_CYCLE = room_services.NewCycle(title="Mentoruur uit het netwerk")


def case_for(team: Datateam, person: User, title: str = "Zittenblijven havo 4") -> CaseStudy:
    case = case_services.start_case_study(
        datateam=team,
        person=person,
        title=title,
        theme="grade_repetition",
        template="five_steps",
    )
    case_services.set_goal(
        case=case,
        description="Minder zittenblijvers in havo 4: van 18% naar 10% in twee jaar.",
        indicator="percentage zittenblijvers",
        baseline_value=Decimal("18"),
        target_value=Decimal("10"),
        deadline=NEXT_YEAR,
    )
    return case


def publish(
    case: CaseStudy, leader: User, networks: list[LearningNetwork], *, name_school: bool = False
) -> Publication:
    case_services.submit_for_review(case=case)
    case_services.approve_case(case=case, person=leader)
    return case_services.publish_case(
        case=case, person=leader, networks=networks, name_school=name_school
    )


def evaluate(case: CaseStudy, on: datetime.date, value: str = "9") -> None:
    case_services.record_evaluation(case=case, measured_value=Decimal(value), measured_on=on)


def proposal_by(room: Room, author: User, title: str = "Mentoruur") -> Proposal:
    cache.clear()  # the posting rate limit
    return room_services.create_proposal(
        room=room, author=author, client_id=f"p{next(_ids)}", title=title
    ).proposal


def english_client(user: User | None):
    """A signed-in client whose pages come in English (the UI is Dutch by default)."""
    from tests.conftest import client_for

    client = client_for(user)
    client.defaults["HTTP_ACCEPT_LANGUAGE"] = "en"
    return client
