"""The delivery rows that make each email go out at most once: recording them, queueing them
again when the broker lost them, and the lease a sender holds while it sends.

A Delivery is recorded per person, kind and local day under a unique constraint, so
concurrent or repeated sweeps cannot double up. A sender leases its rows before the email goes
out and finishes each straight after, so a worker that dies can duplicate at most the one email
it was sending.
"""

from __future__ import annotations

import datetime as dt
import uuid
import zoneinfo
from collections.abc import Callable, Sequence
from dataclasses import dataclass, field

import psycopg
from django.db import connection, transaction
from django.db.models import F, Q
from django.utils import timezone

from tracking.models import Delivery, DeliveryKind, DeliveryStatus, Session
from tracking.reminders import due

STALE_AFTER = dt.timedelta(minutes=10)  # queued this long: the broker lost it, queue again
LEASE = dt.timedelta(minutes=6)  # longer than a send task may run, so never two senders
SELECT_BATCH = 5000
SEND_BATCH = 100


@dataclass
class DispatchReport:
    queued: int = 0
    skipped: int = 0
    requeued: int = 0
    expired: int = 0
    queued_ids: list[int] = field(default_factory=list)


def dispatch_due(
    *, now: dt.datetime | None = None, enqueue: Callable[[list[int]], None]
) -> DispatchReport:
    """Record a delivery for everyone due and hand the new ones to `enqueue` after commit."""
    now = now or timezone.now()
    report = DispatchReport()
    for kind in (DeliveryKind.REMINDER, DeliveryKind.SUMMARY):
        programs = due.due_programs(now, kind)
        for start in range(0, len(programs), SELECT_BATCH):
            _record_batch(programs[start : start + SELECT_BATCH], kind, now, report, enqueue)
    _requeue_stale(now, report, enqueue)
    return report


@transaction.atomic
def _record_batch(batch, kind, now, report: DispatchReport, enqueue) -> None:
    claim = uuid.uuid4()
    logged: set[tuple[int, dt.date]] = set()
    if kind == DeliveryKind.REMINDER:
        logged = set(
            Session.objects.filter(
                user_id__in=[row[1] for row in batch], local_date__in={row[4] for row in batch}
            ).values_list("user_id", "local_date")
        )
    rows = []
    for program_id, user_id, zone_name, at, day in batch:
        due_at, expires_at = due.send_window(day, at, zoneinfo.ZoneInfo(zone_name))
        already = (user_id, day) in logged
        rows.append(
            {
                "user_id": user_id,
                "program_id": program_id,
                "kind": kind,
                "local_date": day,
                "status": DeliveryStatus.SKIPPED if already else DeliveryStatus.QUEUED,
                "detail": "A session was already logged that day." if already else "",
                "due_at": due_at,
                "expires_at": expires_at,
                "claim": claim,
                "queued_at": None if already else now,
                "attempts": 0,
            }
        )
    _insert_ignoring_duplicates(rows)
    created = Delivery.objects.filter(claim=claim)
    queued = list(created.filter(status=DeliveryStatus.QUEUED).values_list("id", flat=True))
    report.queued += len(queued)
    report.skipped += created.filter(status=DeliveryStatus.SKIPPED).count()
    report.queued_ids += queued
    _enqueue_after_commit(queued, enqueue)


_INSERT_COLUMNS = [
    ("user_id", "bigint"),
    ("program_id", "bigint"),
    ("kind", "varchar"),
    ("local_date", "date"),
    ("status", "varchar"),
    ("detail", "varchar"),
    ("due_at", "timestamptz"),
    ("expires_at", "timestamptz"),
    ("claim", "uuid"),
    ("queued_at", "timestamptz"),
    ("attempts", "smallint"),
    ("created_at", "timestamptz"),
]


def _insert_ignoring_duplicates(rows: list[dict]) -> None:
    """Insert delivery rows; a row for a (person, kind, day) that exists already is dropped.

    On PostgreSQL the batch goes as one INSERT ... SELECT FROM unnest(arrays) with server-side
    binding, many times faster than the ORM's bulk insert at this size; elsewhere the ORM.
    """
    if connection.vendor != "postgresql":
        Delivery.objects.bulk_create(
            [Delivery(**row) for row in rows], ignore_conflicts=True, batch_size=500
        )
        return
    created_at = timezone.now()
    names = ", ".join(connection.ops.quote_name(name) for name, _ in _INSERT_COLUMNS)
    arrays = ", ".join(f"%b::{kind}[]" for _, kind in _INSERT_COLUMNS)
    sql = (
        f"INSERT INTO {connection.ops.quote_name(Delivery._meta.db_table)} ({names}) "
        f"SELECT * FROM unnest({arrays}) ON CONFLICT DO NOTHING"
    )
    params = [
        [created_at] * len(rows) if name == "created_at" else [row[name] for row in rows]
        for name, _ in _INSERT_COLUMNS
    ]
    connection.ensure_connection()
    with psycopg.Cursor(connection.connection) as cursor:
        cursor.execute(sql, params)


@transaction.atomic
def _requeue_stale(now, report: DispatchReport, enqueue) -> None:
    stale = Delivery.objects.filter(status=DeliveryStatus.QUEUED, queued_at__lt=now - STALE_AFTER)
    report.expired += stale.filter(expires_at__lte=now).update(
        status=DeliveryStatus.SKIPPED, detail="Not sent in time for that day."
    )
    ids = list(
        stale.filter(expires_at__gt=now)
        .filter(Q(lease_until__isnull=True) | Q(lease_until__lt=now))
        .values_list("id", flat=True)
    )
    Delivery.objects.filter(pk__in=ids).update(queued_at=now)
    report.requeued += len(ids)
    _enqueue_after_commit(ids, enqueue)


def _enqueue_after_commit(ids: list[int], enqueue) -> None:
    for start in range(0, len(ids), SEND_BATCH):
        chunk = ids[start : start + SEND_BATCH]
        transaction.on_commit(lambda chunk=chunk: enqueue(chunk))


@transaction.atomic
def lease(ids: Sequence[int], now: dt.datetime) -> list[int]:
    """Take the batch's rows for this worker, skipping any sent, skipped or held by another."""
    free = (
        Delivery.objects.select_for_update(skip_locked=True)
        .filter(pk__in=list(ids), status=DeliveryStatus.QUEUED)
        .filter(Q(lease_until__isnull=True) | Q(lease_until__lt=now))
    )
    taken = list(free.values_list("id", flat=True))
    Delivery.objects.filter(pk__in=taken).update(
        lease_until=now + LEASE, attempts=F("attempts") + 1
    )
    return taken


def release(ids: Sequence[int], failure: BaseException) -> None:
    """Give the rows back for the next try, saying on each why this one failed."""
    Delivery.objects.filter(pk__in=list(ids)).update(
        lease_until=None, detail=f"Attempt failed: {failure}"[:300]
    )


def finish(delivery: Delivery, status: str, detail: str, sent_at=None) -> None:
    Delivery.objects.filter(pk=delivery.pk).update(
        status=status, detail=detail, sent_at=sent_at, lease_until=None
    )
