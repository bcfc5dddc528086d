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
import os
import re
import secrets
import shutil
import signal
import socket
import subprocess
import sys
import tempfile
import time
import urllib.error
import urllib.request
import zoneinfo
from pathlib import Path
from urllib.parse import urlsplit

import psycopg
import redis

ROOT = Path(__file__).resolve().parent.parent
VENV_BIN = Path(sys.executable).parent
DATABASE = "osteofit_smoke"
BROKER_DB, CACHE_DB = 14, 15  # Redis databases of its own, emptied before and after
PASSWORD = "smoke-test-calm-passphrase"
CODE = re.compile(r"\b([A-Z0-9]{4}-[A-Z0-9]{4})\b")
DAYTIME_ZONES = ("Europe/London", "America/New_York", "Asia/Tokyo", "Asia/Kolkata")
WEEKDAYS = ("mon", "tue", "wed", "thu", "fri", "sat", "sun")
REMINDER_WAIT = 90  # seconds


def say(message: str) -> None:
    print(f"smoke: {message}", flush=True)


class SmokeFailed(Exception):
    pass


def server_url(variable: str, default: str) -> str:
    """The server part of a URL from the environment: scheme, credentials, host and port."""
    parts = urlsplit(os.environ.get(variable) or default)
    return f"{parts.scheme}://{parts.netloc}"


def free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return probe.getsockname()[1]


class Stack:
    """The Procfile's processes, each in its own process group, logs in the work folder."""

    def __init__(self, env: dict[str, str], folder: Path):
        self.env = env
        self.folder = folder
        self.processes: dict[str, subprocess.Popen] = {}

    def procfile(self) -> dict[str, str]:
        entries = {}
        for line in (ROOT / "Procfile").read_text().splitlines():
            name, _, command = line.partition(":")
            if command.strip() and not name.startswith("#"):
                entries[name.strip()] = command.strip()
        return entries

    def run(self, name: str, command: str) -> None:
        say(f"{name}: {command}")
        result = subprocess.run(
            ["sh", "-c", command], cwd=ROOT, env=self.env, capture_output=True, text=True
        )
        if result.returncode:
            raise SmokeFailed(f"{name} failed:\n{result.stdout}{result.stderr}")

    def start(self, name: str, command: str) -> None:
        say(f"starting {name}: {command}")
        log = open(self.folder / f"{name}.log", "wb")  # noqa: SIM115 (closed with the process)
        self.processes[name] = subprocess.Popen(
            ["sh", "-c", f"exec {command}"],
            cwd=ROOT,
            env=self.env,
            stdout=log,
            stderr=subprocess.STDOUT,
            start_new_session=True,
        )

    def check_running(self) -> None:
        for name, process in self.processes.items():
            if process.poll() is not None:
                raise SmokeFailed(f"{name} exited with status {process.returncode}")

    def stop(self) -> None:
        for process in self.processes.values():
            if process.poll() is None:
                os.killpg(process.pid, signal.SIGTERM)
        deadline = time.monotonic() + 20
        for name, process in self.processes.items():
            try:
                process.wait(timeout=max(0.1, deadline - time.monotonic()))
            except subprocess.TimeoutExpired:
                say(f"{name} did not stop in time; killing it")
                os.killpg(process.pid, signal.SIGKILL)
                process.wait()
        say("stopped " + ", ".join(self.processes) if self.processes else "nothing to stop")

    def logs(self) -> str:
        return "\n".join(
            f"--- {path.name} ---\n{path.read_text(errors='replace')[-3000:]}"
            for path in sorted(self.folder.glob("*.log"))
        )


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
    raise SmokeFailed(f"waited {timeout:.0f} s for {what}")


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
    raise SmokeFailed("no daytime zone found")


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
        raise SmokeFailed(f"sign-up answered {status}: {answer}")
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
        raise SmokeFailed(f"confirming the code answered {status}: {answer}")
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
        raise SmokeFailed(f"starting the program answered {status}: {answer}")
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
        raise SmokeFailed("the reminder lacks its log link or unsubscribe header")


def _healthy(base: str) -> bool:
    try:
        status, answer = call(base, "GET", "/health/")
    except OSError:
        return False
    return status == 200 and answer["checks"] == {"database": True, "broker": True}


def main() -> int:
    postgres = server_url("DATABASE_URL", "postgres://postgres@127.0.0.1:5432")
    redis_server = server_url("REDIS_URL", "redis://127.0.0.1:6379")
    folder = Path(tempfile.mkdtemp(prefix="osteofit-smoke-"))
    outbox = folder / "outbox"
    outbox.mkdir()
    port = free_port()
    base = f"http://127.0.0.1:{port}"
    env = {
        **{k: v for k, v in os.environ.items() if k not in {"DJANGO_SETTINGS_MODULE"}},
        "PATH": f"{VENV_BIN}{os.pathsep}{os.environ.get('PATH', '')}",
        "DJANGO_SETTINGS_MODULE": "osteofit.settings.production",
        "SECRET_KEY": secrets.token_urlsafe(60),
        "ALLOWED_HOSTS": "127.0.0.1,localhost",
        "DATABASE_URL": f"{postgres}/{DATABASE}",
        "REDIS_URL": f"{redis_server}/{BROKER_DB}",
        "CACHE_URL": f"{redis_server}/{CACHE_DB}",
        "EMAIL_URL": f"file://{outbox}",
        # Links as the public site would write them; requests come as if through its proxy.
        "SITE_URL": f"https://127.0.0.1:{port}",
        "DEFAULT_FROM_EMAIL": "OsteoFit <smoke@osteofit.example>",
        "TRUSTED_PROXIES": "1",
        "STATIC_ROOT": str(folder / "static"),
        "BEAT_SCHEDULE_FILE": str(folder / "beat-schedule"),
        "REMINDER_SWEEP_SECONDS": "2",
        "WEB_HOST": "127.0.0.1",
        "PORT": str(port),
        "WEB_CONCURRENCY": "2",
        "WORKER_CONCURRENCY": "2",
    }
    stack = Stack(env, folder)
    say(f"PostgreSQL {postgres}/{DATABASE}, Redis {redis_server}/{BROKER_DB} and /{CACHE_DB}")
    try:
        _database_fresh(postgres)
        _redis_empty(redis_server)
        entries = stack.procfile()
        stack.run("release", entries.pop("release"))
        stack.run("collectstatic", "python manage.py collectstatic --noinput -v0")
        for name, command in entries.items():
            stack.start(name, command)
        journey(base, outbox, stack)
    except (SmokeFailed, OSError, psycopg.Error, redis.RedisError) as failure:
        say(f"FAILED: {failure}")
        print(stack.logs(), file=sys.stderr)
        return 1
    finally:
        stack.stop()
        _tidy(postgres, redis_server, folder)
    say("OK: sign-up, program and reminder email through the production stack")
    return 0


def _database_fresh(postgres: str) -> None:
    with psycopg.connect(f"{postgres}/postgres", autocommit=True, connect_timeout=5) as db:
        db.execute(f'DROP DATABASE IF EXISTS "{DATABASE}" WITH (FORCE)')
        db.execute(f'CREATE DATABASE "{DATABASE}"')


def _redis_empty(redis_server: str) -> None:
    for number in (BROKER_DB, CACHE_DB):
        redis.Redis.from_url(f"{redis_server}/{number}", socket_connect_timeout=5).flushdb()


def _tidy(postgres: str, redis_server: str, folder: Path) -> None:
    """Leave nothing behind: the database, the two Redis databases, the work folder."""
    try:
        with psycopg.connect(f"{postgres}/postgres", autocommit=True, connect_timeout=5) as db:
            db.execute(f'DROP DATABASE IF EXISTS "{DATABASE}" WITH (FORCE)')
        _redis_empty(redis_server)
    except (psycopg.Error, redis.RedisError) as error:
        say(f"could not tidy up: {error}")
    shutil.rmtree(folder, ignore_errors=True)


if __name__ == "__main__":
    # Stopped from outside (CI timeout, Ctrl-C): still stop the stack and tidy up.
    signal.signal(signal.SIGTERM, lambda *_: sys.exit(143))
    sys.exit(main())
