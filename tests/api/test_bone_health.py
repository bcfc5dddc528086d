"""The API side of issue 14: the program's floor and fracture answers (required, 400 naming
the field), the physiotherapist's go-ahead, the advice after pain 5-6, and GET /api/v1/week/."""

import datetime as dt

import pytest

from tests.api.helpers import PROGRAM, PROGRAM_BODY, SESSIONS, send, session_body
from tests.tracking.factories import ProgramFactory, local_today, sessions_bulk_created
from tests.tracking.floor import floor_catalogue
from tracking import schedule
from tracking.models import Program
from tracking.page_cache import records_changed

pytestmark = pytest.mark.django_db

WEEK = "/api/v1/week/"
# session with its user (one query), program + prescriptions, this week's and earlier weeks' kinds of exercise done
WEEK_QUERIES = 4


@pytest.fixture
def api(signed_in_client):
    return signed_in_client


# --- the program's answers ------------------------------------------------------------------


@pytest.mark.parametrize("field", ["floor_ok", "spinal_fracture"])
def test_starting_a_program_without_a_safety_answer_is_a_400_naming_it(api, field):
    body = {key: value for key, value in PROGRAM_BODY.items() if key != field}

    response = send(api, "put", PROGRAM, body)

    assert response.status_code == 400
    assert list(response.json()["fields"]) == [field]
    assert not Program.objects.exists()


def test_a_program_put_with_floor_ok_false_holds_no_floor_exercise(api):
    floor_catalogue()

    response = send(api, "put", PROGRAM, {**PROGRAM_BODY, "floor_ok": False})

    assert response.status_code == 201
    held = {item["exercise"] for item in response.json()["items"]}
    assert not {"back-extension", "seated-row"} & held
    assert {"standing-back-extension", "standing-band-row"} <= held


def test_the_physiotherapists_yes_is_recorded_with_todays_date_and_kept_when_left_out(api):
    floor_catalogue()
    send(api, "put", PROGRAM, {**PROGRAM_BODY, "spinal_fracture": True})

    said = send(
        api, "put", PROGRAM, {**PROGRAM_BODY, "spinal_fracture": True, "physio_cleared": True}
    )
    kept = send(api, "put", PROGRAM, {**PROGRAM_BODY, "spinal_fracture": True})

    assert said.json()["physio_cleared_on"] == str(local_today())
    assert kept.json()["physio_cleared_on"] == str(local_today())
    assert "seated-row" in {item["exercise"] for item in kept.json()["items"]}
    assert kept.json()["spinal_fracture"] is True
    assert "recent_fracture" not in kept.json()


def test_a_patch_that_leaves_out_the_physiotherapists_yes_keeps_it_and_false_takes_it_back(api):
    floor_catalogue()
    send(api, "put", PROGRAM, {**PROGRAM_BODY, "spinal_fracture": True, "physio_cleared": True})

    kept = send(api, "patch", PROGRAM, {"reminder_time": "18:15"})
    taken_back = send(api, "patch", PROGRAM, {"physio_cleared": False})

    assert kept.status_code == 200
    assert kept.json()["physio_cleared_on"] == str(local_today())
    assert taken_back.json()["physio_cleared_on"] is None
    assert "seated-row" not in {item["exercise"] for item in taken_back.json()["items"]}


def test_a_session_with_pain_five_after_answers_with_the_plain_advice(api, user):
    ProgramFactory(user=user)

    response = send(api, "post", SESSIONS, session_body(pain_after=5))

    assert response.status_code == 201
    assert "see your doctor" in response.json()["advice"]


def test_a_comfortable_session_has_no_advice(api, user):
    ProgramFactory(user=user)

    response = send(api, "post", SESSIONS, session_body())

    assert response.json()["advice"] is None


# --- GET /api/v1/week/ ----------------------------------------------------------------------


def test_the_week_counts_strength_balance_and_posture_days_and_says_what_counts(api, user):
    program = ProgramFactory(user=user)
    send(api, "post", SESSIONS, session_body())

    body = send(api, "get", WEEK).json()

    assert body["what_counts"] == schedule.WHAT_COUNTS
    [week] = body["weeks"]
    monday = schedule.week_start(local_today())
    assert week["week_start"] == str(monday)
    assert (week["iso_year"], week["iso_week"]) == tuple(monday.isocalendar())[:2]
    assert week["strength"] == {
        "days": 1,
        "target": 3,
        "met": False,
        "guideline": 2,
        "guideline_met": False,
    }
    assert week["balance"] == {"days": 0, "target": 2, "met": False}
    assert week["posture"]["days"] == 0
    assert program.started_on <= monday + dt.timedelta(days=6)


def test_the_week_goes_back_as_many_weeks_as_asked_but_not_before_the_program(api, user):
    ProgramFactory(user=user, today=local_today() - dt.timedelta(days=30))

    weeks = send(api, "get", f"{WEEK}?weeks=52").json()["weeks"]

    assert 5 <= len(weeks) <= 6
    starts = [w["week_start"] for w in weeks]
    assert starts == sorted(starts, reverse=True)


@pytest.mark.parametrize("weeks", ["0", "53", "many"])
def test_a_number_of_weeks_outside_1_to_52_is_a_400_naming_it(api, user, weeks):
    ProgramFactory(user=user)

    response = send(api, "get", f"{WEEK}?weeks={weeks}")

    assert response.status_code == 400
    assert list(response.json()["fields"]) == ["weeks"]


def test_the_week_without_a_program_is_not_found(api):
    assert send(api, "get", WEEK).status_code == 404


def test_the_week_runs_the_same_queries_with_1_and_500_days_of_history(
    api, user, catalogue_loaded, django_assert_num_queries
):
    program = ProgramFactory(user=user, today=local_today() - dt.timedelta(days=600))
    sessions_bulk_created(program, 1)
    records_changed(user.pk)
    with django_assert_num_queries(WEEK_QUERIES):
        assert send(api, "get", f"{WEEK}?weeks=52").status_code == 200

    sessions_bulk_created(program, 499)
    with django_assert_num_queries(WEEK_QUERIES):
        assert send(api, "get", f"{WEEK}?weeks=52").status_code == 200
