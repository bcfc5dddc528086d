"""allauth's account pages and emails in the site's own words: one vocabulary ("Log in",
"Log out", "Create an account"), labels without colons, the code's lifetime in minutes read
from allauth's settings, and messages that name their field."""

import re

import pytest
from allauth.account import app_settings as allauth_settings
from allauth.account.forms import ChangeEmailForm
from allauth.account.models import EmailAddress
from django.contrib.auth.models import AnonymousUser
from django.core import mail
from django.template.loader import render_to_string
from django.urls import reverse

from osteofit.accounts.allauth_forms import ConfirmEmailVerificationCodeForm
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


def ids_repeated(html: str) -> list[str]:
    ids = re.findall(r'\sid="([^"]+)"', html)
    return sorted({i for i in ids if ids.count(i) > 1})


@pytest.mark.parametrize(
    "name",
    [
        "account_reset_password_done",
        "account_inactive",
        "account_reset_password_from_key_done",
    ],
)
def test_the_pages_after_a_step_speak_one_vocabulary(client, name):
    text = visible_text(client.get(reverse(name)))

    assert not FOREIGN_WORDS.search(text), FOREIGN_WORDS.search(text).group(0)
    assert "Password Reset" not in text
    assert "Change Password" not in text


@pytest.mark.parametrize(
    "name", ["account_change_password", "account_logout", "account_email", "account_reauthenticate"]
)
def test_the_signed_in_account_pages_speak_one_vocabulary_without_colons(client, name):
    client.force_login(UserFactory())

    response = client.get(reverse(name))

    assert response.status_code == 200
    text = visible_text(response)
    assert not FOREIGN_WORDS.search(text), FOREIGN_WORDS.search(text).group(0)
    labels = re.findall(r"<label[^>]*>(.*?)</label>", response.content.decode(), re.S)
    assert not [label for label in labels if label.strip().endswith(":")]


def test_a_person_without_a_password_is_offered_one_in_our_words(client):
    person = UserFactory()
    person.set_unusable_password()
    person.save()
    client.force_login(person)

    html = client.get(reverse("account_set_password")).content.decode()

    assert "<h1>Choose a password</h1>" in html
    assert '<label for="id_password1">Password</label>' in html
    assert '<label for="id_password2">Password again</label>' in html
    assert re.search(r'<button class="button"[^>]*>Save my password</button>', html)
    assert re.search(r'<a href="/account/" class="button button-secondary">Cancel</a>', html)


def test_the_password_reset_says_how_long_its_link_works_from_the_setting(client, settings):
    settings.PASSWORD_RESET_TIMEOUT = 2 * 3600
    person = UserFactory()

    page = visible_text(client.get(reverse("account_reset_password")))
    client.post(reverse("account_reset_password"), {"email": person.email})
    done = visible_text(client.get(reverse("account_reset_password_done")))

    assert "It works once, for 2 hours." in page
    assert "The link works once, for 2 hours." in done
    (email,) = mail.outbox
    assert email.subject == "[OsteoFit] Choose a new OsteoFit password"
    assert "The link works once, for 2 hours." in email.body
    assert not FOREIGN_WORDS.search(email.body)


def test_a_used_or_wrong_reset_link_says_so_and_offers_a_new_one(client):
    response = client.get("/accounts/password/reset/key/1-not-a-key/", follow=True)

    text = visible_text(response)
    assert "This link no longer works" in text
    assert "Bad Token" not in text
    assert 'href="/accounts/password/reset/">Email me a new link</a>' in response.content.decode()


def test_a_reset_for_an_unknown_address_is_answered_in_our_words(client):
    client.post(reverse("account_reset_password"), {"email": "nobody@example.com"})

    (email,) = mail.outbox
    assert email.subject == "[OsteoFit] No OsteoFit account uses this address"
    assert "No OsteoFit account uses this address" in email.body
    assert not FOREIGN_WORDS.search(email.body)


def test_the_code_page_s_two_forms_have_summaries_with_their_own_ids(rf):
    """The email confirmation page can hold the code form and the change-of-address form; if
    both come back with errors, their summaries must not share an id."""
    request = rf.post("/accounts/confirm-email/")
    request.user = AnonymousUser()
    verify = ConfirmEmailVerificationCodeForm(data={"code": ""}, code="ABCD")
    change = ChangeEmailForm(data={"email": "not-an-address"})

    html = render_to_string(
        "account/confirm_email_verification_code.html",
        {"verify_form": verify, "change_form": change, "can_change": True, "email": "a@b.c"},
        request=request,
    )

    assert html.count("data-error-summary") == 2
    assert 'id="error-summary"' in html
    assert 'id="change-error-summary"' in html
    assert ids_repeated(html) == []


def test_a_wrong_login_code_page_has_one_summary_and_no_repeated_ids(client):
    user = UserFactory()
    client.post(reverse("account_request_login_code"), {"email": user.email})

    html = client.post(reverse("account_confirm_login_code"), {"code": "WRONG"}).content.decode()

    assert html.count("data-error-summary") == 1
    assert ids_repeated(html) == []


def test_the_email_page_shows_an_add_error_once(client):
    person = UserFactory()
    client.force_login(person)
    second = EmailAddress.objects.create(user=person, email="second@example.com", verified=True)

    response = client.post(reverse("account_email"), {"action_add": "", "email": second.email})

    html = response.content.decode()
    assert html.count("data-error-summary") == 1
    assert ids_repeated(html) == []
