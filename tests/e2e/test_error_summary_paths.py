"""The error paths of the less-used forms, by keyboard alone: each opens at one error summary
that has focus, each of its links moves focus to its field, and that field's aria-describedby
names its message (an id ending in _error). Pages that save in place are tried with JavaScript
and without. And a save refused by the CSRF check keeps the page and what was typed."""

import re

import pytest
from django.core import mail
from django.utils import timezone
from playwright.sync_api import expect

from tests.e2e.conftest import (
    choose_with_arrows,
    each_link_leads_to_its_field,
    exercise_count,
    sign_in_context,
    tab_to_id,
    tab_to_text,
)
from tests.factories import PASSWORD, UserFactory
from tests.tracking.factories import ProgramFactory, days_including_today
from tracking.models import PauseReason, Program

pytestmark = pytest.mark.django_db(transaction=True)

WITH_AND_WITHOUT_JAVASCRIPT = pytest.mark.parametrize(
    "javascript", [True, False], ids=["javascript", "no javascript"]
)
LOGIN_CODE = re.compile(r"^([A-Z0-9]{4,}(?:-[A-Z0-9]{4,})?)$", re.M)


@pytest.fixture
def open_page(browser, live_server):
    """A page in a new browser context, with or without JavaScript, signed in as `user`."""
    contexts = []

    def run(*, javascript: bool = True, user=None):
        context = browser.new_context(java_script_enabled=javascript)
        contexts.append(context)
        if user is not None:
            sign_in_context(context, live_server, user)
        return context.new_page()

    yield run
    for context in contexts:
        context.close()


def type_into(page, element_id: str, text: str) -> None:
    tab_to_id(page, element_id)
    page.keyboard.type(text)


def press(page, button: str) -> None:
    tab_to_text(page, button)
    page.keyboard.press("Enter")


# Account pages ------------------------------------------------------------------------------


def test_deleting_the_account_with_a_wrong_password_opens_at_the_summary(open_page, site):
    person = UserFactory()
    page = open_page(user=person)
    page.goto(f"{site}/account/delete/")
    type_into(page, "id_password", PASSWORD + "x")

    press(page, "Delete my account and data")

    (message,) = each_link_leads_to_its_field(page)
    assert message == "Your password: that password is not correct."
    assert person.__class__.objects.filter(pk=person.pk).exists()


def test_deleting_the_account_without_the_password_opens_at_the_summary(open_page, site):
    person = UserFactory()
    page = open_page(user=person)
    page.goto(f"{site}/account/delete/")

    press(page, "Delete my account and data")

    (message,) = each_link_leads_to_its_field(page)
    assert message == "Your password: please fill this in."
    assert person.__class__.objects.filter(pk=person.pk).exists()


def test_a_wrong_login_code_opens_at_the_summary(open_page, site):
    person = UserFactory()
    page = open_page()
    page.goto(f"{site}/accounts/login/code/")
    type_into(page, "id_email", person.email)
    press(page, "Email me a code")
    expect(page.get_by_role("heading", name="Enter the code we emailed you")).to_be_visible()
    assert LOGIN_CODE.search(mail.outbox[-1].body)

    type_into(page, "id_code", "WRONG-CODE")
    press(page, "Confirm")

    (message,) = each_link_leads_to_its_field(page)
    assert message.startswith("The code from the email:")
    assert page.locator("[data-error-summary]").count() == 1


def test_a_new_password_from_the_emailed_link_that_does_not_match_opens_at_the_summary(
    open_page, site
):
    person = UserFactory()
    page = open_page()
    page.goto(f"{site}/accounts/password/reset/")
    press(page, "Email me a link")
    (message,) = each_link_leads_to_its_field(page)
    assert message == "Email: please fill this in."

    type_into(page, "id_email", person.email)
    press(page, "Email me a link")
    expect(page.get_by_role("heading", name="Check your email")).to_be_visible()
    link = re.search(r"/accounts/password/reset/key/\S+/", mail.outbox[-1].body)
    page.goto(f"{site}{link.group(0)}")
    expect(page.get_by_role("heading", name="Choose a new password")).to_be_visible()
    type_into(page, "id_password1", "a-calm-new-passphrase-8")
    type_into(page, "id_password2", "a-different-passphrase-9")
    press(page, "Save my new password")

    (message,) = each_link_leads_to_its_field(page)
    assert message.startswith("New password again:")
    person.refresh_from_db()
    assert person.check_password(PASSWORD)


def test_changing_the_password_with_a_wrong_current_one_opens_at_the_summary(open_page, site):
    person = UserFactory()
    page = open_page(user=person)
    page.goto(f"{site}/accounts/password/change/")
    type_into(page, "id_oldpassword", PASSWORD + "x")
    type_into(page, "id_password1", "a-calm-new-passphrase-8")
    type_into(page, "id_password2", "a-calm-new-passphrase-8")

    press(page, "Save my new password")

    messages = each_link_leads_to_its_field(page)
    assert messages[0].startswith("Your current password:")
    person.refresh_from_db()
    assert person.check_password(PASSWORD)


# Program pages ------------------------------------------------------------------------------


def test_resuming_after_a_safety_pause_without_the_doctor_s_yes_opens_at_the_summary(
    open_page, site
):
    program = ProgramFactory(training_days=days_including_today())
    Program.objects.filter(pk=program.pk).update(
        paused=True, pause_reason=PauseReason.SAFETY, paused_at=timezone.now()
    )
    page = open_page(user=program.user)
    page.goto(f"{site}/program/resume/")

    press(page, "Resume my program")

    (message,) = each_link_leads_to_its_field(page)
    assert "seen your doctor or physiotherapist" in message
    program.refresh_from_db()
    assert program.paused


@WITH_AND_WITHOUT_JAVASCRIPT
def test_program_settings_with_too_few_days_open_at_the_summary(open_page, site, javascript):
    program = ProgramFactory(training_days=days_including_today())
    days = program.training_days
    page = open_page(javascript=javascript, user=program.user)
    page.goto(f"{site}/program/settings/")
    ticked = page.locator("input[name=training_days]:checked").first.get_attribute("id")
    tab_to_id(page, ticked)
    page.keyboard.press("Space")  # two days left: too few

    press(page, "Save settings")

    (message,) = each_link_leads_to_its_field(page)
    assert message.startswith("Training days")
    program.refresh_from_db()
    assert program.training_days == days


@WITH_AND_WITHOUT_JAVASCRIPT
def test_the_check_out_with_an_answer_missing_opens_at_the_summary(open_page, site, javascript):
    program = ProgramFactory(training_days=days_including_today())
    page = open_page(javascript=javascript, user=program.user)
    page.goto(f"{site}/today/")
    choose_with_arrows(page, "id_pain_before_0", 1)
    choose_with_arrows(page, "id_red_flag_0", 1)  # "Yes" comes first; one on is "No"
    press(page, "Start")
    total = exercise_count(page)
    for number in range(1, total + 1):
        expect(page.locator(".guided-progress")).to_have_text(
            re.compile(rf"^Exercise {number} of {total}")
        )
        press(page, "Done")
    expect(page.get_by_role("heading", level=1)).to_have_text("How was it?")
    choose_with_arrows(page, "id_pain_after_0", 1)  # effort and warning signs left unanswered

    press(page, "Save my session")

    messages = each_link_leads_to_its_field(page)
    assert len(messages) == 2
    assert any(m.startswith("How hard did it feel?") for m in messages)
    assert program.sessions.count() == 0


# A save refused by the CSRF check ---------------------------------------------------------


def test_a_save_refused_by_the_csrf_check_says_so_and_keeps_the_typing(open_page, site):
    program = ProgramFactory(training_days=days_including_today())
    page = open_page(user=program.user)
    page.goto(f"{site}/sessions/new/")
    type_into(page, "id_notes", "Stiff this morning")
    page.context.clear_cookies(name="csrftoken")

    press(page, "Save session")

    note = page.get_by_role("alert").filter(has_text="not saved yet")
    expect(note).to_be_visible()
    expect(note).to_be_focused()
    expect(note).to_contain_text("Everything you typed is still here")
    expect(page.get_by_label("Notes")).to_have_value("Stiff this morning")
    assert program.sessions.count() == 0
    # The page took a fresh token: pressing Save again reaches the form's own checks.
    press(page, "Save session")
    expect(page.locator("#error-summary")).to_be_focused()
    expect(page.get_by_label("Notes")).to_have_value("Stiff this morning")
