"""Signing up, logging in and resetting a password: rate limits on, no way to learn whether an
address has an account from what the site says, passwords checked by Django's validators, and
no endpoint of allauth's API that fails with a 500."""

import json
import re

import pytest
from django.contrib.auth import get_user_model
from django.test import Client
from django.urls import reverse

from tests.factories import PASSWORD, UserFactory
from tests.test_pages import _named_patterns

pytestmark = pytest.mark.django_db

User = get_user_model()
APP = "/_allauth/app/v1"
NEW_PASSWORD = "another-long-and-calm-passphrase"
WRONG = "not-the-right-passphrase"
UNKNOWN = "nobody-here@example.com"
TOO_MANY = "Too many failed login attempts."


def app(path: str, body: dict):
    response = Client().post(f"{APP}{path}", json.dumps(body), content_type="application/json")
    return response.status_code, response.json()


def without_tokens(answer: dict) -> dict:
    """An allauth answer with its per-request session token blanked, for comparing two."""
    answer = json.loads(json.dumps(answer))
    answer.get("meta", {}).pop("session_token", None)
    return answer


def page_text(response) -> str:
    return re.sub(r"\s+", " ", re.sub(r"<[^>]+>", " ", response.content.decode()))


def form_login(email: str, password: str):
    return Client().post(reverse("account_login"), {"login": email, "password": password})


@pytest.fixture
def person():
    return UserFactory()


# --- rate limits ----------------------------------------------------------------------------------


def test_after_five_wrong_passwords_even_the_right_one_is_refused_for_a_while(person):
    for _ in range(5):
        assert "not correct" in page_text(form_login(person.email, WRONG))

    refused = form_login(person.email, PASSWORD)

    assert refused.status_code == 200  # the form again, not a redirect into the site
    assert TOO_MANY in page_text(refused)
    assert "_auth_user_id" not in refused.client.session


def test_the_app_login_is_rate_limited_the_same_way(person):
    for _ in range(5):
        assert app("/auth/login", {"email": person.email, "password": WRONG})[0] == 400

    status, answer = app("/auth/login", {"email": person.email, "password": PASSWORD})

    assert status == 400
    assert answer["errors"][0]["code"] == "too_many_login_attempts"


def test_many_failed_logins_from_one_address_are_refused_whatever_the_email():
    for n in range(10):
        form_login(f"guess{n}@example.com", WRONG)

    assert TOO_MANY in page_text(form_login("guess-eleven@example.com", WRONG))


# --- nothing tells whether an address has an account ------------------------------------------


def test_a_wrong_password_and_an_unknown_address_get_the_same_answer_on_the_login_page(person):
    wrong, unknown = form_login(person.email, WRONG), form_login(UNKNOWN, WRONG)

    assert wrong.status_code == unknown.status_code == 200
    message = "The email address and/or password you specified are not correct."
    assert message in page_text(wrong)
    assert message in page_text(unknown)


def test_a_wrong_password_and_an_unknown_address_get_the_same_answer_from_the_app_login(person):
    assert app("/auth/login", {"email": person.email, "password": WRONG}) == app(
        "/auth/login", {"email": UNKNOWN, "password": WRONG}
    )


def test_signing_up_with_a_taken_address_looks_the_same_as_with_a_new_one(person, mailoutbox):
    def sign_up(email):
        return Client().post(
            reverse("account_signup"),
            {"email": email, "password1": NEW_PASSWORD, "password2": NEW_PASSWORD},
        )

    taken, fresh = sign_up(person.email), sign_up("fresh@example.com")

    assert (taken.status_code, taken["Location"]) == (fresh.status_code, fresh["Location"])
    # The owner of the taken address is told by email, which only they can read.
    (warning,) = [m for m in mailoutbox if m.to == [person.email]]
    assert "You already have an OsteoFit account" in warning.subject
    assert User.objects.filter(email__iexact=person.email).count() == 1


def test_app_sign_up_with_a_taken_address_looks_the_same_as_with_a_new_one(person):
    taken = app("/auth/signup", {"email": person.email, "password": NEW_PASSWORD})
    fresh = app("/auth/signup", {"email": "fresh@example.com", "password": NEW_PASSWORD})

    assert taken[0] == fresh[0] == 401
    assert without_tokens(taken[1]) == without_tokens(fresh[1])


def test_a_password_reset_for_an_unknown_address_looks_the_same(person, mailoutbox):
    def reset(email):
        return Client().post(reverse("account_reset_password"), {"email": email})

    known, unknown = reset(person.email), reset(UNKNOWN)

    assert (known.status_code, known["Location"]) == (unknown.status_code, unknown["Location"])
    assert app("/auth/password/request", {"email": person.email}) == app(
        "/auth/password/request", {"email": UNKNOWN}
    )
    assert {m.to[0] for m in mailoutbox} == {person.email, UNKNOWN}


# --- passwords ----------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("password", "message"),
    [
        ("short1", "This password is too short."),
        ("password123", "This password is too common."),
        ("8462019375", "This password is entirely numeric."),
    ],
)
def test_a_weak_password_is_refused_by_djangos_validators_in_the_form_and_the_app(
    password, message
):
    email = "rosa.fernandez.long@example.com"
    form = Client().post(
        reverse("account_signup"), {"email": email, "password1": password, "password2": password}
    )
    status, answer = app("/auth/signup", {"email": email, "password": password})

    assert form.status_code == 200
    assert message in page_text(form)
    assert status == 400
    assert any(message in error["message"] for error in answer["errors"])
    assert not User.objects.filter(email=email).exists()


def test_a_password_like_the_email_address_is_refused_on_the_sign_up_page():
    # The app's sign-up refuses it too: tests/security/test_signup_timing.py.
    email, password = "rosa.fernandez.long@example.com", "rosa.fernandez.long"
    form = Client().post(
        reverse("account_signup"), {"email": email, "password1": password, "password2": password}
    )

    assert "The password is too similar to the email" in page_text(form)
    assert not User.objects.filter(email=email).exists()


# --- allauth's API never fails with a 500 ------------------------------------------------------


@pytest.mark.parametrize("signed_in", [False, True], ids=["anonymous", "signed in"])
def test_no_allauth_api_endpoint_fails_with_a_server_error_for_any_method(signed_in):
    client = Client(raise_request_exception=False)
    if signed_in:
        client.force_login(UserFactory())
    body = json.dumps(
        {"email": UNKNOWN, "password": WRONG, "phone": "+447700900123", "key": "ABCD-EFGH"}
    )

    failures = []
    for name, pattern in _named_patterns():
        if not name.startswith("headless") or "<" in str(pattern.pattern):
            continue
        for method in ("GET", "POST", "PUT", "DELETE"):
            response = client.generic(method, reverse(name), body, content_type="application/json")
            if response.status_code >= 500:
                failures.append((method, reverse(name), response.status_code))

    assert failures == []
