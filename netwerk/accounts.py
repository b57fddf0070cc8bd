"""How django-allauth fits the platform: no sign-up of one's own (invitations only), the
login page that hands a correct password to allauth's stages (two-factor), sign-on that
only finds invited people, and two-factor required for the roles that settings name."""

from __future__ import annotations

from typing import Any
from urllib.parse import urlencode

from allauth.account.adapter import DefaultAccountAdapter
from allauth.account.internal.flows.login import record_authentication
from allauth.account.utils import perform_login
from allauth.core.exceptions import ImmediateHttpResponse
from allauth.mfa.models import Authenticator
from allauth.socialaccount.adapter import DefaultSocialAccountAdapter
from allauth.socialaccount.models import SocialLogin
from asgiref.sync import iscoroutinefunction, markcoroutinefunction, sync_to_async
from django.conf import settings
from django.contrib.auth import views as auth_views
from django.contrib.auth.forms import AuthenticationForm
from django.http import HttpRequest, HttpResponse, HttpResponseRedirect
from django.shortcuts import redirect, render
from django.urls import reverse

from netwerk.access import networks_coordinated_by
from netwerk.invitations import accept_invitation, pending_invitation_for_email
from schools.auth import LOGIN_IDENTIFIER_SESSION_KEY
from schools.models import SchoolMembership, SchoolRole, User


class AccountAdapter(DefaultAccountAdapter):  # type: ignore[misc]
    def is_open_for_signup(self, request: HttpRequest) -> bool:
        return False


class SignOnAdapter(DefaultSocialAccountAdapter):  # type: ignore[misc]
    """A sign-on is accepted for an account already linked to it, or for the verified
    e-mail address of an active account or a pending invitation (then used). Anyone
    else is refused, and nothing is stored."""

    def is_open_for_signup(self, request: HttpRequest, sociallogin: SocialLogin) -> bool:
        return False

    def pre_social_login(self, request: HttpRequest, sociallogin: SocialLogin) -> None:
        if sociallogin.is_existing:
            return
        person = person_for_sign_on(sociallogin)
        if person is None:
            response = render(request, "account/sign_on_refused.html", status=403)
            raise ImmediateHttpResponse(response)
        sociallogin.connect(request, person)


def verified_email(sociallogin: SocialLogin) -> str | None:
    trusted = settings.NETWERK_OIDC_TRUST_EMAIL
    for address in sociallogin.email_addresses:
        if address.email and (address.verified or trusted):
            return str(address.email)
    return None


def person_for_sign_on(sociallogin: SocialLogin) -> User | None:
    email = verified_email(sociallogin)
    if email is None:
        return None
    person = User.objects.filter(email__iexact=email, is_active=True).first()
    if person is not None:
        return person
    invitation = pending_invitation_for_email(email)
    if invitation is None:
        return None
    # allauth filled the unsaved user from the provider's claims (given and family name).
    return accept_invitation(
        invitation=invitation,
        first_name=sociallogin.user.first_name or "",
        last_name=sociallogin.user.last_name or "",
    )


class LoginView(auth_views.LoginView):
    """Django's login form (username or e-mail address, with the lockout), completed by
    allauth so that a person with two-factor sign-in is asked for their code next."""

    redirect_authenticated_user = True

    def form_valid(self, form: AuthenticationForm) -> HttpResponse:
        identifier = str(form.cleaned_data.get("username") or "")
        self.request.session[LOGIN_IDENTIFIER_SESSION_KEY] = identifier
        # As allauth's own login form does: the password just given counts as a recent
        # authentication, so setting up two-factor does not ask for it again at once.
        record_authentication(self.request, form.get_user(), "password", username=identifier)
        response: HttpResponse = perform_login(
            self.request, form.get_user(), redirect_url=self.get_success_url()
        )
        return response


def needs_two_factor(person: User) -> bool:
    roles = set(settings.NETWERK_MFA_REQUIRED_ROLES)
    if "coordinator" in roles and networks_coordinated_by(person).exists():
        return True
    school_roles = roles & set(SchoolRole.values)
    return SchoolMembership.objects.filter(person=person, role__in=school_roles).exists()


def lacks_required_two_factor(person: User) -> bool:
    if not settings.NETWERK_MFA_REQUIRED_ROLES or not needs_two_factor(person):
        return False
    return not Authenticator.objects.filter(user=person, type=Authenticator.Type.TOTP).exists()


# Pages a person who must still set up two-factor sign-in can reach.
TWO_FACTOR_OPEN_PREFIXES = ("/accounts/", "/logout/", "/i18n/", "/static/", "/health/", "/api/")
# Set in the session once the person is known to be in order, so pages skip the queries.
TWO_FACTOR_CHECKED = "netwerk_two_factor_checked"


class RequireTwoFactorMiddleware:
    """A signed-in person in a role that needs two-factor sign-in, without it, goes to the
    page that sets it up before any other page."""

    async_capable = True
    sync_capable = True

    def __init__(self, get_response: Any) -> None:
        self.get_response = get_response
        self.is_async = iscoroutinefunction(get_response)
        if self.is_async:
            markcoroutinefunction(self)

    def __call__(self, request: HttpRequest) -> Any:
        if self.is_async:
            return self.__acall__(request)
        if self.must_set_up(request, request.user):
            return redirect_to_setup(request)
        return self.get_response(request)

    async def __acall__(self, request: HttpRequest) -> HttpResponse:
        if await sync_to_async(self.must_set_up)(request, await request.auser()):
            return redirect_to_setup(request)
        response: HttpResponse = await self.get_response(request)
        return response

    @staticmethod
    def must_set_up(request: HttpRequest, person: object) -> bool:
        if not isinstance(person, User) or request.path.startswith(TWO_FACTOR_OPEN_PREFIXES):
            return False
        if request.session.get(TWO_FACTOR_CHECKED) == person.pk:
            return False
        if lacks_required_two_factor(person):
            return True
        request.session[TWO_FACTOR_CHECKED] = person.pk
        return False


def redirect_to_setup(request: HttpRequest) -> HttpResponseRedirect:
    return redirect(reverse("mfa_activate_totp") + "?" + urlencode({"next": request.path}))
