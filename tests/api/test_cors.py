"""A web front-end on an origin named in CORS_ALLOWED_ORIGINS may call the API and allauth's
headless API with a session token; any other origin gets no CORS headers at all."""

import pytest
from django.test import override_settings

from osteofit.settings import environment
from tests.api.helpers import LOGIN, PROGRAM

pytestmark = pytest.mark.django_db

ALLOWED = "https://app.osteofit.example"
REFUSED = "https://elsewhere.example"


def preflight(client, url: str, origin: str, method: str = "PUT", headers: str = ""):
    return client.options(
        url,
        headers={
            "Origin": origin,
            "Access-Control-Request-Method": method,
            "Access-Control-Request-Headers": headers or "x-session-token, if-match, content-type",
        },
    )


@pytest.fixture(autouse=True)
def one_allowed_origin():
    with override_settings(CORS_ALLOWED_ORIGINS=[ALLOWED]):
        yield


@pytest.mark.parametrize("url", [PROGRAM, LOGIN])
def test_a_preflight_from_an_allowed_origin_is_answered(client, url):
    response = preflight(client, url, ALLOWED, method="POST" if url == LOGIN else "PUT")

    assert response.status_code == 200
    assert response["Access-Control-Allow-Origin"] == ALLOWED
    allowed = {h.strip() for h in response["Access-Control-Allow-Headers"].split(",")}
    assert {"x-session-token", "idempotency-key", "if-match", "if-none-match"} <= allowed
    assert "Access-Control-Allow-Credentials" not in response


def test_a_preflight_from_another_origin_gets_no_cors_headers(client):
    response = preflight(client, PROGRAM, REFUSED)

    assert "Access-Control-Allow-Origin" not in response


def test_an_allowed_origin_may_read_the_headers_the_api_sends(client):
    response = client.get("/api/v1/exercises/", headers={"Origin": ALLOWED})

    exposed = {h.strip() for h in response["Access-Control-Expose-Headers"].split(",")}
    assert exposed == {"ETag", "Location", "Retry-After", "Idempotent-Replayed"}


def test_pages_outside_the_api_get_no_cors_headers(client):
    response = client.get("/", headers={"Origin": ALLOWED})

    assert "Access-Control-Allow-Origin" not in response


def test_no_origin_is_allowed_unless_the_environment_names_it(monkeypatch):
    monkeypatch.delenv("CORS_ALLOWED_ORIGINS", raising=False)

    assert environment.origins("CORS_ALLOWED_ORIGINS") == []


def test_the_environment_names_allowed_origins_by_comma(monkeypatch):
    monkeypatch.setenv("CORS_ALLOWED_ORIGINS", f"{ALLOWED}, http://localhost:5173")

    assert environment.origins("CORS_ALLOWED_ORIGINS") == [ALLOWED, "http://localhost:5173"]


@pytest.mark.parametrize("bad", ["app.example.com", "https://app.example.com/path", "ftp://x.y"])
def test_an_origin_that_is_not_one_stops_the_start_naming_the_variable(monkeypatch, bad):
    monkeypatch.setenv("CORS_ALLOWED_ORIGINS", bad)

    with pytest.raises(environment.ConfigurationError, match="CORS_ALLOWED_ORIGINS"):
        environment.origins("CORS_ALLOWED_ORIGINS")
