"""allauth's account pages and emails in the site's own words: one vocabulary ("Log in",
"Log out", "Create an account"), labels without colons, the code's lifetime in minutes read
from allauth's settings, and messages that name their field."""

import re

import pytest
from allauth.account import app_settings as allauth_settings
from allauth.account.models import EmailAddress
from django.core import mail
from django.urls import reverse

from tests.factories import PASSWORD, UserFactory

pytestmark = pytest.mark.django_db

FOREIGN_WORDS = re.compile(r"Sign[ -]?[Ii]n|Sign[ -]?[Uu]p|Sign[ -]?[Oo]ut|free account|the app\b")


def visible_text(response) -> str:
    html = response.content.decode()
    html = re.sub(r"<(script|style)\b.*?</\1>", "", html, flags=re.S)
    return re.sub(r"<[^>]+>", " ", html)


@pytest.mark.parametrize(
    "name",
    ["account_login", "account_signup", "account_request_login_code", "account_reset_password"],
)
def test_the_account_pages_speak_one_vocabulary_without_colons_after_labels(client, name):
    response = client.get(reverse(name))

    assert response.status_code == 200
    text = visible_text(response)
    assert not FOREIGN_WORDS.search(text), FOREIGN_WORDS.search(text).group(0)
    labels = re.findall(r"<label[^>]*>(.*?)</label>", response.content.decode(), re.S)
    assert labels
    assert not [label for label in labels if label.strip().endswith(":")]


def test_the_logged_in_pages_say_log_out(client):
    client.force_login(UserFactory())

    text = visible_text(client.get(reverse("account_logout")))

    assert "Log out" in text
    assert not FOREIGN_WORDS.search(text)


def test_the_login_page_offers_remember_me_beside_its_box(client):
    html = client.get(reverse("account_login")).content.decode()

    assert re.search(
        r'<div class="check">\s*<input type="checkbox" name="remember"[^>]*id="id_remember"[^>]*>'
        r'\s*<label for="id_remember">Remember me on this device</label>',
        html,
    )


def test_a_login_code_page_says_how_many_minutes_the_code_works_and_has_one_primary_button(
    client,
):
    user = UserFactory()
    client.post(reverse("account_request_login_code"), {"email": user.email})

    response = client.get(reverse("account_confirm_login_code"))

    minutes = round(allauth_settings.LOGIN_BY_CODE_TIMEOUT / 60)
    text = visible_text(response)
    assert f"It works for {minutes} minutes" in text
    assert "We have emailed a login code to" in text  # allauth's message, in our words
    assert not FOREIGN_WORDS.search(text)
    html = response.content.decode()
    assert re.search(r'<button class="button" type="submit">Confirm</button>', html)
    assert re.search(r'<button class="button button-secondary"[^>]*>Cancel</button>', html)
    (email,) = mail.outbox
    assert f"It works for {minutes} minutes" in email.body
    assert not FOREIGN_WORDS.search(email.body)


def test_the_sign_up_code_email_says_how_long_it_works_in_our_words(client):
    client.post(
        reverse("account_signup"),
        {"email": "new@example.com", "password1": PASSWORD, "password2": PASSWORD},
    )

    (email,) = mail.outbox
    minutes = round(allauth_settings.EMAIL_VERIFICATION_BY_CODE_TIMEOUT / 60)
    assert f"It works for {minutes} minutes" in email.body
    assert not FOREIGN_WORDS.search(email.body)


def test_a_wrong_sign_up_names_each_field_and_links_to_it(client):
    response = client.post(
        reverse("account_signup"), {"email": "", "password1": "short", "password2": "short"}
    )

    html = response.content.decode()
    assert 'id="error-summary"' in html
    assert '<a href="#id_email">Email: please fill this in.</a>' in html
    assert 'href="#id_password1">Password:' in html
    assert 'id="id_password1_error"' in html
    assert "This field is required." not in html
    # Django links the field to the message and the rules by these ids; both are on the page.
    field = re.search(r'<input[^>]*name="password1"[^>]*>', html).group(0)
    assert 'aria-describedby="id_password1_helptext id_password1_error"' in field
    assert 'id="id_password1_helptext"' in html


def test_one_email_address_is_shown_without_three_buttons(client):
    client.force_login(UserFactory())

    html = client.get(reverse("account_email")).content.decode()

    assert EmailAddress.objects.count() == 1
    assert "action_remove" not in html
    assert "action_primary" not in html
