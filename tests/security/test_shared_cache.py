"""Behind a real shared cache, no one gets another person's answer.

Varnish, from Debian, with its built-in rules (no VCL of ours: the rules a site gets when it
puts a cache in front and configures nothing), in front of the live server. Varnish's rules
skip requests with a Cookie or Authorization header, but not X-Session-Token, and keep any
answer without Cache-Control for two minutes: before OsteoFit marked personal answers
`private, no-store`, another token, no token and a bogus token were all served the first
person's export. The public pages must still be cached.
"""

from __future__ import annotations

import os
import shutil
import signal
import subprocess
import tempfile
from pathlib import Path

import pytest
from django.conf import settings
from django.test import Client

from tests.factories import PASSWORD, UserFactory
from tests.reliability import processes
from tests.tracking.factories import ProgramFactory, session_logged

pytestmark = [
    pytest.mark.django_db(transaction=True),
    pytest.mark.usefixtures("database_restored_afterwards"),
]

LOGIN = "/_allauth/app/v1/auth/login"
REAUTHENTICATE = "/_allauth/app/v1/auth/reauthenticate"
PERSONAL = ["/api/v1/me/export/", "/api/v1/sessions/", "/api/v1/me/", "/api/v1/progress/"]
PUBLIC = ["/", "/exercises/", "/exercises/avoid/"]
NOTE = "Private note: the left side twinged on the second set."


def _varnishd() -> str | None:
    return shutil.which("varnishd") or next(
        (path for path in ("/usr/sbin/varnishd",) if os.access(path, os.X_OK)), None
    )


@pytest.fixture(scope="module")
def varnish(live_server):
    """varnishd in the foreground, its built-in rules, the live server as its backend."""
    binary = _varnishd()
    if binary is None:
        reason = "varnishd is not installed (apt-get install varnish; .ci/run does)"
        print(f"skipped: {reason}")
        pytest.skip(reason)
    backend = live_server.url.split("://", 1)[1].replace("localhost", "127.0.0.1")
    port = processes.free_port()
    # Varnish's own folder must be readable by its unprivileged worker user.
    folder = Path(tempfile.mkdtemp(prefix="osteofit-varnish-"))
    folder.chmod(0o755)
    log = folder / "varnishd.log"
    command = [
        binary, "-F", "-a", f"127.0.0.1:{port}", "-b", backend,
        "-n", str(folder / "work"), "-s", "malloc,32m",
    ]  # fmt: skip
    with open(log, "ab") as output:
        process = subprocess.Popen(
            command, stdout=output, stderr=subprocess.STDOUT, start_new_session=True
        )
    base = f"http://127.0.0.1:{port}"
    try:
        processes.wait_until(
            lambda: _answers(base) or process.poll() is not None,
            timeout=30,
            what="varnishd to answer",
        )
        assert process.poll() is None, log.read_text(errors="replace")
        yield base
    finally:
        if process.poll() is None:
            os.killpg(process.pid, signal.SIGTERM)
            process.wait(timeout=10)
        shutil.rmtree(folder, ignore_errors=True)


def _answers(base: str) -> bool:
    try:
        processes.request("GET", f"{base}/health/", timeout=1)
        return True
    except OSError:
        return False


def get(base: str, path: str, **headers: str) -> processes.Answer:
    return processes.request("GET", base + path, headers={"Accept": "application/json", **headers})


def from_cache(answer: processes.Answer) -> bool:
    """Varnish's X-Varnish holds two ids when the answer came from its cache."""
    return len(answer.headers.get("x-varnish", "").split()) == 2


def token_of(base: str, user) -> str:
    login = processes.request("POST", f"{base}{LOGIN}", {"email": user.email, "password": PASSWORD})
    assert login.status == 200, login.body
    token = login.json()["meta"]["session_token"]
    # The export asks for a fresh confirmation of the password.
    again = processes.request(
        "POST", f"{base}{REAUTHENTICATE}", {"password": PASSWORD}, {"X-Session-Token": token}
    )
    assert again.status == 200, again.body
    return token


@pytest.fixture
def people(varnish):
    """Ana, with a program and a session with a private note, and Ben, with nothing."""
    ana = UserFactory(email="ana.private@example.com")
    session_logged(ProgramFactory(user=ana), notes=NOTE)
    ben = UserFactory(email="ben@example.com")
    return {"ana": token_of(varnish, ana), "ben": token_of(varnish, ben)}


@pytest.mark.parametrize("path", PERSONAL)
def test_a_personal_answer_is_never_served_to_another_token_no_token_or_a_bogus_one(
    varnish, people, path
):
    first = get(varnish, path, **{"X-Session-Token": people["ana"]})
    assert first.status == 200, first.body

    others = {
        "another token": get(varnish, path, **{"X-Session-Token": people["ben"]}),
        "no token": get(varnish, path),
        "a bogus token": get(varnish, path, **{"X-Session-Token": "not-a-real-token"}),
    }

    for who, answer in others.items():
        assert not from_cache(answer), who
        assert answer.body != first.body, who
        assert b"ana.private@example.com" not in answer.body, who
        assert NOTE.encode() not in answer.body, who
    assert first.headers["cache-control"] == "private, no-store"


def test_the_owner_asking_again_gets_a_fresh_answer_not_a_stored_one(varnish, people):
    token = {"X-Session-Token": people["ana"]}
    get(varnish, "/api/v1/me/export/", **token)

    again = get(varnish, "/api/v1/me/export/", **token)

    assert again.status == 200
    assert not from_cache(again)


def test_the_dashboard_page_is_private_and_never_served_without_the_cookie(varnish):
    browser = Client()
    browser.force_login(ProgramFactory().user)
    cookie = f"{settings.SESSION_COOKIE_NAME}={browser.cookies[settings.SESSION_COOKIE_NAME].value}"

    signed_in = processes.request("GET", f"{varnish}/dashboard/", headers={"Cookie": cookie})
    anonymous = processes.request("GET", f"{varnish}/dashboard/")
    bogus = processes.request(
        "GET", f"{varnish}/dashboard/", headers={"Cookie": "sessionid=made-up"}
    )

    assert signed_in.status == 200
    assert signed_in.headers["cache-control"] == "private, no-store"
    assert "Cookie" in signed_in.headers["vary"]
    assert "X-Session-Token" in signed_in.headers["vary"]
    for answer in (anonymous, bogus):
        assert answer.status == 302
        assert not from_cache(answer)
        assert answer.body != signed_in.body


@pytest.mark.parametrize("path", PUBLIC)
def test_a_public_page_is_still_cached(varnish, path):
    first = processes.request("GET", varnish + path)
    second = processes.request("GET", varnish + path)

    assert first.status == 200
    assert "private" not in first.headers.get("cache-control", "")
    assert from_cache(second)
    assert second.body == first.body


def test_the_anonymous_catalogue_is_served_from_the_cache_and_a_signed_in_one_never(varnish):
    browser = Client()
    browser.force_login(UserFactory(email="cara.signed.in@example.com"))
    cookie = f"{settings.SESSION_COOKIE_NAME}={browser.cookies[settings.SESSION_COOKIE_NAME].value}"
    processes.request("GET", f"{varnish}/exercises/")

    anonymous = processes.request("GET", f"{varnish}/exercises/")
    signed_in = [
        processes.request("GET", f"{varnish}/exercises/", headers={"Cookie": cookie})
        for _ in range(2)
    ]

    assert from_cache(anonymous)
    assert anonymous.headers["cache-control"] == "public, max-age=60"
    for answer in signed_in:
        assert answer.status == 200
        assert not from_cache(answer)
        assert answer.headers["cache-control"] == "private, no-store"
        assert answer.body != anonymous.body
