"""Signed links in emails: open today's log, unsubscribe, answer the weekly question, undo an
email change.

Each token is bound to one person and one purpose (its salt), so it cannot be replayed for
another person or another action. The person is named by an opaque id (`person_ref`), never by
the sequential user id, so a link says nothing about how many accounts there are or which came
first. Log links sign in (to a limited session, `osteofit.accounts.limited_session`), so they
are used once, expire and stop working when the password changes; unsubscribe links keep
working, as mail providers expect.
"""

from __future__ import annotations

import base64
import datetime as dt
import hashlib
import hmac
import secrets
import struct
from dataclasses import dataclass

from django.core import signing
from django.utils.crypto import constant_time_compare, salted_hmac

LOG_LINK_MAX_AGE = dt.timedelta(hours=36)
REFLECTION_MAX_AGE = dt.timedelta(days=14)
EMAIL_UNDO_MAX_AGE = dt.timedelta(days=7)

LOG_SALT = "osteofit.log-link"
UNSUBSCRIBE_SALT = "osteofit.unsubscribe"
REFLECTION_SALT = "osteofit.reflection"
EMAIL_UNDO_SALT = "osteofit.email-undo"


class LinkInvalid(Exception):
    """The link was altered, belongs to another purpose, has expired, or is of the old kind
    that named the person by their user id (`old`)."""

    def __init__(self, expired: bool = False, old: bool = False):
        super().__init__("expired" if expired else "old" if old else "invalid")
        self.expired = expired
        self.old = old


# --- the opaque person id ----------------------------------------------------------------------
#
# A keyed permutation of the 64-bit user id (a four-round Feistel network whose round function is
# HMAC-SHA256 under a key derived from SECRET_KEY): one id maps to one opaque value and back, no
# table to keep in step, and without the key the value shows nothing of the id. The signature
# over the whole token still decides whether a link is genuine.

_ROUNDS = 4


def _round(half: int, number: int) -> int:
    key = salted_hmac("osteofit.links.person-ref", "", algorithm="sha256").digest()
    digest = hmac.new(key, struct.pack(">BI", number, half), hashlib.sha256).digest()
    return int.from_bytes(digest[:4], "big")


def person_ref(user_id: int) -> str:
    """The opaque id that stands for a person in links."""
    left, right = divmod(int(user_id), 1 << 32)
    for number in range(_ROUNDS):
        left, right = right, left ^ _round(right, number)
    return base64.urlsafe_b64encode(struct.pack(">II", left, right)).decode().rstrip("=")


def person_id(ref: str) -> int:
    """The user id behind an opaque id; LinkInvalid when it is not one."""
    try:
        left, right = struct.unpack(">II", base64.urlsafe_b64decode(ref + "=" * (-len(ref) % 4)))
    except (ValueError, TypeError, struct.error):
        raise LinkInvalid() from None
    for number in reversed(range(_ROUNDS)):
        left, right = right ^ _round(left, number), left
    user_id = (left << 32) | right
    if user_id >= 1 << 63:  # not one of ours (made under an older SECRET_KEY, say)
        raise LinkInvalid()
    return user_id


# --- the links ---------------------------------------------------------------------------------


@dataclass(frozen=True)
class LogLink:
    user_id: int
    local_date: dt.date
    key: str = ""
    nonce: str = ""

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


@dataclass(frozen=True)
class EmailUndoLink:
    user_id: int
    old_email: str
    new_email: str
    nonce: str


def _load(token: str, salt: str, max_age: dt.timedelta | None) -> dict:
    try:
        data = signing.loads(token, salt=salt, max_age=max_age)
    except signing.SignatureExpired:
        raise LinkInvalid(expired=True) from None
    except signing.BadSignature:
        raise LinkInvalid() from None
    if not isinstance(data, dict):
        raise LinkInvalid()
    if "p" not in data:
        # Made before links stopped showing the user id ({"u": 12, ...}): genuine, but refused.
        raise LinkInvalid(old="u" in data)
    data["u"] = person_id(str(data["p"]))
    return data


def _password_key(user) -> str:
    return salted_hmac("osteofit.log-link.password", user.password, algorithm="sha256").hexdigest()[
        :16
    ]


def _nonce() -> str:
    return secrets.token_urlsafe(12)


def log_token(user, local_date: dt.date) -> str:
    """A one-time sign-in link for one person and day; it expires, and dies with a password
    change. The nonce is what `LinkUse` records once the link has been used."""
    return signing.dumps(
        {
            "p": person_ref(user.pk),
            "d": local_date.isoformat(),
            "k": _password_key(user),
            "n": _nonce(),
        },
        salt=LOG_SALT,
    )


def log_link_read(token: str) -> LogLink:
    data = _load(token, LOG_SALT, LOG_LINK_MAX_AGE)
    try:
        return LogLink(
            user_id=data["u"],
            local_date=dt.date.fromisoformat(data["d"]),
            key=str(data.get("k", "")),
            nonce=str(data["n"]),
        )
    except (KeyError, ValueError, TypeError):
        raise LinkInvalid() from None


def unsubscribe_token(user_id: int, kind: str) -> str:
    return signing.dumps({"p": person_ref(user_id), "k": kind}, salt=UNSUBSCRIBE_SALT)


def unsubscribe_link_read(token: str) -> UnsubscribeLink:
    try:
        data = _load(token, UNSUBSCRIBE_SALT, None)
    except LinkInvalid as error:
        if not error.old:
            raise
        # Unsubscribe links in emails sent before the change keep working, as mail providers
        # and the law expect of an unsubscribe link; only new ones hide the id.
        data = signing.loads(token, salt=UNSUBSCRIBE_SALT)
    return UnsubscribeLink(user_id=int(data["u"]), kind=str(data["k"]))


def reflection_token(user_id: int, week_start: dt.date, obstacle: str) -> str:
    return signing.dumps(
        {"p": person_ref(user_id), "w": week_start.isoformat(), "o": obstacle},
        salt=REFLECTION_SALT,
    )


def reflection_link_read(token: str) -> ReflectionLink:
    data = _load(token, REFLECTION_SALT, REFLECTION_MAX_AGE)
    return ReflectionLink(
        user_id=data["u"], week_start=dt.date.fromisoformat(data["w"]), obstacle=data["o"]
    )


def email_undo_token(user_id: int, old_email: str, new_email: str) -> str:
    """Sent to the old address when the address changes: it puts that address back."""
    return signing.dumps(
        {"p": person_ref(user_id), "o": old_email, "e": new_email, "n": _nonce()},
        salt=EMAIL_UNDO_SALT,
    )


def email_undo_link_read(token: str) -> EmailUndoLink:
    data = _load(token, EMAIL_UNDO_SALT, EMAIL_UNDO_MAX_AGE)
    return EmailUndoLink(
        user_id=data["u"], old_email=str(data["o"]), new_email=str(data["e"]), nonce=str(data["n"])
    )
