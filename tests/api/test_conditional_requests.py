"""ETags, 304 and 412: two devices editing one program cannot overwrite each other unnoticed;
every 201 says where the new thing lives."""

import datetime as dt
import threading

import pytest
from django.db import connection, transaction
from django.test import Client

from osteofit.accounts.models import User
from tests.api.helpers import ME, PROGRAM, REMINDERS, SESSIONS, send, session_body, session_url
from tests.concurrency import committed, needs_real_concurrency
from tests.tracking.factories import ProgramFactory, session_logged
from tracking.models import Program, Session

pytestmark = pytest.mark.django_db


@pytest.fixture
def program(user):
    return ProgramFactory(user=user)


@pytest.fixture
def session(program):
    return session_logged(program)


@pytest.fixture
def urls(session):
    return {
        "program": PROGRAM,
        "reminders": REMINDERS,
        "me": ME,
        "session": session_url(session.pk),
    }


@pytest.mark.parametrize("name", ["program", "reminders", "me", "session"])
def test_a_read_carries_a_strong_etag_and_the_same_tag_again_is_a_304(signed_in_client, urls, name):
    first = send(signed_in_client, "get", urls[name])
    tag = first["ETag"]

    again = send(signed_in_client, "get", urls[name], **{"If-None-Match": tag})

    assert tag.startswith('"')
    assert not tag.startswith("W/")
    assert (again.status_code, again.content) == (304, b"")
    assert again["ETag"] == tag


def test_a_changed_program_has_a_new_etag_and_answers_200_again(signed_in_client, program):
    tag = send(signed_in_client, "get", PROGRAM)["ETag"]
    send(signed_in_client, "patch", PROGRAM, {"reminder_time": "06:30"})

    response = send(signed_in_client, "get", PROGRAM, **{"If-None-Match": tag})

    assert response.status_code == 200
    assert response["ETag"] != tag


def test_a_write_answers_with_the_etag_a_read_would_give(signed_in_client, program):
    written = send(signed_in_client, "patch", PROGRAM, {"reminder_time": "06:30"})

    assert written["ETag"] == send(signed_in_client, "get", PROGRAM)["ETag"]


@pytest.mark.parametrize(
    ("name", "method", "body"),
    [
        ("program", "put", {"reminder_time": "05:00"}),
        ("program", "patch", {"reminder_time": "05:00"}),
        ("reminders", "patch", {"reminder_time": "05:00"}),
        ("me", "patch", {"first_name": "Someone else"}),
        ("session", "patch", {"notes": "From the tablet."}),
        ("session", "delete", None),
    ],
)
def test_a_write_with_an_if_match_that_no_longer_matches_is_a_412_and_changes_nothing(
    signed_in_client, urls, name, method, body
):
    stale = send(signed_in_client, "get", urls[name])["ETag"]
    send(signed_in_client, "patch", ME, {"last_name": "Changed"})  # changes "me"
    send(signed_in_client, "patch", PROGRAM, {"reminders_enabled": False})  # program, reminders
    send(signed_in_client, "patch", urls["session"], {"notes": "From the phone."})
    before = send(signed_in_client, "get", urls[name]).json()

    response = send(signed_in_client, method, urls[name], body, **{"If-Match": stale})

    assert response.status_code == 412
    assert response.json()["code"] == "precondition_failed"
    assert send(signed_in_client, "get", urls[name]).json() == before


@pytest.mark.parametrize(
    ("name", "method", "body"),
    [
        ("program", "patch", {"reminder_time": "05:00"}),
        ("reminders", "patch", {"reminder_time": "05:00"}),
        ("me", "patch", {"first_name": "Ann"}),
        ("session", "patch", {"notes": "Fine."}),
        ("session", "delete", None),
    ],
)
def test_a_write_with_the_current_etag_goes_ahead(signed_in_client, urls, name, method, body):
    current = send(signed_in_client, "get", urls[name])["ETag"]

    response = send(signed_in_client, method, urls[name], body, **{"If-Match": current})

    assert response.status_code in {200, 204}


def test_if_match_on_a_program_not_yet_started_is_a_412(signed_in_client):
    response = send(
        signed_in_client,
        "put",
        PROGRAM,
        {"doctor_confirmed": True, "training_days": ["mon", "wed", "fri"]},
        **{"If-Match": '"anything"'},
    )

    assert response.status_code == 412
    assert not Program.objects.exists()


def test_a_logged_session_is_a_201_with_its_location(signed_in_client, program):
    response = send(signed_in_client, "post", SESSIONS, session_body())

    session = Session.objects.get()
    assert response.status_code == 201
    assert response["Location"] == f"http://testserver{session_url(session.pk)}"
    assert response["ETag"] == send(signed_in_client, "get", session_url(session.pk))["ETag"]


@pytest.mark.parametrize(
    "changes",
    [
        {},
        {"red_flag": True},  # the session that pauses the program for safety
        {"pain_after": 5},  # eased back: the answer carries advice
    ],
)
def test_a_logged_session_answers_exactly_what_reading_it_gives(signed_in_client, program, changes):
    """The 201 is built from the rows just written, not read back: it must be the GET's answer,
    the time in another offset and to the microsecond included."""
    body = session_body(**changes)
    moment = dt.datetime.fromisoformat(body["performed_at"]).replace(microsecond=123456)
    body["performed_at"] = moment.astimezone(dt.timezone(dt.timedelta(hours=5, minutes=30)))
    body["performed_at"] = body["performed_at"].isoformat()

    written = send(signed_in_client, "post", SESSIONS, body)

    assert written.status_code == 201
    read = send(signed_in_client, "get", session_url(written.json()["id"]))
    assert written.json() == read.json()
    assert written["ETag"] == read["ETag"]


# --- two devices at once ---------------------------------------------------------------------


def _waiting_on_a_lock() -> int:
    """Backends of this database waiting for a lock now (pg_stat_activity keeps one snapshot
    per transaction unless told to forget it)."""
    with connection.cursor() as cursor:
        cursor.execute("SELECT pg_stat_clear_snapshot()")
        cursor.execute(
            "SELECT count(*) FROM pg_stat_activity "
            "WHERE wait_event_type = 'Lock' AND datname = current_database()"
        )
        return cursor.fetchone()[0]


@committed
@pytest.mark.parametrize(
    ("name", "body"),
    [
        ("program", lambda n: {"reminder_time": f"0{6 + n}:00"}),
        ("reminders", lambda n: {"reminder_time": f"0{6 + n}:00"}),
        ("session", lambda n: {"notes": f"From device {n}."}),
        ("me", lambda n: {"first_name": f"Device {n}"}),
    ],
)
def test_two_devices_writing_with_the_same_etag_at_once_one_is_told_it_changed(name, body):
    """Both hold the same tag and send at the same moment; while a third write holds the
    row they lock first, both wait. Then exactly one goes ahead and the other is a 412: the check and the
    write see one state, so neither overwrites the other unnoticed."""
    needs_real_concurrency("two conditional writes")
    program = ProgramFactory()
    url = {"program": PROGRAM, "reminders": REMINDERS, "me": ME}.get(name)
    url = url or session_url(session_logged(program).pk)
    clients = [Client(), Client()]
    for client in clients:
        client.force_login(program.user)
    tag = send(clients[0], "get", url)["ETag"]
    statuses: list[int] = []

    def write(n: int) -> int:
        return send(clients[n], "patch", url, body(n), **{"If-Match": tag}).status_code

    with transaction.atomic():
        # Another write is under way, holding the row these writes lock first.
        rows = User.objects if name == "me" else Program.objects
        rows.select_for_update().get(pk=program.user.pk if name == "me" else program.pk)
        writers = [threading.Thread(target=lambda n=n: statuses.append(write(n))) for n in (0, 1)]
        for writer in writers:
            writer.start()
        deadline = 200
        while _waiting_on_a_lock() < 2 and deadline:
            writer.join(0.05)
            deadline -= 1
        assert deadline, "the two writes never reached the program's lock"
    for writer in writers:
        writer.join(30)

    assert sorted(statuses) == [200, 412]
