"""How platform events become contributions: the derivation rules, kept as data.

The four ways a learning network contributes (DOMAIN.md) are the categories. Each rule
names the event it derives from, its category and a short explanation; the rules page and
docs/contributions.md show the same table, so what is counted is never hidden.
"""

from __future__ import annotations

from dataclasses import dataclass

from django.db import models
from django.utils.functional import Promise
from django.utils.translation import gettext_lazy as _


class Category(models.TextChoices):
    MOTIVATION = "motivation", _("Regulating motivation")
    KNOWLEDGE = "knowledge", _("Sharing knowledge")
    COCREATION = "cocreation", _("Co-creating solutions")
    CAPACITY = "capacity", _("Building capacity at scale")


@dataclass(frozen=True)
class Rule:
    slug: str
    category: Category
    title: str | Promise
    explanation: str | Promise


RULES: dict[str, Rule] = {
    rule.slug: rule
    for rule in (
        Rule(
            "case_published",
            Category.KNOWLEDGE,
            _("Case study published"),
            _("A school publishes an anonymised case study to the network."),
        ),
        Rule(
            "proposal_endorsed",
            Category.COCREATION,
            _("Proposal endorsed by another school"),
            _("Someone from another school endorses a school's proposal in a room."),
        ),
        Rule(
            "proposal_adopted",
            Category.COCREATION,
            _("Proposal adopted by another school"),
            _("A school adopts a proposal written by someone from another school."),
        ),
        Rule(
            "solution_adopted",
            Category.CAPACITY,
            _("Solution spread to another school"),
            _(
                "A solution worked out in the network becomes an action in another school's "
                "action plan; counted for the school that brought the solution."
            ),
        ),
        Rule(
            "first_cycle_completed",
            Category.CAPACITY,
            _("First completed cycle after joining"),
            _("A school evaluates its first cycle since it joined the network."),
        ),
        Rule(
            "coach_trained",
            Category.CAPACITY,
            _("Internal data coach trained"),
            _("A coach or coordinator records that a school's own data coach was trained."),
        ),
        Rule(
            "session_attended",
            Category.MOTIVATION,
            _("Attended a network session"),
            _("A participant is recorded as present at a network session."),
        ),
        Rule(
            "peer_feedback",
            Category.MOTIVATION,
            _("Gave peer feedback"),
            _("A participant sends the feedback form after a network session."),
        ),
        Rule(
            "manual",
            Category.KNOWLEDGE,
            _("Recorded by hand"),
            _(
                "A coach or coordinator records a contribution the platform cannot see, "
                "choosing its category."
            ),
        ),
    )
}
