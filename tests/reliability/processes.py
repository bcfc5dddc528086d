"""Real processes for the fault tests, each on its own free loopback port and stopped afterwards.

- `PrivateRedis`: a redis-server of our own, so stopping it never touches the shared one.
- `PrivatePostgres`: a throw-away PostgreSQL cluster (initdb + pg_ctl, as the `postgres` user
  when we are root), so restarting it never touches the shared server.
- `Service`: any command (Celery worker or beat, gunicorn) in its own process group, with its
  output in a log file, killed as a group.

Nothing here is a mock: the faults are the real thing, done to processes the tests own.
"""

from __future__ import annotations

import atexit
import functools
import glob
import http.client
import json
import os
import secrets
import shutil
import signal
import socket
import subprocess
import sys
import tempfile
import time
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path
from urllib.parse import urlsplit

import psycopg
import pytest
import redis

ROOT = Path(__file__).resolve().parents[2]
VENV_BIN = Path(sys.executable).parent


def free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return probe.getsockname()[1]


def wait_until(condition: Callable[[], object], *, timeout: float, what: str, every=0.1):
    """Poll `condition` until it returns something true; fail naming `what` after `timeout`."""
    deadline = time.monotonic() + timeout
    while True:
        result = condition()
        if result:
            return result
        if time.monotonic() > deadline:
            pytest.fail(f"waited {timeout:.0f} s for {what}")
        time.sleep(every)


# --- Redis -------------------------------------------------------------------------------------


class PrivateRedis:
    """A redis-server of our own, without persistence: stopping it loses what it held, as a
    crashed production Redis without an append-only file would."""

    def __init__(self, directory: Path):
        self.binary = shutil.which("redis-server")
        if not self.binary:
            pytest.skip("redis-server is not installed, so Redis cannot be stopped for real.")
        self.directory = directory
        self.port = free_port()
        self.process: subprocess.Popen | None = None

    def url(self, database: int = 0) -> str:
        return f"redis://127.0.0.1:{self.port}/{database}"

    def start(self) -> PrivateRedis:
        with open(self.directory / f"redis-{self.port}.log", "ab") as log:
            self.process = subprocess.Popen(
                [
                    self.binary,
                    *f"--port {self.port} --bind 127.0.0.1 --appendonly no".split(),
                    *["--save", "", "--dir", str(self.directory)],
                ],
                stdout=log,
                stderr=subprocess.STDOUT,
            )
        client = redis.Redis(port=self.port, socket_connect_timeout=0.2)
        wait_until(lambda: _answers(client), timeout=10, what=f"redis-server on {self.port}")
        return self

    def stop(self) -> None:
        if self.process and self.process.poll() is None:
            self.process.terminate()
            self.process.wait(timeout=10)
        self.process = None

    def freeze(self) -> None:
        """Still listening, never answering: a hung Redis."""
        self.process.send_signal(signal.SIGSTOP)

    def thaw(self) -> None:
        self.process.send_signal(signal.SIGCONT)


def _answers(client: redis.Redis) -> bool:
    try:
        return client.ping()
    except redis.RedisError:
        return False


# --- PostgreSQL --------------------------------------------------------------------------------


def postgres_bin() -> Path:
    candidates = sorted(glob.glob("/usr/lib/postgresql/*/bin/initdb"), key=_version)
    if candidates:
        return Path(candidates[-1]).parent
    initdb = shutil.which("initdb")
    if initdb:
        return Path(initdb).parent
    pytest.skip("PostgreSQL's initdb is not installed, so no private cluster can be started.")


def _version(path: str) -> tuple[int, ...]:
    number = path.split("/")[4]
    return tuple(int(part) for part in number.split(".") if part.isdigit())


class PrivatePostgres:
    """A PostgreSQL cluster of our own in a temporary folder: initdb, start, stop, restart.

    PostgreSQL refuses to run as root, so as root every command runs as the `postgres` user."""

    def __init__(self):
        self.bin = postgres_bin()
        self.as_postgres: list[str] = []
        if os.geteuid() == 0:
            if not shutil.which("runuser"):
                pytest.skip("running as root without runuser: cannot start PostgreSQL.")
            self.as_postgres = ["runuser", "-u", "postgres", "--"]
        self.directory = Path(tempfile.mkdtemp(prefix="osteofit-pg-"))
        if self.as_postgres:
            shutil.chown(self.directory, "postgres")
        self.data = self.directory / "data"
        self.port = free_port()

    def _run(self, *command: str, timeout: float = 60) -> None:
        result = subprocess.run(
            [*self.as_postgres, *command], capture_output=True, text=True, timeout=timeout
        )
        if result.returncode:
            pytest.fail(f"{' '.join(command)} failed:\n{result.stdout}\n{result.stderr}")

    def create(self) -> PrivatePostgres:
        self._run(str(self.bin / "initdb"), "-D", str(self.data), "-U", "postgres", "-A", "trust")
        self.start()
        return self

    def start(self) -> None:
        options = (
            f"-p {self.port} -k {self.directory} -c listen_addresses=127.0.0.1 "
            "-c fsync=off -c full_page_writes=off -c max_connections=50"
        )
        self._run(
            str(self.bin / "pg_ctl"), "-D", str(self.data), "-o", options,
            "-l", str(self.directory / "server.log"), "-w", "start",
        )  # fmt: skip

    def stop(self, mode: str = "fast") -> None:
        self._run(str(self.bin / "pg_ctl"), "-D", str(self.data), "-m", mode, "-w", "stop")

    def url(self, name: str = "postgres") -> str:
        return f"postgres://postgres@127.0.0.1:{self.port}/{name}"

    def create_database(self, name: str) -> str:
        with psycopg.connect(self.url(), autocommit=True) as connection:
            connection.execute(f'CREATE DATABASE "{name}"')
        return self.url(name)

    def destroy(self) -> None:
        if (self.data / "postmaster.pid").exists():
            subprocess.run(
                [
                    *self.as_postgres,
                    str(self.bin / "pg_ctl"),
                    "-D",
                    str(self.data),
                    "stop",
                    *["-m", "immediate"],
                ],
                capture_output=True,
                timeout=30,
            )
        shutil.rmtree(self.directory, ignore_errors=True)


# --- services: Celery, gunicorn ----------------------------------------------------------------


class Service:
    """A command in its own process group, its output in `log`."""

    def __init__(self, name: str, command: list[str], env: dict[str, str], directory: Path):
        self.name = name
        self.log = directory / f"{name}.log"
        with open(self.log, "ab") as out:
            self.process = subprocess.Popen(
                command,
                cwd=ROOT,
                env=env,
                stdout=out,
                stderr=subprocess.STDOUT,
                start_new_session=True,
            )

    @property
    def output(self) -> str:
        return self.log.read_text(errors="replace")

    @property
    def alive(self) -> bool:
        return self.process.poll() is None

    def wait_for(self, text: str, timeout: float = 20) -> None:
        def seen():
            if not self.alive and text not in self.output:
                pytest.fail(f"{self.name} exited ({self.process.returncode}):\n{self.output}")
            return text in self.output

        wait_until(seen, timeout=timeout, what=f"{text!r} from {self.name}")

    def kill(self) -> None:
        """SIGKILL, to the whole group: the worker and its pool processes, no clean-up."""
        if self.alive:
            os.killpg(self.process.pid, signal.SIGKILL)
        self.process.wait(timeout=10)

    def stop(self) -> None:
        if not self.alive:
            return
        os.killpg(self.process.pid, signal.SIGTERM)
        try:
            self.process.wait(timeout=10)
        except subprocess.TimeoutExpired:
            self.kill()


def worker(env, directory: Path, name: str = "worker", concurrency: int = 2) -> Service:
    """A Celery worker as the Procfile runs it, with a prefork pool."""
    service = Service(
        name,
        [
            str(VENV_BIN / "celery"),
            *[
                "-A",
                "osteofit",
                "worker",
                "--loglevel=INFO",
                "--without-mingle",
                "--without-gossip",
            ],
            f"--concurrency={concurrency}",
            f"--hostname={name}@%h",
        ],
        env,
        directory,
    )
    service.wait_for("ready.")
    return service


def beat(env, directory: Path, name: str = "beat") -> Service:
    service = Service(
        name,
        [
            str(VENV_BIN / "celery"),
            *["-A", "osteofit", "beat", "--loglevel=INFO", "--schedule"],
            str(directory / f"{name}-schedule"),
        ],
        env,
        directory,
    )
    service.wait_for("beat: Starting")
    return service


def process_env(**values: str) -> dict[str, str]:
    """The environment of a process under test: ours, minus anything pytest set for itself."""
    skip = {"DJANGO_SETTINGS_MODULE", "DJANGO_ALLOW_ASYNC_UNSAFE", "REDIS_URL", "CACHE_URL"}
    env = {key: value for key, value in os.environ.items() if key not in skip}
    env.update(values)
    return env


# --- the production shape: settings, static files, gunicorn, HTTP -------------------------------

PRODUCTION_SECRET = "fault-tests-" + secrets.token_urlsafe(48)


@functools.cache
def collected_static() -> Path:
    """`collectstatic` with production settings (manifest storage needs it), once per run."""
    folder = Path(tempfile.mkdtemp(prefix="osteofit-static-"))
    atexit.register(shutil.rmtree, folder, ignore_errors=True)
    result = subprocess.run(
        [sys.executable, "manage.py", "collectstatic", "--noinput", "-v0"],
        cwd=ROOT,
        env=production_env(
            folder, DATABASE_URL=f"sqlite:///{folder}/unused.sqlite3", EMAIL_URL="console:"
        ),
        capture_output=True,
        text=True,
        timeout=120,
    )
    if result.returncode:
        pytest.fail(f"collectstatic failed:\n{result.stdout}\n{result.stderr}")
    return folder


def production_env(static_root: Path | None = None, **values: str) -> dict[str, str]:
    """osteofit.settings.production, configured as the README says, on loopback."""
    defaults = {
        "DJANGO_SETTINGS_MODULE": "osteofit.settings.production",
        "SECRET_KEY": PRODUCTION_SECRET,
        "ALLOWED_HOSTS": "127.0.0.1,localhost",
        "SITE_URL": "https://osteofit.example",
        "DEFAULT_FROM_EMAIL": "OsteoFit <hello@osteofit.example>",
        # `request()` below speaks as the HTTPS proxy in front of the site.
        "TRUSTED_PROXIES": "1",
        "STATIC_ROOT": str(static_root or collected_static()),
    }
    return process_env(**{**defaults, **values})


def manage(env: dict[str, str], *args: str) -> str:
    result = subprocess.run(
        [sys.executable, "manage.py", *args],
        cwd=ROOT,
        env=env,
        capture_output=True,
        text=True,
        timeout=120,
    )
    if result.returncode:
        pytest.fail(f"manage.py {' '.join(args)} failed:\n{result.stdout}\n{result.stderr}")
    return result.stdout


def gunicorn(env, directory: Path, workers: int = 2) -> tuple[Service, str]:
    """gunicorn as the Procfile runs it, on a free loopback port; returns it and its base URL."""
    port = free_port()
    service = Service(
        "web",
        [
            str(VENV_BIN / "gunicorn"),
            *f"osteofit.wsgi --bind 127.0.0.1:{port} --workers {workers}".split(),
            *["--access-logfile", "-"],
        ],
        env,
        directory,
    )
    base = f"http://127.0.0.1:{port}"
    wait_until(lambda: _serving(base), timeout=20, what="gunicorn to answer")
    return service, base


def _serving(base: str) -> bool:
    try:
        request("GET", f"{base}/health/", timeout=1)
        return True
    except OSError:
        return False


@dataclass
class Answer:
    status: int
    headers: dict[str, str]
    body: bytes
    seconds: float
    started: float

    def json(self):
        return json.loads(self.body)


def request(method: str, url: str, body=None, headers=None, timeout: float = 10) -> Answer:
    """One request, no redirects followed, as if through the HTTPS proxy in front of the site."""
    parts = urlsplit(url)
    headers = {"X-Forwarded-Proto": "https", **(headers or {})}
    if body is not None and not isinstance(body, bytes):
        body = json.dumps(body).encode()
        headers.setdefault("Content-Type", "application/json")
    started = time.monotonic()
    connection = http.client.HTTPConnection(parts.hostname, parts.port, timeout=timeout)
    try:
        path = parts.path + (f"?{parts.query}" if parts.query else "")
        connection.request(method, path, body=body, headers=headers)
        response = connection.getresponse()
        content = response.read()
    finally:
        connection.close()
    return Answer(
        status=response.status,
        headers={key.lower(): value for key, value in response.getheaders()},
        body=content,
        seconds=time.monotonic() - started,
        started=started,
    )
