"""Celery interfaces over tracking.reminders: thin, id-based, retried here and nowhere else."""

import logging

from celery import shared_task

from tracking import reminders, services
from tracking.services.link_uses import link_uses_forget_expired

log = logging.getLogger(__name__)

MAX_RETRIES = 5


def backoff(retries: int) -> int:
    """Seconds before the next try: 30 s, 1 min, 2 min, 4 min, 8 min."""
    return 30 * 2**retries


@shared_task(name="tracking.tasks.dispatch_due_reminders", ignore_result=True)
def dispatch_due_reminders() -> dict:
    report = reminders.dispatch_due(enqueue=lambda ids: send_deliveries.delay(ids))
    log.info(
        "reminders dispatched: %s queued, %s skipped, %s requeued, %s expired",
        report.queued,
        report.skipped,
        report.requeued,
        report.expired,
    )
    return {"queued": report.queued, "skipped": report.skipped, "requeued": report.requeued}


@shared_task(
    bind=True,
    name="tracking.tasks.send_deliveries",
    acks_late=True,
    reject_on_worker_lost=True,
    max_retries=MAX_RETRIES,
    ignore_result=True,
    soft_time_limit=4 * 60,
    time_limit=5 * 60,  # below reminders.LEASE, so a row is never sent by two workers at once
)
def send_deliveries(self, delivery_ids: list[int]) -> None:
    try:
        reminders.deliveries_send(delivery_ids)
    except reminders.TransientSendError as error:
        if self.request.retries >= self.max_retries:
            reminders.deliveries_fail(error.pending, str(error))
            log.error("reminder sending gave up after %s tries: %s", self.request.retries, error)
            return
        raise self.retry(args=[error.pending], countdown=backoff(self.request.retries)) from error


@shared_task(name="tracking.tasks.forget_expired_link_uses", ignore_result=True)
def forget_expired_link_uses() -> int:
    return link_uses_forget_expired()


@shared_task(name="tracking.tasks.forget_deleted_sessions", ignore_result=True)
def forget_deleted_sessions() -> int:
    return services.deleted_sessions_forget()
