"""The production stack on loopback, for `make smoke` and `make audit-web`.

Each script gets a database and Redis databases of its own on the servers named by
DATABASE_URL and REDIS_URL (their database names are ignored; 127.0.0.1 on the usual ports
otherwise), the Procfile's processes with osteofit.settings.production, and a tidy-up that
leaves nothing behind whatever happened.
"""

from __future__ import annotations

import os
import secrets
import signal
import socket
import subprocess
import sys
import time
from collections.abc import Callable, Sequence
from pathlib import Path
from urllib.parse import urlsplit

import psycopg
import redis

ROOT = Path(__file__).resolve().parent.parent
VENV_BIN = Path(sys.executable).parent
STOP_WAIT = 20  # seconds a process has to stop before it is killed


class StackFailed(Exception):
    pass


def server_url(variable: str, default: str) -> str:
    """The server part of a URL from the environment: scheme, credentials, host and port."""
    parts = urlsplit(os.environ.get(variable) or default)
    return f"{parts.scheme}://{parts.netloc}"


def free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return probe.getsockname()[1]


class Scratch:
    """A database and Redis databases made empty before and dropped or emptied after."""

    def __init__(self, database: str, redis_dbs: Sequence[int]):
        self.postgres = server_url("DATABASE_URL", "postgres://postgres@127.0.0.1:5432")
        self.redis_server = server_url("REDIS_URL", "redis://127.0.0.1:6379")
        self.database = database
        self.redis_dbs = tuple(redis_dbs)

    def database_url(self) -> str:
        return f"{self.postgres}/{self.database}"

    def redis_url(self, number: int) -> str:
        return f"{self.redis_server}/{number}"

    def __str__(self) -> str:
        numbers = " and ".join(f"/{number}" for number in self.redis_dbs)
        return f"PostgreSQL {self.database_url()}, Redis {self.redis_server}{numbers}"

    def fresh(self) -> None:
        self._drop(create=True)
        self._empty_redis()

    def tidy(self, say: Callable[[str], None]) -> None:
        try:
            self._drop(create=False)
            self._empty_redis()
        except (psycopg.Error, redis.RedisError) as error:
            say(f"could not tidy up: {error}")

    def _drop(self, *, create: bool) -> None:
        with psycopg.connect(f"{self.postgres}/postgres", autocommit=True, connect_timeout=5) as db:
            db.execute(f'DROP DATABASE IF EXISTS "{self.database}" WITH (FORCE)')
            if create:
                db.execute(f'CREATE DATABASE "{self.database}"')

    def _empty_redis(self) -> None:
        for number in self.redis_dbs:
            redis.Redis.from_url(self.redis_url(number), socket_connect_timeout=5).flushdb()


def production_env(port: int, folder: Path, scratch: Scratch, **settings: str) -> dict[str, str]:
    """The environment of a production process on loopback: this venv first on PATH, a fresh
    secret key, the scratch database, its first Redis database the broker and its last the
    cache, links as the public HTTPS site would write them, requests as if through its proxy,
    static files collected into the work folder; `settings` add or override."""
    inherited = {k: v for k, v in os.environ.items() if k != "DJANGO_SETTINGS_MODULE"}
    return {
        **inherited,
        "DATABASE_URL": scratch.database_url(),
        "REDIS_URL": scratch.redis_url(scratch.redis_dbs[0]),
        "CACHE_URL": scratch.redis_url(scratch.redis_dbs[-1]),
        "PATH": f"{VENV_BIN}{os.pathsep}{os.environ.get('PATH', '')}",
        "DJANGO_SETTINGS_MODULE": "osteofit.settings.production",
        "SECRET_KEY": secrets.token_urlsafe(60),
        "SITE_URL": f"https://127.0.0.1:{port}",
        "TRUSTED_PROXIES": "1",
        "STATIC_ROOT": str(folder / "static"),
        "WEB_HOST": "127.0.0.1",
        "PORT": str(port),
        "WEB_CONCURRENCY": "2",
        **settings,
    }


class Stack:
    """The Procfile's processes, each in its own process group, logs in the work folder."""

    def __init__(self, env: dict[str, str], folder: Path, say: Callable[[str], None]):
        self.env = env
        self.folder = folder
        self.say = say
        self.processes: dict[str, subprocess.Popen] = {}

    def procfile(self) -> dict[str, str]:
        entries = {}
        for line in (ROOT / "Procfile").read_text().splitlines():
            name, _, command = line.partition(":")
            if command.strip() and not name.startswith("#"):
                entries[name.strip()] = command.strip()
        return entries

    def run(self, name: str, command: str) -> str:
        """Run a command to its end; its output, or StackFailed with it."""
        self.say(f"{name}: {command}")
        result = subprocess.run(
            ["sh", "-c", command], cwd=ROOT, env=self.env, capture_output=True, text=True
        )
        if result.returncode:
            raise StackFailed(f"{name} failed:\n{result.stdout}{result.stderr}")
        return result.stdout

    def start(self, name: str, command: str) -> None:
        self.say(f"starting {name}: {command}")
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
                raise StackFailed(f"{name} exited with status {process.returncode}")

    def stop(self) -> None:
        for process in self.processes.values():
            if process.poll() is None:
                os.killpg(process.pid, signal.SIGTERM)
        deadline = time.monotonic() + STOP_WAIT
        for name, process in self.processes.items():
            try:
                process.wait(timeout=max(0.1, deadline - time.monotonic()))
            except subprocess.TimeoutExpired:
                self.say(f"{name} did not stop in time; killing it")
                os.killpg(process.pid, signal.SIGKILL)
                process.wait()
        self.say("stopped " + ", ".join(self.processes) if self.processes else "nothing to stop")

    def logs(self) -> str:
        return "\n".join(
            f"--- {path.name} ---\n{path.read_text(errors='replace')[-3000:]}"
            for path in sorted(self.folder.glob("*.log"))
        )
