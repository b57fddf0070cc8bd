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
