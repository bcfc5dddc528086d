"""Sign-up says nothing about whether an address has an account (having one says a person has
osteoporosis): not in its answer, and not in how long the answer takes. And both sign-ups, the
page and the app's, check the password against the address being signed up."""

import json
import statistics
import time

import pytest
from django.contrib.auth import get_user_model
from django.test import Client, override_settings
from django.urls import reverse

from osteofit.settings import base
from tests.factories import UserFactory

pytestmark = pytest.mark.django_db

User = get_user_model()
NEW_PASSWORD = "another-long-and-calm-passphrase"
TRIES = 8  # sign-ups per kind of address, half on each door; each costs a production hash


def page_sign_up(email: str, n: int, again: str = NEW_PASSWORD):
    # One client address per try: the per-address sign-up limit is not what is measured.
    client = Client(REMOTE_ADDR=f"10.0.0.{n}")
    answer = client.post(
        reverse("account_signup"),
        {"email": email, "password1": NEW_PASSWORD, "password2": again},
    )
    return answer.status_code, answer.get("Location")


def app_sign_up(email: str, n: int, again: str = NEW_PASSWORD):
    client = Client(REMOTE_ADDR=f"10.0.1.{n}")
    answer = client.post(
        "/_allauth/app/v1/auth/signup",
        json.dumps({"email": email, "password": NEW_PASSWORD if again == NEW_PASSWORD else ""}),
        content_type="application/json",
    )
    body = answer.json()
    body.get("meta", {}).pop("session_token", None)  # a fresh one each time, taken or not
    return answer.status_code, body


def timed(sign_up, email: str, n: int):
    started = time.perf_counter()
    answer = sign_up(email, n)
    return time.perf_counter() - started, answer


def median_ratio(times: list[tuple[str, str, float]], door: str | None = None) -> float:
    def median(kind):
        return statistics.median(t for d, k, t in times if k == kind and door in {None, d})

    return median("taken") / median("new")


def test_signing_up_with_a_taken_address_takes_as_long_and_answers_the_same():
    doors = {"page": page_sign_up, "app": app_sign_up}
    taken = [UserFactory().email for _ in range(TRIES)]
    new = [f"newcomer{n}@example.com" for n in range(TRIES)]
    for sign_up in doors.values():  # loads code and templates; hashes nothing
        sign_up("warm-up@example.com", 0, again="a mistyped password")

    times, answers = [], {door: set() for door in doors}
    # Production's hashing, not the tests' fast MD5: it is the slow part of a sign-up.
    with override_settings(PASSWORD_HASHERS=base.PASSWORD_HASHERS):
        for n, (taken_email, new_email) in enumerate(zip(taken, new, strict=True)):
            door = "page" if n % 2 else "app"
            for kind, email in (("taken", taken_email), ("new", new_email)):
                seconds, answer = timed(doors[door], email, 2 + 2 * n + (kind == "new"))
                times.append((door, kind, seconds))
                answers[door].add(json.dumps(answer, sort_keys=True))

    assert [0.5 < median_ratio(times, door) < 2 for door in (None, *doors)] == [True] * 3, times
    assert {door: len(seen) for door, seen in answers.items()} == {"page": 1, "app": 1}, answers
    assert User.objects.filter(email__startswith="newcomer").count() == TRIES


# --- passwords like the address ------------------------------------------------------------------

EMAIL = "rosa.fernandez.long@example.com"
LIKE_THE_EMAIL = "rosa.fernandez.long12"
TOO_SIMILAR = "The password is too similar to the email address."


def test_the_app_sign_up_refuses_a_password_like_the_email_in_allauths_error_shape():
    answer = Client().post(
        "/_allauth/app/v1/auth/signup",
        json.dumps({"email": EMAIL, "password": LIKE_THE_EMAIL}),
        content_type="application/json",
    )

    assert answer.status_code == 400
    assert answer.json() == {
        "status": 400,
        "errors": [{"message": TOO_SIMILAR, "code": "password_too_similar", "param": "password"}],
    }
    assert not User.objects.filter(email=EMAIL).exists()


def test_the_sign_up_page_refuses_a_password_like_the_email():
    answer = Client().post(
        reverse("account_signup"),
        {"email": EMAIL, "password1": LIKE_THE_EMAIL, "password2": LIKE_THE_EMAIL},
    )

    assert answer.status_code == 200
    assert TOO_SIMILAR in answer.content.decode()
    assert not User.objects.filter(email=EMAIL).exists()


def test_the_app_sign_up_accepts_a_password_unlike_the_email():
    answer = Client().post(
        "/_allauth/app/v1/auth/signup",
        json.dumps({"email": EMAIL, "password": NEW_PASSWORD}),
        content_type="application/json",
    )

    assert answer.status_code == 401  # signed up, waiting for the emailed code
    assert User.objects.filter(email=EMAIL).exists()
