"""Idempotency-Key: the same request is recognised after parsing, and a key whose session was
deleted never logs it again."""

import datetime as dt

import pytest

from tests.api.helpers import SESSIONS, send, session_body, session_url
from tests.tracking.factories import ProgramFactory
from tracking.models import Session

pytestmark = pytest.mark.django_db

KEY = {"Idempotency-Key": "6f1c9a1e-2b7d-4d7e-9a51-1b3c1d2e3f40"}


@pytest.fixture
def program(user):
    return ProgramFactory(user=user)


def test_the_same_instant_written_with_z_or_plus_zero_is_the_same_request(
    signed_in_client, program
):
    body = session_body()
    instant = body["performed_at"]
    assert instant.endswith("+00:00") or instant.endswith("Z")
    first = dict(body, performed_at=instant.replace("Z", "+00:00"))
    second = dict(body, performed_at=first["performed_at"].replace("+00:00", "Z"))

    logged = send(signed_in_client, "post", SESSIONS, first, **KEY)
    retried = send(signed_in_client, "post", SESSIONS, second, **KEY)

    assert (logged.status_code, retried.status_code) == (201, 201)
    assert retried["Idempotent-Replayed"] == "true"
    assert Session.objects.count() == 1


def test_the_same_instant_in_another_offset_is_the_same_request(signed_in_client, program):
    body = session_body()
    moment = dt.datetime.fromisoformat(body["performed_at"])
    elsewhere = moment.astimezone(dt.timezone(dt.timedelta(hours=2))).isoformat()

    send(signed_in_client, "post", SESSIONS, body, **KEY)
    retried = send(signed_in_client, "post", SESSIONS, dict(body, performed_at=elsewhere), **KEY)

    assert retried.status_code == 201
    assert Session.objects.count() == 1


def test_replaying_a_key_whose_session_was_deleted_is_a_409_and_logs_nothing(
    signed_in_client, program
):
    logged = send(signed_in_client, "post", SESSIONS, session_body(), **KEY).json()
    send(signed_in_client, "delete", session_url(logged["id"]))

    response = send(signed_in_client, "post", SESSIONS, session_body(), **KEY)

    assert response.status_code == 409
    assert response.json()["code"] == "idempotency_key_used"
    assert not Session.objects.exists()
