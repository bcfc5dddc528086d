"""Addresses that carry a secret in their path, and how to keep that secret out of logs.

The one-click email links (`/r/log/<token>/`, `/r/unsubscribe/<token>/`, `/r/week/<token>/`),
the calendar feed (`/calendar/<token>.ics`), share links (`/shared/<token>/`), allauth's
password-reset and email-confirmation keys and the email-change undo link work without a
password: whoever holds the address holds the access. So the token never reaches a log line
(gunicorn's access log, Django's request logger), and the answers are never stored by a shared
cache. Pure: no Django, so gunicorn's logger can use it too.
"""

import logging
import re

# The first path segments of every address whose next segment is a secret.
SECRET_PREFIXES = (
    "/r/",
    "/calendar/",
    "/share/",
    "/shared/",
    "/accounts/password/reset/key/",
    "/accounts/confirm-email/",
    "/account/email/undo/",
)
REDACTED = "[redacted]"

_SLASH = r"(?:/|%2F)"  # a path inside a query string (?next=%2Fr%2Flog%2F...) is encoded
_END = r"""(?=%2F|[/\s?#&"'<>)\]]|$)"""
# Each prefix but /r/ (whose next segment is the link's kind), with its slashes maybe encoded.
_PREFIX_WORDS = "|".join(
    _SLASH.join(re.escape(part) for part in prefix.strip("/").split("/"))
    for prefix in SECRET_PREFIXES
    if prefix != "/r/"
)
_SECRET_IN_TEXT = re.compile(
    # Where a path starts: the start of the text, after a space, quote, bracket or `=`, or
    # after a scheme and host. So /program/calendar/reset/ is left alone.
    r"(?P<before>(?:^|(?<=[\s\"'=(\[]))(?:[a-z][a-z0-9+.-]*://[^/\s\"']*)?)"
    rf"(?P<prefix>{_SLASH}(?:r{_SLASH}[\w-]+|{_PREFIX_WORDS}){_SLASH})"
    # Never [redacted] itself, so redacting twice (logger, then handler) changes nothing.
    rf"(?!\[redacted\])(?P<secret>[^/\s?#&\"'<>]+?)(?P<suffix>\.ics)?{_END}",
    re.IGNORECASE,
)


def carries_secret(path: str) -> bool:
    """Whether a request path is one of the secret-bearing addresses."""
    return path.startswith(SECRET_PREFIXES)


def redact(text: str) -> str:
    """The text with every secret-bearing path's token replaced by [redacted]."""
    if "/" not in text and "%2f" not in text.lower():
        return text
    return _SECRET_IN_TEXT.sub(rf"\g<before>\g<prefix>{REDACTED}\g<suffix>", text)


class SecretsRedacted(logging.Filter):
    """A logging filter that rewrites a record's message with its secrets redacted. Put on a
    logger, it changes the record before any handler (console, mail, file) formats it."""

    def filter(self, record: logging.LogRecord) -> bool:
        message = record.getMessage()
        redacted = redact(message)
        if redacted != message:
            record.msg, record.args = redacted, None
        return True
