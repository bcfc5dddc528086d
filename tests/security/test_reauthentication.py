"""Sensitive actions need the person to have confirmed it is them in the last five minutes
(allauth's reauthentication), in the browser and through the API; changing the address tells
the old one, which can undo it for seven days."""

import datetime as dt
import json
import re
import time
from unittest import mock

import pytest
from allauth.account.models import EmailAddress
from django.contrib.auth import get_user_model
from django.core import mail
from django.test import Client
from django.urls import reverse

from tests.factories import PASSWORD, UserFactory
from tests.reauth import app_reauthenticated, reauthenticated
from tests.tracking.factories import ProgramFactory
from tracking import links
from tracking.models import Program

pytestmark = pytest.mark.django_db

User = get_user_model()
REAUTHENTICATE = reverse("account_reauthenticate")
EXPORT_PAGE = reverse("account:export")
DELETE_PAGE = reverse("account:delete")
CALENDAR = reverse("tracking:calendar")
CALENDAR_RESET = reverse("tracking:calendar_reset")
ME = "/api/v1/me/"
EXPORT = "/api/v1/me/export/"
NEW_ADDRESS = "new-address@example.com"
CODE = re.compile(r"\b([A-Z0-9]{4}-[A-Z0-9]{4})\b")


@pytest.fixture
def person():
    return ProgramFactory().user


@pytest.fixture
def browser(person):
    client = Client()
    client.force_login(person)
    return client


def asks_to_confirm(response, then: str | None = None) -> bool:
    location = response.get("Location", "") if response.status_code == 302 else ""
    if then is not None:
        return location == f"{REAUTHENTICATE}?next={then.replace('/', '%2F')}"
    return location.startswith(REAUTHENTICATE)


def minutes_later(minutes: float):
    """The clock allauth reads to date a confirmation, moved on."""
    now = time.time() + minutes * 60
    return mock.patch("allauth.account.internal.flows.reauthentication.time.time", return_value=now)


def app_token(email: str) -> str:
    response = Client().post(
        "/_allauth/app/v1/auth/login",
        json.dumps({"email": email, "password": PASSWORD}),
        content_type="application/json",
    )
    assert response.status_code == 200, response.content
    return response.json()["meta"]["session_token"]


def api(method: str, url: str, token: str, body: dict | None = None):
    return getattr(Client(), method)(
        url,
        json.dumps(body) if body is not None else "",
        content_type="application/json",
        HTTP_X_SESSION_TOKEN=token,
    )


def is_reauthentication_error(response) -> bool:
    return response.status_code == 403 and response.json()["code"] == "reauthentication_required"


# --- the data export: page and API --------------------------------------------------------------


def test_the_export_page_asks_to_confirm_then_downloads(browser):
    assert asks_to_confirm(browser.get(EXPORT_PAGE), then=EXPORT_PAGE)

    confirmed = browser.post(f"{REAUTHENTICATE}?next={EXPORT_PAGE}", {"password": PASSWORD})

    assert confirmed["Location"] == EXPORT_PAGE
    download = browser.get(EXPORT_PAGE)
    assert download.status_code == 200
    assert "attachment" in download["Content-Disposition"]


def test_the_confirmation_lasts_five_minutes(browser):
    reauthenticated(browser)
    assert browser.get(EXPORT_PAGE).status_code == 200

    with minutes_later(5.5):
        assert asks_to_confirm(browser.get(EXPORT_PAGE))


def test_the_export_api_asks_an_app_to_reauthenticate_in_the_one_error_shape(person):
    token = app_token(person.email)

    refused = api("get", EXPORT, token)

    assert is_reauthentication_error(refused)
    assert set(refused.json()) == {"detail", "code", "fields"}
    app_reauthenticated(Client(), token)
    assert api("get", EXPORT, token).status_code == 200


def test_the_export_api_with_a_browser_session_needs_the_same_confirmation(browser):
    assert is_reauthentication_error(browser.get(EXPORT))

    reauthenticated(browser)

    assert browser.get(EXPORT).status_code == 200


def test_an_app_reauthentication_expires_after_five_minutes_too(person):
    token = app_token(person.email)
    app_reauthenticated(Client(), token)

    with minutes_later(6):
        assert is_reauthentication_error(api("get", EXPORT, token))


# --- deleting the account: page and API ---------------------------------------------------------


def test_deleting_through_the_api_without_a_password_or_a_fresh_confirmation_is_refused(person):
    token = app_token(person.email)

    assert is_reauthentication_error(api("delete", ME, token))
    assert is_reauthentication_error(api("delete", ME, token, {}))
    assert User.objects.filter(pk=person.pk).exists()


def test_deleting_through_the_api_with_a_wrong_password_says_so(person):
    token = app_token(person.email)

    response = api("delete", ME, token, {"password": "not-my-password"})

    assert response.status_code == 400
    assert response.json()["fields"] == {"password": ["That password is not correct."]}
    assert User.objects.filter(pk=person.pk).exists()


def test_deleting_through_the_api_with_the_password_deletes(person):
    token = app_token(person.email)

    assert api("delete", ME, token, {"password": PASSWORD}).status_code == 204
    assert not User.objects.filter(pk=person.pk).exists()


def test_deleting_through_the_api_after_a_headless_reauthentication_needs_no_password(person):
    token = app_token(person.email)
    app_reauthenticated(Client(), token)

    assert api("delete", ME, token).status_code == 204
    assert not User.objects.filter(pk=person.pk).exists()


CONFIRMATION_CODE = "/api/v1/me/confirmation-code/"


def emailed_code(person) -> str:
    (message,) = [m for m in mail.outbox if m.to == [person.email]]
    return re.search(r"^(\d{6})$", message.body, re.M).group(1)


def test_deleting_through_the_api_with_an_emailed_code_deletes(person):
    token = app_token(person.email)
    mail.outbox = []

    assert api("post", CONFIRMATION_CODE, token).status_code == 204
    response = api("delete", ME, token, {"code": emailed_code(person)})

    assert response.status_code == 204
    assert not User.objects.filter(pk=person.pk).exists()


def test_an_emailed_code_stops_working_after_three_wrong_tries_and_once_used(person):
    token = app_token(person.email)
    mail.outbox = []
    api("post", CONFIRMATION_CODE, token)
    code = emailed_code(person)
    wrong = "000000" if code != "000000" else "111111"

    for _ in range(3):
        assert api("delete", ME, token, {"code": wrong}).status_code == 400
    refused = api("delete", ME, token, {"code": code})

    assert refused.status_code == 400
    assert "code" in refused.json()["fields"]
    assert User.objects.filter(pk=person.pk).exists()


def test_a_code_sent_to_one_app_session_does_not_confirm_another(person):
    asking, other = app_token(person.email), app_token(person.email)
    mail.outbox = []
    api("post", CONFIRMATION_CODE, asking)

    assert api("delete", ME, other, {"code": emailed_code(person)}).status_code == 400
    assert User.objects.filter(pk=person.pk).exists()


def test_the_delete_page_asks_for_the_password_unless_confirmed_a_moment_ago(browser, person):
    assert 'type="password"' in browser.get(DELETE_PAGE).text

    reauthenticated(browser)

    assert 'type="password"' not in browser.get(DELETE_PAGE).text
    assert browser.post(DELETE_PAGE)["Location"] == reverse("home")
    assert not User.objects.filter(pk=person.pk).exists()


def test_the_delete_page_refuses_a_wrong_password(browser, person):
    response = browser.post(DELETE_PAGE, {"password": "not-my-password"})

    assert "That password is not correct." in response.text
    assert User.objects.filter(pk=person.pk).exists()


def test_the_schema_documents_the_reauthentication_answer():
    schema = json.loads(Client().get("/api/schema/", {"format": "json"}).content)
    paths = schema["paths"]

    for path, method in ((EXPORT, "get"), (ME, "delete")):
        description = paths[path][method]["responses"]["403"]["description"]
        assert "reauthentication_required" in description
    assert '{"password": "..."}' in paths[ME]["delete"]["description"]


# --- the calendar address -----------------------------------------------------------------------


def test_the_calendar_address_is_shown_only_after_confirming(browser, person):
    token = Program.objects.get(user=person).calendar_token

    assert token not in browser.get(reverse("tracking:program_settings")).text
    assert asks_to_confirm(browser.get(CALENDAR), then=CALENDAR)

    reauthenticated(browser)

    assert token in browser.get(CALENDAR).text


def test_resetting_the_calendar_address_asks_first_then_carries_on(browser, person):
    before = Program.objects.get(user=person).calendar_token

    asked = browser.post(CALENDAR_RESET)

    assert asks_to_confirm(asked)
    assert Program.objects.get(user=person).calendar_token == before
    # allauth keeps the POST and carries it out once the password is given.
    browser.post(asked["Location"], {"password": PASSWORD})
    assert Program.objects.get(user=person).calendar_token != before


# --- the email address --------------------------------------------------------------------------


def test_adding_an_address_asks_to_confirm_first(browser, person):
    response = browser.post("/accounts/email/", {"email": NEW_ADDRESS, "action_add": ""})

    assert asks_to_confirm(response)
    assert not EmailAddress.objects.filter(email=NEW_ADDRESS).exists()


def test_removing_the_last_verified_address_asks_to_confirm_first(browser, person):
    EmailAddress.objects.create(user=person, email=NEW_ADDRESS, verified=False, primary=False)
    original = EmailAddress.objects.get(user=person, email=person.email)
    original.primary = False
    original.save()

    response = browser.post("/accounts/email/", {"email": person.email, "action_remove": ""})

    assert asks_to_confirm(response)
    assert EmailAddress.objects.filter(user=person, email=person.email, verified=True).exists()


def change_address(client, person, new: str = NEW_ADDRESS) -> None:
    """On allauth's pages, as a person would: confirm it is you, add, confirm by code, choose."""
    reauthenticated(client)
    mail.outbox = []
    added = client.post("/accounts/email/", {"email": new, "action_add": ""})
    assert added.status_code == 302, added.content
    code = CODE.search(mail.outbox[-1].body).group(1)
    assert (
        client.post(reverse("account_email_verification_sent"), {"code": code}).status_code == 302
    )
    chosen = client.post("/accounts/email/", {"email": new, "action_primary": ""})
    assert chosen.status_code == 302
    person.refresh_from_db()
    assert person.email == new


def undo_link(old: str) -> str:
    (notice,) = [m for m in mail.outbox if m.to == [old]]
    return re.search(r"https?://\S+/account/email/undo/\S+/", notice.body).group(0)


def test_changing_the_address_tells_the_old_one_with_a_way_to_undo(browser, person):
    old = person.email

    change_address(browser, person)

    (notice,) = [m for m in mail.outbox if m.to == [old]]
    assert NEW_ADDRESS in notice.body
    assert "7 days" in notice.body
    assert "/account/email/undo/" in notice.body


def test_the_undo_puts_the_old_address_back_and_signs_out_everyone_else(browser, person):
    old = person.email
    other_device = Client()
    other_device.force_login(person)
    change_address(browser, person)
    path = undo_link(old).split("://", 1)[1].split("/", 1)[1]
    owner = Client()

    asked = owner.get(f"/{path}")
    assert asked.status_code == 200
    assert User.objects.get(pk=person.pk).email == NEW_ADDRESS  # a GET changes nothing
    done = owner.post(f"/{path}")

    assert done.status_code == 200
    assert "Your email address is back" in done.text
    person.refresh_from_db()
    assert person.email == old
    assert list(EmailAddress.objects.filter(user=person).values_list("email", "primary")) == [
        (old, True)
    ]
    assert browser.get(reverse("account:overview")).status_code == 302  # signed out
    assert other_device.get(reverse("account:overview")).status_code == 302
    assert not person.has_usable_password()  # whoever changed it may have set it
    assert owner.post(f"/{path}").status_code == 410  # once


def test_the_undo_link_works_for_seven_days_and_not_after(person):
    def undo_url():
        token = links.email_undo_token(person.pk, person.email, NEW_ADDRESS)
        return reverse("account:email_change_undo", args=[token])

    signed_at = time.time()
    with mock.patch("django.core.signing.time.time", return_value=signed_at - 6.9 * 86400):
        fresh = undo_url()
    with mock.patch(
        "django.core.signing.time.time",
        return_value=signed_at
        - (links.EMAIL_UNDO_MAX_AGE + dt.timedelta(minutes=1)).total_seconds(),
    ):
        stale = undo_url()

    assert Client().get(fresh).status_code == 200
    expired = Client().post(stale)
    assert expired.status_code == 410
    assert "This link has expired" in expired.text


def test_an_undo_cannot_take_an_address_another_account_now_has(person):
    taken = UserFactory()
    token = links.email_undo_token(person.pk, taken.email, person.email)

    response = Client().post(reverse("account:email_change_undo", args=[token]))

    assert response.status_code == 409
    assert EmailAddress.objects.get(email=taken.email).user == taken


def test_an_undo_link_no_longer_applies_once_the_address_has_changed_again(browser, person):
    """A to B, then B to C: the notice sent to A must not hand the account back to A's
    mailbox, which may be the one that was given up or lost."""
    first = person.email
    change_address(browser, person)
    path = undo_link(first).split("://", 1)[1].split("/", 1)[1]
    change_address(browser, person, new="third@example.org")

    response = Client().post(f"/{path}")

    assert response.status_code == 409
    person.refresh_from_db()
    assert person.email == "third@example.org"
    assert person.has_usable_password()


def test_an_undo_refused_because_the_address_is_taken_can_be_tried_again(person):
    taken = UserFactory()
    old = taken.email
    token = links.email_undo_token(person.pk, old, person.email)
    url = reverse("account:email_change_undo", args=[token])

    assert Client().post(url).status_code == 409
    EmailAddress.objects.filter(email=old).delete()
    taken.delete()

    assert Client().post(url).status_code == 200
    person.refresh_from_db()
    assert person.email == old
