"""Sending a batch of deliveries over one mail connection, and what happens when the mail
server fails: the rows wait for the task's retry, and are recorded as failed when it gives up.

Each row is re-checked just before its email goes out (program ended or paused, turned off,
already logged, too late), because hours may pass between the sweep and the send.

A person's rows for one local day make one email: a weekly summary due on a training day
carries that day's reminder (recorded skipped, "Sent inside the weekly summary."); if the
summary is stopped the reminder goes alone, and if the day is already logged the summary does.
"""

from __future__ import annotations

import datetime as dt
import smtplib
from collections.abc import Iterable, Sequence
from contextlib import contextmanager
from dataclasses import dataclass, field

from django.core import mail
from django.db import connection
from django.utils import timezone

from tracking.models import Delivery, DeliveryKind, DeliveryStatus
from tracking.reminders.content import BatchContext
from tracking.reminders.deliveries import finish, finish_inside, lease, release

TRANSIENT_ERRORS = (smtplib.SMTPException, OSError)


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

    Each email's rows are marked right after it is handed to the mail server, so a worker
    killed mid-batch can repeat at most the one email it was sending.
    """
    now = now or timezone.now()
    report = SendReport()
    leased = lease(ids, now)
    if not leased:
        return report
    # By primary key only: the rows are queued and ours, since the lease just took them.
    deliveries = list(Delivery.objects.filter(pk__in=leased).select_related("user"))
    batch = BatchContext.load(deliveries)
    mailer = mail.mailers.default
    try:
        mailer.open()
    except TRANSIENT_ERRORS as failure:
        # The mail server is down or unreachable: the whole batch waits for the task's retry.
        pending = [delivery.pk for delivery in deliveries]
        release(pending, failure)
        raise TransientSendError(pending, failure) from failure
    error: BaseException | None = None
    with _relaxed_commits(), mailer:
        for day in _one_email_a_day(deliveries):
            going = []
            for delivery in day:
                reason = _skip_reason(batch, delivery, now)
                if reason:
                    finish(delivery, DeliveryStatus.SKIPPED, reason)
                    report.skipped += 1
                else:
                    going.append(delivery)
            if not going:
                continue
            # The summary first: a reminder due the same day goes inside it, not on its own.
            first, inside = going[0], (going[1] if len(going) > 1 else None)
            try:
                mailer.send_messages([batch.message(first, carrying=inside)])
            except TRANSIENT_ERRORS as failure:
                error = failure
                report.pending += [delivery.pk for delivery in going]
                release([delivery.pk for delivery in going], failure)
                continue
            if inside:
                finish_inside(first, inside, sent_at=timezone.now())
                report.skipped += 1
            else:
                finish(first, DeliveryStatus.SENT, "", sent_at=timezone.now())
            report.sent += 1
    if report.pending:
        raise TransientSendError(report.pending, error)
    return report


def _one_email_a_day(deliveries: list[Delivery]) -> list[list[Delivery]]:
    """The batch's rows by person and local day, the summary before the reminder: whatever of
    a day's rows is still to go becomes one email."""
    days: dict[tuple[int, dt.date], list[Delivery]] = {}
    for delivery in deliveries:
        days.setdefault((delivery.user_id, delivery.local_date), []).append(delivery)
    return [
        sorted(rows, key=lambda delivery: delivery.kind != DeliveryKind.SUMMARY)
        for rows in days.values()
    ]


def deliveries_fail(ids: Iterable[int], reason: str) -> int:
    """The last retry failed: record it where staff will see it (the admin)."""
    return Delivery.objects.filter(pk__in=list(ids), status=DeliveryStatus.QUEUED).update(
        status=DeliveryStatus.FAILED, detail=f"Gave up: {reason}"[:300], lease_until=None
    )


def _skip_reason(batch: BatchContext, delivery: Delivery, now: dt.datetime) -> str:
    """Why this email should no longer go out, or "" to send it."""
    program = batch.programs.get(delivery.program_id)
    if program is None or not program.active:
        return "The program has ended."
    if program.paused:
        return "The program is paused."
    if now > delivery.expires_at:
        return "Too late to send for that day."
    if delivery.kind == DeliveryKind.REMINDER:
        if not program.reminders_enabled:
            return "Reminders were turned off."
        if (delivery.user_id, delivery.local_date) in batch.logged:
            return "A session was already logged that day."
    elif not program.weekly_summary_enabled:
        return "Weekly summaries were turned off."
    elif batch.summary_week(delivery) is None:
        return "The program has just begun: nothing to sum up yet."
    return ""


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
