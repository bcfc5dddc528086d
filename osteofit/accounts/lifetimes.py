"""How long an emailed code or link works, in words, read from the settings that decide it
(allauth's code timeouts, Django's PASSWORD_RESET_TIMEOUT), so no page or email types the
number a second time. Registered as the `lifetimes` template library."""

from allauth.account import app_settings as allauth_settings
from django import template
from django.conf import settings

register = template.Library()


def _code_seconds(kind: str) -> int:
    return {
        "login": allauth_settings.LOGIN_BY_CODE_TIMEOUT,
        "email": allauth_settings.EMAIL_VERIFICATION_BY_CODE_TIMEOUT,
        "password_reset": allauth_settings.PASSWORD_RESET_BY_CODE_TIMEOUT,
    }[str(kind).strip()]


def in_words(seconds: int) -> str:
    """'15 minutes', '1 hour', '3 days': the largest unit that divides the time evenly, so the
    words never round a lifetime up."""
    for unit, size in (("day", 86_400), ("hour", 3_600)):
        if seconds >= size and seconds % size == 0:
            count = seconds // size
            return f"{count} {unit}{'' if count == 1 else 's'}"
    minutes = _minutes(seconds)
    return f"{minutes} minute{'' if minutes == 1 else 's'}"


def _minutes(seconds: int) -> int:
    return max(1, round(seconds / 60))


@register.simple_tag
def code_minutes(kind: str) -> str:
    """How long an emailed code works, in whole minutes."""
    return str(_minutes(_code_seconds(kind)))


@register.simple_tag
def reset_link_lifetime() -> str:
    """How long the emailed link to choose a new password works, in words."""
    return in_words(settings.PASSWORD_RESET_TIMEOUT)
