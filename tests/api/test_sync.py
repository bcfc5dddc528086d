"""A phone app keeps its own copy of the sessions: it asks what changed and what was deleted
since it last looked."""

import datetime as dt
from urllib.parse import quote

import pytest
from django.utils import timezone

from tests.api.helpers import SESSIONS, send, session_body, session_url
from tests.tracking.factories import ProgramFactory, session_logged
from tracking import services
from tracking.models import DeletedSession, Session

pytestmark = pytest.mark.django_db

DELETED = "/api/v1/sessions/deleted/"


@pytest.fixture
def program(user):
    return ProgramFactory(user=user)


def ids(response) -> set[int]:
    return {row["id"] for row in response.json()["results"]}


def rfc3339(moment: dt.datetime) -> str:
    return moment.isoformat().replace("+00:00", "Z")


def test_each_session_says_when_it_was_logged_and_last_changed(signed_in_client, program):
    session = session_logged(program)

    body = send(signed_in_client, "get", session_url(session.pk)).json()

    assert dt.datetime.fromisoformat(body["created_at"]) == session.created_at
    assert dt.datetime.fromisoformat(body["updated_at"]) == session.updated_at


def test_updated_since_gives_only_the_sessions_logged_or_changed_after_it(
    signed_in_client, program
):
    old, changed = session_logged(program), session_logged(program)
    Session.objects.filter(pk__in=[old.pk, changed.pk]).update(
        updated_at=timezone.now() - dt.timedelta(hours=2)
    )
    since = timezone.now() - dt.timedelta(hours=1)
    send(signed_in_client, "patch", session_url(changed.pk), {"notes": "Changed."})
    new = send(signed_in_client, "post", SESSIONS, session_body(part=0.9)).json()

    response = send(signed_in_client, "get", f"{SESSIONS}?updated_since={rfc3339(since)}")

    assert response.status_code == 200
    assert ids(response) == {changed.pk, new["id"]}


@pytest.mark.parametrize("value", ["2026-11-27T09:30:00+22:34", "0204-11-21T09:32:47-23:59"])
def test_updated_since_takes_any_offset_rfc_3339_allows(signed_in_client, program, value):
    response = send(signed_in_client, "get", f"{SESSIONS}?updated_since={quote(value)}")

    assert response.status_code == 200


def test_an_updated_since_before_year_one_in_utc_is_a_400(signed_in_client, program):
    value = quote("0001-01-01T00:00:00+01:00")

    response = send(signed_in_client, "get", f"{SESSIONS}?updated_since={value}")

    assert response.status_code == 400


@pytest.mark.parametrize(
    "value", ["yesterday", "2026-11-27", "2026-11-27T09:30:00", "2026-13-01T00:00:00Z", ""]
)
def test_an_updated_since_that_is_not_an_rfc_3339_time_with_offset_is_a_400(
    signed_in_client, program, value
):
    response = send(signed_in_client, "get", f"{SESSIONS}?updated_since={value}")

    assert response.status_code == 400
    assert list(response.json()["fields"]) == ["updated_since"]


def test_a_deleted_session_is_listed_with_when_it_was_deleted(signed_in_client, program):
    session = session_logged(program)
    before = timezone.now()

    send(signed_in_client, "delete", session_url(session.pk))
    response = send(signed_in_client, "get", f"{DELETED}?since={rfc3339(before)}")

    assert response.status_code == 200
    (row,) = response.json()["results"]
    assert row["id"] == session.pk
    assert dt.datetime.fromisoformat(row["deleted_at"]) >= before


def test_deletions_before_since_are_left_out(signed_in_client, program):
    session = session_logged(program)
    send(signed_in_client, "delete", session_url(session.pk))
    after = timezone.now() + dt.timedelta(seconds=1)

    response = send(signed_in_client, "get", f"{DELETED}?since={rfc3339(after)}")

    assert response.json()["results"] == []


def test_another_persons_deletions_are_not_listed(signed_in_client, program):
    someone_else = ProgramFactory()
    services.session_delete(session=session_logged(someone_else))

    assert send(signed_in_client, "get", DELETED).json()["count"] == 0


def test_a_bad_since_is_a_400(signed_in_client, program):
    response = send(signed_in_client, "get", f"{DELETED}?since=last-week")

    assert response.status_code == 400
    assert list(response.json()["fields"]) == ["since"]


def test_a_refused_delete_leaves_no_trace(signed_in_client, program):
    pausing = session_logged(program, red_flag=True)

    send(signed_in_client, "delete", session_url(pausing.pk))

    assert not DeletedSession.objects.exists()


def test_a_session_deleted_by_staff_in_the_admin_is_listed_too(admin_client, program):
    session = session_logged(program)

    response = admin_client.post(f"/admin/tracking/session/{session.pk}/delete/", {"post": "yes"})

    assert response.status_code == 302
    assert list(DeletedSession.objects.values_list("session_id", flat=True)) == [session.pk]


def test_traces_older_than_ninety_days_are_forgotten():
    program = ProgramFactory()
    old, recent = session_logged(program), session_logged(program)
    old_id, recent_id = old.pk, recent.pk
    services.session_delete(session=old)
    services.session_delete(session=recent)
    DeletedSession.objects.filter(session_id=old_id).update(
        deleted_at=timezone.now() - dt.timedelta(days=services.SESSION_TRACE_DAYS, seconds=1)
    )

    forgotten = services.deleted_sessions_forget()

    assert forgotten == 1
    assert list(DeletedSession.objects.values_list("session_id", flat=True)) == [recent_id]


def test_the_hourly_beat_forgets_old_traces(settings):
    entry = settings.CELERY_BEAT_SCHEDULE["forget-deleted-sessions"]

    assert entry["task"] == "tracking.tasks.forget_deleted_sessions"
    assert entry["schedule"] == 60 * 60
