"""Account pages: inviting someone, accepting an invitation, and one's own profile."""

from __future__ import annotations

from typing import Any

from allauth.account.utils import perform_login
from django import forms
from django.conf import settings
from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.db import transaction
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils import translation
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from frontend.forms import submit
from frontend.views import person_of
from netwerk.access import invitable_roles, schools_for_inviter
from netwerk.invitations import (
    InvitationState,
    accept_invitation,
    invitation_for_token,
    invite_person,
    state_of,
)
from netwerk.models import InvitedRole
from notifications.services import preferences_of, set_preferences
from schools.access import get_or_404
from schools.services import update_profile


class InvitationForm(forms.Form):
    email = forms.EmailField(label=gettext_lazy("E-mail address"), max_length=254)
    school = forms.ChoiceField(label=gettext_lazy("School"))
    role = forms.ChoiceField(label=gettext_lazy("Role"), choices=InvitedRole.choices)

    def __init__(self, *args: Any, schools: list[tuple[int, str]], **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        school_field = self.fields["school"]
        assert isinstance(school_field, forms.ChoiceField)
        school_field.choices = schools


@login_required
def invite(request: HttpRequest) -> HttpResponse:
    person = person_of(request)
    schools = schools_for_inviter(person)
    if not schools.exists():
        raise Http404
    form = InvitationForm(request.POST or None, schools=[(s.pk, s.name) for s in schools])

    def send(data: dict[str, Any]) -> object:
        school = get_or_404(schools, data["school"])
        return invite_person(inviter=person, school=school, role=data["role"], email=data["email"])

    if request.method == "POST" and submit(form, send):
        messages.success(
            request,
            _("The invitation is on its way to %(email)s.") % {"email": form.cleaned_data["email"]},
        )
        return redirect("invite")
    roles = {school.name: invitable_roles(person, school) for school in schools}
    return render(request, "accounts/invite.html", {"form": form, "roles": roles})


class AcceptForm(forms.Form):
    first_name = forms.CharField(label=gettext_lazy("First name"), max_length=150)
    last_name = forms.CharField(label=gettext_lazy("Last name"), max_length=150)
    password1 = forms.CharField(label=gettext_lazy("Password"), widget=forms.PasswordInput)
    password2 = forms.CharField(label=gettext_lazy("Password (again)"), widget=forms.PasswordInput)

    def clean(self) -> dict[str, Any]:
        data = super().clean() or {}
        if data.get("password1") and data.get("password1") != data.get("password2"):
            self.add_error("password2", _("The two passwords differ."))
        return data


def accept(request: HttpRequest, token: str) -> HttpResponse:
    invitation = invitation_for_token(token)
    if invitation is None:
        return render(request, "accounts/invitation_invalid.html", {"state": None}, status=404)
    state = state_of(invitation)
    if state is not InvitationState.PENDING:
        return render(
            request, "accounts/invitation_invalid.html", {"state": state.value}, status=410
        )
    form = AcceptForm(request.POST or None)
    accepted: list[Any] = []

    def use(data: dict[str, Any]) -> object:
        accepted.append(
            accept_invitation(
                invitation=invitation,
                first_name=data["first_name"],
                last_name=data["last_name"],
                password=data["password1"],
            )
        )
        return accepted[0]

    if request.method == "POST" and submit(form, use):
        response: HttpResponse = perform_login(request, accepted[0], redirect_url="/")
        return response
    context = {"form": form, "invitation": invitation}
    return render(request, "accounts/invitation_accept.html", context)


class ProfileForm(forms.Form):
    first_name = forms.CharField(label=gettext_lazy("First name"), max_length=150, required=False)
    last_name = forms.CharField(label=gettext_lazy("Last name"), max_length=150, required=False)
    email = forms.EmailField(label=gettext_lazy("E-mail address"), max_length=254)
    language = forms.ChoiceField(label=gettext_lazy("Language"), choices=lambda: settings.LANGUAGES)


@login_required
def profile(request: HttpRequest) -> HttpResponse:
    person = person_of(request)
    language, _kinds = preferences_of(person)
    initial = {
        "first_name": person.first_name,
        "last_name": person.last_name,
        "email": person.email,
        "language": language,
    }
    form = ProfileForm(request.POST or None, initial=initial)

    @transaction.atomic
    def save(data: dict[str, Any]) -> object:
        update_profile(
            person=person,
            first_name=data["first_name"],
            last_name=data["last_name"],
            email=data["email"],
        )
        return set_preferences(person=person, language=data["language"])

    if request.method == "POST" and submit(form, save):
        chosen = form.cleaned_data["language"]
        translation.activate(chosen)
        messages.success(request, _("Your profile is saved."))
        response = redirect("profile")
        response.set_cookie(settings.LANGUAGE_COOKIE_NAME, chosen, samesite="Lax")
        return response
    can_invite = schools_for_inviter(person).exists()
    return render(request, "accounts/profile.html", {"form": form, "can_invite": can_invite})
