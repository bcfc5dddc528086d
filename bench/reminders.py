"""Reminder dispatch and delivery at scale: N people all due in the same minute.

Runs against PostgreSQL and Redis (real broker, real worker processes); each email is rendered
and serialised to bytes as for SMTP, then dropped (bench.mail.RenderOnlyBackend). Prints the
sweep time, queries per sweep, end-to-end delivery time, users/s, duplicates and peak memory.
Not part of `make test`:

    make bench-reminders                 # 100,000 users
    BENCH_USERS=20000 make bench-reminders
"""

from __future__ import annotations

import datetime as dt
import os
import resource
import subprocess
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
USERS = int(os.environ.get("BENCH_USERS", "100000"))
WORKERS = int(os.environ.get("BENCH_WORKER_PROCESSES", "2"))
DEADLINE = float(os.environ.get("BENCH_DEADLINE_SECONDS", "300"))
BENCH_DATABASE = os.environ.get(
    "BENCH_DATABASE_URL", "postgres://postgres@127.0.0.1:5432/osteofit_bench"
)
BENCH_REDIS = os.environ.get("BENCH_REDIS_URL", "redis://127.0.0.1:6379/9")

ENVIRONMENT = {
    "DJANGO_SETTINGS_MODULE": "bench.settings",
    "DATABASE_URL": BENCH_DATABASE,
    "REDIS_URL": BENCH_REDIS,
    "LOG_LEVEL": "WARNING",
}
os.environ.update(ENVIRONMENT)
sys.path.insert(0, str(ROOT))


def _create_database() -> None:
    import psycopg

    name = BENCH_DATABASE.rsplit("/", 1)[1]
    admin_url = BENCH_DATABASE.rsplit("/", 1)[0] + "/postgres"
    with psycopg.connect(admin_url, autocommit=True) as connection:
        connection.execute(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)')
        connection.execute(f'CREATE DATABASE "{name}"')


def _populate(now: dt.datetime) -> None:
    """N confirmed people, each with a program whose reminder is due this minute."""
    from allauth.account.models import EmailAddress
    from django.contrib.auth import get_user_model
    from django.contrib.auth.hashers import make_password

    from exercises.models import Exercise
    from tracking.models import Prescription, Program, days_to_mask

    User = get_user_model()
    today = now.date()
    days = sorted({today.weekday(), (today.weekday() + 2) % 7, (today.weekday() + 4) % 7})
    reminder = (now - dt.timedelta(minutes=1)).time().replace(second=0, microsecond=0)
    exercises = list(Exercise.objects.filter(recommended=True))
    password = make_password(None)
    chunk = 5000
    for start in range(0, USERS, chunk):
        count = min(chunk, USERS - start)
        users = User.objects.bulk_create(
            User(email=f"bench{n}@example.com", password=password, first_name=f"P{n}")
            for n in range(start, start + count)
        )
        EmailAddress.objects.bulk_create(
            EmailAddress(user=u, email=u.email, primary=True, verified=True) for u in users
        )
        programs = Program.objects.bulk_create(
            Program(
                user=u,
                doctor_confirmed=True,
                spinal_fracture=False,
                floor_ok=True,
                floor_answered_at=now,
                training_days=days_to_mask(days),
                reminder_time=reminder,
                timezone="UTC",
                started_on=today - dt.timedelta(days=30),
            )
            for u in users
        )
        Prescription.objects.bulk_create(
            Prescription(program=p, exercise=e, position=i)
            for p in programs
            for i, e in enumerate(exercises)
        )


def _start_workers() -> subprocess.Popen:
    command = [
        str(ROOT / ".venv" / "bin" / "celery"),
        "-A",
        "osteofit",
        "worker",
        "--pool=prefork",
        f"--concurrency={WORKERS}",
        "--loglevel=WARNING",
        "--without-heartbeat",
        "--without-gossip",
        "--without-mingle",
    ]
    return subprocess.Popen(command, cwd=ROOT, env={**os.environ, **ENVIRONMENT})


def main() -> None:
    _create_database()
    import django

    django.setup()
    from django.core.management import call_command
    from django.db import connection
    from django.test.utils import CaptureQueriesContext
    from django.utils import timezone

    from osteofit.celery import app
    from tracking import reminders, tasks
    from tracking.models import Delivery, DeliveryStatus

    call_command("migrate", verbosity=0)
    app.connection_for_write().default_channel.client.flushdb()
    now = timezone.now()
    started = time.perf_counter()
    _populate(now)
    print(f"data: {USERS:,} people with programs in {time.perf_counter() - started:.1f} s")

    workers = _start_workers()
    try:
        time.sleep(3)
        with CaptureQueriesContext(connection) as queries:
            started = time.perf_counter()
            report = reminders.dispatch_due(
                now=timezone.now(), enqueue=lambda ids: tasks.send_deliveries.delay(ids)
            )
            sweep = time.perf_counter() - started
        print(
            f"sweep: {report.queued:,} queued in {sweep:.2f} s "
            f"({report.queued / sweep:,.0f} users/s), {len(queries.captured_queries)} queries"
        )
        again = reminders.dispatch_due(now=timezone.now(), enqueue=lambda ids: None)
        print(f"second sweep queued {again.queued} (must be 0)")

        while time.perf_counter() - started < DEADLINE:
            sent = Delivery.objects.filter(status=DeliveryStatus.SENT).count()
            if sent >= report.queued:
                break
            time.sleep(1)
        total = time.perf_counter() - started
        sent = Delivery.objects.filter(status=DeliveryStatus.SENT).count()
        retried = Delivery.objects.filter(attempts__gt=1).count()
        print(
            f"delivery: {sent:,} of {report.queued:,} sent in {total:.1f} s "
            f"({sent / total:,.0f} emails/s) with {WORKERS} worker processes; "
            f"rows sent more than once attempted: {retried}"
        )
        print(
            "peak memory: dispatcher "
            f"{resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024:.0f} MB"
        )
    finally:
        workers.terminate()
        workers.wait(timeout=30)
    print(
        "peak memory: largest worker process "
        f"{resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss / 1024:.0f} MB"
    )


if __name__ == "__main__":
    main()
