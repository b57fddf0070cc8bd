"""A person's rights under the AVG: a copy of their data, and erasure on request.

Both walk every model that points at the person, so a new part of the platform is
covered without being listed here. Erasure replaces the person's name and contact
details and closes the account; what they shared with partners stays, under the
replaced name, because it is anonymised already and others built on it."""

from __future__ import annotations

import datetime
from typing import Any

from django.apps import apps
from django.contrib.auth import get_user_model
from django.core import serializers
from django.db import models, transaction
from django.utils import timezone

from privacy import audit
from privacy.models import AuditEvent
from schools.models import SchoolMembership, User

# Secrets and other people's keys are never part of an export.
HIDDEN_FIELDS = {"password", "key", "pseudonym_key", "session_key", "session_data"}
SKIPPED_MODELS = {"authtoken.token", "authtoken.tokenproxy", "sessions.session"}
PERSON_FIELDS = (
    "username",
    "first_name",
    "last_name",
    "email",
    "date_joined",
    "last_login",
    "is_active",
)


def _relations_to_person() -> list[tuple[type[models.Model], str]]:
    """(model, field name) for every foreign key and many-to-many field to the user."""
    user_model = get_user_model()
    found = []
    for model in apps.get_models():
        if model._meta.label_lower in SKIPPED_MODELS:
            continue
        for field in model._meta.get_fields():
            if (
                (field.many_to_one or field.many_to_many)
                and not field.auto_created
                and field.related_model is user_model
            ):
                found.append((model, field.name))
    return found


def export_person(person: User, *, requested_by: User | None = None) -> dict[str, Any]:
    """Everything the platform holds that points at ``person``, as plain JSON data."""
    records: dict[str, list[dict[str, Any]]] = {}
    for model, field in _relations_to_person():
        rows = model._default_manager.filter(**{field: person}).distinct()
        if not rows.exists():
            continue
        serialised = serializers.serialize("python", rows)
        for row in serialised:
            row["fields"] = {
                name: value for name, value in row["fields"].items() if name not in HIDDEN_FIELDS
            }
        records.setdefault(model._meta.label_lower, []).extend(
            {"id": row["pk"], **row["fields"]} for row in serialised
        )
    data = {
        "exported_at": timezone.now().isoformat(),
        "person": {name: _plain(getattr(person, name)) for name in PERSON_FIELDS},
        "records": records,
    }
    for school_id in _school_ids(person):
        audit.record(requested_by or person, AuditEvent.Action.EXPORT, person, school=school_id)
    return data


@transaction.atomic
def erase_person(person: User, *, requested_by: User | None = None) -> User:
    """Replace the person's name and contact details and close the account for good."""
    person = User.objects.select_for_update().get(pk=person.pk)
    if person.erased_at is not None:
        return person
    for school_id in _school_ids(person):
        audit.record(requested_by, AuditEvent.Action.ERASE, person, school=school_id)
    old_mentions = [f"@{person.username}"]
    person.username = f"erased-{person.pk}"
    person.first_name = ""
    person.last_name = ""
    person.email = ""
    person.is_active = False
    person.erased_at = timezone.now()
    person.set_unusable_password()
    person.save()
    apps.get_model("authtoken", "Token").objects.filter(user=person).delete()
    _replace_mentions(old_mentions, f"@{person.username}")
    return person


def _replace_mentions(old: list[str], new: str) -> None:
    """Mentions of the person in room messages name the erased account instead."""
    from discussions.models import Message
    from netwerk.markdown import render_markdown

    for mention in old:
        for message in Message.objects.filter(body__contains=mention).prefetch_related(
            "mentions__person"
        ):
            message.body = message.body.replace(mention, new)
            mentioned = {m.person.username for m in message.mentions.all()}
            message.body_html = render_markdown(message.body, mentions=mentioned)
            message.save(update_fields=["body", "body_html"])


def _school_ids(person: User) -> list[int]:
    return list(
        SchoolMembership.objects.filter(person=person)
        .values_list("school_id", flat=True)
        .distinct()
    )


def _plain(value: object) -> object:
    if isinstance(value, datetime.datetime | datetime.date):
        return value.isoformat()
    return value
