"""A signed-in request reads its session and its person in one query (osteofit.sessions), and
ending a session still ends it at once, with Redis down: nothing about who is signed in is
kept anywhere the database has not just confirmed."""

from __future__ import annotations

import pytest
from django.test import Client

from osteofit.accounts.services import account_delete, login_sessions_end
from tests.factories import PASSWORD, UserFactory

pytestmark = pytest.mark.django_db

LOGIN = "/_allauth/app/v1/auth/login"
SESSION = "/_allauth/app/v1/auth/session"
ME = "/api/v1/me/"


@pytest.fixture
def redis_down(settings):
    """The production cache, pointed at a port where no Redis listens."""
    settings.CACHES = {
        "default": {
            "BACKEND": "osteofit.resilient_cache.ResilientRedisCache",
            "LOCATION": "redis://127.0.0.1:9/0",
            "OPTIONS": {"socket_connect_timeout": 0.5, "socket_timeout": 0.5, "RETRY_AFTER": 5},
        }
    }


def token_for(user) -> str:
    answer = Client().post(
        LOGIN, {"email": user.email, "password": PASSWORD}, content_type="application/json"
    )
    assert answer.status_code == 200, answer.content
    return answer.json()["meta"]["session_token"]


def me(token: str) -> int:
    return Client().get(ME, HTTP_X_SESSION_TOKEN=token).status_code


def test_an_app_request_reads_the_token_session_and_person_in_one_query(
    django_assert_num_queries,
):
    token = token_for(UserFactory())
    assert me(token) == 200

    # allauth's token check was exists() + the session + the user: 3 queries, now 1; the rest
    # is /me/'s request transaction (a savepoint pair inside the test's transaction). 5 before.
    with django_assert_num_queries(3):
        assert me(token) == 200


def test_a_page_request_reads_the_session_and_person_in_one_query(
    signed_in_client, django_assert_num_queries
):
    signed_in_client.get("/exercises/")

    with django_assert_num_queries(1):
        answer = signed_in_client.get("/exercises/")

    assert answer.status_code == 200
    assert answer.context["user"].is_authenticated


def test_a_session_of_the_old_backend_names_still_signs_its_person_in(user):
    browser = Client()
    browser.force_login(user, backend="django.contrib.auth.backends.ModelBackend")

    assert browser.get("/dashboard/").status_code in (200, 302)
    assert browser.get("/account/").context["user"] == user


def test_logging_out_of_the_app_with_redis_down_ends_the_token_at_once(redis_down):
    token = token_for(UserFactory())
    assert me(token) == 200

    assert Client().delete(SESSION, HTTP_X_SESSION_TOKEN=token).status_code == 401

    assert me(token) == 401


def test_logging_out_of_the_site_with_redis_down_ends_the_session_at_once(
    redis_down, signed_in_client
):
    assert signed_in_client.get("/dashboard/").status_code in (200, 302)
    cookie = signed_in_client.cookies["sessionid"].value

    signed_in_client.post("/accounts/logout/")

    stale = Client()
    stale.cookies["sessionid"] = cookie
    assert stale.get("/dashboard/").status_code == 302  # to the login page


def test_a_password_change_with_redis_down_ends_the_other_sessions_at_once(redis_down):
    person = UserFactory()
    token = token_for(person)
    assert me(token) == 200

    person.set_password("a whole new password, 2026")
    person.save()

    assert me(token) == 401


def test_deleting_the_account_with_redis_down_ends_its_sessions_at_once(redis_down):
    person = UserFactory()
    token = token_for(person)
    assert me(token) == 200

    account_delete(user=person)

    assert me(token) == 401


def test_ending_the_other_sessions_with_redis_down_ends_them_at_once(redis_down):
    person = UserFactory()
    kept, other = token_for(person), token_for(person)
    assert me(kept) == me(other) == 200

    login_sessions_end(person.pk, keep=kept)

    assert me(other) == 401
    assert me(kept) == 200


def test_a_token_of_someone_else_never_reads_as_its_first_person(redis_down):
    ana, ben = UserFactory(), UserFactory()
    ana_token, ben_token = token_for(ana), token_for(ben)

    ana_me = Client().get(ME, HTTP_X_SESSION_TOKEN=ana_token).json()
    ben_me = Client().get(ME, HTTP_X_SESSION_TOKEN=ben_token).json()

    assert ana_me["email"] == ana.email
    assert ben_me["email"] == ben.email
