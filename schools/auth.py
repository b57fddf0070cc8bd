"""Log in with a username or an e-mail address, what a locked-out login answers, and the
two-factor code that counts towards the same lockout."""

from __future__ import annotations

import math
from typing import Any

from allauth.core import context
from allauth.mfa.base.forms import AuthenticateForm
from axes.backends import AxesStandaloneBackend
from axes.handlers.proxy import AxesProxyHandler
from axes.helpers import get_cool_off
from django.conf import settings
from django.contrib.auth.backends import ModelBackend
from django.contrib.auth.signals import user_login_failed
from django.core.exceptions import ValidationError
from django.http import HttpRequest, HttpResponse, JsonResponse
from django.shortcuts import render
from django.utils.translation import gettext as _

from schools.models import User

# What the person typed on the login page, kept while allauth asks for their code.
LOGIN_IDENTIFIER_SESSION_KEY = "netwerk_login_identifier"


class LoginThrottleBackend(AxesStandaloneBackend):  # type: ignore[misc]
    """django-axes' lockout check, for logins that come with a request (pages and the
    token endpoint). Code that authenticates without one, such as a management command or
    a test client's login(), is not a login attempt from an address and passes on."""

    def authenticate(
        self,
        request: HttpRequest | None,
        username: str | None = None,
        password: str | None = None,
        **kwargs: Any,
    ) -> None:
        if request is None:
            return None
        super().authenticate(request, username, password, **kwargs)
        return None


class UsernameOrEmailBackend(ModelBackend):
    def authenticate(
        self,
        request: HttpRequest | None,
        username: str | None = None,
        password: str | None = None,
        **kwargs: Any,
    ) -> User | None:
        if username is None or password is None:
            return None
        identifier = username.strip()
        field = "email__iexact" if "@" in identifier else "username__iexact"
        user = User.objects.filter(**{field: identifier}).first()
        if user is None:
            # Spend the same time as a real check, so timing does not reveal accounts.
            User().set_password(password)
            return None
        if user.check_password(password) and self.user_can_authenticate(user):
            return user
        return None


def login_identifier(request: HttpRequest | None, credentials: dict[str, Any] | None) -> str:
    """What login throttling counts attempts against: the typed username or e-mail
    address, trimmed and case-folded like the backend above matches it. django-axes calls
    this without credentials when it builds a lockout response (always so under ASGI);
    the username then comes from the submitted form."""
    if credentials is None:
        form = getattr(request, "data", None) or getattr(request, "POST", {})
        credentials = {"username": form.get("username")}
    return str(credentials.get("username") or "").strip().casefold()


def lockout_message() -> str:
    return _(
        "Too many failed attempts to log in with this account from here. "
        "Wait and try again, or ask your school's leader or the network coordinator "
        "to help you reset your password."
    )


def lockout_seconds(request: HttpRequest) -> int:
    cool_off = get_cool_off(request)
    return max(1, math.ceil(cool_off.total_seconds())) if cool_off else 60


def lockout_response(
    request: HttpRequest, original_response: object = None, credentials: object = None
) -> HttpResponse:
    """django-axes' AXES_LOCKOUT_CALLABLE: 429 in the language of the request, JSON for
    the API and the lockout page otherwise. It reads nothing from its other arguments,
    which django-axes passes in a different order under ASGI than under WSGI."""
    response: HttpResponse
    if request.path.startswith("/api/"):
        response = JsonResponse({"detail": lockout_message()}, status=429)
    else:
        context = {"cooloff_timedelta": get_cool_off(request)}
        response = render(request, settings.AXES_LOCKOUT_TEMPLATE, context, status=429)
    response["Retry-After"] = str(lockout_seconds(request))
    return response


class ThrottledAuthenticateForm(AuthenticateForm):  # type: ignore[misc]
    """allauth's two-factor code form, held to the login lockout: a wrong code is a failed
    login attempt of the identifier typed on the login page, and a locked-out identifier's
    code is not checked (AxesMiddleware answers 429)."""

    def clean_code(self) -> str:
        request = context.request
        typed = request.session.get(LOGIN_IDENTIFIER_SESSION_KEY) or self.user.username
        credentials = {"username": typed}
        if not AxesProxyHandler.is_allowed(request, credentials):
            request.axes_locked_out = True
            raise ValidationError(lockout_message())
        try:
            code: str = super().clean_code()
        except ValidationError:
            user_login_failed.send(sender=__name__, credentials=credentials, request=request)
            raise
        return code
