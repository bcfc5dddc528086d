"""Private report links: made after confirming it is you, shown once, read-only for the owner's
report only, revocable at once, gone after expiry; never in a log line."""

import datetime as dt
import hashlib
import json
import logging
import re

import pytest
from django.test import Client
from django.urls import reverse
from django.utils import timezone
from rest_framework.utils.encoders import JSONEncoder

from osteofit.accounts.export import account_export
from osteofit.accounts.services import account_delete
from tests.reauth import reauthenticated
from tests.sharing.helpers import (
    REPORT,
    SHARE_CREATE,
    expired_link_for,
    link_for,
    program_with_history,
    shared_url,
)
from tracking.models import Session, Share

pytestmark = pytest.mark.django_db

NEW_LINK = {"label": "Dr Patel, physio", "period": "12", "expires_in_days": "30"}
SHARED_PATH = re.compile(r"/shared/([A-Za-z0-9_-]+)/")


@pytest.fixture
def owner():
    return program_with_history(notes="Owner notes: knees stiff.").user


@pytest.fixture
def someone_else():
    return program_with_history(notes="Other notes: wrists sore.").user


# --- making a link ------------------------------------------------------------------------------


def test_making_a_link_asks_the_person_to_confirm_it_is_them_first(client, owner):
    client.force_login(owner)

    response = client.post(SHARE_CREATE, NEW_LINK)

    assert response.status_code == 302
    assert response["Location"].startswith(reverse("account_reauthenticate"))
    assert not Share.objects.exists()


def test_after_confirming_the_link_is_made_with_what_was_asked_and_shown_once(client, owner):
    reauthenticated(client, owner)

    response = client.post(SHARE_CREATE, {**NEW_LINK, "period": "26", "include_notes": "on"})

    assert response.status_code == 201
    token = SHARED_PATH.search(response.text).group(1)
    share = Share.objects.get()
    assert (share.owner, share.label, share.period_weeks, share.include_notes) == (
        owner,
        "Dr Patel, physio",
        26,
        True,
    )
    assert share.expires_at - share.created_at == dt.timedelta(days=30)
    assert share.token_hash == hashlib.sha256(token.encode()).hexdigest()
    assert len(token) >= 43  # 32 random bytes: 256 bits
    assert token not in client.get(REPORT).text


def test_the_link_is_stored_only_as_a_hash_of_its_secret(owner):
    created = link_for(owner)

    stored = Share.objects.filter(pk=created.share.pk).values().get()

    assert created.token not in json.dumps(stored, default=str)


def test_a_link_without_a_label_is_refused_with_a_message(client, owner):
    reauthenticated(client, owner)

    response = client.post(SHARE_CREATE, {**NEW_LINK, "label": " "})

    assert response.status_code == 400
    assert "Say who the link is for" in response.text
    assert not Share.objects.exists()


def test_the_expiry_defaults_to_thirty_days_and_offers_seven_and_ninety(client, owner):
    client.force_login(owner)

    form = client.get(REPORT).context["share_form"]

    assert form["expires_in_days"].value() == "30"
    assert [value for value, _ in form.fields["expires_in_days"].choices] == ["7", "30", "90"]


def test_the_database_refuses_a_period_not_offered_and_an_expiry_before_creation(owner):
    from django.db import IntegrityError, transaction

    share = link_for(owner).share
    with pytest.raises(IntegrityError), transaction.atomic():
        Share.objects.filter(pk=share.pk).update(period_weeks=5)
    with pytest.raises(IntegrityError), transaction.atomic():
        Share.objects.filter(pk=share.pk).update(expires_at=share.created_at)


# --- opening a link -----------------------------------------------------------------------------


def test_the_link_shows_the_owners_report_and_nothing_else_of_the_site(owner, someone_else):
    created = link_for(owner, include_notes=True)

    response = Client().get(shared_url(created.token))

    assert response.status_code == 200
    assert "Exercise report" in response.text
    assert "Back Extension" in response.text
    assert "Owner notes: knees stiff." in response.text
    assert "Other notes: wrists sore." not in response.text
    assert someone_else.email not in response.text
    assert "<nav" not in response.text
    assert "<a " not in response.text  # no link into the site at all
    assert "<form" not in response.text


def test_the_link_shows_notes_only_when_they_were_included(owner):
    created = link_for(owner, include_notes=False)

    response = Client().get(shared_url(created.token))

    assert "Owner notes: knees stiff." not in response.text


def test_the_link_covers_the_period_it_was_made_for(owner):
    created = link_for(owner, period_weeks=4)

    report = Client().get(shared_url(created.token)).context["report"]

    assert len(report.weeks) == 4


@pytest.mark.parametrize("kind", ["open", "revoked", "expired", "unknown"])
def test_every_answer_through_a_link_is_never_stored_passed_on_or_indexed(owner, kind):
    token = {
        "open": lambda: link_for(owner).token,
        "revoked": lambda: _revoked(owner),
        "expired": lambda: expired_link_for(owner).token,
        "unknown": lambda: "x" * 43,
    }[kind]()

    response = Client().get(shared_url(token))

    assert "no-store" in response["Cache-Control"]
    assert response["Referrer-Policy"] == "no-referrer"
    assert "noindex" in response["X-Robots-Tag"]
    assert not response.cookies


def _revoked(owner) -> str:
    from tracking.services.shares import share_revoke

    created = link_for(owner)
    share_revoke(owner=owner, share_id=created.share.pk)
    return created.token


def test_opening_the_link_records_when_it_was_last_opened(owner):
    created = link_for(owner)

    Client().get(shared_url(created.token))

    assert created.share.__class__.objects.get().last_opened_at is not None


def test_an_unknown_link_is_not_found(db):
    assert Client().get(shared_url("not-a-real-token")).status_code == 404


def test_a_revoked_link_is_not_found_at_once(client, owner):
    created = link_for(owner)
    client.force_login(owner)

    client.post(reverse("tracking:share_revoke", args=[created.share.pk]))

    response = Client().get(shared_url(created.token))
    assert response.status_code == 404
    assert "Back Extension" not in response.text


def test_an_expired_link_is_gone_with_a_plain_page(owner):
    created = expired_link_for(owner)

    response = Client().get(shared_url(created.token))

    assert response.status_code == 410
    assert "This link has expired" in response.text
    assert "<nav" not in response.text
    assert "Back Extension" not in response.text


@pytest.mark.parametrize("method", ["post", "put", "patch", "delete"])
def test_nothing_can_be_written_through_a_link(owner, method):
    created = link_for(owner)
    sessions_before = list(Session.objects.values())

    response = getattr(Client(), method)(
        shared_url(created.token),
        "notes=Changed+by+someone+else.",
        content_type="application/x-www-form-urlencoded",
    )

    assert response.status_code == 405
    assert list(Session.objects.values()) == sessions_before
    assert Share.objects.get().last_opened_at is None


def test_a_signed_in_visitor_sees_the_owners_report_not_their_own(owner, someone_else):
    created = link_for(owner, include_notes=True)
    visitor = Client()
    visitor.force_login(someone_else)

    response = visitor.get(shared_url(created.token))

    assert "Owner notes: knees stiff." in response.text
    assert "Other notes: wrists sore." not in response.text


# --- the person's list of links -----------------------------------------------------------------


def test_the_report_page_lists_each_link_with_its_label_expiry_and_last_opening(client, owner):
    created = link_for(owner, label="Dr Rao, GP")
    Client().get(shared_url(created.token))
    client.force_login(owner)

    response = client.get(REPORT)

    assert "Dr Rao, GP" in response.text
    local_expiry = timezone.localtime(created.share.expires_at)
    assert f"{local_expiry:%-d %b %Y}" in response.text
    assert "Not yet" not in response.text
    assert created.token not in response.text


def test_another_persons_link_id_in_the_revoke_address_is_not_found(client, owner, someone_else):
    theirs = link_for(someone_else)
    client.force_login(owner)

    response = client.post(reverse("tracking:share_revoke", args=[theirs.share.pk]))

    assert response.status_code == 404
    assert Client().get(shared_url(theirs.token)).status_code == 200


# --- logs, deletion, the data download ----------------------------------------------------------


@pytest.mark.parametrize("kind", ["unknown", "expired"])
def test_the_links_secret_never_reaches_a_log_line(caplog, owner, kind):
    token = "Secret-Token_value" if kind == "unknown" else expired_link_for(owner).token

    with caplog.at_level(logging.WARNING, logger="django.request"):
        response = Client().get(shared_url(token))

    assert response.status_code >= 400
    assert caplog.records, "Django logged nothing for the refused request"
    assert "/shared/[redacted]/" in caplog.text
    assert token not in caplog.text


def test_deleting_the_account_removes_every_link(owner):
    created = link_for(owner)
    link_for(owner, label="Dr Rao, GP")

    account_delete(user=owner)

    assert not Share.objects.exists()
    assert Client().get(shared_url(created.token)).status_code == 404


def test_the_data_download_lists_the_links_without_their_secret(owner):
    created = link_for(owner)

    document = account_export(user=owner)

    assert [share["label"] for share in document["shares"]] == ["Dr Patel, physio"]
    text = json.dumps(document, cls=JSONEncoder)
    assert created.token not in text
    assert created.share.token_hash not in text
