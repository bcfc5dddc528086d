"""The Progress page: each exercise's steps up (and back down) its ladder, drawn as a
server-rendered chart with a table of the same figures, in a fixed number of queries."""

import datetime as dt

import pytest
from django.urls import reverse
from django.utils import timezone

from exercises.models import Exercise
from tests.tracking.factories import (
    ProgramFactory,
    local_today,
    session_logged,
    sessions_logged,
)
from tracking import selectors
from tracking.charts import CHART_HEIGHT, CHART_WIDTH, LADDER_LEFT, PAD, step_line
from tracking.models import EventKind, ProgressionEvent

pytestmark = pytest.mark.django_db

START = dt.date(2026, 1, 1)
END = dt.date(2026, 1, 11)
RIGHT = CHART_WIDTH - PAD
BOTTOM = CHART_HEIGHT - PAD
# session with its user (one query), program + prescriptions (ladders from the catalogue
# copy), step changes (a read-only page: no SAVEPOINT / RELEASE pair)
PROGRESS_QUERIES = 4


def points(line: str) -> list[tuple[float, float]]:
    return [tuple(map(float, point.split(","))) for point in line.split()]


def history_of(program, slug: str) -> selectors.LadderHistory:
    program = selectors.program_active(program.user)
    [history] = [h for h in selectors.ladder_history(program) if h.item.exercise.slug == slug]
    return history


def ladder_changes_bulk_created(program, count: int) -> None:
    """`count` moves of the Back Extension between its first two steps, one a day ending
    yesterday, written straight to the database: for tests of scale, not of rules."""
    exercise = Exercise.objects.get(slug="back-extension")
    yesterday = timezone.now() - dt.timedelta(days=1)
    ProgressionEvent.objects.bulk_create(
        ProgressionEvent(
            program=program,
            exercise=exercise,
            kind=EventKind.ADVANCE if n % 2 == 0 else EventKind.STEP_BACK,
            from_rung=n % 2,
            to_rung=(n + 1) % 2,
            reason="test",
            message="A move on the ladder.",
            occurred_at=yesterday - dt.timedelta(days=count - n),
        )
        for n in range(count)
    )


# --- the chart's geometry ---------------------------------------------------------------------


def test_an_exercise_that_never_moved_is_a_level_line_across_the_whole_chart():
    line = points(step_line([], start=START, end=END, first=0, top=5))

    assert line == [(LADDER_LEFT, BOTTOM), (RIGHT, BOTTOM)]


def test_a_move_up_rises_straight_up_on_the_day_it_happened():
    line = points(step_line([(dt.date(2026, 1, 6), 5)], start=START, end=END, first=0, top=5))

    middle = LADDER_LEFT + (RIGHT - LADDER_LEFT) / 2
    assert line == [
        (LADDER_LEFT, BOTTOM),
        (middle, BOTTOM),
        (middle, PAD),
        (RIGHT, PAD),
    ]


def test_a_step_back_drops_on_its_day_and_stays_down():
    line = points(
        step_line(
            [(dt.date(2026, 1, 3), 2), (dt.date(2026, 1, 8), 1)],
            start=START,
            end=END,
            first=1,
            top=4,
        )
    )

    heights = [y for _, y in line]
    assert heights[0] > heights[2]  # went up first
    assert heights[-1] == heights[-2] > heights[2]  # then back down, and level to today


def test_moves_outside_the_charted_days_are_drawn_at_the_nearer_edge():
    line = points(step_line([(dt.date(2025, 12, 1), 1)], start=START, end=END, first=0, top=1))

    assert {x for x, _ in line} == {LADDER_LEFT, RIGHT}


# --- what the ladder history says -------------------------------------------------------------


def test_three_comfortable_days_show_as_one_step_up_on_the_day_of_the_third(user):
    program = ProgramFactory(user=user)
    logged = sessions_logged(program, 3)

    history = history_of(program, "back-extension")

    assert history.first_rung == 0
    assert [(c.moved_up, c.to_rung) for c in history.changes] == [(True, 1)]
    assert history.changes[0].day == logged[-1].local_date
    assert history.changes[0].to_text.startswith("7 repetitions")
    assert history.today == local_today()


def test_a_step_back_after_pain_rises_shows_as_a_move_down(user):
    program = ProgramFactory(user=user)
    sessions_logged(program, 3)
    session_logged(program, pain_before=1, pain_after=5)

    history = history_of(program, "back-extension")

    assert [(c.moved_up, c.to_rung) for c in history.changes] == [(True, 1), (False, 0)]


def test_an_exercise_with_no_moves_stays_on_the_step_it_is_on(user):
    program = ProgramFactory(user=user)

    history = history_of(program, "seated-row")

    assert history.changes == []
    assert history.first_rung == 0
    assert history.first_text.startswith("6 repetitions")


# --- the page ---------------------------------------------------------------------------------


def test_the_progress_page_charts_each_exercise_with_a_table_of_its_steps(signed_in_client, user):
    program = ProgramFactory(user=user)
    sessions_logged(program, 3)

    html = signed_in_client.get(reverse("tracking:progress")).content.decode()

    assert html.count('class="chart-svg ladder-chart"') == program.prescriptions.count()
    assert "Back Extension: the step you were on each day" in html
    assert "Back Extension: each change of step" in html
    assert "<td>Moved up to step 2</td><td>7 repetitions" in html
    assert html.count("Ask your doctor first.") == 1


def test_the_progress_page_says_no_changes_yet_once_for_all_its_exercises(signed_in_client, user):
    ProgramFactory(user=user)

    html = signed_in_client.get(reverse("tracking:progress")).content.decode()

    assert html.count("No changes yet") == 1
    assert "It moves up after three comfortable days in a row." in html


def test_the_dashboard_links_to_the_progress_page(signed_in_client, user):
    ProgramFactory(user=user)

    html = signed_in_client.get(reverse("tracking:dashboard")).content.decode()

    assert f'href="{reverse("tracking:progress")}"' in html


def test_someone_without_a_program_is_sent_from_the_progress_page_to_onboarding(
    signed_in_client,
):
    response = signed_in_client.get(reverse("tracking:progress"))

    assert response.status_code == 302
    assert response["Location"] == reverse("tracking:program_start")


def test_anonymous_visitors_are_sent_from_the_progress_page_to_log_in(client):
    url = reverse("tracking:progress")

    response = client.get(url)

    assert response["Location"] == f"{reverse('account_login')}?next={url}"


def test_the_progress_page_runs_the_same_queries_with_1_and_300_ladder_changes(
    signed_in_client, user, catalogue_loaded, django_assert_num_queries
):
    program = ProgramFactory(user=user)
    url = reverse("tracking:progress")

    ladder_changes_bulk_created(program, 1)
    with django_assert_num_queries(PROGRESS_QUERIES):
        first = signed_in_client.get(url)
    assert first.content.decode().count("<td>Moved up to step 2</td>") == 1

    ProgressionEvent.objects.all().delete()
    ladder_changes_bulk_created(program, 300)
    with django_assert_num_queries(PROGRESS_QUERIES):
        busy = signed_in_client.get(url)
    assert busy.content.decode().count("<td>Stepped back to step 1</td>") == 150
