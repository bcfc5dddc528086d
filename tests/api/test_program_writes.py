"""Changing a program or its reminders never resets what the request leaves out; pausing and
resuming have their own addresses; a safety pause refuses writes with its own code."""

import datetime as dt

import pytest

from tests.api.helpers import (
    PROGRAM,
    PROGRAM_BODY,
    REMINDERS,
    SESSIONS,
    send,
    session_body,
    session_url,
)
from tests.tracking.factories import ProgramFactory, local_noon, session_logged
from tracking import services
from tracking.models import PauseReason, Program, Session

pytestmark = pytest.mark.django_db

PAUSE = "/api/v1/program/pause/"
RESUME = "/api/v1/program/resume/"


@pytest.fixture
def program(user):
    return ProgramFactory(user=user, reminders_enabled=False, recent_fracture=True)


def stored(program) -> Program:
    return Program.objects.get(pk=program.pk)


# --- PUT /program/ ----------------------------------------------------------------------------


def test_the_first_put_starts_the_program_with_201_and_its_location(signed_in_client):
    response = send(signed_in_client, "put", PROGRAM, PROGRAM_BODY)

    assert response.status_code == 201
    assert response["Location"] == "http://testserver/api/v1/program/"


def test_the_first_put_needs_every_field_without_a_default(signed_in_client):
    response = send(signed_in_client, "put", PROGRAM, {"doctor_confirmed": True})

    assert response.status_code == 400
    assert set(response.json()["fields"]) == {"training_days", "reminder_time", "timezone"}
    assert not Program.objects.exists()


def test_a_put_that_pauses_and_leaves_out_the_rest_keeps_every_other_value(
    signed_in_client, program
):
    response = send(signed_in_client, "put", PROGRAM, {"paused": True})

    assert response.status_code == 200
    program_now = stored(program)
    assert program_now.paused
    assert program_now.reminders_enabled is False
    assert program_now.recent_fracture is True
    assert program_now.weekday_codes == ["mon", "wed", "fri"]


def test_a_put_changes_what_it_sends(signed_in_client, program):
    response = send(signed_in_client, "put", PROGRAM, {"training_days": ["tue", "thu", "sat"]})

    assert response.status_code == 200
    assert stored(program).weekday_codes == ["tue", "thu", "sat"]
    assert stored(program).reminders_enabled is False


def test_a_put_that_withdraws_the_doctors_confirmation_is_a_400(signed_in_client, program):
    response = send(signed_in_client, "put", PROGRAM, {"doctor_confirmed": False})

    assert response.status_code == 400
    assert list(response.json()["fields"]) == ["doctor_confirmed"]


# --- PATCH /program/ --------------------------------------------------------------------------


def test_a_patch_changes_only_what_it_names(signed_in_client, program):
    response = send(signed_in_client, "patch", PROGRAM, {"reminder_time": "18:15"})

    assert response.status_code == 200
    assert response.json()["reminder_time"] == "18:15"
    program_now = stored(program)
    assert program_now.reminder_time == dt.time(18, 15)
    assert (program_now.reminders_enabled, program_now.recent_fracture) == (False, True)
    assert program_now.timezone == program.timezone


def test_an_empty_patch_changes_nothing(signed_in_client, program):
    before = send(signed_in_client, "get", PROGRAM).json()

    response = send(signed_in_client, "patch", PROGRAM, {})

    assert response.status_code == 200
    assert response.json() == before


def test_a_patch_cannot_start_a_program(signed_in_client):
    response = send(signed_in_client, "patch", PROGRAM, PROGRAM_BODY)

    assert response.status_code == 404
    assert not Program.objects.exists()


def test_a_patch_with_a_zone_nobody_knows_is_a_400_naming_it(signed_in_client, program):
    response = send(signed_in_client, "patch", PROGRAM, {"timezone": "Mars/Olympus_Mons"})

    assert response.status_code == 400
    assert list(response.json()["fields"]) == ["timezone"]


@pytest.mark.parametrize(
    "days", [["mon", "wed"], ["mon", "tue", "wed", "thu", "fri"], ["mon", "mon", "wed"]]
)
def test_a_patch_with_other_than_three_or_four_different_days_is_a_400(
    signed_in_client, program, days
):
    response = send(signed_in_client, "patch", PROGRAM, {"training_days": days})

    assert response.status_code == 400
    assert list(response.json()["fields"]) == ["training_days"]
    assert stored(program).weekday_codes == ["mon", "wed", "fri"]


# --- PATCH /reminders/ ------------------------------------------------------------------------


def test_a_reminders_patch_changes_only_what_it_names(signed_in_client, program):
    response = send(signed_in_client, "patch", REMINDERS, {"weekly_summary_day": "wed"})

    assert response.status_code == 200
    assert response.json()["weekly_summary_day"] == "wed"
    program_now = stored(program)
    assert program_now.weekly_summary_day == 2
    assert (program_now.reminders_enabled, program_now.reminder_time) == (
        False,
        program.reminder_time,
    )


def test_the_weekly_summary_day_is_a_weekday_code_like_the_training_days(signed_in_client, program):
    assert send(signed_in_client, "get", REMINDERS).json()["weekly_summary_day"] == "sun"
    refused = send(signed_in_client, "patch", REMINDERS, {"weekly_summary_day": 6})

    assert refused.status_code == 400
    assert list(refused.json()["fields"]) == ["weekly_summary_day"]


# --- pause and resume -------------------------------------------------------------------------


def test_pausing_by_choice_keeps_everything_else(signed_in_client, program):
    response = send(signed_in_client, "post", PAUSE)

    assert response.status_code == 200
    assert (response.json()["paused"], response.json()["pause_reason"]) == (
        True,
        PauseReason.CHOSEN,
    )
    assert stored(program).reminders_enabled is False


def test_resuming_a_chosen_pause_needs_nothing_more(signed_in_client, program):
    send(signed_in_client, "post", PAUSE)

    response = send(signed_in_client, "post", RESUME, {})

    assert response.status_code == 200
    assert (response.json()["paused"], response.json()["pause_reason"]) == (False, None)


def test_resuming_after_a_safety_pause_without_seen_doctor_is_a_409_paused_for_safety(
    signed_in_client, program
):
    session_logged(program, red_flag=True)

    response = send(signed_in_client, "post", RESUME, {"seen_doctor": False})

    assert response.status_code == 409
    body = response.json()
    assert body["code"] == "paused_for_safety"
    assert list(body["fields"]) == ["seen_doctor"]
    assert "doctor" in body["detail"]
    assert stored(program).paused_for_safety


def test_resuming_after_a_safety_pause_with_seen_doctor_runs_the_program_again(
    signed_in_client, program
):
    session_logged(program, red_flag=True)

    response = send(signed_in_client, "post", RESUME, {"seen_doctor": True})

    assert response.status_code == 200
    assert not stored(program).paused


def test_a_put_that_resumes_after_a_safety_pause_without_seen_doctor_is_a_409(
    signed_in_client, program
):
    session_logged(program, red_flag=True)

    response = send(signed_in_client, "put", PROGRAM, {"paused": False})

    assert response.status_code == 409
    assert response.json()["code"] == "paused_for_safety"


@pytest.mark.parametrize(
    ("method", "target", "body"),
    [
        ("post", "list", "session"),
        ("patch", "detail", {"notes": "Changed my mind."}),
        ("delete", "detail", None),
    ],
)
def test_every_session_write_while_paused_for_safety_is_a_409_paused_for_safety(
    signed_in_client, program, method, target, body
):
    pausing = session_logged(program, red_flag=True)
    url = SESSIONS if target == "list" else session_url(pausing.pk)

    response = send(signed_in_client, method, url, session_body() if body == "session" else body)

    assert response.status_code == 409
    assert response.json()["code"] == "paused_for_safety"
    assert Session.objects.get().notes == pausing.notes


def test_changing_a_session_from_before_the_latest_safety_pause_is_a_409_before_safety_pause(
    signed_in_client, program
):
    pausing = session_logged(program, performed_at=local_noon(1), red_flag=True)
    program.refresh_from_db()
    services.program_resume(program=program, seen_doctor=True)

    response = send(signed_in_client, "patch", session_url(pausing.pk), {"notes": "Edited."})

    assert response.status_code == 409
    assert response.json()["code"] == "before_safety_pause"
    assert Session.objects.get().notes == pausing.notes
