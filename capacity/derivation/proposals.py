"""Contributions from rooms: a proposal endorsed or adopted by another school than its
author's co-creates a solution; an adoption also spreads it (capacity at scale). Both are
counted for the school the author speaks for in the room's network."""

from __future__ import annotations

from capacity.ledger import record
from discussions.models import Adoption, Endorsement, Proposal
from netwerk.access import schools_of_person_in_network
from netwerk.models import LearningNetwork
from schools.models import School, User


def schools_in_network(person: User, network: LearningNetwork) -> list[int]:
    """The person's schools that are active members of the network, lowest id first."""
    schools = schools_of_person_in_network(person, network)
    return sorted(schools.values_list("pk", flat=True))


def author_school(proposal: Proposal) -> School | None:
    """The school a proposal's author speaks for (None for a coordinator or external coach)."""
    ids = schools_in_network(proposal.author, proposal.room.network)
    return School.objects.get(pk=ids[0]) if ids else None


def derive_endorsement(endorsement: Endorsement) -> None:
    """Once per proposal and endorsing school; a colleague's endorsement does not count."""
    proposal = endorsement.proposal
    network = proposal.room.network
    author = author_school(proposal)
    endorsers = schools_in_network(endorsement.person, network)
    if author is None or not endorsers or author.pk in endorsers:
        return
    record(
        rule="proposal_endorsed",
        network=network,
        school=author,
        counterpart=School.objects.get(pk=endorsers[0]),
        person=proposal.author,
        occurred_on=endorsement.created_at.date(),
        source_key=f"proposal_endorsed:proposal:{proposal.pk}:school:{endorsers[0]}",
        description=proposal.title,
    )


def derive_adoption(adoption: Adoption) -> None:
    """An adoption by another school co-creates and spreads the author's school's solution."""
    proposal = adoption.proposal
    network = proposal.room.network
    author = author_school(proposal)
    if author is None or author.pk == adoption.school_id:
        return
    for rule in ("proposal_adopted", "solution_adopted"):
        record(
            rule=rule,
            network=network,
            school=author,
            counterpart=adoption.school,
            person=proposal.author,
            occurred_on=adoption.created_at.date(),
            source_key=f"{rule}:adoption:{adoption.pk}",
            description=proposal.title,
        )
