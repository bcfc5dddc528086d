"""What the API tests share: addresses, request bodies, and a REST client's way of talking."""

import re

from django.urls import reverse

from tests.tracking.factories import ZONE, earlier_today

HEADLESS = "/_allauth/app/v1"
SIGNUP = f"{HEADLESS}/auth/signup"
VERIFY_EMAIL = f"{HEADLESS}/auth/email/verify"
LOGIN = f"{HEADLESS}/auth/login"
AUTH_SESSION = f"{HEADLESS}/auth/session"
PASSWORD_REQUEST = f"{HEADLESS}/auth/password/request"
PASSWORD_RESET = f"{HEADLESS}/auth/password/reset"

ME = reverse("api:me")
EXPORT = reverse("api:me-export")
PROGRAM = reverse("api:program")
SESSIONS = reverse("api:session-list")
SCHEDULE = reverse("api:schedule")
PROGRESS = reverse("api:progress")
REMINDERS = reverse("api:reminders")

# allauth's default verification code: two groups of four letters or digits.
CODE = re.compile(r"\b([A-Z0-9]{4}-[A-Z0-9]{4})\b")
RESET_KEY = re.compile(r"/accounts/password/reset/key/([^/\s]+)/")

PROGRAM_BODY = {
    "doctor_confirmed": True,
    "floor_ok": True,
    "spinal_fracture": False,
    "training_days": ["mon", "wed", "fri"],
    "reminder_time": "08:30",
    "timezone": ZONE,
    "reminders_enabled": True,
}


def session_url(pk: int) -> str:
    return reverse("api:session-detail", args=[pk])


def session_body(*, part: float = 0.5, **changes) -> dict:
    """A valid session for a program started today or earlier in Europe/London: performed
    earlier today, two exercises every new program has."""
    body = {
        "performed_at": earlier_today(ZONE, part=part).isoformat(),
        "pain_before": 1,
        "pain_after": 1,
        "effort": 4,
        "red_flag": False,
        "notes": "Felt steady.",
        "entries": [
            {"exercise": "back-extension", "sets": 1, "reps": 6, "hold_seconds": 3},
            {"exercise": "seated-row", "sets": 1, "reps": 6, "band": "extra-light"},
        ],
    }
    return {**body, **changes}


def send(client, method: str, url: str, body=None, *, token: str | None = None, **headers):
    """One JSON request, as a phone app sends it: the body as JSON and, when signed in, the
    X-Session-Token header (never a cookie)."""
    if token is not None:
        headers["X-Session-Token"] = token
    kwargs = {"headers": headers}
    if body is not None:
        kwargs.update(data=body, content_type="application/json")
    return getattr(client, method)(url, **kwargs)


def code_in(message) -> str:
    return CODE.search(message.body).group(1)
