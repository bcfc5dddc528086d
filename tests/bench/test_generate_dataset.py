"""The benchmark data set: generated in bulk, yet what the app itself would have written."""

import io
import zoneinfo

import pytest
from allauth.account.models import EmailAddress
from django.contrib.auth import authenticate
from django.core.management import CommandError, call_command
from django.utils import timezone

from exercises.models import Exercise
from tracking import services
from tracking.management.commands.generate_dataset import DEFAULT_PASSWORD
from tracking.management.dataset import copy_text
from tracking.models import Entry, Program, ProgressionEvent, Session

USERS, WEEKS = 3, 4


@pytest.fixture
def dataset(db):
    out = io.StringIO()
    # jobs=0: simulate in this process (forking pytest would gain nothing for three people).
    call_command("generate_dataset", users=USERS, weeks=WEEKS, seed=1, jobs=0, stdout=out)
    return out.getvalue()


def _events(program):
    return sorted(
        ProgressionEvent.objects.filter(program=program).values_list(
            "session_id", "exercise_id", "kind", "from_step", "to_step", "reason", "message"
        )
    )


def _steps(program):
    return {
        e: (s, k) for e, s, k in program.prescriptions.values_list("exercise_id", "step", "streak")
    }


def test_the_report_names_every_table_with_its_rows(dataset):
    assert "tracking_entry" in dataset
    assert "total:" in dataset


def test_every_person_has_one_running_program_with_every_recommended_exercise(dataset):
    programs = Program.objects.all()
    assert programs.count() == USERS
    recommended = set(Exercise.objects.filter(recommended=True).values_list("pk", flat=True))
    for program in programs:
        assert program.active
        assert not program.paused
        assert set(program.prescriptions.values_list("exercise_id", flat=True)) == recommended


def test_people_can_sign_in_with_the_shared_password(dataset):
    user = authenticate(email="bench0@example.com", password=DEFAULT_PASSWORD)
    assert user is not None
    assert EmailAddress.objects.filter(user=user, verified=True, primary=True).exists()


def test_sessions_fall_on_training_days_in_the_programs_own_time_zone(dataset):
    today = timezone.now().date()
    for program in Program.objects.all():
        sessions = list(program.sessions.all())
        assert 3 * (WEEKS - 1) * 0.6 <= len(sessions) <= 4 * WEEKS
        for session in sessions:
            local = timezone.localtime(session.performed_at, zoneinfo.ZoneInfo(program.timezone))
            assert session.local_date == local.date()
            assert session.local_date.weekday() in program.weekdays
            assert program.started_on <= session.local_date <= today
            session.full_clean()


def test_each_session_has_one_valid_entry_per_prescription(dataset):
    for session in Session.objects.select_related("program"):
        entries = list(session.entries.select_related("exercise", "band"))
        assert len(entries) == session.program.prescriptions.count()
        for entry in entries:
            entry.full_clean()
            assert (entry.band is not None) == (entry.exercise.equipment == "resistance-band")
    assert (
        Entry.objects.count()
        == Session.objects.count() * Exercise.objects.filter(recommended=True).count()
    )


def test_replaying_the_logs_gives_the_generated_prescriptions_and_events(dataset):
    assert ProgressionEvent.objects.filter(kind="advance").exists()
    for program in Program.objects.all():
        steps, events = _steps(program), _events(program)
        services.program_recompute(program=program)
        assert _steps(program) == steps
        assert _events(program) == events


def test_a_second_run_on_the_same_database_is_refused(dataset):
    with pytest.raises(CommandError, match="already has generated people"):
        call_command("generate_dataset", users=1, weeks=1, jobs=0, stdout=io.StringIO())


def test_copy_text_escapes_what_postgresql_would_misread():
    assert copy_text([(1, None, True, "a\tb\\c\nd")]) == "1\t\\N\tt\ta\\tb\\\\c\\nd\n"
