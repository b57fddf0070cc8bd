"""Learning networks: schools that meet to learn from each other's data use."""

from __future__ import annotations

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _

from schools.models import School


class LearningNetwork(models.Model):
    name = models.CharField(_("name"), max_length=200, unique=True)
    description = models.TextField(_("description"), blank=True)
    coordinators = models.ManyToManyField(
        settings.AUTH_USER_MODEL,
        related_name="coordinated_networks",
        blank=True,
        verbose_name=_("coordinators"),
    )
    coaches = models.ManyToManyField(
        settings.AUTH_USER_MODEL,
        related_name="coached_networks",
        blank=True,
        verbose_name=_("data coaches"),
    )
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["name"]
        verbose_name = _("learning network")
        verbose_name_plural = _("learning networks")

    def __str__(self) -> str:
        return self.name


class NetworkMembershipQuerySet(models.QuerySet["NetworkMembership"]):
    def active(self) -> NetworkMembershipQuerySet:
        return self.filter(left_on__isnull=True)


class NetworkMembership(models.Model):
    """A school's membership of a network. Leaving keeps the row, so history stays."""

    network = models.ForeignKey(
        LearningNetwork, on_delete=models.CASCADE, related_name="memberships"
    )
    school = models.ForeignKey(School, on_delete=models.CASCADE, related_name="network_memberships")
    joined_on = models.DateField(_("joined on"))
    left_on = models.DateField(_("left on"), null=True, blank=True)
    created_at = models.DateTimeField(auto_now_add=True)

    objects = NetworkMembershipQuerySet.as_manager()

    class Meta:
        ordering = ["school__name", "-joined_on"]
        verbose_name = _("network membership")
        verbose_name_plural = _("network memberships")
        constraints = [
            models.UniqueConstraint(
                fields=["network", "school"],
                condition=models.Q(left_on__isnull=True),
                name="one_active_membership_per_school_and_network",
                violation_error_message=_("This school is already a member of this network."),
            ),
            models.CheckConstraint(
                condition=models.Q(left_on__isnull=True)
                | models.Q(left_on__gte=models.F("joined_on")),
                name="left_after_joined",
                violation_error_message=_("A school cannot leave before it joined."),
            ),
        ]

    def __str__(self) -> str:
        return f"{self.school} ∈ {self.network}"

    @property
    def is_active(self) -> bool:
        return self.left_on is None


class WorkerLease(models.Model):
    """A running background worker's claim on the jobs it runs: the worker renews
    `heartbeat_at` while it lives, and a job whose worker stopped renewing goes back in
    the queue (netwerk/workers.py)."""

    worker_id = models.CharField(max_length=64, primary_key=True)
    started_at = models.DateTimeField(auto_now_add=True)
    heartbeat_at = models.DateTimeField(db_index=True)

    class Meta:
        verbose_name = _("worker lease")
        verbose_name_plural = _("worker leases")

    def __str__(self) -> str:
        return self.worker_id


class InvitedRole(models.TextChoices):
    """What an invitation makes of the person: a role at the school, or its external coach."""

    LEADER = "leader", _("School leader")
    TEACHER = "teacher", _("Teacher")
    QUALITY_OFFICER = "quality_officer", _("Quality officer")
    INTERNAL_COACH = "internal_coach", _("Internal data coach")
    COACH = "coach", _("External data coach")


class Invitation(models.Model):
    """A link sent by e-mail that lets one person join a school in one role: used once,
    valid until `expires_at`. Only a hash of the link's secret is stored."""

    email = models.EmailField(_("e-mail address"))
    school = models.ForeignKey(School, on_delete=models.CASCADE, related_name="invitations")
    role = models.CharField(_("role"), max_length=20, choices=InvitedRole.choices)
    invited_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        related_name="invitations_sent",
        verbose_name=_("invited by"),
    )
    token_hash = models.CharField(max_length=64, unique=True, editable=False)
    created_at = models.DateTimeField(auto_now_add=True)
    expires_at = models.DateTimeField(_("expires at"))
    accepted_at = models.DateTimeField(_("accepted at"), null=True, blank=True)
    accepted_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="invitations_accepted",
        verbose_name=_("accepted by"),
    )

    class Meta:
        ordering = ["-created_at"]
        verbose_name = _("invitation")
        verbose_name_plural = _("invitations")
        indexes = [models.Index(fields=["email"], name="invitation_email")]

    def __str__(self) -> str:
        return f"{self.email} — {self.get_role_display()} — {self.school}"
