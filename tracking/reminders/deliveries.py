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
from django.db.models import Case, F, Q, Value, When
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
    """Record a delivery for everyone due and hand the new ones to `enqueue` after commit.

    A person due both a reminder and the weekly summary has both rows recorded in the same
    transaction and queued in the same send batch, where they become one email (`sending`)."""
    now = now or timezone.now()
    report = DispatchReport()
    due_rows = sorted(
        (
            (user_id, kind, program_id, zone_name, at, day)
            for kind in (DeliveryKind.REMINDER, DeliveryKind.SUMMARY)
            for program_id, user_id, zone_name, at, day in due.due_programs(now, kind)
        ),
        key=lambda row: row[0],
    )
    for batch in _by_person(due_rows, SELECT_BATCH, person=lambda row: row[0]):
        _record_batch(batch, now, report, enqueue)
    _requeue_stale(now, report, enqueue)
    return report


def _by_person(rows: list, size: int, *, person: Callable) -> list[list]:
    """`rows` (sorted by person) in chunks of about `size`, never splitting one person's rows."""
    chunks: list[list] = []
    for row in rows:
        if chunks and (len(chunks[-1]) < size or person(chunks[-1][-1]) == person(row)):
            chunks[-1].append(row)
        else:
            chunks.append([row])
    return chunks


@transaction.atomic
def _record_batch(batch, now, report: DispatchReport, enqueue) -> None:
    claim = uuid.uuid4()
    reminded = [row for row in batch if row[1] == DeliveryKind.REMINDER]
    logged: set[tuple[int, dt.date]] = set()
    if reminded:
        logged = set(
            Session.objects.filter(
                user_id__in=[row[0] for row in reminded],
                local_date__in={row[5] for row in reminded},
            ).values_list("user_id", "local_date")
        )
    rows = []
    for user_id, kind, program_id, zone_name, at, day in batch:
        due_at, expires_at = due.send_window(day, at, zoneinfo.ZoneInfo(zone_name))
        already = kind == DeliveryKind.REMINDER and (user_id, day) in logged
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
    queued = _in_person_order(created.filter(status=DeliveryStatus.QUEUED))
    report.queued += len(queued)
    report.skipped += created.filter(status=DeliveryStatus.SKIPPED).count()
    report.queued_ids += [pk for pk, _, _ in queued]
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
    rows = _in_person_order(
        stale.filter(expires_at__gt=now).filter(
            Q(lease_until__isnull=True) | Q(lease_until__lt=now)
        )
    )
    Delivery.objects.filter(pk__in=[pk for pk, _, _ in rows]).update(queued_at=now)
    report.requeued += len(rows)
    _enqueue_after_commit(rows, enqueue)


def _in_person_order(deliveries) -> list[tuple[int, int, dt.date]]:
    """(id, user, local date) of each delivery, a person's rows for one day side by side."""
    return list(
        deliveries.order_by("user_id", "local_date", "kind").values_list(
            "id", "user_id", "local_date"
        )
    )


def _enqueue_after_commit(rows: list[tuple[int, int, dt.date]], enqueue) -> None:
    """Queue send batches of about SEND_BATCH, a person's rows for one day always together."""
    for chunk in _by_person(rows, SEND_BATCH, person=lambda row: row[1:]):
        ids = [pk for pk, _, _ in chunk]
        transaction.on_commit(lambda ids=ids: enqueue(ids))


@transaction.atomic
def lease(ids: Sequence[int], now: dt.datetime) -> list[int]:
    """Take the batch's rows for this worker, skipping any sent, skipped or held by another.

    A row's same-day sibling (the reminder of a summary, the summary of a reminder) is taken
    with it wherever it was queued, so one worker decides that day's one email. The rows are
    locked in id order and waited for, not skipped: two workers leasing the two rows of one
    day at once would otherwise each take one and send two emails. The wait is only for the
    other's lease, a few milliseconds; then its rows are seen leased."""
    days = set(
        Delivery.objects.filter(pk__in=list(ids)).order_by().values_list("user_id", "local_date")
    )
    same_day = [
        pk
        for pk, user_id, day in Delivery.objects.filter(
            user_id__in={user_id for user_id, _ in days},
            kind__in=DeliveryKind.values,
            local_date__in={day for _, day in days},
        )
        .order_by()
        .values_list("id", "user_id", "local_date")
        if (user_id, day) in days
    ]
    # Found and locked by primary key only, and judged here on the locked (latest) version of
    # each row: a plan that starts from the index of queued rows would read everyone queued.
    locked = (
        Delivery.objects.select_for_update()
        .filter(pk__in=same_day)
        .order_by("id")
        .values_list("id", "status", "lease_until")
    )
    taken = [
        pk
        for pk, status, lease_until in locked
        if status == DeliveryStatus.QUEUED and (lease_until is None or lease_until < now)
    ]
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


INSIDE_SUMMARY = "Sent inside the weekly summary."


def finish_inside(summary: Delivery, reminder: Delivery, sent_at: dt.datetime) -> None:
    """The summary went out carrying the day's reminder: both rows in one statement, so no
    crash can leave the reminder queued to go out again on its own."""
    sent = Q(pk=summary.pk)
    Delivery.objects.filter(pk__in=[summary.pk, reminder.pk]).update(
        status=Case(
            When(sent, then=Value(DeliveryStatus.SENT)), default=Value(DeliveryStatus.SKIPPED)
        ),
        detail=Case(When(sent, then=Value("")), default=Value(INSIDE_SUMMARY)),
        sent_at=Case(When(sent, then=Value(sent_at)), default=None),
        lease_until=None,
    )
