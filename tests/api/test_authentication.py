"""Who is calling: a client can tell "log in again" (401) from "not allowed" (403)."""

import datetime as dt

import pytest
from django.contrib.sessions.models import Session as StoredSession
from django.test import Client
from django.utils import timezone

from osteofit.api_auth import CHALLENGE
from tests.api.helpers import ME, PROGRAM, PROGRAM_BODY, app_token, send
from tests.factories import UserFactory

pytestmark = pytest.mark.django_db


def test_no_credentials_is_a_401_that_says_how_to_sign_in(client):
    response = client.get(PROGRAM)

    assert response.status_code == 401
    assert response["WWW-Authenticate"] == CHALLENGE
    assert response.json()["code"] == "not_authenticated"


@pytest.mark.parametrize("token", ["made-up", "x" * 300])
def test_a_token_nobody_was_given_is_a_401_authentication_failed(client, token):
    response = send(client, "get", ME, token=token)

    assert response.status_code == 401
    assert response["WWW-Authenticate"] == CHALLENGE
    assert response.json()["code"] == "authentication_failed"


def test_an_expired_token_is_a_401_authentication_failed(client):
    token = app_token(client, UserFactory())
    StoredSession.objects.update(expire_date=timezone.now() - dt.timedelta(seconds=1))

    response = send(Client(), "get", ME, token=token)

    assert response.status_code == 401
    assert response.json()["code"] == "authentication_failed"


def test_a_valid_token_opens_the_api(client):
    person = UserFactory()

    response = send(Client(), "get", ME, token=app_token(client, person))

    assert response.status_code == 200
    assert response.json()["email"] == person.email


def test_a_refused_token_does_not_fall_back_to_the_browser_cookie(client):
    client.force_login(UserFactory())

    response = send(client, "get", ME, token="made-up")

    assert response.status_code == 401


def test_a_signed_in_browser_write_without_the_csrf_token_is_a_403_not_a_401():
    browser = Client(enforce_csrf_checks=True)
    browser.force_login(UserFactory())

    response = browser.put(PROGRAM, PROGRAM_BODY, content_type="application/json")

    assert response.status_code == 403
    assert "WWW-Authenticate" not in response
    assert "CSRF" in response.json()["detail"]


def test_a_signed_in_browser_write_with_the_csrf_token_works():
    browser = Client(enforce_csrf_checks=True)
    browser.force_login(UserFactory())
    token = get_token_for(browser)

    response = browser.put(
        PROGRAM, PROGRAM_BODY, content_type="application/json", headers={"X-CSRFToken": token}
    )

    assert response.status_code == 201


def get_token_for(browser) -> str:
    """The CSRF token a page gives the browser (a GET sets the cookie)."""
    browser.get("/")
    return browser.cookies["csrftoken"].value
