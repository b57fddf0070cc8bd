"""Planning a session: its time and place, its agenda and the cases presented at it."""

from __future__ import annotations

import datetime
from collections.abc import Iterable
from typing import TypedDict

from django.core.exceptions import ValidationError
from django.db import transaction
from django.db.models import F, Max, Model
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from casestudies.access import publications_shared_with
from casestudies.cycles import TEMPLATES
from casestudies.models import Publication
from meetings.models import AgendaItem, NetworkSession, PresentedCase
from netwerk.access import member_schools, people_of_network
from netwerk.models import LearningNetwork
from schools.models import School, User
from schools.services import save_validated

Errors = dict[str, list[str]]
MAX_AGENDA_MINUTES = 480
NOT_SHARED = gettext_lazy("This case is not shared with the session's network.")


class SessionChanges(TypedDict, total=False):
    title: str
    starts_at: datetime.datetime
    ends_at: datetime.datetime
    location: str
    online_url: str
    host_school: School | None
    facilitators: list[User]
    status: str


def raise_if(errors: Errors) -> None:
    if errors:
        raise ValidationError(errors)


def raise_with_model_errors(instance: Model, errors: Errors) -> None:
    """Raise the service's own problems together with the model's field checks, so a form
    shows every problem at once; a message already given is not repeated."""
    try:
        instance.full_clean()
    except ValidationError as invalid:
        given = {message for messages in errors.values() for message in messages}
        for field, messages in invalid.message_dict.items():
            new = [message for message in messages if message not in given]
            if new:
                errors.setdefault(field, []).extend(new)
    raise_if(errors)


def has_started(session: NetworkSession) -> bool:
    return session.starts_at <= timezone.now()


@transaction.atomic
def plan_session(
    *,
    network: LearningNetwork,
    title: str,
    starts_at: datetime.datetime,
    ends_at: datetime.datetime,
    created_by: User,
    location: str = "",
    online_url: str = "",
    host_school: School | None = None,
    facilitators: Iterable[User] = (),
    status: str = NetworkSession.Status.UPCOMING,
) -> NetworkSession:
    session = NetworkSession(network=network, created_by=created_by)
    return _save_session(
        session,
        SessionChanges(
            title=title,
            starts_at=starts_at,
            ends_at=ends_at,
            location=location,
            online_url=online_url,
            host_school=host_school,
            facilitators=list(facilitators),
            status=status,
        ),
    )


@transaction.atomic
def update_session(*, session: NetworkSession, changes: SessionChanges) -> NetworkSession:
    """Change any of the session's details; the same rules as planning apply."""
    return _save_session(session, changes)


def _save_session(session: NetworkSession, changes: SessionChanges) -> NetworkSession:
    changes = changes.copy()
    facilitators = changes.pop("facilitators", None)
    for field, value in changes.items():
        setattr(session, field, value.strip() if isinstance(value, str) else value)
    raise_with_model_errors(session, _session_problems(session, facilitators))
    save_validated(session)
    if facilitators is not None:
        session.facilitators.set(facilitators)
    return session


def _session_problems(session: NetworkSession, facilitators: list[User] | None) -> Errors:
    errors: Errors = {}
    now = timezone.now()
    if session.starts_at and session.ends_at and session.ends_at <= session.starts_at:
        errors["ends_at"] = [_("A session must end after it starts.")]
    if not session.location and not session.online_url:
        errors["location"] = [_("Give a place, an online meeting link, or both.")]
    status = session.status
    if status == NetworkSession.Status.UPCOMING and session.ends_at and session.ends_at <= now:
        errors["status"] = [
            _("A session in the past cannot be upcoming: mark it as held or cancelled.")
        ]
    if status == NetworkSession.Status.HELD and session.starts_at and session.starts_at > now:
        errors["status"] = [_("A session can be marked as held only once it has started.")]
    if status == NetworkSession.Status.CANCELLED and session.pk and session.attendances.exists():
        errors["status"] = [_("Attendance has been recorded, so the session was not cancelled.")]
    if (
        session.host_school_id
        and not member_schools(session.network).filter(pk=session.host_school_id).exists()
    ):
        errors["host_school"] = [_("The host school must be a member of the network.")]
    if facilitators:
        known = set(people_of_network(session.network_id).values_list("pk", flat=True))
        if any(person.pk not in known for person in facilitators):
            errors["facilitators"] = [_("Facilitators must take part in the network.")]
    return errors


# --- Agenda ------------------------------------------------------------------------------


@transaction.atomic
def add_agenda_item(
    *,
    session: NetworkSession,
    title: str,
    duration_minutes: int,
    description: str = "",
    cycle_template: str = "",
    cycle_step: int | None = None,
) -> AgendaItem:
    last = session.agenda_items.aggregate(last=Max("position"))["last"]
    item = AgendaItem(session=session, position=0 if last is None else last + 1)
    return _save_item(item, title, duration_minutes, description, cycle_template, cycle_step)


@transaction.atomic
def update_agenda_item(
    *,
    item: AgendaItem,
    title: str,
    duration_minutes: int,
    description: str = "",
    cycle_template: str = "",
    cycle_step: int | None = None,
) -> AgendaItem:
    return _save_item(item, title, duration_minutes, description, cycle_template, cycle_step)


def _save_item(
    item: AgendaItem,
    title: str,
    duration_minutes: int,
    description: str,
    cycle_template: str,
    cycle_step: int | None,
) -> AgendaItem:
    item.title, item.description = title.strip(), description.strip()
    item.duration_minutes = duration_minutes
    item.cycle_template, item.cycle_step = cycle_template or "", cycle_step
    errors: Errors = {}
    if not 0 < duration_minutes <= MAX_AGENDA_MINUTES:
        errors["duration_minutes"] = [
            _("An agenda item takes 1 to %(max)s minutes.") % {"max": MAX_AGENDA_MINUTES}
        ]
    errors |= _step_problems(item.cycle_template, cycle_step)
    raise_with_model_errors(item, errors)
    return save_validated(item)


def _step_problems(template_code: str, number: int | None) -> Errors:
    if not template_code:
        if number is None:
            return {}
        return {"cycle_template": [_("Choose the cycle this step belongs to.")]}
    template = TEMPLATES.get(template_code)
    if template is None:
        return {"cycle_template": [_("There is no such cycle.")]}
    if number is None or number not in {step.number for step in template.steps}:
        return {
            "cycle_step": [
                _("Choose a step of this cycle: 1 to %(last)s.") % {"last": len(template.steps)}
            ]
        }
    return {}


@transaction.atomic
def remove_agenda_item(*, item: AgendaItem) -> None:
    session, position = item.session, item.position
    item.delete()
    session.agenda_items.filter(position__gt=position).update(position=F("position") - 1)


@transaction.atomic
def move_agenda_item(*, item: AgendaItem, up: bool) -> AgendaItem:
    """Swap the item with its neighbour above (up) or below."""
    items = list(item.session.agenda_items.select_for_update().order_by("position", "pk"))
    for position, each in enumerate(items):
        each.position = position
    index = next(i for i, each in enumerate(items) if each.pk == item.pk)
    other = index - 1 if up else index + 1
    if 0 <= other < len(items):
        items[index].position, items[other].position = other, index
    AgendaItem.objects.bulk_update(items, ["position"])
    return next(each for each in items if each.pk == item.pk)


# --- Cases presented ---------------------------------------------------------------------


@transaction.atomic
def present_case(
    *,
    session: NetworkSession,
    publication: Publication,
    agenda_item: AgendaItem | None = None,
    note: str = "",
) -> PresentedCase:
    """Put a case published to the session's network on the session's list."""
    errors: Errors = {}
    networks = LearningNetwork.objects.filter(pk=session.network_id)
    if not publications_shared_with(networks).filter(pk=publication.pk).exists():
        errors["publication"] = [str(NOT_SHARED)]
    elif session.presented_cases.filter(publication__case=publication.case_id).exists():
        errors["publication"] = [_("This case is already on the session's list.")]
    if agenda_item is not None and agenda_item.session_id != session.pk:
        errors["agenda_item"] = [_("Choose an item of this session's agenda.")]
    raise_if(errors)
    presented = PresentedCase(
        session=session, publication=publication, agenda_item=agenda_item, note=note.strip()
    )
    return save_validated(presented)


@transaction.atomic
def remove_presented_case(*, presented: PresentedCase) -> None:
    presented.delete()
