"""Bad input to the HTML forms: the session log form, program settings and reminder settings.

Whatever arrives, the answer is never a server error and nothing is written, not even part of a
session. A body the server cannot read (too large: 400) or that is not a form at all (JSON, XML:
415, osteofit.middleware) is refused before any view runs; a readable form with bad values
comes back as the form with a message at each bad field (status 200: htmx, which swaps these
forms in place, swaps only 2xx answers). The JSON API's answers to the same input are in
tests/api/test_errors.py."""

import datetime as dt
from urllib.parse import urlencode

import pytest
from django.conf import settings

from tests.tracking.factories import ProgramFactory
from tests.tracking.test_views import QUESTIONS, submitted_answered
from tracking.models import Entry, Program, ProgressionEvent, Session

pytestmark = pytest.mark.django_db

LOG = "/sessions/new/"
SETTINGS = "/program/settings/"
REMINDERS = "/reminders/"


@pytest.fixture
def person(client):
    program = ProgramFactory()
    client.force_login(program.user)
    return program


@pytest.fixture
def log_form(client, person) -> dict:
    """The log form as the page fills it in, with its questions answered: a valid session."""
    return submitted_answered(client.get(LOG))


def written() -> tuple:
    return (
        Session.objects.count(),
        Entry.objects.count(),
        ProgressionEvent.objects.count(),
        list(Program.objects.values_list("training_days", "reminder_time", "timezone", "paused")),
    )


def refused(response, *messages: str) -> None:
    """The form is back, with the messages, and the page is not an error page."""
    assert response.status_code == 200, response.status_code
    html = response.content.decode()
    for message in messages:
        assert message in html, f"{message!r} not on the page"


def test_the_log_form_with_its_questions_answered_logs_a_session(client, log_form):
    """The baseline the tests below spoil one field at a time."""
    before = Session.objects.count()

    assert client.post(LOG, log_form).status_code == 302
    assert Session.objects.count() == before + 1


def test_a_body_over_the_upload_limit_is_a_400_and_writes_nothing(client, log_form):
    before = written()
    body = {**log_form, "notes": "x" * (settings.DATA_UPLOAD_MAX_MEMORY_SIZE + 1)}

    response = client.post(LOG, urlencode(body), content_type="application/x-www-form-urlencoded")

    assert response.status_code == 400
    assert written() == before


@pytest.mark.parametrize("content_type", ["application/json", "application/xml", "text/plain"])
def test_a_body_that_is_not_a_form_is_a_415_and_writes_nothing(client, log_form, content_type):
    before = written()

    response = client.post(LOG, '{"pain_before": 1}', content_type=content_type)

    assert response.status_code == 415
    assert "takes a form" in response.content.decode()
    assert written() == before


def test_a_multipart_form_is_read_like_any_other(client, log_form):
    before = Session.objects.count()

    assert client.post(LOG, log_form).status_code == 302  # the test client sends multipart
    assert Session.objects.count() == before + 1


@pytest.mark.parametrize(
    ("field", "value", "message"),
    [
        ("entries-0-reps", "99999999999999999999999", "enter the repetitions you did, from 0"),
        ("entries-0-sets", "1e308", "enter the number of sets you did, as a whole number."),
        ("entries-0-reps", "-1", "enter the repetitions you did, from 0"),
        ("entries-0-sets", "-5", "enter the number of sets you did, from 1"),
        ("pain_before", "-3", "Select a valid choice."),
        ("effort", "11", "Select a valid choice."),
        ("pain_after", "NaN", "Select a valid choice."),
        ("performed_at", "10000-01-01T09:00", "Enter a valid date/time."),
        ("performed_at", "not a date", "Enter a valid date/time."),
        ("notes", "x" * 2001, "Ensure this value has at most 2000 characters"),
        ("notes", "a\x00b", "Null characters are not allowed."),
    ],
)
def test_a_bad_value_in_the_log_form_is_shown_at_its_field_and_nothing_is_written(
    client, log_form, field, value, message
):
    before = written()

    refused(client.post(LOG, {**log_form, field: value}), message)
    assert written() == before


@pytest.mark.parametrize("question", QUESTIONS)
def test_a_log_form_with_a_question_left_unanswered_is_refused_and_nothing_is_written(
    client, log_form, question
):
    before = written()
    unanswered = {name: value for name, value in log_form.items() if name != question}

    response = client.post(LOG, unanswered)

    refused(response, QUESTIONS[question])
    assert f'id="id_{question}_error"' in response.content.decode()
    assert written() == before


@pytest.mark.parametrize(
    "when",
    [dt.datetime(1900, 1, 1, 9, 0), dt.datetime(2999, 12, 31, 9, 0)],
    ids=["long ago", "far future"],
)
def test_a_session_long_ago_or_in_the_future_is_refused_and_nothing_is_written(
    client, log_form, when
):
    before = written()

    response = client.post(LOG, {**log_form, "performed_at": when.strftime("%Y-%m-%dT%H:%M")})

    assert response.status_code == 200
    assert 'class="field-error"' in response.content.decode()
    assert written() == before


def test_the_same_exercise_twice_in_one_session_is_refused_and_nothing_is_written(client, log_form):
    before = written()
    twice = {**log_form, "entries-1-exercise": log_form["entries-0-exercise"]}

    response = client.post(LOG, twice)

    assert response.status_code == 200
    assert written() == before


def test_an_exercise_that_does_not_exist_is_refused_and_nothing_is_written(client, log_form):
    before = written()

    response = client.post(LOG, {**log_form, "entries-0-exercise": "sit-ups"})

    assert response.status_code == 200
    assert written() == before


def test_a_forged_form_count_cannot_make_the_server_build_a_million_rows(client, log_form):
    before = written()

    response = client.post(LOG, {**log_form, "entries-TOTAL_FORMS": "1000000"})

    assert response.status_code < 500
    assert written() == before


def test_invalid_utf8_in_the_log_form_never_breaks_the_page(client, log_form):
    body = urlencode({**log_form, "pain_before": "x"}).replace(
        "pain_before=x", "pain_before=%FF%FE"
    )

    response = client.post(LOG, body, content_type="application/x-www-form-urlencoded")

    assert response.status_code in {200, 400}
    assert not Session.objects.exists()


# --- program and reminder settings ---------------------------------------------------------------


def settings_form(**changes) -> dict:
    return {
        "training_days": ["mon", "wed", "fri"],
        "reminder_time": "09:00",
        "timezone": "Europe/London",
        "reminders_enabled": "on",
        "doctor_confirmed": "on",
        **changes,
    }


@pytest.mark.parametrize(
    ("changes", "message"),
    [
        ({"timezone": "Mars/Olympus_Mons"}, "Select a valid choice."),
        ({"timezone": "Europe/London\x00"}, "Select a valid choice."),
        ({"timezone": "../../etc/passwd"}, "Select a valid choice."),
        ({"training_days": ["funday"]}, "Select a valid choice."),
        ({"training_days": ["mon", "mon", "mon"]}, ""),
        ({"training_days": ["mon"]}, ""),
    ],
)
def test_bad_program_settings_are_refused_and_change_nothing(client, person, changes, message):
    before = written()

    response = client.post(SETTINGS, settings_form(**changes))

    refused(response, message)
    assert 'class="field-error"' in response.content.decode()
    assert written() == before


@pytest.mark.parametrize(
    "changes",
    [
        {"reminder_time": "24:00"},
        {"reminder_time": "25:61"},
        {"reminder_time": "-09:00"},
        {"weekly_summary_day": "7"},
        {"weekly_summary_day": "-1"},
        {"weekly_summary_day": "99999999999999999999"},
    ],
)
def test_bad_reminder_settings_are_refused_and_change_nothing(client, person, changes):
    before = list(Program.objects.values_list("reminder_time", "weekly_summary_day"))
    form = {"reminders_enabled": "on", "reminder_time": "09:00", "weekly_summary_day": "6"}

    response = client.post(REMINDERS, {**form, **changes})

    assert response.status_code == 200
    assert 'class="field-error"' in response.content.decode()
    assert list(Program.objects.values_list("reminder_time", "weekly_summary_day")) == before
