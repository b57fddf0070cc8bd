"""Re-derive a network's ledger from what already happened, with the hooks' own code."""

from __future__ import annotations

from dataclasses import dataclass

from capacity.derivation.cases import derive_case_published, derive_first_cycle
from capacity.derivation.proposals import derive_adoption, derive_endorsement
from capacity.models import Contribution
from casestudies.models import Publication
from discussions.models import Adoption, Endorsement
from netwerk.models import LearningNetwork
from schools.models import School


@dataclass(frozen=True)
class Derived:
    network: LearningNetwork
    before: int
    after: int

    @property
    def added(self) -> int:
        return self.after - self.before


def derive_history(network: LearningNetwork) -> Derived:
    before = Contribution.objects.filter(network=network).count()
    for publication in (
        Publication.objects.filter(networks=network)
        .select_related("case__datateam__school", "published_by")
        .order_by("published_at", "pk")
    ):
        derive_case_published(publication)
    for school in School.objects.filter(network_memberships__network=network).distinct():
        derive_first_cycle(school)
    for endorsement in Endorsement.objects.filter(proposal__room__network=network).select_related(
        "proposal__room__network", "proposal__author", "person"
    ):
        derive_endorsement(endorsement)
    for adoption in Adoption.objects.filter(proposal__room__network=network).select_related(
        "proposal__room__network", "proposal__author", "school"
    ):
        derive_adoption(adoption)
    return Derived(network, before, Contribution.objects.filter(network=network).count())
