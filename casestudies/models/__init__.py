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
    StepStatus,
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
from casestudies.models.measures import SMALL_N, Direction, Measure, MeasureKind, MeasurePoint
from casestudies.models.sharing import Publication

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
    "StepStatus",
    "Theme",
    "anonymised_path",
    "raw_upload_path",
]
