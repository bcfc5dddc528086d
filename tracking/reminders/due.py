"""Who is due a reminder or weekly summary now, and until when an email is still worth sending.

Everyone due, across every time zone, comes from one query: a clause per zone in use, each
holding that zone's local day and time, joined with OR. Someone who already has a delivery for
that kind and local day is left out, so a repeated sweep selects nobody twice.
"""

from __future__ import annotations

import datetime as dt
import functools
import zoneinfo

from allauth.account.models import EmailAddress
from django.db.models import Exists, OuterRef, Q

from tracking.models import TRAINING_DAY_MASKS, Delivery, DeliveryKind, Program

LATE_CUTOFF = dt.time(21, 0)  # a late reminder may still go out until 21:00 local...
MIN_LATE_WINDOW = dt.timedelta(hours=1)  # ...or for an hour after a later reminder time


@functools.lru_cache(maxsize=4096)
def send_window(local_date: dt.date, reminder_time: dt.time, zone: dt.tzinfo):
    """When an email for this local day is due, and the last moment it is still worth sending.

    Cached: a sweep asks for the same few (day, time, zone) triples for many people."""
    due = dt.datetime.combine(local_date, reminder_time, zone)
    cutoff = max(dt.datetime.combine(local_date, LATE_CUTOFF, zone), due + MIN_LATE_WINDOW)
    midnight = dt.datetime.combine(local_date + dt.timedelta(days=1), dt.time(0), zone)
    return due.astimezone(dt.UTC), min(cutoff, midnight).astimezone(dt.UTC)


def _masks_with(weekday: int) -> list[int]:
    return [mask for mask in TRAINING_DAY_MASKS if mask & (1 << weekday)]


def _zone_clause(zone_name: str, now: dt.datetime, kind: str) -> tuple[Q, dt.date]:
    local = now.astimezone(zoneinfo.ZoneInfo(zone_name))
    day, at = local.date(), local.time().replace(microsecond=0)
    clause = Q(timezone=zone_name, reminder_time__lte=at, started_on__lte=day)
    if at > LATE_CUTOFF:
        earliest = dt.datetime.combine(day, at) - MIN_LATE_WINDOW
        clause &= Q(reminder_time__gte=earliest.time() if earliest.date() == day else dt.time(0))
    if kind == DeliveryKind.REMINDER:
        clause &= Q(reminders_enabled=True, training_days__in=_masks_with(local.weekday()))
    else:
        clause &= Q(weekly_summary_enabled=True, weekly_summary_day=local.weekday())
    delivered = Delivery.objects.filter(user_id=OuterRef("user_id"), kind=kind, local_date=day)
    return clause & ~Exists(delivered), day


def due_programs(now: dt.datetime, kind: str) -> list[tuple[int, int, str, dt.time, dt.date]]:
    """(program, user, timezone, reminder time, local date) for everyone due now: two queries,
    however many people and time zones."""
    zones = list(
        Program.objects.filter(active=True, paused=False)
        .values_list("timezone", flat=True)
        .distinct()
        .order_by()
    )
    if not zones:
        return []
    clauses, days = Q(), {}
    for zone_name in zones:
        clause, days[zone_name] = _zone_clause(zone_name, now, kind)
        clauses |= clause
    confirmed = EmailAddress.objects.filter(
        user_id=OuterRef("user_id"), email__iexact=OuterRef("user__email"), verified=True
    )
    rows = (
        Program.objects.filter(active=True, paused=False, user__is_active=True)
        .filter(Exists(confirmed))
        .filter(clauses)
        .values_list("id", "user_id", "timezone", "reminder_time")
        .order_by("id")
    )
    return [(pk, user_id, zone, at, days[zone]) for pk, user_id, zone, at in rows]
