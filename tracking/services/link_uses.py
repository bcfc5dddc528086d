"""One-time emailed links: the first use is recorded; every later one is refused."""

from __future__ import annotations

import datetime as dt

from django.db import IntegrityError, transaction
from django.utils import timezone

from tracking.models import LinkUse


def link_use(*, nonce: str, max_age: dt.timedelta) -> bool:
    """Record that the link with `nonce` is being used: True the first time, False ever after
    (two requests at once included: the unique nonce lets exactly one of them in)."""
    now = timezone.now()
    try:
        with transaction.atomic():
            LinkUse.objects.create(nonce=nonce, expires_at=now + max_age)
    except IntegrityError:
        return False
    return True


def link_used(*, nonce: str) -> bool:
    return LinkUse.objects.filter(nonce=nonce).exists()


def link_uses_forget_expired(*, now: dt.datetime | None = None) -> int:
    """Forget the uses of links that have expired anyway (beat runs it hourly, off the request
    path): an expired link is refused by its signature, so its row guards nothing any more."""
    deleted, _ = LinkUse.objects.filter(expires_at__lt=now or timezone.now()).delete()
    return deleted
