"""The report's numbers are the selectors' numbers: the same weeks, the same pain series and
the same moves as the person's own pages, for a generated year of data and each period."""

import datetime as dt

import pytest
from django.db.models import Count

from tests.sharing.year import a_year_of_sessions
from tests.tracking.factories import ProgramFactory, sessions_bulk_created
from tracking import report, schedule, selectors
from tracking.models import Session

pytestmark = pytest.mark.django_db


@pytest.fixture(scope="module")
def year(django_db_setup, django_db_blocker):
    """One generated year for the whole module (it takes a few seconds to log), removed after."""
    with django_db_blocker.unblock():
        program = a_year_of_sessions()
        yield selectors.program_active(program.user)
        program.user.delete()


@pytest.mark.parametrize("period", [4, 12, 26, 52, None])
def test_the_weeks_are_the_adherence_selectors_weeks(year, period):
    built = report.report(year, period_weeks=period)
    shown = period or len(built.weeks)

    expected = selectors.adherence_today(year, built.today, weeks_shown=shown).adherence.weeks

    assert built.weeks == expected
    # and the pure rule over the logged dates agrees with both
    logged = Session.objects.filter(program=year).values_list("local_date", flat=True)
    assert (
        built.weeks
        == schedule.adherence(
            logged, year.weekdays, built.today, year.started_on, weeks=shown
        ).weeks
    )


@pytest.mark.parametrize("period", [4, 12, 52, None])
def test_the_pain_series_is_every_session_of_the_period_from_the_sessions_selector(year, period):
    built = report.report(year, period_weeks=period)

    sessions = list(selectors.sessions_for_user(year.user, date_from=built.date_from))

    assert [(s.pain_before, s.pain_after) for s in reversed(sessions)] == list(
        zip(built.pain_before, built.pain_after, strict=True)
    )
    assert built.date_from == max(built.weeks[0].start, year.started_on)


def test_each_week_row_holds_its_weeks_sessions_and_counts_their_days(year):
    built = report.report(year, period_weeks=52)

    for row in built.week_rows:
        assert {s.local_date for s in row.sessions} <= {
            row.week.start + dt.timedelta(days=n) for n in range(7)
        }
        assert len({s.local_date for s in row.sessions}) == row.week.done
    assert sum(len(row.sessions) for row in built.week_rows) == len(built.sessions)


def test_the_moves_are_the_ladder_changes_of_the_progress_page(year):
    built = report.report(year, period_weeks=None)
    names = {item.exercise.pk: item.exercise.name for item in selectors.program_items(year)}

    changes = sorted(
        (change.day, names[exercise], change.moved_up, change.to_text)
        for exercise, moves in selectors.ladder_changes(year).items()
        for change in moves
    )

    assert changes, "the generated year moved nobody: it tests nothing"
    assert sorted((m.day, m.exercise, m.moved_up, m.to_text) for m in built.moves) == changes
    assert any(not m.moved_up for m in built.moves), "no step back in the generated year"


def test_every_warning_sign_and_pause_of_the_year_is_listed_with_its_date(year):
    built = report.report(year, period_weeks=None)

    warned = list(Session.objects.filter(program=year, red_flag=True).values_list("local_date"))
    pauses = year.events.filter(kind="pause").count()

    assert [m.day for m in built.safety if m.what == "Warning sign reported"] == [
        day for (day,) in warned
    ]
    assert sum(1 for m in built.safety if m.what == "Program paused") == pauses >= 1


def test_the_notes_are_there_only_when_asked_for(year):
    with_notes = report.report(year, period_weeks=None, include_notes=True)
    without = report.report(year, period_weeks=None)

    noted = Session.objects.filter(program=year).exclude(notes="").aggregate(n=Count("id"))["n"]
    assert len(with_notes.notes) == noted > 0
    assert without.notes is None


@pytest.mark.parametrize("count", [1, 60])
def test_the_report_costs_the_same_queries_however_long_the_history(
    count, catalogue_loaded, django_assert_num_queries
):
    program = ProgramFactory()
    sessions_bulk_created(program, count)
    program = selectors.program_active(program.user)

    # adherence, the bone-health week, sessions with their entries, the period's events
    with django_assert_num_queries(5):
        report.report(program, period_weeks=12)


def test_the_bone_health_weeks_are_the_selectors_for_a_history_longer_than_a_year(year):
    built = report.report(year, period_weeks=None)

    assert len(built.weeks) > 52
    assert [w.start for w in built.bone_weeks] == [w.start for w in reversed(built.weeks)]
    assert built.bone_weeks[:52] == selectors.bone_health_weeks(year, weeks=52, today=built.today)
