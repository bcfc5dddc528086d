"""Logging a session with the keyboard only. (The guided session, `/today/`, is walked with the
keyboard in test_guided.py.)"""

import pytest
from playwright.sync_api import expect

from tests.e2e.conftest import choose_with_arrows, tab_to_text
from tests.tracking.factories import ProgramFactory

pytestmark = pytest.mark.django_db(transaction=True)


def test_the_first_tab_reaches_the_skip_link_which_moves_focus_to_the_content(page, site):
    page.goto(site)
    page.keyboard.press("Tab")
    focused = page.evaluate("document.activeElement.textContent.trim()")
    assert focused == "Skip to main content"
    page.keyboard.press("Enter")
    assert page.evaluate("location.hash") == "#main"


def test_a_session_done_earlier_can_be_logged_with_the_keyboard_alone(page, site, sign_in):
    program = ProgramFactory()
    sign_in(program.user)
    page.goto(f"{site}/dashboard/")

    tab_to_text(page, "Log a session you did earlier")
    page.keyboard.press("Enter")
    expect(page.get_by_role("heading", level=1)).to_have_text("Log a session you did earlier")

    choose_with_arrows(page, "id_pain_before_0", 2)
    choose_with_arrows(page, "id_pain_after_0", 1)
    choose_with_arrows(page, "id_effort_0", 5)
    choose_with_arrows(page, "id_red_flag_0", 1)  # "yes" comes first; one on is "no"
    tab_to_text(page, "Save session")
    page.keyboard.press("Enter")

    expect(page.get_by_text("Session saved. Well done.")).to_be_visible()
    session = program.sessions.get()
    assert (session.pain_before, session.pain_after, session.effort) == (2, 1, 5)
    assert session.red_flag is False
    assert session.entries.exists()
