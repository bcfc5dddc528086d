"""In a real browser: the calendar page's Copy button copies the address and says so, with the
keyboard; "Add to my calendar" is the same address as webcal://."""

import re

import pytest
from playwright.sync_api import expect

from tests.e2e.conftest import axe_violations
from tests.factories import PASSWORD
from tests.tracking.factories import ProgramFactory

pytestmark = pytest.mark.django_db(transaction=True)


def calendar_page(page, site, sign_in, program) -> None:
    sign_in(program.user)
    page.goto(f"{site}/program/calendar/")
    page.get_by_label("Password").fill(PASSWORD)
    page.get_by_role("button", name="Confirm", exact=True).click()
    expect(page.get_by_role("heading", level=1)).to_have_text(
        "See your training days in your calendar"
    )


def test_the_copy_button_copies_the_address_and_announces_it(page, context, site, sign_in):
    context.grant_permissions(["clipboard-read", "clipboard-write"], origin=site)
    program = ProgramFactory()
    calendar_page(page, site, sign_in, program)
    status = page.get_by_role("status").filter(has_text=re.compile("^$|Copied"))

    button = page.get_by_role("button", name="Copy the link")
    expect(button).to_be_visible()  # copy.js shows it once it has set it up
    button.focus()
    expect(button).to_be_focused()
    page.keyboard.press("Enter")

    expect(page.locator("#copy-status")).to_have_text("Copied")
    assert status.count() == 1
    copied = page.evaluate("navigator.clipboard.readText()")
    assert copied.endswith(f"/calendar/{program.calendar_token}.ics")
    assert copied.startswith(site)


def test_add_to_my_calendar_is_the_same_address_as_webcal(page, site, sign_in):
    program = ProgramFactory()
    calendar_page(page, site, sign_in, program)

    address = page.get_by_label("Your calendar link").input_value()
    link = page.get_by_role("link", name="Add to my calendar")

    assert link.get_attribute("href") == "webcal://" + address.split("://", 1)[1]
    for app in ("Google Calendar", "Apple Calendar", "Outlook"):
        expect(page.locator(".calendar-help")).to_contain_text(app)
    assert axe_violations(page) == []


def test_my_data_passes_the_accessibility_audit_after_confirming(page, site, sign_in):
    program = ProgramFactory()
    calendar_page(page, site, sign_in, program)  # confirmed once for the session

    page.goto(f"{site}/account/data/")

    expect(page.get_by_role("heading", level=1)).to_have_text("My data")
    expect(page.get_by_role("link", name="Download all of it (JSON)")).to_be_visible()
    assert axe_violations(page) == []
