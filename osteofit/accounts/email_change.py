"""When the account's email address changes, the old address hears of it and can undo it.

Whoever takes over an account changes its address first, so the owner would never hear of
anything again. allauth sends `email_changed` whenever a new address becomes the primary one
(browser pages and headless API alike); the notice goes to the old address with a link that,
for seven days, puts the old address back as the only one and signs every other session out.
"""

from __future__ import annotations

from allauth.account.adapter import get_adapter
from allauth.account.models import EmailAddress
from allauth.account.signals import email_changed
from django.conf import settings
from django.db import transaction
from django.urls import reverse

from osteofit.accounts.services import login_sessions_end
from tracking import links
from tracking.services.link_uses import link_use


class EmailTaken(Exception):
    """The old address now belongs to another account, so it cannot come back."""


class UndoOutdated(Exception):
    """The account's address has changed again since the notice: this link no longer applies."""


class UndoUsed(Exception):
    """The link has been used already."""


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
def email_change_undo(*, user, link, keep_session_key: str | None = None) -> None:
    """Make the link's old address the account's one address again, confirmed (the undo link
    reached it); drop every other address (a taker may have added several); make the password
    unusable (a taker may have set it: the owner chooses a new one by reset or signs in by
    code); and end every session of the person but `keep_session_key`.

    Only while the account still has the address the notice was about: after a later change
    the old link would hand the account to whoever holds an old mailbox. The link is used up
    only when the undo happens, so a refusal can be tried again."""
    if not user.email or user.email.lower() != link.new_email.lower():
        raise UndoOutdated()
    if EmailAddress.objects.filter(email__iexact=link.old_email).exclude(user=user).exists():
        raise EmailTaken()
    if not link_use(nonce=link.nonce, max_age=links.EMAIL_UNDO_MAX_AGE):
        raise UndoUsed()
    EmailAddress.objects.filter(user=user).exclude(email__iexact=link.old_email).delete()
    address = EmailAddress.objects.filter(user=user, email__iexact=link.old_email).first()
    if address is None:
        address = EmailAddress(user=user, email=link.old_email)
    address.verified = True
    address.primary = True
    address.save()
    user.email = address.email
    user.set_unusable_password()
    user.save(update_fields=["email", "password"])
    login_sessions_end(user.pk, keep=keep_session_key)
