"""When the account's email address changes, the old address hears of it and can undo it.

Whoever takes over an account changes its address first, so the owner would never hear of
anything again. allauth sends `email_changed` whenever a new address becomes the primary one
(browser pages and headless API alike); the notice goes to the old address with a link that,
for seven days, puts the old address back as the only one and signs every other session out.
"""

from __future__ import annotations

from importlib import import_module

from allauth.account.adapter import get_adapter
from allauth.account.models import EmailAddress
from allauth.account.signals import email_changed
from django.conf import settings
from django.contrib.auth import SESSION_KEY
from django.db import transaction
from django.urls import reverse

from tracking import links


class EmailTaken(Exception):
    """The old address now belongs to another account, so it cannot come back."""


def email_change_notify(*, user, old_email: str, new_email: str) -> None:
    """Tell the old address that the account now uses `new_email`, with the undo link."""
    token = links.email_undo_token(user.pk, old_email, new_email)
    get_adapter().send_mail(
        "account/email/email_changed_undo",
        old_email,
        {
            "old_email": old_email,
            "new_email": new_email,
            "undo_url": f"{settings.SITE_URL}{reverse('account:email_change_undo', args=[token])}",
            "days": links.EMAIL_UNDO_MAX_AGE.days,
        },
    )


def _on_email_changed(sender, request, user, from_email_address, to_email_address, **kwargs):
    if from_email_address is None or from_email_address.email == to_email_address.email:
        return
    email_change_notify(
        user=user, old_email=from_email_address.email, new_email=to_email_address.email
    )


def connect() -> None:
    email_changed.connect(_on_email_changed, dispatch_uid="osteofit.email_change_notify")


@transaction.atomic
def email_change_undo(*, user, old_email: str, keep_session_key: str | None = None) -> None:
    """Make `old_email` the account's one address again, confirmed (the undo link reached it),
    drop every other address (a taker may have added several), and end every session of the
    person but `keep_session_key`, so whoever changed it is signed out."""
    if EmailAddress.objects.filter(email__iexact=old_email).exclude(user=user).exists():
        raise EmailTaken()
    EmailAddress.objects.filter(user=user).exclude(email__iexact=old_email).delete()
    address = EmailAddress.objects.filter(user=user, email__iexact=old_email).first()
    if address is None:
        address = EmailAddress(user=user, email=old_email)
    address.verified = True
    address.primary = True
    address.save()
    user.email = address.email
    user.save(update_fields=["email"])
    _sessions_end(user.pk, keep=keep_session_key)


def _sessions_end(user_pk, *, keep: str | None) -> None:
    """Delete the person's stored sessions (browser cookies and app tokens alike) but one.

    Sessions name their owner only inside their data, so each is decoded; undoing an email
    change is rare. Only database-backed session engines can be searched."""
    store_class = import_module(settings.SESSION_ENGINE).SessionStore
    if not hasattr(store_class, "get_model_class"):
        return
    decoder = store_class()
    owner = str(user_pk)
    doomed = [
        stored.session_key
        for stored in store_class.get_model_class().objects.iterator()
        if stored.session_key != keep
        and decoder.decode(stored.session_data).get(SESSION_KEY) == owner
    ]
    for session_key in doomed:
        store_class(session_key=session_key).delete()
