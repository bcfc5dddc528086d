"""/api/v1/shares/: make a link after a fresh reauthentication (its address once), list them
without it, revoke one at once; the FHIR and CSV exports ask for the same confirmation."""

import pytest
from django.test import Client

from tests.api.helpers import LOGIN, send
from tests.factories import PASSWORD
from tests.reauth import app_reauthenticated
from tests.sharing.helpers import link_for, program_with_history
from tracking import sharing
from tracking.models import Share

pytestmark = pytest.mark.django_db

SHARES = "/api/v1/shares/"


@pytest.fixture
def owner():
    return program_with_history().user


@pytest.fixture
def token(client, owner):
    """The owner's app session, confirmed with the password just now."""
    response = send(client, "post", LOGIN, {"email": owner.email, "password": PASSWORD})
    session_token = response.json()["meta"]["session_token"]
    app_reauthenticated(client, session_token)
    return session_token


def test_making_a_link_needs_a_fresh_reauthentication(client, owner):
    response = send(client, "post", LOGIN, {"email": owner.email, "password": PASSWORD})
    session_token = response.json()["meta"]["session_token"]

    response = send(client, "post", SHARES, {"label": "Dr Patel"}, token=session_token)

    assert response.status_code == 403
    assert response.json()["code"] == "reauthentication_required"
    assert not Share.objects.exists()


def test_a_new_link_answers_201_with_its_address_once_and_the_defaults(client, token):
    response = send(client, "post", SHARES, {"label": "Dr Patel, physio"}, token=token)

    assert response.status_code == 201, response.content
    body = response.json()
    assert set(body) >= {"id", "url", "label", "period_weeks", "include_notes", "expires_at"}
    assert (body["label"], body["period_weeks"], body["include_notes"]) == (
        "Dr Patel, physio",
        sharing.DEFAULT_PERIOD,
        False,
    )
    share = Share.objects.get()
    assert (share.expires_at - share.created_at).days == sharing.DEFAULT_EXPIRY_DAYS
    assert response["Location"].endswith(f"/api/v1/shares/{share.pk}/")
    assert "/shared/" in body["url"]


def test_the_address_in_the_answer_opens_the_report(client, token):
    url = send(client, "post", SHARES, {"label": "Dr Patel"}, token=token).json()["url"]

    path = "/" + url.split("://", 1)[1].partition("/")[2]
    response = Client().get(path)

    assert response.status_code == 200
    assert "Exercise report" in response.text


@pytest.mark.parametrize(
    ("field", "value"),
    [("expires_in_days", 14), ("period_weeks", 5), ("period_weeks", "12"), ("label", "")],
)
def test_a_value_not_offered_is_a_400_naming_the_field(client, token, field, value):
    response = send(client, "post", SHARES, {"label": "Dr Patel", field: value}, token=token)

    assert response.status_code == 400
    assert field in response.json()["fields"]
    assert not Share.objects.exists()


def test_a_link_for_everything_since_the_start_has_a_null_period(client, token):
    response = send(
        client,
        "post",
        SHARES,
        {"label": "Dr Patel", "period_weeks": None, "expires_in_days": 90, "include_notes": True},
        token=token,
    )

    assert response.status_code == 201
    assert (response.json()["period_weeks"], response.json()["include_notes"]) == (None, True)


def test_the_list_shows_each_link_without_its_address_but_with_its_last_opening(
    client, owner, token
):
    created = link_for(owner)
    Client().get(f"/shared/{created.token}/")

    response = send(client, "get", SHARES, token=token)

    assert response.status_code == 200
    (listed,) = response.json()["results"]
    assert "url" not in listed
    assert listed["last_opened_at"] is not None
    assert created.token not in response.text


def test_deleting_a_link_answers_204_and_it_is_dead_at_once(client, owner, token):
    created = link_for(owner)

    response = send(client, "delete", f"{SHARES}{created.share.pk}/", token=token)

    assert response.status_code == 204
    assert Client().get(f"/shared/{created.token}/").status_code == 404
    assert send(client, "get", f"{SHARES}{created.share.pk}/", token=token).json()["revoked_at"]


def test_another_persons_link_id_is_not_found_and_stays_alive(client, token):
    theirs = link_for(program_with_history().user)

    assert send(client, "get", f"{SHARES}{theirs.share.pk}/", token=token).status_code == 404
    assert send(client, "delete", f"{SHARES}{theirs.share.pk}/", token=token).status_code == 404
    assert Client().get(f"/shared/{theirs.token}/").status_code == 200


@pytest.mark.parametrize("path", ["/api/v1/me/export/fhir/", "/api/v1/me/export/csv/"])
def test_the_standard_and_spreadsheet_exports_need_a_fresh_reauthentication(client, owner, path):
    response = send(client, "post", LOGIN, {"email": owner.email, "password": PASSWORD})
    session_token = response.json()["meta"]["session_token"]

    response = send(client, "get", path, token=session_token)

    assert response.status_code == 403
    assert response.json()["code"] == "reauthentication_required"
