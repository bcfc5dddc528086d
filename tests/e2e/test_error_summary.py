"""Errors that are found: every form that comes back with mistakes opens at one summary that
takes focus, whose links each move focus to their field, and each field names its message with
aria-describedby, with JavaScript (in place) and without (after a reload). And typing that
survives a login session that ended mid-form."""

import pytest
from django.contrib.sessions.models import Session as LoginSession
from playwright.sync_api import expect

from exercises.safety import WARNING_SIGNS_QUESTION
from tests.e2e.conftest import answer, each_link_leads_to_its_field, sign_in_context
from tests.factories import PASSWORD, UserFactory
from tests.tracking.factories import ProgramFactory, days_including_today

pytestmark = pytest.mark.django_db(transaction=True)


@pytest.mark.parametrize("javascript", [True, False], ids=["javascript", "no javascript"])
def test_the_log_form_opens_at_a_summary_naming_each_question_and_exercise(
    browser, site, live_server, javascript
):
    program = ProgramFactory(training_days=days_including_today())
    context = browser.new_context(java_script_enabled=javascript)
    sign_in_context(context, live_server, program.user)
    page = context.new_page()
    page.goto(f"{site}/sessions/new/")
    first = page.locator("fieldset.entry legend").first.inner_text().split("(")[0].strip()
    page.locator("#id_entries-0-reps").fill("")

    page.get_by_role("button", name="Save session").click()

    messages = each_link_leads_to_its_field(page)
    assert f"{first}: enter the repetitions you did." in messages
    assert any(m.startswith("How much pain did you have before you started?") for m in messages)
    assert not any("This field is required" in m for m in messages)
    assert program.sessions.count() == 0
    context.close()


@pytest.mark.parametrize("javascript", [True, False], ids=["javascript", "no javascript"])
def test_sign_up_puts_the_password_error_under_the_password_and_its_rules_in_reach(
    browser, site, javascript
):
    context = browser.new_context(java_script_enabled=javascript)
    page = context.new_page()
    page.goto(f"{site}/accounts/signup/")
    expect(page.get_by_role("heading", name="Create an account")).to_be_visible()
    page.get_by_label("Email").fill("new.person@example.com")
    page.get_by_label("Password", exact=True).fill("short")
    page.get_by_label("Password again").fill("short")

    page.get_by_role("button", name="Create an account").click()

    messages = each_link_leads_to_its_field(page)
    assert any(m.startswith("Password:") for m in messages)
    password = page.locator("#id_password1")
    described = password.get_attribute("aria-describedby").split()
    assert "id_password1_helptext" in described
    assert "id_password1_error" in described
    expect(page.locator("#id_password1_helptext")).to_contain_text("at least")
    # The error comes after the field it belongs to, not above its label.
    below = page.evaluate(
        "document.getElementById('id_password1').compareDocumentPosition("
        "document.getElementById('id_password1_error')) & Node.DOCUMENT_POSITION_FOLLOWING"
    )
    assert below
    context.close()


def test_a_wrong_password_at_login_opens_at_the_summary(page, site):
    user = UserFactory()
    page.goto(f"{site}/accounts/login/")
    page.get_by_label("Email").fill(user.email)
    page.get_by_label("Password").fill(PASSWORD + "x")
    expect(page.get_by_label("Remember me on this device")).to_be_visible()

    page.get_by_role("button", name="Log in", exact=True).click()

    expect(page.locator("#error-summary")).to_be_focused()
    expect(page.locator("#error-summary")).to_contain_text("not correct")


def test_program_start_and_the_check_in_open_at_their_summaries(page, site, sign_in):
    person = UserFactory()
    sign_in(person)
    page.goto(f"{site}/program/start/")
    page.get_by_role("button", name="Start my program").click()
    each_link_leads_to_its_field(page)

    program = ProgramFactory(training_days=days_including_today())
    sign_in(program.user)
    page.goto(f"{site}/today/")
    page.get_by_role("button", name="Start", exact=True).click()
    messages = each_link_leads_to_its_field(page)
    assert len(messages) == 2


QUICK_TAB = """() => {
  document.addEventListener("htmx:load", (event) => {
    const summary = event.target.querySelector && event.target.querySelector("#error-summary");
    if (summary) {
      requestAnimationFrame(() => summary.querySelector("a").focus());
    }
  });
}"""


def test_a_quick_tab_onto_the_summary_is_not_pulled_back(page, site, program):
    """htmx focuses the summary as it swaps in; enhance.js focuses it again a frame later.
    Someone who has already moved onto its first link keeps their place."""
    page.goto(f"{site}/today/")
    page.evaluate(QUICK_TAB)
    page.get_by_role("button", name="Start", exact=True).click()

    first = page.locator("#error-summary a").first
    expect(first).to_be_focused()
    page.wait_for_timeout(300)  # past the settle delay and the next frames
    expect(first).to_be_focused()


def test_typed_answers_survive_a_login_session_that_ended_before_save(page, site, program, sign_in):
    page.goto(f"{site}/sessions/new/")
    answer(page, "How much pain did you have before you started?", "2")
    answer(page, WARNING_SIGNS_QUESTION, "No")
    page.get_by_label("Notes").fill("Stiff this morning")
    LoginSession.objects.all().delete()  # the login session ends on the server

    page.get_by_role("button", name="Save session").click()

    expect(page.get_by_text("what you just sent was not saved")).to_be_visible()
    assert program.sessions.count() == 0
    sign_in(program.user)
    page.goto(f"{site}/sessions/new/")
    expect(page.locator("[data-draft-note]")).to_be_visible()
    expect(page.locator("input[name=pain_before]:checked")).to_have_value("2")
    expect(page.locator("input[name=red_flag]:checked")).to_have_value("no")
    expect(page.get_by_label("Notes")).to_have_value("Stiff this morning")
    # Only what was typed comes back: the questions not yet answered stay unanswered.
    expect(page.locator("input[name=pain_after]:checked")).to_have_count(0)
    answer(page, "How much pain did you have afterwards?", "2")
    answer(page, "How hard did it feel?", "5")
    page.get_by_role("button", name="Save session").click()
    expect(page.get_by_text("Session saved. Well done.")).to_be_visible()
    assert program.sessions.get().notes == "Stiff this morning"

    page.goto(f"{site}/sessions/new/")
    expect(page.locator("[data-draft-note]")).to_have_count(0)
    expect(page.locator("input[name=pain_before]:checked")).to_have_count(0)


@pytest.mark.browser_context_args(java_script_enabled=False)
def test_without_javascript_the_login_page_says_the_answers_were_not_saved(page, site, program):
    page.goto(f"{site}/sessions/new/")
    LoginSession.objects.all().delete()

    page.get_by_role("button", name="Save session").click()

    expect(page.get_by_role("heading", name="Log in")).to_be_visible()
    expect(page.get_by_text("what you just sent was not saved")).to_be_visible()
