"""A due reminder travels for real: beat's task → broker → a Celery worker → the outbox.

With REDIS_URL set (as in CI) the broker is that Redis; a Redis that does not answer skips
these tests with the reason. Without REDIS_URL the app uses kombu's filesystem transport, which
these tests point at a temporary folder so nothing a developer has queued is touched.
The worker runs in a thread of this process (`start_worker`, solo pool), so it shares the test
database and the in-memory outbox; it sees the test's rows because they are committed
(`committed`: a transactional test that puts the catalogue back afterwards).
"""

import time
from contextlib import contextmanager

import pytest
import redis
from celery.contrib.testing.worker import start_worker
from celery.signals import task_postrun
from django.conf import settings
from django.core.cache import cache

from osteofit.celery import app as celery_app
from tests.concurrency import committed
from tests.reminders.helpers import due_now_program, forget_broker_connections
from tracking import reminders
from tracking.models import Delivery, DeliveryStatus
from tracking.tasks import dispatch_due_reminders, send_deliveries

WAIT_SECONDS = 12


def _redis_missing(url: str, error: Exception):
    pytest.skip(f"REDIS_URL is set to {url}, but no Redis answers there ({error}).")


@pytest.fixture(autouse=True)
def _empty_cache():
    """Overrides the suite's autouse fixture of this name for this module: the cache is on the
    broker's Redis server, and when that does not answer these tests skip saying so, not error."""
    try:
        cache.clear()
    except redis.ConnectionError as error:
        _redis_missing(settings.REDIS_URL, error)
    yield
    cache.clear()


@pytest.fixture
def broker(tmp_path):
    """The project's broker, reachable, with empty queues."""
    url = celery_app.conf.broker_url
    if not url.startswith("filesystem"):
        try:
            redis.Redis.from_url(url, socket_connect_timeout=1, socket_timeout=1).ping()
        except redis.RedisError as error:
            _redis_missing(url, error)
        celery_app.control.purge()  # no task left over from an earlier run
        yield url
        return
    saved = celery_app.conf.broker_transport_options
    queue = tmp_path / "queue"
    queue.mkdir()
    celery_app.conf.broker_transport_options = {
        "data_folder_in": str(queue),
        "data_folder_out": str(queue),
        "control_folder": str(tmp_path / "control"),
    }
    forget_broker_connections()
    try:
        try:
            with celery_app.connection_for_write() as connection:
                connection.ensure_connection(max_retries=1)
        except Exception as error:  # whatever kombu's transport raises
            pytest.skip(f"kombu's filesystem broker could not be opened in {tmp_path}: {error}")
        yield url
    finally:
        celery_app.conf.broker_transport_options = saved
        forget_broker_connections()


@contextmanager
def running_worker():
    """A worker in a thread; yields a function that waits until it has finished n tasks."""
    finished: list[str] = []

    def count(sender=None, **kwargs):
        finished.append(sender.name)

    def wait_for_tasks(count_: int) -> list[str]:
        deadline = time.monotonic() + WAIT_SECONDS
        while len(finished) < count_:
            if time.monotonic() > deadline:
                pytest.fail(f"the worker finished {finished} within {WAIT_SECONDS} s")
            time.sleep(0.05)
        return finished

    task_postrun.connect(count, weak=False)
    try:
        with start_worker(celery_app, pool="solo", perform_ping_check=False, shutdown_timeout=10):
            yield wait_for_tasks
    finally:
        task_postrun.disconnect(count)


def test_the_beat_schedule_runs_the_dispatcher_every_sweep_interval():
    entry = settings.CELERY_BEAT_SCHEDULE["dispatch-due-reminders"]

    assert entry["task"] == dispatch_due_reminders.name
    assert entry["schedule"] == settings.REMINDER_SWEEP_SECONDS
    assert {dispatch_due_reminders.name, send_deliveries.name} <= set(celery_app.tasks)


@committed
def test_a_due_reminder_goes_from_the_beat_task_through_a_real_worker_to_the_outbox(
    broker, mailoutbox
):
    program = due_now_program(first_name="Ada")

    with running_worker() as wait_for_tasks:
        dispatch_due_reminders.delay()
        finished = wait_for_tasks(2)

    assert finished == [dispatch_due_reminders.name, send_deliveries.name]

    (message,) = mailoutbox
    assert message.to == [program.user.email]
    assert message.subject.startswith("Ada, it's a training day")
    assert Delivery.objects.get().status == DeliveryStatus.SENT


@committed
def test_a_send_task_delivered_twice_by_the_broker_sends_one_email(broker, mailoutbox):
    due_now_program()
    ids = reminders.dispatch_due(enqueue=lambda ids: None).queued_ids

    with running_worker() as wait_for_tasks:
        send_deliveries.delay(ids)
        send_deliveries.delay(ids)
        wait_for_tasks(2)

    assert len(mailoutbox) == 1
    assert Delivery.objects.get().status == DeliveryStatus.SENT
