"""A Celery worker SIGKILLed in the middle of sending a batch of reminders.

Real processes: a private Redis, a worker started as the Procfile starts it, the test database
on PostgreSQL. The worker's mail backend (tests.reliability.mailers) stops dead at a chosen
email of the batch, and the test kills the worker's whole process group there. A new worker is
started; the next sweeps (which beat would send) must get every due reminder out, none twice.

Lost work is found by the dispatcher's own rule, not by the broker: a delivery still queued ten
minutes after it was queued, and no longer leased, is queued again (reminders.STALE_AFTER,
reminders.LEASE). The test does not wait ten minutes: it moves those two timestamps of the
unsent rows back by eleven, exactly what the clock would have done.
"""

import datetime as dt

from django.db.models import F

from tests.concurrency import committed
from tests.reliability.conftest import emails_in, publish
from tests.reliability.processes import wait_until
from tests.reminders.helpers import due_now_program
from tracking.models import Delivery, DeliveryStatus

PEOPLE = 12
KILLED_AT = 5  # the fifth email of the batch
DISPATCH = "tracking.tasks.dispatch_due_reminders"
ELEVEN_MINUTES = dt.timedelta(minutes=11)


def statuses() -> dict[str, int]:
    counts: dict[str, int] = {}
    for status in Delivery.objects.values_list("status", flat=True):
        counts[status] = counts.get(status, 0) + 1
    return counts


def kill_a_worker_mid_batch(worker_env, services, outbox, private_redis, hang: str):
    """Everyone due; a worker that hangs at the fifth email of the batch; SIGKILL it there."""
    for _ in range(PEOPLE):
        due_now_program()
    doomed = services.worker({**worker_env, "OSTEOFIT_TEST_HANG": f"{hang}:{KILLED_AT}"})
    publish(private_redis.url(0), DISPATCH)
    wait_until((outbox / "hanging").exists, timeout=20, what="the worker to reach email 5")

    doomed.kill()

    assert not doomed.alive
    assert Delivery.objects.count() == PEOPLE


def a_new_worker_catches_up(worker_env, services, private_redis) -> None:
    """Ten minutes on (the rows' clock moved), a new worker and the next sweep."""
    Delivery.objects.filter(status=DeliveryStatus.QUEUED).update(
        queued_at=F("queued_at") - ELEVEN_MINUTES, lease_until=F("lease_until") - ELEVEN_MINUTES
    )
    services.worker(worker_env, name="replacement")
    publish(private_redis.url(0), DISPATCH)
    wait_until(
        lambda: statuses() == {DeliveryStatus.SENT: PEOPLE},
        timeout=20,
        what=f"all {PEOPLE} deliveries to be sent",
    )


@committed
def test_after_a_worker_is_killed_mid_batch_a_new_worker_sends_every_due_reminder_once(
    worker_env, services, outbox, private_redis
):
    kill_a_worker_mid_batch(worker_env, services, outbox, private_redis, hang="before")
    assert statuses() == {
        DeliveryStatus.SENT: KILLED_AT - 1,
        DeliveryStatus.QUEUED: PEOPLE - (KILLED_AT - 1),
    }
    assert sum(emails_in(outbox).values()) == KILLED_AT - 1

    a_new_worker_catches_up(worker_env, services, private_redis)

    sent = emails_in(outbox)
    assert sorted(sent) == sorted(Delivery.objects.values_list("pk", flat=True))
    assert set(sent.values()) == {1}, f"sent twice: {[d for d, n in sent.items() if n > 1]}"


@committed
def test_the_one_duplicate_possible_is_the_email_accepted_in_the_instant_before_it_was_marked(
    worker_env, services, outbox, private_redis
):
    # The mail server has taken email 5; the worker dies before its row is marked sent.
    kill_a_worker_mid_batch(worker_env, services, outbox, private_redis, hang="after")
    in_flight = Delivery.objects.filter(status=DeliveryStatus.QUEUED, pk__in=emails_in(outbox))
    (duplicated,) = in_flight.values_list("pk", flat=True)

    a_new_worker_catches_up(worker_env, services, private_redis)

    sent = emails_in(outbox)
    assert len(sent) == PEOPLE
    assert {pk: n for pk, n in sent.items() if n > 1} == {duplicated: 2}
