"""Sensitive actions need the person to have confirmed it is them in the last few minutes.

Pages use allauth's `reauthentication_required` decorator (its page asks for the password and
then carries on with the request). The API has no page to send anyone to: it answers 403 with
the code `reauthentication_required`, and the client confirms through allauth's headless
`/_allauth/app/v1/auth/reauthenticate` (or, for deletion, sends the password with the request).
The timeout is allauth's ACCOUNT_REAUTHENTICATION_TIMEOUT, one number for pages and API.
"""

from __future__ import annotations

import secrets
from types import SimpleNamespace

from allauth.account.adapter import get_adapter
from allauth.account.internal.flows.login import (
    get_authentication_records,
    record_authentication,
)
from allauth.account.internal.flows.reauthentication import did_recently_reauthenticate
from django.conf import settings
from django.contrib.auth.hashers import check_password, make_password
from django.contrib.auth.signals import user_logged_in
from django.contrib.sessions.backends.base import SessionBase
from django.core.cache import cache
from drf_spectacular.utils import OpenApiResponse
from rest_framework import exceptions

from osteofit.limited_session import REAUTHENTICATION_CODE

# How long a confirmation lasts, in words, from allauth's one setting.
WINDOW = f"{settings.ACCOUNT_REAUTHENTICATION_TIMEOUT // 60} minutes"


class ReauthenticationNeeded(exceptions.APIException):
    status_code = 403
    default_detail = (
        "Confirm it is you first: send your password to /_allauth/app/v1/auth/reauthenticate "
        f"(or /_allauth/browser/v1/auth/reauthenticate), then repeat this request within {WINDOW}."
    )
    default_code = REAUTHENTICATION_CODE


REAUTHENTICATION_RESPONSE = OpenApiResponse(
    description=f"Signed in, but the person has not confirmed it is them in the last {WINDOW}: "
    "code `reauthentication_required`. Reauthenticate with allauth's "
    "`/_allauth/app/v1/auth/reauthenticate` and repeat the request."
)


def recently_reauthenticated(request) -> bool:
    """True when the session behind this API request (the X-Session-Token's, or the browser's
    cookie session) holds a reauthentication from the last WINDOW."""
    return did_recently_reauthenticate(
        SimpleNamespace(user=request.user, session=_api_session(request))
    )


def require_recent_reauthentication(request) -> None:
    if not recently_reauthenticated(request):
        raise ReauthenticationNeeded()


# --- confirming with an emailed code ----------------------------------------------------------
# allauth confirms a signed-in person by password only. Our "email me a code" signs them out
# and runs allauth's login by code; this marks the login that follows as a reauthentication,
# so the person does not meet the password question again straight after typing the code.

CODE_LOGIN_SESSION_KEY = "osteofit_reauthenticate_by_code"


def code_login_expect(request, user) -> None:
    request.session[CODE_LOGIN_SESSION_KEY] = str(user.pk)


def mark_code_login(sender, request, user, **kwargs) -> None:
    """`user_logged_in` receiver: the code login we started counts as a fresh confirmation."""
    session = getattr(request, "session", None)
    if session is None or session.pop(CODE_LOGIN_SESSION_KEY, None) != str(user.pk):
        return
    records = get_authentication_records(request, user)
    if records and records[-1].get("method") == "code":
        record_authentication(request, user, method="code", reauthenticated=True)


def connect() -> None:
    user_logged_in.connect(mark_code_login, dispatch_uid="osteofit.reauthenticate_by_code")


# --- an emailed code for the API -----------------------------------------------------------
# allauth's headless reauthentication takes a password only. For the API's most final action,
# deleting the account, a code sent to the account's address confirms it too (a phone app's
# person may sign in by code and never type a password).

CODE_SECONDS = 15 * 60
CODE_TRIES = 3


def _api_session(request) -> SessionBase:
    auth = getattr(request, "auth", None)
    return auth if isinstance(auth, SessionBase) else request.session


def _code_key(request) -> str:
    """Per login session, so a code confirms only the app that asked. In the cache, not the
    session: a refused try answers 400, which rolls the request's database writes back."""
    return f"confirmation-code:{_api_session(request).session_key}"


def confirmation_code_send(request) -> None:
    """Email a six-digit code to the person's address, kept (hashed) for this login session."""
    code = f"{secrets.randbelow(10**6):06d}"
    cache.set(_code_key(request), {"hash": make_password(code), "tries": 0}, CODE_SECONDS)
    get_adapter(request).send_mail(
        "account/email/confirmation_code",
        request.user.email,
        {"code": code, "minutes": CODE_SECONDS // 60},
    )


def confirmation_code_accepted(request, code: str) -> bool:
    """Whether `code` is the one sent, unexpired, within its tries; a code works once."""
    key = _code_key(request)
    sent = cache.get(key)
    if not sent or sent["tries"] >= CODE_TRIES:
        cache.delete(key)
        return False
    if check_password(code.strip(), sent["hash"]):
        cache.delete(key)
        return True
    sent["tries"] += 1
    cache.set(key, sent, CODE_SECONDS)
    return False
