"""Redis stopped (and Redis hung): the site keeps working, reminders wait and then go out.

Redis here is a private redis-server of the test's own, stopped (SIGTERM) or frozen (SIGSTOP)
for real. In this process, the cache (rate limits, catalogue fragments) and the Celery producer
are pointed at it; the Celery worker and beat tests run them as processes.

- Pages and API writes: sessions, logins and accounts live in the database; the cache falls back
  to the process's memory (osteofit.resilient_cache), and nothing a request does publishes to the broker.
- The dispatcher: if Redis vanishes between recording the day's deliveries and queueing them,
  the task fails within seconds; the rows stay queued, and a later sweep queues them again
  (reminders.STALE_AFTER), within the day's late window.
- Worker and beat: they wait out the outage (CELERY_BROKER_CONNECTION_MAX_RETRIES = None) and
  the first sweep after it sends the reminders that fell due meanwhile.
"""

import datetime as dt
import json
import time

import pytest
from django.db.models import F
from kombu.exceptions import OperationalError as BrokerUnavailable
from rest_framework.throttling import SimpleRateThrottle

from tests.api.helpers import LOGIN, SIGNUP, send, session_body
from tests.concurrency import committed
from tests.factories import PASSWORD, UserFactory
from tests.reauth import reauthenticated
from tests.reliability.conftest import celery_broker, emails_in, publish
from tests.reliability.processes import wait_until
from tests.reminders.helpers import due_now_program
from tests.tracking.factories import ProgramFactory, session_logged
from tests.tracking.test_views import submitted_answered
from tracking.models import Delivery, DeliveryStatus, Session
from tracking.tasks import dispatch_due_reminders

pytestmark = pytest.mark.django_db

QUICK = 1.0  # seconds: what any request may take while Redis is away
DISPATCH = "tracking.tasks.dispatch_due_reminders"


@pytest.fixture
def redis_cache(settings, private_redis):
    """The cache and the Celery producer on the private Redis, configured as in production."""
    settings.CACHES = {
        "default": {
            "BACKEND": "osteofit.resilient_cache.ResilientRedisCache",
            "LOCATION": private_redis.url(1),
            "OPTIONS": {"socket_connect_timeout": 0.5, "socket_timeout": 0.5, "RETRY_AFTER": 5},
        }
    }
    with celery_broker(private_redis.url(0)):
        yield private_redis


@pytest.fixture
def person_with_a_session():
    program = ProgramFactory()
    return program.user, session_logged(program)


class Timed:
    """A test client whose every answer records how long it took."""

    def __init__(self, client):
        self.client = client
        self.slowest = 0.0

    def __getattr__(self, method):
        def call(*args, **kwargs):
            started = time.monotonic()
            response = getattr(self.client, method)(*args, **kwargs)
            self.slowest = max(self.slowest, time.monotonic() - started)
            return response

        return call


def json_body(data):
    return {"data": json.dumps(data), "content_type": "application/json"}


def test_with_redis_stopped_every_page_still_opens_quickly(
    redis_cache, client, person_with_a_session
):
    person, session = person_with_a_session
    reauthenticated(client, person)  # the data download asks for the password first
    assert client.get("/exercises/").status_code == 200  # the catalogue cached in Redis
    redis_cache.stop()
    timed = Timed(client)

    for path in (
        "/", "/exercises/", "/exercises/back-extension/", "/dashboard/", "/plan/", "/sessions/",
        "/sessions/new/", f"/sessions/{session.pk}/edit/", "/reminders/", "/program/settings/",
        "/account/", "/account/export/", "/api/v1/exercises/", "/api/v1/program/",
        "/api/v1/progress/", "/api/v1/sessions/", "/api/v1/reminders/", "/api/v1/me/export/",
    ):  # fmt: skip
        assert timed.get(path).status_code == 200, path

    health = timed.get("/health/")
    assert (health.status_code, health.json()["checks"]) == (
        200,
        {"database": True, "broker": False},
    )
    assert timed.slowest < QUICK


def test_with_redis_stopped_every_api_write_and_the_log_form_still_work(
    redis_cache, client, person_with_a_session
):
    person, session = person_with_a_session
    client.force_login(person)
    redis_cache.stop()
    timed = Timed(client)

    logged = timed.post("/api/v1/sessions/", **json_body(session_body(notes="Redis is down.")))
    changed = timed.patch(f"/api/v1/sessions/{session.pk}/", **json_body({"notes": "Still."}))
    reminders = timed.put(
        "/api/v1/reminders/",
        **json_body(
            {
                "reminders_enabled": True,
                "reminder_time": "10:15",
                "weekly_summary_enabled": False,
                "weekly_summary_day": "sun",
            }
        ),
    )
    renamed = timed.patch("/api/v1/me/", **json_body({"first_name": "Rosa"}))
    form = timed.post("/sessions/new/", submitted_answered(timed.get("/sessions/new/")))
    deleted = timed.delete(f"/api/v1/sessions/{logged.json()['id']}/")

    assert [r.status_code for r in (logged, changed, reminders, renamed, form, deleted)] == [
        201, 200, 200, 200, 302, 204,
    ]  # fmt: skip
    assert Session.objects.filter(user=person).count() == 2
    assert timed.slowest < QUICK


def test_with_redis_stopped_people_can_sign_up_and_log_in(redis_cache, client, mailoutbox):
    someone = UserFactory()
    redis_cache.stop()
    timed = Timed(client)

    signed_up = send(timed, "post", SIGNUP, {"email": "new@example.com", "password": PASSWORD})
    app_login = send(timed, "post", LOGIN, {"email": someone.email, "password": PASSWORD})
    page_login = timed.post("/accounts/login/", {"login": someone.email, "password": PASSWORD})

    assert signed_up.status_code == 401  # pending email confirmation: the normal answer
    assert signed_up.json()["data"]["flows"][-1]["id"] == "verify_email"
    assert app_login.status_code == 200
    assert page_login.status_code == 302
    assert [m.to for m in mailoutbox] == [["new@example.com"]]
    assert timed.slowest < QUICK


def test_with_redis_stopped_rate_limits_still_count_in_each_process(
    redis_cache, client, monkeypatch
):
    monkeypatch.setattr(
        SimpleRateThrottle, "THROTTLE_RATES", {"anon": "2/minute", "user": "2/minute"}
    )
    redis_cache.stop()

    answers = [client.get("/api/v1/exercises/").status_code for _ in range(3)]

    assert answers == [200, 200, 429]


def test_with_redis_hung_pages_wait_for_it_once_and_then_not_at_all(
    redis_cache, client, person_with_a_session
):
    person, _ = person_with_a_session
    client.force_login(person)
    redis_cache.freeze()  # still accepting connections, never answering
    started = time.monotonic()

    answers = [client.get("/exercises/").status_code for _ in range(10)]
    answers.append(client.post("/api/v1/sessions/", **json_body(session_body())).status_code)

    assert answers == [200] * 10 + [201]
    assert time.monotonic() - started < 3  # one socket timeout (0.5 s), not eleven


@committed
def test_a_sweep_that_loses_redis_fails_within_seconds_and_the_reminder_still_goes_out(
    worker_env, services, outbox, private_redis
):
    due_now_program()
    private_redis.stop()

    with celery_broker(private_redis.url(0)):
        started = time.monotonic()
        result = dispatch_due_reminders.apply()
        took = time.monotonic() - started

    assert result.failed()
    assert isinstance(result.result, BrokerUnavailable), result.result
    assert took < 10
    (delivery,) = Delivery.objects.all()
    assert delivery.status == DeliveryStatus.QUEUED  # recorded, so not forgotten

    private_redis.start()
    # Ten minutes on (the row's clock moved back), the next sweep queues it again.
    Delivery.objects.update(queued_at=F("queued_at") - dt.timedelta(minutes=11))
    services.worker(worker_env)
    publish(private_redis.url(0), DISPATCH)

    wait_until(lambda: emails_in(outbox), timeout=20, what="the reminder")
    assert emails_in(outbox) == {delivery.pk: 1}
    delivery.refresh_from_db()
    assert delivery.status == DeliveryStatus.SENT


@committed
def test_worker_and_beat_wait_out_a_redis_outage_and_then_send_that_days_reminder(
    worker_env, services, outbox, private_redis
):
    worker = services.worker(worker_env)
    beat = services.beat(worker_env)
    private_redis.stop()
    program = due_now_program()  # falls due while Redis is down
    time.sleep(4)  # four sweeps' worth of outage

    assert worker.alive
    assert beat.alive
    assert not Delivery.objects.exists()

    private_redis.start()

    wait_until(lambda: emails_in(outbox), timeout=25, what="the reminder after the outage")
    (delivery,) = Delivery.objects.all()
    assert delivery.user_id == program.user_id
    assert emails_in(outbox) == {delivery.pk: 1}


def test_the_cache_keeps_one_redis_client_and_it_reconnects_after_a_restart(redis_cache):
    from django.core.cache import cache

    cache.set("greeting", "hello")
    client = cache._cache.get_client()
    assert cache._cache.get_client() is client

    redis_cache.stop()
    redis_cache.start()

    assert cache.get("greeting") is None  # this Redis keeps nothing on disk
    cache.set("greeting", "again")
    assert cache.get("greeting") == "again"
    assert not cache.redis_down  # answered by Redis, not by the local-memory stand-in
    assert cache._cache.get_client() is client
