"""Account writes and the whole-account export, shared by the browser pages and the API."""

import datetime as dt
from importlib import import_module

from django.conf import settings
from django.contrib.auth import SESSION_KEY, get_user_model
from django.db import transaction
from django.utils import timezone

from tracking import selectors as tracking_selectors
from tracking.models import Program

User = get_user_model()


@transaction.atomic
def account_update(
    *,
    user,
    first_name: str | None = None,
    last_name: str | None = None,
    timezone_name: str | None = None,
):
    """Change the name or time zone; the running program follows the person's time zone."""
    if first_name is not None:
        user.first_name = first_name
    if last_name is not None:
        user.last_name = last_name
    if timezone_name is not None:
        user.timezone = timezone_name
    user.full_clean(exclude=["password"])
    user.save(update_fields=["first_name", "last_name", "timezone"])
    if timezone_name is not None:
        Program.objects.filter(user=user, active=True).update(
            timezone=timezone_name, updated_at=timezone.now()
        )
    return user


@transaction.atomic
def account_delete(*, user) -> None:
    """Delete the account and, through the foreign keys, every row that belongs to it, and
    sign the person out everywhere."""
    user_pk = user.pk
    User.objects.filter(pk=user_pk).delete()
    _sessions_end(user_pk)


def _sessions_end(user_pk) -> None:
    """Delete every stored session of the person: the ones behind browser cookies and behind
    each app's X-Session-Token. No foreign key leads to them, so the deletion above leaves them,
    and allauth keeps the email address in them until they expire.

    Sessions do not record their owner in a column, so each one is decoded: slow with very many
    sessions, but deleting an account is rare. Only database-backed session engines can be
    searched; with a cache-only engine the sessions simply expire (they no longer sign anybody
    in, since the user is gone)."""
    store_class = import_module(settings.SESSION_ENGINE).SessionStore
    if not hasattr(store_class, "get_model_class"):
        return
    decoder = store_class()
    owner = str(user_pk)
    doomed = [
        stored.session_key
        for stored in store_class.get_model_class().objects.iterator()
        if decoder.decode(stored.session_data).get(SESSION_KEY) == owner
    ]
    for session_key in doomed:
        store_class(session_key=session_key).delete()


def account_export(*, user) -> dict:
    """All of a person's data as one document, for the API and the browser download."""
    return {
        "exported_at": timezone.now(),
        "format": "osteofit-export/1",
        "account": {
            "email": user.email,
            "first_name": user.first_name,
            "last_name": user.last_name,
            "timezone": user.timezone,
            "date_joined": user.date_joined,
            "email_addresses": list(user.emailaddress_set.values("email", "verified", "primary")),
        },
        **tracking_selectors.data_export(user),
    }


def export_filename(now: dt.datetime | None = None) -> str:
    return f"osteofit-export-{(now or timezone.now()):%Y-%m-%d}.json"
