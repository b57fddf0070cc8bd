"""Ratings on a four-level scale, with an optional note: shared by coach self-assessments,
team feedback on coaches and leadership reflection."""

from __future__ import annotations

from collections.abc import Collection, Mapping
from typing import NamedTuple, TypedDict

from django.core.exceptions import ValidationError
from django.core.validators import MaxValueValidator, MinValueValidator
from django.db import models
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

LOWEST_LEVEL, HIGHEST_LEVEL = 1, 4
MAX_NOTE_CHARS = 1000


class RatingInput(TypedDict, total=False):
    level: object
    note: str


class Rating(NamedTuple):
    level: int
    note: str


def level_field() -> models.PositiveSmallIntegerField[int, int]:
    return models.PositiveSmallIntegerField(
        gettext_lazy("level"),
        validators=[MinValueValidator(LOWEST_LEVEL), MaxValueValidator(HIGHEST_LEVEL)],
    )


def note_field() -> models.CharField[str, str]:
    return models.CharField(gettext_lazy("note"), max_length=MAX_NOTE_CHARS, blank=True)


def level_in_range(name: str) -> models.CheckConstraint:
    return models.CheckConstraint(
        condition=models.Q(level__gte=LOWEST_LEVEL, level__lte=HIGHEST_LEVEL),
        name=name,
        violation_error_message=gettext_lazy("A rating is a level from 1 to 4."),
    )


def clean_ratings(
    ratings: Mapping[str, RatingInput], allowed: Collection[str], *, require_all: bool
) -> dict[str, Rating]:
    """Levels 1 to 4 for known codes only; errors named `level_<code>` like the form fields."""
    errors: dict[str, list[str]] = {}
    unknown = sorted(set(ratings) - set(allowed))
    if unknown:
        errors["ratings"] = [_("Unknown item: %(codes)s.") % {"codes": ", ".join(unknown)}]
    missing = [code for code in allowed if code not in ratings] if require_all else []
    for code in missing:
        errors[f"level_{code}"] = [_("Choose a level.")]
    if not ratings and not require_all:
        errors["ratings"] = [_("Rate at least one item.")]
    cleaned: dict[str, Rating] = {}
    for code in (code for code in allowed if code in ratings):
        rating = _clean_one(ratings[code])
        if isinstance(rating, str):
            errors[f"level_{code}" if rating != "note" else f"note_{code}"] = [
                _note_or_level(rating)
            ]
        else:
            cleaned[code] = rating
    if errors:
        raise ValidationError(errors)
    return cleaned


def _clean_one(rating: RatingInput) -> Rating | str:
    level = rating.get("level")
    if isinstance(level, bool) or not isinstance(level, int | str):
        return "level"
    try:
        number = int(level)
    except ValueError:
        return "level"
    if not LOWEST_LEVEL <= number <= HIGHEST_LEVEL:
        return "level"
    note = str(rating.get("note") or "").strip()
    if len(note) > MAX_NOTE_CHARS:
        return "note"
    return Rating(number, note)


def _note_or_level(problem: str) -> str:
    if problem == "note":
        return _("A note has at most %(n)d characters.") % {"n": MAX_NOTE_CHARS}
    return _("A rating is a level from 1 to 4.")
