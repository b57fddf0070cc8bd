"""Writing to the ledger by hand: what a coach or coordinator saw that the platform cannot
(a workshop given, an internal data coach trained)."""

from __future__ import annotations

import datetime

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from capacity.models import Contribution
from capacity.rules import RULES, Category
from netwerk.models import LearningNetwork, NetworkMembership
from schools.models import School, User
from schools.services import save_validated

MANUAL_RULES = ("manual", "coach_trained")


@transaction.atomic
def record_manual_contribution(
    *,
    network: LearningNetwork,
    recorded_by: User,
    school: School | None,
    occurred_on: datetime.date,
    description: str,
    category: str = "",
    rule: str = "manual",
) -> Contribution:
    """`manual` takes the chosen category; `coach_trained` is always capacity at scale and
    needs the school whose coach was trained. The caller checked who may record."""
    errors = _problems(network, school, occurred_on, description, category, rule)
    if errors:
        raise ValidationError(errors)
    return save_validated(
        Contribution(
            network=network,
            school=school,
            rule=rule,
            category=category if rule == "manual" else RULES[rule].category,
            occurred_on=occurred_on,
            description=description.strip(),
            recorded_by=recorded_by,
            person=recorded_by,
        )
    )


def _problems(
    network: LearningNetwork,
    school: School | None,
    occurred_on: datetime.date,
    description: str,
    category: str,
    rule: str,
) -> dict[str, str]:
    errors: dict[str, str] = {}
    if rule not in MANUAL_RULES:
        errors["rule"] = _("Choose a contribution by hand or a trained data coach.")
    if rule == "manual" and category not in Category.values:
        errors["category"] = _("Choose one of the four categories.")
    if rule == "coach_trained" and school is None:
        errors["school"] = _("Say which school's data coach was trained.")
    if school is not None and not _was_member(network, school, occurred_on):
        errors["school"] = _("This school was not a member of the network on that date.")
    if occurred_on > timezone.localdate():
        errors["occurred_on"] = _("A contribution cannot lie in the future.")
    if not description.strip():
        errors["description"] = _("Describe the contribution.")
    return errors


def _was_member(network: LearningNetwork, school: School, on: datetime.date) -> bool:
    return (
        NetworkMembership.objects.filter(network=network, school=school, joined_on__lte=on)
        .exclude(left_on__lt=on)
        .exists()
    )
