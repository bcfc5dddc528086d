"""Programs from before the floor question hold an assumed yes (migration 0008): the person is
asked, on the dashboard and on the guided session's first screen, with no answer preselected,
and their answer composes the program again."""

import re

import pytest
from django.db import connection
from django.db.migrations.executor import MigrationExecutor
from django.urls import reverse
from django.utils import timezone

from tests.api.helpers import PROGRAM, send
from tests.factories import UserFactory
from tests.tracking.factories import ProgramFactory, days_including_today
from tests.tracking.floor import FLOOR, floor_catalogue
from tracking import services
from tracking.guided_views import SESSION_KEY as GUIDE_KEY
from tracking.models import Program

pytestmark = pytest.mark.django_db

FLOOR_EXERCISES = set(FLOOR)
ALTERNATIVES = set(FLOOR.values())
QUESTION = "Can you get down to the floor and up again safely on your own?"


@pytest.fixture(autouse=True)
def catalogue():
    return floor_catalogue()


def never_asked(**kwargs) -> Program:
    """A program as the migration left it: floor_ok assumed true, the question never put."""
    program = ProgramFactory(floor_ok=True, **kwargs)
    Program.objects.filter(pk=program.pk).update(floor_answered_at=None)
    program.refresh_from_db()
    return program


def held(program) -> set[str]:
    return {p.exercise.slug for p in Program.objects.get(pk=program.pk).prescriptions.all()}


def floor_form(html: str) -> str:
    match = re.search(r'<form[^>]*action="/program/floor/".*?</form>', html, re.S)
    assert match, "no floor question on the page"
    return match.group(0)


# --- the service ----------------------------------------------------------------------------


def test_a_program_started_now_has_its_floor_question_answered():
    program = ProgramFactory(floor_ok=False)

    assert program.floor_answered_at is not None
    assert not program.floor_unanswered


def test_answering_no_replaces_the_floor_exercises_with_standing_ones(catalogue):
    program = never_asked()
    assert program.floor_unanswered
    assert held(program) >= FLOOR_EXERCISES

    program, left = services.program_floor_answer(program=program, floor_ok=False)

    program.refresh_from_db()
    assert not program.floor_ok
    assert program.floor_answered_at is not None
    assert not FLOOR_EXERCISES & held(program)
    assert held(program) >= ALTERNATIVES
    assert sorted(left) == sorted(catalogue[slug].name for slug in FLOOR_EXERCISES)


def test_answering_yes_keeps_the_program_and_records_the_answer():
    program = never_asked()
    before = held(program)

    program, left = services.program_floor_answer(program=program, floor_ok=True)

    program.refresh_from_db()
    assert program.floor_ok
    assert not program.floor_unanswered
    assert held(program) == before
    assert left == []


def test_saving_the_program_settings_answers_the_floor_question():
    program = never_asked()

    services.program_update(
        program=program,
        doctor_confirmed=True,
        floor_ok=True,
        spinal_fracture=False,
        training_days=program.weekday_codes,
        timezone_name=program.timezone,
    )

    program.refresh_from_db()
    assert not program.floor_unanswered


# --- the pages ------------------------------------------------------------------------------


@pytest.mark.parametrize("url_name", ["tracking:dashboard", "tracking:today"])
def test_the_question_is_asked_with_neither_answer_chosen(client, url_name):
    program = never_asked()
    client.force_login(program.user)

    html = client.get(reverse(url_name)).content.decode()

    form = floor_form(html)
    assert QUESTION in form
    assert form.count('type="radio"') == 2
    assert "checked" not in form


@pytest.mark.parametrize("url_name", ["tracking:dashboard", "tracking:today"])
def test_the_question_is_not_asked_once_answered(client, url_name):
    program = ProgramFactory(floor_ok=True)
    client.force_login(program.user)

    html = client.get(reverse(url_name)).content.decode()

    assert 'action="/program/floor/"' not in html


def test_answering_no_on_the_dashboard_says_what_changed_and_the_question_goes(client):
    program = never_asked()
    client.force_login(program.user)
    client.get(reverse("tracking:dashboard"))  # the board is cached before the answer

    response = client.post(
        reverse("tracking:floor_answer"), {"floor_ok": "no", "next": "dashboard"}, follow=True
    )

    assert response.redirect_chain[-1][0] == reverse("tracking:dashboard")
    html = response.content.decode()
    assert "Standing or seated exercises now replace your floor exercises" in html
    assert 'action="/program/floor/"' not in html
    assert not FLOOR_EXERCISES & held(program)


def test_answering_on_the_guided_session_returns_to_it(client):
    program = never_asked()
    client.force_login(program.user)

    response = client.post(reverse("tracking:floor_answer"), {"floor_ok": "yes", "next": "today"})

    assert response["Location"] == reverse("tracking:today")
    program.refresh_from_db()
    assert program.floor_ok
    assert not program.floor_unanswered


def test_the_guided_session_waits_for_the_floor_answer_before_it_starts(client):
    """Starting today's exercises would guide someone through floor work they were never
    asked about: the first screen holds only the question until it is answered."""
    program = never_asked(training_days=days_including_today())
    client.force_login(program.user)

    html = client.get(reverse("tracking:today")).content.decode()
    assert QUESTION in floor_form(html)
    assert 'value="check_in"' not in html

    started = client.post(
        reverse("tracking:today"), {"action": "check_in", "pain_before": "0", "red_flag": "no"}
    )
    assert started.status_code == 200
    assert QUESTION in floor_form(started.content.decode())
    assert GUIDE_KEY not in client.session

    client.post(reverse("tracking:floor_answer"), {"floor_ok": "no", "next": "today"})
    html = client.get(reverse("tracking:today")).content.decode()
    assert 'action="/program/floor/"' not in html
    assert 'value="check_in"' in html


def test_sending_no_answer_changes_nothing_and_asks_again(client):
    program = never_asked()
    client.force_login(program.user)

    response = client.post(reverse("tracking:floor_answer"), {"next": "dashboard"}, follow=True)

    assert "Please answer yes or no" in response.content.decode()
    program.refresh_from_db()
    assert program.floor_unanswered
    assert program.floor_ok


def test_program_settings_show_no_floor_answer_while_it_was_never_asked(client):
    program = never_asked()
    client.force_login(program.user)

    html = client.get(reverse("tracking:program_settings")).content.decode()

    fieldset = re.search(r'<fieldset[^>]*id="id_floor_ok".*?</fieldset>', html, re.S).group(0)
    assert "checked" not in fieldset


# --- the API ------------------------------------------------------------------------------


def test_the_api_shows_a_floor_answer_never_given_as_null(client):
    program = never_asked()
    client.force_login(program.user)

    assert send(client, "get", PROGRAM).json()["floor_answered_at"] is None


def test_an_api_change_that_leaves_floor_ok_out_does_not_answer_it(client):
    program = never_asked()
    client.force_login(program.user)

    response = send(client, "patch", PROGRAM, {"reminder_time": "18:15"})

    assert response.status_code == 200
    assert response.json()["floor_answered_at"] is None
    program.refresh_from_db()
    assert program.floor_unanswered


def test_an_api_change_that_sends_floor_ok_answers_it_and_composes_again(client):
    program = never_asked()
    client.force_login(program.user)

    response = send(client, "patch", PROGRAM, {"floor_ok": False})

    assert response.status_code == 200
    assert response.json()["floor_answered_at"] is not None
    assert not FLOOR_EXERCISES & held(program)


# --- the migration --------------------------------------------------------------------------


@pytest.mark.django_db(transaction=True)
def test_the_migration_leaves_existing_programs_never_asked():
    executor = MigrationExecutor(connection)
    before = [("tracking", "0011_calendar_series")]
    after = [("tracking", "0012_program_floor_answered_at")]
    executor.migrate(before)
    old_apps = executor.loader.project_state(before).apps
    user = UserFactory()
    old_apps.get_model("tracking", "Program").objects.create(
        user_id=user.pk,
        doctor_confirmed=True,
        spinal_fracture=False,
        floor_ok=True,
        training_days=0b10101,
        reminder_time="09:00",
        timezone="Europe/London",
        started_on=timezone.localdate(),
    )
    try:
        executor = MigrationExecutor(connection)
        executor.migrate(after)
    finally:
        executor = MigrationExecutor(connection)
        executor.migrate(executor.loader.graph.leaf_nodes())

    assert Program.objects.get(user=user).floor_answered_at is None
