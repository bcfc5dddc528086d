"""The path a new person takes, in a real browser: landing to a logged session."""

import re

import pytest
from django.core import mail
from playwright.sync_api import expect

from tests.e2e.conftest import screenshot

pytestmark = pytest.mark.django_db(transaction=True)

PASSWORD = "a-long-and-calm-passphrase"
CODE = re.compile(r"^\s*([A-Z0-9]{4}-[A-Z0-9]{4})\s*$", re.M)


def test_a_new_person_signs_up_sets_up_a_program_and_logs_today(page, site):
    page.goto(site)
    expect(page.get_by_role("heading", level=1)).to_contain_text("Stronger back")
    expect(page.get_by_text("not medical advice").first).to_be_visible()

    page.get_by_role("link", name="Create a free account").click()
    page.get_by_label("Email:").fill("rosa@example.com")
    page.get_by_label("Password:", exact=True).fill(PASSWORD)
    page.get_by_label("Password (again):").fill(PASSWORD)
    page.get_by_role("button", name=re.compile("Sign Up", re.I)).click()

    code = CODE.search(mail.outbox[-1].body).group(1)
    page.locator("input[name=code]").fill(code)
    page.get_by_role("button", name=re.compile("Confirm", re.I)).click()

    expect(page.get_by_role("heading", level=1)).to_have_text("Set up your program")
    expect(page.locator("#id_timezone")).to_have_value("Europe/London")
    page.get_by_label("I have asked my doctor which exercises suit me").check()
    page.get_by_role("button", name="Start my program").click()

    expect(page.get_by_text("Your program is ready")).to_be_visible()
    expect(page.get_by_text("0 of 3")).to_be_visible()
    page.get_by_role("link", name="Log today's session").click()

    expect(page.get_by_role("heading", level=1)).to_have_text("Log today's session")
    page.get_by_role("button", name="Save session").first.click()

    expect(page.get_by_text("Session saved. Well done.")).to_be_visible()
    expect(page.get_by_text("1 of 3")).to_be_visible()
    screenshot(page, "journey-dashboard-after-first-log")
