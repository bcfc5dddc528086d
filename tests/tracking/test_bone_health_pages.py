"""The pages of issue 14's program questions and safety words: the floor and fracture
questions asked with nothing preselected, the physiotherapist's go-ahead in the settings, the
warning signs beside every way of logging, the advice after pain 5-6, the impact sentence, the
bone-health week on the dashboard, and a calendar feed that drops training days on a pause."""

import datetime as dt

import pytest
from django.test import Client
from django.urls import reverse
from icalendar import Calendar

from exercises.safety import EMERGENCY, WARNING_SIGNS
from tests.html_forms import inputs
from tests.tracking.factories import (
    ProgramFactory,
    days_including_today,
    local_today,
    session_logged,
)
from tests.tracking.floor import floor_catalogue
from tests.tracking.test_guided import check_in, check_out, do_every_exercise
from tracking import composition, links, schedule, selectors, services
from tracking.models import Program

pytestmark = pytest.mark.django_db

TODAY = "/today/"
START = {
    "doctor_confirmed": "on",
    "training_days": ["mon", "wed", "fri"],
    "reminder_time": "07:45",
    "timezone": "Europe/London",
    "reminders_enabled": "on",
}


def checked(response, name: str) -> list[str]:
    return [i.get("value") for i in inputs(response) if i.get("name") == name and "checked" in i]


def radios(response, name: str) -> list[str]:
    return [i["value"] for i in inputs(response) if i.get("name") == name and i["type"] == "radio"]


def shows_every_warning_sign(response) -> bool:
    text = response.content.decode()
    return all(sign.capitalize() in text for sign in WARNING_SIGNS) and EMERGENCY in text


@pytest.fixture
def program():
    floor_catalogue()
    return ProgramFactory(training_days=days_including_today())


@pytest.fixture
def person(client, program):
    client.force_login(program.user)
    return client


def settings_form(program: Program, **changes) -> dict:
    return {
        "doctor_confirmed": "on",
        "floor_ok": "yes" if program.floor_ok else "no",
        "spinal_fracture": "yes" if program.spinal_fracture else "no",
        "training_days": program.weekday_codes,
        "reminder_time": program.reminder_time.strftime("%H:%M"),
        "timezone": program.timezone,
        "reminders_enabled": "on",
        **changes,
    }


# --- the questions at the start -------------------------------------------------------------


def test_the_start_form_asks_about_the_floor_and_a_spinal_fracture_with_nothing_chosen(
    signed_in_client,
):
    page = signed_in_client.get(reverse("tracking:program_start"))

    text = page.content.decode()
    assert "Can you get down to the floor and up again safely on your own?" in text
    assert "Have you ever had a fracture in your spine?" in text
    assert radios(page, "floor_ok") == ["yes", "no"]
    assert radios(page, "spinal_fracture") == ["yes", "no"]
    assert checked(page, "floor_ok") == []
    assert checked(page, "spinal_fracture") == []


def test_starting_without_the_floor_and_fracture_answers_is_refused_naming_each(
    signed_in_client, user
):
    page = signed_in_client.post(reverse("tracking:program_start"), START)

    assert page.status_code == 200
    errors = page.context["form"].errors
    assert {"floor_ok", "spinal_fracture"} <= errors.keys()
    assert not Program.objects.filter(user=user).exists()
    assert checked(page, "floor_ok") == []


def test_answering_no_to_the_floor_at_the_start_gives_a_program_without_floor_exercises(
    signed_in_client, user
):
    floor_catalogue()

    signed_in_client.post(
        reverse("tracking:program_start"), {**START, "floor_ok": "no", "spinal_fracture": "no"}
    )

    program = Program.objects.get(user=user)
    slugs = {p.exercise.slug for p in program.prescriptions.all()}
    assert not {"back-extension", "seated-row"} & slugs
    assert not program.floor_ok


# --- the settings -----------------------------------------------------------------------------


def test_the_settings_record_the_physiotherapists_yes_with_todays_date_and_take_it_back(
    person, program
):
    Program.objects.filter(pk=program.pk).update(spinal_fracture=True)
    program.refresh_from_db()
    url = reverse("tracking:program_settings")
    assert (
        "My physiotherapist has said yes to floor exercises and stronger bands"
        in person.get(url).content.decode()
    )

    person.post(url, settings_form(program, physio_cleared="on"))
    program.refresh_from_db()
    assert program.physio_cleared_on == local_today()
    assert {"back-extension", "seated-row"} <= {
        p.exercise.slug for p in program.prescriptions.all()
    }

    person.post(url, settings_form(program))
    program.refresh_from_db()
    assert program.physio_cleared_on is None


def test_the_floor_answer_can_be_changed_in_the_settings(person, program):
    person.post(reverse("tracking:program_settings"), settings_form(program, floor_ok="no"))

    program.refresh_from_db()
    assert not program.floor_ok
    assert "back-extension" not in {p.exercise.slug for p in program.prescriptions.all()}


def test_after_a_spinal_fracture_the_program_pages_say_impact_stays_at_brisk_walking(
    person, program
):
    Program.objects.filter(pk=program.pk).update(spinal_fracture=True)

    for name in ("tracking:dashboard", "tracking:weekly_plan", "tracking:today"):
        assert (
            composition.IMPACT_AFTER_SPINAL_FRACTURE in person.get(reverse(name)).content.decode()
        )


def test_without_a_spinal_fracture_the_impact_sentence_is_not_shown(person):
    text = person.get(reverse("tracking:dashboard")).content.decode()

    assert composition.IMPACT_AFTER_SPINAL_FRACTURE not in text


# --- the warning signs beside every way of logging ------------------------------------------


def test_the_guided_check_in_and_check_out_show_every_warning_sign_and_the_emergency_line(
    person,
):
    assert shows_every_warning_sign(person.get(TODAY))
    check_in(person)
    do_every_exercise(person)

    assert shows_every_warning_sign(person.get(TODAY))  # the check-out


def test_the_after_the_fact_form_shows_every_warning_sign_and_the_emergency_line(person):
    assert shows_every_warning_sign(person.get(reverse("tracking:session_new")))


def test_the_log_links_limited_session_shows_every_warning_sign_at_check_in_and_out(program):
    day = selectors.local_now(selectors.program_active(program.user)).date()
    browser = Client()
    browser.post(reverse("tracking:log_link", args=[links.log_token(program.user, day)]))

    assert shows_every_warning_sign(browser.get(TODAY))
    check_in(browser)
    do_every_exercise(browser)
    assert shows_every_warning_sign(browser.get(TODAY))


def test_the_safety_page_and_an_exercise_page_show_every_warning_sign(client):
    assert shows_every_warning_sign(client.get(reverse("tracking:safety")))
    assert shows_every_warning_sign(
        client.get(reverse("exercises:detail", args=["back-extension"]))
    )


# --- pain 5-6 after a session -----------------------------------------------------------------


def test_pain_five_after_a_guided_session_gives_the_plain_advice(person):
    check_in(person)
    do_every_exercise(person)
    check_out(person, pain_after="5")

    text = person.get(TODAY).content.decode()
    assert "rest today, and your program eases back a step" in text
    assert "lasts beyond a day or two, see your doctor" in text


def test_pain_six_after_the_after_the_fact_form_gives_the_plain_advice(person, program):
    page = person.get(reverse("tracking:session_new"))
    form = {i["name"]: i.get("value", "") for i in inputs(page) if i.get("type") != "radio"}
    form = {k: v for k, v in form.items() if k and not k.endswith("-done")}
    form.update(
        {k: "on" for k in (i["name"] for i in inputs(page)) if k and k.endswith("-done")},
        pain_before="2",
        pain_after="6",
        effort="5",
        red_flag="no",
    )

    response = person.post(reverse("tracking:session_new"), form, follow=True)

    messages = [str(m) for m in response.context["messages"]]
    assert any("Pain of 6 out of 10 after a session: rest today" in m for m in messages)


def test_comfortable_sessions_and_severe_pain_get_no_pain_five_six_advice():
    from tracking import progression

    assert progression.pain_after_advice(2) is None
    assert progression.pain_after_advice(7) is None  # the safety pause says what to do
    assert progression.pain_after_advice(5, red_flag=True) is None
    assert "see your doctor" in progression.pain_after_advice(5)


# --- the bone-health week on the dashboard ------------------------------------------------


def test_the_dashboard_shows_the_bone_health_week_in_words(person, program):
    session_logged(program)

    text = person.get(reverse("tracking:dashboard")).content.decode()

    assert "This week for your bones" in text
    assert "Strength: <strong>1 of 3 days</strong> — not yet" in text
    assert "Balance: <strong>1 of 2 days</strong> — not yet" in text
    assert "Posture:" in text
    assert schedule.WHAT_COUNTS in text


# --- the calendar feed ------------------------------------------------------------------------


def test_pausing_ends_the_training_days_at_the_very_next_calendar_fetch(client, program):
    url = reverse("tracking:calendar_feed", args=[program.calendar_token])
    before = client.get(url)
    assert Calendar.from_ical(before.content).walk("VEVENT")

    services.program_pause(program=program)
    after = client.get(url, headers={"If-None-Match": before["ETag"]})

    assert after.status_code == 200
    [event] = Calendar.from_ical(after.content).walk("VEVENT")
    assert "UNTIL" in event["rrule"]
    assert "no-store" in after["Cache-Control"]
    assert "max-age" not in after["Cache-Control"]


def test_an_unchanged_calendar_answers_not_modified_to_an_app_that_sends_its_etag(client, program):
    url = reverse("tracking:calendar_feed", args=[program.calendar_token])
    first = client.get(url)

    again = client.get(url, headers={"If-None-Match": first["ETag"]})

    assert again.status_code == 304


def test_the_go_ahead_date_is_kept_when_the_settings_are_saved_again(person, program):
    Program.objects.filter(pk=program.pk).update(
        spinal_fracture=True, physio_cleared_on=local_today() - dt.timedelta(days=4)
    )
    program.refresh_from_db()

    person.post(reverse("tracking:program_settings"), settings_form(program, physio_cleared="on"))

    program.refresh_from_db()
    assert program.physio_cleared_on == local_today() - dt.timedelta(days=4)


def test_staff_see_the_safety_answers_in_the_admin_but_cannot_change_them(admin_client, program):
    page = admin_client.get(reverse("admin:tracking_program_change", args=[program.pk]))

    assert page.status_code == 200
    names = {i.get("name") for i in inputs(page)}
    assert not {"floor_ok", "spinal_fracture", "physio_cleared_on"} & names
