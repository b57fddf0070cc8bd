"""Notification pages: the list (mark one or all read) and what a person receives."""

from __future__ import annotations

from typing import Any

from django import forms
from django.conf import settings
from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.paginator import Paginator
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from frontend.forms import submit
from frontend.views import person_of
from notifications import access, services
from notifications.models import Kind

PAGE_SIZE = 30


@login_required
def notification_list(request: HttpRequest) -> HttpResponse:
    person = person_of(request)
    if request.method == "POST":
        if request.POST.get("action") == "read_all":
            count = services.mark_all_read(person=person)
            messages.success(
                request, _("All notifications are marked as read (%(n)d).") % {"n": count}
            )
        else:
            notification = access.notification_for_recipient(person, request.POST.get("id"))
            services.mark_read(notification=notification)
        return redirect(request.get_full_path())
    notifications = access.notifications_for(person)
    if request.GET.get("unread"):
        notifications = notifications.filter(read_at__isnull=True)
    page = Paginator(notifications, PAGE_SIZE).get_page(request.GET.get("page"))
    context = {"page": page, "only_unread": bool(request.GET.get("unread"))}
    return render(request, "notifications/list.html", context)


class PreferencesForm(forms.Form):
    language = forms.ChoiceField(
        label=gettext_lazy("Language of the e-mails"), choices=lambda: settings.LANGUAGES
    )

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        for kind in Kind:
            self.fields[f"in_app_{kind.value}"] = forms.BooleanField(
                label=gettext_lazy("In the app"), required=False
            )
            self.fields[f"digest_{kind.value}"] = forms.BooleanField(
                label=gettext_lazy("In the daily e-mail"), required=False
            )

    def rows(self) -> list[tuple[str, forms.BoundField, forms.BoundField]]:
        return [
            (str(kind.label), self[f"in_app_{kind.value}"], self[f"digest_{kind.value}"])
            for kind in Kind
        ]

    def choices(self) -> dict[str, services.Choice]:
        data = self.cleaned_data
        return {
            kind.value: services.Choice(
                in_app=data[f"in_app_{kind.value}"], digest=data[f"digest_{kind.value}"]
            )
            for kind in Kind
        }


@login_required
def notification_preferences(request: HttpRequest) -> HttpResponse:
    person = person_of(request)
    language, choices = services.preferences_of(person)
    initial: dict[str, Any] = {"language": language}
    for kind, choice in choices.items():
        initial[f"in_app_{kind}"], initial[f"digest_{kind}"] = choice.in_app, choice.digest
    form = PreferencesForm(request.POST or None, initial=initial)
    if request.method == "POST" and submit(
        form,
        lambda data: services.set_preferences(
            person=person, language=data["language"], kinds=form.choices()
        ),
    ):
        messages.success(request, _("Your notification settings have been saved."))
        return redirect("notification-preferences")
    context = {"form": form, "has_email": bool(person.email)}
    return render(request, "notifications/preferences.html", context)
