"""Rooms where partner schools discuss a case or a theme and work out proposals together."""

from __future__ import annotations

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _

from casestudies.models import Action, CaseStudy
from meetings.models import NetworkSession
from netwerk.models import LearningNetwork
from schools.models import School


class RoomKind(models.TextChoices):
    THEME = "theme", _("Theme")
    CASE = "case", _("Case")
    SESSION = "session", _("Network session")


class MeasuredEffect(models.TextChoices):
    """What the adopting school's measure did after the action started (run-chart rules)."""

    IMPROVED = "improved", _("Shifted in the desired direction")
    WORSENED = "worsened", _("Shifted against the desired direction")
    NO_SIGNAL = "no_signal", _("No shift")
    TOO_FEW = "too_few", _("Too few points to tell")
    NO_MEASURE = "no_measure", _("No measure")


class RoomStatus(models.TextChoices):
    OPEN = "open", _("Open")
    CLOSED = "closed", _("Closed")
    ARCHIVED = "archived", _("Archived")


class Room(models.Model):
    network = models.ForeignKey(LearningNetwork, on_delete=models.CASCADE, related_name="rooms")
    kind = models.CharField(_("kind"), max_length=10, choices=RoomKind, default=RoomKind.THEME)
    title = models.CharField(_("title"), max_length=200)
    status = models.CharField(
        _("status"), max_length=10, choices=RoomStatus, default=RoomStatus.OPEN
    )
    # The highest seq handed out; raised under a row lock, so seqs follow commit order.
    last_seq = models.PositiveBigIntegerField(default=0, editable=False)
    # A case room discusses one published case in one network; a session room is the live
    # room of one network session.
    case_study = models.ForeignKey(
        CaseStudy, on_delete=models.CASCADE, null=True, blank=True, related_name="rooms"
    )
    network_session = models.ForeignKey(
        NetworkSession, on_delete=models.CASCADE, null=True, blank=True, related_name="rooms"
    )
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, related_name="+"
    )
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["network__name", "title"]
        verbose_name = _("room")
        verbose_name_plural = _("rooms")
        constraints = [
            models.UniqueConstraint(
                fields=["case_study", "network"],
                condition=models.Q(kind="case"),
                name="one_room_per_case_and_network",
            ),
            models.UniqueConstraint(
                fields=["network_session"],
                condition=models.Q(kind="session"),
                name="one_room_per_session",
            ),
        ]

    def __str__(self) -> str:
        return self.title

    @property
    def is_open(self) -> bool:
        return self.status == RoomStatus.OPEN


class Message(models.Model):
    # Both indexes of their own are left out: the constraints' indexes (room first) and
    # the rate limit's (author first) serve the look-ups, and every post writes one fewer.
    room = models.ForeignKey(
        Room, on_delete=models.CASCADE, related_name="messages", db_index=False
    )
    # Null while the message is held for its author after a personal-data warning.
    seq = models.PositiveBigIntegerField(null=True, blank=True)
    author = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.PROTECT,
        related_name="room_messages",
        db_index=False,
    )
    client_id = models.CharField(max_length=64)
    body = models.TextField(_("text"))
    body_html = models.TextField(editable=False)
    reply_to = models.ForeignKey(
        "self", on_delete=models.SET_NULL, null=True, blank=True, related_name="replies"
    )
    held = models.BooleanField(default=False)
    held_findings = models.JSONField(default=list, blank=True)
    pinned = models.BooleanField(_("pinned"), default=False)
    # Every message belongs to a topic, named as Zulip names them; "" is the room's
    # general topic, where messages without one go.
    topic = models.CharField(_("topic"), max_length=60, blank=True, default="", db_default="")
    created_at = models.DateTimeField(auto_now_add=True)
    edited_at = models.DateTimeField(null=True, blank=True)
    deleted_at = models.DateTimeField(null=True, blank=True)
    # Hidden by a coordinator: a tombstone stays; the reason is in the audit log.
    hidden_at = models.DateTimeField(null=True, blank=True)
    hidden_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
        db_index=False,
    )

    class Meta:
        ordering = ["seq"]
        verbose_name = _("message")
        verbose_name_plural = _("messages")
        # The rate limit counts a person's recent posts (discussions.limits).
        indexes = [models.Index(fields=["author", "created_at"], name="message_author_recent")]
        constraints = [
            models.UniqueConstraint(fields=["room", "seq"], name="one_seq_per_room"),
            models.UniqueConstraint(
                fields=["room", "author", "client_id"], name="one_message_per_client_id"
            ),
        ]

    def __str__(self) -> str:
        return f"{self.room_id}#{self.seq}"


class MessageRevision(models.Model):
    """The text a message had before an edit or a deletion."""

    message = models.ForeignKey(Message, on_delete=models.CASCADE, related_name="revisions")
    body = models.TextField()
    replaced_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["replaced_at"]

    def __str__(self) -> str:
        return f"{self.message_id} @ {self.replaced_at:%Y-%m-%d %H:%M}"


class Reaction(models.Model):
    message = models.ForeignKey(Message, on_delete=models.CASCADE, related_name="reactions")
    person = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.CASCADE)
    emoji = models.CharField(max_length=16)
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        constraints = [
            models.UniqueConstraint(
                fields=["message", "person", "emoji"], name="one_reaction_per_emoji"
            )
        ]

    def __str__(self) -> str:
        return self.emoji


class Mention(models.Model):
    message = models.ForeignKey(Message, on_delete=models.CASCADE, related_name="mentions")
    person = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="room_mentions"
    )

    class Meta:
        constraints = [
            models.UniqueConstraint(fields=["message", "person"], name="one_mention_per_person")
        ]

    def __str__(self) -> str:
        return f"@{self.person_id}"


class ProposalStatus(models.TextChoices):
    IDEA = "idea", _("Idea")
    WORKED_OUT = "worked_out", _("Worked out")
    ADOPTED = "adopted", _("Adopted")
    EVALUATED = "evaluated", _("Evaluated")


class Proposal(models.Model):
    """A solution idea that partners work out together; every edit names its base version."""

    room = models.ForeignKey(Room, on_delete=models.CASCADE, related_name="proposals")
    author = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.PROTECT,
        related_name="proposals",
        db_index=False,  # the rate limit's index (author first) serves the look-ups
    )
    client_id = models.CharField(max_length=64)
    title = models.CharField(_("title"), max_length=200)
    body = models.TextField(_("text"), blank=True)
    body_html = models.TextField(editable=False, blank=True)
    version = models.PositiveIntegerField(default=1)
    status = models.CharField(
        _("status"), max_length=12, choices=ProposalStatus, default=ProposalStatus.IDEA
    )
    from_message = models.ForeignKey(
        Message, on_delete=models.SET_NULL, null=True, blank=True, related_name="proposals"
    )
    created_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)

    class Meta:
        ordering = ["created_at", "pk"]
        verbose_name = _("proposal")
        verbose_name_plural = _("proposals")
        # The rate limit counts a person's recent posts (discussions.limits).
        indexes = [models.Index(fields=["author", "created_at"], name="proposal_author_recent")]
        constraints = [
            models.UniqueConstraint(
                fields=["room", "author", "client_id"], name="one_proposal_per_client_id"
            )
        ]

    def __str__(self) -> str:
        return self.title


class ProposalRevision(models.Model):
    """Each saved version of a proposal, including the first."""

    proposal = models.ForeignKey(Proposal, on_delete=models.CASCADE, related_name="revisions")
    version = models.PositiveIntegerField()
    title = models.CharField(max_length=200)
    body = models.TextField(blank=True)
    edited_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT)
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["version"]
        constraints = [
            models.UniqueConstraint(fields=["proposal", "version"], name="one_revision_per_version")
        ]

    def __str__(self) -> str:
        return f"{self.proposal_id} v{self.version}"


class Endorsement(models.Model):
    proposal = models.ForeignKey(Proposal, on_delete=models.CASCADE, related_name="endorsements")
    person = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.CASCADE)
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        constraints = [
            models.UniqueConstraint(
                fields=["proposal", "person"], name="one_endorsement_per_person"
            )
        ]

    def __str__(self) -> str:
        return f"{self.person_id} → {self.proposal_id}"


class Adoption(models.Model):
    """A school that takes a proposal into its own action plan, and how it went."""

    proposal = models.ForeignKey(Proposal, on_delete=models.CASCADE, related_name="adoptions")
    school = models.ForeignKey(School, on_delete=models.CASCADE, related_name="adoptions")
    adopted_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT)
    # The action this adoption created in the school's case-study action plan; it keeps
    # the link back to the proposal it came from.
    action = models.ForeignKey(
        Action, on_delete=models.SET_NULL, null=True, blank=True, related_name="adoptions"
    )
    # The school's cycle it joined, chosen when adopting; its evaluation is the measured
    # outcome below.
    case = models.ForeignKey(
        CaseStudy, on_delete=models.SET_NULL, null=True, blank=True, related_name="adoptions"
    )
    # The team's own words.
    outcome = models.TextField(_("outcome"), blank=True)
    evaluated_at = models.DateTimeField(null=True, blank=True)
    # The measured outcome, copied from the cycle's evaluation as partners may see it:
    # the numbers stay empty when they came from fewer than SMALL_N pupils (small).
    measured_at = models.DateTimeField(null=True, blank=True)
    measure_name = models.CharField(max_length=200, blank=True)
    measure_unit = models.CharField(max_length=50, blank=True)
    effect = models.CharField(max_length=12, choices=MeasuredEffect.choices, blank=True)
    goal_reached = models.BooleanField(null=True)
    baseline_value = models.DecimalField(max_digits=12, decimal_places=3, null=True, blank=True)
    measured_value = models.DecimalField(max_digits=12, decimal_places=3, null=True, blank=True)
    small = models.BooleanField(default=False)
    measured_on = models.DateField(null=True, blank=True)
    measured_n = models.PositiveIntegerField(null=True, blank=True)
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["created_at"]
        constraints = [
            models.UniqueConstraint(fields=["proposal", "school"], name="one_adoption_per_school")
        ]

    def __str__(self) -> str:
        return f"{self.school_id} ← {self.proposal_id}"


class SharedDocument(models.Model):
    """A text written together live: a Yjs document, named `proposal:<id>` or
    `minutes:<session_id>` (docs/realtime-protocol.md). It is stored as a snapshot (a full
    Yjs update) plus the updates acknowledged since; `text` is the merged text, and
    `findings` what the personal-data check found in it, as offsets into that text."""

    name = models.CharField(max_length=40, unique=True)
    room = models.ForeignKey(Room, on_delete=models.CASCADE, related_name="documents")
    last_seq = models.PositiveBigIntegerField(default=0)
    snapshot = models.BinaryField(default=bytes)
    snapshot_seq = models.PositiveBigIntegerField(default=0)
    text = models.TextField(blank=True)
    findings = models.JSONField(default=list, blank=True)
    reviewed_seq = models.PositiveBigIntegerField(default=0)
    created_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)

    class Meta:
        ordering = ["name"]
        verbose_name = _("shared document")
        verbose_name_plural = _("shared documents")

    def __str__(self) -> str:
        return self.name


class DocumentUpdate(models.Model):
    """One acknowledged Yjs update (v1 encoding), kept until a snapshot takes it in."""

    document = models.ForeignKey(
        SharedDocument, on_delete=models.CASCADE, related_name="updates", db_index=False
    )
    seq = models.PositiveBigIntegerField()
    update = models.BinaryField()
    author = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, related_name="+"
    )
    client_id = models.CharField(max_length=64)
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["document", "seq"]
        constraints = [
            models.UniqueConstraint(fields=["document", "seq"], name="one_update_per_seq"),
        ]

    def __str__(self) -> str:
        return f"{self.document_id} #{self.seq}"


class DocumentVersion(models.Model):
    """The text of a shared document at a moment, for its history (and a restore)."""

    document = models.ForeignKey(SharedDocument, on_delete=models.CASCADE, related_name="versions")
    text = models.TextField(blank=True)
    made_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
    )
    restored_from = models.ForeignKey(
        "self", on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["-created_at", "-pk"]
        verbose_name = _("document version")
        verbose_name_plural = _("document versions")

    def __str__(self) -> str:
        return f"{self.document} {self.created_at:%Y-%m-%d %H:%M}"


# Decisions (polls) and moderation live in modules of their own; imported here so Django
# finds their models.
from discussions.decision_models import Poll, PollOption, Vote  # noqa: E402
from discussions.moderation_models import (  # noqa: E402
    MessageReport,
    RoomRemoval,
    Topic,
    TopicMute,
)

__all__ = [
    "Adoption",
    "DocumentUpdate",
    "DocumentVersion",
    "Endorsement",
    "Mention",
    "Message",
    "MessageReport",
    "MessageRevision",
    "Poll",
    "PollOption",
    "Proposal",
    "ProposalRevision",
    "Reaction",
    "Room",
    "RoomRemoval",
    "SharedDocument",
    "Topic",
    "TopicMute",
    "Vote",
]
