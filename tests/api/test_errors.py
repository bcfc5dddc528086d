"""One JSON shape for every error the API gives, and what bad input to the three write endpoints
(POST /sessions/, PUT /program/, PATCH /me/) gets back: 400 naming the field, nothing written.

Unknown fields are ignored, not refused: DRF's serializers drop what they do not know, so a newer
app talking to an older server keeps working. Tests below pin that down, by name."""

import datetime as dt

import pytest
from django.conf import settings
from django.contrib.auth import get_user_model
from django.utils import timezone

from osteofit.api_auth import CHALLENGE
from tests.api.helpers import (
    EXPORT,
    ME,
    PROGRAM,
    PROGRAM_BODY,
    SESSIONS,
    send,
    session_body,
    session_url,
)
from tests.factories import UserFactory
from tests.reauth import reauthenticated
from tests.tracking.factories import ProgramFactory, session_logged
from tracking.models import Entry, Program, ProgressionEvent, Session

pytestmark = pytest.mark.django_db

ERROR_KEYS = {"detail", "code", "fields"}


def assert_error(response, status: int, code: str) -> dict:
    """The one error shape: a plain-words detail, a stable code, and field messages."""
    assert response.status_code == status, response.content
    assert response["Content-Type"] == "application/json"
    body = response.json()
    assert set(body) == ERROR_KEYS
    assert isinstance(body["detail"], str)
    assert body["detail"]
    assert body["code"] == code
    assert isinstance(body["fields"], dict)
    return body


@pytest.fixture
def person():
    return UserFactory(first_name="Ada", last_name="Byron")


@pytest.fixture
def api(client, person):
    client.force_login(person)
    return client


@pytest.fixture
def program(person):
    return ProgramFactory(user=person)


def nothing_logged() -> bool:
    return not (
        Session.objects.exists() or Entry.objects.exists() or ProgressionEvent.objects.exists()
    )


# --- the shape, status by status --------------------------------------------------------------


def test_a_400_names_each_bad_field(api, program):
    body = assert_error(send(api, "post", SESSIONS, session_body(effort=11)), 400, "invalid")

    assert list(body["fields"]) == ["effort"]
    assert body["detail"] == "Some of what you sent is not valid; see `fields`."


def test_a_400_for_a_body_that_is_not_json_says_so_with_no_fields(api, program):
    response = api.post(SESSIONS, "{not json", content_type="application/json")

    body = assert_error(response, 400, "parse_error")
    assert body["fields"] == {}
    assert "JSON" in body["detail"]


def test_a_request_with_no_credentials_is_a_401_with_the_session_challenge(client):
    response = client.get(ME)

    assert_error(response, 401, "not_authenticated")
    assert response["WWW-Authenticate"] == CHALLENGE


def test_a_session_token_nobody_was_given_is_a_401_saying_log_in_again(client):
    response = send(client, "get", ME, token="not-a-token-anyone-was-given")

    body = assert_error(response, 401, "authentication_failed")
    assert response["WWW-Authenticate"] == CHALLENGE
    assert "Log in again" in body["detail"]


def test_a_404_for_a_session_that_does_not_exist(api, program):
    assert_error(api.get(session_url(987654)), 404, "not_found")


def test_a_404_for_someone_elses_session_looks_the_same_as_a_missing_one(api, program):
    theirs = session_logged(ProgramFactory())

    missing = api.get(session_url(987654)).json()
    other = assert_error(api.get(session_url(theirs.pk)), 404, "not_found")

    assert other == missing


def test_a_404_for_a_program_not_started_yet_says_so(api):
    body = assert_error(api.get(PROGRAM), 404, "not_found")

    assert "not started a program" in body["detail"]


def test_a_405_for_a_method_an_endpoint_does_not_have(api):
    body = assert_error(api.put(ME, {}, content_type="application/json"), 405, "method_not_allowed")

    assert "PUT" in body["detail"]


def test_a_415_for_a_body_that_is_not_json(api, program):
    assert_error(
        api.post(SESSIONS, "<session/>", content_type="application/xml"),
        415,
        "unsupported_media_type",
    )


def test_a_422_for_an_idempotency_key_used_for_a_different_session(api, program):
    send(api, "post", SESSIONS, session_body(notes="One."), **{"Idempotency-Key": "same"})

    response = send(
        api, "post", SESSIONS, session_body(notes="Two."), **{"Idempotency-Key": "same"}
    )

    body = assert_error(response, 422, "idempotency_key_reused")
    assert body["fields"] == {}


def test_a_429_for_too_many_anonymous_requests_says_when_to_come_back(client, tiny_throttle_rates):
    for _ in range(2):
        assert client.get("/api/v1/exercises/").status_code == 200

    response = client.get("/api/v1/exercises/")

    body = assert_error(response, 429, "throttled")
    assert 0 < int(response["Retry-After"]) <= 60
    assert body["fields"] == {}


def test_a_429_for_too_many_requests_from_one_person_says_when_to_come_back(
    api, tiny_throttle_rates
):
    for _ in range(2):
        assert api.get(ME).status_code == 200

    response = api.get(ME)

    assert_error(response, 429, "throttled")
    assert 0 < int(response["Retry-After"]) <= 60


def test_one_persons_requests_do_not_use_up_anothers(api, client, tiny_throttle_rates):
    answers = [api.get(ME) for _ in range(3)]
    assert [answer.status_code for answer in answers] == [200, 200, 429]
    assert 0 < int(answers[-1]["Retry-After"]) <= 60
    client.force_login(UserFactory())

    assert client.get(ME).status_code == 200


def test_a_body_over_the_upload_limit_is_a_413_in_the_same_shape_and_writes_nothing(api, program):
    notes = "x" * (settings.DATA_UPLOAD_MAX_MEMORY_SIZE + 1)

    response = send(api, "post", SESSIONS, session_body(notes=notes))

    assert_error(response, 413, "request_too_large")
    assert nothing_logged()


# --- POST /api/v1/sessions/ with bad input ----------------------------------------------------


@pytest.mark.parametrize(
    ("change", "field"),
    [
        ({"pain_before": "a little"}, "pain_before"),
        ({"pain_before": 1.5}, "pain_before"),
        ({"pain_after": True}, "pain_after"),
        ({"effort": None}, "effort"),
        ({"effort": [5]}, "effort"),
        ({"red_flag": "maybe"}, "red_flag"),
        ({"performed_at": 1764000000}, "performed_at"),
        ({"performed_at": ["2026-11-27T09:00:00Z"]}, "performed_at"),
        ({"performed_at": None}, "performed_at"),
        ({"notes": None}, "notes"),
        ({"notes": {"text": "hi"}}, "notes"),
        ({"entries": "back-extension"}, "entries"),
        ({"entries": {"exercise": "back-extension"}}, "entries"),
        ({"entries": None}, "entries"),
        ({"entries": [None]}, "entries"),
        ({"entries": [["back-extension", 1, 6]]}, "entries"),
    ],
    ids=lambda value: repr(value)[:40] if isinstance(value, dict) else value,
)
def test_a_session_with_a_value_of_the_wrong_type_is_a_400_naming_it_and_logs_nothing(
    api, program, change, field
):
    body = assert_error(send(api, "post", SESSIONS, session_body(**change)), 400, "invalid")

    assert list(body["fields"]) == [field]
    assert nothing_logged()


@pytest.mark.parametrize("field", ["pain_before", "pain_after", "effort", "red_flag", "entries"])
def test_a_session_missing_a_required_field_is_a_400_naming_it(api, program, field):
    sent = session_body()
    del sent[field]

    body = assert_error(send(api, "post", SESSIONS, sent), 400, "invalid")

    assert list(body["fields"]) == [field]
    errors = body["fields"][field]
    # Entry errors are always an object: the whole list's under non_field_errors.
    assert "required" in (errors["non_field_errors"] if field == "entries" else errors)[0]
    assert nothing_logged()


@pytest.mark.parametrize("field", ["exercise", "sets", "reps"])
def test_an_entry_missing_a_required_field_is_a_400_pointing_at_it(api, program, field):
    entries = session_body()["entries"]
    del entries[0][field]

    body = assert_error(send(api, "post", SESSIONS, session_body(entries=entries)), 400, "invalid")

    assert rows_with_errors(body["fields"]["entries"]) == {0: {field}}
    assert nothing_logged()


def test_a_session_without_performed_at_is_logged_as_done_now(api, program):
    sent = session_body()
    del sent["performed_at"]
    before = timezone.now()

    response = send(api, "post", SESSIONS, sent)

    assert response.status_code == 201, response.content
    session = Session.objects.get()
    assert before <= session.performed_at <= timezone.now()
    assert dt.datetime.fromisoformat(response.json()["performed_at"]) == session.performed_at


def test_an_empty_session_is_a_400_naming_every_required_field(api, program):
    body = assert_error(send(api, "post", SESSIONS, {}), 400, "invalid")

    assert set(body["fields"]) == {"pain_before", "pain_after", "effort", "red_flag", "entries"}


def test_a_body_that_is_a_list_is_a_400_with_a_general_message(api, program):
    body = assert_error(send(api, "post", SESSIONS, [session_body()]), 400, "invalid")

    assert "Expected a dictionary" in body["detail"]
    assert list(body["fields"]) == ["non_field_errors"]
    assert nothing_logged()


def test_notes_of_10000_characters_are_a_400_naming_notes(api, program):
    body = assert_error(
        send(api, "post", SESSIONS, session_body(notes="n" * 10_000)), 400, "invalid"
    )

    assert body["fields"] == {"notes": ["Ensure this field has no more than 2000 characters."]}
    assert nothing_logged()


def test_notes_of_exactly_2000_characters_are_kept_whole(api, program):
    response = send(api, "post", SESSIONS, session_body(notes="n" * 2000))

    assert response.status_code == 201
    assert Session.objects.get().notes == "n" * 2000


def test_a_one_megabyte_body_is_a_400_naming_notes_and_logs_nothing(api, program):
    response = send(api, "post", SESSIONS, session_body(notes="m" * 1_000_000))

    body = assert_error(response, 400, "invalid")
    assert list(body["fields"]) == ["notes"]
    assert nothing_logged()


def test_a_thousand_entries_are_a_400_and_log_nothing(api, program):
    entries = [{"exercise": "knee-lifts", "sets": 1, "reps": 5}] * 1000

    body = assert_error(send(api, "post", SESSIONS, session_body(entries=entries)), 400, "invalid")

    assert "entries" in body["fields"]
    assert nothing_logged()


def test_unknown_fields_in_a_session_are_ignored(api, program):
    response = send(
        api,
        "post",
        SESSIONS,
        session_body(id=999_999, local_date="2000-01-01", user=12345, mood="sunny"),
    )

    assert response.status_code == 201
    session = Session.objects.get()
    assert response.json()["id"] == session.pk != 999_999
    assert response.json()["local_date"] != "2000-01-01"
    assert session.user == program.user
    assert "mood" not in response.json()


def test_unknown_fields_in_an_entry_are_ignored(api, program):
    entries = [{"exercise": "knee-lifts", "sets": 1, "reps": 5, "session": 1, "weight_kg": 40}]

    response = send(api, "post", SESSIONS, session_body(entries=entries))

    assert response.status_code == 201
    assert response.json()["entries"] == [
        {"exercise": "knee-lifts", "sets": 1, "reps": 5, "hold_seconds": None, "band": None}
    ]


def test_emoji_and_other_scripts_in_notes_are_stored_and_returned_intact(api, program):
    notes = "Felt strong 💪🏽 — ça va. 背中は大丈夫。 Ω ≠ 0 🧘‍♀️"

    created = send(api, "post", SESSIONS, session_body(notes=notes))

    assert created.status_code == 201
    assert created.json()["notes"] == notes
    assert Session.objects.get().notes == notes
    assert api.get(session_url(created.json()["id"])).json()["notes"] == notes
    reauthenticated(api)  # the export asks for the password first
    assert api.get(EXPORT).json()["sessions"][0]["notes"] == notes


def test_a_nul_character_in_notes_is_a_400_naming_notes(api, program):
    body = assert_error(
        send(api, "post", SESSIONS, session_body(notes="before\x00after")), 400, "invalid"
    )

    assert list(body["fields"]) == ["notes"]
    assert nothing_logged()


def rows_with_errors(entries_errors) -> dict[int, set[str]]:
    """Entry errors by row number. They have one shape, whichever check refused the entry (the
    serializer's or the program rules'): an object keyed by the bad rows' positions."""
    assert isinstance(entries_errors, dict), entries_errors
    rows = {int(position): errors for position, errors in entries_errors.items()}
    return {
        position: set(errors) if isinstance(errors, dict) else {"row"}
        for position, errors in rows.items()
        if errors
    }


def three_entries(**bad_second_row) -> list[dict]:
    return [
        {"exercise": "back-extension", "sets": 1, "reps": 6, "hold_seconds": 3},
        {"exercise": "knee-lifts", "sets": 1, "reps": 5, **bad_second_row},
        {"exercise": "ankle-pulls", "sets": 1, "reps": 10},
    ]


@pytest.mark.parametrize(
    ("bad", "field"),
    [
        ({"sets": "two"}, "sets"),
        ({"sets": 0}, "sets"),
        ({"reps": 51}, "reps"),
        ({"reps": -1}, "reps"),
        ({"hold_seconds": 121}, "hold_seconds"),
        ({"hold_seconds": "long"}, "hold_seconds"),
        ({"exercise": ["knee-lifts"]}, "exercise"),
        ({"band": ["extra-light"]}, "band"),
    ],
)
def test_one_bad_entry_among_good_ones_is_a_400_pointing_at_that_row_and_field(
    api, program, bad, field
):
    response = send(api, "post", SESSIONS, session_body(entries=three_entries(**bad)))

    body = assert_error(response, 400, "invalid")
    assert list(body["fields"]) == ["entries"]
    assert rows_with_errors(body["fields"]["entries"]) == {1: {field}}
    assert nothing_logged()


def test_two_bad_entries_are_each_pointed_at(api, program):
    entries = three_entries(sets="two")
    entries[2]["reps"] = "ten"

    body = assert_error(send(api, "post", SESSIONS, session_body(entries=entries)), 400, "invalid")

    assert rows_with_errors(body["fields"]["entries"]) == {1: {"sets"}, 2: {"reps"}}


@pytest.mark.parametrize(
    ("bad", "field"),
    [({"exercise": "sit-ups"}, "exercise"), ({"band": "extra-light"}, "band")],
    ids=["exercise not in the program", "band on an exercise without one"],
)
def test_an_entry_the_program_rules_refuse_is_pointed_at_by_its_row(api, program, bad, field):
    body = assert_error(
        send(api, "post", SESSIONS, session_body(entries=three_entries(**bad))), 400, "invalid"
    )

    assert rows_with_errors(body["fields"]["entries"]) == {1: {field}}


@pytest.mark.parametrize("bad", [{"exercise": "sit-ups"}, {"band": "extra-light"}])
def test_an_entry_the_program_rules_refuse_is_a_400_naming_entries_and_logs_nothing(
    api, program, bad
):
    response = send(api, "post", SESSIONS, session_body(entries=three_entries(**bad)))

    body = assert_error(response, 400, "invalid")
    assert list(body["fields"]) == ["entries"]
    assert nothing_logged()


# --- PUT /api/v1/program/ with bad input ------------------------------------------------------


@pytest.mark.parametrize(
    ("change", "field"),
    [
        ({"doctor_confirmed": "yes please"}, "doctor_confirmed"),
        ({"doctor_confirmed": None}, "doctor_confirmed"),
        ({"recent_fracture": [True]}, "recent_fracture"),
        ({"training_days": "mon,wed,fri"}, "training_days"),
        ({"training_days": [0, 2, 4]}, "training_days"),
        ({"training_days": {"mon": True}}, "training_days"),
        ({"training_days": None}, "training_days"),
        ({"reminder_time": 830}, "reminder_time"),
        ({"reminder_time": None}, "reminder_time"),
        ({"timezone": None}, "timezone"),
        ({"timezone": ["Europe/London"]}, "timezone"),
        ({"reminders_enabled": "often"}, "reminders_enabled"),
        ({"paused": "perhaps"}, "paused"),
    ],
    ids=lambda value: repr(value)[:40] if isinstance(value, dict) else value,
)
def test_a_program_with_a_value_of_the_wrong_type_is_a_400_naming_it_and_starts_nothing(
    api, change, field
):
    body = assert_error(send(api, "put", PROGRAM, {**PROGRAM_BODY, **change}), 400, "invalid")

    assert list(body["fields"]) == [field]
    assert not Program.objects.exists()


@pytest.mark.parametrize(
    "field", ["doctor_confirmed", "training_days", "reminder_time", "timezone"]
)
def test_a_program_missing_a_required_field_is_a_400_naming_it(api, field):
    sent = dict(PROGRAM_BODY)
    del sent[field]

    body = assert_error(send(api, "put", PROGRAM, sent), 400, "invalid")

    assert list(body["fields"]) == [field]
    assert not Program.objects.exists()


@pytest.mark.parametrize(
    ("change", "field"),
    [
        ({"timezone": "Europe/" + "x" * 10_000}, "timezone"),
        ({"training_days": ["mon"] * 10_000}, "training_days"),
        ({"training_days": ["m" * 10_000, "wed", "fri"]}, "training_days"),
    ],
    ids=["10,000-character timezone", "10,000 training days", "10,000-character day"],
)
def test_a_program_with_a_huge_value_is_a_400_naming_it(api, change, field):
    body = assert_error(send(api, "put", PROGRAM, {**PROGRAM_BODY, **change}), 400, "invalid")

    assert list(body["fields"]) == [field]
    assert not Program.objects.exists()


def test_a_program_with_a_non_ascii_timezone_is_a_400_naming_timezone(api):
    body = assert_error(
        send(api, "put", PROGRAM, {**PROGRAM_BODY, "timezone": "Europe/Londön"}), 400, "invalid"
    )

    assert list(body["fields"]) == ["timezone"]


def test_unknown_fields_in_a_program_are_ignored(api, person):
    response = send(
        api,
        "put",
        PROGRAM,
        {
            **PROGRAM_BODY,
            "user": 12345,
            "started_on": "2000-01-01",
            "calendar_token": "chosen-by-me",
            "items": [{"exercise": "sit-ups"}],
            "colour": "teal",
        },
    )

    assert response.status_code == 201
    program = Program.objects.get()
    assert program.user == person
    assert program.started_on != dt.date(2000, 1, 1)
    assert program.calendar_token != "chosen-by-me"
    assert "sit-ups" not in {item["exercise"] for item in response.json()["items"]}


def test_a_bad_program_put_changes_nothing_of_a_running_program(api, program):
    before = Program.objects.filter(pk=program.pk).values().get()

    response = send(api, "put", PROGRAM, {**PROGRAM_BODY, "reminder_time": "07:00", "timezone": 5})

    assert_error(response, 400, "invalid")
    assert Program.objects.filter(pk=program.pk).values().get() == before


# --- PATCH /api/v1/me/ with bad input ---------------------------------------------------------


def account_row(person) -> dict:
    return get_user_model().objects.filter(pk=person.pk).values().get()


@pytest.mark.parametrize(
    ("change", "field"),
    [
        ({"first_name": None}, "first_name"),
        ({"first_name": ["Ada"]}, "first_name"),
        ({"first_name": "x" * 10_000}, "first_name"),
        ({"last_name": {"family": "Byron"}}, "last_name"),
        ({"last_name": "y" * 151}, "last_name"),
        ({"timezone": None}, "timezone"),
        ({"timezone": ""}, "timezone"),
        ({"timezone": 5}, "timezone"),
        ({"timezone": "Mars/Olympus"}, "timezone"),
        ({"timezone": "Europe/" + "x" * 10_000}, "timezone"),
        ({"first_name": "Ada\x00"}, "first_name"),
    ],
    ids=lambda value: repr(value)[:40] if isinstance(value, dict) else value,
)
def test_a_bad_account_patch_is_a_400_naming_the_field_and_changes_nothing(
    api, person, change, field
):
    before = account_row(person)

    body = assert_error(send(api, "patch", ME, change), 400, "invalid")

    assert list(body["fields"]) == [field]
    assert account_row(person) == before


def test_an_account_patch_with_one_bad_field_changes_none_of_the_good_ones(api, person):
    before = account_row(person)

    response = send(api, "patch", ME, {"first_name": "Augusta", "timezone": "Atlantis/Capital"})

    assert_error(response, 400, "invalid")
    assert account_row(person) == before


def test_an_account_patch_that_is_a_list_is_a_400(api, person):
    body = assert_error(send(api, "patch", ME, [{"first_name": "Augusta"}]), 400, "invalid")

    assert list(body["fields"]) == ["non_field_errors"]


def test_unknown_and_read_only_fields_in_an_account_patch_are_ignored(api, person):
    response = send(
        api,
        "patch",
        ME,
        {
            "email": "someone.else@example.com",
            "is_staff": True,
            "is_superuser": True,
            "password": "chosen-by-me",
            "id": 1,
            "first_name": "Augusta",
        },
    )

    assert response.status_code == 200
    person.refresh_from_db()
    assert (person.email, person.is_staff, person.is_superuser) == (
        response.json()["email"],
        False,
        False,
    )
    assert person.email != "someone.else@example.com"
    assert not person.check_password("chosen-by-me")
    assert person.first_name == "Augusta"


def test_emoji_in_a_name_are_stored_and_returned_intact(api, person):
    name = "Zoë 🌸 Ōkami-Łukasz"

    response = send(api, "patch", ME, {"first_name": name})

    assert response.json()["first_name"] == name
    person.refresh_from_db()
    assert person.first_name == name
    assert api.get(ME).json()["first_name"] == name


# --- input the tests above leave out: bytes, extremes, duplicates ------------------------------


def test_a_body_that_is_not_utf8_is_a_400_parse_error_and_logs_nothing(api, program):
    body = b'{"notes": "caf\xe9", "pain_before": 1}'

    response = api.post(SESSIONS, body, content_type="application/json")

    assert_error(response, 400, "parse_error")
    assert nothing_logged()


@pytest.mark.parametrize(
    ("change", "field"),
    [
        ({"effort": 10**30}, "effort"),
        ({"pain_before": -(10**30)}, "pain_before"),
        ({"pain_after": 1e308}, "pain_after"),
        ({"effort": -1}, "effort"),
        ({"pain_before": -3}, "pain_before"),
    ],
    ids=["huge", "hugely negative", "huge float", "effort -1", "pain -3"],
)
def test_a_huge_or_negative_score_is_a_400_naming_it_and_logs_nothing(api, program, change, field):
    body = assert_error(send(api, "post", SESSIONS, session_body(**change)), 400, "invalid")

    assert list(body["fields"]) == [field]
    assert nothing_logged()


@pytest.mark.parametrize("reps", [10**30, -(10**30)], ids=["huge", "hugely negative"])
def test_a_huge_number_in_an_entry_is_a_400_pointing_at_it(api, program, reps):
    response = send(api, "post", SESSIONS, session_body(entries=three_entries(reps=reps)))

    body = assert_error(response, 400, "invalid")
    assert rows_with_errors(body["fields"]["entries"]) == {1: {"reps"}}
    assert nothing_logged()


@pytest.mark.parametrize(
    "performed_at",
    ["1900-01-01T09:00:00+00:00", "2999-12-31T09:00:00+00:00", "0001-01-01T00:00:00+00:00"],
    ids=["1900", "2999", "year one"],
)
def test_a_session_long_ago_or_far_ahead_is_a_400_naming_performed_at(api, program, performed_at):
    response = send(api, "post", SESSIONS, session_body(performed_at=performed_at))

    body = assert_error(response, 400, "invalid")
    assert "performed_at" in body["fields"]
    assert nothing_logged()


def test_the_same_exercise_twice_in_one_session_is_a_400_and_logs_nothing(api, program):
    entries = three_entries()
    entries[2] = dict(entries[0])

    response = send(api, "post", SESSIONS, session_body(entries=entries))

    assert_error(response, 400, "invalid")
    assert nothing_logged()


@pytest.mark.parametrize("zone", ["Mars/Olympus_Mons", "Europe/Atlantis", "../../etc/passwd"])
def test_a_program_in_a_time_zone_that_does_not_exist_is_a_400_and_starts_nothing(api, zone):
    body = assert_error(
        send(api, "put", PROGRAM, {**PROGRAM_BODY, "timezone": zone}), 400, "invalid"
    )

    assert list(body["fields"]) == ["timezone"]
    assert not Program.objects.exists()
