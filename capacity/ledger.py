"""Recording contributions. Services call :func:`record` when a derivable event happens;
the call is idempotent on ``source_key`` so retries and re-derivation never double-count."""

from __future__ import annotations

import datetime
from typing import TypedDict, Unpack

from django.db import IntegrityError, transaction

from capacity.models import Contribution
from capacity.rules import RULES
from netwerk.models import LearningNetwork
from schools.models import School, User


class _Derived(TypedDict):
    rule: str
    network: LearningNetwork
    occurred_on: datetime.date
    source_key: str


class ContributionFields(_Derived, total=False):
    school: School | None
    person: User | None
    description: str
    counterpart: School | None
    category: str | None
    recorded_by: User | None


def build(**fields: Unpack[ContributionFields]) -> Contribution:
    """The unsaved contribution derived by ``rule``. Only a ``manual`` entry may name its
    own category."""
    rule = fields["rule"]
    derivation = RULES[rule]
    category = fields.get("category")
    if category is not None and rule != "manual" and category != derivation.category:
        raise ValueError(f"Rule {rule} is always {derivation.category}.")
    return Contribution(
        rule=rule,
        category=category or derivation.category,
        network=fields["network"],
        school=fields.get("school"),
        counterpart_school=fields.get("counterpart"),
        person=fields.get("person"),
        occurred_on=fields["occurred_on"],
        description=fields.get("description", "")[:300],
        source_key=fields["source_key"],
        recorded_by=fields.get("recorded_by"),
    )


def record(**fields: Unpack[ContributionFields]) -> Contribution:
    """Record the contribution that :func:`build` describes once; later calls return the
    first row."""
    contribution = build(**fields)
    existing = Contribution.objects.filter(source_key=contribution.source_key).first()
    if existing is not None:
        return existing
    try:
        with transaction.atomic():
            contribution.save(force_insert=True)
            return contribution
    except IntegrityError:
        # Recorded at the same moment by a concurrent request.
        return Contribution.objects.get(source_key=contribution.source_key)


def record_many(contributions: list[Contribution]) -> None:
    """Record many built contributions in one statement; those whose ``source_key`` is
    already recorded are left as they are."""
    Contribution.objects.bulk_create(contributions, ignore_conflicts=True, batch_size=500)
