"""Sign up, confirm, log in and out, reset a password, log in by code: the browser flows."""

import re

import pytest
from django.contrib.auth import get_user_model
from django.db import IntegrityError, transaction
from django.urls import reverse

from tests.factories import PASSWORD, UserFactory

pytestmark = pytest.mark.django_db

LINK = re.compile(r"https?://[^/\s]+(/[^\s]+)")


def _link_in(message) -> str:
    return LINK.search(message.body).group(1)


def _is_signed_in(client) -> bool:
    return "_auth_user_id" in client.session


CODE = re.compile(r"^\s*([A-Z0-9]{4}-[A-Z0-9]{4})\s*$", re.M)


def test_sign_up_sends_a_confirmation_code_that_confirms_and_signs_in(client, mailoutbox):
    response = client.post(
        reverse("account_signup"),
        {"email": "rosa@example.com", "password1": PASSWORD, "password2": PASSWORD},
    )
    assert response.status_code == 302
    assert response["Location"] == reverse("account_email_verification_sent")
    assert not _is_signed_in(client)

    assert len(mailoutbox) == 1
    assert mailoutbox[0].to == ["rosa@example.com"]
    assert mailoutbox[0].subject == "[OsteoFit] Your OsteoFit confirmation code"
    assert mailoutbox[0].body.startswith("Hello from OsteoFit,")
    code = CODE.search(mailoutbox[0].body).group(1)

    page = client.get(response["Location"])
    assert page.status_code == 200
    confirmed = client.post(response["Location"], {"code": code})
    assert confirmed.status_code == 302
    assert _is_signed_in(client)
    user = get_user_model().objects.get(email="rosa@example.com")
    assert user.emailaddress_set.get().verified


def test_a_wrong_confirmation_code_is_refused_with_a_message(client, mailoutbox):
    response = client.post(
        reverse("account_signup"),
        {"email": "rosa@example.com", "password1": PASSWORD, "password2": PASSWORD},
    )
    refused = client.post(response["Location"], {"code": "AAAA-AAAA"})
    assert refused.status_code == 200
    assert not _is_signed_in(client)
    assert (
        not get_user_model().objects.get(email="rosa@example.com").emailaddress_set.get().verified
    )


def test_an_unconfirmed_account_cannot_log_in(client, mailoutbox):
    UserFactory(email="ada@example.com", verified=False)
    response = client.post(
        reverse("account_login"), {"login": "ada@example.com", "password": PASSWORD}
    )
    assert response.status_code == 302
    assert response["Location"] == reverse("account_email_verification_sent")
    assert not _is_signed_in(client)
    assert "ada@example.com" in mailoutbox[-1].to


def test_a_confirmed_person_logs_in_and_out(client):
    UserFactory(email="ada@example.com")
    response = client.post(
        reverse("account_login"), {"login": "ada@example.com", "password": PASSWORD}
    )
    assert response.status_code == 302
    assert _is_signed_in(client)

    client.post(reverse("account_logout"))
    assert not _is_signed_in(client)


def test_a_wrong_password_says_so_and_signs_nobody_in(client):
    UserFactory(email="ada@example.com")
    response = client.post(
        reverse("account_login"), {"login": "ada@example.com", "password": "nope"}
    )
    assert response.status_code == 200
    assert "not correct" in response.content.decode()
    assert not _is_signed_in(client)


def test_signing_up_twice_with_one_email_does_not_create_a_second_account(client, mailoutbox):
    UserFactory(email="ada@example.com")
    client.post(
        reverse("account_signup"),
        {"email": "ada@example.com", "password1": PASSWORD, "password2": PASSWORD},
    )
    assert get_user_model().objects.filter(email="ada@example.com").count() == 1


def test_password_reset_by_email_sets_a_new_password(client, mailoutbox):
    user = UserFactory(email="ada@example.com")
    response = client.post(reverse("account_reset_password"), {"email": "ada@example.com"})
    assert response.status_code == 302
    assert len(mailoutbox) == 1

    key_page = client.get(_link_in(mailoutbox[0]), follow=True)
    form_path = (
        key_page.redirect_chain[-1][0] if key_page.redirect_chain else _link_in(mailoutbox[0])
    )
    new_password = "another-calm-passphrase-42"
    done = client.post(form_path, {"password1": new_password, "password2": new_password})
    assert done.status_code == 302

    user.refresh_from_db()
    assert user.check_password(new_password)


def test_log_in_by_a_code_sent_by_email(client, mailoutbox):
    UserFactory(email="ada@example.com")
    response = client.post(reverse("account_request_login_code"), {"email": "ada@example.com"})
    assert response.status_code == 302
    code = re.search(r"^\s*([A-Z0-9]{4}-[A-Z0-9]{4}|\d{6})\s*$", mailoutbox[0].body, re.M).group(1)

    confirmed = client.post(reverse("account_confirm_login_code"), {"code": code})
    assert confirmed.status_code == 302
    assert _is_signed_in(client)


def test_a_signed_in_person_can_change_their_password(client):
    user = UserFactory()
    client.force_login(user)
    new_password = "a-fresh-calm-passphrase-7"
    response = client.post(
        reverse("account_change_password"),
        {"oldpassword": PASSWORD, "password1": new_password, "password2": new_password},
    )
    assert response.status_code == 302
    user.refresh_from_db()
    assert user.check_password(new_password)


def test_two_accounts_cannot_share_an_email_that_differs_only_in_case():
    UserFactory(email="ada@example.com")
    with pytest.raises(IntegrityError), transaction.atomic():
        get_user_model().objects.create(email="ADA@example.com")
