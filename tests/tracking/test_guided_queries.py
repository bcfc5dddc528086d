"""The guided session (/today/) costs the same queries on every screen, whether a person has
logged one session before or five hundred."""

import datetime as dt

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext

from tests.html_forms import inputs
from tests.tracking.factories import (
    ProgramFactory,
    days_including_today,
    local_today,
    sessions_bulk_created,
)
from tracking.page_cache import records_changed

pytestmark = pytest.mark.django_db

TODAY = "/today/"
# GET of the check-in, the check-in, each exercise screen and its Done, then the check-out
# that saves the session: each request's count, the same for any history length.
CHECK_IN_SCREEN, CHECK_IN, EXERCISE_SCREEN, DONE, SAVE = (
    "check-in screen",
    "check-in",
    "exercise screen",
    "done",
    "save",
)
# Each includes the session with its user and the SAVEPOINT/RELEASE pair of ATOMIC_REQUESTS;
# the save is the log service's transaction and the fold (as the log form's save).
GUIDED_QUERIES = {CHECK_IN_SCREEN: 6, CHECK_IN: 9, EXERCISE_SCREEN: 6, DONE: 9, SAVE: 20}


def _counted(client, method: str, **data) -> tuple[int, object]:
    with CaptureQueriesContext(connection) as queries:
        response = getattr(client, method)(TODAY, data) if data else getattr(client, method)(TODAY)
    return len(queries), response


def guided_session_queries(client) -> list[tuple[str, int]]:
    """Each request of one whole guided session, with its query count."""
    counts = []
    count, page = _counted(client, "get")
    counts.append((CHECK_IN_SCREEN, count))
    count, answer = _counted(client, "post", action="check_in", pain_before="1", red_flag="no")
    assert answer.status_code == 302
    counts.append((CHECK_IN, count))
    while True:
        count, page = _counted(client, "get")
        if "Exercise " not in page.content.decode():
            break
        counts.append((EXERCISE_SCREEN, count))
        values = {i["name"]: i.get("value", "") for i in inputs(page) if i.get("type") == "number"}
        count, answer = _counted(client, "post", action="done", **values)
        assert answer.status_code == 302
        counts.append((DONE, count))
    count, answer = _counted(
        client,
        "post",
        action="check_out",
        pain_after="1",
        effort="5",
        red_flag="no",
        notes="",
    )
    assert answer.status_code == 302
    counts.append((SAVE, count))
    return counts


def person_with_history(client, sessions: int):
    program = ProgramFactory(
        training_days=days_including_today(),
        today=local_today() - dt.timedelta(days=600),
    )
    sessions_bulk_created(program, sessions)
    records_changed(program.user_id)
    client.force_login(program.user)
    client.get(TODAY)  # the process's copy of the catalogue, loaded once
    return program


def test_every_screen_of_the_guided_session_costs_the_same_with_1_and_500_sessions(
    client, catalogue_loaded
):
    person_with_history(client, 1)
    short = guided_session_queries(client)
    client.logout()
    person_with_history(client, 500)
    long = guided_session_queries(client)

    assert long == short
    assert dict(short) == GUIDED_QUERIES
