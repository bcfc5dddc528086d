"""Browser tests: Playwright driving Debian's Chromium against Django's live test server.

They run when /usr/bin/chromium exists (CI installs it) and are skipped, saying so, when not.
Never a downloaded browser.
"""

import os
import re
from pathlib import Path

import pytest
from django.contrib.auth import BACKEND_SESSION_KEY, HASH_SESSION_KEY, SESSION_KEY
from django.contrib.sessions.backends.db import SessionStore
from django.core import mail
from playwright.sync_api import expect

from tests.conftest import catalogue_ensure
from tests.exercises.pictures import pictures_loaded
from tests.tracking.factories import ProgramFactory, days_including_today

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


@pytest.fixture(autouse=True)
def _pictures(request):
    """The exercises' pictures, as the catalogue holds them, so pages are seen with them."""
    marker = request.node.get_closest_marker("django_db")
    if marker:
        request.getfixturevalue("transactional_db" if marker.kwargs.get("transaction") else "db")
        pictures_loaded()


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


def sign_in_context(context, live_server, user) -> None:
    """Put a signed-in session cookie for `user` into a browser context."""
    session = SessionStore()
    session[SESSION_KEY] = str(user.pk)
    session[BACKEND_SESSION_KEY] = "django.contrib.auth.backends.ModelBackend"
    session[HASH_SESSION_KEY] = user.get_session_auth_hash()
    session.save()
    host = live_server.url.split("://", 1)[1].split(":")[0]
    context.add_cookies(
        [{"name": "sessionid", "value": session.session_key, "domain": host, "path": "/"}]
    )


@pytest.fixture
def sign_in(context, live_server):
    """Put a signed-in session cookie for `user` into the browser context."""

    def run(user):
        sign_in_context(context, live_server, user)

    return run


@pytest.fixture
def program(site, sign_in):
    """A person signed in, with a program that trains today."""
    program = ProgramFactory(training_days=days_including_today())
    sign_in(program.user)
    return program


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


DESCRIBED_ERROR = """(id) => {
  const field = document.getElementById(id);
  const owner = field.hasAttribute("aria-describedby") ? field : field.closest("fieldset");
  const ids = (owner.getAttribute("aria-describedby") || "").split(/\\s+/);
  const error = ids.map((i) => document.getElementById(i)).find((e) => e && e.id.endsWith("_error"));
  return error ? error.textContent.trim() : null;
}"""


def each_link_leads_to_its_field(page, summary_id: str = "error-summary") -> list[str]:
    """From the focused summary, by keyboard: Tab reaches the first link; Enter on each link
    moves focus to its field, whose aria-describedby names an element whose id ends in _error
    and that holds the message."""
    summary = page.locator(f"[id='{summary_id}']")
    expect(summary).to_be_focused()
    # The page has finished changing (htmx has settled), as it has by the time a person reads
    # the summary; a quick Tab has its own test in test_error_summary.py.
    expect(page.locator(".htmx-request, .htmx-settling, .htmx-swapping")).to_have_count(0)
    expect(summary).to_be_focused()
    links = summary.locator("a")
    assert links.count() > 0
    page.keyboard.press("Tab")
    expect(links.first).to_be_focused()
    messages = []
    for index in range(links.count()):
        link = links.nth(index)
        target = link.get_attribute("href")[1:]
        link.focus()
        page.keyboard.press("Enter")
        expect(page.locator(f"[id='{target}']")).to_be_focused()
        error = page.evaluate(DESCRIBED_ERROR, target)
        assert error, f"{target} has no error linked by aria-describedby"
        messages.append(link.inner_text())
    return messages


def tab_to(page, predicate: str, limit: int = 120) -> None:
    """Press Tab until `predicate` (JavaScript) holds for the focused element."""
    for _ in range(limit):
        page.keyboard.press("Tab")
        if page.evaluate(predicate):
            return
    raise AssertionError(f"Tab never reached: {predicate}")


def tab_to_id(page, element_id: str) -> None:
    tab_to(page, f"document.activeElement.id === {element_id!r}")


def tab_to_text(page, text: str) -> None:
    tab_to(page, f"document.activeElement.textContent.trim() === {text!r}")


def choose_with_arrows(page, first_id: str, steps: int) -> None:
    """Tab into a radio group (nothing chosen, so the first choice takes focus, unchosen) and
    move `steps` choices on with the right arrow, which chooses as it moves."""
    tab_to_id(page, first_id)
    assert not page.evaluate("document.activeElement.checked")
    for _ in range(steps):
        page.keyboard.press("ArrowRight")


def answer(page, question: str, choice: str) -> None:
    """Choose `choice` ("0"-"10", "Yes", "No") in the radio group whose legend is `question`."""
    page.get_by_role("group", name=question).get_by_label(choice, exact=True).check()


# The guided session's questions, as their legends read.
PAIN_NOW = "How much pain do you have right now?"
WORRYING_SINCE = "Anything new or worrying since last time?"
PAIN_AFTER = "How much pain do you have now?"
EFFORT = "How hard did it feel?"
WORRYING_DURING = "Anything worrying during or after the session?"


def exercise_count(page) -> int:
    """N from the exercise screen's "Exercise k of N"."""
    progress = page.locator(".guided-progress")
    expect(progress).to_have_text(re.compile(r"^Exercise \d+ of \d+"))
    return int(re.search(r"of (\d+)", progress.inner_text()).group(1))


def guided_session_by_clicking(page, *, pain_now="1", pain_after="1", effort="5") -> int:
    """From the check-in to the saved status, pressing Done on every exercise; how many
    exercises there were."""
    expect(page.get_by_role("heading", level=1)).to_have_text("How are you today?")
    answer(page, PAIN_NOW, pain_now)
    answer(page, WORRYING_SINCE, "No")
    page.get_by_role("button", name="Start", exact=True).click()
    total = exercise_count(page)
    for number in range(1, total + 1):
        expect(page.locator(".guided-progress")).to_have_text(
            re.compile(rf"^Exercise {number} of {total}")
        )
        page.get_by_role("button", name="Done", exact=True).click()
    expect(page.get_by_role("heading", level=1)).to_have_text("How was it?")
    answer(page, PAIN_AFTER, pain_after)
    answer(page, EFFORT, effort)
    answer(page, WORRYING_DURING, "No")
    page.get_by_role("button", name="Save my session").click()
    expect(page.get_by_text("Session saved.", exact=True)).to_be_visible()
    return total


def screenshot(page, name: str) -> Path:
    SCREENSHOTS.mkdir(parents=True, exist_ok=True)
    path = SCREENSHOTS / f"{name}.png"
    page.screenshot(path=str(path), full_page=True)
    return path
