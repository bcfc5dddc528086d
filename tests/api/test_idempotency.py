"""POST /api/v1/sessions/ with an Idempotency-Key: a phone on a flaky network retries, and the
person's history, progression and program stay as if it had sent once."""

import json
import time
from unittest import mock

import pytest
from django.test import Client

from tests.api.helpers import (
    SESSIONS,
    send,
    session_body,
)
from tests.concurrency import committed, in_threads, needs_real_concurrency
from tests.tracking.factories import ProgramFactory
from tracking.models import Entry, Prescription, Program, ProgressionEvent, Session

KEY = "6f1c2a80-8d0e-4a8e-9c53-1b8a3f0e2d11"


def snapshot() -> tuple:
    """Everything a logged session writes: sessions, entries, events and where each program
    stands."""
    return (
        list(Session.objects.order_by("pk").values_list("pk", "notes")),
        Entry.objects.count(),
        ProgressionEvent.objects.count(),
        list(Prescription.objects.order_by("pk").values_list("rung", "streak")),
        list(Program.objects.order_by("pk").values_list("paused", "pause_reason")),
    )


def post(client, body, key: str | None = KEY):
    headers = {"Idempotency-Key": key} if key is not None else {}
    return send(client, "post", SESSIONS, body, **headers)


@pytest.fixture
def program(user):
    return ProgramFactory(user=user)


@pytest.fixture
def api(signed_in_client, program):
    return signed_in_client


@pytest.mark.django_db
def test_a_retry_returns_the_first_status_and_body_and_logs_nothing_new(api):
    body = session_body()
    first = post(api, body)
    after_first = snapshot()

    retry = post(api, body)

    assert (first.status_code, retry.status_code) == (201, 201)
    assert retry.json() == first.json()
    assert retry["Idempotent-Replayed"] == "true"
    assert "Idempotent-Replayed" not in first
    assert snapshot() == after_first
    assert Session.objects.count() == 1


@pytest.mark.django_db
def test_many_retries_still_log_one_session(api):
    body = session_body()

    answers = {json.dumps(post(api, body).json(), sort_keys=True) for _ in range(5)}

    assert len(answers) == 1
    assert Session.objects.count() == 1


@pytest.mark.django_db
def test_a_retry_with_the_same_fields_in_another_order_is_still_a_retry(api):
    body = session_body()
    first = post(api, body)

    retry = post(api, dict(reversed(list(body.items()))))

    assert retry.status_code == 201
    assert retry["Idempotent-Replayed"] == "true"
    assert retry.json() == first.json()


@pytest.mark.django_db
def test_a_retry_after_the_first_request_paused_the_program_still_gets_the_first_answer(api):
    """The first request reported a red flag and paused the program; logging is refused while
    paused, but a retry of that very request must still get its 201."""
    body = session_body(red_flag=True)
    first = post(api, body)
    assert Program.objects.get().paused_for_safety
    after_first = snapshot()

    retry = post(api, body)

    assert (retry.status_code, retry.json()) == (201, first.json())
    assert snapshot() == after_first


@pytest.mark.django_db
def test_the_same_key_with_a_different_body_is_a_422_and_logs_nothing(api):
    post(api, session_body(notes="The first."))
    after_first = snapshot()

    response = post(api, session_body(notes="Something else."))

    assert response.status_code == 422
    assert response.json()["code"] == "idempotency_key_reused"
    assert "Idempotent-Replayed" not in response
    assert snapshot() == after_first


@pytest.mark.django_db
def test_a_key_of_256_characters_is_a_400_naming_the_header_and_logs_nothing(api):
    response = post(api, session_body(), key="k" * 256)

    assert response.status_code == 400
    assert list(response.json()["fields"]) == ["Idempotency-Key"]
    assert not Session.objects.exists()


@pytest.mark.django_db
def test_a_key_of_255_characters_is_accepted(api):
    assert post(api, session_body(), key="k" * 255).status_code == 201


@pytest.mark.django_db
def test_a_key_whose_first_request_was_refused_is_still_free(api):
    refused = post(api, session_body(effort=11))

    accepted = post(api, session_body())

    assert (refused.status_code, accepted.status_code) == (400, 201)
    assert "Idempotent-Replayed" not in accepted
    assert Session.objects.count() == 1


@pytest.mark.django_db
def test_two_people_may_use_the_same_key(api, client):
    post(api, session_body())
    someone_else = ProgramFactory().user
    client.force_login(someone_else)

    theirs = post(client, session_body())

    assert theirs.status_code == 201
    assert "Idempotent-Replayed" not in theirs
    assert Session.objects.filter(user=someone_else).count() == 1


@pytest.mark.django_db
def test_without_a_key_the_same_body_twice_logs_two_sessions(api):
    body = session_body()

    post(api, body, key=None)
    post(api, body, key=None)

    assert Session.objects.count() == 2


@pytest.mark.django_db
def test_a_blank_key_counts_as_no_key(api):
    body = session_body()

    post(api, body, key="   ")
    second = post(api, body, key="   ")

    assert "Idempotent-Replayed" not in second
    assert Session.objects.count() == 2


# --- at the same moment, on PostgreSQL ----------------------------------------------------------


def signed_in_clients(user, count: int) -> list[Client]:
    clients = [Client() for _ in range(count)]
    for client in clients:
        client.force_login(user)
    return clients


@committed
def test_two_requests_with_the_same_key_at_the_same_moment_log_one_session():
    needs_real_concurrency()
    program = ProgramFactory()
    clients = signed_in_clients(program.user, 2)
    body = session_body()
    validate = Session.full_clean

    def lingering(session, *args, **kwargs):
        """Between looking for an earlier session with the key and writing the new one: make
        that gap wide, so without a lock both requests would surely find none and both write."""
        time.sleep(0.3)
        return validate(session, *args, **kwargs)

    with mock.patch.object(Session, "full_clean", lingering):
        first, second = in_threads(lambda n: post(clients[n], body), 2)

    assert (first.status_code, second.status_code) == (201, 201), (
        first.content,
        second.content,
    )
    assert first.json() == second.json()
    assert sorted(r.get("Idempotent-Replayed", "no") for r in (first, second)) == ["no", "true"]
    assert Session.objects.filter(user=program.user).count() == 1
    assert Entry.objects.filter(session__user=program.user).count() == 2


@committed
def test_twenty_requests_with_different_keys_at_the_same_moment_log_twenty_sessions():
    needs_real_concurrency()
    program = ProgramFactory()
    clients = signed_in_clients(program.user, 20)

    def log(n):
        body = session_body(part=0.2 + n / 40, notes=f"Session {n}.")
        return post(clients[n], body, key=f"key-{n}")

    responses = in_threads(log, 20)

    assert [r.status_code for r in responses] == [201] * 20, [
        r.content for r in responses if r.status_code != 201
    ]
    assert len({r.json()["id"] for r in responses}) == 20
    assert Session.objects.filter(user=program.user).count() == 20
    assert sorted(Session.objects.values_list("notes", flat=True)) == sorted(
        f"Session {n}." for n in range(20)
    )
