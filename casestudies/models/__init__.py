"""Case-study models: datasets (uploads and their anonymised versions), case studies of a
datateam's cycle with their structured parts, and the published snapshots."""

from casestudies.models.cases import (
    Action,
    ActionStatus,
    Analysis,
    CaseStep,
    CaseStudy,
    DataSource,
    DataSourceKind,
    Evaluation,
    Goal,
    Hypothesis,
    HypothesisStatus,
    QualityCheck,
    QualityRating,
    SharingStatus,
    StepSkip,
    StepStatus,
    TeamMeeting,
    Theme,
)
from casestudies.models.datasets import (
    ANONYMISED_STATUSES,
    STAGES,
    Dataset,
    DatasetStatus,
    anonymised_path,
    raw_upload_path,
)
from casestudies.models.measures import Direction, Measure, MeasureKind, MeasurePoint
from casestudies.models.sharing import Publication
from casestudies.suppression import SMALL_N

__all__ = [
    "ANONYMISED_STATUSES",
    "SMALL_N",
    "STAGES",
    "Action",
    "ActionStatus",
    "Analysis",
    "CaseStep",
    "CaseStudy",
    "DataSource",
    "DataSourceKind",
    "Dataset",
    "DatasetStatus",
    "Direction",
    "Evaluation",
    "Goal",
    "Hypothesis",
    "HypothesisStatus",
    "Measure",
    "MeasureKind",
    "MeasurePoint",
    "Publication",
    "QualityCheck",
    "QualityRating",
    "SharingStatus",
    "StepSkip",
    "StepStatus",
    "TeamMeeting",
    "Theme",
    "anonymised_path",
    "raw_upload_path",
]
