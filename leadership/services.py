"""Every change to a school's leadership reflection."""

from __future__ import annotations

import datetime
from collections.abc import Collection, Mapping

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from leadership.access import is_leader, rater_group
from leadership.blocks import BLOCKS_BY_CODE, ESSENTIALS
from leadership.models import BlockRating, EssentialCheck, RaterGroup, Reflection
from netwerk.periods import parse_past_period
from netwerk.ratings import MAX_NOTE_CHARS, RatingInput, clean_ratings
from schools.models import School, User
from schools.services import save_validated, today


def reflection_for(*, school: School, period: str, on: datetime.date | None = None) -> Reflection:
    """The school's reflection for a period that has started, created on first use."""
    code = parse_past_period(period, today=on or today()).code
    reflection, _created = Reflection.objects.get_or_create(school=school, period=code)
    return reflection


@transaction.atomic
def rate_building_blocks(
    *,
    school: School,
    person: User,
    period: str,
    ratings: Mapping[str, RatingInput],
    on: datetime.date | None = None,
) -> Reflection:
    """A leader or datateam member rates all five blocks for a period. Rating again in the
    same period replaces the person's earlier ratings, until the period is opened for
    discussion: from then on the ratings stand as they were discussed."""
    group = rater_group(person, school)
    if group is None:
        raise ValidationError(_("Only the school's leaders and datateam members rate."))
    cleaned = clean_ratings(ratings, BLOCKS_BY_CODE, require_all=True)
    reflection = reflection_for(school=school, period=period, on=on)
    reflection = Reflection.objects.select_for_update().get(pk=reflection.pk)
    if reflection.is_open:
        raise ValidationError(
            _("This period is open for discussion; its ratings can no longer change.")
        )
    BlockRating.objects.filter(reflection=reflection, person=person).delete()
    BlockRating.objects.bulk_create(
        BlockRating(
            reflection=reflection, person=person, group=group, block=block, level=level, note=note
        )
        for block, (level, note) in cleaned.items()
    )
    return reflection


@transaction.atomic
def open_for_discussion(*, reflection: Reflection, person: User) -> Reflection:
    """A leader shows both groups each other's ratings; both groups must have rated."""
    _require_leader(reflection, person)
    reflection = Reflection.objects.select_for_update().get(pk=reflection.pk)
    if reflection.is_open:
        raise ValidationError(_("This period is already open for discussion."))
    groups = set(reflection.ratings.values_list("group", flat=True))
    if groups != set(RaterGroup.values):
        raise ValidationError(
            _("Both the leaders and the datateam members need to rate before the discussion.")
        )
    reflection.opened_at = timezone.now()
    reflection.opened_by = person
    return save_validated(reflection, update_fields=["opened_at", "opened_by"])


@transaction.atomic
def record_discussion(
    *, reflection: Reflection, person: User, notes: str, next_steps: str
) -> Reflection:
    _require_leader(reflection, person)
    reflection = Reflection.objects.select_for_update().get(pk=reflection.pk)
    if not reflection.is_open:
        raise ValidationError(_("Open the period for discussion first."))
    if not (notes.strip() or next_steps.strip()):
        raise ValidationError({"discussion_notes": _("Write what was discussed or agreed.")})
    reflection.discussion_notes = notes.strip()
    reflection.next_steps = next_steps.strip()
    reflection.discussed_at = timezone.now()
    return save_validated(
        reflection, update_fields=["discussion_notes", "next_steps", "discussed_at"]
    )


@transaction.atomic
def check_essentials(
    *,
    reflection: Reflection,
    person: User,
    in_place: Collection[str],
    notes: Mapping[str, str] | None = None,
) -> list[EssentialCheck]:
    """A leader ticks which of the three essentials are in place this period."""
    _require_leader(reflection, person)
    codes = {essential.code for essential in ESSENTIALS}
    notes = notes or {}
    unknown = sorted((set(in_place) | set(notes)) - codes)
    if unknown:
        raise ValidationError(
            {"in_place": _("Unknown item: %(codes)s.") % {"codes": ", ".join(unknown)}}
        )
    too_long = [code for code, note in notes.items() if len(note) > MAX_NOTE_CHARS]
    if too_long:
        raise ValidationError(
            {"notes": _("A note has at most %(n)d characters.") % {"n": MAX_NOTE_CHARS}}
        )
    checks = []
    for essential in ESSENTIALS:
        check, _created = EssentialCheck.objects.update_or_create(
            reflection=reflection,
            essential=essential.code,
            defaults={
                "in_place": essential.code in in_place,
                "note": notes.get(essential.code, "").strip(),
            },
        )
        checks.append(check)
    return checks


def _require_leader(reflection: Reflection, person: User) -> None:
    if not is_leader(person, reflection.school):
        raise ValidationError(_("Only a leader of the school can do this."))
