"""Recording contributions. Services call :func:`record` when a derivable event happens;
the call is idempotent on ``source_key`` so retries and re-derivation never double-count."""

from __future__ import annotations

import datetime

from django.db import IntegrityError, transaction

from capacity.models import Contribution
from capacity.rules import RULES
from netwerk.models import LearningNetwork
from schools.models import School, User


def record(
    *,
    rule: str,
    network: LearningNetwork,
    occurred_on: datetime.date,
    source_key: str,
    school: School | None = None,
    person: User | None = None,
    description: str = "",
    counterpart: School | None = None,
    category: str | None = None,
    recorded_by: User | None = None,
) -> Contribution:
    """Record the contribution derived by ``rule`` once; later calls return the first row.
    Only a ``manual`` entry may name its own category."""
    derivation = RULES[rule]
    if category is not None and rule != "manual" and category != derivation.category:
        raise ValueError(f"Rule {rule} is always {derivation.category}.")
    existing = Contribution.objects.filter(source_key=source_key).first()
    if existing is not None:
        return existing
    try:
        with transaction.atomic():
            return Contribution.objects.create(
                rule=rule,
                category=category or derivation.category,
                network=network,
                school=school,
                counterpart_school=counterpart,
                person=person,
                occurred_on=occurred_on,
                description=description[:300],
                source_key=source_key,
                recorded_by=recorded_by,
            )
    except IntegrityError:
        # Recorded at the same moment by a concurrent request.
        return Contribution.objects.get(source_key=source_key)
