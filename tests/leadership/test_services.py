"""Leadership reflection through the services: separate ratings, opening, discussion,
essentials and trends."""

from __future__ import annotations

import pytest
from django.core.exceptions import ValidationError
from django.utils import timezone

from leadership import services
from leadership.blocks import BUILDING_BLOCKS
from leadership.models import BlockRating, EssentialCheck, RaterGroup, Reflection
from leadership.reports import comparison, leadership_trends, respondents
from netwerk.periods import period_of, recent_periods
from netwerk.ratings import RatingInput
from tests.conftest import Demo

pytestmark = pytest.mark.django_db

NOW = period_of(timezone.localdate()).code
EARLIER = recent_periods(timezone.localdate(), 2)[0].code


def all_blocks(level: object = 3, **overrides: object) -> dict[str, RatingInput]:
    return {b.code: {"level": overrides.get(b.code, level), "note": ""} for b in BUILDING_BLOCKS}


def rate(demo: Demo, who: str, period: str = NOW, level: object = 3, **overrides) -> Reflection:
    return services.rate_building_blocks(
        school=demo.school1,
        person=getattr(demo, who),
        period=period,
        ratings=all_blocks(level, **overrides),
    )


def test_leaders_and_datateam_members_rate_as_separate_groups(demo: Demo):
    rate(demo, "leader1", level=4)
    reflection = rate(demo, "teacher1", level=2)
    rate(demo, "quality_officer", level=3)
    groups = dict(reflection.ratings.values_list("person__username", "group").distinct())
    # leader1 also sits in the datateam, and still rates as a leader
    assert groups == {"leader1": "leaders", "teacher1": "team", "s1_quality": "team"}
    assert respondents(reflection) == {"leaders": 1, "team": 2}


def test_rating_again_in_a_period_replaces_the_earlier_ratings(demo: Demo):
    rate(demo, "teacher1", level=2)
    reflection = rate(demo, "teacher1", level=3, vision=1)
    levels = dict(reflection.ratings.values_list("block", "level"))
    assert levels == {**{b.code: 3 for b in BUILDING_BLOCKS}, "vision": 1}
    assert BlockRating.objects.count() == len(BUILDING_BLOCKS)


@pytest.mark.parametrize("level", [0, 5, "vier", None])
def test_a_level_out_of_range_is_refused_and_nothing_is_saved(demo: Demo, level):
    with pytest.raises(ValidationError) as error:
        rate(demo, "teacher1", support=level)
    assert "level_support" in error.value.message_dict
    assert not BlockRating.objects.exists()


def test_every_building_block_needs_a_rating(demo: Demo):
    ratings = all_blocks(3)
    del ratings["climate"]
    with pytest.raises(ValidationError) as error:
        services.rate_building_blocks(
            school=demo.school1, person=demo.teacher1, period=NOW, ratings=ratings
        )
    assert "level_climate" in error.value.message_dict
    assert not Reflection.objects.exists()


@pytest.mark.parametrize("who", ["outsider", "teacher2", "coach", "coordinator"])
def test_only_the_schools_leaders_and_datateam_members_rate(demo: Demo, who: str):
    with pytest.raises(ValidationError):
        rate(demo, who)
    assert not BlockRating.objects.exists()


def test_a_future_period_cannot_be_rated(demo: Demo):
    with pytest.raises(ValidationError) as error:
        rate(demo, "teacher1", period="2099-2100-1")
    assert "period" in error.value.message_dict


def test_a_leader_opens_the_period_once_both_groups_have_rated(demo: Demo):
    reflection = rate(demo, "teacher1")
    with pytest.raises(ValidationError, match="Both"):
        services.open_for_discussion(reflection=reflection, person=demo.leader1)
    rate(demo, "leader1")
    with pytest.raises(ValidationError, match="leader"):
        services.open_for_discussion(reflection=reflection, person=demo.teacher1)
    opened = services.open_for_discussion(reflection=reflection, person=demo.leader1)
    assert opened.is_open
    assert opened.opened_by == demo.leader1
    with pytest.raises(ValidationError, match="already"):
        services.open_for_discussion(reflection=reflection, person=demo.leader1)


def test_ratings_no_longer_change_once_the_period_is_open(demo: Demo):
    rate(demo, "leader1", level=4)
    reflection = rate(demo, "teacher1", level=2)
    services.open_for_discussion(reflection=reflection, person=demo.leader1)
    with pytest.raises(ValidationError, match="open for discussion"):
        rate(demo, "teacher1", level=1)
    assert set(
        reflection.ratings.filter(group=RaterGroup.TEAM).values_list("level", flat=True)
    ) == {2}


def test_the_comparison_puts_both_groups_side_by_side_with_their_notes(demo: Demo):
    rate(demo, "leader1", level=4)
    services.rate_building_blocks(
        school=demo.school1,
        person=demo.teacher1,
        period=NOW,
        ratings={**all_blocks(2), "support": {"level": 1, "note": "Geen tijd in het rooster"}},
    )
    rate(demo, "quality_officer", level=3)
    reflection = Reflection.objects.get()
    rows = {row.block.code: row for row in comparison(reflection)}
    assert (rows["support"].leaders, rows["support"].team, rows["support"].team_n) == (4, 2, 2)
    assert rows["support"].difference == 2
    assert rows["support"].team_notes == ["Geen tijd in het rooster"]


def test_a_leader_records_the_discussion_only_after_opening(demo: Demo):
    rate(demo, "leader1")
    reflection = rate(demo, "teacher1")
    with pytest.raises(ValidationError, match="Open the period"):
        services.record_discussion(
            reflection=reflection, person=demo.leader1, notes="Besproken", next_steps=""
        )
    services.open_for_discussion(reflection=reflection, person=demo.leader1)
    with pytest.raises(ValidationError):
        services.record_discussion(
            reflection=reflection, person=demo.teacher1, notes="Besproken", next_steps=""
        )
    with pytest.raises(ValidationError):
        services.record_discussion(
            reflection=reflection, person=demo.leader1, notes=" ", next_steps=""
        )
    services.record_discussion(
        reflection=reflection, person=demo.leader1, notes="Besproken", next_steps="- Rooster"
    )
    reflection.refresh_from_db()
    assert (reflection.discussion_notes, reflection.next_steps) == ("Besproken", "- Rooster")


def test_a_leader_ticks_the_three_essentials(demo: Demo):
    reflection = rate(demo, "teacher1")
    services.check_essentials(
        reflection=reflection, person=demo.leader1, in_place=["anchored_in_vision"]
    )
    checks = dict(EssentialCheck.objects.values_list("essential", "in_place"))
    assert checks == {
        "anchored_in_vision": True,
        "whole_organisation": False,
        "developing_people": False,
    }
    with pytest.raises(ValidationError):
        services.check_essentials(reflection=reflection, person=demo.leader1, in_place=["magic"])
    with pytest.raises(ValidationError):
        services.check_essentials(reflection=reflection, person=demo.teacher1, in_place=[])
    assert EssentialCheck.objects.filter(in_place=True).count() == 1


def test_trends_show_only_periods_opened_for_discussion(demo: Demo):
    rate(demo, "leader1", period=EARLIER, level=4)
    earlier = rate(demo, "teacher1", period=EARLIER, level=2)
    services.open_for_discussion(reflection=earlier, person=demo.leader1)
    rate(demo, "leader1", level=3)
    rate(demo, "teacher1", level=3)
    table = leadership_trends(demo.school1)
    assert set(table["period"]) == {EARLIER}
    vision = table[table["item"] == "vision"].iloc[0]
    assert (vision["leaders_mean"], vision["team_mean"]) == (4.0, 2.0)
