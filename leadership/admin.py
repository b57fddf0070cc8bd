"""A school's leadership reflection is school-private: staff see those of schools where they
have a role or an active coach assignment. Leaders and their teams change it on the
school's leadership page, through leadership.services."""

from __future__ import annotations

from django.contrib import admin
from django.utils.translation import gettext_lazy as _

from leadership.models import BlockRating, EssentialCheck, Reflection
from schools.admin_base import SchoolPrivateAdmin

HINT = _("The school's leaders and teams rate and discuss on the school's leadership page.")


@admin.register(Reflection)
class ReflectionAdmin(SchoolPrivateAdmin[Reflection]):
    change_hint = HINT
    list_display = ["school", "period", "opened_at", "discussed_at"]
    list_filter = ["period", ("discussed_at", admin.EmptyFieldListFilter)]
    search_fields = ["school__name", "period"]
    list_select_related = ["school"]


@admin.register(BlockRating)
class BlockRatingAdmin(SchoolPrivateAdmin[BlockRating]):
    change_hint = HINT
    school_path = "reflection__school"
    list_display = ["reflection", "group", "block", "level", "updated_at"]
    list_filter = ["group", "block", "level"]
    search_fields = ["reflection__school__name", "note"]


@admin.register(EssentialCheck)
class EssentialCheckAdmin(SchoolPrivateAdmin[EssentialCheck]):
    change_hint = HINT
    school_path = "reflection__school"
    list_display = ["reflection", "essential", "in_place"]
    list_filter = ["essential", "in_place"]
    search_fields = ["reflection__school__name"]
