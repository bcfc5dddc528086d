"""What a browser gets from the production settings: HTTPS only, HSTS, secure and HttpOnly
cookies, CSRF bound to the site's own origin, no framing, a content security policy, a referrer
policy. `manage.py check --deploy` says the settings are there (tests/test_environment.py);
these tests look at real responses, made by tests/security/production_probe.py in a process
started with osteofit.settings.production."""

import base64
import hashlib
import json
import subprocess
import sys

import pytest

from tests.reliability import processes

HOST = "osteofit.example"
ANSWERS = ["home", "login page", "missing page", "api"]
PRINT_HANDLER = "'sha256-{}'".format(
    base64.b64encode(hashlib.sha256(b"window.print()").digest()).decode()
)


@pytest.fixture(scope="module")
def answers(tmp_path_factory):
    folder = tmp_path_factory.mktemp("production")
    result = subprocess.run(
        [sys.executable, "-m", "tests.security.production_probe"],
        cwd=processes.ROOT,
        env=processes.production_env(
            ALLOWED_HOSTS=HOST,
            CSRF_TRUSTED_ORIGINS=f"https://{HOST}",
            DATABASE_URL=f"sqlite:///{folder}/probe.sqlite3",
            EMAIL_URL="memory:",
        ),
        capture_output=True,
        text=True,
        timeout=180,
    )
    assert result.returncode == 0, result.stderr
    return json.loads(result.stdout.splitlines()[-1])


def test_plain_http_is_redirected_to_https(answers):
    plain = answers["plain http"]
    assert plain["status"] == 301
    assert plain["headers"]["Location"] == f"https://{HOST}/"


def test_the_health_check_answers_over_plain_http_for_the_load_balancer(answers):
    assert answers["health over http"]["status"] in {200, 503}


@pytest.mark.parametrize("name", ANSWERS)
def test_every_answer_carries_the_security_headers(answers, name):
    headers = answers[name]["headers"]

    assert headers["Strict-Transport-Security"] == "max-age=31536000; includeSubDomains; preload"
    assert headers["X-Frame-Options"] == "DENY"
    assert headers["X-Content-Type-Options"] == "nosniff"
    assert headers["Referrer-Policy"] == "same-origin"
    assert headers["Cross-Origin-Opener-Policy"] == "same-origin"
    assert "Content-Security-Policy-Report-Only" not in headers


@pytest.mark.parametrize("name", ANSWERS)
def test_the_content_security_policy_is_enforced_and_strict_about_scripts(answers, name):
    policy = dict(
        directive.strip().split(" ", 1)
        for directive in answers[name]["headers"]["Content-Security-Policy"].split(";")
    )

    assert policy["default-src"] == "'self'"
    assert policy["object-src"] == "'none'"
    assert policy["frame-ancestors"] == "'none'"
    assert policy["base-uri"] == "'none'"
    assert policy["form-action"] == "'self'"
    # Our own files, a nonce when a page asks for one, and the print buttons' handler by hash.
    assert policy["script-src"] == f"'self' 'unsafe-hashes' {PRINT_HANDLER}"


def test_the_csrf_cookie_is_secure(answers):
    cookie = answers["login page"]["cookies"]["csrftoken"]

    assert cookie["secure"]
    assert cookie["samesite"] == "Lax"


def test_the_session_cookie_is_secure_and_hidden_from_scripts(answers):
    login = answers["login"]
    assert login["status"] == 302
    cookie = login["cookies"]["sessionid"]

    assert cookie["secure"]
    assert cookie["httponly"]
    assert cookie["samesite"] == "Lax"


def test_a_form_posted_from_another_origin_is_refused(answers):
    refused = answers["login from another site"]

    assert refused["status"] == 403
    assert "sessionid" not in refused["cookies"]


def test_errors_show_no_debug_information(answers):
    missing = answers["missing page"]

    assert missing["status"] == 404
    assert "Traceback" not in missing["body"]
    assert "DEBUG = True" not in missing["body"]
    assert "We could not find that page" in missing["body"]
