"""The nine competencies of a data coach, as data, each with a four-level rubric.

The competencies are the ones experts name for data coaches; the summaries and level
descriptors are our own words, translated like every string.
"""

from __future__ import annotations

from dataclasses import dataclass

from django.utils.functional import Promise
from django.utils.translation import gettext_lazy as _

LEVEL_NAMES: dict[int, Promise] = {
    1: _("Beginning"),
    2: _("Developing"),
    3: _("Proficient"),
    4: _("Guiding others"),
}


@dataclass(frozen=True)
class Competency:
    code: str
    name: Promise
    summary: Promise
    # What each level looks like in practice, from 1 (beginning) to 4 (guiding others).
    levels: tuple[Promise, Promise, Promise, Promise]

    def descriptor(self, level: int) -> Promise:
        return self.levels[level - 1]


COMPETENCIES: tuple[Competency, ...] = (
    Competency(
        "subject_knowledge",
        _("Subject knowledge"),
        _("Knows the subjects and the school practice that the team's data are about."),
        (
            _("Relies on the team to explain what the figures mean for their subject."),
            _("Follows the subject discussion and asks what a result means for lessons."),
            _("Links results to curriculum, teaching and assessment in the subject."),
            _("Helps teams see which subject choices lie behind a pattern in their results."),
        ),
    ),
    Competency(
        "data_literacy",
        _("Data literacy"),
        _("Reads, questions and analyses data soundly, and knows what they can and cannot say."),
        (
            _("Reads simple tables and averages, with help for anything beyond that."),
            _("Makes sound comparisons and spots when a group is too small to judge."),
            _("Chooses fitting analyses, checks data quality and explains the limits."),
            _("Teaches teams to question data themselves and to combine several sources."),
        ),
    ),
    Competency(
        "interpersonal",
        _("Interpersonal skills"),
        _("Listens well, reads the mood in a meeting and keeps the conversation constructive."),
        (
            _("Mostly talks; picks up tension in the team late."),
            _("Listens and summarises; notices when someone drops out of the conversation."),
            _("Gives everyone room, handles disagreement calmly and keeps the goal in sight."),
            _("Turns difficult moments into learning moments the team itself recognises."),
        ),
    ),
    Competency(
        "adult_learning",
        _("Knowledge of how adults learn"),
        _("Builds on what professionals already know and lets them discover for themselves."),
        (
            _("Explains how it works; the team mainly listens."),
            _("Asks about experience first and lets the team try things out."),
            _("Shapes sessions around the team's own questions, practice and reflection."),
            _("Designs learning that lasts beyond the sessions, and shares the approach."),
        ),
    ),
    Competency(
        "trusted_relationships",
        _("Trusted relationships with the school team"),
        _("Is someone the team trusts, so that weak results can be put on the table safely."),
        (
            _("Is still getting to know the team; people are cautious around the coach."),
            _("Keeps agreements and treats what the team shares with care."),
            _("Is approached on their own initiative, also when results disappoint."),
            _("Helps the team build the same trust among colleagues outside the team."),
        ),
    ),
    Competency(
        "leadership",
        _("Leadership skills"),
        _("Gives direction, keeps the cycle moving and works with the school's leaders."),
        (
            _("Follows the team's pace; the cycle stalls when the coach is away."),
            _("Plans the steps and reminds the team of the agreed goal."),
            _("Steers on goal and timing, and involves school leaders at the right moments."),
            _("Grows leadership in others, so the team can run the cycle without the coach."),
        ),
    ),
    Competency(
        "curiosity",
        _("Curiosity"),
        _("Wants to understand why, and keeps the team asking before it concludes."),
        (
            _("Accepts the first explanation that comes up."),
            _("Asks follow-up questions when a result is surprising."),
            _("Looks for alternative explanations and the data that could test them."),
            _("Makes wondering a habit of the team, and shares what others have found."),
        ),
    ),
    Competency(
        "courage",
        _("Courage to speak up"),
        _("Says what the data show, also when that is uncomfortable for the team or leaders."),
        (
            _("Avoids unwelcome conclusions or leaves them to others."),
            _("Names uncomfortable findings when asked to."),
            _("Raises difficult findings on their own initiative, with care and with evidence."),
            _("Encourages team members to speak up themselves, also towards leaders."),
        ),
    ),
    Competency(
        "coaching",
        _("Coaching skills"),
        _("Asks rather than tells, and helps the team own its questions and solutions."),
        (
            _("Mostly gives answers and does the analysis for the team."),
            _("Asks open questions and lets the team take some steps itself."),
            _("Adjusts support to what the team needs and steps back as it grows."),
            _("Coaches other coaches and helps the school develop its own coaching."),
        ),
    ),
)

BY_CODE: dict[str, Competency] = {competency.code: competency for competency in COMPETENCIES}
COMPETENCY_CHOICES = [(competency.code, competency.name) for competency in COMPETENCIES]
