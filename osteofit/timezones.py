"""Time zone names, for every app that stores one (a person's, a program's). Here rather than
in `accounts` so that `tracking` needs nothing from `accounts`: the apps depend one way."""

import functools
import zoneinfo

from django.core.exceptions import ValidationError


@functools.cache
def known_timezones() -> frozenset[str]:
    """Every IANA zone name on this system (read from disk once per process)."""
    return frozenset(zoneinfo.available_timezones())


def validate_timezone(value: str) -> None:
    if value not in known_timezones():
        raise ValidationError(
            "%(value)s is not a time zone we know. Choose one such as Europe/London.",
            params={"value": value},
            code="invalid_timezone",
        )
