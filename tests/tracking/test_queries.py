"""The dashboard, the history page and the sessions API run a fixed number of queries, whether a
person has logged one session or five hundred.

Each count includes the two queries that load the signed-in session and user, and the
SAVEPOINT / RELEASE pair that ATOMIC_REQUESTS wraps around views that have not opted out (the
dashboard, which only reads, and the API, whose writes are each a service's own transaction).
"""

import datetime as dt

import pytest
from django.urls import reverse

from tests.api.helpers import session_body
from tests.tracking.factories import ProgramFactory, local_today, sessions_bulk_created
from tracking.models import PauseReason, Program
from tracking.page_cache import records_changed

pytestmark = pytest.mark.django_db

# session with its user (one query: osteofit.sessions), program + prescriptions (exercises and ladders come from the process's copy of
# the catalogue), days done per week (with today's sessions), recent events, this week's day
# marks (the latest session on each of its days), pain chart, reflections, this week's kinds of
# exercise done (the bone-health week)
DASHBOARD_QUERIES = 9
# ... and the event that explains a safety pause
DASHBOARD_PAUSED_FOR_SAFETY_QUERIES = 10
# session with its user, savepoint, count, one page of sessions, their entries, release
HISTORY_QUERIES = 6
# the same without the savepoint pair: the API's writes are the services' own transactions
SESSIONS_API_QUERIES = 4


@pytest.fixture
def program(user, catalogue_loaded):
    # Started long enough ago for 500 daily sessions to fall inside it.
    return ProgramFactory(user=user, today=local_today() - dt.timedelta(days=600))


def assert_same_queries_with_1_and_500_sessions(client, program, url, expected, assert_queries):
    """Counted as built afresh: the bulk-written sessions move the person's records on, as a
    service would."""
    sessions_bulk_created(program, 1)
    records_changed(program.user_id)
    with assert_queries(expected):
        first = client.get(url)
    assert first.status_code == 200

    sessions_bulk_created(program, 499)
    records_changed(program.user_id)
    with assert_queries(expected):
        busy = client.get(url)
    assert busy.status_code == 200


def test_the_dashboard_runs_the_same_queries_with_1_and_500_sessions(
    signed_in_client, program, django_assert_num_queries
):
    assert_same_queries_with_1_and_500_sessions(
        signed_in_client,
        program,
        reverse("tracking:dashboard"),
        DASHBOARD_QUERIES,
        django_assert_num_queries,
    )


def test_a_second_look_at_the_dashboard_costs_only_the_session_with_its_user(
    signed_in_client, program, django_assert_num_queries
):
    sessions_bulk_created(program, 50)
    url = reverse("tracking:dashboard")
    first = signed_in_client.get(url)

    with django_assert_num_queries(1):
        again = signed_in_client.get(url)

    assert again.context["board_html"] == first.context["board_html"]


def test_the_dashboard_paused_for_safety_runs_the_same_queries_with_1_and_500_sessions(
    signed_in_client, program, django_assert_num_queries
):
    Program.objects.filter(pk=program.pk).update(paused=True, pause_reason=PauseReason.SAFETY)

    assert_same_queries_with_1_and_500_sessions(
        signed_in_client,
        program,
        reverse("tracking:dashboard"),
        DASHBOARD_PAUSED_FOR_SAFETY_QUERIES,
        django_assert_num_queries,
    )


def test_the_history_page_runs_the_same_queries_with_1_and_500_sessions(
    signed_in_client, program, django_assert_num_queries
):
    assert_same_queries_with_1_and_500_sessions(
        signed_in_client,
        program,
        reverse("tracking:history"),
        HISTORY_QUERIES,
        django_assert_num_queries,
    )


def test_a_later_history_page_runs_the_same_queries_as_the_first(
    signed_in_client, program, django_assert_num_queries
):
    sessions_bulk_created(program, 500)

    with django_assert_num_queries(HISTORY_QUERIES):
        response = signed_in_client.get(reverse("tracking:history"), {"page": 20})

    assert len(response.context["page"]) == 20


def test_the_sessions_api_runs_the_same_queries_with_1_and_500_sessions(
    signed_in_client, program, django_assert_num_queries
):
    assert_same_queries_with_1_and_500_sessions(
        signed_in_client,
        program,
        reverse("api:session-list"),
        SESSIONS_API_QUERIES,
        django_assert_num_queries,
    )


# session with its user; the service's own transaction (a savepoint pair here) holding the
# program locked with its latest safety pause (nothing is logged before it), its prescriptions,
# bands, "is it the latest?" (no later session or ceiling: one statement), session, entries, the
# prescriptions' state and the person's records version. The answer is built from the rows just
# written: no re-read.
LOG_SESSION_API_QUERIES = 11


def test_logging_a_session_through_the_api_runs_the_same_queries_with_1_and_500_sessions(
    signed_in_client, program, django_assert_num_queries
):
    url = reverse("api:session-list")
    sessions_bulk_created(program, 1)
    with django_assert_num_queries(LOG_SESSION_API_QUERIES):
        first = signed_in_client.post(url, session_body(), content_type="application/json")
    assert first.status_code == 201

    sessions_bulk_created(program, 499)
    with django_assert_num_queries(LOG_SESSION_API_QUERIES):
        busy = signed_in_client.post(url, session_body(), content_type="application/json")
    assert busy.status_code == 201
