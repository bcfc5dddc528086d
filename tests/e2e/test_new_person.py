"""The path a new person takes, in a real browser: landing to a guided session logged."""

import re

import pytest
from django.core import mail
from playwright.sync_api import expect

from tests.e2e.conftest import guided_session_by_clicking, screenshot
from tests.tracking.factories import local_today
from tracking.models import Session

pytestmark = pytest.mark.django_db(transaction=True)

PASSWORD = "a-long-and-calm-passphrase"
CODE = re.compile(r"^\s*([A-Z0-9]{4}-[A-Z0-9]{4})\s*$", re.M)


def test_a_new_person_signs_up_sets_up_a_program_and_does_today_s_guided_session(page, site):
    page.goto(site)
    expect(page.get_by_role("heading", level=1)).to_contain_text("Stronger back")
    expect(page.get_by_text("not medical advice").first).to_be_visible()

    page.get_by_role("main").get_by_role("link", name="Create an account").click()
    page.get_by_label("Email", exact=True).fill("rosa@example.com")
    page.get_by_label("Password", exact=True).fill(PASSWORD)
    page.get_by_label("Password again").fill(PASSWORD)
    page.get_by_role("button", name="Create an account").click()

    code = CODE.search(mail.outbox[-1].body).group(1)
    page.locator("input[name=code]").fill(code)
    page.get_by_role("button", name="Confirm", exact=True).click()

    expect(page.get_by_role("heading", level=1)).to_have_text("Set up your program")
    expect(page.locator("#id_timezone")).to_have_value("Europe/London")
    page.get_by_label("I have asked my doctor which exercises suit me").check()
    fracture = page.get_by_role("group", name="Have you ever had a fracture in your spine?")
    fracture.get_by_label("No", exact=True).check()
    floor = page.get_by_role(
        "group", name="Can you get down to the floor and up again safely on your own?"
    )
    floor.get_by_label("Yes", exact=True).check()
    # Today among the training days, whatever day the test runs on, so today is a training day.
    page.get_by_label(f"{local_today():%A}", exact=True).check()
    page.get_by_role("button", name="Start my program").click()

    expect(page.get_by_text("Your program is ready")).to_be_visible()
    expect(
        page.get_by_text(re.compile(r"^Today is a training day: \d+ exercises?\.$"))
    ).to_be_visible()
    week = page.locator(".week-progress strong")
    expect(week).to_have_text(re.compile(r"^0 of \d+$"))  # planned: this week's days from today
    planned = week.inner_text().split(" of ")[1]
    page.get_by_role("link", name="Start today's session").click()

    exercises = guided_session_by_clicking(page)
    assert exercises >= 1
    assert Session.objects.get(user__email="rosa@example.com").entries.count() == exercises
    expect(page.get_by_text(re.compile(r"Logged at \d\d:\d\d\. Well done\."))).to_be_visible()

    page.get_by_role("link", name="Back to my program").click()
    expect(week).to_have_text(f"1 of {planned}")
    screenshot(page, "journey-dashboard-after-first-log")
