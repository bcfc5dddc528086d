"""Drafts on a shared computer: what one person typed is kept for that person only. Another
person signing in on the same tab gets an empty form and no draft note, and logging out
forgets every draft."""

import pytest
from django.contrib.sessions.models import Session as LoginSession
from playwright.sync_api import expect

from exercises.safety import WARNING_SIGNS_QUESTION
from tests.e2e.conftest import PAIN_NOW, WORRYING_SINCE, answer
from tests.tracking.factories import ProgramFactory, days_including_today

pytestmark = pytest.mark.django_db(transaction=True)

DRAFTS = "() => Object.keys(sessionStorage).filter((key) => key.startsWith('osteofit-draft'))"
STORED = "() => Object.values(sessionStorage).join(' ')"


@pytest.fixture
def person_a(program):
    return program


@pytest.fixture
def person_b():
    return ProgramFactory(training_days=days_including_today())


def test_another_person_signing_in_on_the_same_tab_gets_an_empty_log_form(
    page, site, sign_in, person_a, person_b
):
    page.goto(f"{site}/sessions/new/")
    answer(page, "How much pain did you have before you started?", "3")
    answer(page, WARNING_SIGNS_QUESTION, "No")
    page.get_by_label("Notes").fill("Knee sore after the stairs")
    LoginSession.objects.all().delete()  # A's login session ends
    page.get_by_role("button", name="Save session").click()
    expect(page.get_by_text("what you just sent was not saved")).to_be_visible()

    sign_in(person_b.user)
    page.goto(f"{site}/sessions/new/")

    expect(page.get_by_role("button", name="Save session")).to_be_visible()
    expect(page.locator("[data-draft-note]")).to_have_count(0)
    expect(page.locator("input[name=pain_before]:checked")).to_have_count(0)
    expect(page.locator("input[name=red_flag]:checked")).to_have_count(0)
    expect(page.get_by_label("Notes")).to_have_value("")
    assert "Knee sore" not in page.evaluate(STORED)  # and A's typing is not left in the tab


def test_another_person_signing_in_on_the_same_tab_gets_an_empty_check_in(
    page, site, sign_in, person_a, person_b
):
    page.goto(f"{site}/today/")
    answer(page, PAIN_NOW, "4")
    answer(page, WORRYING_SINCE, "No")
    LoginSession.objects.all().delete()

    sign_in(person_b.user)
    page.goto(f"{site}/today/")

    expect(page.get_by_role("heading", level=1)).to_have_text("How are you today?")
    expect(page.locator("[data-draft-note]")).to_have_count(0)
    expect(page.locator("input[type=radio]:checked")).to_have_count(0)


@pytest.mark.parametrize("way", ["menu", "logout page"])
def test_logging_out_forgets_every_draft(page, site, person_a, way):
    page.goto(f"{site}/sessions/new/")
    answer(page, "How much pain did you have before you started?", "2")
    page.get_by_label("Notes").fill("Tired today")
    assert page.evaluate(DRAFTS)

    if way == "menu":
        page.get_by_role("navigation").get_by_role("button", name="Log out").click()
    else:
        page.goto(f"{site}/accounts/logout/")
        page.get_by_role("main").get_by_role("button", name="Log out").click()

    expect(page.get_by_text("You have logged out")).to_be_visible()
    assert page.evaluate(DRAFTS) == []


def test_the_same_person_signing_in_again_still_gets_their_draft(page, site, sign_in, person_a):
    page.goto(f"{site}/sessions/new/")
    page.get_by_label("Notes").fill("Back was stiff")
    LoginSession.objects.all().delete()

    sign_in(person_a.user)
    page.goto(f"{site}/sessions/new/")

    expect(page.locator("[data-draft-note]")).to_be_visible()
    expect(page.get_by_label("Notes")).to_have_value("Back was stiff")
