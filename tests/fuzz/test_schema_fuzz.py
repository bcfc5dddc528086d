"""Property-based fuzzing of /api/v1/ from its own OpenAPI schema (schemathesis 4).

Every operation gets a bounded number of generated requests (schema examples, the coverage
phase's boundary values, then random ones), sent in-process to the WSGI application as a real
user who has a program and logged sessions, by two tests:

- `test_api`, every mode (valid and invalid requests, `MAX_EXAMPLES`): every response must pass
  all of schemathesis's checks: no 5xx, a documented status code, content type and headers, a
  body that matches the schema, invalid requests refused, valid ones accepted (but see
  BUSINESS_RULES), and the authentication actually enforced.
- `test_valid_requests_are_accepted`, positive mode only (`POSITIVE_MAX_EXAMPLES`) and strict:
  no 5xx and no "schema-valid request rejected" (`positive_data_acceptance`, ST202) with no
  BUSINESS_RULES at all. A 400 for a request the schema allows means the schema is looser than
  the server, which a generated client meets as a surprise. Nothing is excused beyond
  schemathesis's own defaults for stateful answers (409 and the like); the request is first
  pointed at the person's own data (`_realistic`: what no schema can know).
  Once it passes, BUSINESS_RULES should be empty.

Each generated request runs inside a savepoint that is rolled back, with an empty cache, so every
example starts from the same user, program and sessions, and none is throttled. That includes
DELETE /api/v1/me/: it is fuzzed like the rest, and the rollback brings the account back for
the next example.

The schema is the one /api/schema/ serves: schemathesis collects one test per operation when
this module is imported, before pytest-django has made a test database, and the view cannot be
called then (ATOMIC_REQUESTS opens a transaction), so the module builds the same document with
drf-spectacular's generator, and `test_the_served_schema_is_the_fuzzed_one` loads it through
`schemathesis.openapi.from_wsgi` to prove it is the same. (`schemathesis.pytest.from_fixture`,
which would load it inside a test, does not run under pytest 9.2: it sets `Node._nodeid`, which
pytest 9.2 no longer has.)

Runtime: about 40 seconds of one core (SQLite or PostgreSQL). A failure prints the request as a
curl command and the server's traceback under "Captured stderr"; re-run one operation with
`-k "PATCH and sessions"`.
"""

import contextlib
import datetime as dt
import json
import os

import pytest
import schemathesis
from django.core.cache import cache
from django.core.signals import request_finished, request_started
from django.db import close_old_connections, transaction
from django.utils import timezone
from django.utils.dateparse import parse_date, parse_datetime
from drf_spectacular.generators import SchemaGenerator
from drf_spectacular.renderers import OpenApiJsonRenderer
from hypothesis import HealthCheck, seed, settings
from schemathesis.openapi.checks import RejectedPositiveData

from exercises.models import Band, Equipment
from osteofit.wsgi import application
from tests.factories import PASSWORD
from tests.tracking.factories import ProgramFactory, sessions_logged
from tracking.api.serializers import MAX_SCHEDULE_DAYS
from tracking.models import Prescription
from tracking.progression import BACKDATE_DAYS

# CI runs a fixed, bounded set of examples (both tests together: about a minute of one core).
# For a longer hunt, e.g. before a release:
#   FUZZ_MAX_EXAMPLES=200 FUZZ_SEED=7 pytest tests/fuzz
MAX_EXAMPLES = int(os.environ.get("FUZZ_MAX_EXAMPLES", "20"))
POSITIVE_MAX_EXAMPLES = int(os.environ.get("FUZZ_MAX_EXAMPLES", "10"))
FUZZ_SEED = os.environ.get("FUZZ_SEED")
SCHEMA_URL = "/api/schema/?format=json"
SESSION_WRITES = {("POST", "/api/v1/sessions/"), ("PATCH", "/api/v1/sessions/{id}/")}

# What schemathesis expects of a valid request, and all this test excuses: 2xx, 3xx, 401, 403,
# 404, 409 (a conflict with the records' state: resuming what is not paused, a safety pause, a
# used Idempotency-Key), 429. No 400 and no 412 (no made-up If-Match is sent, see `_realistic`).

# Rules the schema states in words but cannot express, because they depend on the data (a real
# IANA zone, an exercise of *your* program, a time after *your* start) or tie fields together.
# For `test_api` only: a 400 for a schema-valid request passes only if every field it names is
# listed here for the operation; anything else (a format the schema allows but the server
# refuses, a missing field the schema calls optional) still fails `positive_data_acceptance`.
BUSINESS_RULES = {
    ("PATCH", "/api/v1/me/"): {"timezone"},
    ("PUT", "/api/v1/program/"): {"doctor_confirmed", "training_days", "timezone", "seen_doctor"},
    ("PATCH", "/api/v1/program/"): {"timezone", "seen_doctor"},
    # At most 366 days; and a date under both its name and its deprecated one.
    ("GET", "/api/v1/schedule/"): {"date_from", "date_to"},
    # A Monday of the program that has begun.
    ("PUT", "/api/v1/reflections/{week_start}/"): {"week_start"},
    ("POST", "/api/v1/sessions/"): {"performed_at", "entries"},
    ("PATCH", "/api/v1/sessions/{id}/"): {"performed_at", "entries"},
}


def _served_schema() -> dict:
    """What SpectacularAPIView serves at /api/schema/?format=json, built without a request."""
    document = SchemaGenerator().get_schema(request=None, public=True)
    return json.loads(OpenApiJsonRenderer().render(document))


def _loaded(config: dict | None = None):
    loaded = schemathesis.openapi.from_dict(
        _served_schema(), config=schemathesis.Config.from_dict(config) if config else None
    )
    loaded = loaded.include(path_regex=r"^/api/v1/")
    loaded.app = application  # exactly what from_wsgi sets: requests go to the WSGI app in-process
    return loaded


schema = _loaded()


@schema.hook
def filter_failure(context, failure, case, response) -> bool:
    """Keep every failure except a valid request refused for a rule in BUSINESS_RULES."""
    if not isinstance(failure, RejectedPositiveData) or response.status_code != 400:
        return True
    fields = set(response.json().get("fields", {}))
    allowed = BUSINESS_RULES.get((case.method.upper(), case.operation.path), set())
    return not (fields and fields <= allowed)


positive_schema = _loaded({"generation": {"mode": "positive"}})


@pytest.fixture
def fuzzing_user(db):
    """A person 60 days into a program, with three sessions logged."""
    program = ProgramFactory()
    sessions = sessions_logged(program, 3)
    return program, sessions


@pytest.fixture
def session_token(fuzzing_user, client):
    """An app session token, from allauth's headless login like a phone app gets one."""
    program, _ = fuzzing_user
    response = client.post(
        "/_allauth/app/v1/auth/login",
        {"email": program.user.email, "password": PASSWORD},
        content_type="application/json",
    )
    assert response.status_code == 200, response.content
    return response.json()["meta"]["session_token"]


@pytest.fixture
def in_process_requests():
    """Requests run inside the test's transaction, so, as Django's test client does, keep the
    end of each request from closing the database connection under it."""
    request_started.disconnect(close_old_connections)
    request_finished.disconnect(close_old_connections)
    yield
    request_started.connect(close_old_connections)
    request_finished.connect(close_old_connections)


def _realistic(case, program, sessions) -> None:
    """Point a schema-valid request at the user's own data, so the fuzzing reaches past the
    first business rule: random ids become their sessions', random exercises their program's
    (with a band only where the exercise uses one, and one the catalogue has), times fall inside
    the backdating window, and schedule ranges are at most 366 days long. Values stay
    schema-valid, and invalid (negative) requests are left exactly as generated."""
    # A made-up If-Match is a precondition that fails (412) before the body is read, valid or
    # not; tests/api/test_conditional_requests.py covers them, so the fuzzing sends none.
    for header in ("If-Match", "If-None-Match"):
        (case.headers or {}).pop(header, None)
    if case.meta is None or not case.meta.generation.mode.is_positive:
        return
    key = (case.method.upper(), case.operation.path)
    pk = _integer((case.path_parameters or {}).get("id"))
    if pk is not None and pk % 4 != 3:  # one in four stays a random (most likely missing) id
        case.path_parameters["id"] = sessions[pk % len(sessions)].pk
    if key in SESSION_WRITES and isinstance(case.body, dict):
        _own_exercises(case.body.get("entries") or [], program)
        performed_at = parse_datetime(str(case.body.get("performed_at", "")))
        if performed_at is not None:
            # Within the backdating window (a rule about *now*, which no schema can state).
            minutes = int(performed_at.timestamp() // 60) % (BACKDATE_DAYS * 24 * 60)
            case.body["performed_at"] = (timezone.now() - dt.timedelta(minutes=minutes)).isoformat()
    if key == ("PUT", "/api/v1/reflections/{week_start}/"):
        case.path_parameters["week_start"] = _a_monday_of(program, case.path_parameters)
    if key == ("GET", "/api/v1/schedule/") and case.query:
        date_from = parse_date(str(case.query.get("date_from", "")))
        if date_from is not None:
            length = dt.timedelta(days=date_from.toordinal() % MAX_SCHEDULE_DAYS)
            with contextlib.suppress(OverflowError):
                case.query["date_to"] = (date_from + length).isoformat()


def _own_exercises(entries: list, program) -> None:
    """Each entry names an exercise of the program, with a band the catalogue has, and only
    where the exercise uses one."""
    equipment = dict(
        Prescription.objects.filter(program=program).values_list(
            "exercise__slug", "exercise__equipment"
        )
    )
    slugs = sorted(equipment)
    bands = sorted(Band.objects.values_list("slug", flat=True))
    # One entry per exercise (a session lists each once): no more entries than the program has.
    del entries[len(slugs) :]
    first = (
        len(str(entries[0].get("exercise", ""))) if entries and isinstance(entries[0], dict) else 0
    )
    for index, entry in enumerate(entries):
        if not isinstance(entry, dict) or not isinstance(entry.get("exercise"), str):
            continue
        entry["exercise"] = slugs[(first + index) % len(slugs)]
        if entry.get("band") is None:
            continue
        if equipment[entry["exercise"]] == Equipment.RESISTANCE_BAND:
            entry["band"] = bands[len(str(entry["band"])) % len(bands)]
        else:
            del entry["band"]  # optional: left out, as a client leaves it out


def _a_monday_of(program, path_parameters: dict) -> str:
    """A week of the program that has begun, chosen by the generated date: the weekly answer is
    about a week the person has trained in (a rule about *their* start and *now*)."""
    generated = parse_date(str(path_parameters.get("week_start", ""))) or dt.date.min
    today = timezone.localdate(timezone=program.zone)
    this_monday = today - dt.timedelta(days=today.weekday())
    first_monday = program.started_on - dt.timedelta(days=program.started_on.weekday())
    weeks = (this_monday - first_monday).days // 7 + 1
    return (this_monday - dt.timedelta(weeks=generated.toordinal() % weeks)).isoformat()


def _integer(value) -> int | None:
    """A path parameter as generated: an int, or its digits when the coverage phase made it."""
    try:
        return int(value)
    except (TypeError, ValueError):
        return None


def _seeded(test):
    return seed(int(FUZZ_SEED))(test) if FUZZ_SEED else test


def _fuzz_settings(max_examples: int):
    return settings(
        max_examples=max_examples,
        deadline=None,
        derandomize=not FUZZ_SEED,
        # The fixtures are shared by a test's examples on purpose: each example rolls back.
        suppress_health_check=[HealthCheck.function_scoped_fixture, HealthCheck.too_slow],
    )


def _sent_and_checked(case, fuzzing_user, session_token) -> None:
    program, sessions = fuzzing_user
    cache.clear()  # throttling counts live in the cache; each example starts afresh
    with transaction.atomic():
        _realistic(case, program, sessions)
        case.call_and_validate(headers={"X-Session-Token": session_token})
        transaction.set_rollback(True)


# `in_process_requests` is a parameter, not a usefixtures mark: the tests schemathesis builds
# per operation do not keep marks, and without it PostgreSQL runs fail at once.
@schema.parametrize()
@_fuzz_settings(MAX_EXAMPLES)
@_seeded
def test_api(case, fuzzing_user, session_token, in_process_requests):
    _sent_and_checked(case, fuzzing_user, session_token)


@positive_schema.parametrize()
@_fuzz_settings(POSITIVE_MAX_EXAMPLES)
@_seeded
def test_valid_requests_are_accepted(case, fuzzing_user, session_token, in_process_requests):
    _sent_and_checked(case, fuzzing_user, session_token)


@pytest.mark.usefixtures("db", "in_process_requests")
def test_the_served_schema_is_the_fuzzed_one():
    served = schemathesis.openapi.from_wsgi(SCHEMA_URL, application)

    assert served.raw_schema == schema.raw_schema == positive_schema.raw_schema
