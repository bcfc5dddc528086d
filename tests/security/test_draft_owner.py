"""The value drafts are keyed by (static/js/drafts.js): the same for a person across login
sessions, different for another person, and nothing personal in it."""

import re

import pytest
from django.test import Client
from django.urls import reverse

from tests.factories import UserFactory

pytestmark = pytest.mark.django_db

OWNER = re.compile(r'<body data-draft-owner="([0-9a-f]+)">')


def owner_seen_by(user) -> str:
    client = Client()
    client.force_login(user)
    page = client.get(reverse("account:overview")).content.decode()
    return OWNER.search(page).group(1)


def test_a_person_s_drafts_are_keyed_the_same_in_every_login_session():
    person = UserFactory()

    assert owner_seen_by(person) == owner_seen_by(person)


def test_another_person_has_another_key_and_neither_says_who_they_are():
    one, other = UserFactory(), UserFactory()
    key = owner_seen_by(one)

    assert key != owner_seen_by(other)
    assert re.fullmatch(r"[0-9a-f]{32}", key)  # a keyed hash: no id, no email, in clear


def test_nobody_signed_in_has_no_key():
    page = Client().get(reverse("account_login")).content.decode()

    assert "data-draft-owner" not in page
