"""The calendar feed's address and the weekly "what got in the way" answer, for apps."""

import datetime as dt

import pytest

from tests.api.helpers import app_token, send
from tests.reauth import app_reauthenticated, reauthenticated
from tests.tracking.factories import ProgramFactory, local_today
from tracking.models import WeekReflection
from tracking.schedule import week_start

pytestmark = pytest.mark.django_db

CALENDAR = "/api/v1/calendar/"
CALENDAR_RESET = "/api/v1/calendar/reset/"
REFLECTIONS = "/api/v1/reflections/"


def reflection_url(monday: dt.date) -> str:
    return f"{REFLECTIONS}{monday.isoformat()}/"


@pytest.fixture
def program(user):
    return ProgramFactory(user=user)


# --- calendar ---------------------------------------------------------------------------------


def test_the_calendar_address_is_given_after_a_recent_reauthentication(client, program):
    reauthenticated(client, program.user)

    response = client.get(CALENDAR)

    assert response.status_code == 200
    assert response.json() == {"url": f"http://testserver/calendar/{program.calendar_token}.ics"}


def test_the_calendar_address_needs_a_recent_reauthentication(signed_in_client, program):
    response = signed_in_client.get(CALENDAR)

    assert response.status_code == 403
    assert response.json()["code"] == "reauthentication_required"


def test_an_app_reauthenticates_then_resets_the_calendar_address(client, program):
    token = app_token(client, program.user)
    app_reauthenticated(client, token)
    old = program.calendar_token

    response = send(client, "post", CALENDAR_RESET, token=token)

    assert response.status_code == 200
    program.refresh_from_db()
    assert program.calendar_token != old
    assert response.json()["url"].endswith(f"/calendar/{program.calendar_token}.ics")
    assert client.get(f"/calendar/{old}.ics").status_code == 404


def test_resetting_the_calendar_address_needs_a_recent_reauthentication(signed_in_client, program):
    old = program.calendar_token

    response = signed_in_client.post(CALENDAR_RESET)

    assert response.status_code == 403
    program.refresh_from_db()
    assert program.calendar_token == old


# --- reflections ------------------------------------------------------------------------------


def test_answering_a_week_for_the_first_time_is_a_201_with_its_location(signed_in_client, program):
    monday = week_start(local_today()) - dt.timedelta(days=7)

    response = send(signed_in_client, "put", reflection_url(monday), {"obstacle": "no_time"})

    assert response.status_code == 201
    assert response["Location"] == f"http://testserver{reflection_url(monday)}"
    assert response.json()["week_start"] == monday.isoformat()
    assert WeekReflection.objects.get().obstacle == "no_time"


def test_answering_a_week_again_changes_the_answer(signed_in_client, program):
    monday = week_start(local_today())
    send(signed_in_client, "put", reflection_url(monday), {"obstacle": "no_time"})

    response = send(signed_in_client, "put", reflection_url(monday), {"obstacle": "pain"})

    assert response.status_code == 200
    assert WeekReflection.objects.get().obstacle == "pain"


@pytest.mark.parametrize(
    "week",
    [
        pytest.param(lambda: week_start(local_today()) + dt.timedelta(days=1), id="not a Monday"),
        pytest.param(lambda: week_start(local_today()) + dt.timedelta(days=7), id="in the future"),
        pytest.param(
            lambda: week_start(local_today()) - dt.timedelta(days=7 * 52), id="before the program"
        ),
    ],
)
def test_a_week_that_is_not_a_begun_week_of_the_program_is_a_400(signed_in_client, program, week):
    response = send(signed_in_client, "put", reflection_url(week()), {"obstacle": "pain"})

    assert response.status_code == 400
    assert list(response.json()["fields"]) == ["week_start"]
    assert not WeekReflection.objects.exists()


def test_an_answer_not_offered_is_a_400_naming_obstacle(signed_in_client, program):
    monday = week_start(local_today())

    response = send(signed_in_client, "put", reflection_url(monday), {"obstacle": "weather"})

    assert response.status_code == 400
    assert list(response.json()["fields"]) == ["obstacle"]


def test_the_reflections_are_listed_newest_week_first_and_paginated(signed_in_client, program):
    this_week = week_start(local_today())
    for weeks_back in (2, 0, 1):
        monday = this_week - dt.timedelta(days=7 * weeks_back)
        send(signed_in_client, "put", reflection_url(monday), {"obstacle": "forgot"})

    body = send(signed_in_client, "get", f"{REFLECTIONS}?page_size=2").json()

    assert body["count"] == 3
    assert [r["week_start"] for r in body["results"]] == [
        this_week.isoformat(),
        (this_week - dt.timedelta(days=7)).isoformat(),
    ]
