"""Backup and restore, with the README's own commands: pg_dump of a database with people's data
in it, pg_restore into a new database, and the restored copy serves the same data through the
API. PostgreSQL only; the restored database is dropped afterwards."""

import json
import shutil
import subprocess
import sys

import psycopg
import pytest
from django.db import connection
from django.test import Client

from tests.concurrency import committed
from tests.reauth import reauthenticated
from tests.reliability import processes
from tests.reliability.conftest import database_url_of_tests, needs_postgres
from tests.tracking.factories import ProgramFactory, sessions_logged

SERVE = """
import json, sys
import django
django.setup()
from django.contrib.auth import get_user_model
from django.test import Client
from tests.reauth import reauthenticated
client = reauthenticated(Client(), get_user_model().objects.get(email=sys.argv[1]))
print(json.dumps({path: client.get(path).json() for path in sys.argv[2:]}))
"""
PATHS = ["/api/v1/me/export/", "/api/v1/sessions/", "/api/v1/program/", "/api/v1/progress/"]


def served(client) -> dict:
    return {path: client.get(path).json() for path in PATHS}


def comparable(answers: dict) -> dict:
    answers = json.loads(json.dumps(answers))
    export = answers["/api/v1/me/export/"]
    export.pop("exported_at")
    # Each side signs in again to reauthenticate for the export, which moves the last login on.
    export["account"].pop("last_login")
    return answers


@pytest.fixture
def restored_database():
    """The URL of an empty database beside the test database, dropped afterwards."""
    needs_postgres()
    if not (shutil.which("pg_dump") and shutil.which("pg_restore")):
        pytest.skip("pg_dump and pg_restore are not installed.")
    name = f"{connection.settings_dict['NAME']}_restored"
    server = database_url_of_tests().rsplit("/", 1)[0]
    with psycopg.connect(f"{server}/postgres", autocommit=True) as admin:
        admin.execute(f'DROP DATABASE IF EXISTS "{name}"')
        admin.execute(f'CREATE DATABASE "{name}"')
    yield f"{server}/{name}"
    with psycopg.connect(f"{server}/postgres", autocommit=True) as admin:
        admin.execute(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)')


@committed
def test_a_database_restored_from_a_backup_serves_the_same_data(restored_database, tmp_path):
    program = ProgramFactory()
    sessions_logged(program, 5, notes="Before the backup.")
    sessions_logged(ProgramFactory(), 2)  # someone else, restored too
    client = reauthenticated(Client(), program.user)  # the export asks for the password
    before = served(client)
    dump = tmp_path / "osteofit.dump"

    subprocess.run(
        ["pg_dump", "--format=custom", "--no-owner", f"--file={dump}", database_url_of_tests()],
        check=True,
        timeout=120,
    )
    subprocess.run(
        ["pg_restore", "--no-owner", f"--dbname={restored_database}", str(dump)],
        check=True,
        timeout=120,
    )
    result = subprocess.run(
        [sys.executable, "-c", SERVE, program.user.email, *PATHS],
        cwd=processes.ROOT,
        env=processes.process_env(
            DJANGO_SETTINGS_MODULE="osteofit.settings.test", DATABASE_URL=restored_database
        ),
        capture_output=True,
        text=True,
        timeout=120,
    )

    assert result.returncode == 0, result.stderr
    after = json.loads(result.stdout.splitlines()[-1])
    assert len(after["/api/v1/sessions/"]["results"]) == 5
    assert comparable(after) == comparable(before)
