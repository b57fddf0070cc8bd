"""What participants said about a session, for its planners: counts, means and comments,
without names."""

from __future__ import annotations

from dataclasses import dataclass

from django.db.models import Avg, Count

from meetings.models import RATING_MAX, RATING_MIN, NetworkSession

RATINGS = range(RATING_MIN, RATING_MAX + 1)


@dataclass(frozen=True)
class FeedbackSummary:
    responses: int
    attendees: int
    usefulness_mean: float | None
    motivation_mean: float | None
    # (rating, how many chose it for usefulness, for motivation)
    distribution: list[tuple[int, int, int]]
    comments: list[str]


def feedback_summary(session: NetworkSession) -> FeedbackSummary:
    rows = session.feedback.all()
    means = rows.aggregate(usefulness=Avg("usefulness"), motivation=Avg("motivation"))
    usefulness = dict(rows.values_list("usefulness").annotate(n=Count("pk")).order_by())
    motivation = dict(rows.values_list("motivation").annotate(n=Count("pk")).order_by())
    return FeedbackSummary(
        responses=rows.count(),
        attendees=session.attendances.count(),
        usefulness_mean=_rounded(means["usefulness"]),
        motivation_mean=_rounded(means["motivation"]),
        distribution=[(r, usefulness.get(r, 0), motivation.get(r, 0)) for r in RATINGS],
        comments=[c for c in rows.order_by("comment").values_list("comment", flat=True) if c],
    )


def _rounded(value: float | None) -> float | None:
    return None if value is None else round(float(value), 1)
