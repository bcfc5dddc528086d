"""Today's guided session, `/today/`, in a real browser: the whole session with the keyboard
alone and without JavaScript, every screen at 320 px and through the accessibility audit, the
hold timer (on Playwright's clock, never real waiting), the repetition counter, and "This hurts
— stop". tests/tracking/test_guided.py checks the same flow's rules on the server."""

import datetime as dt
import re

import pytest
from playwright.sync_api import expect

from tests.e2e.conftest import (
    EFFORT,
    PAIN_AFTER,
    PAIN_NOW,
    WORRYING_DURING,
    WORRYING_SINCE,
    answer,
    axe_violations,
    choose_with_arrows,
    exercise_count,
    tab_to_text,
)
from tracking import selectors
from tracking.models import PauseReason, Session

pytestmark = pytest.mark.django_db(transaction=True)

START = dt.datetime(2026, 12, 2, 9, 0)  # the page's clock, where it is faked


def plan(program) -> list[selectors.GuidedItem]:
    """Today's exercises in the order the guided session shows them."""
    return selectors.today(selectors.program_active(program.user)).plan(gentle=False)


def progress(page):
    return page.locator(".guided-progress")


def heading(page):
    return page.get_by_role("heading", level=1)


def check_in(page, *, pain="1", worrying="No") -> None:
    expect(heading(page)).to_have_text("How are you today?")
    answer(page, PAIN_NOW, pain)
    answer(page, WORRYING_SINCE, worrying)
    page.get_by_role("button", name="Start", exact=True).click()


def skip_to(page, number: int) -> None:
    """From the first exercise screen to exercise `number` (1-based), skipping the others."""
    for shown in range(1, number):
        expect(progress(page)).to_have_text(re.compile(rf"^Exercise {shown} of"))
        page.get_by_role("button", name="Skip this one").click()
    expect(progress(page)).to_have_text(re.compile(rf"^Exercise {number} of"))


def first_where(items, condition) -> int:
    """The 1-based position of the first exercise in `items` meeting `condition`."""
    return next(n for n, item in enumerate(items, start=1) if condition(item))


def wait_for_exercise(page, number: int, total: int) -> None:
    expect(progress(page)).to_have_text(re.compile(rf"^Exercise {number} of {total}"))


# The whole session ------------------------------------------------------------------------


def test_the_whole_guided_session_can_be_done_with_the_keyboard_alone(page, site, program):
    items = plan(program)
    page.goto(f"{site}/dashboard/")

    tab_to_text(page, "Start today's session")
    page.keyboard.press("Enter")
    expect(heading(page)).to_have_text("How are you today?")
    choose_with_arrows(page, "id_pain_before_0", 1)
    choose_with_arrows(page, "id_red_flag_0", 1)  # "Yes" comes first; one on is "No"
    tab_to_text(page, "Start")
    page.keyboard.press("Enter")

    total = exercise_count(page)
    assert total == len(items)
    for number, item in enumerate(items, start=1):
        wait_for_exercise(page, number, total)
        expect(heading(page)).to_have_text(item.exercise.name)
        if number == 1:  # the repetition counter answers Space: one short of the dose
            counted = item.rung.reps - 1
            tab_to_text(page, "Count a repetition")
            first_side = item.rung.reps if item.exercise.reps_per_side else 0
            for _ in range(first_side + counted):
                page.keyboard.press("Space")
            expect(page.locator("input[name=reps]")).to_have_value(str(counted))
        tab_to_text(page, "Done")
        page.keyboard.press("Enter")

    expect(heading(page)).to_have_text("How was it?")
    choose_with_arrows(page, "id_pain_after_0", 2)
    choose_with_arrows(page, "id_effort_0", 6)
    choose_with_arrows(page, "id_red_flag_0", 1)
    tab_to_text(page, "Save my session")
    page.keyboard.press("Enter")

    expect(page.get_by_text("Session saved.", exact=True)).to_be_visible()
    expect(page.get_by_text(re.compile(r"Logged at \d\d:\d\d\. Well done"))).to_be_visible()
    session = Session.objects.get(user=program.user)
    assert (session.pain_before, session.pain_after, session.effort) == (1, 2, 6)
    assert session.red_flag is False
    assert session.gentle is False
    reps = {e.exercise.slug: e.reps for e in session.entries.all()}
    assert sorted(reps) == sorted(item.exercise.slug for item in items)
    assert reps[items[0].exercise.slug] == counted


@pytest.mark.browser_context_args(java_script_enabled=False)
def test_the_whole_guided_session_works_without_javascript(page, site, program):
    items = plan(program)
    page.goto(f"{site}/dashboard/")
    page.get_by_role("link", name="Start today's session").click()
    check_in(page, pain="2")

    for number, item in enumerate(items, start=1):
        wait_for_exercise(page, number, len(items))
        expect(page.get_by_role("button", name="Count a repetition")).to_be_hidden()
        if seconds := item.rung.hold_seconds:
            expect(page.locator(".timer")).to_be_hidden()
            # Playwright's text search skips <noscript>, so the fallback is found by tag.
            fallback = page.locator("noscript p")
            expect(fallback).to_be_visible()
            unit = "second" if seconds == 1 else "seconds"
            expect(fallback).to_have_text(f"Hold each one for {seconds} {unit}, counting slowly.")
        expect(page.get_by_label(re.compile("^Repetitions"))).to_have_value(str(item.rung.reps))
        page.get_by_role("button", name="Done", exact=True).click()

    expect(heading(page)).to_have_text("How was it?")
    answer(page, PAIN_AFTER, "2")
    answer(page, EFFORT, "5")
    answer(page, WORRYING_DURING, "No")
    page.get_by_role("button", name="Save my session").click()

    expect(page.get_by_text("Session saved.", exact=True)).to_be_visible()
    expect(page.get_by_text(re.compile(r"Logged at \d\d:\d\d\. Well done"))).to_be_visible()
    session = Session.objects.get(user=program.user)
    assert (session.pain_before, session.pain_after, session.effort) == (2, 2, 5)
    done = {e.exercise.slug: (e.sets, e.reps, e.hold_seconds) for e in session.entries.all()}
    assert done == {
        item.exercise.slug: (item.rung.sets, item.rung.reps, item.rung.hold_seconds)
        for item in items
    }


# Every screen -----------------------------------------------------------------------------


def every_screen(page, site, program, look) -> None:
    """Walk every screen of the guided session, calling `look(name)` on each: the check-in
    (and its errors), the gentle-day offer, each exercise, the check-out (and its errors), the
    saved status and the safety page."""
    page.goto(f"{site}/today/")
    expect(heading(page)).to_have_text("How are you today?")
    look("check-in")
    page.get_by_role("button", name="Start", exact=True).click()
    expect(page.get_by_text("Please answer yes or no.", exact=True)).to_be_visible()
    look("check-in, unanswered")
    answer(page, PAIN_NOW, "5")
    answer(page, WORRYING_SINCE, "No")
    page.get_by_role("button", name="Start", exact=True).click()
    expect(heading(page)).to_have_text("A gentle day?")
    look("gentle-day offer")
    page.get_by_role("button", name="Start today's session again").click()

    check_in(page)
    total = exercise_count(page)
    for number in range(1, total + 1):
        wait_for_exercise(page, number, total)
        look(f"exercise {number}")
        page.get_by_role("button", name="Done", exact=True).click()

    expect(heading(page)).to_have_text("How was it?")
    look("check-out")
    page.get_by_role("button", name="Save my session").click()
    expect(page.get_by_text("Please answer yes or no.", exact=True)).to_be_visible()
    look("check-out, unanswered")
    answer(page, PAIN_AFTER, "1")
    answer(page, EFFORT, "5")
    answer(page, WORRYING_DURING, "No")
    page.get_by_role("button", name="Save my session").click()
    expect(page.get_by_text("Session saved.", exact=True)).to_be_visible()
    look("saved")
    page.goto(f"{site}/safety/")
    look("safety page")


def test_every_guided_screen_fits_320_pixels_and_passes_the_accessibility_audit(
    page, site, program
):
    page.set_viewport_size({"width": 320, "height": 640})
    problems = {}

    def look(name):
        width, inner = page.evaluate("[document.documentElement.scrollWidth, window.innerWidth]")
        if width > inner:
            problems.setdefault(name, {})["scroll width"] = width
        if violations := axe_violations(page):
            problems.setdefault(name, {})["axe"] = violations

    every_screen(page, site, program, look)
    assert problems == {}


# What a finger aims at: buttons, fields, button-like links, the answer choices (their labels)
# and the checkbox rows. [how many there are, those under 44 px tall]
TARGETS = """() => {
  const shown = [...document.querySelectorAll(
      'main button, main input:not([type=hidden]):not([type=checkbox]):not([type=radio]),'
      + ' main select, main textarea, main .button, main .scale-choice, main .check')]
    .filter(el => el.offsetParent !== null);
  return [shown.length, shown
    .map(el => [el.outerHTML.slice(0, 80), Math.round(el.getBoundingClientRect().height)])
    .filter(([, height]) => height < 44)];
}"""


def test_every_guided_screen_has_targets_at_least_44_pixels_tall(page, site, program):
    page.set_viewport_size({"width": 390, "height": 844})
    small, counted = {}, {}

    def look(name):
        counted[name], found = page.evaluate(TARGETS)
        if found:
            small[name] = found

    every_screen(page, site, program, look)
    assert small == {}
    # Measured something on every screen with a form (the safety page has only text links).
    assert [name for name, count in counted.items() if not count] == ["safety page"]


# The hold timer and the repetition counter -------------------------------------------------


def test_the_hold_timer_counts_down_pauses_and_says_when_the_hold_is_done(page, site, program):
    items = plan(program)
    number = first_where(items, lambda item: (item.rung.hold_seconds or 0) >= 3)
    seconds = items[number - 1].rung.hold_seconds
    page.clock.install(time=START)
    page.goto(f"{site}/today/")
    check_in(page)
    skip_to(page, number)

    timer = page.locator("[data-timer]")
    shown = timer.locator("[data-timer-value]")
    status = timer.locator("[data-timer-status]")
    start = timer.get_by_role("button", name="Start the hold")
    pause = timer.get_by_role("button", name="Pause")
    expect(timer).to_contain_text(f"Hold for {seconds} seconds")

    # Nothing starts by itself: an hour passes on the page's clock and nothing moves.
    page.clock.pause_at(START + dt.timedelta(hours=1))
    page.clock.run_for(5_000)
    expect(shown).to_have_text(str(seconds))
    expect(start).to_be_enabled()
    expect(pause).to_be_disabled()
    expect(status).to_be_empty()

    start.click()
    expect(status).to_have_text("Hold started.")
    expect(start).to_be_disabled()
    page.clock.run_for(1_000)
    expect(shown).to_have_text(str(seconds - 1))

    pause.click()
    expect(status).to_have_text(f"Paused with {seconds - 1} seconds left.")
    page.clock.run_for(10_000)
    expect(shown).to_have_text(str(seconds - 1))

    timer.get_by_role("button", name="Carry on").click()
    page.clock.run_for(1_000)
    expect(shown).to_have_text(str(seconds - 2))
    page.clock.run_for((seconds - 2) * 1_000)
    expect(shown).to_have_text("0")
    expect(status).to_have_text("Hold done. Relax.")
    expect(status).to_be_visible()  # on screen too, not only for screen readers
    expect(timer.get_by_role("button", name="Start the next hold")).to_be_enabled()
    expect(pause).to_be_disabled()

    page.clock.run_for(10_000)  # and the next hold waits to be started
    expect(shown).to_have_text("0")
    expect(status).to_have_text("Hold done. Relax.")


def test_tapping_the_repetition_counter_counts_into_the_repetitions_field(page, site, program):
    items = plan(program)
    number = first_where(items, lambda item: not item.exercise.reps_per_side)
    reps = items[number - 1].rung.reps
    page.goto(f"{site}/today/")
    check_in(page)
    skip_to(page, number)
    tap = page.get_by_role("button", name="Count a repetition")
    field = page.get_by_label("Repetitions in each set")
    counter = page.locator("[data-counter]")
    expect(field).to_have_value(str(reps))  # today's dose until the counter is used

    for _ in range(3):
        tap.click()

    expect(counter).to_contain_text(f"3 of {reps}")
    expect(field).to_have_value("3")
    page.get_by_role("button", name="Start the count again").click()
    expect(counter).to_contain_text(f"0 of {reps}")
    expect(field).to_have_value("0")


def test_an_each_side_counter_says_when_to_switch_and_logs_what_both_sides_reached(
    page, site, program
):
    items = plan(program)
    number = first_where(items, lambda item: item.exercise.reps_per_side)
    reps = items[number - 1].rung.reps
    page.goto(f"{site}/today/")
    check_in(page)
    skip_to(page, number)
    tap = page.get_by_role("button", name="Count a repetition")
    field = page.get_by_label("Repetitions on each side, in each set")
    counter = page.locator("[data-counter]")
    expect(counter).to_contain_text(f"0 of {reps} on the first side")

    for _ in range(reps):
        tap.click()

    expect(counter).to_contain_text("Now switch to the second side")
    expect(field).to_have_value("0")  # the second side has not been done yet
    tap.click()
    tap.click()
    expect(counter).to_contain_text(f"2 of {reps} on the second side")
    expect(field).to_have_value("2")


# "This hurts — stop" ----------------------------------------------------------------------


def test_this_hurts_asks_the_warning_signs_first_and_a_yes_ends_on_the_safety_page(
    page, site, program
):
    first = plan(program)[0]
    page.goto(f"{site}/today/")
    check_in(page)
    expect(heading(page)).to_have_text(first.exercise.name)

    page.get_by_role("button", name="This hurts — stop").click()

    expect(heading(page)).to_have_text("You stopped: that was right")
    questions = page.locator("form fieldset legend")
    expect(questions.first).to_have_text(WORRYING_DURING)
    expect(questions).to_have_text([WORRYING_DURING, PAIN_AFTER, EFFORT])
    answer(page, WORRYING_DURING, "Yes")
    answer(page, PAIN_AFTER, "6")
    answer(page, EFFORT, "5")
    page.get_by_role("button", name="Save my session").click()

    expect(page).to_have_url(re.compile(r"/safety/$"))
    expect(page.get_by_role("heading", name="Stop for now")).to_be_visible()
    expect(page.get_by_role("link", name="I have seen my doctor")).to_be_visible()
    program.refresh_from_db()
    assert program.paused
    assert program.pause_reason == PauseReason.SAFETY
    session = Session.objects.get(user=program.user)
    assert session.red_flag is True
    assert session.pain_after == 6
    assert [e.exercise.slug for e in session.entries.all()] == [first.exercise.slug]
