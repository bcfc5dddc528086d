"""Charts that read and pages that fit: chart text measured at 14 px or more on a 390 px phone,
and every public and signed-in page without sideways scrolling at 320 px for a person whose
email address is over 40 characters long."""

import pytest
from django.urls import reverse

from exercises.models import FloorGuide
from tests.factories import UserFactory
from tests.tracking.factories import ProgramFactory, days_logged

pytestmark = pytest.mark.django_db(transaction=True)

LONG_EMAIL = "margaret.wellington-smythe.osteofit@example-longdomain.co.uk"
# Each chart text's drawn size: its font size times the SVG's scale on the screen, and its box.
CHART_TEXT_SIZES = """() => [...document.querySelectorAll('svg.chart-svg text')].map(t => ({
  text: t.textContent,
  drawn: parseFloat(getComputedStyle(t).fontSize) * t.closest('svg').getScreenCTM().a,
  height: t.getBoundingClientRect().height,
}))"""
SIDEWAYS = "() => document.scrollingElement.scrollWidth - document.scrollingElement.clientWidth"


@pytest.fixture
def person(sign_in):
    user = UserFactory(email=LONG_EMAIL)
    program = ProgramFactory(user=user)
    days_logged(program, [9, 7, 5, 2])
    sign_in(user)
    return program


def test_chart_text_is_at_least_14_px_on_a_390_px_phone(page, site, person):
    page.set_viewport_size({"width": 390, "height": 844})
    for url in (reverse("tracking:dashboard"), reverse("tracking:progress")):
        page.goto(site + url)
        sizes = page.evaluate(CHART_TEXT_SIZES)
        assert sizes, f"{url} drew no chart text"
        small = [s for s in sizes if s["drawn"] < 14 or s["height"] < 14]
        assert small == [], f"{url}: {small[:5]}"


def test_no_page_scrolls_sideways_at_320_px_with_a_long_email_address(page, site, person):
    session = person.sessions.first()
    guide = FloorGuide.objects.first()
    signed_in = [
        reverse("home"),
        reverse("exercises:catalogue"),
        reverse("exercises:avoid"),
        reverse("exercises:detail", args=["back-extension"]),
        reverse("tracking:safety"),
        reverse("tracking:dashboard"),
        reverse("tracking:today"),
        reverse("tracking:weekly_plan"),
        reverse("tracking:progress"),
        reverse("tracking:program_settings"),
        reverse("tracking:reminder_settings"),
        reverse("tracking:history"),
        reverse("tracking:report"),
        reverse("tracking:session_new"),
        reverse("tracking:session_edit", args=[session.pk]),
        reverse("tracking:session_delete", args=[session.pk]),
        reverse("account:overview"),
        reverse("account:delete"),
        reverse("account_email"),
        reverse("account_change_password"),
        reverse("account_reauthenticate"),
    ]
    if guide is not None:
        signed_in.append(reverse("exercises:floor-guide", args=[guide.slug]))
    page.set_viewport_size({"width": 320, "height": 640})
    wide = {}
    for url in signed_in:
        page.goto(site + url)
        if (overflow := page.evaluate(SIDEWAYS)) > 0:
            wide[url] = overflow
    page.context.clear_cookies()
    for name in (
        "account_login",
        "account_signup",
        "account_reset_password",
        "account_request_login_code",
        "exercises:catalogue",
        "tracking:safety",
        "home",
    ):
        page.goto(site + reverse(name))
        if (overflow := page.evaluate(SIDEWAYS)) > 0:
            wide[f"{name} (signed out)"] = overflow

    assert wide == {}, f"pages wider than 320 px (px too wide): {wide}"
