"""Finding one's time zone: with JavaScript a search box above the list narrows it as one types
(city, region or IANA name, accents and case ignored), says how many places match, and the
place the list shows chosen is what is saved; the device's zone stays first. Without
JavaScript the list grouped by region is unchanged and saves the same way."""

import pytest
from django.urls import reverse
from playwright.sync_api import expect

from tests.e2e.conftest import axe_violations, sign_in_context, tab_to_id
from tests.factories import UserFactory
from tests.tracking.factories import ProgramFactory
from tracking.models import Program

pytestmark = pytest.mark.django_db(transaction=True)

SEARCH = "Search for your city or region"
ZONE = "#id_timezone"
SHOWN = "(select) => [...select.options].map((option) => option.value)"


@pytest.fixture
def settings_page(page, site, sign_in):
    program = ProgramFactory()
    sign_in(program.user)
    page.set_viewport_size({"width": 390, "height": 844})
    page.goto(site + reverse("tracking:program_settings"))
    return page, program


def shown(page) -> list[str]:
    return page.locator(ZONE).evaluate(SHOWN)


def test_typing_narrows_the_list_and_the_place_chosen_is_saved(settings_page):
    page, program = settings_page
    everything = len(shown(page))
    status = page.locator("#id_timezone_search_status")

    page.get_by_label(SEARCH).press_sequentially("sao")

    expect(status).to_have_text("2 places match. Choose yours in the list.")
    assert shown(page) == ["Africa/Sao_Tome", "America/Sao_Paulo"]
    page.screenshot(path="/tmp/tz-settings-sao.png", full_page=True)
    page.locator(ZONE).select_option("America/Sao_Paulo")
    page.get_by_role("button", name="Save settings").click()

    expect(page.get_by_text("Your program settings are saved.")).to_be_visible()
    program.refresh_from_db()
    program.user.refresh_from_db()
    assert program.timezone == "America/Sao_Paulo"
    assert program.user.timezone == "America/Sao_Paulo"
    # The form swapped in after saving has its search again, and the whole list.
    expect(page.get_by_label(SEARCH)).to_have_value("")
    expect(page.locator(ZONE)).to_have_value("America/Sao_Paulo")
    assert len(shown(page)) == everything


@pytest.mark.parametrize(
    ("typed", "found"),
    [
        ("São Paulo", "America/Sao_Paulo"),
        ("NEW YORK", "America/New_York"),
        ("america/new_york", "America/New_York"),
        ("buenos aires", "America/Argentina/Buenos_Aires"),
    ],
)
def test_city_and_iana_names_match_whatever_the_accents_and_case(settings_page, typed, found):
    page, _ = settings_page

    page.get_by_label(SEARCH).fill(typed)

    assert found in shown(page)
    assert len(shown(page)) <= 2  # Buenos Aires is also listed under its older name


def test_a_region_name_finds_its_places(settings_page):
    page, _ = settings_page

    page.get_by_label(SEARCH).fill("antarctica")

    places = shown(page)
    assert places
    assert all(place.startswith("Antarctica/") for place in places)
    expect(page.locator("#id_timezone_search_status")).to_have_text(
        f"{len(places)} places match. Choose yours in the list."
    )


def test_nothing_found_says_so_and_keeps_the_choice_made_before(settings_page):
    page, _ = settings_page
    zone = page.locator(ZONE)
    before = zone.input_value()
    search = page.get_by_label(SEARCH)

    search.fill("sao")
    expect(zone).to_have_value("Africa/Sao_Tome")  # the first place found shows chosen
    search.fill("xyz")

    expect(page.locator("#id_timezone_search_status")).to_have_text(
        "No place matches 'xyz'. Try the nearest large city."
    )
    expect(zone).to_have_value(before)  # the choice made before searching comes back
    search.press("Escape")
    expect(search).to_have_value("")
    expect(page.locator("#id_timezone_search_status")).to_be_hidden()
    expect(zone).to_have_value(before)


def test_the_device_s_zone_stays_first_and_is_not_listed_twice(page, site, sign_in):
    sign_in(UserFactory(timezone="UTC"))
    page.goto(site + reverse("tracking:program_start"))
    zone = page.locator(ZONE)
    expect(zone).to_have_value("Europe/London")  # the browser's zone, guessed

    page.get_by_label(SEARCH).fill("lon")

    first = zone.locator("optgroup").first
    expect(first).to_have_attribute("label", "This device's time zone")
    expect(first.locator("option")).to_have_text("London (Europe)")
    assert shown(page).count("Europe/London") == 1
    expect(zone).to_have_value("Europe/London")


def test_by_keyboard_a_new_person_finds_new_york_and_starts_their_program(page, site, sign_in):
    person = UserFactory(timezone="UTC")
    sign_in(person)
    page.set_viewport_size({"width": 390, "height": 844})
    page.goto(site + reverse("tracking:program_start"))
    page.get_by_label("I have asked my doctor which exercises suit me").check()
    for question in (
        "Have you ever had a fracture in your spine?",
        "Can you get down to the floor and up again safely on your own?",
    ):
        page.get_by_role("group", name=question).get_by_label("No", exact=True).check()

    page.get_by_label("Your time zone").focus()
    page.keyboard.press("Shift+Tab")  # the search comes just before the list
    expect(page.get_by_label(SEARCH)).to_be_focused()
    page.keyboard.type("new york")
    expect(page.locator("#id_timezone_search_status")).to_have_text(
        "1 place matches: New York, America. It is chosen."
    )
    page.keyboard.press("Enter")  # into the list, not sending the form
    expect(page.locator(ZONE)).to_be_focused()
    page.keyboard.press("ArrowUp")  # from the first place back to the search, and down again
    expect(page.get_by_label(SEARCH)).to_be_focused()
    page.keyboard.press("ArrowDown")
    expect(page.locator(ZONE)).to_be_focused()
    assert not Program.objects.filter(user=person).exists()
    page.screenshot(path="/tmp/tz-start-new-york.png", full_page=True)
    tab_to_id(page, "id_reminders_enabled")
    page.keyboard.press("Tab")
    page.keyboard.press("Enter")

    expect(page.get_by_text("Your program is ready")).to_be_visible()
    person.refresh_from_db()
    assert Program.objects.get(user=person).timezone == "America/New_York"
    assert person.timezone == "America/New_York"


def test_the_search_and_each_place_it_shows_are_big_enough_to_tap(settings_page):
    page, _ = settings_page

    page.get_by_label(SEARCH).fill("europe/l")

    assert page.get_by_label(SEARCH).bounding_box()["height"] >= 44
    places = page.locator(f"{ZONE} option")
    assert places.count() >= 3  # Lisbon, Ljubljana, London, Luxembourg
    for index in range(places.count()):
        box = places.nth(index).bounding_box()
        if box:  # rows scrolled out of the open list have no box
            assert box["height"] >= 44
    assert page.evaluate("document.documentElement.scrollWidth") <= 390
    page.screenshot(path="/tmp/tz-settings-europe-l.png", full_page=True)


@pytest.mark.parametrize("scheme", ["light", "dark"])
def test_the_settings_page_with_the_search_in_use_passes_the_accessibility_audit(
    settings_page, scheme
):
    page, _ = settings_page
    page.emulate_media(color_scheme=scheme)
    page.get_by_label(SEARCH).fill("new")
    expect(page.locator("#id_timezone_search_status")).to_contain_text("places match")
    page.locator(ZONE).scroll_into_view_if_needed()
    page.screenshot(path=f"/tmp/tz-settings-new-{scheme}.png")

    assert axe_violations(page) == []


def test_without_javascript_the_grouped_list_has_no_search_and_saves(browser, site, live_server):
    program = ProgramFactory()
    context = browser.new_context(java_script_enabled=False)
    sign_in_context(context, live_server, program.user)
    page = context.new_page()
    page.goto(site + reverse("tracking:program_settings"))

    expect(page.get_by_label(SEARCH)).to_have_count(0)
    zone = page.locator(ZONE)
    expect(zone.locator("optgroup").first).to_have_attribute("label", "Africa")
    zone.select_option("Asia/Tokyo")
    page.get_by_role("button", name="Save settings").click()

    expect(page.get_by_text("Your program settings are saved.")).to_be_visible()
    program.refresh_from_db()
    assert program.timezone == "Asia/Tokyo"
    context.close()


def test_program_start_with_the_search_in_use_passes_the_accessibility_audit(page, site, sign_in):
    sign_in(UserFactory(timezone="UTC"))
    page.set_viewport_size({"width": 390, "height": 844})
    page.goto(site + reverse("tracking:program_start"))
    page.get_by_label(SEARCH).fill("lon")
    expect(page.locator("#id_timezone_search_status")).to_contain_text("places match")

    assert axe_violations(page) == []
