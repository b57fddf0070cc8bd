"""What every app's admin shares: models changed only through their services are read-only
here and say where they are changed; school-private rows show only to staff who may see
the school's private data (schools.access), and to superusers.

An admin module imports its own app and the apps below it, as any module does; this one
sits in the lowest app so that all of them may use it."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any, TypeVar

from django.contrib import admin, messages
from django.core.exceptions import ValidationError
from django.db.models import Model, QuerySet
from django.http import HttpRequest
from django.utils.functional import Promise
from django.utils.translation import gettext_lazy as _

from schools.access import schools_with_private_access

M = TypeVar("M", bound=Model)

IN_THE_PAGES = _("In the pages of the platform or through the API, where the rules apply.")


class ServiceOnlyAdmin(admin.ModelAdmin[M]):
    """Read-only: the rows change through services (pages, API, actions), never by a form
    that would skip their rules and events. `change_hint` says where they change."""

    change_hint: str | Promise = IN_THE_PAGES

    def has_add_permission(self, request: HttpRequest) -> bool:
        return False

    def has_change_permission(self, request: HttpRequest, obj: M | None = None) -> bool:
        return False

    def has_delete_permission(self, request: HttpRequest, obj: M | None = None) -> bool:
        return False

    def get_fields(self, request: HttpRequest, obj: M | None = None) -> list[Any]:
        fields = [field for field in super().get_fields(request, obj) if field != "where"]
        return ["where", *fields]

    def get_readonly_fields(
        self, request: HttpRequest, obj: M | None = None
    ) -> list[str] | tuple[str, ...]:
        return ["where", *super().get_readonly_fields(request, obj)]

    def has_act_permission(self, request: HttpRequest) -> bool:
        """Actions that call a service: for whoever holds the model's change permission."""
        options = self.opts
        return request.user.has_perm(f"{options.app_label}.change_{options.model_name}")

    @admin.display(description=_("Where to change this"))
    def where(self, obj: M) -> str:
        return str(self.change_hint)


class SchoolPrivateAdmin(ServiceOnlyAdmin[M]):
    """Rows of a school's private scope: a staff member sees those of the schools where
    they have a role or an active coach assignment; elsewhere the rows do not exist for
    them, in the list and at their address alike."""

    school_path = "school"

    def get_queryset(self, request: HttpRequest) -> QuerySet[M]:
        rows = super().get_queryset(request)
        if request.user.is_superuser:
            return rows
        schools = schools_with_private_access(request.user)
        return rows.filter(**{f"{self.school_path}__in": schools})


class SuperuserOnlyAdmin(ServiceOnlyAdmin[M]):
    """Rows only superusers may read, such as room messages: an abusive one can be found,
    and nobody else reads the rooms through the back door."""

    def has_view_permission(self, request: HttpRequest, obj: M | None = None) -> bool:
        return request.user.is_superuser

    def has_module_permission(self, request: HttpRequest) -> bool:
        return request.user.is_superuser


class ReadOnlyInline(admin.TabularInline[M, Any]):
    extra = 0
    show_change_link = True

    def get_readonly_fields(
        self, request: HttpRequest, obj: Any = None
    ) -> list[str] | tuple[str, ...]:
        return [field for field in self.fields or [] if isinstance(field, str)]

    def has_add_permission(self, request: HttpRequest, obj: Any = None) -> bool:
        return False

    def has_change_permission(self, request: HttpRequest, obj: Any = None) -> bool:
        return False

    def has_delete_permission(self, request: HttpRequest, obj: Any = None) -> bool:
        return False


def apply_to_each(
    modeladmin: admin.ModelAdmin[Any],
    request: HttpRequest,
    rows: QuerySet[M],
    change: Callable[[M], object],
) -> None:
    """An action's service call for each selected row; a row the service refuses stays as
    it was, and the refusal is shown as the service words it."""
    for row in rows:
        try:
            change(row)
        except ValidationError as error:
            modeladmin.message_user(request, " ".join(error.messages), messages.ERROR)
