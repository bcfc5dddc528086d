"""An outside client, built from nothing but our OpenAPI schema, lives a phone app's whole life.

openapi-python-client (a test dependency) generates a Python package from the schema the live
server serves at /api/schema/, into a temporary folder; the test imports it and drives every
/api/v1/ call through it: its models build the request bodies and parse the answers, its
`AuthenticatedClient` sends the token. Only allauth's headless account endpoints
(/_allauth/app/v1/..., not in our schema) are plain HTTP. The generated client raises on any
status the schema does not document, so an answer the schema forgot fails here.

Operations are found by method and path in the schema the client came from, so the test reads
like the HTTP it sends and does not depend on how operation ids are spelled.
"""

import datetime as dt
import importlib
import inspect
import json
import os
import subprocess
import sys
import types
import typing
from pathlib import Path

import httpx
import pytest

from tests.api.helpers import CODE, HEADLESS, LOGIN, PROGRAM_BODY, SIGNUP, VERIFY_EMAIL
from tests.factories import PASSWORD
from tests.reauth import HEADLESS_REAUTHENTICATE
from tests.tracking.factories import ZONE, earlier_today, local_today

pytestmark = [
    pytest.mark.django_db(transaction=True),
    pytest.mark.usefixtures("database_restored_afterwards"),
]

PACKAGE = "osteofit_client"
VENV_BIN = Path(sys.executable).parent
SCHEMA_URL = "/api/schema/?format=json"
EMAIL = "ines@example.com"
TOKEN_HEADER = "X-Session-Token"


def served_schema(base: str) -> dict:
    response = httpx.get(f"{base}{SCHEMA_URL}", timeout=30)
    assert response.status_code == 200, response.text[:500]
    return response.json()


def generate(schema: dict, folder: Path) -> None:
    (folder / "schema.json").write_text(json.dumps(schema))
    # Time zone names differ only in "+" and "-" (Etc/GMT+1, Etc/GMT-1), which a Python Enum
    # cannot tell apart: enums become Literal types, as docs/api.md advises.
    (folder / "config.json").write_text(json.dumps({"literal_enums": True}))
    # The generator formats its output with ruff, which it looks for on PATH.
    env = {**os.environ, "PATH": f"{VENV_BIN}{os.pathsep}{os.environ.get('PATH', '')}"}
    command = [
        str(VENV_BIN / "openapi-python-client"), "generate", "--meta", "none",
        "--path", str(folder / "schema.json"), "--output-path", str(folder / PACKAGE),
        "--config", str(folder / "config.json"),
    ]  # fmt: skip
    result = subprocess.run(
        command, cwd=folder, env=env, capture_output=True, text=True, timeout=120, check=False
    )
    output = result.stdout + result.stderr
    assert result.returncode == 0, output
    # Any warning means part of the schema could not be turned into code.
    assert "Warning" not in output, output


@pytest.fixture(scope="module")
def generated(live_server, django_db_setup, django_db_blocker, tmp_path_factory):
    """The client package generated from the schema the live server serves, importable for
    this module, and that schema. (The schema view opens a transaction, and the server thread
    closes its connection after answering, so the database stays open until the client is
    built.)"""
    folder = tmp_path_factory.mktemp("generated")
    with django_db_blocker.unblock():
        schema = served_schema(live_server.url)
        generate(schema, folder)
    sys.path.insert(0, str(folder))
    try:
        yield importlib.import_module(PACKAGE), schema
    finally:
        sys.path.remove(str(folder))
        for name in [name for name in sys.modules if name.split(".")[0] == PACKAGE]:
            del sys.modules[name]


class Api:
    """Calls one operation of the generated client, named by its method and path."""

    def __init__(self, package: types.ModuleType, schema: dict, client):
        self.package = package
        self.schema = schema
        self.client = client

    def __call__(self, method: str, path: str, body: dict | None = None, **arguments):
        module = self.module(method, path)
        if body is not None:
            arguments["body"] = self.body_type(module).from_dict(body)
        return module.sync_detailed(client=self.client, **arguments)

    def module(self, method: str, path: str) -> types.ModuleType:
        operation = self.schema["paths"][path][method.lower()]
        tag = operation["tags"][0]
        return importlib.import_module(
            f"{self.package.__name__}.api.{tag}.{operation['operationId']}"
        )

    @staticmethod
    def body_type(module):
        annotation = inspect.signature(module.sync_detailed).parameters["body"].annotation
        options = typing.get_args(annotation) or (annotation,)
        return next(option for option in options if hasattr(option, "from_dict"))


def headless(method: str, base: str, path: str, body: dict | None = None, token: str = ""):
    """allauth's headless API, as an app calls it: JSON and the session token, no cookies."""
    headers = {TOKEN_HEADER: token} if token else {}
    return httpx.request(method, f"{base}{path}", json=body, headers=headers, timeout=30)


def signed_up(base: str, mailoutbox) -> str:
    pending = headless("POST", base, SIGNUP, {"email": EMAIL, "password": PASSWORD})
    assert pending.status_code == 401, pending.text
    code = CODE.search(mailoutbox[-1].body).group(1)
    verified = headless(
        "POST", base, VERIFY_EMAIL, {"key": code}, token=pending.json()["meta"]["session_token"]
    )
    assert verified.status_code == 200, verified.text
    return verified.json()["meta"]["session_token"]


def reauthenticate(base: str, token: str) -> None:
    response = headless("POST", base, HEADLESS_REAUTHENTICATE, {"password": PASSWORD}, token)
    assert response.status_code == 200, response.text


def session(part: float, **changes) -> dict:
    body = {
        "performed_at": earlier_today(ZONE, part=part).isoformat(),
        "pain_before": 1,
        "pain_after": 1,
        "effort": 5,
        "red_flag": False,
        "notes": "Steady.",
        "entries": [{"exercise": "back-extension", "sets": 1, "reps": 6, "hold_seconds": 3}],
    }
    return {**body, **changes}


def test_the_generated_client_carries_a_phone_app_from_sign_up_to_deletion(
    generated, live_server, mailoutbox
):
    package, schema = generated
    base = live_server.url
    token = signed_up(base, mailoutbox)
    client = package.AuthenticatedClient(
        base_url=base,
        token=token,
        prefix="",
        auth_header_name=TOKEN_HEADER,
        raise_on_unexpected_status=True,
    )
    api = Api(package, schema, client)

    me = api("GET", "/api/v1/me/")
    assert me.status_code == 200
    assert me.parsed.email == EMAIL

    # Start the program: 201, and where it lives.
    started = api("PUT", "/api/v1/program/", PROGRAM_BODY)
    assert started.status_code == 201
    assert started.headers["Location"].endswith("/api/v1/program/")
    assert [str(day) for day in started.parsed.training_days] == PROGRAM_BODY["training_days"]

    # Log a session, retried by a flaky network under one Idempotency-Key: one session.
    first_body = session(0.2)
    first = api("POST", "/api/v1/sessions/", first_body, idempotency_key="phone-1")
    retried = api("POST", "/api/v1/sessions/", first_body, idempotency_key="phone-1")
    assert (first.status_code, retried.status_code) == (201, 201)
    assert retried.parsed.id == first.parsed.id
    assert retried.headers["Idempotent-Replayed"] == "true"
    assert first.headers["Location"].endswith(f"/api/v1/sessions/{first.parsed.id}/")
    listed = api("GET", "/api/v1/sessions/")
    assert [s.id for s in listed.parsed.results] == [first.parsed.id]

    # PATCH changes only what it names.
    patched = api("PATCH", "/api/v1/program/", {"reminders_enabled": False})
    assert patched.status_code == 200
    assert patched.parsed.reminders_enabled is False
    assert [str(day) for day in patched.parsed.training_days] == PROGRAM_BODY["training_days"]
    assert patched.parsed.timezone == PROGRAM_BODY["timezone"]

    # Conditional requests: a matching If-None-Match is a 304; a stale If-Match a 412.
    program = api("GET", "/api/v1/program/")
    etag = program.headers["ETag"]
    assert etag.startswith('"')  # a strong validator
    assert api("GET", "/api/v1/program/", if_none_match=etag).status_code == 304
    changed = api("PATCH", "/api/v1/program/", {"reminder_time": "09:15"}, if_match=etag)
    assert changed.status_code == 200
    assert changed.parsed.reminder_time.startswith("09:15")
    stale = api("PATCH", "/api/v1/program/", {"reminder_time": "10:00"}, if_match=etag)
    assert stale.status_code == 412
    assert api("GET", "/api/v1/program/").parsed.reminder_time.startswith("09:15")

    # Sync: keep the latest updated_at seen; ask for what changed and what was deleted since.
    cursor = max(s.updated_at for s in api("GET", "/api/v1/sessions/").parsed.results)
    second_body = session(0.4)
    second = api("POST", "/api/v1/sessions/", second_body, idempotency_key="phone-2")
    corrected = api("PATCH", "/api/v1/sessions/{id}/", {"notes": "Easier."}, id=first.parsed.id)
    assert corrected.status_code == 200
    changed_since = api("GET", "/api/v1/sessions/", updated_since=cursor)
    assert {s.id for s in changed_since.parsed.results} == {first.parsed.id, second.parsed.id}
    gone = api("DELETE", "/api/v1/sessions/{id}/", id=second.parsed.id)
    assert gone.status_code == 204
    deleted = api("GET", "/api/v1/sessions/deleted/", since=cursor)
    assert deleted.status_code == 200
    deleted_rows = getattr(deleted.parsed, "results", deleted.parsed)
    assert [row.id for row in deleted_rows] == [second.parsed.id]
    assert deleted_rows[0].deleted_at > cursor
    # Its key cannot bring it back.
    replayed = api("POST", "/api/v1/sessions/", second_body, idempotency_key="phone-2")
    assert replayed.status_code == 409
    assert replayed.parsed.code == "idempotency_key_used"

    # A session's ETag guards its corrections too.
    read = api("GET", "/api/v1/sessions/{id}/", id=first.parsed.id)
    api("PATCH", "/api/v1/sessions/{id}/", {"notes": "Fine."}, id=first.parsed.id)
    late = api(
        "PATCH", "/api/v1/sessions/{id}/", {"notes": "X"}, id=first.parsed.id,
        if_match=read.headers["ETag"],
    )  # fmt: skip
    assert late.status_code == 412

    # Pause and resume on their own.
    paused = api("POST", "/api/v1/program/pause/")
    assert paused.status_code == 200
    assert paused.parsed.paused is True
    resumed = api("POST", "/api/v1/program/resume/")
    assert resumed.status_code == 200
    assert resumed.parsed.paused is False

    # What got in the way this week.
    monday = local_today(ZONE) - dt.timedelta(days=local_today(ZONE).weekday())
    answered = api(
        "PUT", "/api/v1/reflections/{week_start}/", {"obstacle": "no_time"}, week_start=monday
    )
    assert answered.status_code in {200, 201}
    reflections = api("GET", "/api/v1/reflections/")
    rows = getattr(reflections.parsed, "results", reflections.parsed)
    assert [(row.week_start, str(row.obstacle)) for row in rows] == [(monday, "no_time")]

    # The calendar address and the export need a fresh confirmation that it is you.
    refused = api("GET", "/api/v1/calendar/")
    assert refused.status_code == 403
    assert refused.parsed.code == "reauthentication_required"
    reauthenticate(base, token)
    feed = api("GET", "/api/v1/calendar/").parsed.url
    assert httpx.get(feed, timeout=30).status_code == 200
    new_feed = api("POST", "/api/v1/calendar/reset/").parsed.url
    assert new_feed != feed
    assert httpx.get(feed, timeout=30).status_code == 404
    assert httpx.get(new_feed, timeout=30).status_code == 200

    export = api("GET", "/api/v1/me/export/")
    assert export.status_code == 200
    assert export.parsed.account.email == EMAIL
    assert [s.id for s in export.parsed.sessions] == [first.parsed.id]

    # Delete the account (still within the confirmation window); the token is then refused.
    assert api("DELETE", "/api/v1/me/").status_code == 204
    after = api("GET", "/api/v1/me/")
    assert after.status_code == 401
    assert after.parsed.code == "authentication_failed"
    assert after.headers["WWW-Authenticate"]
    assert headless("GET", base, f"{HEADLESS}/auth/session", token=token).status_code in {401, 410}
    assert headless("POST", base, LOGIN, {"email": EMAIL, "password": PASSWORD}).status_code == 400
