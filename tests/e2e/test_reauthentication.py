"""In a real browser: the reminder's link opens a limited session (today's session only), used
once; every sensitive action asks "confirm it is you" first and then carries on: the data
download, the calendar address and its reset, deleting the account, changing the email address
(whose old address can undo the change)."""

import re

import pytest
from django.core import mail
from django.urls import reverse
from playwright.sync_api import expect

from tests.e2e.conftest import axe_violations
from tests.factories import PASSWORD
from tests.tracking.factories import ProgramFactory, days_including_today
from tracking import links, selectors
from tracking.models import Program

pytestmark = pytest.mark.django_db(transaction=True)

NEW_ADDRESS = "moved-here@example.com"
CODE = re.compile(r"\b([A-Z0-9]{4}-[A-Z0-9]{4})\b")


@pytest.fixture
def program(site):
    return ProgramFactory(training_days=days_including_today())


def heading(page):
    return page.get_by_role("heading", level=1)


def log_link(program) -> str:
    day = selectors.local_now(selectors.program_active(program.user)).date()
    return reverse("tracking:log_link", args=[links.log_token(program.user, day)])


def confirm_with_password(page) -> None:
    expect(heading(page)).to_have_text("Confirm it is you")
    page.get_by_label("Password").fill(PASSWORD)
    page.get_by_role("button", name="Confirm", exact=True).click()


def test_the_log_link_opens_todays_session_once_and_asks_before_anything_else(
    page, browser, site, program
):
    url = f"{site}{log_link(program)}"
    page.goto(url)
    expect(heading(page)).to_have_text("Log today's session")
    page.get_by_role("button", name="Start today's session").click()
    expect(heading(page)).to_have_text("How are you today?")

    page.goto(f"{site}/account/")
    expect(heading(page)).to_have_text("Confirm it is you")
    expect(page.get_by_text("You came in through a link")).to_be_visible()

    confirm_with_password(page)
    expect(heading(page)).to_have_text("Your account")
    with page.expect_download() as download:
        page.get_by_role("link", name="Download my data").click()
    assert download.value.suggested_filename.startswith("osteofit-export-")

    someone_else = browser.new_context().new_page()
    someone_else.goto(url)
    expect(heading(someone_else)).to_have_text("This link has already been used")
    expect(someone_else.locator("#main").get_by_role("link", name="Log in")).to_be_visible()


def test_the_data_download_asks_for_the_password_then_downloads(page, site, program, sign_in):
    sign_in(program.user)
    page.goto(f"{site}/account/")

    # The link leads to the confirm page; the download starts once the password is in.
    page.get_by_role("link", name="Download my data").click()
    expect(heading(page)).to_have_text("Confirm it is you")
    page.get_by_label("Password").fill(PASSWORD)
    with page.expect_download() as download:
        page.get_by_role("button", name="Confirm", exact=True).click()
    assert download.value.suggested_filename.endswith(".json")


def test_the_calendar_address_and_its_reset_ask_first(page, site, program, sign_in):
    sign_in(program.user)
    token = program.calendar_token
    page.goto(f"{site}/program/settings/")
    expect(page.locator("body")).not_to_contain_text(token)

    page.get_by_role("link", name="Show my calendar link").click()
    confirm_with_password(page)
    expect(page.get_by_label("Your calendar link")).to_have_value(re.compile(token))
    page.get_by_role("button", name=re.compile("Make a new link")).click()

    expect(page.get_by_text("Your calendar link has changed.")).to_be_visible()
    program.refresh_from_db()
    assert program.calendar_token != token
    expect(page.get_by_label("Your calendar link")).to_have_value(
        re.compile(program.calendar_token)
    )


def test_deleting_the_account_asks_for_the_password(page, site, program, sign_in):
    sign_in(program.user)
    page.goto(f"{site}/account/delete/")

    page.get_by_label("Your password").fill(PASSWORD)
    page.get_by_role("button", name="Delete my account and data").click()

    expect(page.get_by_text("Your account and all your data have been deleted.")).to_be_visible()
    assert not Program.objects.filter(pk=program.pk).exists()


def test_changing_the_address_asks_first_tells_the_old_one_and_can_be_undone(
    page, browser, site, program, sign_in
):
    person = program.user
    old = person.email
    sign_in(person)
    page.goto(f"{site}/accounts/email/")
    page.get_by_label("Email").last.fill(NEW_ADDRESS)
    page.get_by_role("button", name="Add this address").click()

    confirm_with_password(page)  # allauth keeps the form and carries it out afterwards
    code = CODE.search(mail.outbox[-1].body).group(1)
    assert mail.outbox[-1].to == [NEW_ADDRESS]
    page.get_by_label("Code").fill(code)
    page.get_by_role("button", name="Confirm").click()
    page.goto(f"{site}/accounts/email/")
    page.get_by_label(NEW_ADDRESS).check()
    page.get_by_role("button", name="Make it my main address").click()
    expect(page.get_by_text("That address is now your main one")).to_be_visible()

    (notice,) = [m for m in mail.outbox if m.to == [old]]
    undo = re.search(r"https?://\S+/account/email/undo/\S+/", notice.body).group(0)
    owner = browser.new_context().new_page()
    owner.goto(f"{site}/{undo.split('://', 1)[1].split('/', 1)[1]}")
    owner.get_by_role("button", name=f"Put back {old}").click()

    expect(heading(owner)).to_have_text("Your email address is back")
    person.refresh_from_db()
    assert person.email == old
    page.goto(f"{site}/account/")  # the session that made the change is signed out
    expect(page).to_have_url(re.compile(r"/accounts/login/"))


def test_the_link_and_confirm_pages_pass_the_accessibility_audit(page, browser, site, program):
    url = f"{site}{log_link(program)}"
    page.set_viewport_size({"width": 390, "height": 844})

    page.goto(url)
    assert axe_violations(page) == []
    page.get_by_role("button", name="Start today's session").click()
    page.goto(f"{site}/account/")
    expect(heading(page)).to_have_text("Confirm it is you")
    assert axe_violations(page) == []
    later = browser.new_context().new_page()
    later.goto(url)
    expect(heading(later)).to_have_text("This link has already been used")
    assert axe_violations(later) == []
