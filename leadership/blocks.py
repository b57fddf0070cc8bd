"""The five building blocks of leadership for data use, with reflection questions, and the
three essentials for lasting development: as data, in our own words, translated."""

from __future__ import annotations

from dataclasses import dataclass

from django.utils.functional import Promise
from django.utils.translation import gettext_lazy as _


@dataclass(frozen=True)
class BuildingBlock:
    code: str
    name: Promise
    summary: Promise
    questions: tuple[Promise, ...]


@dataclass(frozen=True)
class Essential:
    code: str
    name: Promise
    summary: Promise


BUILDING_BLOCKS: tuple[BuildingBlock, ...] = (
    BuildingBlock(
        "vision",
        _("Vision, norms and goals"),
        _("Why the school works with data, and which goals that work serves."),
        (
            _("Could each of us explain in two sentences why our school works with data?"),
            _("How often, and where, do leaders return to that reason during the year?"),
            _("Which of this year's school goals does the data work actually help to reach?"),
        ),
    ),
    BuildingBlock(
        "support",
        _("Support"),
        _("Time, means, coaching and feedback, so that teachers can take the work on."),
        (
            _("Is there time in the schedule for the datateam, or does it come on top?"),
            _("Which teams need more help right now, and which need more room of their own?"),
            _("How do people hear what went well and what could be better in their data work?"),
        ),
    ),
    BuildingBlock(
        "role_model",
        _("Leaders as role models"),
        _("Leaders visibly use several kinds of data themselves and share what they know."),
        (
            _("When did a leader last show which data a decision was based on?"),
            _("Which kinds of data do our leaders use besides test results?"),
            _("How do leaders pass on what they know about policy, organisation or statistics?"),
        ),
    ),
    BuildingBlock(
        "climate",
        _("A climate for data use"),
        _("Trust and collaboration, so that disappointing results can be discussed safely."),
        (
            _("What happens in our school when someone's results are disappointing?"),
            _("Do colleagues feel free to question a figure or a conclusion, also a leader's?"),
            _("Where do teachers look at data together rather than alone?"),
        ),
    ),
    BuildingBlock(
        "communication",
        _("Communication and networks"),
        _("How insights travel through the school and beyond, and how support grows."),
        (
            _("How do colleagues outside the datateam hear what the team found out?"),
            _("How do we use colleagues' ideas and questions in the next step?"),
            _("Which partners outside the school do we learn from, and what do we offer them?"),
        ),
    ),
)

ESSENTIALS: tuple[Essential, ...] = (
    Essential(
        "anchored_in_vision",
        _("Anchored in vision and goals"),
        _("The core of the data work is tied to the school's own vision and goals."),
    ),
    Essential(
        "whole_organisation",
        _("A place in the whole organisation"),
        _(
            "The work has a place in schedules, section agendas, year plans, policy "
            "documents and annual reviews."
        ),
    ),
    Essential(
        "developing_people",
        _("Investing in colleagues"),
        _(
            "Leaders are visible and reachable, join a datateam, and give teachers roles as "
            "data expert, coordinator or coach."
        ),
    ),
)

BLOCKS_BY_CODE = {block.code: block for block in BUILDING_BLOCKS}
BLOCK_CHOICES = [(block.code, block.name) for block in BUILDING_BLOCKS]
ESSENTIAL_CHOICES = [(essential.code, essential.name) for essential in ESSENTIALS]
