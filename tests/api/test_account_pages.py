"""The account in the browser (overview, data download, deletion with the password) and through
PATCH /api/v1/me/ (name and time zone)."""

import json

import pytest
from allauth.account.models import EmailAddress
from django.contrib.auth import get_user_model
from django.contrib.sessions.models import Session as StoredSession
from django.test import Client
from django.urls import reverse

from tests.api.helpers import ME, send
from tests.factories import PASSWORD
from tests.reauth import reauthenticated
from tests.tracking.factories import ProgramFactory, session_logged
from tracking.models import Entry, Prescription, Program, ProgressionEvent, Session

pytestmark = pytest.mark.django_db

User = get_user_model()
OVERVIEW = reverse("account:overview")
DOWNLOAD = reverse("account:export")
DELETE = reverse("account:delete")


@pytest.fixture
def program(user):
    return ProgramFactory(user=user)


@pytest.fixture
def someone_else():
    program = ProgramFactory()
    session_logged(program, notes="Someone else's words.")
    return program.user


def everything_of(user) -> dict[str, int]:
    return {
        "users": User.objects.filter(pk=user.pk).count(),
        "email addresses": EmailAddress.objects.filter(user_id=user.pk).count(),
        "programs": Program.objects.filter(user_id=user.pk).count(),
        "prescriptions": Prescription.objects.filter(program__user_id=user.pk).count(),
        "sessions": Session.objects.filter(user_id=user.pk).count(),
        "entries": Entry.objects.filter(session__user_id=user.pk).count(),
        "events": ProgressionEvent.objects.filter(program__user_id=user.pk).count(),
    }


def is_signed_in(client) -> bool:
    return "_auth_user_id" in client.session


# --- /account/ --------------------------------------------------------------------------------


@pytest.mark.parametrize("url", [OVERVIEW, DOWNLOAD, DELETE])
def test_the_account_pages_ask_an_anonymous_visitor_to_log_in(client, url):
    response = client.get(url)

    assert response.status_code == 302
    assert response["Location"].startswith(reverse("account_login"))


def test_the_overview_shows_who_is_signed_in_and_links_to_download_and_delete(
    signed_in_client, user
):
    response = signed_in_client.get(OVERVIEW)

    assert response.status_code == 200
    html = response.content.decode()
    assert user.email in html
    assert f'href="{DOWNLOAD}"' in html
    assert f'href="{DELETE}"' in html


# --- /account/export/ -------------------------------------------------------------------------


def test_the_download_is_a_json_attachment_of_the_persons_own_data(
    signed_in_client, user, program, someone_else
):
    mine = session_logged(program, notes="My own words.")
    reauthenticated(signed_in_client)  # the download asks for the password first

    response = signed_in_client.get(DOWNLOAD)

    assert response.status_code == 200
    assert response["Content-Type"] == "application/json"
    assert response["Content-Disposition"].startswith('attachment; filename="osteofit-export-')
    assert response["Content-Disposition"].endswith('.json"')
    document = json.loads(response.content)
    assert document["account"]["email"] == user.email
    assert [session["id"] for session in document["sessions"]] == [mine.pk]
    assert [program["timezone"] for program in document["programs"]] == [program.timezone]
    assert someone_else.email not in response.content.decode()
    assert "Someone else's words." not in response.content.decode()


def test_the_download_holds_the_same_data_as_the_api_export(signed_in_client, program):
    session_logged(program)
    reauthenticated(signed_in_client)

    page = json.loads(signed_in_client.get(DOWNLOAD).content)
    api = signed_in_client.get(reverse("api:me-export")).json()

    page.pop("exported_at")
    api.pop("exported_at")
    assert page == api


def test_the_download_cannot_be_posted_to(signed_in_client):
    assert signed_in_client.post(DOWNLOAD).status_code == 405


# --- /account/delete/ -------------------------------------------------------------------------


def test_the_delete_page_asks_for_the_password(signed_in_client):
    response = signed_in_client.get(DELETE)

    assert response.status_code == 200
    assert 'type="password"' in response.content.decode()


def test_a_wrong_password_says_so_and_deletes_nothing(signed_in_client, user, program):
    session_logged(program)
    before = everything_of(user)

    response = signed_in_client.post(DELETE, {"password": "not my password"})

    assert response.status_code == 200
    assert "That password is not correct." in response.content.decode()
    assert everything_of(user) == before
    assert is_signed_in(signed_in_client)


def test_an_empty_password_says_so_and_deletes_nothing(signed_in_client, user):
    response = signed_in_client.post(DELETE, {"password": ""})

    assert response.status_code == 200
    assert User.objects.filter(pk=user.pk).exists()


def test_the_right_password_deletes_everything_signs_out_and_says_so_on_the_home_page(
    signed_in_client, user, program, someone_else
):
    session_logged(program)
    theirs = everything_of(someone_else)

    response = signed_in_client.post(DELETE, {"password": PASSWORD}, follow=True)

    assert response.redirect_chain == [(reverse("home"), 302)]
    assert "Your account and all your data have been deleted." in response.content.decode()
    assert not is_signed_in(signed_in_client)
    assert set(everything_of(user).values()) == {0}
    assert everything_of(someone_else) == theirs


def test_deleting_in_one_browser_signs_the_person_out_of_the_others(client, user):
    client.force_login(user)
    other_browser = Client()
    other_browser.force_login(user)

    client.post(DELETE, {"password": PASSWORD})

    assert not StoredSession.objects.exists()
    assert other_browser.get(OVERVIEW).status_code == 302
    assert other_browser.get(ME).status_code == 401


# --- PATCH /api/v1/me/ ------------------------------------------------------------------------


def test_getting_the_account_shows_email_name_and_timezone(signed_in_client, user):
    body = signed_in_client.get(ME).json()

    assert body == {
        "email": user.email,
        "first_name": user.first_name,
        "last_name": user.last_name,
        "timezone": "Europe/London",
    }


def test_patching_the_account_changes_name_and_timezone(signed_in_client, user):
    response = send(
        signed_in_client,
        "patch",
        ME,
        {"first_name": "Grace", "last_name": "Hopper", "timezone": "America/New_York"},
    )

    assert response.status_code == 200
    assert response.json()["timezone"] == "America/New_York"
    user.refresh_from_db()
    assert (user.first_name, user.last_name, user.timezone) == (
        "Grace",
        "Hopper",
        "America/New_York",
    )


def test_patching_only_the_name_leaves_the_timezone_and_the_other_name(signed_in_client, user):
    last_name = user.last_name

    send(signed_in_client, "patch", ME, {"first_name": "Grace"})

    user.refresh_from_db()
    assert (user.first_name, user.last_name, user.timezone) == ("Grace", last_name, "Europe/London")


def test_the_active_programs_timezone_follows_the_persons(signed_in_client, user, program):
    send(signed_in_client, "patch", ME, {"timezone": "Australia/Sydney"})

    program.refresh_from_db()
    assert program.timezone == "Australia/Sydney"
    assert signed_in_client.get(reverse("api:program")).json()["timezone"] == "Australia/Sydney"


def test_changing_only_the_name_leaves_the_programs_timezone(signed_in_client, user, program):
    send(signed_in_client, "patch", ME, {"first_name": "Grace"})

    program.refresh_from_db()
    assert program.timezone == "Europe/London"


def test_a_bad_timezone_is_a_400_naming_timezone_and_changes_nothing(
    signed_in_client, user, program
):
    response = send(signed_in_client, "patch", ME, {"timezone": "Europe/Atlantis"})

    assert response.status_code == 400
    assert list(response.json()["fields"]) == ["timezone"]
    assert "Europe/Atlantis is not a time zone we know" in response.json()["fields"]["timezone"][0]
    user.refresh_from_db()
    program.refresh_from_db()
    assert (user.timezone, program.timezone) == ("Europe/London", "Europe/London")
