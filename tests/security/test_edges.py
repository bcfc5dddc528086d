"""The edges of the site, probed as an attacker would: answers a cache may keep, bodies nested to
crash a parser, a forged X-Forwarded-For, secrets in log lines, browser features, /health/."""

from __future__ import annotations

import logging
import subprocess
import sys

import pytest
from django.contrib.auth import get_user_model
from rest_framework.throttling import SimpleRateThrottle

from osteofit.middleware import MAX_JSON_NESTING, nesting_exceeds
from tests.api.helpers import LOGIN, PROGRAM, PROGRAM_BODY, SESSIONS, SIGNUP, send, session_body
from tests.factories import PASSWORD, UserFactory
from tests.reliability import processes
from tracking.models import Program, Session

pytestmark = pytest.mark.django_db

User = get_user_model()
TOKEN = "MTIz:1vQz7f:Secret-Token_value"  # shaped like a signed link token
SECRET_PATHS = [
    f"/r/log/{TOKEN}/",
    f"/r/unsubscribe/{TOKEN}/",
    f"/r/week/{TOKEN}/",
    f"/calendar/{TOKEN}.ics",
]
# Account keys sent by email: a password reset, an address confirmation, an email-change undo.
ACCOUNT_KEY_PATHS = [
    f"/accounts/password/reset/key/{TOKEN}/",
    f"/accounts/confirm-email/{TOKEN}/",
    f"/account/email/undo/{TOKEN}/",
]
PRIVATE = "private, no-store"


def token_for(client, user) -> str:
    response = send(client, "post", LOGIN, {"email": user.email, "password": PASSWORD})
    assert response.status_code == 200, response.content
    return response.json()["meta"]["session_token"]


# --- answers a shared cache may keep ---------------------------------------------------------


def test_a_signed_in_persons_page_is_private_and_varies_by_cookie_and_token(signed_in_client):
    response = signed_in_client.get("/account/")

    assert response["Cache-Control"] == PRIVATE
    assert {"Cookie", "X-Session-Token"} <= {v.strip() for v in response["Vary"].split(",")}


def test_an_api_answer_to_a_token_is_private(client, user):
    response = send(client, "get", "/api/v1/me/", token=token_for(client, user))

    assert response.status_code == 200
    assert response["Cache-Control"] == PRIVATE
    assert "X-Session-Token" in response["Vary"]


@pytest.mark.parametrize("token", [None, "made-up-token"])
def test_an_api_refusal_is_never_kept_either(client, token):
    response = send(client, "get", "/api/v1/me/export/", token=token)

    assert response.status_code in {401, 403}
    assert "X-Session-Token" in response["Vary"]
    if token:
        assert response["Cache-Control"] == PRIVATE


@pytest.mark.parametrize("path", ["/accounts/login/", "/_allauth/app/v1/config"])
def test_allauths_pages_and_api_are_private(client, path):
    assert client.get(path)["Cache-Control"] == PRIVATE


@pytest.mark.parametrize("path", SECRET_PATHS)
def test_an_address_that_carries_a_secret_is_private(client, path):
    assert client.get(path)["Cache-Control"] == PRIVATE


@pytest.mark.parametrize("path", ["/", "/exercises/", "/exercises/avoid/", "/api/v1/exercises/"])
def test_public_answers_to_anonymous_visitors_stay_cacheable(client, path):
    response = client.get(path)

    assert response.status_code == 200
    assert "private" not in response.get("Cache-Control", "")  # the pages say public, max-age=60
    assert "X-Session-Token" in response["Vary"]


# --- JSON nested to crash a parser ----------------------------------------------------------

DEEP_LIST = b"[" * 200_000
DEEP_OBJECT = b'{"a":' * (MAX_JSON_NESTING + 1) + b"1" + b"}" * (MAX_JSON_NESTING + 1)


@pytest.mark.parametrize("body", [DEEP_LIST, DEEP_OBJECT], ids=["list", "object"])
@pytest.mark.parametrize("path", [LOGIN, SIGNUP])
def test_deep_json_to_allauths_headless_api_is_a_400_in_its_error_shape(client, path, body):
    users = User.objects.count()

    response = client.post(path, body, content_type="application/json")

    assert response.status_code == 400
    error = response.json()
    assert error["status"] == 400
    assert error["errors"][0]["code"] == "too_deeply_nested"
    assert User.objects.count() == users
    assert "_auth_user_id" not in client.session


@pytest.mark.parametrize("body", [DEEP_LIST, DEEP_OBJECT], ids=["list", "object"])
@pytest.mark.parametrize(("method", "path"), [("post", SESSIONS), ("put", PROGRAM)])
def test_deep_json_to_the_api_is_a_400_in_our_error_shape_and_writes_nothing(
    client, user, method, path, body
):
    token = token_for(client, user)

    response = getattr(client, method)(
        path, body, content_type="application/json", headers={"X-Session-Token": token}
    )

    assert response.status_code == 400
    assert response.json() == {
        "detail": f"The JSON body is nested more than {MAX_JSON_NESTING} levels deep. "
        "Nothing was saved.",
        "code": "too_deeply_nested",
        "fields": {},
    }
    assert not Program.objects.filter(user=user).exists()
    assert not Session.objects.filter(program__user=user).exists()


def test_deep_json_labelled_as_a_form_to_allauths_api_is_still_a_400(client):
    """allauth's headless API reads the body as JSON whatever the Content-Type says."""
    response = client.post(LOGIN, DEEP_LIST, content_type="application/x-www-form-urlencoded")

    assert response.status_code == 400
    assert response.json()["errors"][0]["code"] == "too_deeply_nested"


def test_deep_json_in_utf_16_is_counted_as_the_parser_reads_it(client, user):
    """In UTF-16 a character can hold a quote byte, which read as bytes would hide the rest."""
    token = token_for(client, user)
    # A str: the test client encodes it with the charset the Content-Type names.
    body = '{"notes": "\u2241", "x": ' + "[" * 5000 + "]" * 5000 + "}"

    response = client.post(
        SESSIONS,
        body,
        content_type="application/json; charset=utf-16",
        headers={"X-Session-Token": token},
    )

    assert response.status_code == 400
    assert response.json()["code"] == "too_deeply_nested"


def test_brackets_inside_text_are_not_nesting(client, user):
    token = token_for(client, user)
    assert send(client, "put", PROGRAM, PROGRAM_BODY, token=token).status_code in {200, 201}

    response = send(client, "post", SESSIONS, session_body(notes="[{" * 100), token=token)

    assert response.status_code == 201, response.content


def test_nesting_is_counted_outside_strings_only():
    assert not nesting_exceeds(b'{"a": "' + b"[" * 1000 + b'"}', 64)
    assert not nesting_exceeds(b'["\\"[[[[", ' * 10 + b"1" + b"]" * 10, 64)
    assert not nesting_exceeds(b"[" * 64 + b"]" * 64, 64)
    assert nesting_exceeds(b"[" * 65, 64)
    assert not nesting_exceeds(b'"\\"' * 100_000, 64)  # an unterminated string, read once


# --- X-Forwarded-For --------------------------------------------------------------------------


def test_a_forged_x_forwarded_for_does_not_dodge_the_anonymous_throttle(client, monkeypatch):
    monkeypatch.setattr(SimpleRateThrottle, "THROTTLE_RATES", {"anon": "2/minute", "user": None})

    statuses = [
        client.get("/api/v1/exercises/", headers={"X-Forwarded-For": f"198.51.100.{n}"}).status_code
        for n in range(3)
    ]

    assert statuses == [200, 200, 429]


# --- secrets in log lines ---------------------------------------------------------------------


@pytest.mark.parametrize("path", [*SECRET_PATHS, f"/r/log/{TOKEN}/and-more"])
def test_djangos_request_log_never_shows_a_link_token(client, caplog, path):
    with caplog.at_level(logging.WARNING, logger="django.request"):
        response = client.get(path)

    assert response.status_code >= 400
    assert caplog.records, "Django logged nothing for the refused request"
    assert "[redacted]" in caplog.text
    assert "Secret-Token_value" not in caplog.text


def test_a_refused_form_on_a_link_page_logs_no_token_either(caplog):
    from django.test import Client

    careful = Client(enforce_csrf_checks=True)
    with caplog.at_level(logging.WARNING):
        response = careful.post(f"/r/week/{TOKEN}/", {})

    assert response.status_code == 403
    assert "/r/week/[redacted]/" in caplog.text
    assert "Secret-Token_value" not in caplog.text


def test_gunicorns_access_log_never_shows_a_link_token(tmp_path):
    """gunicorn started by the Procfile's own command; its access log read from its output."""
    env = processes.process_env(
        DJANGO_SETTINGS_MODULE="osteofit.settings.local",
        DEBUG="false",
        DATABASE_URL=f"sqlite:///{tmp_path}/logs.sqlite3",
        WEB_HOST="127.0.0.1",
        PORT=str(processes.free_port()),
        WEB_CONCURRENCY="1",
        PATH=f"{processes.VENV_BIN}:/usr/bin:/bin",
    )
    processes.manage(env, "migrate", "--noinput", "-v0")
    web = next(
        line.partition(":")[2].strip()
        for line in (processes.ROOT / "Procfile").read_text().splitlines()
        if line.startswith("web:")
    )
    service = processes.Service("web", ["sh", "-c", f"exec {web}"], env, tmp_path)
    base = f"http://127.0.0.1:{env['PORT']}"
    try:
        processes.wait_until(lambda: _serving(base), timeout=30, what="gunicorn to answer")
        for path in [*SECRET_PATHS, *ACCOUNT_KEY_PATHS, f"/accounts/login/?next=/r/log/{TOKEN}/"]:
            processes.request("GET", base + path, headers={"Referer": f"{base}/r/week/{TOKEN}/"})
    finally:
        service.stop()

    log = service.output
    assert "GET /r/log/[redacted]/ HTTP/1.1" in log
    assert "/calendar/[redacted].ics" in log
    assert "GET /accounts/password/reset/key/[redacted]/ HTTP/1.1" in log
    assert "GET /account/email/undo/[redacted]/ HTTP/1.1" in log
    assert "Secret-Token_value" not in log


def _serving(base: str) -> bool:
    try:
        processes.request("GET", f"{base}/exercises/", timeout=1)
        return True
    except OSError:
        return False


# --- browser features, /health/ ---------------------------------------------------------------


@pytest.mark.parametrize(
    "path", ["/", "/exercises/", "/api/v1/exercises/", "/no-such-page/", "/static/js/guided.js"]
)
def test_every_answer_refuses_camera_microphone_geolocation_and_the_rest(client, path):
    policy = {
        part.strip().split("=")[0]: part.strip().split("=")[1]
        for part in client.get(path)["Permissions-Policy"].split(",")
    }

    for feature in ("camera", "microphone", "geolocation", "payment", "usb", "serial"):
        assert policy[feature] == "()"


def test_health_shows_only_the_overall_status_to_the_internet(client):
    response = client.get("/health/", REMOTE_ADDR="203.0.113.9")

    assert response.status_code == 200
    assert response.json() == {"status": "ok"}
    assert "no-store" in response["Cache-Control"]


@pytest.mark.parametrize("address", ["127.0.0.1", "::1"])
def test_health_shows_its_checks_to_the_machine_itself(client, address):
    response = client.get("/health/", REMOTE_ADDR=address)

    assert set(response.json()["checks"]) == {"database", "broker"}


def test_health_shows_its_checks_to_staff_anywhere(client):
    client.force_login(UserFactory(is_staff=True))

    response = client.get("/health/", REMOTE_ADDR="203.0.113.9")

    assert set(response.json()["checks"]) == {"database", "broker"}


def test_behind_a_trusted_proxy_health_judges_the_client_not_the_proxy(client, settings):
    settings.ALLAUTH_TRUSTED_PROXY_COUNT = 1

    from_outside = client.get(
        "/health/", REMOTE_ADDR="127.0.0.1", headers={"X-Forwarded-For": "203.0.113.9"}
    )
    forged = client.get(
        "/health/", REMOTE_ADDR="127.0.0.1", headers={"X-Forwarded-For": "127.0.0.1, 203.0.113.9"}
    )

    assert "checks" not in from_outside.json()
    assert "checks" not in forged.json()


def test_production_believes_x_forwarded_proto_only_with_a_trusted_proxy():
    def proxy_header(**values: str) -> str:
        env = processes.production_env(
            processes.ROOT,
            DATABASE_URL="sqlite:////tmp/osteofit-unused.sqlite3",
            EMAIL_URL="memory:",
            **values,
        )
        code = "from django.conf import settings; print(settings.SECURE_PROXY_SSL_HEADER)"
        result = subprocess.run(
            [sys.executable, "manage.py", "shell", "-c", code],
            cwd=processes.ROOT,
            env=env,
            capture_output=True,
            text=True,
            timeout=120,
        )
        assert result.returncode == 0, result.stderr
        return result.stdout.strip().splitlines()[-1]

    assert proxy_header(TRUSTED_PROXIES="0") == "None"
    assert proxy_header(TRUSTED_PROXIES="1") == "('HTTP_X_FORWARDED_PROTO', 'https')"
