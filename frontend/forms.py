"""Page forms: shape only. Rules and saving live in the services."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from django import forms
from django.contrib import messages
from django.core.exceptions import ValidationError
from django.http import HttpRequest
from django.utils.translation import gettext_lazy as _

from schools.models import Country, School, SchoolRole, Sector, TeamRole, User


def submit(form: forms.Form, action: Callable[[dict[str, Any]], object]) -> bool:
    """Validate the form, run the service; a service's ValidationError lands on the form."""
    if not form.is_valid():
        return False
    try:
        action(form.cleaned_data)
    except ValidationError as error:
        add_service_errors(form, error)
        return False
    return True


def run_service(request: HttpRequest, action: Callable[[], object]) -> bool:
    """Run a service for a button without a form; its ValidationError becomes a message."""
    try:
        action()
    except ValidationError as error:
        for message in error.messages:
            messages.error(request, message)
        return False
    return True


def add_service_errors(form: forms.Form, error: ValidationError) -> None:
    if not hasattr(error, "error_dict"):
        form.add_error(None, error)
        return
    for field, field_errors in error.error_dict.items():
        form.add_error(field if field in form.fields else None, field_errors)


class PersonField(forms.CharField):
    """A person entered by username or e-mail address."""

    def clean(self, value: Any) -> User:
        text = super().clean(value).strip()
        lookup = {"email__iexact": text} if "@" in text else {"username__iexact": text}
        person = User.objects.filter(is_active=True, **lookup).first()
        if person is None:
            raise ValidationError(_("No one with this username or e-mail address."))
        return person


class SchoolSearchForm(forms.Form):
    q = forms.CharField(label=_("Search schools"), required=False, max_length=200)


class SchoolForm(forms.Form):
    name = forms.CharField(label=_("Name"), max_length=200)
    country = forms.ChoiceField(label=_("Country"), choices=Country.choices)
    sector = forms.ChoiceField(label=_("Sector"), choices=Sector.choices)
    code = forms.CharField(
        label=_("BRIN code or instellingsnummer"),
        max_length=8,
        help_text=_("Netherlands: two digits and two letters (12AB). Flanders: 5 or 6 digits."),
    )
    region = forms.CharField(label=_("Region"), max_length=100)


class SchoolEditForm(forms.Form):
    name = forms.CharField(label=_("Name"), max_length=200)
    sector = forms.ChoiceField(label=_("Sector"), choices=Sector.choices)
    region = forms.CharField(label=_("Region"), max_length=100)


class SchoolRoleForm(forms.Form):
    person = PersonField(label=_("Person (username or e-mail)"))
    role = forms.ChoiceField(label=_("Role"), choices=SchoolRole.choices)


class CoachForm(forms.Form):
    coach = PersonField(label=_("Data coach (username or e-mail)"))


class NetworkForm(forms.Form):
    name = forms.CharField(label=_("Name"), max_length=200)
    description = forms.CharField(label=_("Description"), widget=forms.Textarea, required=False)


class JoinForm(forms.Form):
    school = forms.ModelChoiceField(label=_("School"), queryset=School.objects.none())
    joined_on = forms.DateField(
        label=_("Member since"), required=False, widget=forms.DateInput(attrs={"type": "date"})
    )

    def __init__(self, *args: Any, schools: Any = None, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["school"].queryset = schools if schools is not None else School.objects.all()  # type: ignore[attr-defined]


class PersonForm(forms.Form):
    person = PersonField(label=_("Person (username or e-mail)"))


class DatateamForm(forms.Form):
    name = forms.CharField(label=_("Name"), max_length=200)
    problem = forms.CharField(
        label=_("Educational problem"), widget=forms.Textarea(attrs={"rows": 3}), required=False
    )


class DatateamMemberForm(forms.Form):
    person = forms.ModelChoiceField(label=_("Person"), queryset=User.objects.none())
    role = forms.ChoiceField(
        label=_("Role in the team"),
        choices=[("", _("From their role at the school")), *TeamRole.choices],
        required=False,
    )

    def __init__(self, *args: Any, people: Any = None, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["person"].queryset = people if people is not None else User.objects.none()  # type: ignore[attr-defined]
