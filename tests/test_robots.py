"""/robots.txt, read by the standard library's robots.txt parser as a crawler would: the
public pages may be crawled, personal pages, share links and the API may not."""

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
    "path", ["/", "/exercises/", "/exercises/seated-row/", "/exercises/avoid/", "/safety/"]
)
def test_public_pages_may_be_crawled(crawler, path):
    assert crawler.can_fetch("AnyBot", path)


@pytest.mark.parametrize(
    "path",
    [
        "/shared/some-secret-token/",
        "/api/v1/sessions/",
        "/dashboard/",
        "/today/",
        "/accounts/login/",
        "/account/data/",
        "/r/log/some-token/",
        "/calendar/some-token.ics",
        "/admin/",
    ],
)
def test_personal_pages_share_links_and_the_api_are_kept_out(crawler, path):
    assert not crawler.can_fetch("AnyBot", path)


def test_it_is_one_answer_that_shared_caches_may_keep_even_for_someone_signed_in(client):
    client.force_login(UserFactory())
    answer = client.get("/robots.txt")
    assert "public" in answer["Cache-Control"]
    assert "private" not in answer["Cache-Control"]
    assert not answer.cookies
