"""/robots.txt, read by the standard library's robots.txt parser as a crawler would: the public
pages may be crawled; every address that carries a secret, the API and the admin may not."""

from urllib.robotparser import RobotFileParser

import pytest

from tests.factories import UserFactory

pytestmark = pytest.mark.django_db


@pytest.fixture
def crawler(client):
    answer = client.get("/robots.txt")
    assert answer.status_code == 200
    assert answer["Content-Type"] == "text/plain; charset=utf-8"
    parser = RobotFileParser()
    parser.parse(answer.content.decode().splitlines())
    return parser


@pytest.mark.parametrize(
    "path",
    ["/", "/exercises/", "/exercises/seated-row/", "/exercises/avoid/", "/safety/", "/dashboard/"],
)
def test_public_pages_and_pages_behind_login_may_be_crawled(crawler, path):
    """A crawler is only ever sent to the login page from a page behind it."""
    assert crawler.can_fetch("AnyBot", path)


@pytest.mark.parametrize(
    "path",
    [
        "/shared/some-secret-token/",
        "/r/log/some-token/",
        "/r/unsubscribe/some-token/",
        "/calendar/some-token.ics",
        "/accounts/password/reset/key/some-key/",
        "/accounts/confirm-email/some-key/",
        "/account/email/undo/some-token/",
        "/api/v1/sessions/",
        "/_allauth/app/v1/auth/session",
        "/admin/",
    ],
)
def test_secret_bearing_links_the_api_and_the_admin_are_kept_out(crawler, path):
    assert not crawler.can_fetch("AnyBot", path)


def test_it_is_one_answer_that_shared_caches_may_keep_even_for_someone_signed_in(client):
    client.force_login(UserFactory())
    answer = client.get("/robots.txt")
    assert "public" in answer["Cache-Control"]
    assert "private" not in answer["Cache-Control"]
    assert not answer.cookies
