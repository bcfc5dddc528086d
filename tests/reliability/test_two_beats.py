"""Two Celery beat processes started by mistake: every sweep runs twice, nobody is reminded
twice. Real processes: two beats (each with its own schedule file, sweeping every second), one
worker, a private Redis, the test database on PostgreSQL.

Why it holds: a delivery is a row per person, kind and local day under a unique constraint, so
the second dispatcher's insert of the same row is dropped (ON CONFLICT DO NOTHING), and the
sender leases each row before sending it."""

from tests.concurrency import committed
from tests.reliability.conftest import emails_in
from tests.reliability.processes import wait_until
from tests.reminders.helpers import due_now_program
from tracking.models import Delivery, DeliveryStatus

PEOPLE = 10
DISPATCHED = "Task tracking.tasks.dispatch_due_reminders"
SENDING = "Sending due task dispatch-due-reminders"


@committed
def test_two_beat_processes_send_each_due_reminder_once(worker_env, services, outbox):
    people = {due_now_program().user_id for _ in range(PEOPLE)}
    worker = services.worker(worker_env)

    beats = [services.beat(worker_env, name=name) for name in ("beat-one", "beat-two")]
    wait_until(
        lambda: Delivery.objects.filter(status=DeliveryStatus.SENT).count() == PEOPLE,
        timeout=20,
        what=f"{PEOPLE} reminders to be sent",
    )
    # Both beats keep sweeping after the sends: three sweeps each are three chances to double
    # up. Waited for rather than slept on, since a loaded machine starts the second beat late.
    for beat in beats:
        wait_until(
            lambda beat=beat: beat.output.count(SENDING) >= 3,
            timeout=30,
            what=f"{beat.name} to sweep three times",
        )
    assert worker.output.count(f"{DISPATCHED}[") >= 2 * 6  # "received" and "succeeded" lines
    assert set(Delivery.objects.values_list("user_id", flat=True)) == people
    assert Delivery.objects.count() == PEOPLE
    assert sorted(emails_in(outbox).values()) == [1] * PEOPLE
