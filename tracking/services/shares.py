"""Share links: create one (its secret returned once), revoke it, and open it.

Opening is the only write a link's holder causes: `last_opened_at`, so the person sees that
it was used. Nothing else is written through a link."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass

from django.db import transaction
from django.utils import timezone

from tracking import sharing
from tracking.models import Share


@dataclass(frozen=True)
class ShareCreated:
    """A new link and its secret: the one moment the secret exists outside the link."""

    share: Share
    token: str


class ShareExpired(Exception):
    """The link was real, but its time is over (an answer of its own: 410, not 404)."""


class ShareInputError(ValueError):
    def __init__(self, errors: dict[str, list[str]]):
        super().__init__(errors)
        self.errors = errors


@transaction.atomic
def share_create(
    *,
    owner,
    label: str,
    period_weeks: int | None = sharing.DEFAULT_PERIOD,
    include_notes: bool = False,
    expires_in_days: int = sharing.DEFAULT_EXPIRY_DAYS,
    now: dt.datetime | None = None,
) -> ShareCreated:
    """A link for `label` showing `period_weeks` of the report (None: since the start)."""
    errors: dict[str, list[str]] = {}
    if not label.strip():
        errors["label"] = ["Say who the link is for, for example “Dr Patel, physio”."]
    if expires_in_days not in sharing.EXPIRY_DAYS:
        days = ", ".join(str(d) for d in sharing.EXPIRY_DAYS)
        errors["expires_in_days"] = [f"Choose how long the link works: {days} days."]
    if errors:
        raise ShareInputError(errors)
    now = now or timezone.now()
    token = sharing.token_new()
    share = Share(
        owner=owner,
        label=label.strip(),
        period_weeks=period_weeks,
        include_notes=include_notes,
        token_hash=sharing.token_hash(token),
        created_at=now,
        expires_at=now + dt.timedelta(days=expires_in_days),
    )
    share.full_clean()
    share.save()
    return ShareCreated(share=share, token=token)


@transaction.atomic
def share_revoke(*, owner, share_id: int, now: dt.datetime | None = None) -> bool:
    """Revoke one of the owner's links, dead from this moment; revoking twice changes nothing.
    False when the owner has no link with that id (someone else's included)."""
    links = Share.objects.filter(owner=owner, pk=share_id)
    if not links.exists():
        return False
    links.filter(revoked_at__isnull=True).update(revoked_at=now or timezone.now())
    return True


def share_open(*, token: str, now: dt.datetime | None = None) -> Share:
    """The live link behind `token`, its opening recorded. Raises Share.DoesNotExist for an
    unknown or revoked link (a 404: nothing says it ever existed) and ShareExpired for one
    whose time is over."""
    now = now or timezone.now()
    share = Share.objects.select_related("owner").get(
        token_hash=sharing.token_hash(token), revoked_at__isnull=True
    )
    if share.expired(now):
        raise ShareExpired()
    Share.objects.filter(pk=share.pk).update(last_opened_at=now)
    share.last_opened_at = now
    return share
