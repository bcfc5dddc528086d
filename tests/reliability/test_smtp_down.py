"""The mail server refuses connections, or accepts them and never answers.

Real processes and sockets: a Celery worker whose EMAIL_URL points at a loopback port where
nothing listens (refused), or at a socket that is listening but never speaks (the one-second
SMTP timeout runs out). The send task is retried with backoff (30 s, then doubling); the
worker keeps serving other tasks meanwhile; when the last retry fails, the delivery is marked
failed with the reason, which staff see in the admin.

The test does not wait out five backoffs (about fifteen minutes): it sees the first retry
scheduled, then hands the worker the last try itself (a task message with retries=5, exactly
what the fourth retry publishes)."""

import socket

import pytest

from tests.concurrency import committed
from tests.factories import UserFactory
from tests.reliability.conftest import publish
from tests.reliability.processes import free_port, wait_until
from tests.reminders.helpers import due_now_program
from tracking.models import Delivery, DeliveryStatus
from tracking.tasks import MAX_RETRIES

DISPATCH = "tracking.tasks.dispatch_due_reminders"
SEND = "tracking.tasks.send_deliveries"


@pytest.fixture
def silent_mail_server():
    """Listening, accepting (the kernel does), never greeting."""
    with socket.socket() as server:
        server.bind(("127.0.0.1", 0))
        server.listen(8)
        yield server.getsockname()[1]


@pytest.fixture(params=["refused", "timing out"])
def broken_mail_server(request, silent_mail_server):
    """(what the server does, EMAIL_URL pointing at it, words the failure is recorded with)."""
    if request.param == "refused":
        return f"smtp://127.0.0.1:{free_port()}?timeout=1", "Connection refused"
    return f"smtp://127.0.0.1:{silent_mail_server}?timeout=1", "timed out"


def succeeded(worker, task: str) -> int:
    return sum(
        1 for line in worker.output.splitlines() if f"Task {task}[" in line and "succeeded" in line
    )


@committed
def test_a_mail_server_that_fails_is_retried_with_backoff_then_recorded_as_failed_in_the_admin(
    worker_env, services, private_redis, broken_mail_server, client
):
    email_url, reason = broken_mail_server
    program = due_now_program()
    worker = services.worker({**worker_env, "EMAIL_URL": email_url})

    publish(private_redis.url(0), DISPATCH)

    worker.wait_for(f"Task {SEND}[")
    worker.wait_for("Retry in 30s")  # the first of the backoffs: 30 s, 60 s, 120 s, ...
    (delivery,) = Delivery.objects.all()
    assert delivery.status == DeliveryStatus.QUEUED
    assert delivery.attempts == 1
    assert delivery.detail.startswith("Attempt failed:")
    assert reason in delivery.detail

    # While that retry waits, the worker serves other work.
    publish(private_redis.url(0), DISPATCH)
    wait_until(lambda: succeeded(worker, DISPATCH) == 2, timeout=10, what="a second sweep")

    # The last try fails too: the delivery is marked failed, with the reason.
    publish(private_redis.url(0), SEND, [delivery.pk], retries=MAX_RETRIES)
    wait_until(
        lambda: Delivery.objects.filter(status=DeliveryStatus.FAILED).exists(),
        timeout=15,
        what="the delivery to be marked failed",
    )
    delivery.refresh_from_db()
    assert delivery.detail.startswith("Gave up:")
    assert reason in delivery.detail
    assert worker.alive

    client.force_login(UserFactory(is_staff=True, is_superuser=True))
    page = client.get("/admin/tracking/delivery/?status__exact=failed").content.decode()
    assert program.user.email in page
    assert "Gave up:" in page
