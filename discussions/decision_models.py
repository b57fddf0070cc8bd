"""Polls: the decisions a room or a session takes (docs/realtime-protocol.md, "Polls").

A poll has a kind (proposal, score, dot vote, time poll), options (none for a proposal,
whose choices are fixed), a closing time and an outcome its closer writes. A vote is one
row per voter and poll, found again by `voter_key`, a keyed hash of poll and person: in
an anonymous poll that hash is all that is stored of the voter."""

from __future__ import annotations

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _

from discussions.models import Room
from meetings.models import Decision, NetworkSession


class PollKind(models.TextChoices):
    PROPOSAL = "proposal", _("Proposal")
    SCORE = "score", _("Score")
    DOTS = "dots", _("Dot vote")
    TIME = "time", _("Time poll")


class Stance(models.TextChoices):
    """The choices of a proposal poll, as Loomio names them."""

    AGREE = "agree", _("Agree")
    ABSTAIN = "abstain", _("Abstain")
    DISAGREE = "disagree", _("Disagree")
    BLOCK = "block", _("Block")


class Poll(models.Model):
    room = models.ForeignKey(Room, on_delete=models.CASCADE, related_name="polls")
    author = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="polls"
    )
    kind = models.CharField(_("kind"), max_length=10, choices=PollKind)
    title = models.CharField(_("title"), max_length=200)
    details = models.TextField(_("details"), blank=True, max_length=10_000)
    # Dot vote: how many dots each voter spreads over the options.
    dots = models.PositiveSmallIntegerField(null=True, blank=True)
    # Time poll: where the session it plans takes place.
    location = models.CharField(_("place"), max_length=200, blank=True)
    online_url = models.URLField(_("online meeting link"), blank=True)
    anonymous = models.BooleanField(_("anonymous"), default=False)
    hide_results = models.BooleanField(_("results hidden until you vote"), default=False)
    closes_at = models.DateTimeField(_("closes at"))
    closed_at = models.DateTimeField(null=True, blank=True)
    closed_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )
    outcome = models.TextField(_("outcome"), blank=True, max_length=2000)
    # What the outcome became: a decision of the room's session, or a network session
    # planned at a time poll's chosen time.
    decision = models.ForeignKey(
        Decision, on_delete=models.SET_NULL, null=True, blank=True, related_name="polls"
    )
    planned_session = models.ForeignKey(
        NetworkSession, on_delete=models.SET_NULL, null=True, blank=True, related_name="polls"
    )
    chosen_option = models.ForeignKey(
        "PollOption", on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["-created_at", "-pk"]
        verbose_name = _("poll")
        verbose_name_plural = _("polls")

    def __str__(self) -> str:
        return self.title

    @property
    def is_closed(self) -> bool:
        return self.closed_at is not None


class PollOption(models.Model):
    poll = models.ForeignKey(Poll, on_delete=models.CASCADE, related_name="options")
    label = models.CharField(_("option"), max_length=200)
    # A time poll's option is a time for the session.
    starts_at = models.DateTimeField(null=True, blank=True)
    ends_at = models.DateTimeField(null=True, blank=True)
    position = models.PositiveSmallIntegerField(default=0)

    class Meta:
        ordering = ["position", "pk"]
        verbose_name = _("poll option")
        verbose_name_plural = _("poll options")

    def __str__(self) -> str:
        return self.label


class Vote(models.Model):
    poll = models.ForeignKey(Poll, on_delete=models.CASCADE, related_name="votes")
    # Null in an anonymous poll: only voter_key tells two votes of one person apart.
    voter = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.CASCADE,
        null=True,
        blank=True,
        related_name="poll_votes",
    )
    voter_key = models.CharField(max_length=64)
    # proposal: {"stance": "agree"}; score: {option_id: 1..5}; dots: {option_id: n};
    # time: {option_id: 1} for each time that suits.
    choices = models.JSONField(default=dict)
    reason = models.TextField(_("reason"), blank=True, max_length=2000)

    class Meta:
        verbose_name = _("vote")
        verbose_name_plural = _("votes")
        constraints = [
            models.UniqueConstraint(fields=["poll", "voter_key"], name="one_vote_per_voter")
        ]

    def __str__(self) -> str:
        return f"{self.poll_id}: {self.voter_key[:8]}"
