"""The limited session a reminder's one-click link signs in to.

A log link is a password-free credential sitting in a mailbox, so the session it opens can do
today's guided session and nothing else. Every other page asks for the password (allauth's
reauthentication) or an emailed code first; once the person has given either, the session is an
ordinary one. Pages that are the same for everyone stay open.
"""

from __future__ import annotations

import time

from allauth.account.internal.flows.login import get_authentication_records
from allauth.account.internal.flows.reauthentication import suspend_request
from django.contrib.auth import login
from django.http import HttpResponse
from django.urls import reverse

from osteofit.api_errors import error_response

SESSION_KEY = "osteofit_limited_session"
# Long enough to open the email in the morning and train in the evening; not a fortnight.
LIMITED_SESSION_SECONDS = 12 * 60 * 60
LOGIN_BACKEND = "osteofit.sessions.SessionUserBackend"

# What a limited session may open, by URL name: today's guided session, the pages it links to
# that hold nothing personal, the emailed links, and the ways out (log out, confirm it is you).
ALLOWED = frozenset(
    {
        "tracking:today",
        "tracking:safety",
        "tracking:log_link",
        "tracking:unsubscribe",
        "tracking:reflection_link",
        "tracking:shared",  # a share link is its own credential, for someone else's eyes
        "account:email_change_undo",
        "account:reauthenticate_by_code",
        "account_logout",
        "account_reauthenticate",
        "account_confirm_login_code",
        "home",
        "health",
        "headless:browser:account:reauthenticate",
    }
)
ALLOWED_NAMESPACES = ("exercises",)
REAUTHENTICATION_CODE = "reauthentication_required"
NEEDS_REAUTHENTICATION = (
    "This session was opened from an email link and can only log today's session. "
    "Confirm it is you (your password, or a code we email you) to do anything else."
)


def limited_login(request, user) -> None:
    """Sign `user` in to a session that can only do today's guided session."""
    login(request, user, backend=LOGIN_BACKEND)
    request.session[SESSION_KEY] = {"since": time.time()}
    request.session.set_expiry(LIMITED_SESSION_SECONDS)


def is_limited(request) -> bool:
    return bool(getattr(request, "session", None) and request.session.get(SESSION_KEY))


def _reauthenticated_since_link(request) -> bool:
    since = request.session[SESSION_KEY].get("since", 0)
    return any(
        record.get("reauthenticated") and record.get("at", 0) >= since
        for record in get_authentication_records(request, request.user)
    )


def _upgrade(request) -> None:
    """The person confirmed it is them: an ordinary session from now on, under a new key."""
    request.session.pop(SESSION_KEY, None)
    request.session.set_expiry(None)
    request.session.cycle_key()


class LimitedSessionMiddleware:
    """Lets a limited session reach only ALLOWED; anything else asks the person to confirm it
    is them (pages) or answers `reauthentication_required` (the APIs)."""

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        return self.get_response(request)

    def process_view(self, request, view_func, view_args, view_kwargs):
        if not (request.user.is_authenticated and is_limited(request)):
            return None
        if _reauthenticated_since_link(request):
            _upgrade(request)
            return None
        match = request.resolver_match
        name = match.view_name if match else ""
        if name in ALLOWED or (match and match.namespace in ALLOWED_NAMESPACES):
            return None
        if request.path.startswith(("/api/", "/_allauth/")):
            return error_response(request.path, 403, REAUTHENTICATION_CODE, NEEDS_REAUTHENTICATION)
        response = suspend_request(request, reverse("account_reauthenticate"))
        if request.headers.get("HX-Request"):
            # htmx follows a redirect inside its request; this makes the whole page go there.
            location = response["Location"]
            response = HttpResponse(status=200)
            response["HX-Redirect"] = location
        return response
