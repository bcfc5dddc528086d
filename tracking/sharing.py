"""Rules for sharing a report with a clinician: the periods a report covers, how long a link
may live, and how its secret is made and kept. Pure: no Django, so models, forms, serializers,
templates and tests read the same numbers from here."""

import hashlib
import secrets

# Weeks a report may cover; None is "everything since the program started".
REPORT_PERIODS = (4, 12, 26, 52)
DEFAULT_PERIOD = 12
# Days a share link lives before it stops working on its own.
EXPIRY_DAYS = (7, 30, 90)
DEFAULT_EXPIRY_DAYS = 30
LABEL_MAX = 80
# token_urlsafe(32): 32 random bytes (256 bits) in 43 URL-safe characters.
TOKEN_BYTES = 32


def period_words(weeks: int | None) -> str:
    """ "the last 12 weeks", or "since the start" for the whole history."""
    return "since the program started" if weeks is None else f"the last {weeks} weeks"


def token_new() -> str:
    """A share link's secret, for its URL only: what is stored is `token_hash(token)`."""
    return secrets.token_urlsafe(TOKEN_BYTES)


def token_hash(token: str) -> str:
    """SHA-256 of the token, hex. A fast hash suffices: the token is 256 random bits, so there
    is nothing to guess, and a stolen table of hashes opens no link."""
    return hashlib.sha256(token.encode()).hexdigest()
