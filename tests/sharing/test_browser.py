"""The report in Chromium: the print page fits two pages of A4 and of US Letter for 12 weeks,
axe finds nothing serious on the report page or the shared view, and (on request,
SCREENSHOTS=1) the pictures in docs/screenshots/ at 390 px wide and in print."""

import os
import re
from pathlib import Path

import pytest

from tests.e2e.conftest import CHROMIUM, axe_violations
from tests.sharing.helpers import link_for, shared_url
from tests.sharing.year import a_year_of_sessions

pytestmark = [
    pytest.mark.django_db(transaction=True),
    pytest.mark.skipif(not CHROMIUM.exists(), reason=f"browser tests skipped: {CHROMIUM} missing"),
]

DOCS = Path(__file__).resolve().parents[2] / "docs" / "screenshots"
PHONE = {"width": 390, "height": 844}
TWELVE_WEEKS = 12 * 7
PAGE_OBJECT = re.compile(rb"/Type\s*/Page(?![a-z])")


@pytest.fixture
def twelve_weeks(site):
    """A person whose program started twelve weeks ago, with every session of it logged: moves
    up and back, and a warning sign with its safety pause and resume."""
    return a_year_of_sessions(days=TWELVE_WEEKS, warning_at=20)


def pages(pdf: bytes) -> int:
    return len(PAGE_OBJECT.findall(pdf))


@pytest.mark.parametrize("paper", ["A4", "Letter"])
def test_twelve_weeks_of_report_print_on_at_most_two_pages(
    page, site, sign_in, twelve_weeks, paper
):
    sign_in(twelve_weeks.user)
    page.goto(f"{site}/report/")

    pdf = page.pdf(format=paper, print_background=False)

    assert 1 <= pages(pdf) <= 2


def test_the_shared_view_of_twelve_weeks_prints_on_at_most_two_pages(page, site, twelve_weeks):
    token = link_for(twelve_weeks.user).token
    page.goto(site + shared_url(token))

    assert 1 <= pages(page.pdf(format="A4")) <= 2


@pytest.mark.parametrize("size", [PHONE, {"width": 1280, "height": 800}])
def test_the_report_page_passes_the_accessibility_audit(page, site, sign_in, twelve_weeks, size):
    page.set_viewport_size(size)
    sign_in(twelve_weeks.user)
    page.goto(f"{site}/report/")

    assert axe_violations(page) == []


@pytest.mark.parametrize("size", [PHONE, {"width": 1280, "height": 800}])
def test_the_shared_view_passes_the_accessibility_audit(page, site, twelve_weeks, size):
    page.set_viewport_size(size)
    page.goto(site + shared_url(link_for(twelve_weeks.user, include_notes=True).token))

    assert axe_violations(page) == []


@pytest.mark.skipif(os.environ.get("SCREENSHOTS") != "1", reason="set SCREENSHOTS=1 to rewrite")
def test_screenshots_of_the_report_and_the_shared_view(page, site, sign_in, twelve_weeks):
    DOCS.mkdir(parents=True, exist_ok=True)
    sign_in(twelve_weeks.user)
    page.set_viewport_size(PHONE)
    page.goto(f"{site}/report/")
    page.screenshot(path=str(DOCS / "report-390.png"), full_page=True)
    page.goto(site + shared_url(link_for(twelve_weeks.user, include_notes=True).token))
    page.screenshot(path=str(DOCS / "shared-390.png"), full_page=True)
    # Print, as on A4 paper (210 mm at 96 px per inch).
    page.set_viewport_size({"width": 794, "height": 1123})
    page.emulate_media(media="print")
    page.goto(f"{site}/report/")
    page.screenshot(path=str(DOCS / "report-print.png"), full_page=True)
