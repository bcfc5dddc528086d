"""The REST API for a person's program, sessions, schedule and progress: its contract, who may
use it, and the answers to bad input. The rules behind it are tested in
tests/tracking/test_services.py."""

import datetime as dt

import pytest

from osteofit.api_auth import CHALLENGE
from tests.api.helpers import (
    PROGRAM,
    PROGRAM_BODY,
    PROGRESS,
    SCHEDULE,
    SESSIONS,
    send,
    session_body,
    session_url,
)
from tests.tracking.factories import (
    ZONE,
    ProgramFactory,
    days_logged,
    hours_ago,
    local_noon,
    local_today,
    prescribed_entries,
    session_logged,
    sessions_bulk_created,
    sessions_logged,
)
from tracking.models import Entry, PauseReason, Program, Session
from tracking.schedule import WEEKDAY_CODES, week_start

pytestmark = pytest.mark.django_db

ITEM_FIELDS = {
    "exercise",
    "name",
    "sets",
    "reps",
    "reps_per_side",
    "hold_seconds",
    "sessions_per_day",
    "band",
    "rung",
    "rungs",
    "daily",
    "text",
}
# A zone other than the one the factories give people and programs (ZONE), so a test can tell
# the zone a request sent from the one already stored.
BERLIN = "Europe/Berlin"
PROGRAM_IN_BERLIN = {**PROGRAM_BODY, "timezone": BERLIN}


def put(client, body):
    return send(client, "put", PROGRAM, body)


def patch(client, pk, body):
    return send(client, "patch", session_url(pk), body)


@pytest.fixture
def program(user):
    return ProgramFactory(user=user)


# --- permissions ------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("method", "url"),
    [
        ("get", PROGRAM),
        ("put", PROGRAM),
        ("get", SESSIONS),
        ("post", SESSIONS),
        ("get", session_url(1)),
        ("patch", session_url(1)),
        ("delete", session_url(1)),
        ("get", f"{SCHEDULE}?from=2025-01-01&to=2025-01-31"),
        ("get", PROGRESS),
    ],
)
def test_anonymous_clients_are_refused_every_endpoint(client, method, url):
    response = getattr(client, method)(url, content_type="application/json")

    assert response.status_code == 401
    assert response["WWW-Authenticate"] == CHALLENGE
    assert response.json() == {
        "detail": "Authentication credentials were not provided.",
        "code": "not_authenticated",
        "fields": {},
    }


def test_an_anonymous_put_starts_no_program(client):
    put(client, PROGRAM_IN_BERLIN)

    assert not Program.objects.exists()


@pytest.mark.parametrize("url", [PROGRAM, PROGRESS, f"{SCHEDULE}?from=2025-01-01&to=2025-01-31"])
def test_the_program_endpoints_are_not_found_before_a_program_is_started(signed_in_client, url):
    response = signed_in_client.get(url)

    assert response.status_code == 404
    assert "not started a program" in response.json()["detail"]


# --- GET/PUT /api/v1/program/ -----------------------------------------------------------------


def test_putting_a_program_for_the_first_time_starts_it(signed_in_client, user):
    response = put(signed_in_client, PROGRAM_IN_BERLIN)

    assert response.status_code == 201
    body = response.json()
    assert {key: body[key] for key in PROGRAM_IN_BERLIN} == PROGRAM_IN_BERLIN
    assert body["paused"] is False
    assert body["pause_reason"] is None
    assert body["started_on"] == str(local_today(BERLIN))
    assert "seen_doctor" not in body
    assert Program.objects.get(user=user).timezone == BERLIN


def test_a_new_programs_items_carry_each_exercises_starting_prescription(signed_in_client):
    items = put(signed_in_client, PROGRAM_IN_BERLIN).json()["items"]

    assert [item["exercise"] for item in items] == [
        "back-extension",
        "seated-row",
        "standing-back-bend",
        "shoulder-raises-and-rotations",
        "knee-lifts",
        "ankle-pulls",
    ]
    assert all(set(item) == ITEM_FIELDS for item in items)
    back, row, bend = items[:3]
    assert {k: back[k] for k in ("sets", "reps", "reps_per_side", "sessions_per_day", "band")} == {
        "sets": 1,
        "reps": 6,
        "reps_per_side": True,
        "sessions_per_day": 1,
        "band": None,
    }
    assert (row["reps"], row["sessions_per_day"], row["band"]) == (6, 1, "extra-light")
    assert (bend["reps"], bend["hold_seconds"], bend["sessions_per_day"]) == (5, 5, 2)
    assert {item["rung"] for item in items} == {0}
    assert [item["daily"] for item in items] == [False, False, True, True, True, True]


def test_putting_the_program_again_changes_it(signed_in_client, user):
    put(signed_in_client, PROGRAM_IN_BERLIN)

    response = put(
        signed_in_client,
        {
            **PROGRAM_IN_BERLIN,
            "training_days": ["tue", "thu", "sat", "sun"],
            "reminder_time": "19:05",
        },
    )

    assert response.status_code == 200
    assert response.json()["training_days"] == ["tue", "thu", "sat", "sun"]
    assert response.json()["reminder_time"] == "19:05"
    assert Program.objects.filter(user=user).count() == 1


def test_getting_the_program_shows_its_current_prescriptions(signed_in_client, program):
    sessions_logged(program, 3)

    body = signed_in_client.get(PROGRAM).json()

    back = body["items"][0]
    assert (back["exercise"], back["rung"], back["reps"]) == ("back-extension", 1, 7)
    assert back["text"] == "7 repetitions, hold 3 seconds, once a day"
    assert body["training_days"] == ["mon", "wed", "fri"]
    assert body["timezone"] == ZONE


@pytest.mark.parametrize(
    ("change", "field"),
    [
        ({"doctor_confirmed": False}, "doctor_confirmed"),
        ({"training_days": ["mon", "thu"]}, "training_days"),
        ({"training_days": ["mon", "tue", "wed", "thu", "fri"]}, "training_days"),
        ({"training_days": ["mon", "wed", "funday"]}, "training_days"),
        ({"timezone": "Mars/Olympus"}, "timezone"),
        ({"reminder_time": "25:00"}, "reminder_time"),
        ({"reminder_time": "8.30am"}, "reminder_time"),
    ],
)
def test_a_program_put_with_bad_input_is_a_400_naming_the_field_and_starts_nothing(
    signed_in_client, change, field
):
    response = put(signed_in_client, {**PROGRAM_IN_BERLIN, **change})

    assert response.status_code == 400
    assert list(response.json()["fields"]) == [field]
    assert not Program.objects.exists()


def test_a_program_put_with_bad_input_leaves_the_existing_program_as_it_was(
    signed_in_client, program
):
    response = put(signed_in_client, {**PROGRAM_IN_BERLIN, "training_days": ["mon", "thu"]})

    assert response.status_code == 400
    program.refresh_from_db()
    assert program.weekday_codes == ["mon", "wed", "fri"]
    assert program.timezone == ZONE


def test_a_program_can_be_paused_and_resumed_through_the_api(signed_in_client, program):
    paused = put(signed_in_client, {**PROGRAM_IN_BERLIN, "paused": True}).json()
    assert (paused["paused"], paused["pause_reason"]) == (True, PauseReason.CHOSEN)

    resumed = put(signed_in_client, {**PROGRAM_IN_BERLIN, "paused": False}).json()

    assert resumed["paused"] is False


def test_after_a_safety_pause_the_api_resumes_only_with_seen_doctor_and_changes_nothing_else(
    signed_in_client, program
):
    session_logged(program, pain_after=8)

    refused = put(
        signed_in_client, {**PROGRAM_IN_BERLIN, "paused": False, "reminder_time": "06:00"}
    )

    assert refused.status_code == 409
    assert refused.json()["code"] == "paused_for_safety"
    assert list(refused.json()["fields"]) == ["seen_doctor"]
    program.refresh_from_db()
    assert program.paused_for_safety
    assert program.reminder_time == dt.time(9, 0)

    resumed = put(signed_in_client, {**PROGRAM_IN_BERLIN, "paused": False, "seen_doctor": True})

    assert resumed.status_code == 200
    assert resumed.json()["paused"] is False


# --- /api/v1/sessions/ ------------------------------------------------------------------------


def test_posting_a_session_logs_it_with_its_entries(signed_in_client, program):
    response = send(signed_in_client, "post", SESSIONS, session_body())

    assert response.status_code == 201
    body = response.json()
    session = Session.objects.get(user=program.user)
    assert body["id"] == session.pk
    assert set(body) == {
        "id",
        "performed_at",
        "local_date",
        "pain_before",
        "pain_after",
        "effort",
        "red_flag",
        "gentle",
        "notes",
        "entries",
        "created_at",
        "updated_at",
    }
    assert body["gentle"] is False
    assert dt.datetime.fromisoformat(body["performed_at"]) == session.performed_at
    assert body["entries"] == [
        {"exercise": "back-extension", "sets": 1, "reps": 6, "hold_seconds": 3, "band": None},
        {
            "exercise": "seated-row",
            "sets": 1,
            "reps": 6,
            "hold_seconds": None,
            "band": "extra-light",
        },
    ]


def test_a_session_time_comes_back_in_iso_8601_with_its_offset(signed_in_client, program):
    sent = hours_ago(3).astimezone(dt.timezone(dt.timedelta(hours=-5)))

    body = send(
        signed_in_client, "post", SESSIONS, session_body(performed_at=sent.isoformat())
    ).json()

    returned = dt.datetime.fromisoformat(body["performed_at"])
    assert returned.tzinfo is not None
    assert returned == sent
    assert body["local_date"] == str(sent.astimezone(program.zone).date())


def test_a_session_posted_through_the_api_moves_the_program_like_any_other(
    signed_in_client, program
):
    days_logged(program, [4, 2])  # two comfortable days; the API's session makes today the third
    entries = [
        {"exercise": e.exercise, "sets": e.sets, "reps": e.reps}
        for e in prescribed_entries(program, only={"back-extension"})
    ]

    send(
        signed_in_client,
        "post",
        SESSIONS,
        session_body(performed_at=hours_ago(0).isoformat(), pain_after=1, entries=entries),
    )

    assert signed_in_client.get(PROGRAM).json()["items"][0]["rung"] == 1


@pytest.mark.parametrize(
    ("change", "field"),
    [
        ({"pain_before": -1}, "pain_before"),
        ({"pain_after": 11}, "pain_after"),
        ({"effort": 100}, "effort"),
        ({"performed_at": hours_ago(-48).isoformat()}, "performed_at"),
        ({"performed_at": "last tuesday"}, "performed_at"),
        ({"entries": []}, "entries"),
        ({"entries": [{"exercise": "back-extension", "sets": 0, "reps": 6}]}, "entries"),
        ({"entries": [{"exercise": "back-extension", "sets": 1, "reps": 999}]}, "entries"),
        ({"entries": [{"exercise": "back-extension", "sets": 1, "reps": -6}]}, "entries"),
        ({"entries": [{"exercise": "sit-ups", "sets": 1, "reps": 6}]}, "entries"),
        (
            {
                "entries": [
                    {"exercise": "knee-lifts", "sets": 1, "reps": 5},
                    {"exercise": "knee-lifts", "sets": 1, "reps": 6},
                ]
            },
            "entries",
        ),
    ],
)
def test_a_session_post_with_bad_input_is_a_400_naming_the_field_and_saves_nothing(
    signed_in_client, program, change, field
):
    response = send(signed_in_client, "post", SESSIONS, session_body(**change))

    assert response.status_code == 400
    assert field in response.json()["fields"]
    assert not Session.objects.exists()
    assert not Entry.objects.exists()


def test_a_session_cannot_be_posted_before_a_program_is_started(signed_in_client):
    response = send(signed_in_client, "post", SESSIONS, session_body())

    assert response.status_code == 400
    assert "Start your program" in response.json()["detail"]
    assert not Session.objects.exists()


def test_the_session_list_holds_only_the_persons_own_sessions_newest_first(
    signed_in_client, program
):
    mine = sessions_bulk_created(program, 3)
    sessions_bulk_created(ProgramFactory(), 4)

    body = signed_in_client.get(SESSIONS).json()

    assert body["count"] == 3
    assert [s["id"] for s in body["results"]] == [s.pk for s in reversed(mine)]
    assert body["results"][0]["entries"][0]["exercise"] in {"back-extension", "knee-lifts"}


def test_the_session_list_is_paginated(signed_in_client, program):
    sessions_bulk_created(program, 25)

    first = signed_in_client.get(SESSIONS).json()
    second = signed_in_client.get(first["next"]).json()

    assert (first["count"], len(first["results"]), len(second["results"])) == (25, 20, 5)
    assert second["next"] is None


def test_the_session_list_filters_by_local_date(signed_in_client, program):
    sessions = sessions_bulk_created(program, 10)

    body = signed_in_client.get(
        SESSIONS, {"date_from": sessions[2].local_date, "date_to": sessions[5].local_date}
    ).json()

    assert sorted(s["id"] for s in body["results"]) == [s.pk for s in sessions[2:6]]


def test_a_session_list_filter_that_is_not_a_date_is_a_400(signed_in_client, program):
    response = signed_in_client.get(SESSIONS, {"date_from": "soon"})

    assert response.status_code == 400
    assert "date_from" in response.json()["fields"]


def test_a_session_can_be_read_by_its_id(signed_in_client, program):
    session = session_logged(program, notes="Read me.")

    body = signed_in_client.get(session_url(session.pk)).json()

    assert (body["id"], body["notes"], len(body["entries"])) == (session.pk, "Read me.", 6)


def test_patching_a_session_changes_only_what_was_sent_and_recomputes(signed_in_client, program):
    _, second, _ = sessions_logged(program, 3)

    response = patch(signed_in_client, second.pk, {"pain_before": 3, "pain_after": 4})

    assert response.status_code == 200
    assert (response.json()["pain_after"], response.json()["notes"]) == (4, "")
    assert len(response.json()["entries"]) == 6
    assert signed_in_client.get(PROGRAM).json()["items"][0]["rung"] == 0


def test_patching_the_entries_replaces_them(signed_in_client, program):
    session = session_logged(program)

    response = patch(
        signed_in_client,
        session.pk,
        {"entries": [{"exercise": "knee-lifts", "sets": 2, "reps": 5}]},
    )

    assert response.status_code == 200
    assert list(session.entries.values_list("exercise__slug", "sets", "reps")) == [
        ("knee-lifts", 2, 5)
    ]


@pytest.mark.parametrize(
    "entries",
    [
        [{"exercise": "knee-lifts", "reps": 5}],
        [{"sets": 1, "reps": 5}],
        [{"exercise": "knee-lifts", "sets": 1, "reps": 500}],
    ],
)
def test_patching_in_an_incomplete_or_bad_entry_is_a_400_and_changes_nothing(
    signed_in_client, program, entries
):
    session = session_logged(program)

    response = patch(signed_in_client, session.pk, {"entries": entries})

    assert response.status_code == 400
    assert "entries" in response.json()["fields"]
    assert session.entries.count() == 6


def test_a_patch_with_severe_pain_pauses_the_program(signed_in_client, program):
    session = session_logged(program)

    patch(signed_in_client, session.pk, {"pain_after": 9})

    assert signed_in_client.get(PROGRAM).json()["paused"] is True


def test_a_patch_with_a_bad_score_is_a_400_and_changes_nothing(signed_in_client, program):
    session = session_logged(program, pain_after=2)

    response = patch(signed_in_client, session.pk, {"pain_after": 12})

    assert response.status_code == 400
    assert list(response.json()["fields"]) == ["pain_after"]
    session.refresh_from_db()
    assert session.pain_after == 2


def test_a_session_can_be_deleted(signed_in_client, program):
    session = session_logged(program)

    response = signed_in_client.delete(session_url(session.pk))

    assert response.status_code == 204
    assert not Session.objects.filter(pk=session.pk).exists()


def test_a_session_cannot_be_replaced_with_put(signed_in_client, program):
    session = session_logged(program)

    response = send(signed_in_client, "put", session_url(session.pk), session_body())

    assert response.status_code == 405


@pytest.mark.parametrize("method", ["get", "patch", "delete"])
def test_another_persons_session_is_not_found(signed_in_client, program, method):
    theirs = session_logged(ProgramFactory(), pain_after=2)

    response = getattr(signed_in_client, method)(
        session_url(theirs.pk), {"pain_after": 9}, content_type="application/json"
    )

    assert response.status_code == 404
    theirs.refresh_from_db()
    assert theirs.pain_after == 2


# --- GET /api/v1/schedule/ --------------------------------------------------------------------


def schedule(client, date_from, date_to):
    return client.get(SCHEDULE, {"from": str(date_from), "to": str(date_to)})


def test_the_schedule_lists_each_day_with_what_is_due_and_whether_it_was_done(
    signed_in_client, user
):
    today = local_today()
    # Training days four and two days ago, and today.
    days = [WEEKDAY_CODES[(today.weekday() + n) % 7] for n in (3, 5, 0)]
    program = ProgramFactory(user=user, training_days=days)
    session_logged(program, performed_at=local_noon(4))

    body = schedule(
        signed_in_client, today - dt.timedelta(days=4), today + dt.timedelta(days=1)
    ).json()

    assert [day["date"] for day in body] == [
        str(today + dt.timedelta(days=n)) for n in range(-4, 2)
    ]
    assert set(body[0]) == {"date", "training_day", "status", "due"}
    assert [(day["training_day"], day["status"]) for day in body] == [
        (True, "done"),  # four days ago, logged
        (False, "rest"),
        (True, "missed"),  # two days ago, not logged
        (False, "rest"),
        (True, "due"),  # today
        (False, "rest"),
    ]
    today_due = {due["exercise"]: due for due in body[4]["due"]}
    assert today_due["seated-row"] == {
        "exercise": "seated-row",
        "sets": 1,
        "reps": 6,
        "hold_seconds": 1,
        "sessions_per_day": 1,
        "band": "extra-light",
    }
    assert len(today_due) == 6
    assert {due["exercise"] for due in body[5]["due"]} == {
        "standing-back-bend",
        "shoulder-raises-and-rotations",
        "knee-lifts",
        "ankle-pulls",
    }


def test_the_schedule_shows_the_prescription_in_force_on_each_day(signed_in_client, program):
    # Three days with two sessions each: the third, earlier today, moves the Standing Back Bend
    # from twice to three times a day.
    days_logged(program, [4, 2, 0], per_day=2)
    today = local_today()

    body = schedule(signed_in_client, today, today + dt.timedelta(days=1)).json()

    bend_today, bend_tomorrow = (
        next(d for d in day["due"] if d["exercise"] == "standing-back-bend") for day in body
    )
    assert bend_today["sessions_per_day"] == 2
    assert bend_tomorrow["sessions_per_day"] == 3


def test_days_before_the_program_started_have_nothing_due(signed_in_client, program):
    started = program.started_on

    body = schedule(signed_in_client, started - dt.timedelta(days=2), started).json()

    assert [(day["status"], day["due"]) for day in body[:2]] == [("before_start", [])] * 2


def test_the_schedule_answers_for_up_to_366_days(signed_in_client, program):
    response = schedule(signed_in_client, dt.date(2024, 1, 1), dt.date(2024, 12, 31))

    assert response.status_code == 200
    assert len(response.json()) == 366


def test_asking_for_more_than_366_days_of_schedule_is_a_400(signed_in_client, program):
    response = schedule(signed_in_client, dt.date(2024, 1, 1), dt.date(2025, 1, 1))

    assert response.status_code == 400
    assert "at most 366 days" in response.json()["fields"]["to"][0]


def test_a_schedule_that_ends_before_it_starts_is_a_400(signed_in_client, program):
    response = schedule(signed_in_client, dt.date(2025, 3, 10), dt.date(2025, 3, 9))

    assert response.status_code == 400
    assert "on or after `from`" in response.json()["fields"]["to"][0]


@pytest.mark.parametrize(
    ("query", "field"),
    [
        ({"to": "2025-01-31"}, "from"),
        ({"from": "2025-01-01"}, "to"),
        ({"from": "1/1/25", "to": "2025-01-31"}, "from"),
    ],
)
def test_a_schedule_without_two_dates_is_a_400_naming_the_missing_one(
    signed_in_client, program, query, field
):
    response = signed_in_client.get(SCHEDULE, query)

    assert response.status_code == 400
    assert list(response.json()["fields"]) == [field]


# --- GET /api/v1/progress/ --------------------------------------------------------------------


def test_progress_shows_adherence_by_week_the_streak_prescriptions_and_changes(
    signed_in_client, program
):
    *_, third = sessions_logged(program, 3)

    body = signed_in_client.get(PROGRESS).json()

    assert set(body) == {
        "target",
        "streak",
        "last_4_percent",
        "last_12_percent",
        "weeks",
        "prescriptions",
        "events",
    }
    assert body["target"] == 3
    today = local_today()
    weeks_so_far = (week_start(today) - week_start(program.started_on)).days // 7 + 1
    assert len(body["weeks"]) == min(weeks_so_far, 12)
    assert set(body["weeks"][-1]) == {"week_start", "done", "planned", "met"}
    assert sum(week["done"] for week in body["weeks"]) == 3
    assert isinstance(body["last_4_percent"], int)
    assert all(set(item) == ITEM_FIELDS for item in body["prescriptions"])
    back = next(e for e in body["events"] if e["exercise"] == "back-extension")
    assert back == {
        "kind": "advance",
        "exercise": "back-extension",
        "from_rung": 0,
        "to_rung": 1,
        "from_text": "6 repetitions, hold 3 seconds, once a day",
        "to_text": "7 repetitions, hold 3 seconds, once a day",
        "reason": "target_met_streak",
        "message": back["message"],
        "session": third.pk,
        "occurred_at": back["occurred_at"],
    }
    assert dt.datetime.fromisoformat(back["occurred_at"]) == third.performed_at


def test_a_program_put_that_leaves_out_paused_keeps_a_chosen_pause(signed_in_client, program):
    put(signed_in_client, {**PROGRAM_IN_BERLIN, "paused": True})

    kept = put(signed_in_client, {**PROGRAM_IN_BERLIN, "reminder_time": "07:15"}).json()

    assert (kept["paused"], kept["reminder_time"]) == (True, "07:15")


def test_a_session_time_without_its_utc_offset_is_refused(signed_in_client, program):
    naive = hours_ago(2).replace(tzinfo=None).isoformat()

    response = send(signed_in_client, "post", SESSIONS, session_body(performed_at=naive))

    assert response.status_code == 400
    assert "UTC offset" in response.json()["fields"]["performed_at"][0]
    assert not Session.objects.exists()


def test_no_session_can_be_logged_while_the_program_is_paused_for_safety(signed_in_client, program):
    session_logged(program, pain_after=8)

    response = send(signed_in_client, "post", SESSIONS, session_body())

    assert response.status_code == 409
    assert response.json()["code"] == "paused_for_safety"
    assert "paused for your safety" in response.json()["detail"]
    assert Session.objects.count() == 1
