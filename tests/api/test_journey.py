"""A phone app's whole life with OsteoFit through REST alone: allauth's headless endpoints for the
account, /api/v1/ for everything else, the X-Session-Token header for identity and no cookie,
no browser page and no force_login anywhere."""

import json

import pytest
from allauth.account.models import EmailAddress, EmailConfirmation
from django.apps import apps
from django.contrib.auth import get_user_model
from django.contrib.sessions.models import Session as StoredSession

from tests.api.helpers import (
    AUTH_SESSION,
    EXPORT,
    LOGIN,
    ME,
    PASSWORD_REQUEST,
    PASSWORD_RESET,
    PROGRAM,
    PROGRAM_BODY,
    PROGRESS,
    RESET_KEY,
    SCHEDULE,
    SESSIONS,
    SIGNUP,
    VERIFY_EMAIL,
    code_in,
    send,
    session_body,
)
from tests.factories import PASSWORD, UserFactory
from tests.reauth import app_reauthenticated
from tests.reminders.helpers import reminder_sent_and_week_answered
from tests.tracking.factories import ZONE, ProgramFactory, local_today, session_logged
from tracking.models import (
    Delivery,
    Entry,
    Prescription,
    Program,
    ProgressionEvent,
    Session,
    WeekReflection,
)

pytestmark = pytest.mark.django_db

User = get_user_model()
EMAIL = "marta@example.com"
NEW_PASSWORD = "a-different-calm-passphrase"


def signed_up(client, mailoutbox, email: str = EMAIL) -> str:
    """Sign up and verify by the emailed code; the token the verification hands back."""
    pending = send(client, "post", SIGNUP, {"email": email, "password": PASSWORD})
    verified = send(
        client,
        "post",
        VERIFY_EMAIL,
        {"key": code_in(mailoutbox[-1])},
        token=pending.json()["meta"]["session_token"],
    )
    assert verified.status_code == 200, verified.content
    return verified.json()["meta"]["session_token"]


def logged_in(client, email: str = EMAIL, password: str = PASSWORD) -> str:
    response = send(client, "post", LOGIN, {"email": email, "password": password})
    assert response.status_code == 200, response.content
    return response.json()["meta"]["session_token"]


def stored_sessions_of(user_pk: int, email: str) -> list[StoredSession]:
    """Server-side sessions (the store behind every X-Session-Token) that name the person."""
    return [
        stored
        for stored in StoredSession.objects.all()
        if stored.get_decoded().get("_auth_user_id") == str(user_pk)
        or email in json.dumps(stored.get_decoded(), default=str)
    ]


def rows_pointing_at_user(user_pk: int) -> dict[str, int]:
    """Rows in any table with a foreign key to the user, whatever app added the table."""
    found = {}
    for model in apps.get_models(include_auto_created=True):
        for field in model._meta.concrete_fields:
            if field.is_relation and field.related_model is User:
                count = model._default_manager.filter(**{field.attname: user_pk}).count()
                if count:
                    found[f"{model._meta.label}.{field.name}"] = count
    return found


def owned_rows(user) -> dict[type, set[int]]:
    """The ids of every row that belongs to the person, directly or through a parent."""
    querysets = {
        User: User.objects.filter(pk=user.pk),
        EmailAddress: EmailAddress.objects.filter(user=user),
        EmailConfirmation: EmailConfirmation.objects.filter(email_address__user=user),
        Program: Program.objects.filter(user=user),
        Prescription: Prescription.objects.filter(program__user=user),
        Session: Session.objects.filter(user=user),
        Entry: Entry.objects.filter(session__user=user),
        ProgressionEvent: ProgressionEvent.objects.filter(program__user=user),
        Delivery: Delivery.objects.filter(user=user),
        WeekReflection: WeekReflection.objects.filter(user=user),
    }
    return {model: set(qs.values_list("pk", flat=True)) for model, qs in querysets.items()}


def test_a_phone_app_goes_from_sign_up_to_account_deletion_and_leaves_no_trace(client, mailoutbox):
    # Someone else's data, which nothing below may touch.
    bystander = ProgramFactory()
    bystanders_session = session_logged(bystander)

    # Sign up: allauth answers 401 with a pending email verification and a session token.
    pending = send(client, "post", SIGNUP, {"email": EMAIL, "password": PASSWORD})
    assert pending.status_code == 401
    flows = {flow["id"]: flow for flow in pending.json()["data"]["flows"]}
    assert flows["verify_email"]["is_pending"] is True
    signup_token = pending.json()["meta"]["session_token"]
    assert pending.json()["meta"]["is_authenticated"] is False

    # The code arrives by email; the verification needs the token that sign-up handed out.
    assert [message.to for message in mailoutbox] == [[EMAIL]]
    code = code_in(mailoutbox[0])
    assert send(client, "post", VERIFY_EMAIL, {"key": code}).status_code == 409
    verified = send(client, "post", VERIFY_EMAIL, {"key": code}, token=signup_token)
    assert verified.status_code == 200
    assert verified.json()["meta"]["is_authenticated"] is True
    verify_token = verified.json()["meta"]["session_token"]
    assert verify_token != signup_token
    assert EmailAddress.objects.get(email=EMAIL).verified

    # A separate password login gives a second, independent token.
    token = logged_in(client)
    assert token != verify_token
    status = send(client, "get", AUTH_SESSION, token=token)
    assert status.status_code == 200
    assert status.json()["data"]["user"]["email"] == EMAIL
    assert send(client, "get", ME, token=verify_token).json()["email"] == EMAIL

    # Start a program and log two sessions, the first retried by a flaky network.
    started = send(client, "put", PROGRAM, PROGRAM_BODY, token=token)
    assert started.status_code == 201
    first_body = session_body(part=0.25, notes="First one.")
    first = send(client, "post", SESSIONS, first_body, token=token, **{"Idempotency-Key": "k-1"})
    retried = send(client, "post", SESSIONS, first_body, token=token, **{"Idempotency-Key": "k-1"})
    assert (first.status_code, retried.status_code) == (201, 201)
    assert retried.json() == first.json()
    assert retried["Idempotent-Replayed"] == "true"
    assert "Idempotent-Replayed" not in first
    # A sharp pain in the second session pauses the program: an event to export.
    second = send(
        client, "post", SESSIONS, session_body(part=0.5, red_flag=True, notes="Sharp."), token=token
    )
    assert second.status_code == 201
    session_ids = {first.json()["id"], second.json()["id"]}
    assert Session.objects.filter(user__email=EMAIL).count() == 2

    # The schedule and progress see both.
    today = local_today(ZONE)
    schedule = send(client, "get", f"{SCHEDULE}?from={today}&to={today}", token=token)
    assert schedule.status_code == 200
    assert schedule.json()[0]["date"] == str(today)
    progress = send(client, "get", PROGRESS, token=token)
    assert progress.status_code == 200
    assert sum(week["done"] for week in progress.json()["weeks"]) == 1  # two sessions, one day
    assert [event["kind"] for event in progress.json()["events"]] == ["pause"]

    user = User.objects.get(email=EMAIL)
    reminder_sent_and_week_answered(user)

    # The export holds all of it, and nobody else's, once the app has confirmed it is them.
    assert send(client, "get", EXPORT, token=token).json()["code"] == "reauthentication_required"
    app_reauthenticated(client, token)
    export = send(client, "get", EXPORT, token=token)
    assert export.status_code == 200
    assert export["Content-Disposition"].startswith('attachment; filename="osteofit-export-')
    document = export.json()
    assert document["account"]["email"] == EMAIL
    assert {session["id"] for session in document["sessions"]} == session_ids
    assert bystanders_session.pk not in {session["id"] for session in document["sessions"]}
    assert [program["training_days"] for program in document["programs"]] == [["mon", "wed", "fri"]]
    assert [(event["kind"], event["session"]) for event in document["events"]] == [
        ("pause", second.json()["id"])
    ]
    assert [delivery["kind"] for delivery in document["deliveries"]] == ["reminder"]
    assert [reflection["obstacle"] for reflection in document["reflections"]] == ["no_time"]

    # Before deleting: every kind of row exists, so the checks below can fail.
    before = owned_rows(user)
    assert all(before[model] for model in before if model is not EmailConfirmation), before
    assert rows_pointing_at_user(user.pk)
    assert stored_sessions_of(user.pk, EMAIL)

    deleted = send(client, "delete", ME, token=token)

    assert deleted.status_code == 204
    # Neither token opens anything any more.
    for old in (token, verify_token):
        refused = send(client, "get", ME, token=old)
        assert refused.status_code == 401
        assert refused.json()["code"] == "authentication_failed"
    assert send(client, "get", AUTH_SESSION, token=token).status_code in {401, 410}
    # No row that was the person's survives, in any table.
    assert {model.__name__: ids for model, ids in owned_rows(user).items() if ids} == {}
    assert rows_pointing_at_user(user.pk) == {}
    assert stored_sessions_of(user.pk, EMAIL) == []
    assert not User.objects.filter(email=EMAIL).exists()
    # The bystander's data is untouched, and the app never relied on a cookie.
    assert Session.objects.filter(pk=bystanders_session.pk).exists()
    assert Program.objects.filter(pk=bystander.pk).exists()
    assert not client.cookies


def test_verifying_an_email_without_the_sign_up_token_is_a_conflict(client, mailoutbox):
    send(client, "post", SIGNUP, {"email": EMAIL, "password": PASSWORD})

    response = send(client, "post", VERIFY_EMAIL, {"key": code_in(mailoutbox[0])})

    assert response.status_code == 409
    assert not EmailAddress.objects.get(email=EMAIL).verified


def test_a_wrong_verification_code_is_refused_and_verifies_nothing(client, mailoutbox):
    pending = send(client, "post", SIGNUP, {"email": EMAIL, "password": PASSWORD})
    wrong = "AAAA-AAAA" if code_in(mailoutbox[0]) != "AAAA-AAAA" else "BBBB-BBBB"

    response = send(
        client, "post", VERIFY_EMAIL, {"key": wrong}, token=pending.json()["meta"]["session_token"]
    )

    assert response.status_code == 400
    assert response.json()["errors"][0]["param"] == "key"
    assert not EmailAddress.objects.get(email=EMAIL).verified


def test_an_unverified_account_gets_no_token_that_opens_the_api(client, mailoutbox):
    pending = send(client, "post", SIGNUP, {"email": EMAIL, "password": PASSWORD})

    response = send(client, "get", ME, token=pending.json()["meta"]["session_token"])

    assert response.status_code == 401
    assert response.json()["code"] == "authentication_failed"


def test_the_session_endpoint_shows_who_a_token_belongs_to(client, mailoutbox):
    token = signed_up(client, mailoutbox)

    response = send(client, "get", AUTH_SESSION, token=token)

    assert response.status_code == 200
    assert response.json()["meta"]["is_authenticated"] is True
    assert response.json()["data"]["user"]["email"] == EMAIL


def test_a_wrong_password_gets_no_token(client):
    person = UserFactory()

    response = send(client, "post", LOGIN, {"email": person.email, "password": "not-it-at-all"})

    assert response.status_code == 400
    assert "session_token" not in response.json().get("meta", {})


def test_logging_out_ends_the_token_for_the_api_too(client):
    token = logged_in(client, UserFactory().email)
    assert send(client, "get", ME, token=token).status_code == 200

    logged_out = send(client, "delete", AUTH_SESSION, token=token)

    assert logged_out.status_code == 401
    refused = send(client, "get", ME, token=token)
    assert refused.status_code == 401
    assert refused.json()["code"] == "authentication_failed"
    assert "WWW-Authenticate" in refused


def test_a_password_reset_through_the_headless_api_sets_a_new_password(client, mailoutbox):
    """Reset by key (ACCOUNT_PASSWORD_RESET_BY_CODE_ENABLED is off): the email links to the
    browser page, and an app can post the key from that link to the headless API instead."""
    person = UserFactory()
    old_token = logged_in(client, person.email)

    requested = send(client, "post", PASSWORD_REQUEST, {"email": person.email})
    assert requested.status_code == 200
    key = RESET_KEY.search(mailoutbox[-1].body).group(1)
    assert send(client, "get", PASSWORD_RESET, **{"X-Password-Reset-Key": key}).status_code == 200

    reset = send(client, "post", PASSWORD_RESET, {"key": key, "password": NEW_PASSWORD})

    # Not logged in by the reset (ACCOUNT_LOGIN_ON_PASSWORD_RESET is off), so 401.
    assert reset.status_code == 401
    old = send(client, "post", LOGIN, {"email": person.email, "password": PASSWORD})
    assert old.status_code == 400
    assert logged_in(client, person.email, NEW_PASSWORD)
    # The key works once, and the sessions from before the reset are over.
    again = send(client, "post", PASSWORD_RESET, {"key": key, "password": "yet-another-passphrase"})
    assert again.status_code == 400
    assert send(client, "get", ME, token=old_token).status_code == 401
