"""With JavaScript, logging and settings save in place (htmx swaps in server-rendered parts of
the page) under a strict Content Security Policy; without JavaScript the same forms still work
with ordinary page loads."""

import datetime as dt
import re

import pytest
from playwright.sync_api import expect

from exercises.safety import WARNING_SIGNS_QUESTION
from tests.e2e.conftest import answer, axe_violations

pytestmark = pytest.mark.django_db(transaction=True)

# Stricter than the site's own policy: no inline script or style at all, and no eval.
STRICT_CSP = (
    "default-src 'self'; script-src 'self'; style-src 'self'; img-src 'self' data:; "
    "connect-src 'self'; object-src 'none'; base-uri 'none'; form-action 'self'; "
    "frame-ancestors 'none'"
)
MARKER = "window.osteofitMarker"


@pytest.fixture
def browser_problems(page):
    """Serve every page under STRICT_CSP and collect what the browser refuses or fails at."""
    problems = []
    page.on("console", lambda m: problems.append(m.text) if m.type == "error" else None)
    page.on("pageerror", lambda error: problems.append(str(error)))

    def strict(route):
        if route.request.resource_type != "document":
            route.continue_()
            return
        response = route.fetch()
        route.fulfill(
            response=response,
            headers={**response.headers, "content-security-policy": STRICT_CSP},
        )

    page.route("**/*", strict)
    return problems


def mark_window(page) -> None:
    """A value that survives swaps but not a full page load."""
    page.evaluate(f"{MARKER} = 'still here'")


def window_survived(page) -> bool:
    return page.evaluate(f"{MARKER} === 'still here'")


def focused(page) -> str:
    return page.evaluate("document.activeElement.id || document.activeElement.className")


def answer_the_safety_questions(page, *, pain_after: str = "1") -> None:
    """The session form's questions that are never preselected."""
    answer(page, "How much pain did you have before you started?", "1")
    answer(page, "How much pain did you have afterwards?", pain_after)
    answer(page, "How hard did it feel?", "5")
    answer(page, WARNING_SIGNS_QUESTION, "No")


def test_logging_a_session_with_javascript_shows_the_dashboard_without_a_full_page_load(
    page, site, program, browser_problems
):
    page.goto(f"{site}/sessions/new/")
    mark_window(page)
    answer_the_safety_questions(page, pain_after="2")

    page.get_by_role("button", name="Save session").click()

    expect(page.get_by_text("Session saved. Well done.")).to_be_visible()
    expect(page.get_by_text("1 of 3", exact=True)).to_be_visible()
    expect(page).to_have_url(re.compile(r"/dashboard/"))
    expect(page).to_have_title(re.compile("My program"))
    assert window_survived(page)
    assert focused(page) == "messages"
    assert program.sessions.get().pain_after == 2
    assert browser_problems == []


def test_a_log_mistake_with_javascript_is_shown_in_place_with_focus_on_the_summary(
    page, site, program, browser_problems
):
    page.goto(f"{site}/sessions/new/")
    mark_window(page)
    answer_the_safety_questions(page)
    page.locator("#id_entries-0-reps").fill("-1")

    page.get_by_role("button", name="Save session").click()

    expect(page.locator("#id_entries-0-reps_error")).to_contain_text(
        "enter the repetitions you did"
    )
    expect(page.locator("#error-summary")).to_be_focused()
    assert window_survived(page)
    assert program.sessions.count() == 0
    assert browser_problems == []


def test_an_unanswered_safety_question_with_javascript_is_shown_in_place_with_focus_on_the_summary(
    page, site, program, browser_problems
):
    page.goto(f"{site}/sessions/new/")
    mark_window(page)
    answer(page, "How much pain did you have before you started?", "1")
    answer(page, "How hard did it feel?", "5")
    answer(page, WARNING_SIGNS_QUESTION, "No")

    page.get_by_role("button", name="Save session").click()

    expect(page.locator("#id_pain_after_error")).to_have_text(
        "Please choose a number from 0 to 10."
    )
    expect(page.locator("#error-summary")).to_be_focused()
    expect(page.locator("input[name=pain_after]:checked")).to_have_count(0)
    # What was already answered stays answered.
    expect(page.locator("input[name=pain_before]:checked")).to_have_value("1")
    assert window_survived(page)
    assert program.sessions.count() == 0
    assert browser_problems == []


def test_changing_a_setting_with_javascript_saves_in_place_and_announces_it(
    page, site, program, browser_problems
):
    page.goto(f"{site}/program/settings/")
    mark_window(page)

    page.get_by_label("Your time zone").select_option("America/New_York")
    page.get_by_role("button", name="Save settings").click()

    status = page.get_by_role("status").filter(has_text="Your program settings are saved.")
    expect(status).to_be_visible()
    expect(status).to_be_focused()
    expect(page.get_by_label("Your time zone")).to_have_value("America/New_York")
    assert window_survived(page)
    program.refresh_from_db()
    assert program.timezone == "America/New_York"

    for day in ("Monday", "Tuesday", "Wednesday", "Thursday", "Friday", "Saturday", "Sunday"):
        page.get_by_label(day, exact=True).uncheck()
    page.get_by_role("button", name="Save settings").click()

    expect(page.locator("#id_training_days_error")).to_be_visible()
    expect(page.locator("#error-summary")).to_be_focused()
    expect(page.locator("#settings-status")).to_be_empty()
    assert window_survived(page)
    assert browser_problems == []


def test_changing_a_reminder_setting_with_javascript_saves_in_place(
    page, site, program, browser_problems
):
    page.goto(f"{site}/reminders/")
    mark_window(page)

    page.get_by_label("Email me a weekly summary of how my program is going").uncheck()
    page.get_by_role("button", name="Save reminder settings").click()

    expect(page.locator("#reminders-status")).to_have_text("Your reminder settings are saved.")
    assert window_survived(page)
    program.refresh_from_db()
    assert not program.weekly_summary_enabled
    assert browser_problems == []


def test_a_settings_mistake_shown_in_place_passes_the_accessibility_audit(page, site, program):
    page.goto(f"{site}/reminders/")
    page.get_by_label("Reminder time").fill("")

    page.get_by_role("button", name="Save reminder settings").click()

    expect(page.locator("#id_reminder_time_error")).to_be_visible()
    assert axe_violations(page) == []


@pytest.mark.browser_context_args(java_script_enabled=False)
def test_without_javascript_logging_and_settings_still_work_with_page_loads(page, site, program):
    page.goto(f"{site}/sessions/new/")
    answer_the_safety_questions(page)
    page.get_by_role("button", name="Save session").click()

    expect(page.get_by_text("Session saved. Well done.")).to_be_visible()
    expect(page.get_by_text("1 of 3", exact=True)).to_be_visible()

    page.goto(f"{site}/reminders/")
    page.get_by_label("Reminder time").fill("19:00")
    page.get_by_role("button", name="Save reminder settings").click()

    expect(page.get_by_text("Your reminder settings are saved.")).to_be_visible()
    expect(page.get_by_label("Reminder time")).to_have_value("19:00")
    program.refresh_from_db()
    assert program.reminder_time == dt.time(19, 0)
    assert program.sessions.count() == 1
