"""Logging a session with the keyboard only."""

import pytest
from playwright.sync_api import expect

from tests.tracking.factories import ProgramFactory

pytestmark = pytest.mark.django_db(transaction=True)


def tab_to(page, predicate: str, limit: int = 120) -> None:
    for _ in range(limit):
        page.keyboard.press("Tab")
        if page.evaluate(predicate):
            return
    raise AssertionError(f"Tab never reached: {predicate}")


def test_the_first_tab_reaches_the_skip_link_which_moves_focus_to_the_content(page, site):
    page.goto(site)
    page.keyboard.press("Tab")
    focused = page.evaluate("document.activeElement.textContent.trim()")
    assert focused == "Skip to main content"
    page.keyboard.press("Enter")
    assert page.evaluate("location.hash") == "#main"


def test_a_session_can_be_logged_with_the_keyboard_alone(page, site, sign_in):
    program = ProgramFactory()
    sign_in(program.user)
    page.goto(f"{site}/dashboard/")

    tab_to(page, 'document.activeElement.textContent.trim() === "Log today\'s session"')
    page.keyboard.press("Enter")
    expect(page.get_by_role("heading", level=1)).to_have_text("Log today's session")

    tab_to(page, "document.activeElement.id === 'id_pain_after'")
    page.keyboard.press("ArrowDown")  # pain after 0 -> 1 in the select
    tab_to(page, "document.activeElement.textContent.trim() === 'Save session'")
    page.keyboard.press("Enter")

    expect(page.get_by_text("Session saved. Well done.")).to_be_visible()
    assert program.sessions.count() == 1
    assert program.sessions.get().pain_after == 1
