"""Safety answers and links are easy to hit (44 px), and the time zone list is a city list
grouped by region: a plain select without JavaScript, the device's zone first with it."""

import pytest
from django.contrib.auth import BACKEND_SESSION_KEY, HASH_SESSION_KEY, SESSION_KEY
from django.contrib.sessions.backends.db import SessionStore
from django.urls import reverse
from playwright.sync_api import expect

from tests.factories import UserFactory
from tests.tracking.factories import ProgramFactory

pytestmark = pytest.mark.django_db(transaction=True)

TARGET = 44


def assert_label_row_is_a_44px_target(page, input_id: str) -> None:
    label = page.locator(f"label[for='{input_id}']")
    box = label.bounding_box()
    assert box is not None
    assert box["height"] >= TARGET, (input_id, box)
    box_of_input = page.locator(f"#{input_id}").bounding_box()
    assert min(box_of_input["width"], box_of_input["height"]) >= 20, (input_id, box_of_input)
    checkbox = page.locator(f"#{input_id}")
    was = checkbox.is_checked()
    label.click(position={"x": box["width"] - 4, "y": box["height"] / 2})  # far end of the row
    assert checkbox.is_checked() != was, input_id


def test_the_program_start_answers_are_44px_label_rows_that_toggle_them(page, site, sign_in):
    sign_in(UserFactory())
    page.set_viewport_size({"width": 390, "height": 844})
    page.goto(site + reverse("tracking:program_start"))
    expect(page.get_by_role("heading", level=1)).to_have_text("Set up your program")

    for input_id in ("id_doctor_confirmed", "id_floor_ok_0", "id_spinal_fracture_1"):
        assert_label_row_is_a_44px_target(page, input_id)


def test_reminder_settings_checkboxes_and_links_are_44px(page, site, sign_in):
    program = ProgramFactory()
    sign_in(program.user)
    page.set_viewport_size({"width": 390, "height": 844})
    page.goto(site + reverse("tracking:reminder_settings"))

    for input_id in ("id_reminders_enabled", "id_weekly_summary_enabled"):
        assert_label_row_is_a_44px_target(page, input_id)
    for link in page.locator("nav a, .site-footer a").all():
        if link.is_visible():
            assert link.bounding_box()["height"] >= TARGET, link.inner_text()


def test_the_time_zone_list_offers_this_device_s_zone_first(page, site, sign_in):
    sign_in(UserFactory(timezone="UTC"))
    page.goto(site + reverse("tracking:program_start"))

    zone = page.locator("#id_timezone")
    expect(zone).to_have_value("Europe/London")
    first = zone.locator("optgroup").first
    expect(first).to_have_attribute("label", "This device's time zone")
    expect(zone.locator("optgroup[label='America'] option[value='America/New_York']")).to_have_text(
        "New York"
    )
    zone.select_option("America/New_York")
    expect(zone).to_have_value("America/New_York")


def test_without_javascript_the_time_zone_is_a_plain_select_grouped_by_region(
    browser, site, live_server
):
    user = UserFactory(timezone="UTC")
    session = SessionStore()
    session[SESSION_KEY] = str(user.pk)
    session[BACKEND_SESSION_KEY] = "django.contrib.auth.backends.ModelBackend"
    session[HASH_SESSION_KEY] = user.get_session_auth_hash()
    session.save()
    context = browser.new_context(java_script_enabled=False, timezone_id="Europe/London")
    host = live_server.url.split("://", 1)[1].split(":")[0]
    context.add_cookies(
        [{"name": "sessionid", "value": session.session_key, "domain": host, "path": "/"}]
    )
    page = context.new_page()
    page.goto(site + reverse("tracking:program_start"))

    zone = page.locator("#id_timezone")
    expect(zone).to_have_value("UTC")  # nothing guessed without JavaScript
    expect(zone.locator("optgroup").first).to_have_attribute("label", "Africa")
    expect(zone.locator("optgroup[label='Europe'] option[value='Europe/London']")).to_have_text(
        "London"
    )
    context.close()
