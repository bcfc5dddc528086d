"""The dashboard's adherence comes from one aggregate query, and agrees with the pure rule
applied to every logged date."""

import datetime as dt

import pytest

from tests.tracking.factories import ProgramFactory, local_today
from tracking import schedule, selectors
from tracking.models import Session

pytestmark = pytest.mark.django_db


def _log(program, day: dt.date, times: int = 1) -> None:
    Session.objects.bulk_create(
        Session(
            user=program.user,
            program=program,
            performed_at=dt.datetime.combine(day, dt.time(9 + n), program.zone),
            local_date=day,
            pain_before=1,
            pain_after=1,
            effort=4,
        )
        for n in range(times)
    )


def test_adherence_from_the_aggregate_matches_the_rule_over_every_logged_date(user):
    today = local_today()
    program = ProgramFactory(user=user, today=today - dt.timedelta(days=120))
    logged = [program.started_on - dt.timedelta(days=3)]  # before the start: ignored
    logged += [today - dt.timedelta(days=n) for n in range(0, 120, 2)]
    for day in logged:
        _log(program, day, times=2 if day.day % 5 == 0 else 1)

    weeks = selectors.adherence_today(program, today)

    assert weeks.adherence == schedule.adherence(
        logged, program.weekdays, today=today, program_start=program.started_on
    )


def test_sessions_today_counts_every_session_logged_today_and_no_other(user):
    today = local_today()
    program = ProgramFactory(user=user, today=today - dt.timedelta(days=10))
    _log(program, today, times=2)
    _log(program, today - dt.timedelta(days=1))

    assert selectors.adherence_today(program, today).sessions_today == 2


def test_a_week_with_two_sessions_on_one_day_counts_that_day_once(user):
    today = local_today()
    program = ProgramFactory(user=user, today=today - dt.timedelta(days=30))
    _log(program, today, times=3)

    assert selectors.adherence_today(program, today).adherence.weeks[-1].done == 1
