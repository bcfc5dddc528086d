"""Browser tests: Playwright driving Debian's Chromium against Django's live test server.

They run when /usr/bin/chromium exists (CI installs it) and are skipped, saying so, when not.
Never a downloaded browser.
"""

import os
from pathlib import Path

import pytest
from django.contrib.auth import BACKEND_SESSION_KEY, HASH_SESSION_KEY, SESSION_KEY
from django.contrib.sessions.backends.db import SessionStore
from django.core import mail

from tests.conftest import catalogue_ensure

CHROMIUM = Path(os.environ.get("CHROMIUM_PATH", "/usr/bin/chromium"))
AXE = Path(__file__).resolve().parents[2] / "node_modules" / "axe-core" / "axe.min.js"
SCREENSHOTS = Path(__file__).resolve().parents[2] / "var" / "screenshots"

# Playwright's sync API keeps an event loop in this thread; Django's ORM calls from the test
# body are still ordinary synchronous calls.
os.environ.setdefault("DJANGO_ALLOW_ASYNC_UNSAFE", "true")


def pytest_collection_modifyitems(config, items):
    reason = None
    if not CHROMIUM.exists():
        reason = f"browser tests skipped: {CHROMIUM} is missing (apt-get install chromium)"
    for item in items:
        if "tests/e2e/" in str(item.path).replace(os.sep, "/") and reason:
            item.add_marker(pytest.mark.skip(reason=reason))


@pytest.fixture(scope="session")
def browser_type_launch_args(browser_type_launch_args):
    return {
        **browser_type_launch_args,
        "executable_path": str(CHROMIUM),
        "headless": True,
        "args": [
            "--no-sandbox",
            "--disable-gpu",
            "--disable-quic",
            "--no-first-run",
            "--disable-background-networking",
            "--disable-component-update",
            "--disable-sync",
        ],
    }


@pytest.fixture(scope="session")
def browser_context_args(browser_context_args):
    return {**browser_context_args, "timezone_id": "Europe/London", "locale": "en-GB"}


@pytest.fixture
def site(live_server, database_restored_afterwards):
    """The live server's address, with the catalogue loaded (transactional tests empty it)."""
    catalogue_ensure()
    mail.outbox = []
    return live_server.url


@pytest.fixture
def sign_in(context, live_server):
    """Put a signed-in session cookie for `user` into the browser context."""

    def run(user):
        session = SessionStore()
        session[SESSION_KEY] = str(user.pk)
        session[BACKEND_SESSION_KEY] = "django.contrib.auth.backends.ModelBackend"
        session[HASH_SESSION_KEY] = user.get_session_auth_hash()
        session.save()
        host = live_server.url.split("://", 1)[1].split(":")[0]
        context.add_cookies(
            [{"name": "sessionid", "value": session.session_key, "domain": host, "path": "/"}]
        )

    return run


def axe_violations(page, impacts=("serious", "critical")) -> list[dict]:
    if not AXE.exists():
        pytest.skip(f"accessibility audit skipped: {AXE} is missing (npm ci)")
    page.add_script_tag(content=AXE.read_text())
    result = page.evaluate("async () => await axe.run(document)")
    return [
        {"id": v["id"], "impact": v["impact"], "nodes": [n["target"] for n in v["nodes"]][:5]}
        for v in result["violations"]
        if v["impact"] in impacts
    ]


def screenshot(page, name: str) -> Path:
    SCREENSHOTS.mkdir(parents=True, exist_ok=True)
    path = SCREENSHOTS / f"{name}.png"
    page.screenshot(path=str(path), full_page=True)
    return path
