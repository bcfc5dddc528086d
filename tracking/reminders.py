"""Who is due a reminder or weekly summary now, the delivery rows that make each email go out
at most once, and the sending of a batch.

The dispatcher selects everyone due across all time zones in one query per batch and records a
Delivery per person, kind and local day under a unique constraint, so concurrent or repeated
sweeps cannot double up. Sending leases each row before the email goes out and marks it sent
straight after, so a worker that dies can duplicate at most the one email it was sending.
"""

from __future__ import annotations

import datetime as dt
import email.policy
import functools
import logging
import smtplib
import uuid
import zoneinfo
from collections import defaultdict
from collections.abc import Callable, Iterable, Sequence
from contextlib import contextmanager
from dataclasses import dataclass, field

import psycopg
from allauth.account.models import EmailAddress
from django.conf import settings
from django.core import mail
from django.db import connection, transaction
from django.db.models import Exists, F, OuterRef, Q
from django.template.loader import render_to_string
from django.urls import reverse
from django.utils import timezone

from exercises.cache import catalogue_exercises
from tracking import links, progression
from tracking.ladders import ladder_of, rung_at
from tracking.models import (
    TRAINING_DAY_MASKS,
    Delivery,
    DeliveryKind,
    DeliveryStatus,
    Obstacle,
    Prescription,
    Program,
    ProgressionEvent,
    Session,
    WeekReflection,
)
from tracking.schedule import week_start, weekly_target

log = logging.getLogger(__name__)

LATE_CUTOFF = dt.time(21, 0)  # a late reminder may still go out until 21:00 local...
MIN_LATE_WINDOW = dt.timedelta(hours=1)  # ...or for an hour after a later reminder time
STALE_AFTER = dt.timedelta(minutes=10)  # queued this long: the broker lost it, queue again
LEASE = dt.timedelta(minutes=6)  # longer than a send task may run, so never two senders
SELECT_BATCH = 5000
SEND_BATCH = 100
TRANSIENT_ERRORS = (smtplib.SMTPException, OSError)

TIPS = {
    Obstacle.PAIN: (
        "If the exercises hurt, do fewer repetitions or rest an extra day, and log how it "
        "feels: the program eases back on its own. Ask your doctor if pain keeps coming back."
    ),
    Obstacle.NO_TIME: (
        "The whole routine takes about fifteen minutes. Try linking it to something you do "
        "every day, such as after breakfast or before the news."
    ),
    Obstacle.FORGOT: (
        "Set your reminder for a time you are usually at home, and keep your mat or band "
        "where you will see it."
    ),
    Obstacle.UNWELL: (
        "Rest until you feel better, then start gently. You can pause your program from your "
        "settings so nothing counts as missed."
    ),
}


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
        due = due_programs(now, kind)
        for start in range(0, len(due), SELECT_BATCH):
            _record_batch(due[start : start + SELECT_BATCH], kind, now, report, enqueue)
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
        due_at, expires_at = send_window(day, at, zoneinfo.ZoneInfo(zone_name))
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


# --- sending -----------------------------------------------------------------------------------


class TransientSendError(Exception):
    """The mail server refused or timed out; these deliveries should be tried again."""

    def __init__(self, pending: list[int], cause: BaseException):
        super().__init__(f"{len(pending)} email(s) not sent: {cause}")
        self.pending = pending


@dataclass
class SendReport:
    sent: int = 0
    skipped: int = 0
    pending: list[int] = field(default_factory=list)


def deliveries_send(ids: Sequence[int], *, now: dt.datetime | None = None) -> SendReport:
    """Send a batch of queued deliveries over one mail connection, re-checking each first.

    Each row is marked sent right after its email is handed to the mail server, so a worker
    killed mid-batch can repeat at most the one email it was sending.
    """
    now = now or timezone.now()
    report = SendReport()
    leased = _lease_batch(ids, now)
    if not leased:
        return report
    deliveries = list(
        Delivery.objects.filter(pk__in=leased, status=DeliveryStatus.QUEUED).select_related("user")
    )
    context = _BatchContext.load(deliveries)
    mailer = mail.mailers.default
    try:
        mailer.open()
    except TRANSIENT_ERRORS as failure:
        # The mail server is down or unreachable: the whole batch waits for the task's retry.
        pending = [delivery.pk for delivery in deliveries]
        Delivery.objects.filter(pk__in=pending).update(
            lease_until=None, detail=f"Attempt failed: {failure}"[:300]
        )
        raise TransientSendError(pending, failure) from failure
    error: BaseException | None = None
    with _relaxed_commits(), mailer:
        for delivery in deliveries:
            reason = context.skip_reason(delivery, now)
            if reason:
                _finish(delivery, DeliveryStatus.SKIPPED, reason)
                report.skipped += 1
                continue
            try:
                mailer.send_messages([context.message(delivery)])
            except TRANSIENT_ERRORS as failure:
                error = failure
                report.pending.append(delivery.pk)
                Delivery.objects.filter(pk=delivery.pk).update(
                    lease_until=None, detail=f"Attempt failed: {failure}"[:300]
                )
                continue
            _finish(delivery, DeliveryStatus.SENT, "", sent_at=timezone.now())
            report.sent += 1
    if report.pending:
        raise TransientSendError(report.pending, error)
    return report


def deliveries_fail(ids: Iterable[int], reason: str) -> int:
    """The last retry failed: record it where staff will see it (the admin)."""
    return Delivery.objects.filter(pk__in=list(ids), status=DeliveryStatus.QUEUED).update(
        status=DeliveryStatus.FAILED, detail=f"Gave up: {reason}"[:300], lease_until=None
    )


@transaction.atomic
def _lease_batch(ids: Sequence[int], now: dt.datetime) -> list[int]:
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


@contextmanager
def _relaxed_commits():
    """Each "sent" mark commits on its own; on PostgreSQL it need not wait for the disk flush.

    The mark is visible to every worker at once, so a killed worker cannot cause a resend; only
    a crash of the database server itself in the next fraction of a second could.
    """
    postgres = connection.vendor == "postgresql"
    if postgres:
        with connection.cursor() as cursor:
            cursor.execute("SET synchronous_commit TO OFF")
    try:
        yield
    finally:
        if postgres:
            with connection.cursor() as cursor:
                cursor.execute("RESET synchronous_commit")


def _finish(delivery: Delivery, status: str, detail: str, sent_at=None) -> None:
    Delivery.objects.filter(pk=delivery.pk).update(
        status=status, detail=detail, sent_at=sent_at, lease_until=None
    )


class _BatchContext:
    """Everything the emails of one batch need, loaded in a fixed number of queries."""

    def __init__(
        self, programs, items_by_program, dates_by_user, logged, events_by_program, reflections
    ):
        self.programs = programs
        self.items_by_program = items_by_program
        self.dates_by_user = dates_by_user
        self.logged = logged
        self.events_by_program = events_by_program
        self.reflections = reflections

    @classmethod
    def load(cls, deliveries: list[Delivery]) -> _BatchContext:
        program_ids = {d.program_id for d in deliveries}
        user_ids = {d.user_id for d in deliveries}
        programs = {p.pk: p for p in Program.objects.filter(pk__in=program_ids)}
        steps_by_program: dict[int, list[tuple[int, int]]] = defaultdict(list)
        for program_id, exercise_id, step in (
            Prescription.objects.filter(program_id__in=program_ids)
            .order_by("program_id", "position")
            .values_list("program_id", "exercise_id", "step")
        ):
            steps_by_program[program_id].append((exercise_id, step))
        used = {e for steps in steps_by_program.values() for e, _ in steps}
        exercises = catalogue_exercises(including=used)
        ladders = {pk: ladder_of(exercises[pk]) for pk in used}
        texts: dict[tuple[int, int], str] = {}
        items_by_program = {}
        for program_id, steps in steps_by_program.items():
            items = []
            for exercise_id, step in steps:
                if (exercise_id, step) not in texts:
                    ladder = ladders[exercise_id]
                    texts[exercise_id, step] = progression.describe_step(rung_at(ladder, step))
                items.append((exercises[exercise_id], texts[exercise_id, step]))
            items_by_program[program_id] = items
        earliest = min(d.local_date for d in deliveries) - dt.timedelta(days=8)
        dates_by_user: dict[int, set[dt.date]] = defaultdict(set)
        for user_id, day in (
            Session.objects.filter(user_id__in=user_ids, local_date__gte=earliest)
            .values_list("user_id", "local_date")
            .distinct()
        ):
            dates_by_user[user_id].add(day)
        logged = {(d.user_id, d.local_date) for d in deliveries} & {
            (user_id, day) for user_id, days in dates_by_user.items() for day in days
        }
        events_by_program: dict[int, list[ProgressionEvent]] = defaultdict(list)
        reflections: dict[int, WeekReflection] = {}
        if any(d.kind == DeliveryKind.SUMMARY for d in deliveries):
            for event in ProgressionEvent.objects.filter(
                program_id__in=program_ids,
                occurred_at__gte=dt.datetime.combine(earliest, dt.time(0), dt.UTC),
            ).select_related("exercise"):
                events_by_program[event.program_id].append(event)
            for reflection in WeekReflection.objects.filter(user_id__in=user_ids).order_by(
                "user_id", "-week_start"
            ):
                reflections.setdefault(reflection.user_id, reflection)
        return cls(
            programs, items_by_program, dates_by_user, logged, events_by_program, reflections
        )

    def skip_reason(self, delivery: Delivery, now: dt.datetime) -> str:
        program = self.programs.get(delivery.program_id)
        if program is None or not program.active:
            return "The program has ended."
        if program.paused:
            return "The program is paused."
        if now > delivery.expires_at:
            return "Too late to send for that day."
        if delivery.kind == DeliveryKind.REMINDER:
            if not program.reminders_enabled:
                return "Reminders were turned off."
            if (delivery.user_id, delivery.local_date) in self.logged:
                return "A session was already logged that day."
        elif not program.weekly_summary_enabled:
            return "Weekly summaries were turned off."
        return ""

    def message(self, delivery: Delivery) -> mail.EmailMultiAlternatives:
        program = self.programs[delivery.program_id]
        if delivery.kind == DeliveryKind.REMINDER:
            context = self._reminder_context(delivery, program)
            template = "reminder"
        else:
            context = self._summary_context(delivery, program)
            template = "summary"
        return _email(delivery, template, context)

    def _week(self, user_id: int, program: Program, day: dt.date):
        monday = week_start(day)
        done = sum(1 for d in self.dates_by_user.get(user_id, ()) if monday <= d <= day)
        return done, weekly_target(program.weekdays)

    def _reminder_context(self, delivery: Delivery, program: Program) -> dict:
        items = self.items_by_program.get(program.pk, [])
        done, target = self._week(delivery.user_id, program, delivery.local_date)
        token = links.log_token(delivery.user, delivery.local_date)
        return {
            "user": delivery.user,
            "day": delivery.local_date,
            "items": items,
            "done": done,
            "target": target,
            "log_url": _absolute(reverse("tracking:log_link", args=[token])),
        }

    def _summary_context(self, delivery: Delivery, program: Program) -> dict:
        day = delivery.local_date
        first = day - dt.timedelta(days=7)
        dates = self.dates_by_user.get(delivery.user_id, set())
        done = sum(1 for d in dates if first <= d < day)
        target = weekly_target(program.weekdays)
        zone = program.zone
        changes = [
            event
            for event in self.events_by_program.get(program.pk, [])
            if first <= timezone.localtime(event.occurred_at, zone).date() < day
        ]
        upcoming = [
            day + dt.timedelta(days=n)
            for n in range(7)
            if (day + dt.timedelta(days=n)).weekday() in program.weekdays
        ]
        reflection = self.reflections.get(delivery.user_id)
        short = done < target
        return {
            "user": delivery.user,
            "day": day,
            "first": first,
            "done": done,
            "target": target,
            "changes": changes,
            "upcoming": upcoming,
            "reminder_time": program.reminder_time,
            "short": short,
            "obstacles": [
                (
                    label,
                    _absolute(
                        reverse(
                            "tracking:reflection_link",
                            args=[links.reflection_token(delivery.user_id, first, value)],
                        )
                    ),
                )
                for value, label in Obstacle.choices
            ]
            if short
            else [],
            # Only last week's answer earns a tip; an old one would repeat every week.
            "tip": TIPS.get(reflection.obstacle)
            if reflection and reflection.week_start >= first - dt.timedelta(days=7)
            else None,
        }


def _absolute(path: str) -> str:
    return f"{settings.SITE_URL}{path}"


class _UnfoldedEmail(mail.EmailMultiAlternatives):
    """An email whose headers are not folded at 78 characters. Python folds a header it cannot
    break at a space (List-Unsubscribe's long signed URL) into RFC 2047 encoded-words, which
    mail providers do not read as the one-click unsubscribe link. RFC 5322 allows 998."""

    def message(self, *, policy=email.policy.default):
        return super().message(policy=policy.clone(max_line_length=998))


def _email(delivery: Delivery, template: str, context: dict) -> mail.EmailMultiAlternatives:
    unsubscribe = _absolute(
        reverse(
            "tracking:unsubscribe", args=[links.unsubscribe_token(delivery.user_id, delivery.kind)]
        )
    )
    context = {**context, "unsubscribe_url": unsubscribe, "site_url": settings.SITE_URL}
    subject = " ".join(render_to_string(f"email/{template}_subject.txt", context).split())
    message = _UnfoldedEmail(
        subject=subject,
        body=render_to_string(f"email/{template}.txt", context),
        to=[delivery.user.email],
        headers={
            "List-Unsubscribe": f"<{unsubscribe}>",
            "List-Unsubscribe-Post": "List-Unsubscribe=One-Click",
            "X-OsteoFit-Delivery": str(delivery.pk),
        },
    )
    message.attach_alternative(render_to_string(f"email/{template}.html", context), "text/html")
    return message
