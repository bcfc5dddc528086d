"""The benchmark data set: generated in bulk, yet what the app itself would have written."""

import datetime as dt
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
from tracking.models import Ceiling, Entry, Prescription, Program, ProgressionEvent, Session

USERS, WEEKS = 3, 4


@pytest.fixture
def dataset(db):
    out = io.StringIO()
    # jobs=0: simulate in this process (forking pytest would gain nothing for three people).
    call_command("generate_dataset", users=USERS, weeks=WEEKS, seed=2, jobs=0, stdout=out)
    return out.getvalue()


def _events(program):
    return sorted(
        ProgressionEvent.objects.filter(program=program).values_list(
            "session_id", "exercise_id", "kind", "from_rung", "to_rung", "reason", "message"
        )
    )


def _rungs(program):
    """Each prescription's whole state: step, streak and how its latest day went."""
    return {
        exercise_id: state
        for exercise_id, *state in program.prescriptions.values_list(
            "exercise_id", *Prescription.STATE_FIELDS
        )
    }


def _ceilings(program=None):
    """Every stored ceiling (of one program, or of all of them)."""
    ceilings = Ceiling.objects.all() if program is None else program.ceilings.all()
    return sorted(
        ceilings.values_list("session_id", "exercise_id", "rung", "since", "local_date", "reason")
    )


def test_the_report_names_every_table_with_its_rows(dataset):
    assert "tracking_entry" in dataset
    assert "total:" in dataset


def test_every_person_has_one_running_program_with_every_recommended_exercise(dataset):
    programs = Program.objects.all()
    assert programs.count() == USERS
    # Every recommended exercise but the floor alternatives, which enter a program only in the
    # place of a floor exercise (tracking.composition); the generated people can use the floor.
    recommended = set(
        Exercise.objects.filter(recommended=True, floor_alternative_for__isnull=True).values_list(
            "pk", flat=True
        )
    )
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
        == Session.objects.count()
        * Exercise.objects.filter(recommended=True, floor_alternative_for__isnull=True).count()
    )


def test_replaying_the_logs_gives_the_generated_prescriptions_and_events(dataset):
    assert ProgressionEvent.objects.filter(kind="advance").exists()
    assert Prescription.objects.filter(day__isnull=False).exists()
    for program in Program.objects.all():
        rungs, events, ceilings = _rungs(program), _events(program), _ceilings(program)
        services.program_recompute(program=program)
        assert _rungs(program) == rungs
        assert _events(program) == events
        assert _ceilings(program) == ceilings


def test_each_step_back_leaves_the_ceiling_its_session_sets_and_nothing_else_does(dataset):
    step_backs = ProgressionEvent.objects.filter(kind="step_back").select_related("session")
    assert step_backs.exists()
    expected = []
    for event in step_backs:
        session = event.session
        expected.append(
            (
                session.pk,
                event.exercise_id,
                event.to_rung,  # the rung the step back put it on
                session.performed_at,
                session.local_date,
                event.reason,
            )
        )
    assert _ceilings() == sorted(expected)


def _as_logged(program):
    """The program's sessions as session_log takes them, in time order, and everything the
    rules wrote, keyed by session time instead of id (re-logging gives new ids)."""
    logs = [
        (
            session,
            [
                services.EntryInput(
                    exercise=entry.exercise.slug,
                    sets=entry.sets,
                    reps=entry.reps,
                    hold_seconds=entry.hold_seconds,
                    band=entry.band.slug if entry.band else None,
                )
                for entry in session.entries.select_related("exercise", "band").order_by("id")
            ],
        )
        for session in program.sessions.order_by("performed_at")
    ]
    return logs, _written(program)


def _written(program):
    when = dict(program.sessions.values_list("id", "performed_at"))
    events = sorted((when[e[0]], *e[1:]) for e in _events(program))
    ceilings = sorted((when[c[0]], *c[1:]) for c in _ceilings(program))
    return _rungs(program), events, ceilings


def test_logging_the_generated_sessions_through_the_app_writes_the_same_rows(dataset):
    """The incremental path (each session as it is logged, ceilings stored by the services)
    agrees with the generator, not only the full replay."""
    for program in Program.objects.select_related("user"):
        logs, generated = _as_logged(program)
        Ceiling.objects.filter(program=program).delete()
        program.sessions.all().delete()  # and their entries and events
        program.prescriptions.update(
            rung=0, streak=0, day=None, day_sessions=0, day_met=False, day_spoiled=False
        )
        for session, entries in logs:
            services.session_log(
                user=program.user,
                performed_at=session.performed_at,
                pain_before=session.pain_before,
                pain_after=session.pain_after,
                effort=session.effort,
                red_flag=session.red_flag,
                gentle=session.gentle,
                entries=entries,
                notes=session.notes,
                now=session.performed_at + dt.timedelta(minutes=1),
            )
        assert _written(program) == generated


def test_a_second_run_on_the_same_database_is_refused(dataset):
    with pytest.raises(CommandError, match="already has generated people"):
        call_command("generate_dataset", users=1, weeks=1, jobs=0, stdout=io.StringIO())


def test_copy_text_escapes_what_postgresql_would_misread():
    assert copy_text([(1, None, True, "a\tb\\c\nd")]) == "1\t\\N\tt\ta\\tb\\\\c\\nd\n"


def test_every_program_has_the_open_calendar_series_program_start_gives(dataset):
    for program in Program.objects.all():
        (series,) = program.calendar_series.all()
        assert series.ends_at is None
        assert (series.training_days, series.reminder_time, series.timezone) == (
            program.training_days,
            program.reminder_time,
            program.timezone,
        )
        assert series.starts_at.astimezone(program.zone).date() == program.started_on
        assert program.calendar_alarm is True
