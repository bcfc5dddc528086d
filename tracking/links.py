"""Signed links in emails: open today's log, unsubscribe, answer the weekly question.

Each token is bound to one person and one purpose (its salt), so it cannot be replayed for
another person or another action. Log links sign the person in, so they expire and stop working
when the password changes; unsubscribe links keep working, as mail providers expect.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass

from django.core import signing
from django.utils.crypto import constant_time_compare, salted_hmac

LOG_LINK_MAX_AGE = dt.timedelta(hours=36)
REFLECTION_MAX_AGE = dt.timedelta(days=14)


class LinkInvalid(Exception):
    """The link was altered, belongs to another purpose, or has expired."""

    def __init__(self, expired: bool = False):
        super().__init__("expired" if expired else "invalid")
        self.expired = expired


@dataclass(frozen=True)
class LogLink:
    user_id: int
    local_date: dt.date
    key: str = ""

    def still_valid_for(self, user) -> bool:
        """False once the person's password has changed: old sign-in links stop working."""
        return constant_time_compare(self.key, _password_key(user))


@dataclass(frozen=True)
class UnsubscribeLink:
    user_id: int
    kind: str


@dataclass(frozen=True)
class ReflectionLink:
    user_id: int
    week_start: dt.date
    obstacle: str


def _load(token: str, salt: str, max_age: dt.timedelta | None) -> dict:
    try:
        return signing.loads(token, salt=salt, max_age=max_age)
    except signing.SignatureExpired:
        raise LinkInvalid(expired=True) from None
    except signing.BadSignature:
        raise LinkInvalid() from None


def _password_key(user) -> str:
    return salted_hmac("osteofit.log-link.password", user.password, algorithm="sha256").hexdigest()[
        :16
    ]


def log_token(user, local_date: dt.date) -> str:
    """A sign-in link for one person and day; it expires, and dies with a password change."""
    return signing.dumps(
        {"u": user.pk, "d": local_date.isoformat(), "k": _password_key(user)},
        salt="osteofit.log-link",
    )


def log_link_read(token: str) -> LogLink:
    data = _load(token, "osteofit.log-link", LOG_LINK_MAX_AGE)
    return LogLink(
        user_id=int(data["u"]), local_date=dt.date.fromisoformat(data["d"]), key=data.get("k", "")
    )


def unsubscribe_token(user_id: int, kind: str) -> str:
    return signing.dumps({"u": user_id, "k": kind}, salt="osteofit.unsubscribe")


def unsubscribe_link_read(token: str) -> UnsubscribeLink:
    data = _load(token, "osteofit.unsubscribe", None)
    return UnsubscribeLink(user_id=int(data["u"]), kind=str(data["k"]))


def reflection_token(user_id: int, week_start: dt.date, obstacle: str) -> str:
    return signing.dumps(
        {"u": user_id, "w": week_start.isoformat(), "o": obstacle}, salt="osteofit.reflection"
    )


def reflection_link_read(token: str) -> ReflectionLink:
    data = _load(token, "osteofit.reflection", REFLECTION_MAX_AGE)
    return ReflectionLink(
        user_id=int(data["u"]), week_start=dt.date.fromisoformat(data["w"]), obstacle=data["o"]
    )
