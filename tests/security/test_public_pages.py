"""Anonymous visitors get the public pages whole from the process's copy, with no session,
no cookie and no database; compressed only there (BREACH: nothing secret in those bodies)."""

from __future__ import annotations

import gzip

import pytest
from django.urls import reverse

from exercises.models import Exercise

pytestmark = pytest.mark.django_db

PUBLIC = ["/", "/exercises/", "/exercises/avoid/", "/exercises/?kind=strength"]


@pytest.fixture
def public(catalogue_loaded):
    return [*PUBLIC, reverse("exercises:detail", args=["chin-tuck"])]


def test_an_anonymous_public_page_sets_no_cookie_and_may_be_kept_by_a_shared_cache(client, public):
    for path in public:
        answer = client.get(path)

        assert answer.status_code == 200, path
        assert not answer.cookies, path
        assert "csrfmiddlewaretoken" not in answer.text, path
        assert answer["Cache-Control"] == "public, max-age=60", path
        vary = {name.strip() for name in answer["Vary"].split(",")}
        assert {"Accept-Encoding", "Cookie", "X-Session-Token"} <= vary, path


def test_a_second_anonymous_visitor_costs_no_query_and_gets_the_same_page(
    client, public, django_assert_num_queries
):
    for path in public:
        first = client.get(path)
        with django_assert_num_queries(0):
            again = client.get(path)
        assert again.content == first.content, path


def test_a_public_page_is_gzipped_for_an_anonymous_visitor_who_accepts_it(client, public):
    for path in public:
        plain = client.get(path)
        zipped = client.get(path, headers={"Accept-Encoding": "gzip, br"})

        assert "Content-Encoding" not in plain, path
        assert zipped["Content-Encoding"] == "gzip", path
        assert gzip.decompress(zipped.content) == plain.content, path


def test_a_signed_in_page_is_never_compressed_nor_shared(signed_in_client, public):
    for path in public:
        answer = signed_in_client.get(path, headers={"Accept-Encoding": "gzip"})

        assert "Content-Encoding" not in answer, path
        assert answer["Cache-Control"] == "private, no-store", path


def test_a_signed_in_visitor_never_gets_the_anonymous_copy(client, user, catalogue_loaded):
    anonymous = client.get("/exercises/")
    client.force_login(user)

    signed_in = client.get("/exercises/")

    assert b"Log out" not in anonymous.content
    assert signed_in.content != anonymous.content
    assert b"Log out" in signed_in.content


def test_a_free_text_search_is_neither_kept_nor_compressed(client, catalogue_loaded):
    client.get("/exercises/?q=row")

    answer = client.get("/exercises/?q=row", headers={"Accept-Encoding": "gzip"})

    assert "Content-Encoding" not in answer
    assert "public" not in answer.get("Cache-Control", "")


def test_the_signed_out_notice_on_the_landing_page_is_not_lost_to_the_copy(
    client, user, catalogue_loaded
):
    client.get("/")  # the anonymous copy exists
    client.force_login(user)

    signed_out = client.post("/accounts/logout/", follow=True)

    assert signed_out.redirect_chain[-1][0] == reverse("home")
    assert b"you have logged out" in signed_out.content.lower()


def test_a_catalogue_change_is_shown_to_the_next_anonymous_visitor(
    client, catalogue_loaded, django_capture_on_commit_callbacks
):
    client.get("/exercises/")
    exercise = Exercise.objects.get(slug="chin-tuck")
    with django_capture_on_commit_callbacks(execute=True):
        exercise.name = "Chin Tuck, renamed"
        exercise.save()

    assert b"Chin Tuck, renamed" in client.get("/exercises/").content
