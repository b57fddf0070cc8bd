"""People, schools, roles at a school, external coach assignments and datateams."""

from __future__ import annotations

import secrets
from typing import TYPE_CHECKING

from django.contrib.auth.models import AbstractUser
from django.db import models
from django.db.models.functions import Lower
from django.utils.translation import gettext_lazy as _

from schools.validators import validate_brin, validate_instellingsnummer

if TYPE_CHECKING:
    from django_stubs_ext import StrPromise as _StrPromise


class User(AbstractUser):
    """A person using the platform. Logs in with username or e-mail address."""

    email = models.EmailField(_("e-mail address"), blank=True)
    # Set when the person's data was erased on request: name and contact details are gone.
    erased_at = models.DateTimeField(null=True, blank=True, editable=False)

    class Meta:
        verbose_name = _("person")
        verbose_name_plural = _("people")
        constraints = [
            models.UniqueConstraint(
                Lower("email"),
                condition=~models.Q(email=""),
                name="unique_user_email_ci",
                violation_error_message=_("Another person already uses this e-mail address."),
            )
        ]

    def __str__(self) -> str:
        return self.display_name

    @property
    def display_name(self) -> str:
        if self.erased_at is not None:
            return str(_("Former participant"))
        return self.get_full_name() or self.username


class Country(models.TextChoices):
    NL = "NL", _("Netherlands")
    BE = "BE", _("Belgium (Flanders)")


class Sector(models.TextChoices):
    PO = "po", _("Primary education (PO)")
    VO = "vo", _("Secondary education (VO)")
    MBO = "mbo", _("Vocational education (MBO)")
    BASIS = "basis", _("Primary education (Flanders)")
    SECUNDAIR = "secundair", _("Secondary education (Flanders)")


SECTORS_BY_COUNTRY: dict[str, frozenset[str]] = {
    Country.NL: frozenset({Sector.PO, Sector.VO, Sector.MBO}),
    Country.BE: frozenset({Sector.BASIS, Sector.SECUNDAIR}),
}


def new_pseudonym_key() -> str:
    return secrets.token_urlsafe(32)


class School(models.Model):
    name = models.CharField(_("name"), max_length=200)
    country = models.CharField(_("country"), max_length=2, choices=Country.choices)
    sector = models.CharField(_("sector"), max_length=12, choices=Sector.choices)
    code = models.CharField(
        _("school code"),
        max_length=8,
        help_text=_("BRIN code (Netherlands, e.g. 12AB) or instellingsnummer (Flanders)."),
    )
    region = models.CharField(_("region"), max_length=100)
    # The school's own secret for pseudonyms: stable over the school's cycles, never shown
    # or shared, so nobody outside the school can link or reverse a pseudonym.
    pseudonym_key = models.CharField(max_length=64, default=new_pseudonym_key, editable=False)
    raw_upload_retention_days = models.PositiveIntegerField(
        _("keep raw uploads (days)"),
        default=0,
        help_text=_("0: a raw upload is deleted as soon as its anonymised version is accepted."),
    )
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["name"]
        verbose_name = _("school")
        verbose_name_plural = _("schools")
        constraints = [
            models.UniqueConstraint(
                fields=["country", "code"],
                name="unique_school_code_per_country",
                violation_error_message=_("A school with this code is already registered."),
            )
        ]

    def __str__(self) -> str:
        return self.name

    def clean(self) -> None:
        from django.core.exceptions import ValidationError

        errors: dict[str, list[str]] = {}
        allowed = SECTORS_BY_COUNTRY.get(self.country, frozenset())
        if self.sector and self.country and self.sector not in allowed:
            errors.setdefault("sector", []).append(
                str(_("This sector does not exist in the chosen country."))
            )
        self.code = (self.code or "").strip().upper()
        try:
            if self.country == Country.NL:
                validate_brin(self.code)
            elif self.country == Country.BE:
                validate_instellingsnummer(self.code)
        except ValidationError as error:
            errors.setdefault("code", []).extend(error.messages)
        if errors:
            raise ValidationError(errors)

    @property
    def anonymous_label(self) -> str:
        """How a school is named when it chooses not to be named: "a VO school in Utrecht"."""
        return anonymous_school_label(self.sector, self.region)


ANONYMOUS_LABELS: dict[str, _StrPromise] = {
    Sector.PO: _("a PO school in %(region)s"),
    Sector.VO: _("a VO school in %(region)s"),
    Sector.MBO: _("an MBO school in %(region)s"),
    Sector.BASIS: _("a Flemish primary school in %(region)s"),
    Sector.SECUNDAIR: _("a Flemish secondary school in %(region)s"),
}


# Without the region: where a school's sector and region would single it out.
ANONYMOUS_SECTOR_LABELS: dict[str, _StrPromise] = {
    Sector.PO: _("a PO school"),
    Sector.VO: _("a VO school"),
    Sector.MBO: _("an MBO school"),
    Sector.BASIS: _("a Flemish primary school"),
    Sector.SECUNDAIR: _("a Flemish secondary school"),
}


def anonymous_school_label(sector: str, region: str) -> str:
    """Rendered when shown, so each reader gets it in their own language; without a region
    ("a VO school") when none is given."""
    if not region:
        return str(ANONYMOUS_SECTOR_LABELS.get(sector) or _("a school"))
    label = ANONYMOUS_LABELS.get(sector) or _("a school in %(region)s")
    return str(label) % {"region": region}


class SchoolRole(models.TextChoices):
    LEADER = "leader", _("School leader")
    TEACHER = "teacher", _("Teacher")
    QUALITY_OFFICER = "quality_officer", _("Quality officer")
    INTERNAL_COACH = "internal_coach", _("Internal data coach")


class SchoolMembership(models.Model):
    """A role a person holds at a school. A person can hold several roles at one school."""

    person = models.ForeignKey(User, on_delete=models.CASCADE, related_name="school_memberships")
    school = models.ForeignKey(School, on_delete=models.CASCADE, related_name="memberships")
    role = models.CharField(_("role"), max_length=20, choices=SchoolRole.choices)
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["school__name", "role", "person__last_name"]
        verbose_name = _("role at a school")
        verbose_name_plural = _("roles at schools")
        constraints = [
            models.UniqueConstraint(
                fields=["person", "school", "role"],
                name="unique_role_per_person_and_school",
                violation_error_message=_("This person already has this role at this school."),
            )
        ]

    def __str__(self) -> str:
        return f"{self.person} — {self.get_role_display()} — {self.school}"


class CoachAssignment(models.Model):
    """An external data coach supporting a school; one coach may support several schools."""

    coach = models.ForeignKey(User, on_delete=models.CASCADE, related_name="coach_assignments")
    school = models.ForeignKey(School, on_delete=models.CASCADE, related_name="coach_assignments")
    started_on = models.DateField(_("started on"))
    ended_on = models.DateField(_("ended on"), null=True, blank=True)

    class Meta:
        ordering = ["school__name", "started_on"]
        verbose_name = _("coach assignment")
        verbose_name_plural = _("coach assignments")
        constraints = [
            models.UniqueConstraint(
                fields=["coach", "school"],
                condition=models.Q(ended_on__isnull=True),
                name="one_active_assignment_per_coach_and_school",
                violation_error_message=_("This coach is already assigned to this school."),
            )
        ]

    def __str__(self) -> str:
        return f"{self.coach} → {self.school}"


class Datateam(models.Model):
    """A team at one school working on one educational problem."""

    school = models.ForeignKey(School, on_delete=models.CASCADE, related_name="datateams")
    name = models.CharField(_("name"), max_length=200)
    problem = models.TextField(_("educational problem"), blank=True)
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["school__name", "name"]
        verbose_name = _("datateam")
        verbose_name_plural = _("datateams")
        constraints = [
            models.UniqueConstraint(
                fields=["school", "name"],
                name="unique_datateam_name_per_school",
                violation_error_message=_("This school already has a datateam with this name."),
            )
        ]

    def __str__(self) -> str:
        return f"{self.name} ({self.school})"


class TeamRole(models.TextChoices):
    TEACHER = "teacher", _("Teacher")
    LEADER = "leader", _("School leader")
    QUALITY_OFFICER = "quality_officer", _("Quality officer")
    COACH = "coach", _("Data coach")


class DatateamMembership(models.Model):
    datateam = models.ForeignKey(Datateam, on_delete=models.CASCADE, related_name="memberships")
    person = models.ForeignKey(User, on_delete=models.CASCADE, related_name="datateam_memberships")
    role = models.CharField(_("role in the team"), max_length=20, choices=TeamRole.choices)

    class Meta:
        ordering = ["role", "person__last_name"]
        verbose_name = _("datateam member")
        verbose_name_plural = _("datateam members")
        constraints = [
            models.UniqueConstraint(
                fields=["datateam", "person"],
                name="unique_person_per_datateam",
                violation_error_message=_("This person is already in this datateam."),
            )
        ]

    def __str__(self) -> str:
        return f"{self.person} — {self.datateam}"
