"""One-time emailed links: the first use is recorded; every later one is refused."""

from __future__ import annotations

import datetime as dt

from django.db import IntegrityError, transaction
from django.utils import timezone

from tracking.models import LinkUse


def link_use(*, nonce: str, max_age: dt.timedelta) -> bool:
    """Record that the link with `nonce` is being used: True the first time, False ever after
    (two requests at once included: the unique nonce lets exactly one of them in).

    Rows of links that have expired anyway are cleared on the way, so the table stays small."""
    now = timezone.now()
    LinkUse.objects.filter(expires_at__lt=now).delete()
    try:
        with transaction.atomic():
            LinkUse.objects.create(nonce=nonce, expires_at=now + max_age)
    except IntegrityError:
        return False
    return True


def link_used(*, nonce: str) -> bool:
    return LinkUse.objects.filter(nonce=nonce).exists()
