"""The new lists cost the same number of queries however long they are."""

import datetime as dt

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.utils import timezone

from tests.tracking.factories import ProgramFactory
from tracking.models import DeletedSession, WeekReflection
from tracking.schedule import week_start

pytestmark = pytest.mark.django_db


def queries_for(client, url) -> int:
    with CaptureQueriesContext(connection) as captured:
        assert client.get(url).status_code == 200
    return len(captured)


def deletions(user, count: int, start: int) -> None:
    DeletedSession.objects.bulk_create(
        DeletedSession(user=user, session_id=start + n, deleted_at=timezone.now())
        for n in range(count)
    )


def reflections(user, count: int, weeks_back_from: int) -> None:
    monday = week_start(timezone.now().date())
    WeekReflection.objects.bulk_create(
        WeekReflection(
            user=user,
            week_start=monday - dt.timedelta(days=7 * (weeks_back_from + n)),
            obstacle="forgot",
        )
        for n in range(count)
    )


@pytest.mark.parametrize(
    ("url", "add"),
    [("/api/v1/sessions/deleted/", deletions), ("/api/v1/reflections/", reflections)],
)
def test_a_sync_list_runs_the_same_queries_with_1_and_50_rows(client, url, add):
    user = ProgramFactory().user
    client.force_login(user)
    add(user, 1, 0)
    few = queries_for(client, url)

    add(user, 49, 1000)

    assert queries_for(client, url) == few
