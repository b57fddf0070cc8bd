"""Invitations: a leader invites the staff of their school and its external coach, a
network's coordinator the leader of a member school. The link in the e-mail is used once
and expires; accepting it makes the account (or finds the invited person's own) and gives
the role."""

from __future__ import annotations

import datetime
import hashlib
import re
import secrets
from dataclasses import dataclass
from enum import Enum

from django.conf import settings
from django.contrib.auth.password_validation import validate_password
from django.core.exceptions import ValidationError
from django.core.mail import EmailMultiAlternatives
from django.db import transaction
from django.template.loader import render_to_string
from django.urls import reverse
from django.utils import timezone, translation
from django.utils.translation import gettext as _

from netwerk.access import invitable_roles
from netwerk.events import DomainEvent, emit
from netwerk.models import Invitation, InvitedRole
from schools.models import School, User
from schools.services import add_school_role, assign_coach, save_validated


@dataclass(frozen=True, kw_only=True)
class PersonInvited(DomainEvent):
    invitation: Invitation


@dataclass(frozen=True, kw_only=True)
class InvitationAccepted(DomainEvent):
    invitation: Invitation
    person: User


class InvitationState(Enum):
    PENDING = "pending"
    USED = "used"
    EXPIRED = "expired"


def hash_token(token: str) -> str:
    return hashlib.sha256(token.encode()).hexdigest()


def state_of(invitation: Invitation) -> InvitationState:
    if invitation.accepted_at is not None:
        return InvitationState.USED
    if invitation.expires_at <= timezone.now():
        return InvitationState.EXPIRED
    return InvitationState.PENDING


def invitation_for_token(token: str) -> Invitation | None:
    """The invitation this link's secret belongs to, whatever its state; None if none."""
    if not token or len(token) > 100:
        return None
    return Invitation.objects.select_related("school").filter(token_hash=hash_token(token)).first()


def pending_invitation_for_email(email: str) -> Invitation | None:
    """The newest invitation to this address that can still be used."""
    candidates = Invitation.objects.filter(
        email__iexact=email.strip(), accepted_at__isnull=True, expires_at__gt=timezone.now()
    )
    return candidates.select_related("school").order_by("-created_at").first()


@transaction.atomic
def invite_person(*, inviter: User, school: School, role: str, email: str) -> Invitation:
    """Create the invitation and send its link by e-mail, in the inviter's language."""
    if role not in invitable_roles(inviter, school):
        raise ValidationError({"role": _("You cannot invite someone into this role here.")})
    days = settings.NETWERK_INVITATION_DAYS
    token = secrets.token_urlsafe(32)
    invitation = save_validated(
        Invitation(
            email=email.strip().lower(),
            school=school,
            role=role,
            invited_by=inviter,
            token_hash=hash_token(token),
            expires_at=timezone.now() + datetime.timedelta(days=days),
        )
    )
    emit(PersonInvited(invitation=invitation))
    message = compose_invitation(invitation, token=token, language=translation.get_language())
    transaction.on_commit(message.send)
    return invitation


def compose_invitation(
    invitation: Invitation, *, token: str, language: str | None
) -> EmailMultiAlternatives:
    site = settings.NETWERK_SITE_URL.rstrip("/")
    with translation.override(language or settings.LANGUAGE_CODE):
        context = {
            "invitation": invitation,
            "inviter": invitation.invited_by,
            "role": invitation.get_role_display(),
            "url": site + reverse("invitation-accept", args=[token]),
            "days": settings.NETWERK_INVITATION_DAYS,
        }
        subject = _("You are invited to Netwerk by %(school)s") % {"school": invitation.school}
        text = render_to_string("netwerk/invitation_email.txt", context)
    return EmailMultiAlternatives(subject, text, settings.DEFAULT_FROM_EMAIL, [invitation.email])


def locked_pending(invitation: Invitation) -> Invitation:
    """The invitation row, locked against a second use at the same moment."""
    locked = Invitation.objects.select_for_update().select_related("school").get(pk=invitation.pk)
    state = state_of(locked)
    if state is InvitationState.USED:
        raise ValidationError(_("This invitation has already been used."), code="used")
    if state is InvitationState.EXPIRED:
        raise ValidationError(_("This invitation has expired."), code="expired")
    return locked


@transaction.atomic
def accept_invitation(
    *,
    invitation: Invitation,
    first_name: str = "",
    last_name: str = "",
    password: str | None = None,
) -> User:
    """Use the invitation once: the person with the invited address (made now if there is
    none, with this password; none for sign-on) gets the role at the school."""
    invitation = locked_pending(invitation)
    person = User.objects.filter(email__iexact=invitation.email).first()
    if person is None:
        person = create_invited_person(
            invitation, first_name=first_name, last_name=last_name, password=password
        )
    elif not person.is_active:
        raise ValidationError(_("This account is closed; ask the person who invited you."))
    grant_role(invitation, person)
    invitation.accepted_at = timezone.now()
    invitation.accepted_by = person
    invitation.save(update_fields=["accepted_at", "accepted_by"])
    emit(InvitationAccepted(invitation=invitation, person=person))
    return person


def create_invited_person(
    invitation: Invitation, *, first_name: str, last_name: str, password: str | None
) -> User:
    person = User(
        username=free_username(invitation.email),
        email=invitation.email,
        first_name=first_name.strip()[:150],
        last_name=last_name.strip()[:150],
    )
    if password is None:
        person.set_unusable_password()
    else:
        validate_password(password, person)
        person.set_password(password)
    return save_validated(person)


def grant_role(invitation: Invitation, person: User) -> None:
    if invitation.role == InvitedRole.COACH:
        if not invitation.school.coach_assignments.filter(
            coach=person, ended_on__isnull=True
        ).exists():
            assign_coach(coach=person, school=invitation.school)
    elif not invitation.school.memberships.filter(person=person, role=invitation.role).exists():
        add_school_role(school=invitation.school, person=person, role=invitation.role)


def free_username(email: str) -> str:
    """A username made from the address's local part, numbered when it is taken."""
    base = re.sub(r"[^\w.+-]", "", email.split("@")[0])[:140] or "person"
    candidate, number = base, 1
    while User.objects.filter(username__iexact=candidate).exists():
        number += 1
        candidate = f"{base}{number}"
    return candidate
