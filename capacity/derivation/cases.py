"""Contributions from case studies: a publication shares knowledge with each network it
goes to; a school's first evaluated cycle after joining a network builds capacity."""

from __future__ import annotations

from django.db.models import QuerySet

from capacity.ledger import record
from casestudies.models import Evaluation, Publication
from netwerk.models import NetworkMembership
from schools.models import School


def derive_case_published(publication: Publication) -> None:
    """Once per case and network: a new version of the same case is not new knowledge."""
    case = publication.case
    for network in publication.networks.all():
        record(
            rule="case_published",
            network=network,
            school=case.datateam.school,
            person=publication.published_by,
            occurred_on=publication.published_at.date(),
            source_key=f"case_published:case:{case.pk}:network:{network.pk}",
            description=publication.title,
        )


def derive_first_cycle(school: School) -> None:
    """For every network the school joined: its earliest evaluation on or after joining."""
    for membership in NetworkMembership.objects.filter(school=school).select_related("network"):
        first = (
            _evaluations_of(school)
            .filter(measured_on__gte=membership.joined_on)
            .order_by("measured_on", "pk")
            .first()
        )
        if first is None:
            continue
        record(
            rule="first_cycle_completed",
            network=membership.network,
            school=school,
            occurred_on=first.measured_on,
            source_key=f"first_cycle_completed:school:{school.pk}:network:{membership.network_id}",
            description=first.case.title,
        )


def _evaluations_of(school: School) -> QuerySet[Evaluation]:
    return Evaluation.objects.filter(case__datateam__school=school).select_related("case")
