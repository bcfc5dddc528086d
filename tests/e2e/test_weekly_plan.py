"""In a real browser: the week's plan is cards on a phone and a table from 700 px, with whole
words; the tick boxes and the full how-to are for paper."""

import pytest
from playwright.sync_api import expect

from tests.tracking.factories import ProgramFactory, days_including_today

pytestmark = pytest.mark.django_db(transaction=True)

WORDS_WHOLE = """() => [...document.querySelectorAll('.plan-table th, .plan-table td, .plan-howto *')]
  .map(el => getComputedStyle(el))
  .filter(s => s.overflowWrap === 'anywhere' || s.wordBreak === 'break-all'
               || s.overflowWrap === 'break-word' && s.wordBreak === 'break-word').length"""


@pytest.fixture
def plan(page, site, sign_in):
    program = ProgramFactory(training_days=days_including_today())
    sign_in(program.user)

    def show(width: int, height: int = 844):
        page.set_viewport_size({"width": width, "height": height})
        page.goto(f"{site}/plan/")
        return page

    return show


def test_on_a_phone_the_plan_is_cards_without_sideways_scroll_or_broken_words(plan):
    page = plan(390)

    row = page.locator(".plan-table tbody tr").first
    assert row.evaluate("el => getComputedStyle(el).display") == "block"
    assert page.evaluate("document.documentElement.scrollWidth <= window.innerWidth")
    assert page.evaluate(WORDS_WHOLE) == 0
    expect(page.locator(".tick-box").first).to_be_hidden()
    expect(page.locator(".plan-howto .steps-list").first).to_be_hidden()  # folded on screen
    assert page.evaluate("document.documentElement.scrollHeight") < 9000


def test_on_a_wide_screen_the_plan_is_a_table(plan):
    page = plan(1280, 800)

    row = page.locator(".plan-table tbody tr").first
    assert row.evaluate("el => getComputedStyle(el).display") == "table-row"
    expect(page.locator(".plan-table thead").first).to_be_visible()


def test_the_how_to_opens_with_the_keyboard_and_links_each_exercise_page(plan):
    page = plan(390)

    page.locator(".plan-howto > summary").focus()
    page.keyboard.press("Enter")

    expect(page.locator(".plan-howto .steps-list").first).to_be_visible()
    assert page.locator(".plan-howto a[href^='/exercises/']").count() > 0


def test_on_paper_there_are_boxes_to_tick_and_every_exercise_in_full(plan):
    page = plan(390)

    page.evaluate("window.dispatchEvent(new Event('beforeprint'))")
    page.emulate_media(media="print")

    expect(page.locator(".tick-box").first).to_be_visible()
    expect(page.locator(".plan-howto .steps-list").first).to_be_visible()
    expect(page.locator(".plan-howto .picture img").first).to_be_visible()
