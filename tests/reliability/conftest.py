"""Fixtures for the fault tests: private Redis servers, an outbox folder, and Celery processes
that are always stopped afterwards, whatever the test did to them."""

from __future__ import annotations

from contextlib import contextmanager
from pathlib import Path

import pytest
from celery import Celery
from django.db import connection

from osteofit.celery import app as celery_app
from tests.reliability import processes
from tests.reminders.helpers import forget_broker_connections


def needs_postgres() -> None:
    """Other processes (workers, beat, pg_dump) must see the test's rows, so the test database
    must be on a server."""
    if connection.vendor != "postgresql":
        pytest.skip(
            "needs the test database on PostgreSQL: the processes this test starts cannot see "
            "an SQLite one (run with DATABASE_URL=postgres://..., as CI does)."
        )


def database_url_of_tests() -> str:
    config = connection.settings_dict
    password = f":{config['PASSWORD']}" if config.get("PASSWORD") else ""
    host = config.get("HOST") or "127.0.0.1"
    port = f":{config['PORT']}" if config.get("PORT") else ""
    return f"postgres://{config['USER']}{password}@{host}{port}/{config['NAME']}"


@pytest.fixture
def private_redis(tmp_path):
    server = processes.PrivateRedis(tmp_path).start()
    yield server
    if server.process:
        server.thaw()  # a test may have frozen it
    server.stop()


@pytest.fixture
def outbox(tmp_path) -> Path:
    folder = tmp_path / "outbox"
    folder.mkdir()
    return folder


@pytest.hookimpl(wrapper=True)
def pytest_runtest_makereport(item, call):
    report = yield
    if report.when == "call":
        item.call_failed = report.failed
    return report


@pytest.fixture
def services(request, tmp_path):
    """Start Celery processes with `services.worker(env)` / `services.beat(env)`; all of them are
    stopped when the test ends."""

    class Started(list):
        def worker(self, env, **kwargs):
            self.append(processes.worker(env, tmp_path, **kwargs))
            return self[-1]

        def beat(self, env, **kwargs):
            self.append(processes.beat(env, tmp_path, **kwargs))
            return self[-1]

    started = Started()
    yield started
    for service in started:
        service.stop()
    if getattr(request.node, "call_failed", False):
        for service in started:  # what the processes said, for the failure report
            print(f"--- {service.name} ---\n{service.output[-4000:]}")


@pytest.fixture
def worker_env(private_redis, outbox):
    """What a worker or beat needs: this test database, the private Redis, the outbox."""
    needs_postgres()
    return processes.process_env(
        DJANGO_SETTINGS_MODULE="tests.reliability.process_settings",
        DATABASE_URL=database_url_of_tests(),
        REDIS_URL=private_redis.url(0),
        CACHE_URL=private_redis.url(1),
        OSTEOFIT_TEST_OUTBOX=str(outbox),
        REMINDER_SWEEP_SECONDS="1",
    )


def publish(broker_url: str, task_name: str, *args, **options) -> None:
    """Put a task on the broker as beat or another worker would: by name, from outside."""
    producer = Celery(broker=broker_url)
    try:
        producer.send_task(task_name, args=list(args), **options)
    finally:
        producer.close()


def emails_in(outbox: Path) -> dict[int, int]:
    """How many emails went out for each delivery id."""
    counts: dict[int, int] = {}
    for path in outbox.glob("delivery-*.eml"):
        delivery = int(path.name.split("-")[1])
        counts[delivery] = counts.get(delivery, 0) + 1
    return counts


@contextmanager
def celery_broker(url: str):
    """Point this process's Celery app (its producer: the dispatcher's `.delay`, /health/) at
    another broker for the duration, then back."""
    saved = celery_app.conf.broker_url, celery_app.conf.broker_transport_options
    celery_app.conf.broker_url = url
    celery_app.conf.broker_transport_options = {"socket_connect_timeout": 2, "socket_timeout": 10}
    forget_broker_connections()
    try:
        yield
    finally:
        celery_app.conf.broker_url, celery_app.conf.broker_transport_options = saved
        forget_broker_connections()
