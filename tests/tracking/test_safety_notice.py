"""The safety notice: once on every page that prescribes, in one short form ("Ask your doctor
first", stop and call your doctor at a warning sign) with "Read more" to the full text, where
every warning sign and what to do at once stand in plain words."""

import pytest
from django.urls import reverse

from exercises.safety import EMERGENCY, WARNING_SIGNS
from tests.tracking.factories import ProgramFactory

pytestmark = pytest.mark.django_db

NOTICE = "Ask your doctor first."
READ_MORE = f'href="{reverse("tracking:safety")}#before-you-start"'

PUBLIC = ["/exercises/", "/exercises/back-extension/", "/exercises/avoid/"]
SIGNED_IN = [
    reverse("tracking:dashboard"),
    reverse("tracking:today"),
    reverse("tracking:progress"),
    reverse("tracking:weekly_plan"),
    reverse("tracking:session_new"),
]


def shows_the_notice_once(html: str) -> bool:
    return (
        html.count(NOTICE) == 1
        and html.count(READ_MORE) == 1
        and "stop and call your doctor" in html
    )


@pytest.mark.parametrize("url", PUBLIC)
def test_each_public_page_that_prescribes_shows_the_short_notice_once(client, url):
    assert shows_the_notice_once(client.get(url).content.decode())


def test_the_program_start_page_shows_the_short_notice_once(signed_in_client):
    assert shows_the_notice_once(
        signed_in_client.get(reverse("tracking:program_start")).content.decode()
    )


@pytest.mark.parametrize("url", SIGNED_IN)
def test_each_page_of_a_program_shows_the_short_notice_once(signed_in_client, user, url):
    ProgramFactory(user=user)

    assert shows_the_notice_once(signed_in_client.get(url).content.decode())


def test_read_more_leads_to_the_full_text_with_every_warning_sign_in_plain_words(client):
    html = client.get(reverse("tracking:safety")).content.decode()

    assert 'id="before-you-start"' in html
    assert "physiotherapist&#x27;s go-ahead" in html or "physiotherapist's go-ahead" in html
    assert "stop and call your doctor" in html
    for sign in WARNING_SIGNS:
        assert sign.capitalize() in html
    assert EMERGENCY in html
