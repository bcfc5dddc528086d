"""The benchmark data set in its own PostgreSQL database (`make bench-data`).

    make bench-data                          # fresh database, 10,000 people, 52 weeks
    BENCH_DATA_USERS=2000 make bench-data

Drops and recreates the database named by BENCH_DATA_DATABASE_URL, migrates it and runs
`manage.py generate_dataset`, which prints its timing per table. `bench/web.py` calls
`ensure()` to reuse a data set of the right size, or make one.
"""

from __future__ import annotations

import os
import subprocess
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
PYTHON = str(ROOT / ".venv" / "bin" / "python")
DATABASE_URL = os.environ.get(
    "BENCH_DATA_DATABASE_URL", "postgres://postgres@127.0.0.1:5432/osteofit_bench_data"
)
USERS = int(os.environ.get("BENCH_DATA_USERS", "10000"))
WEEKS = int(os.environ.get("BENCH_DATA_WEEKS", "52"))
SEED = int(os.environ.get("BENCH_DATA_SEED", "1"))
# Every generated person's password (generate_dataset hashes it once for all of them).
PASSWORD = "osteofit-bench-password"
# Redis databases of their own (the reminder benchmark uses 9; others' work uses 0 and 1).
CACHE_URL = os.environ.get("BENCH_CACHE_URL", "redis://127.0.0.1:6379/5")
BROKER_URL = os.environ.get("BENCH_REDIS_URL", "redis://127.0.0.1:6379/6")


def environment() -> dict[str, str]:
    """What bench.web_settings (production settings) read, for this process and gunicorn's."""
    return {
        "DJANGO_SETTINGS_MODULE": "bench.web_settings",
        "DATABASE_URL": DATABASE_URL,
        "REDIS_URL": BROKER_URL,
        "CACHE_URL": CACHE_URL,
        "SECRET_KEY": _SECRET_KEY,
        "ALLOWED_HOSTS": "127.0.0.1,localhost",
        "EMAIL_URL": "memory:",
        "SITE_URL": "https://osteofit.example",
        "DEFAULT_FROM_EMAIL": "OsteoFit <bench@osteofit.example>",
        "SECURE_SSL_REDIRECT": "false",
        "CONN_MAX_AGE": "600",
        "STATIC_ROOT": str(ROOT / "var" / "bench" / "static"),
        "LOG_LEVEL": "WARNING",
        "PYTHONPATH": str(ROOT),
    }


# Fixed, so sessions signed in by one run still work in the next (loopback, throwaway data).
_SECRET_KEY = os.environ.get("BENCH_SECRET_KEY", "bench-only-not-a-secret-" + "x7Qk2pLm9Zr4" * 4)


def _admin(sql: str, *params):
    import psycopg

    admin_url = DATABASE_URL.rsplit("/", 1)[0] + "/postgres"
    with psycopg.connect(admin_url, autocommit=True) as connection:
        return connection.execute(sql, params).fetchall() if params else connection.execute(sql)


def _name() -> str:
    return DATABASE_URL.rsplit("/", 1)[1]


def _manage(*args: str) -> None:
    env = {**os.environ, **environment()}
    subprocess.run([PYTHON, "manage.py", *args], cwd=ROOT, env=env, check=True)


def people_in_dataset() -> int:
    """How many generated people the data set holds (0 when there is no database)."""
    import psycopg

    if not _admin("SELECT 1 FROM pg_database WHERE datname = %s", _name()):
        return 0
    with psycopg.connect(DATABASE_URL) as connection:
        found = connection.execute(
            "SELECT to_regclass('accounts_user') IS NOT NULL AND "
            "to_regclass('tracking_entry') IS NOT NULL"
        ).fetchone()[0]
        if not found:
            return 0
        return connection.execute(
            "SELECT count(*) FROM accounts_user WHERE email LIKE 'bench%@example.com'"
        ).fetchone()[0]


def generate() -> None:
    """A fresh database with the data set; generate_dataset prints its own timing."""
    name = _name()
    _admin(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)')
    _admin(f'CREATE DATABASE "{name}"')
    started = time.perf_counter()
    _manage("migrate", "--verbosity", "0")
    print(f"data: migrated {name} in {time.perf_counter() - started:.1f} s", flush=True)
    started = time.perf_counter()
    _manage(
        "generate_dataset",
        *("--users", str(USERS), "--weeks", str(WEEKS), "--seed", str(SEED)),
        *("--password", PASSWORD),
    )
    print(
        f"data: {USERS:,} people × {WEEKS} weeks generated in "
        f"{time.perf_counter() - started:.1f} s (command start to finish)",
        flush=True,
    )


def ensure() -> None:
    """Reuse a data set of the configured size; otherwise generate one."""
    found = people_in_dataset()
    if found == USERS:
        print(f"data: reusing {_name()} ({found:,} people; `make bench-data` regenerates it)")
        return
    generate()


if __name__ == "__main__":
    sys.path.insert(0, str(ROOT))
    generate()
