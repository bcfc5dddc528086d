"""Reminder settings as a page and as `GET/PUT /api/v1/reminders/`: only for the signed-in
person, with what was recently sent or skipped, and errors that name the field."""

import datetime as dt

import pytest
from django.urls import reverse

from tests.factories import UserFactory
from tests.reminders.helpers import MONDAY, WEDNESDAY, delivery_recorded, program_for
from tracking.models import DeliveryStatus, Program

pytestmark = pytest.mark.django_db

PAGE = "/reminders/"
API = "/api/v1/reminders/"


@pytest.fixture
def program():
    return program_for(reminder=dt.time(8, 0), summary=True)


@pytest.fixture
def signed_in(client, program):
    client.force_login(program.user)
    return client


# --- the page -----------------------------------------------------------------------------------


def test_the_reminders_page_asks_an_anonymous_visitor_to_log_in(client):
    response = client.get(PAGE)

    assert response.status_code == 302
    assert response["Location"] == f"{reverse('account_login')}?next={PAGE}"


def test_the_reminders_page_shows_recent_deliveries(signed_in, program):
    delivery_recorded(program, MONDAY, DeliveryStatus.SENT)
    delivery_recorded(
        program, WEDNESDAY, DeliveryStatus.SKIPPED, detail="A session was already logged that day."
    )

    response = signed_in.get(PAGE)

    assert response.status_code == 200
    assert "Mon 8 Jun" in response.text
    assert "Skipped: A session was already logged that day." in response.text
    assert [d.local_date for d in response.context["deliveries"]] == [WEDNESDAY, MONDAY]


def test_the_reminders_page_shows_only_the_persons_own_deliveries(signed_in, program):
    other = program_for()
    delivery_recorded(other, MONDAY, DeliveryStatus.SENT)

    response = signed_in.get(PAGE)

    assert list(response.context["deliveries"]) == []
    assert "No reminders yet" in response.text


def test_the_reminders_page_says_the_summary_is_optional_and_comes_with_that_days_reminder(
    signed_in,
):
    response = signed_in.get(PAGE)

    assert (
        "The weekly summary is optional. When it falls on a training day, it comes with that "
        "day's reminder as one email."
    ) in response.text


def test_the_reminders_page_saves_new_settings(signed_in, program):
    response = signed_in.post(
        PAGE,
        {
            "reminders_enabled": "on",
            "reminder_time": "18:15",
            "weekly_summary_day": "2",
        },
    )

    assert response.status_code == 302
    program.refresh_from_db()
    assert program.reminder_time == dt.time(18, 15)
    assert program.weekly_summary_enabled is False
    assert program.weekly_summary_day == 2


def test_the_reminders_page_names_a_bad_time(signed_in, program):
    response = signed_in.post(
        PAGE, {"reminders_enabled": "on", "reminder_time": "25:99", "weekly_summary_day": "6"}
    )

    assert response.status_code == 200
    assert "reminder_time" in response.context["form"].errors
    assert Program.objects.get(pk=program.pk).reminder_time == dt.time(8, 0)


def test_the_reminders_page_sends_someone_without_a_program_to_start_one(client):
    client.force_login(UserFactory())

    assert client.get(PAGE)["Location"] == reverse("tracking:program_start")


# --- the API ------------------------------------------------------------------------------------


def test_the_api_shows_the_reminder_settings_and_recent_deliveries(signed_in, program):
    delivery_recorded(program, MONDAY, DeliveryStatus.SENT)

    response = signed_in.get(API)

    assert response.status_code == 200
    body = response.json()
    assert {k: body[k] for k in body if k != "recent"} == {
        "reminders_enabled": True,
        "reminder_time": "08:00",
        "weekly_summary_enabled": True,
        "weekly_summary_day": "sun",
        "timezone": "Europe/London",
    }
    assert [(d["kind"], d["local_date"], d["status"]) for d in body["recent"]] == [
        ("reminder", "2026-06-08", "sent")
    ]


def test_the_api_changes_the_reminder_settings(signed_in, program):
    response = signed_in.put(
        API,
        {
            "reminders_enabled": False,
            "reminder_time": "19:45",
            "weekly_summary_enabled": True,
            "weekly_summary_day": "mon",
        },
        content_type="application/json",
    )

    assert response.status_code == 200
    assert response.json()["reminder_time"] == "19:45"
    program.refresh_from_db()
    assert (program.reminders_enabled, program.reminder_time, program.weekly_summary_day) == (
        False,
        dt.time(19, 45),
        0,
    )


@pytest.mark.parametrize(
    ("field", "value"),
    [
        ("reminder_time", "25:99"),
        ("reminder_time", "8am"),
        ("weekly_summary_day", 6),  # the day's code, "sun", not its number
        ("weekly_summary_day", "sunday"),
    ],
)
def test_the_api_refuses_a_bad_value_naming_the_field(signed_in, program, field, value):
    data = {
        "reminders_enabled": True,
        "reminder_time": "08:00",
        "weekly_summary_enabled": True,
        "weekly_summary_day": "sun",
        field: value,
    }

    response = signed_in.put(API, data, content_type="application/json")

    assert response.status_code == 400
    assert list(response.json()["fields"]) == [field]
    assert Program.objects.get(pk=program.pk).reminder_time == dt.time(8, 0)


@pytest.mark.parametrize("method", ["get", "put"])
def test_the_api_refuses_anonymous_requests(client, method):
    response = getattr(client, method)(API, {}, content_type="application/json")

    assert response.status_code == 401


def test_the_api_answers_404_to_someone_without_a_program(client):
    client.force_login(UserFactory())

    assert client.get(API).status_code == 404
