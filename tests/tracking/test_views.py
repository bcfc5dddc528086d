"""The program pages in the browser: who may see them, what they show, and what posting does."""

import datetime as dt
import re
from html.parser import HTMLParser
from unittest import mock

import pytest
from django.urls import reverse
from django.utils import timezone
from icalendar import Calendar

from exercises.safety import WARNING_SIGNS_QUESTION
from tests.html_forms import headings, own_form, submitted_unchanged
from tests.reauth import reauthenticated
from tests.tracking.factories import (
    ZONE,
    ProgramFactory,
    days_excluding_today,
    days_including_today,
    hours_ago,
    local_today,
    prescribed_entries,
    session_logged,
    sessions_bulk_created,
    sessions_logged,
)
from tracking import composition, services
from tracking.models import Entry, PauseReason, Program, Session

pytestmark = pytest.mark.django_db

DAILY_STRETCHES = {
    "standing-back-bend",
    "shoulder-raises-and-rotations",
    "knee-lifts",
    "ankle-pulls",
    "chin-tuck",  # the daily posture exercise
}
ONBOARDING = {
    "doctor_confirmed": "on",
    "floor_ok": "yes",
    "spinal_fracture": "no",
    "training_days": ["mon", "wed", "fri"],
    "reminder_time": "07:45",
    "timezone": "Europe/Dublin",
    "reminders_enabled": "on",
}


# The questions the log form always asks and never answers for the person, answered as after a
# comfortable session.
ANSWERS = {"pain_before": "1", "pain_after": "1", "effort": "4", "red_flag": "no"}
QUESTIONS = {
    "pain_before": "How much pain did you have before you started?",
    "pain_after": "How much pain did you have afterwards?",
    "effort": "How hard did it feel?",
    "red_flag": WARNING_SIGNS_QUESTION,
}


def submitted_answered(response, **answers: str) -> dict[str, str]:
    """The log form as a browser submits it once the person has answered its questions (as
    after a comfortable session, unless `answers` say otherwise), the rest left as it came."""
    return {**submitted_unchanged(response), **ANSWERS, **answers}


class _Questions(HTMLParser):
    """Each question of a page asked as a group of choices (a fieldset with an id): its
    legend, and the error shown inside it."""

    def __init__(self):
        super().__init__()
        self.questions: dict[str, list[str]] = {}
        self._fieldset = None
        self._part = None

    def handle_starttag(self, tag, attrs):
        attrs = dict(attrs)
        if tag == "fieldset" and "id" in attrs:
            self._fieldset = attrs["id"]
            self.questions[self._fieldset] = ["", ""]
        elif self._fieldset and tag == "legend":
            self._part = 0
        elif self._fieldset and tag == "p" and attrs.get("class") == "field-error":
            self._part = 1

    def handle_data(self, data):
        if self._fieldset and self._part is not None:
            self.questions[self._fieldset][self._part] += data

    def handle_endtag(self, tag):
        if tag in {"legend", "p"}:
            self._part = None
        elif tag == "fieldset":
            self._fieldset = None


def questions_with_errors(response) -> dict[str, tuple[str, str]]:
    """{fieldset id: (question, error)} for every question shown with an error."""
    parser = _Questions()
    parser.feed(response.content.decode())
    return {
        name: (question.strip(), error.strip())
        for name, (question, error) in parser.questions.items()
        if error.strip()
    }


class _WeekMarks(HTMLParser):
    """The dashboard's marks for the days of this week: (attributes, words) for each."""

    def __init__(self):
        super().__init__()
        self.days: list[tuple[dict, str]] = []
        self._in_week = False

    def handle_starttag(self, tag, attrs):
        attrs = dict(attrs)
        if tag == "ol" and "week-marks" in attrs.get("class", "").split():
            self._in_week = True
        elif tag == "li" and self._in_week:
            self.days.append((attrs, ""))

    def handle_data(self, data):
        if self._in_week and self.days:
            attrs, words = self.days[-1]
            self.days[-1] = (attrs, words + data)

    def handle_endtag(self, tag):
        if tag == "ol":
            self._in_week = False


def todays_mark(response) -> tuple[str, str]:
    """The classes and words of today's mark, after checking the week has seven, one today."""
    parser = _WeekMarks()
    parser.feed(response.content.decode())
    assert len(parser.days) == 7
    [(attrs, words)] = [(a, w) for a, w in parser.days if a.get("aria-current") == "date"]
    return attrs["class"], " ".join(words.split())


def field_error(response, field_id: str) -> str:
    """The error shown next to a field (empty when there is none)."""
    match = re.search(
        rf'<p class="field-error" id="{re.escape(field_id)}_error"[^>]*>(.*?)</p>',
        response.content.decode(),
        re.S,
    )
    return match.group(1) if match else ""


def page_messages(response) -> list[str]:
    return [str(message) for message in response.context["messages"]]


@pytest.fixture
def program(user):
    """The signed-in person's program, with today one of its training days."""
    return ProgramFactory(user=user, training_days=days_including_today())


# --- who may see the pages --------------------------------------------------------------------


@pytest.mark.parametrize(
    ("name", "args", "method"),
    [
        ("tracking:dashboard", [], "get"),
        ("tracking:today", [], "get"),
        ("tracking:today", [], "post"),
        ("tracking:program_start", [], "get"),
        ("tracking:program_start", [], "post"),
        ("tracking:program_settings", [], "get"),
        ("tracking:program_settings", [], "post"),
        ("tracking:program_pause", [], "post"),
        ("tracking:program_resume", [], "get"),
        ("tracking:program_resume", [], "post"),
        ("tracking:calendar", [], "get"),
        ("tracking:calendar_reset", [], "post"),
        ("tracking:history", [], "get"),
        ("tracking:session_new", [], "get"),
        ("tracking:session_new", [], "post"),
        ("tracking:session_edit", [1], "get"),
        ("tracking:session_edit", [1], "post"),
        ("tracking:session_delete", [1], "get"),
        ("tracking:session_delete", [1], "post"),
    ],
)
def test_anonymous_visitors_are_sent_to_log_in_and_back(client, name, args, method):
    url = reverse(name, args=args)

    response = getattr(client, method)(url)

    assert response.status_code == 302
    # A form sent after the login session ended: the login page is told, to say it was not saved.
    ended = "&session_ended=1" if method == "post" else ""
    assert response["Location"] == f"{reverse('account_login')}?next={url}{ended}"


def test_an_anonymous_post_changes_nothing(client):
    program = ProgramFactory()
    [session] = sessions_logged(program, 1)

    client.post(reverse("tracking:session_delete", args=[session.pk]))
    client.post(reverse("tracking:program_pause"))

    assert Session.objects.filter(pk=session.pk).exists()
    program.refresh_from_db()
    assert not program.paused


# --- onboarding -------------------------------------------------------------------------------


def test_the_dashboard_sends_someone_without_a_program_to_set_one_up(signed_in_client):
    response = signed_in_client.get(reverse("tracking:dashboard"), follow=True)

    assert response.redirect_chain == [(reverse("tracking:program_start"), 302)]
    assert "First, let's set up your program." in page_messages(response)
    assert "Ask your doctor first." in response.content.decode()


def test_the_onboarding_form_suggests_the_accounts_time_zone_and_three_days(signed_in_client, user):
    fields = submitted_unchanged(signed_in_client.get(reverse("tracking:program_start")))

    assert fields["timezone"] == user.timezone
    assert fields["reminder_time"] == "09:00"
    assert "doctor_confirmed" not in fields


def test_the_onboarding_form_starts_the_program_and_lands_on_the_dashboard(signed_in_client, user):
    response = signed_in_client.post(reverse("tracking:program_start"), ONBOARDING, follow=True)

    assert response.redirect_chain == [(reverse("tracking:dashboard"), 302)]
    assert "Your program is ready. Here is what to do today." in page_messages(response)
    program = Program.objects.get(user=user)
    assert program.weekday_codes == ["mon", "wed", "fri"]
    assert program.reminder_time == dt.time(7, 45)
    assert program.timezone == "Europe/Dublin"
    assert program.reminders_enabled
    assert program.prescriptions.count() == 10


def test_someone_with_a_spinal_fracture_is_told_floor_work_and_stronger_bands_wait_for_a_physio(
    signed_in_client,
):
    response = signed_in_client.post(
        reverse("tracking:program_start"), {**ONBOARDING, "spinal_fracture": "yes"}, follow=True
    )

    assert any("wait until your physiotherapist says yes" in m for m in page_messages(response))
    assert "Because you have had a spinal fracture" in response.content.decode()
    assert composition.IMPACT_AFTER_SPINAL_FRACTURE in response.content.decode()


def test_onboarding_without_the_doctor_confirmation_shows_why_next_to_it_and_starts_nothing(
    signed_in_client,
):
    data = {k: v for k, v in ONBOARDING.items() if k != "doctor_confirmed"}

    response = signed_in_client.post(reverse("tracking:program_start"), data)

    assert response.status_code == 200
    assert "Nothing is scheduled until you do." in field_error(response, "id_doctor_confirmed")
    assert not Program.objects.exists()


@pytest.mark.parametrize(
    ("change", "field", "message"),
    [
        ({"training_days": ["mon", "thu"]}, "id_training_days", "Choose 3 or 4 training days"),
        ({"training_days": ["mon", "tue", "wed", "thu", "fri"]}, "id_training_days", "you chose 5"),
        ({"timezone": "Mars/Olympus"}, "id_timezone", "Select a valid choice"),
        ({"reminder_time": "25:99"}, "id_reminder_time", "Enter a valid time"),
    ],
)
def test_onboarding_shows_each_mistake_next_to_its_field_and_starts_nothing(
    signed_in_client, change, field, message
):
    response = signed_in_client.post(reverse("tracking:program_start"), {**ONBOARDING, **change})

    assert response.status_code == 200
    assert message in field_error(response, field)
    assert not Program.objects.exists()


def test_someone_with_a_program_is_sent_from_onboarding_to_their_settings(
    signed_in_client, program
):
    response = signed_in_client.get(reverse("tracking:program_start"))

    assert response.status_code == 302
    assert response["Location"] == reverse("tracking:program_settings")


# --- the dashboard ----------------------------------------------------------------------------


def test_the_dashboard_shows_todays_exercises_with_their_prescription(signed_in_client, program):
    html = signed_in_client.get(reverse("tracking:dashboard")).content.decode()

    assert "Today is a training day" in html
    assert "Back Extension" in html
    assert "6 repetitions, hold 3 seconds, once a day (repetitions on each side)" in html
    assert "6 repetitions, hold 1 second, once a day, extra light band" in html
    assert "5 repetitions, hold 5 seconds, twice a day" in html
    assert "Ask your doctor" in html


def test_the_dashboards_main_button_starts_todays_guided_session(signed_in_client, program):
    html = signed_in_client.get(reverse("tracking:dashboard")).content.decode()

    assert '<a class="button button-big" href="/today/">Start today\'s session</a>' in html
    assert '<a href="/sessions/new/">Log a session you did earlier</a>' in html


def test_on_a_rest_day_the_dashboard_shows_only_the_gentle_stretches(signed_in_client, user):
    ProgramFactory(user=user, training_days=days_excluding_today())

    html = signed_in_client.get(reverse("tracking:dashboard")).content.decode()

    assert "Today: gentle stretches" in html
    assert "Knee Lifts" in html
    assert "Back Extension" not in html
    assert "Seated Row" not in html


def test_the_dashboard_explains_the_latest_change_in_plain_words(signed_in_client, program):
    for hours in (100, 50, 1):
        session_logged(
            program,
            performed_at=hours_ago(hours),
            entries=prescribed_entries(program, only={"back-extension"}),
        )

    html = signed_in_client.get(reverse("tracking:dashboard")).content.decode()

    assert "Three comfortable days in a row: Back Extension moves up to 7 repetitions" in html


def test_the_dashboard_counts_this_weeks_sessions_and_lists_pain_for_screen_readers(
    signed_in_client, program
):
    session = session_logged(program, pain_before=2, pain_after=3)

    html = signed_in_client.get(reverse("tracking:dashboard")).content.decode()

    logged_at = session.performed_at.astimezone(program.zone).strftime("%H:%M")
    assert f"Logged at {logged_at}. Well done." in html
    assert "Start today's session" not in html
    assert re.search(r"<strong>1 of 3</strong>\s*sessions done", html)
    assert "<caption>Pain (0 to 10) in your one session so far</caption>" in html
    assert "last 1 session" not in html
    assert "<td>2</td><td>3</td>" in html


def test_when_paused_for_safety_the_dashboard_says_to_stop_and_see_a_doctor(
    signed_in_client, program
):
    session_logged(program, pain_after=1, red_flag=True)

    html = signed_in_client.get(reverse("tracking:dashboard")).content.decode()

    assert "Your program is paused for your safety" in html
    assert "Please stop exercising and see your doctor" in html
    assert "Call emergency services now for chest pain" in html
    assert "Ask your doctor" in html
    assert "I have seen my doctor" in html
    assert "Start today's session" not in html
    assert "Log a session you did earlier" not in html


def test_the_dashboard_marks_each_day_of_the_week_with_today_due(signed_in_client, program):
    response = signed_in_client.get(reverse("tracking:dashboard"))

    classes, words = todays_mark(response)
    assert "day-due" in classes.split()
    assert words == f"{local_today():%a} ● due today"


def test_once_today_is_logged_its_mark_on_the_dashboard_says_done(signed_in_client, program):
    session_logged(program)

    response = signed_in_client.get(reverse("tracking:dashboard"))

    classes, words = todays_mark(response)
    assert "day-done" in classes.split()
    assert words == f"{local_today():%a} ✓ done"


def test_the_dashboard_still_opens_when_the_program_starts_next_week_in_the_local_calendar(
    signed_in_client, user
):
    # Moving to a time zone further west on the first day can put the start date ahead.
    today = local_today()
    ProgramFactory(user=user, today=today + dt.timedelta(days=7 - today.weekday()))

    response = signed_in_client.get(reverse("tracking:dashboard"))

    assert response.status_code == 200
    assert "No training days are left this week" in response.content.decode()


# --- logging a session ------------------------------------------------------------------------


def test_the_log_form_is_for_a_session_done_earlier_and_points_to_the_guided_session(
    signed_in_client, program
):
    response = signed_in_client.get(reverse("tracking:session_new"))

    assert headings(response) == ["Log a session you did earlier"]
    assert '<a href="/today/">Start today\'s guided session</a>' in response.content.decode()


def test_the_log_form_asks_its_questions_first_and_has_one_save_button_at_the_end(
    signed_in_client, program
):
    controls = own_form(signed_in_client.get(reverse("tracking:session_new"))).controls

    names = [attrs.get("name") for _, attrs in controls]
    first_entry = names.index("entries-0-exercise")
    assert all(max(i for i, n in enumerate(names) if n == q) < first_entry for q in QUESTIONS)
    buttons = [i for i, (tag, _) in enumerate(controls) if tag == "button"]
    assert buttons == [len(controls) - 1]


def test_no_pain_effort_or_warning_sign_answer_is_preselected_on_the_log_form(
    signed_in_client, program
):
    controls = own_form(signed_in_client.get(reverse("tracking:session_new"))).controls

    offered = {
        question: [attrs for tag, attrs in controls if attrs.get("name") == question]
        for question in QUESTIONS
    }
    scale = [str(n) for n in range(11)]
    assert [a["value"] for a in offered["pain_before"]] == scale
    assert [a["value"] for a in offered["pain_after"]] == scale
    assert [a["value"] for a in offered["effort"]] == scale
    assert [a["value"] for a in offered["red_flag"]] == ["yes", "no"]
    assert {a["type"] for radios in offered.values() for a in radios} == {"radio"}
    assert [a for radios in offered.values() for a in radios if "checked" in a] == []


def test_the_log_form_sent_without_its_answers_names_each_question_and_saves_nothing(
    signed_in_client, program
):
    url = reverse("tracking:session_new")

    response = signed_in_client.post(url, submitted_unchanged(signed_in_client.get(url)))

    assert response.status_code == 200
    assert questions_with_errors(response) == {
        "id_pain_before": (QUESTIONS["pain_before"], "Please choose a number from 0 to 10."),
        "id_pain_after": (QUESTIONS["pain_after"], "Please choose a number from 0 to 10."),
        "id_effort": (QUESTIONS["effort"], "Please choose a number from 0 to 10."),
        "id_red_flag": (QUESTIONS["red_flag"], "Please answer yes or no."),
    }
    assert not Session.objects.exists()


def test_the_log_form_is_prefilled_so_posting_it_with_its_answers_logs_todays_prescription(
    signed_in_client, program
):
    url = reverse("tracking:session_new")
    prescribed = {
        (e.exercise, e.sets, e.reps, e.hold_seconds, e.band) for e in prescribed_entries(program)
    }
    fields = submitted_answered(signed_in_client.get(url), pain_before="2", effort="6")

    response = signed_in_client.post(url, fields)

    session = Session.objects.get(user=program.user)
    assert response.status_code == 302
    assert response["Location"] == reverse("tracking:dashboard") + f"#session-{session.pk}"
    assert session.local_date == local_today()
    assert (session.pain_before, session.pain_after, session.effort, session.red_flag) == (
        2,
        1,
        6,
        False,
    )
    logged = set(
        session.entries.values_list("exercise__slug", "sets", "reps", "hold_seconds", "band__slug")
    )
    assert logged == prescribed
    assert {
        ("back-extension", 1, 6, 3, None),
        ("seated-row", 1, 6, 1, "extra-light"),
        ("standing-back-bend", 1, 5, 5, None),
    } <= logged


def test_on_a_rest_day_the_log_form_ticks_only_the_daily_stretches(signed_in_client, user):
    ProgramFactory(user=user, training_days=days_excluding_today())
    url = reverse("tracking:session_new")

    signed_in_client.post(url, submitted_answered(signed_in_client.get(url)))

    logged = set(Entry.objects.values_list("exercise__slug", flat=True))
    assert logged == DAILY_STRETCHES


def test_the_log_form_offers_the_step_the_person_has_reached(signed_in_client, program):
    sessions_logged(program, 3)

    fields = submitted_unchanged(signed_in_client.get(reverse("tracking:session_new")))

    by_exercise = {fields[f"entries-{n}-exercise"]: n for n in range(6)}
    assert fields[f"entries-{by_exercise['back-extension']}-reps"] == "7"


def test_a_session_with_severe_pain_leads_to_the_page_about_seeing_a_doctor(
    signed_in_client, program
):
    url = reverse("tracking:session_new")
    fields = submitted_answered(signed_in_client.get(url), pain_after="8")

    response = signed_in_client.post(url, fields, follow=True)

    assert response.redirect_chain == [(reverse("tracking:program_resume"), 302)]
    assert "Please stop and see your doctor" in response.content.decode()
    program.refresh_from_db()
    assert program.paused_for_safety


@pytest.mark.parametrize(
    ("change", "field", "message"),
    [
        ({"entries-0-reps": "-1"}, "id_entries-0-reps", ": enter the repetitions you did, from 0"),
        (
            {"entries-0-sets": "400"},
            "id_entries-0-sets",
            ": enter the number of sets you did, from 1 to 10",
        ),
        ({"entries-0-reps": "many"}, "id_entries-0-reps", "as a whole number"),
        ({"pain_after": "11"}, "id_pain_after", "Select a valid choice"),
        ({"pain_before": "-2"}, "id_pain_before", "Select a valid choice"),
        ({"effort": ""}, "id_effort", "Please choose a number from 0 to 10."),
        ({"performed_at": "2999-01-01T09:00"}, "id_performed_at", "in the future"),
        ({"performed_at": "2001-01-01T09:00"}, "id_performed_at", "before your program started"),
        ({"performed_at": "yesterday"}, "id_performed_at", "Enter a valid date/time"),
    ],
)
def test_a_log_with_bad_input_shows_a_message_next_to_the_field_and_saves_nothing(
    signed_in_client, program, change, field, message
):
    url = reverse("tracking:session_new")
    fields = {**submitted_answered(signed_in_client.get(url)), **change}

    response = signed_in_client.post(url, fields)

    assert response.status_code == 200
    assert message in field_error(response, field)
    assert not Session.objects.exists()


def test_a_log_naming_an_exercise_outside_the_program_shows_a_message_and_saves_nothing(
    signed_in_client, program
):
    url = reverse("tracking:session_new")
    fields = submitted_answered(signed_in_client.get(url), **{"entries-0-exercise": "sit-ups"})

    response = signed_in_client.post(url, fields)

    assert response.status_code == 200
    assert "&#x27;sit-ups&#x27; is not an exercise in your program." in response.content.decode()
    assert not Session.objects.exists()


def test_a_log_with_no_exercise_ticked_asks_for_one_and_saves_nothing(signed_in_client, program):
    url = reverse("tracking:session_new")
    fields = {
        name: value
        for name, value in submitted_answered(signed_in_client.get(url)).items()
        if not name.endswith("-done")
    }

    response = signed_in_client.post(url, fields)

    assert "Tick at least one exercise you did." in response.content.decode()
    assert not Session.objects.exists()


def test_someone_without_a_program_is_sent_from_the_log_form_to_onboarding(signed_in_client):
    response = signed_in_client.get(reverse("tracking:session_new"))

    assert response["Location"] == reverse("tracking:program_start")


def last_autumn_clock_change() -> dt.date:
    """The most recent last Sunday of October already past: London's clocks go back at 02:00."""
    today = local_today()
    year = today.year if today > dt.date(today.year, 10, 31) else today.year - 1
    end_of_october = dt.date(year, 10, 31)
    return end_of_october - dt.timedelta(days=(end_of_october.weekday() + 1) % 7)


def test_a_session_in_the_hour_that_repeats_when_the_clocks_go_back_is_accepted(
    signed_in_client, user
):
    night = last_autumn_clock_change()
    program = ProgramFactory(user=user, today=night - dt.timedelta(days=1))
    url = reverse("tracking:session_new")
    fields = submitted_answered(signed_in_client.get(url), performed_at=f"{night}T01:30")
    # Logged the next evening, well inside the days a session may be logged late.
    next_evening = dt.datetime.combine(night + dt.timedelta(days=1), dt.time(19), program.zone)

    with mock.patch("django.utils.timezone.now", return_value=next_evening.astimezone(dt.UTC)):
        response = signed_in_client.post(url, fields)

    assert response.status_code == 302
    session = Session.objects.get()
    assert session.local_date == night
    assert session.performed_at.astimezone(program.zone).strftime("%H:%M") == "01:30"


# --- changing and deleting a session ----------------------------------------------------------


def test_the_edit_form_shows_the_session_as_logged_and_saves_a_correction(
    signed_in_client, program
):
    session = session_logged(program, pain_before=2, pain_after=2, notes="Stiff.")
    url = reverse("tracking:session_edit", args=[session.pk])
    fields = submitted_unchanged(signed_in_client.get(url))
    assert (fields["pain_before"], fields["notes"].strip()) == ("2", "Stiff.")

    response = signed_in_client.post(url, {**fields, "pain_after": "3", "notes": "Better."})

    assert response.status_code == 302
    session.refresh_from_db()
    assert (session.pain_after, session.notes) == (3, "Better.")
    assert Session.objects.count() == 1


def test_deleting_a_session_asks_first_then_removes_it(signed_in_client, program):
    session = session_logged(program)
    url = reverse("tracking:session_delete", args=[session.pk])

    confirm = signed_in_client.get(url)
    assert "Delete this session?" in confirm.content.decode()
    assert Session.objects.filter(pk=session.pk).exists()

    response = signed_in_client.post(url)

    assert response["Location"] == reverse("tracking:history")
    assert not Session.objects.filter(pk=session.pk).exists()


@pytest.mark.parametrize(
    ("name", "method"),
    [
        ("tracking:session_edit", "get"),
        ("tracking:session_edit", "post"),
        ("tracking:session_delete", "get"),
        ("tracking:session_delete", "post"),
    ],
)
def test_another_persons_session_cannot_be_seen_changed_or_deleted(
    signed_in_client, program, name, method
):
    theirs = session_logged(ProgramFactory(), pain_after=2)

    response = getattr(signed_in_client, method)(
        reverse(name, args=[theirs.pk]), {"pain_after": "9"}
    )

    assert response.status_code == 404
    theirs.refresh_from_db()
    assert theirs.pain_after == 2


# --- history ----------------------------------------------------------------------------------


def test_history_lists_only_the_persons_own_sessions_newest_first(signed_in_client, program):
    sessions_bulk_created(program, 3)
    sessions_bulk_created(ProgramFactory(), 2)

    response = signed_in_client.get(reverse("tracking:history"))

    assert [s.notes for s in response.context["page"]] == ["Session 2", "Session 1", "Session 0"]
    assert "3 sessions." in response.content.decode()


def test_history_is_paginated_twenty_sessions_a_page(signed_in_client, program):
    sessions_bulk_created(program, 25)

    first = signed_in_client.get(reverse("tracking:history"))
    second = signed_in_client.get(reverse("tracking:history"), {"page": 2})

    assert len(first.context["page"]) == 20
    assert "Page 1 of 2" in first.content.decode()
    assert "?page=2" in first.content.decode()
    assert [s.notes for s in second.context["page"]] == [f"Session {n}" for n in range(4, -1, -1)]


def test_history_filters_by_date_and_keeps_the_filter_across_pages(signed_in_client, program):
    sessions = sessions_bulk_created(program, 50)
    dates = [s.local_date for s in sessions]

    response = signed_in_client.get(
        reverse("tracking:history"), {"date_from": dates[10], "date_to": dates[39]}
    )

    assert response.context["page"].paginator.count == 30
    assert {s.local_date for s in response.context["page"]} <= set(dates[10:40])
    assert f"?date_from={dates[10]}&amp;date_to={dates[39]}&amp;page=2" in (
        response.content.decode()
    )


def test_history_explains_a_date_range_that_ends_before_it_starts(signed_in_client, program):
    response = signed_in_client.get(
        reverse("tracking:history"), {"date_from": "2025-03-10", "date_to": "2025-03-01"}
    )

    assert "on or after the start date" in field_error(response, "id_date_to")


# --- settings, pausing and resuming -----------------------------------------------------------


def test_settings_show_the_current_program_and_save_changes(signed_in_client, program):
    url = reverse("tracking:program_settings")
    fields = submitted_unchanged(signed_in_client.get(url))
    assert fields["timezone"] == ZONE

    response = signed_in_client.post(
        url,
        {
            **ONBOARDING,
            "training_days": ["tue", "thu", "sat", "sun"],
            "reminder_time": "19:00",
            "timezone": "America/New_York",
        },
        follow=True,
    )

    assert "Your program settings are saved." in page_messages(response)
    program.refresh_from_db()
    assert program.weekday_codes == ["tue", "thu", "sat", "sun"]
    assert program.timezone == "America/New_York"
    # Reminders are the reminders page's: what program settings send of them changes nothing.
    assert (program.reminder_time, program.reminders_enabled) == (dt.time(9, 0), True)


def test_reminders_are_set_on_one_page_and_program_settings_link_to_it(signed_in_client, program):
    settings_page = signed_in_client.get(reverse("tracking:program_settings"))
    reminders_page = signed_in_client.get(reverse("tracking:reminder_settings"))

    assert {"reminder_time", "reminders_enabled"}.isdisjoint(settings_page.context["form"].fields)
    assert f'href="{reverse("tracking:reminder_settings")}"' in settings_page.content.decode()
    assert {
        "reminder_time",
        "reminders_enabled",
        "weekly_summary_enabled",
        "weekly_summary_day",
    } <= set(reminders_page.context["form"].fields)
    assert f'href="{reverse("tracking:program_settings")}"' in reminders_page.content.decode()


def test_turning_reminders_off_on_the_reminders_page_outlasts_a_program_settings_save(
    signed_in_client, program
):
    signed_in_client.post(
        reverse("tracking:reminder_settings"),
        {"reminder_time": "18:15", "weekly_summary_day": "6"},
    )
    signed_in_client.post(
        reverse("tracking:program_settings"),
        {**ONBOARDING, "training_days": ["tue", "thu", "sat"]},
    )

    program.refresh_from_db()
    assert program.weekday_codes == ["tue", "thu", "sat"]
    assert (program.reminders_enabled, program.reminder_time) == (False, dt.time(18, 15))


def test_a_settings_change_to_five_days_is_shown_next_to_the_field_and_not_saved(
    signed_in_client, program
):
    days = list(program.weekday_codes)

    response = signed_in_client.post(
        reverse("tracking:program_settings"),
        {**ONBOARDING, "training_days": ["mon", "tue", "wed", "thu", "fri"]},
    )

    assert "Choose 3 or 4 training days" in field_error(response, "id_training_days")
    program.refresh_from_db()
    assert program.weekday_codes == days


def test_pausing_stops_the_program_until_it_is_resumed(signed_in_client, program):
    signed_in_client.post(reverse("tracking:program_pause"))
    program.refresh_from_db()
    assert program.pause_reason == PauseReason.CHOSEN
    html = signed_in_client.get(reverse("tracking:dashboard")).content.decode()
    assert "No reminders are sent and nothing counts as missed." in html

    response = signed_in_client.post(reverse("tracking:program_resume"))

    assert response["Location"] == reverse("tracking:dashboard")
    program.refresh_from_db()
    assert not program.paused


def test_pausing_needs_a_post(signed_in_client, program):
    assert signed_in_client.get(reverse("tracking:program_pause")).status_code == 405
    program.refresh_from_db()
    assert not program.paused


def test_after_a_safety_pause_resuming_needs_the_doctor_confirmation(signed_in_client, program):
    session_logged(program, pain_after=9)

    refused = signed_in_client.post(reverse("tracking:program_resume"), {})

    assert "seen your doctor or physiotherapist" in field_error(refused, "id_seen_doctor")
    program.refresh_from_db()
    assert program.paused_for_safety

    signed_in_client.post(reverse("tracking:program_resume"), {"seen_doctor": "on"})

    program.refresh_from_db()
    assert not program.paused


# --- the calendar feed ------------------------------------------------------------------------


def feed_url(program) -> str:
    return reverse("tracking:calendar_feed", args=[program.calendar_token])


def test_the_calendar_feed_is_icalendar_repeating_on_the_training_days(client):
    program = ProgramFactory(training_days=["tue", "thu", "sat"], reminder_time=dt.time(18, 0))

    response = client.get(feed_url(program))

    assert response.status_code == 200
    assert response["Content-Type"] == "text/calendar; charset=utf-8"
    calendar = Calendar.from_ical(response.content)
    assert str(calendar["version"]) == "2.0"
    [event] = calendar.walk("VEVENT")
    assert event["rrule"]["FREQ"] == ["WEEKLY"]
    assert event["rrule"]["BYDAY"] == ["TU", "TH", "SA"]
    start = event.decoded("dtstart")
    assert (start.hour, start.minute, str(start.tzinfo)) == (18, 0, ZONE)
    assert [tz["tzid"] for tz in calendar.walk("VTIMEZONE")] == [ZONE]


def test_the_calendar_feeds_first_event_falls_on_a_training_day(client):
    # RFC 5545: DTSTART is always an occurrence, so it must match the rule's days.
    today = local_today()
    started = today - dt.timedelta(days=today.weekday())  # a Monday
    program = ProgramFactory(training_days=["tue", "thu", "sat"], today=started)

    event = Calendar.from_ical(client.get(feed_url(program)).content).walk("VEVENT")[0]

    assert event.decoded("dtstart").date() == started + dt.timedelta(days=1)
    assert event.decoded("dtend") - event.decoded("dtstart") == dt.timedelta(minutes=30)


def test_a_paused_programs_feed_has_no_training_days_after_the_pause(client):
    program = ProgramFactory()
    services.program_pause(program=program)

    calendar = Calendar.from_ical(client.get(feed_url(program)).content)

    [event] = calendar.walk("VEVENT")  # the sessions before the pause stay in calendars
    assert event["rrule"]["UNTIL"][0] < timezone.now()


def test_an_unknown_calendar_token_is_not_found(client):
    ProgramFactory()

    assert client.get(reverse("tracking:calendar_feed", args=["not-a-token"])).status_code == 404


def test_resetting_the_calendar_link_changes_it_and_the_old_link_stops_working(
    signed_in_client, program
):
    old_url = feed_url(program)
    reauthenticated(signed_in_client)  # the calendar link is shown only after the password
    assert old_url in signed_in_client.get(reverse("tracking:calendar")).content.decode()

    response = signed_in_client.post(reverse("tracking:calendar_reset"), follow=True)

    program.refresh_from_db()
    assert feed_url(program) != old_url
    assert feed_url(program) in response.content.decode()
    assert signed_in_client.get(old_url).status_code == 404
    assert signed_in_client.get(feed_url(program)).status_code == 200


def test_the_calendar_page_shows_only_the_signed_in_persons_calendar_link(client, program):
    other = ProgramFactory()
    reauthenticated(client, other.user)

    html = client.get(reverse("tracking:calendar")).content.decode()

    assert feed_url(other) in html
    assert program.calendar_token not in html


def test_a_session_can_be_logged_for_an_earlier_day_from_the_form(signed_in_client, program):
    url = reverse("tracking:session_new")
    earlier = hours_ago(30).astimezone(program.zone)
    fields = submitted_answered(
        signed_in_client.get(url), performed_at=earlier.strftime("%Y-%m-%dT%H:%M")
    )

    signed_in_client.post(url, fields)

    session = Session.objects.get()
    assert session.local_date == earlier.date()
    assert session.performed_at == earlier.replace(second=0, microsecond=0)


def test_while_paused_for_safety_the_log_form_sends_the_person_to_see_a_doctor_first(
    signed_in_client, program
):
    session_logged(program, pain_after=8)

    response = signed_in_client.get(reverse("tracking:session_new"))

    assert response.status_code == 302
    assert response["Location"] == reverse("tracking:program_resume")
    page = signed_in_client.get(response["Location"]).content.decode()
    assert "paused for your safety" in page
    assert "Please stop and see your doctor" in page


def test_the_dashboard_shows_what_got_in_the_way_in_short_weeks(signed_in_client, program):
    services.week_reflection_record(
        user_id=program.user_id, week_start=dt.date(2026, 11, 16), obstacle="no_time"
    )

    html = signed_in_client.get(reverse("tracking:dashboard")).content.decode()

    assert "What got in the way" in html
    assert "Week of 16 Nov: No time" in html


def test_the_weekly_plan_shows_seven_days_with_boxes_to_tick_on_one_printable_page(
    signed_in_client, program
):
    html = signed_in_client.get(reverse("tracking:weekly_plan")).content.decode()

    assert html.count('class="plan-day card"') == 7
    assert html.count("training day") >= 3
    assert 'class="tick-box"' in html
    assert 'media="print"' in html
    assert "Ask your doctor first" in html


# --- saving in place with JavaScript (htmx) ---------------------------------------------------
# htmx sends HX-Request: true and swaps the answer into the page; the same views answer.

HTMX = {"HX-Request": "true"}


def test_logging_a_session_with_javascript_opens_the_dashboard_without_a_full_reload(
    signed_in_client, program
):
    url = reverse("tracking:session_new")

    response = signed_in_client.post(
        url, submitted_answered(signed_in_client.get(url)), headers=HTMX
    )

    session = Session.objects.get(user=program.user)
    assert response.status_code == 204
    assert response["HX-Location"] == reverse("tracking:dashboard") + f"#session-{session.pk}"
    dashboard = signed_in_client.get(reverse("tracking:dashboard"), headers=HTMX)
    assert "Session saved. Well done." in page_messages(dashboard)
    assert "<strong>1 of 3</strong>" in dashboard.content.decode()


def test_a_log_mistake_with_javascript_comes_back_in_place_with_the_error_next_to_the_field(
    signed_in_client, program
):
    url = reverse("tracking:session_new")
    fields = submitted_answered(signed_in_client.get(url), **{"entries-0-reps": "many"})

    response = signed_in_client.post(url, fields, headers=HTMX)

    html = response.content.decode()
    assert response.status_code == 200
    assert html.lstrip().startswith('<form id="session-form"')
    assert "<html" not in html
    assert "as a whole number" in field_error(response, "id_entries-0-reps")
    assert 'id="error-summary"' in html
    assert not Session.objects.exists()


def test_a_session_with_severe_pain_logged_with_javascript_leads_to_the_page_about_a_doctor(
    signed_in_client, program
):
    url = reverse("tracking:session_new")
    fields = submitted_answered(signed_in_client.get(url), pain_after="8")

    response = signed_in_client.post(url, fields, headers=HTMX)

    assert response["HX-Location"] == reverse("tracking:program_resume")
    program.refresh_from_db()
    assert program.paused_for_safety


def test_saving_settings_with_javascript_updates_the_page_in_place(signed_in_client, program):
    url = reverse("tracking:program_settings")

    response = signed_in_client.post(
        url, {**ONBOARDING, "timezone": "America/New_York"}, headers=HTMX
    )

    html = response.content.decode()
    assert response.status_code == 200
    assert "<html" not in html
    assert html.lstrip().startswith('<form id="settings-form"')
    assert '<option value="America/New_York" selected>' in html
    assert (
        '<div id="settings-status" hx-swap-oob="innerHTML"><p class="message message-success">'
        "Your program settings are saved.</p></div>"
    ) in html
    assert "HX-Request" in response["Vary"]
    program.refresh_from_db()
    assert program.timezone == "America/New_York"


def test_the_saved_message_shown_in_place_does_not_appear_again_on_the_next_page(
    signed_in_client, program
):
    signed_in_client.post(reverse("tracking:program_settings"), ONBOARDING, headers=HTMX)

    response = signed_in_client.get(reverse("tracking:dashboard"))

    assert page_messages(response) == []


def test_a_settings_mistake_with_javascript_comes_back_in_place_and_saves_nothing(
    signed_in_client, program
):
    days = list(program.weekday_codes)

    response = signed_in_client.post(
        reverse("tracking:program_settings"),
        {**ONBOARDING, "training_days": ["mon", "tue", "wed", "thu", "fri"]},
        headers=HTMX,
    )

    html = response.content.decode()
    assert "<html" not in html
    assert "Choose 3 or 4 training days" in field_error(response, "id_training_days")
    assert '<div id="settings-status" hx-swap-oob="innerHTML"></div>' in html
    program.refresh_from_db()
    assert program.weekday_codes == days


def test_saving_reminder_settings_with_javascript_updates_the_page_in_place(
    signed_in_client, program
):
    response = signed_in_client.post(
        reverse("tracking:reminder_settings"),
        {"reminder_time": "06:30", "weekly_summary_day": "2"},
        headers=HTMX,
    )

    html = response.content.decode()
    assert html.lstrip().startswith('<form id="reminders-form"')
    assert "Your reminder settings are saved." in html
    assert "<html" not in html
    program.refresh_from_db()
    assert (program.reminders_enabled, program.reminder_time) == (False, dt.time(6, 30))
    assert (program.weekly_summary_enabled, program.weekly_summary_day) == (False, 2)


def test_a_reminder_settings_mistake_with_javascript_comes_back_in_place(signed_in_client, program):
    response = signed_in_client.post(
        reverse("tracking:reminder_settings"),
        {"reminder_time": "soon", "weekly_summary_day": "2"},
        headers=HTMX,
    )

    assert "Enter a valid time" in field_error(response, "id_reminder_time")
    assert "<html" not in response.content.decode()
    program.refresh_from_db()
    assert program.reminder_time == dt.time(9, 0)


def test_without_javascript_the_settings_pages_still_save_and_show_the_whole_page(
    signed_in_client, program
):
    response = signed_in_client.post(
        reverse("tracking:reminder_settings"),
        {"reminder_time": "06:30", "weekly_summary_day": "2"},
        follow=True,
    )

    assert response.redirect_chain == [(reverse("tracking:reminder_settings"), 302)]
    assert "Your reminder settings are saved." in page_messages(response)
    assert "<html" in response.content.decode()


def test_a_signed_out_save_with_javascript_is_sent_to_log_in_and_back(client):
    url = reverse("tracking:program_settings")

    response = client.post(url, ONBOARDING, headers=HTMX)

    assert response.status_code == 204
    assert response["HX-Location"] == f"{reverse('account_login')}?next={url}&session_ended=1"


def test_without_javascript_the_calendar_page_hides_the_copy_button_and_offers_webcal(
    signed_in_client, program
):
    reauthenticated(signed_in_client)

    text = signed_in_client.get(reverse("tracking:calendar")).content.decode()

    assert re.search(r"<button[^>]*data-copy-from=\"feed-url\"[^>]*hidden>Copy the link", text)
    assert f'href="webcal://testserver/calendar/{program.calendar_token}.ics"' in text
    assert 'role="status"' in text


def test_the_calendar_alarm_can_be_turned_off_from_the_calendar_page(signed_in_client, program):
    reauthenticated(signed_in_client)

    signed_in_client.post(reverse("tracking:calendar_alarm"), {})

    program.refresh_from_db()
    assert program.calendar_alarm is False
    feed = Calendar.from_ical(signed_in_client.get(feed_url(program)).content)
    assert feed.walk("VALARM") == []
