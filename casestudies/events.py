"""What happens to case studies, their datasets and publications, as domain events
(netwerk.events): the privacy audit log, the contributions ledger and notifications
subscribe to them; the services here never import those apps."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Literal

from casestudies.models import (
    CaseStudy,
    Dataset,
    Evaluation,
    Measure,
    MeasurePoint,
    Publication,
    TeamMeeting,
)
from netwerk.events import DomainEvent
from schools.access import AnyUser
from schools.models import User

# How a person reached school-private data: a page, the API or the administration.
Via = Literal["page", "api", "admin"]


@dataclass(frozen=True, kw_only=True)
class CaseSubmitted(DomainEvent):
    case: CaseStudy
    person: User | None


@dataclass(frozen=True, kw_only=True)
class CasePublished(DomainEvent):
    publication: Publication
    person: User


@dataclass(frozen=True, kw_only=True)
class PublicationWithdrawn(DomainEvent):
    publication: Publication
    person: User


@dataclass(frozen=True, kw_only=True)
class CycleEvaluated(DomainEvent):
    evaluation: Evaluation


@dataclass(frozen=True, kw_only=True)
class CycleStepReached(DomainEvent):
    """A cycle moved to a step: onward when the step before it was done, or back to it."""

    case: CaseStudy
    step: int


@dataclass(frozen=True, kw_only=True)
class MeasureAdded(DomainEvent):
    measure: Measure


@dataclass(frozen=True, kw_only=True)
class MeasurementsRecorded(DomainEvent):
    """Points entered by hand, imported from CSV or computed from a dataset; a point on a
    date that already had one replaced it."""

    measure: Measure
    points: list[MeasurePoint]
    replaced: int


@dataclass(frozen=True, kw_only=True)
class PrivateDataRead(DomainEvent):
    """Someone saw or took school-private data: a case's working copy or a dataset."""

    person: AnyUser
    school_id: int
    via: Via


@dataclass(frozen=True, kw_only=True)
class CaseViewed(PrivateDataRead):
    case: CaseStudy


@dataclass(frozen=True, kw_only=True)
class DatasetViewed(PrivateDataRead):
    dataset: Dataset


@dataclass(frozen=True, kw_only=True)
class DatasetDownloaded(PrivateDataRead):
    dataset: Dataset


@dataclass(frozen=True, kw_only=True)
class DatasetReady(DomainEvent):
    """An anonymised version waits for a school leader to accept it."""

    dataset: Dataset


@dataclass(frozen=True, kw_only=True)
class TeamMeetingLogged(DomainEvent):
    meeting: TeamMeeting
    person: User
