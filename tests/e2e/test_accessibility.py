"""axe-core finds no serious or critical problem on the main pages, at phone and desktop size, in
the light and the dark colour scheme (the site follows the device's setting); every page fits 320 px without sideways scrolling; controls are big enough to tap."""

import pytest

from tests.e2e.conftest import axe_violations, screenshot
from tests.tracking.factories import ProgramFactory, session_logged

pytestmark = pytest.mark.django_db(transaction=True)

PUBLIC = {
    "landing": "/",
    "signup": "/accounts/signup/",
    "password-reset": "/accounts/password/reset/",
    "catalogue": "/exercises/",
    "exercise-detail": "/exercises/seated-row/",
    "avoid": "/exercises/avoid/",
    "floor-guide": "/exercises/floor/getting-down-to-the-floor/",
    "guideline-exercise": "/exercises/tandem-stance/",
}
SIGNED_IN = {
    "dashboard": "/dashboard/",
    "log": "/sessions/new/",
    "settings": "/program/settings/",
    "reminders": "/reminders/",
    "plan": "/plan/",
    "history": "/sessions/",
    "progress": "/progress/",
    "password-change": "/accounts/password/change/",
}
SIZES = {"phone": (390, 844), "desktop": (1280, 800)}
SCHEMES = ("light", "dark")


def seen_as(page, size: str, scheme: str) -> None:
    """The page at this screen size with the device set to this colour scheme."""
    page.set_viewport_size(dict(zip(("width", "height"), SIZES[size], strict=True)))
    page.emulate_media(color_scheme=scheme)


def shot_name(name: str, size: str, scheme: str) -> str:
    return f"{name}-{size}" if scheme == "light" else f"{name}-{size}-{scheme}"


@pytest.fixture
def signed_in_page(page, site, sign_in):
    program = ProgramFactory()
    session_logged(program)
    sign_in(program.user)
    return page


@pytest.mark.parametrize("scheme", SCHEMES)
@pytest.mark.parametrize("size", SIZES)
@pytest.mark.parametrize("name", PUBLIC)
def test_public_pages_pass_the_accessibility_audit(page, site, name, size, scheme):
    seen_as(page, size, scheme)
    page.goto(site + PUBLIC[name])
    assert axe_violations(page) == []
    screenshot(page, shot_name(name, size, scheme))


@pytest.mark.parametrize("scheme", SCHEMES)
@pytest.mark.parametrize("size", SIZES)
@pytest.mark.parametrize("name", SIGNED_IN)
def test_signed_in_pages_pass_the_accessibility_audit(signed_in_page, site, name, size, scheme):
    page = signed_in_page
    seen_as(page, size, scheme)
    page.goto(site + SIGNED_IN[name])
    assert axe_violations(page) == []
    screenshot(page, shot_name(name, size, scheme))


def test_the_dark_scheme_really_is_dark(page, site):
    """The dark runs above audit dark pages: the device's setting reaches the style sheet."""
    page.emulate_media(color_scheme="dark")
    page.goto(site)
    background = page.evaluate("getComputedStyle(document.body).backgroundColor")
    red, green, blue = (int(part) for part in background[4:-1].split(","))
    assert max(red, green, blue) < 64


@pytest.mark.parametrize("path", [*PUBLIC.values(), *SIGNED_IN.values()])
def test_every_page_fits_a_320_pixel_screen_without_sideways_scrolling(signed_in_page, site, path):
    page = signed_in_page
    page.set_viewport_size({"width": 320, "height": 640})
    page.goto(site + path)
    assert page.evaluate("document.documentElement.scrollWidth") <= 320


@pytest.mark.parametrize("path", ["/", "/exercises/", *SIGNED_IN.values()])
def test_buttons_fields_and_menu_links_are_at_least_44_pixels_tall(signed_in_page, site, path):
    page = signed_in_page
    page.set_viewport_size({"width": 390, "height": 844})
    page.goto(site + path)
    small = page.evaluate(
        """() => [...document.querySelectorAll(
              'button, input:not([type=hidden]):not([type=checkbox]):not([type=radio]), select,'
              + ' textarea, nav a, .button')]
            .filter(el => el.offsetParent !== null)
            .map(el => [el.outerHTML.slice(0, 80), el.getBoundingClientRect().height])
            .filter(([, height]) => height < 44)"""
    )
    assert small == []


def test_the_body_text_is_at_least_18_pixels(page, site):
    page.goto(site)
    size = page.evaluate("parseFloat(getComputedStyle(document.querySelector('main p')).fontSize)")
    assert size >= 18
