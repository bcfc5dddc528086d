import pytest
from django.test import Client
from django.urls import URLPattern, URLResolver, get_resolver, reverse

pytestmark = pytest.mark.django_db

PUBLIC_PAGES = {
    "",
    "health/",
    "accounts/login/",
    "accounts/signup/",
    "accounts/logout/",
    "accounts/login/code/",
    "accounts/login/code/confirm/",
    "accounts/password/reset/",
    "accounts/password/reset/done/",
    "accounts/password/reset/key/done/",
    "accounts/confirm-email/",
    "accounts/reauthenticate/",
    "accounts/inactive/",
}


def test_the_landing_page_says_what_osteofit_is_and_to_ask_a_doctor_first(client):
    response = client.get(reverse("home"))
    assert response.status_code == 200
    html = response.content.decode()
    assert "osteoporosis" in html
    assert "not medical advice" in html
    assert "Ask your doctor" in html
    assert '<html lang="en">' in html
    assert 'href="#main"' in html


def test_account_pages_use_the_site_layout(client):
    html = client.get(reverse("account_signup")).content.decode()
    assert '<html lang="en">' in html
    assert '<main id="main"' in html
    assert "username" not in html.lower()


def _static_paths(resolver=None, prefix=""):
    """Every URL pattern without parameters, as a path."""
    resolver = resolver or get_resolver()
    for pattern in resolver.url_patterns:
        route = str(pattern.pattern)
        if "<" in route or "(?P" in route or route.startswith("^"):
            continue
        if isinstance(pattern, URLResolver):
            yield from _static_paths(pattern, prefix + route)
        elif isinstance(pattern, URLPattern):
            yield prefix + route


def test_every_page_that_needs_login_redirects_anonymous_visitors_to_it(client):
    login = reverse("account_login")
    checked = 0
    for path in _static_paths():
        if path in PUBLIC_PAGES or path.startswith(
            ("admin/", "api/", "_allauth/", "static/", "media/")
        ):
            continue
        if path.startswith("exercises/"):
            continue
        response = client.get("/" + path)
        assert response.status_code == 302, f"/{path} answered {response.status_code}"
        assert response["Location"].startswith(login), f"/{path} went to {response['Location']}"
        checked += 1
    assert checked >= 3


def test_the_health_check_reports_the_database(client):
    response = client.get(reverse("health"))
    assert response.status_code == 200
    assert response.json()["checks"] == {"database": True, "broker": True}


def test_an_unknown_page_is_a_friendly_404_with_ways_back(client):
    response = client.get("/no-such-page/")
    assert response.status_code == 404
    html = response.content.decode()
    assert "We could not find that page" in html
    assert 'href="/"' in html


def test_a_form_sent_without_its_safety_cookie_gets_a_friendly_page():
    response = Client(enforce_csrf_checks=True).post("/accounts/login/", {"login": "x"})
    assert response.status_code == 403
    assert "Please try that again" in response.content.decode()


def test_an_unknown_api_address_answers_with_the_json_error_shape(client):
    response = client.get("/api/v1/no-such-endpoint/")
    assert response.status_code == 404
    assert response.json() == {
        "detail": "There is no API endpoint at this address.",
        "code": "not_found",
        "fields": {},
    }
