"""What a person types stays text wherever it is shown: pages, the admin, the browsable API,
emails and the data download. Markup in notes or a name is never run as markup."""

import json

import pytest
from django.test import Client
from django.utils.html import escape

from tests.factories import UserFactory
from tests.reauth import reauthenticated
from tests.reminders.helpers import EIGHT, LONDON, WEDNESDAY, at, html_of, program_for
from tests.tracking.factories import ProgramFactory, session_logged
from tracking import reminders

pytestmark = pytest.mark.django_db

NOTES = "</textarea><script>alert('notes')</script><b onmouseover=alert(1)>hi</b>"
NAME = "<img src=x onerror=alert('name')>"
RAW = ("<script>alert(", "<img src=x", "<b onmouseover")
ESCAPED_NOTES = escape(NOTES)  # the notes shown as text: every < > ' and & escaped


def no_markup_from_the_person(html: str) -> None:
    for fragment in RAW:
        assert fragment not in html, f"{fragment!r} reached the page as markup"


@pytest.fixture
def person():
    program = ProgramFactory(user=UserFactory(first_name=NAME))
    session = session_logged(program, notes=NOTES)
    client = Client()
    client.force_login(program.user)
    return program.user, session, client


@pytest.mark.parametrize(
    "path",
    ["/dashboard/", "/sessions/", "/sessions/{pk}/edit/", "/sessions/{pk}/delete/", "/account/"],
)
def test_notes_and_names_are_shown_as_text_on_the_pages(person, path):
    _, session, client = person

    response = client.get(path.format(pk=session.pk))

    assert response.status_code == 200
    no_markup_from_the_person(response.content.decode())


def test_the_history_shows_the_notes_escaped_not_dropped(person):
    _, _, client = person

    html = client.get("/sessions/").content.decode()

    assert "&lt;script&gt;alert(&#x27;notes&#x27;)&lt;/script&gt;" in html


def test_notes_are_text_in_the_admin(person):
    _, session, _ = person
    staff = Client()
    staff.force_login(UserFactory(is_staff=True, is_superuser=True))

    listing = staff.get("/admin/tracking/session/")
    change = staff.get(f"/admin/tracking/session/{session.pk}/change/")

    assert (listing.status_code, change.status_code) == (200, 200)
    assert f"/admin/tracking/session/{session.pk}/change/" in listing.content.decode()
    assert ESCAPED_NOTES in change.content.decode()
    for response in (listing, change):
        no_markup_from_the_person(response.content.decode())


def test_notes_are_text_in_the_browsable_api(person):
    _, session, client = person

    response = client.get(f"/api/v1/sessions/{session.pk}/", headers={"accept": "text/html"})

    assert response.status_code == 200
    assert response["Content-Type"].startswith("text/html")
    assert ESCAPED_NOTES in response.content.decode()
    no_markup_from_the_person(response.content.decode())


def test_the_json_api_returns_the_notes_exactly_as_typed(person):
    _, session, client = person

    assert client.get(f"/api/v1/sessions/{session.pk}/").json()["notes"] == NOTES


def test_the_data_download_is_json_that_browsers_will_not_run_as_a_page(person):
    _, _, client = person
    reauthenticated(client)  # the download asks for the password first

    response = client.get("/account/export/")

    assert response["Content-Type"] == "application/json"
    assert response["X-Content-Type-Options"] == "nosniff"
    assert response["Content-Disposition"].startswith("attachment;")
    document = json.loads(response.content)
    assert document["sessions"][0]["notes"] == NOTES
    assert document["account"]["first_name"] == NAME


def test_a_name_with_markup_is_text_in_the_reminder_email(mailoutbox):
    program_for(reminder=EIGHT, first_name=NAME)
    now = at(LONDON, WEDNESDAY, 8, 0)
    ids = reminders.dispatch_due(now=now, enqueue=lambda ids: None).queued_ids

    reminders.deliveries_send(ids, now=now)

    (message,) = mailoutbox
    no_markup_from_the_person(html_of(message))
    assert "&lt;img src=x onerror=alert(&#x27;name&#x27;)&gt;" in html_of(message)
    assert "\n" not in message.subject  # no header injection through the name
