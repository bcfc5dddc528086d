"""Who may do what to whom: every /api/v1/ endpoint and method, for four people.

- anonymous: no credentials at all;
- owner: the person whose program and session the URLs point at;
- other: another signed-in person, with no program of their own;
- staff: a staff superuser, also with no program: the API gives staff nothing extra.

Per-person endpoints (program, schedule, me...) always mean "mine", so for other and staff they
answer about themselves (404: no program yet), never about the owner. Adding an endpoint means
adding a row to ENDPOINTS; test_every_api_route_and_method_has_a_row_in_the_table fails until
that is done.
"""

import dataclasses
import json

import pytest
from django.urls import URLPattern, URLResolver, get_resolver

from osteofit.accounts.export import account_export
from tests.api.helpers import (
    EXPORT,
    ME,
    PROGRAM,
    PROGRAM_BODY,
    PROGRESS,
    REMINDERS,
    SCHEDULE,
    SESSIONS,
    session_body,
)
from tests.factories import UserFactory
from tests.reauth import reauthenticated
from tests.tracking.factories import ProgramFactory, session_logged
from tracking.schedule import week_start

pytestmark = pytest.mark.django_db

WHO = ("anonymous", "owner", "other", "staff")


@dataclasses.dataclass(frozen=True)
class Endpoint:
    name: str  # the URL name in the "api" namespace
    method: str
    path: str  # "{session}" stands for the owner's session id
    expect: dict[str, int]
    body: dict | None = None


def row(name, method, path, anonymous, owner, other, staff, body=None):
    expect = {"anonymous": anonymous, "owner": owner, "other": other, "staff": staff}
    return Endpoint(name, method, path, expect, body)


OWNERS_SESSION = "/api/v1/sessions/{session}/"
REMINDER_BODY = {
    "reminders_enabled": True,
    "reminder_time": "07:45",
    "weekly_summary_enabled": False,
    "weekly_summary_day": "wed",
}
# The Monday of the week the owner's program started in (ProgramFactory: 60 days ago).
OWNERS_FIRST_WEEK = "/api/v1/reflections/{monday}/"

# fmt: off
ENDPOINTS = [
    #    URL name           method    path                                    anon owner other staff
    row("exercise-list",   "GET",    "/api/v1/exercises/",                   200, 200, 200, 200),
    row("exercise-detail", "GET",    "/api/v1/exercises/back-extension/",    200, 200, 200, 200),
    row("avoid-list",      "GET",    "/api/v1/avoid/",                       200, 200, 200, 200),
    row("avoid-detail",    "GET",    "/api/v1/avoid/twisting/",              200, 200, 200, 200),
    row("program",         "GET",    PROGRAM,                                401, 200, 404, 404),
    row("program",         "PUT",    PROGRAM,                                401, 200, 201, 201, PROGRAM_BODY),
    row("program",         "PATCH",  PROGRAM,                                401, 200, 404, 404, {"reminder_time": "07:00"}),
    row("program-pause",   "POST",   "/api/v1/program/pause/",               401, 200, 404, 404),
    row("program-resume",  "POST",   "/api/v1/program/resume/",              401, 200, 404, 404, {"seen_doctor": False}),
    row("calendar",        "GET",    "/api/v1/calendar/",                    401, 200, 404, 404),
    row("calendar-reset",  "POST",   "/api/v1/calendar/reset/",              401, 200, 404, 404),
    row("reflection-list", "GET",    "/api/v1/reflections/",                 401, 200, 200, 200),
    row("reflection",      "PUT",    OWNERS_FIRST_WEEK,                      401, 201, 404, 404, {"obstacle": "no_time"}),
    row("session-deleted", "GET",    "/api/v1/sessions/deleted/",            401, 200, 200, 200),
    row("session-list",    "GET",    SESSIONS,                               401, 200, 200, 200),
    # Another person has no program to log into: the owner's is never used.
    row("session-list",    "POST",   SESSIONS,                               401, 201, 400, 400, "session"),
    row("session-detail",  "GET",    OWNERS_SESSION,                         401, 200, 404, 404),
    row("session-detail",  "PATCH",  OWNERS_SESSION,                         401, 200, 404, 404, {"notes": "Changed."}),
    row("session-detail",  "DELETE", OWNERS_SESSION,                         401, 204, 404, 404),
    row("schedule",        "GET",    f"{SCHEDULE}?from=2026-01-05&to=2026-01-11", 401, 200, 404, 404),
    row("progress",        "GET",    PROGRESS,                               401, 200, 404, 404),
    row("reminders",       "GET",    REMINDERS,                              401, 200, 404, 404),
    row("reminders",       "PUT",    REMINDERS,                              401, 200, 404, 404, REMINDER_BODY),
    row("reminders",       "PATCH",  REMINDERS,                              401, 200, 404, 404, {"weekly_summary_day": "sun"}),
    row("me",              "GET",    ME,                                     401, 200, 200, 200),
    row("me",              "PATCH",  ME,                                     401, 200, 200, 200, {"first_name": "Jo"}),
    row("me",              "DELETE", ME,                                     401, 204, 204, 204),
    row("me-export",       "GET",    EXPORT,                                 401, 200, 200, 200),
    row("me-confirmation-code", "POST", "/api/v1/me/confirmation-code/",        401, 204, 204, 204),
]
# fmt: on


@pytest.fixture
def owner():
    return ProgramFactory().user


@pytest.fixture
def owners_session(owner):
    return session_logged(owner.programs.get(), notes="The owner's own words.")


def owners_data(owner) -> dict:
    document = account_export(user=owner)
    document.pop("exported_at")
    return document


def signed_in_as(client, who, owner):
    people = {
        "anonymous": None,
        "owner": owner,
        "other": UserFactory(),
        "staff": UserFactory(is_staff=True, is_superuser=True),
    }
    if people[who] is not None:
        # Confirmed with the password too, so the export and deletion answer as they do for
        # someone who has (tests/security/test_reauthentication.py covers who has not).
        reauthenticated(client, people[who])
    return client


@pytest.mark.parametrize("who", WHO)
@pytest.mark.parametrize(
    "endpoint", [pytest.param(e, id=f"{e.method} {e.name}") for e in ENDPOINTS]
)
def test_each_endpoint_answers_each_kind_of_person_as_the_table_says(
    client, owner, owners_session, endpoint, who
):
    client = signed_in_as(client, who, owner)
    body = session_body(part=0.9) if endpoint.body == "session" else endpoint.body
    before = owners_data(owner)

    monday = week_start(owner.programs.get().started_on)
    response = client.generic(
        endpoint.method,
        endpoint.path.format(session=owners_session.pk, monday=monday.isoformat()),
        **({"data": json.dumps(body), "content_type": "application/json"} if body else {}),
    )

    assert response.status_code == endpoint.expect[who], response.content
    if who != "owner":
        assert owners_data(owner) == before, "someone else changed the owner's data"


def _routes(resolver, prefix=""):
    """(URL name, method) for every route under a resolver, from the views themselves."""
    for pattern in resolver.url_patterns:
        if isinstance(pattern, URLResolver):
            yield from _routes(pattern, prefix + str(pattern.pattern))
            continue
        assert isinstance(pattern, URLPattern)
        callback = pattern.callback
        if hasattr(callback, "actions"):  # a viewset: the router bound methods to actions
            methods = callback.actions
        else:
            view = callback.view_class
            methods = [m for m in view.http_method_names if hasattr(view, m)]
        for method in methods:
            if method not in ("head", "options"):
                yield pattern.name, method.upper()


def test_every_api_route_and_method_has_a_row_in_the_table():
    (api,) = (p for p in get_resolver().url_patterns if str(p.pattern) == "api/v1/")
    routes = set(_routes(api))

    table = {(endpoint.name, endpoint.method) for endpoint in ENDPOINTS}

    assert routes, "found no API routes at all"
    assert routes - table == set(), "add these to ENDPOINTS"
    assert table - routes == set(), "these rows name routes that do not exist"


@pytest.mark.parametrize("who", ["other", "staff"])
def test_the_session_list_of_someone_else_holds_none_of_the_owners_sessions(
    client, owner, owners_session, who
):
    client = signed_in_as(client, who, owner)

    body = client.get(SESSIONS).json()

    assert (body["count"], body["results"]) == (0, [])


@pytest.mark.parametrize("who", ["other", "staff"])
def test_the_export_of_someone_else_holds_none_of_the_owners_data(
    client, owner, owners_session, who
):
    client = signed_in_as(client, who, owner)

    document = client.get(EXPORT).json()

    assert (document["programs"], document["sessions"], document["events"]) == ([], [], [])
    assert owner.email not in str(document)
    assert "The owner's own words." not in str(document)


@pytest.mark.parametrize("who", ["other", "staff"])
def test_putting_a_program_as_someone_else_starts_their_own_and_leaves_the_owners(
    client, owner, who
):
    client = signed_in_as(client, who, owner)

    client.put(PROGRAM, {**PROGRAM_BODY, "timezone": "Asia/Tokyo"}, content_type="application/json")

    assert owner.programs.get().timezone == "Europe/London"
    assert client.get(PROGRAM).json()["timezone"] == "Asia/Tokyo"
