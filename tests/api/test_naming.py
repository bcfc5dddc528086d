"""One naming across the API: date_from/date_to, weekday codes, page_size on every list, and
one shape for entry errors."""

import pytest

from tests.api.helpers import SCHEDULE, SESSIONS, send, session_body
from tests.tracking.factories import ProgramFactory, local_today, sessions_bulk_created

pytestmark = pytest.mark.django_db


@pytest.fixture
def program(user):
    return ProgramFactory(user=user)


def days(response) -> list[str]:
    return [day["date"] for day in response.json()]


# --- the schedule's dates ---------------------------------------------------------------------


def test_the_schedule_takes_date_from_and_date_to_like_the_session_list(signed_in_client, program):
    response = signed_in_client.get(SCHEDULE, {"date_from": "2026-01-05", "date_to": "2026-01-11"})

    assert response.status_code == 200
    assert days(response)[0] == "2026-01-05"
    assert len(days(response)) == 7


def test_the_deprecated_from_and_to_still_give_the_same_schedule(signed_in_client, program):
    new = signed_in_client.get(SCHEDULE, {"date_from": "2026-01-05", "date_to": "2026-01-11"})
    old = signed_in_client.get(SCHEDULE, {"from": "2026-01-05", "to": "2026-01-11"})

    assert old.json() == new.json()


def test_a_date_given_under_both_names_is_a_400(signed_in_client, program):
    response = signed_in_client.get(
        SCHEDULE, {"date_from": "2026-01-05", "from": "2026-01-05", "date_to": "2026-01-11"}
    )

    assert response.status_code == 400
    assert list(response.json()["fields"]) == ["date_from"]


def test_a_schedule_ending_before_it_starts_names_date_to(signed_in_client, program):
    response = signed_in_client.get(SCHEDULE, {"date_from": "2026-01-05", "date_to": "2026-01-01"})

    assert response.status_code == 400
    assert list(response.json()["fields"]) == ["date_to"]


# --- page_size --------------------------------------------------------------------------------


@pytest.mark.parametrize("url", ["/api/v1/exercises/", "/api/v1/avoid/"])
def test_every_catalogue_list_is_paginated_and_takes_page_size(client, url):
    body = client.get(url, {"page_size": 1}).json()

    assert len(body["results"]) == 1
    assert body["count"] > 1
    assert "page_size=1" in body["next"]


def test_the_session_list_takes_page_size_up_to_100(signed_in_client, program):
    sessions_bulk_created(program, 105)

    body = send(signed_in_client, "get", f"{SESSIONS}?page_size=100").json()

    assert len(body["results"]) == 100


@pytest.mark.parametrize("size", ["0", "101", "ten", "-1"])
def test_a_page_size_outside_1_to_100_is_a_400_naming_it(client, size):
    response = client.get("/api/v1/exercises/", {"page_size": size})

    assert response.status_code == 400
    assert list(response.json()["fields"]) == ["page_size"]


# --- entry errors: one shape ------------------------------------------------------------------


def test_an_error_about_the_entries_as_a_whole_is_under_non_field_errors(signed_in_client, program):
    response = send(signed_in_client, "post", SESSIONS, session_body(entries=[]))

    assert response.status_code == 400
    assert list(response.json()["fields"]["entries"]) == ["non_field_errors"]


def test_an_entry_the_serializer_refuses_is_keyed_by_its_position(signed_in_client, program):
    entries = session_body()["entries"]
    entries[1]["sets"] = "two"

    response = send(signed_in_client, "post", SESSIONS, session_body(entries=entries))

    assert response.json()["fields"]["entries"].keys() == {"1"}
    assert list(response.json()["fields"]["entries"]["1"]) == ["sets"]


def test_an_entry_the_program_rules_refuse_is_keyed_by_its_position_the_same_way(
    signed_in_client, program
):
    entries = session_body()["entries"]
    entries[1]["exercise"] = "toe-touch"

    response = send(signed_in_client, "post", SESSIONS, session_body(entries=entries))

    assert response.json()["fields"]["entries"].keys() == {"1"}
    assert list(response.json()["fields"]["entries"]["1"]) == ["exercise"]


def test_entries_sent_in_a_patch_are_refused_in_the_same_shape(signed_in_client, program):
    session = send(signed_in_client, "post", SESSIONS, session_body()).json()

    response = send(
        signed_in_client, "patch", f"{SESSIONS}{session['id']}/", {"entries": [{"sets": 1}]}
    )

    assert response.status_code == 400
    assert set(response.json()["fields"]["entries"]["0"]) == {"exercise", "reps"}


def test_today_is_not_special_for_the_schedule(signed_in_client, program):
    today = local_today().isoformat()

    response = signed_in_client.get(SCHEDULE, {"date_from": today, "date_to": today})

    assert days(response) == [today]
