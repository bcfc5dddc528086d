"""A person's own pages change only when their records change or their day turns, so what
those pages render is cached under a key that changes with both.

Every write service calls `records_changed` inside its transaction: the person's
`records_version` goes up as the change commits, and the request that loads the person next
builds a new key. The key also holds the quarter hour (every time zone's midnight falls on one,
so "today" cannot go stale), the person's own time zone, and the catalogue's version.
"""

from __future__ import annotations

import datetime as dt
import hashlib
from collections.abc import Callable

from django.contrib.auth import get_user_model
from django.core.cache import cache
from django.db.models import F
from django.utils import timezone

from exercises.catalogue_cache import catalogue_version

SECONDS = 15 * 60
QUARTER_HOUR = 15 * 60


def records_changed(user_id: int) -> None:
    """Move the person's pages on: call inside the transaction that changes their records."""
    get_user_model().objects.filter(pk=user_id).update(records_version=F("records_version") + 1)


def person_key(user, name: str, *parts: str, now: dt.datetime | None = None) -> str:
    quarter = int((now or timezone.now()).timestamp()) // QUARTER_HOUR
    detail = hashlib.sha256("\0".join(parts).encode()).hexdigest()[:24]
    return (
        f"person:{user.pk}:{user.records_version}:{quarter}:{user.timezone}:"
        f"{catalogue_version()}:{name}:{detail}"
    )


def person_cached[T](user, name: str, build: Callable[[], T | None], *parts: str) -> T | None:
    """What `build` gives for this person now, built once per key (None is never kept)."""
    key = person_key(user, name, *parts)
    value = cache.get(key)
    if value is None:
        value = build()
        if value is not None:
            cache.set(key, value, SECONDS)
    return value


def person_forget(user_id: int) -> None:
    """Delete every page cached for the person (their notes and pain scores among them) when
    the account goes: the entries must not wait out their expiry. Only the Redis cache can list
    its keys; the process-memory cache of a run without Redis lets them expire."""
    delete_pattern = getattr(cache, "delete_pattern", None)
    if delete_pattern is not None:
        delete_pattern(f"person:{user_id}:*")
