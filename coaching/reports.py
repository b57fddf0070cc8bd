"""What a coach's profile page and API show: growth per competency over the periods."""

from __future__ import annotations

import pandas as pd
from django.utils.translation import gettext as _

from coaching.charts import trend_chart_svg
from coaching.competencies import COMPETENCIES
from coaching.models import CoachProfile, FeedbackRating, SelfRating
from coaching.trends import Record, trend_table

GROUPS = ("self", "team")


def competency_growth(profile: CoachProfile) -> pd.DataFrame:
    """Self-assessed level and the mean of the teams' feedback, per competency and period."""
    own: list[Record] = [
        (competency, period, "self", level)
        for competency, period, level in SelfRating.objects.filter(
            assessment__profile=profile
        ).values_list("competency", "assessment__period", "level")
    ]
    teams: list[Record] = [
        (competency, period, "team", level)
        for competency, period, level in FeedbackRating.objects.filter(
            feedback__profile=profile
        ).values_list("competency", "feedback__period", "level")
    ]
    return trend_table(own + teams, items=[c.code for c in COMPETENCIES], groups=GROUPS)


def growth_chart(table: pd.DataFrame) -> str:
    return trend_chart_svg(
        table,
        items={c.code: str(c.name) for c in COMPETENCIES},
        groups={"self": _("Self-assessment"), "team": _("Team feedback (mean)")},
        level_label=_("Level"),
    )
