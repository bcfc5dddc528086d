"""The production shape, run for real on loopback: `make smoke`.

Runs the Procfile (release, then web, worker and beat) with osteofit.settings.production against
the real PostgreSQL and Redis, in a database and Redis databases of its own; signs a person up
through the API (the confirmation code read from the outbox), starts a program whose reminder is
due now, and waits for the reminder email to land in the outbox. Whatever happens, it then stops
every process it started and drops the database it made.

PostgreSQL and Redis are the servers named by DATABASE_URL and REDIS_URL (their database names
are ignored), or 127.0.0.1 on the usual ports. Exit status 0 means the reminder arrived.
"""

from __future__ import annotations

import datetime as dt
import email
import email.policy
import json
import re
import secrets
import shutil
import signal
import sys
import tempfile
import time
import urllib.error
import urllib.request
import zoneinfo
from pathlib import Path

import psycopg
import redis
from loopback import Scratch, Stack, StackFailed, free_port, production_env

DATABASE = "osteofit_smoke"
BROKER_DB, CACHE_DB = 14, 15  # Redis databases of its own, emptied before and after
PASSWORD = "smoke-test-calm-passphrase"
CODE = re.compile(r"\b([A-Z0-9]{4}-[A-Z0-9]{4})\b")
DAYTIME_ZONES = ("Europe/London", "America/New_York", "Asia/Tokyo", "Asia/Kolkata")
WEEKDAYS = ("mon", "tue", "wed", "thu", "fri", "sat", "sun")
REMINDER_WAIT = 90  # seconds


def say(message: str) -> None:
    print(f"smoke: {message}", flush=True)


def call(base: str, method: str, path: str, body=None, token: str | None = None):
    """A JSON request through the (pretend) HTTPS proxy; returns (status, parsed body)."""
    headers = {"X-Forwarded-Proto": "https", "Content-Type": "application/json"}
    if token:
        headers["X-Session-Token"] = token
    data = json.dumps(body).encode() if body is not None else None
    request = urllib.request.Request(base + path, data=data, headers=headers, method=method)
    try:
        with urllib.request.urlopen(request, timeout=10) as response:
            status, content = response.status, response.read()
    except urllib.error.HTTPError as error:
        status, content = error.code, error.read()
    try:
        return status, json.loads(content or b"null")
    except json.JSONDecodeError:
        return status, content.decode(errors="replace")


def wait_for(what: str, condition, timeout: float, stack: Stack):
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        stack.check_running()
        result = condition()
        if result:
            return result
        time.sleep(0.5)
    raise StackFailed(f"waited {timeout:.0f} s for {what}")


def outbox_messages(outbox: Path) -> list[email.message.EmailMessage]:
    """Every email in the file outbox (Django's file backend may put several in one file)."""
    messages = []
    for path in sorted(outbox.glob("*")):
        for chunk in path.read_bytes().split(b"-" * 79 + b"\n"):
            if chunk.strip():
                messages.append(email.message_from_bytes(chunk, policy=email.policy.default))
    return messages


def text_of(message: email.message.EmailMessage) -> str:
    part = message.get_body(preferencelist=("plain",))
    return part.get_content() if part else ""


def daytime_zone() -> zoneinfo.ZoneInfo:
    """A zone where it is now between 06:00 and 19:00, so 'due a minute ago' stays today."""
    now = dt.datetime.now(dt.UTC)
    for name in DAYTIME_ZONES:
        if 6 <= now.astimezone(zoneinfo.ZoneInfo(name)).hour < 19:
            return zoneinfo.ZoneInfo(name)
    raise StackFailed("no daytime zone found")


def journey(base: str, outbox: Path, stack: Stack) -> None:
    wait_for(
        "the web process to answer /health/",
        lambda: _healthy(base),
        timeout=30,
        stack=stack,
    )
    address = f"smoke-{secrets.token_hex(4)}@example.com"
    status, answer = call(
        base, "POST", "/_allauth/app/v1/auth/signup", {"email": address, "password": PASSWORD}
    )
    if status != 401:
        raise StackFailed(f"sign-up answered {status}: {answer}")
    pending = answer["meta"]["session_token"]
    say(f"signed up {address}; waiting for the confirmation code")
    code = wait_for(
        "the confirmation email",
        lambda: next(
            (
                CODE.search(text_of(m)).group(1)
                for m in outbox_messages(outbox)
                if address in (m["To"] or "") and CODE.search(text_of(m))
            ),
            None,
        ),
        timeout=30,
        stack=stack,
    )
    status, answer = call(
        base, "POST", "/_allauth/app/v1/auth/email/verify", {"key": code}, token=pending
    )
    if status != 200:
        raise StackFailed(f"confirming the code answered {status}: {answer}")
    token = answer["meta"]["session_token"]

    zone = daytime_zone()
    local = dt.datetime.now(zone) - dt.timedelta(minutes=1)
    today = local.weekday()
    program = {
        "doctor_confirmed": True,
        "floor_ok": True,
        "spinal_fracture": False,
        "training_days": [WEEKDAYS[(today + offset) % 7] for offset in (0, 2, 4)],
        "reminder_time": local.strftime("%H:%M"),
        "timezone": zone.key,
        "reminders_enabled": True,
    }
    status, answer = call(base, "PUT", "/api/v1/program/", program, token=token)
    if status not in (200, 201):
        raise StackFailed(f"starting the program answered {status}: {answer}")
    say(f"program started, reminder due at {program['reminder_time']} {zone.key}; waiting")

    reminder = wait_for(
        "the reminder email",
        lambda: next(
            (
                m
                for m in outbox_messages(outbox)
                if address in (m["To"] or "") and "training day" in (m["Subject"] or "")
            ),
            None,
        ),
        timeout=REMINDER_WAIT,
        stack=stack,
    )
    say(f"reminder arrived: {reminder['Subject']!r}")
    if "/r/log/" not in text_of(reminder) or not reminder["List-Unsubscribe"]:
        raise StackFailed("the reminder lacks its log link or unsubscribe header")


def _healthy(base: str) -> bool:
    try:
        status, answer = call(base, "GET", "/health/")
    except OSError:
        return False
    return status == 200 and answer["checks"] == {"database": True, "broker": True}


def main() -> int:
    scratch = Scratch(DATABASE, (BROKER_DB, CACHE_DB))
    folder = Path(tempfile.mkdtemp(prefix="osteofit-smoke-"))
    outbox = folder / "outbox"
    outbox.mkdir()
    port = free_port()
    base = f"http://127.0.0.1:{port}"
    env = production_env(
        port,
        folder,
        scratch,
        ALLOWED_HOSTS="127.0.0.1,localhost",
        EMAIL_URL=f"file://{outbox}",
        DEFAULT_FROM_EMAIL="OsteoFit <smoke@osteofit.example>",
        BEAT_SCHEDULE_FILE=str(folder / "beat-schedule"),
        REMINDER_SWEEP_SECONDS="2",
        WORKER_CONCURRENCY="2",
    )
    stack = Stack(env, folder, say)
    say(str(scratch))
    try:
        scratch.fresh()
        entries = stack.procfile()
        stack.run("release", entries.pop("release"))
        stack.run("collectstatic", "python manage.py collectstatic --noinput -v0")
        for name, command in entries.items():
            stack.start(name, command)
        journey(base, outbox, stack)
    except (StackFailed, OSError, psycopg.Error, redis.RedisError) as failure:
        say(f"FAILED: {failure}")
        print(stack.logs(), file=sys.stderr)
        return 1
    finally:
        stack.stop()
        scratch.tidy(say)
        shutil.rmtree(folder, ignore_errors=True)
    say("OK: sign-up, program and reminder email through the production stack")
    return 0


if __name__ == "__main__":
    # Stopped from outside (CI timeout, Ctrl-C): still stop the stack and tidy up.
    signal.signal(signal.SIGTERM, lambda *_: sys.exit(143))
    sys.exit(main())
