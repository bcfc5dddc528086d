"""The pictures in docs/screenshots/: every step of today's guided session on a phone (390 px
wide, full page), the dashboard's first screen, the form for a session done earlier, each
exercise's page with its pictures, and the printable week on screen and as printed.

Made only on request, `SCREENSHOTS=1 pytest tests/e2e/test_screenshots.py`, so that ordinary
runs and CI never rewrite the committed pictures. Look at each one after making them."""

import datetime as dt
import os
import re
from pathlib import Path

import pytest
from playwright.sync_api import expect

from tests.e2e.conftest import (
    EFFORT,
    PAIN_AFTER,
    PAIN_NOW,
    WORRYING_DURING,
    WORRYING_SINCE,
    answer,
    exercise_count,
)
from tests.tracking.factories import ProgramFactory, days_including_today, days_logged
from tracking import selectors

DOCS = Path(__file__).resolve().parents[2] / "docs" / "screenshots"
PHONE = {"width": 390, "height": 844}
START = dt.datetime(2026, 12, 2, 9, 0)  # the page's clock, faked for the running hold timer

pytestmark = [
    pytest.mark.django_db(transaction=True),
    pytest.mark.skipif(
        os.environ.get("SCREENSHOTS") != "1",
        reason="docs/screenshots/ is rewritten only on request: set SCREENSHOTS=1",
    ),
]


def shot(page, name: str, *, full_page: bool = True) -> None:
    DOCS.mkdir(parents=True, exist_ok=True)
    page.screenshot(path=str(DOCS / f"{name}.png"), full_page=full_page)


def check_in(page, pain: str) -> None:
    answer(page, PAIN_NOW, pain)
    answer(page, WORRYING_SINCE, "No")
    page.get_by_role("button", name="Start", exact=True).click()


def test_the_documentation_screenshots(page, site, sign_in):
    program = ProgramFactory(training_days=days_including_today())
    days_logged(program, [5, 2])  # a little history, so the dashboard looks lived in
    plan = selectors.today(selectors.program_active(program.user)).plan(gentle=False)
    sign_in(program.user)
    page.set_viewport_size(PHONE)
    page.clock.install(time=START)
    later = iter(START + dt.timedelta(hours=n) for n in range(1, 100))

    page.goto(f"{site}/dashboard/")
    shot(page, "dashboard-first-screen", full_page=False)
    page.goto(f"{site}/sessions/new/")
    shot(page, "session-form")

    page.goto(f"{site}/today/")
    shot(page, "guided-1-check-in")
    check_in(page, "1")
    total = exercise_count(page)
    plain = next(n for n, item in enumerate(plan) if not item.rung.hold_seconds)
    hold = next(n for n, item in enumerate(plan) if (item.rung.hold_seconds or 0) >= 3)
    for number, item in enumerate(plan):
        expect(page.locator(".guided-progress")).to_have_text(
            re.compile(rf"^Exercise {number + 1} of {total}")
        )
        if number == plain:
            for _ in range(item.rung.reps):
                page.get_by_role("button", name="Count a repetition").click()
            shot(page, "guided-2-exercise")
        if number == hold:
            # A hold one second in, on a stopped clock, so the picture is the same every time.
            page.clock.pause_at(next(later))
            page.get_by_role("button", name="Start the hold").click()
            page.clock.run_for(1_000)
            expect(page.locator("[data-timer-value]")).to_have_text(str(item.rung.hold_seconds - 1))
            shot(page, "guided-2-exercise-hold")
            page.get_by_role("button", name="Pause").click()
            page.clock.resume()
        page.get_by_role("button", name="Done", exact=True).click()

    expect(page.get_by_role("heading", level=1)).to_have_text("How was it?")
    shot(page, "guided-3-check-out")
    answer(page, PAIN_AFTER, "1")
    answer(page, EFFORT, "5")
    answer(page, WORRYING_DURING, "No")
    page.get_by_role("button", name="Save my session").click()
    expect(page.get_by_text("Session saved.", exact=True)).to_be_visible()
    shot(page, "guided-4-saved")

    # Someone else, with more pain today: the gentle-day offer, then "This hurts — stop".
    other = ProgramFactory(training_days=days_including_today())
    sign_in(other.user)
    page.goto(f"{site}/today/")
    check_in(page, "5")
    expect(page.get_by_role("heading", level=1)).to_have_text("A gentle day?")
    shot(page, "guided-gentle-offer")
    page.get_by_role("button", name="Do a gentle day").click()
    page.get_by_role("button", name="This hurts — stop").click()
    expect(page.get_by_role("heading", level=1)).to_have_text("You stopped: that was right")
    answer(page, WORRYING_DURING, "Yes")
    answer(page, PAIN_AFTER, "6")
    answer(page, EFFORT, "5")
    page.get_by_role("button", name="Save my session").click()
    expect(page).to_have_url(re.compile(r"/safety/$"))
    shot(page, "guided-safety-stop")


def test_the_email_link_and_confirm_it_is_you_screenshots(page, browser, site):
    """The reminder's link: the page that asks before it signs in, the page a second use gets,
    and "confirm it is you" as the limited session meets it."""
    from django.urls import reverse

    from tracking import links

    program = ProgramFactory(training_days=days_including_today())
    day = selectors.local_now(selectors.program_active(program.user)).date()
    url = f"{site}{reverse('tracking:log_link', args=[links.log_token(program.user, day)])}"
    page.set_viewport_size(PHONE)

    page.goto(url)
    shot(page, "log-link-confirm")
    page.get_by_role("button", name="Start today's session").click()
    page.goto(f"{site}/account/")
    expect(page.get_by_role("heading", level=1)).to_have_text("Confirm it is you")
    shot(page, "reauthenticate-limited")

    later = browser.new_context(viewport=PHONE).new_page()
    later.goto(url)
    expect(later.get_by_role("heading", level=1)).to_have_text("This link has already been used")
    later.screenshot(path=str(DOCS / "log-link-used.png"), full_page=True)


def pictures_drawn(page) -> None:
    """Every picture loaded and drawn, the lazy ones below the first screen too (a full-page
    screenshot does not scroll to them)."""
    page.evaluate(
        "Promise.all([...document.images].map(i => { i.loading = 'eager'; return i.decode(); }))"
    )


def test_the_exercise_pages_and_printable_week_screenshots(page, site, sign_in):
    """Each exercise's page with its pictures, and the week's plan with how to do each one,
    on screen and as printed (black on white), so the pictures can be looked at in place."""
    from exercises.models import Exercise

    page.set_viewport_size(PHONE)
    for slug in Exercise.objects.order_by("position", "name").values_list("slug", flat=True):
        page.goto(f"{site}/exercises/{slug}/")
        expect(page.locator(".picture img").first).to_be_visible()
        pictures_drawn(page)
        shot(page, f"exercise-{slug}")

    program = ProgramFactory(training_days=days_including_today())
    sign_in(program.user)
    page.goto(f"{site}/plan/")
    pictures_drawn(page)
    shot(page, "plan")
    page.emulate_media(media="print")
    shot(page, "plan-print")


def test_the_weekly_plan_calendar_and_my_data_screenshots(page, site, sign_in):
    """The week's plan (cards on a phone, a table wide), the calendar page with its Copy and
    Add buttons, and the My data page, at 390 and 1280 px."""
    from tests.factories import PASSWORD

    program = ProgramFactory(training_days=days_including_today())
    sign_in(program.user)
    page.set_viewport_size(PHONE)
    page.goto(f"{site}/program/calendar/")
    page.get_by_label("Password").fill(PASSWORD)
    page.get_by_role("button", name="Confirm", exact=True).click()
    for width, suffix in ((390, "phone"), (1280, "wide")):
        page.set_viewport_size({"width": width, "height": 844 if width == 390 else 800})
        page.goto(f"{site}/plan/")
        pictures_drawn(page)
        shot(page, f"weekly-plan-{suffix}")
        page.goto(f"{site}/program/calendar/")
        shot(page, f"calendar-{suffix}")
        page.goto(f"{site}/account/data/")
        shot(page, f"my-data-{suffix}")


def test_the_account_pages_and_an_error_summary_screenshots(page, site, sign_in):
    from tests.factories import UserFactory

    page.set_viewport_size(PHONE)
    page.goto(f"{site}/accounts/login/")
    shot(page, "account-login")
    page.goto(f"{site}/accounts/signup/")
    page.get_by_label("Email", exact=True).fill("rosa@example.com")
    page.get_by_label("Password", exact=True).fill("short")
    page.get_by_label("Password again").fill("short")
    page.get_by_role("button", name="Create an account").click()
    expect(page.locator("#error-summary")).to_be_focused()
    shot(page, "account-signup-errors")
    person = UserFactory()
    page.goto(f"{site}/accounts/login/code/")
    page.get_by_label("Email", exact=True).fill(person.email)
    page.get_by_role("button", name="Email me a code").click()
    expect(page.get_by_role("button", name="Confirm", exact=True)).to_be_visible()
    shot(page, "account-login-code")

    program = ProgramFactory(training_days=days_including_today())
    sign_in(program.user)
    page.goto(f"{site}/sessions/new/")
    page.locator("#id_entries-0-reps").fill("")
    page.get_by_role("button", name="Save session").click()
    expect(page.locator("#error-summary")).to_be_focused()
    shot(page, "log-form-error-summary", full_page=False)


def test_the_charts_screenshots(page, site, sign_in):
    """The dashboard and the progress page with a few weeks of history, on a phone and on a
    wide screen: every chart's text readable, the tables under them in the same order."""
    program = ProgramFactory(training_days=days_including_today())
    days_logged(program, [26, 23, 19, 16, 12, 9, 7, 5, 2])
    sign_in(program.user)
    for width, height, suffix in ((390, 844, "390"), (1280, 800, "1280")):
        page.set_viewport_size({"width": width, "height": height})
        page.goto(f"{site}/dashboard/")
        shot(page, f"dashboard-{suffix}")
        page.goto(f"{site}/progress/")
        shot(page, f"progress-{suffix}")


def test_the_less_used_account_pages_screenshots(page, site, sign_in):
    """Choosing a new password (asked, sent, from the link, a used link, done), changing and
    choosing one while logged in, logging out, confirming it is you, the email addresses and
    the closed-account page, at 390 and 1280 px; the forms with their error summaries."""
    import re as re_

    from django.core import mail

    from tests.factories import PASSWORD, UserFactory

    person = UserFactory()
    no_password = UserFactory()
    no_password.set_unusable_password()
    no_password.save()
    for width, suffix in ((390, "390"), (1280, "1280")):
        page.context.clear_cookies()
        page.set_viewport_size({"width": width, "height": 844 if width == 390 else 800})
        page.goto(f"{site}/accounts/password/reset/")
        shot(page, f"account-password-reset-{suffix}")
        page.get_by_role("button", name="Email me a link").click()
        expect(page.locator("#error-summary")).to_be_focused()
        shot(page, f"account-password-reset-errors-{suffix}")
        page.get_by_label("Email", exact=True).fill(person.email)
        page.get_by_role("button", name="Email me a link").click()
        expect(page.get_by_role("heading", name="Check your email")).to_be_visible()
        shot(page, f"account-password-reset-sent-{suffix}")
        link = re_.search(r"/accounts/password/reset/key/\S+/", mail.outbox[-1].body).group(0)
        page.goto(f"{site}{link}")
        page.get_by_label("New password", exact=True).fill("short")
        page.get_by_label("New password again").fill("shorter")
        page.get_by_role("button", name="Save my new password").click()
        expect(page.locator("#error-summary")).to_be_focused()
        shot(page, f"account-password-reset-key-errors-{suffix}")
        page.goto(f"{site}/accounts/password/reset/key/1-used-link/")
        shot(page, f"account-password-reset-link-used-{suffix}")
        page.goto(f"{site}/accounts/password/reset/key/done/")
        shot(page, f"account-password-reset-done-{suffix}")
        page.goto(f"{site}/accounts/inactive/")
        shot(page, f"account-inactive-{suffix}")
        page.goto(f"{site}/accounts/login/")
        shot(page, f"account-login-{suffix}")

        sign_in(person)
        page.goto(f"{site}/accounts/password/change/")
        page.get_by_label("Your current password").fill(PASSWORD + "x")
        page.get_by_role("button", name="Save my new password").click()
        expect(page.locator("#error-summary")).to_be_focused()
        shot(page, f"account-password-change-errors-{suffix}")
        page.goto(f"{site}/accounts/logout/")
        shot(page, f"account-logout-{suffix}")
        page.goto(f"{site}/accounts/reauthenticate/")
        page.get_by_role("button", name="Confirm", exact=True).click()
        expect(page.locator("#error-summary")).to_be_focused()
        shot(page, f"account-reauthenticate-errors-{suffix}")
        page.goto(f"{site}/accounts/email/")
        shot(page, f"account-email-{suffix}")

        sign_in(no_password)
        page.goto(f"{site}/accounts/password/set/")
        shot(page, f"account-password-set-{suffix}")


def test_the_log_form_refused_by_the_csrf_check_screenshots(page, site, sign_in):
    """The note a save in place gets when the CSRF check refuses it, the typing still there."""
    program = ProgramFactory(training_days=days_including_today())
    sign_in(program.user)
    for width, suffix in ((390, "390"), (1280, "1280")):
        page.set_viewport_size({"width": width, "height": 844 if width == 390 else 800})
        page.goto(f"{site}/sessions/new/")
        page.get_by_label("Notes").fill("Stiff this morning")
        page.context.clear_cookies(name="csrftoken")
        page.get_by_role("button", name="Save session").click()
        expect(page.get_by_role("alert").filter(has_text="not saved yet")).to_be_focused()
        shot(page, f"log-form-not-saved-{suffix}", full_page=False)
