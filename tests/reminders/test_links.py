"""The links in reminder emails: signed for one person and one purpose, refused kindly when
altered or expired, and never acting on anyone but the person they were sent to."""

import datetime as dt
import time
from unittest import mock

import pytest
from django.test import Client
from django.urls import reverse

from tests.reauth import reauthenticated
from tests.reminders.helpers import WEDNESDAY, program_for
from tracking import links
from tracking.models import DeliveryKind, Obstacle, Program, WeekReflection

pytestmark = pytest.mark.django_db

INVALID = "This link does not work"
EXPIRED = "This link has expired"


def log_url(user, day=WEDNESDAY) -> str:
    return reverse("tracking:log_link", args=[links.log_token(user, day)])


def unsubscribe_url(user, kind=DeliveryKind.REMINDER) -> str:
    return reverse("tracking:unsubscribe", args=[links.unsubscribe_token(user.pk, kind)])


def tampered(token: str) -> str:
    """The same token with one character of its signature changed."""
    return token[:-1] + ("A" if token[-1] != "A" else "B")


def issued_ago(age: dt.timedelta):
    """Sign tokens as if it were `age` ago."""
    return mock.patch(
        "django.core.signing.time.time", return_value=time.time() - age.total_seconds()
    )


def signed_in_user(client) -> int | None:
    user_id = client.session.get("_auth_user_id")
    return int(user_id) if user_id else None


def settings_of(user) -> tuple[bool, bool]:
    program = Program.objects.get(user=user, active=True)
    return program.reminders_enabled, program.weekly_summary_enabled


@pytest.fixture
def person():
    return program_for(summary=True).user


@pytest.fixture
def someone_else():
    return program_for(summary=True).user


# --- the one-click log link ---------------------------------------------------------------------


def test_opening_the_log_link_asks_first_and_signs_nobody_in(client, person):
    response = client.get(log_url(person))

    assert response.status_code == 200
    assert "Start today's session" in response.text
    assert signed_in_user(client) is None


def test_the_log_links_button_signs_the_person_in_and_opens_todays_guided_session(client, person):
    response = client.post(log_url(person))

    assert response.status_code == 302
    assert response["Location"] == reverse("tracking:today") == "/today/"
    assert signed_in_user(client) == person.pk
    assert client.get(response["Location"]).status_code == 200


def test_the_log_link_works_for_the_person_already_signed_in(client, person):
    client.force_login(person)

    response = client.get(log_url(person))

    assert response["Location"] == "/today/"


def test_a_tampered_log_link_is_refused_kindly_and_signs_nobody_in(client, person):
    token = links.log_token(person, WEDNESDAY)

    response = client.get(reverse("tracking:log_link", args=[tampered(token)]))

    assert response.status_code == 400
    assert INVALID in response.text
    assert signed_in_user(client) is None


def test_a_log_link_rewritten_for_another_person_is_refused(client, person, someone_else):
    # Another person's payload under this person's signature.
    payload = links.log_token(someone_else, WEDNESDAY).split(":", 1)[0]
    signature = links.log_token(person, WEDNESDAY).split(":", 1)[1]

    response = client.get(reverse("tracking:log_link", args=[f"{payload}:{signature}"]))

    assert response.status_code == 400
    assert signed_in_user(client) is None


def test_an_expired_log_link_is_refused_kindly_and_signs_nobody_in(client, person):
    with issued_ago(links.LOG_LINK_MAX_AGE + dt.timedelta(minutes=1)):
        url = log_url(person)

    response = client.get(url)

    assert response.status_code == 410
    assert EXPIRED in response.text
    assert signed_in_user(client) is None


def test_a_log_link_a_day_old_still_works(client, person):
    with issued_ago(dt.timedelta(hours=24)):
        url = log_url(person)

    assert client.post(url)["Location"] == "/today/"


def test_an_unsubscribe_token_does_not_work_as_a_log_link(client, person):
    token = links.unsubscribe_token(person.pk, DeliveryKind.REMINDER)

    response = client.get(reverse("tracking:log_link", args=[token]))

    assert response.status_code == 400
    assert signed_in_user(client) is None


def test_someone_elses_log_link_asks_the_person_signed_in_which_account_to_use(
    client, person, someone_else
):
    client.force_login(someone_else)

    response = client.get(log_url(person))

    assert response.status_code == 200
    assert "Which account?" in response.text
    assert signed_in_user(client) == someone_else.pk


def test_the_log_link_of_a_closed_account_is_refused(client, person):
    person.is_active = False
    person.save(update_fields=["is_active"])

    response = client.get(log_url(person))

    assert response.status_code == 400
    assert signed_in_user(client) is None


# --- unsubscribing ------------------------------------------------------------------------------


def test_opening_the_unsubscribe_link_asks_and_changes_nothing(client, person):
    response = client.get(unsubscribe_url(person))

    assert response.status_code == 200
    assert "Stop training-day reminders?" in response.text
    assert settings_of(person) == (True, True)


def test_confirming_unsubscribes_from_reminders_only(client, person):
    response = client.post(unsubscribe_url(person))

    assert response.status_code == 200
    assert "You are unsubscribed" in response.text
    assert settings_of(person) == (False, True)


def test_the_summary_unsubscribe_link_stops_weekly_summaries_only(client, person):
    client.post(unsubscribe_url(person, DeliveryKind.SUMMARY))

    assert settings_of(person) == (True, False)


def test_the_one_click_unsubscribe_works_without_login_or_csrf_token(person):
    mail_provider = Client(enforce_csrf_checks=True)

    response = mail_provider.post(
        unsubscribe_url(person),
        data="List-Unsubscribe=One-Click",
        content_type="application/x-www-form-urlencoded",
    )

    assert response.status_code == 200
    assert settings_of(person) == (False, True)
    assert signed_in_user(mail_provider) is None


def test_unsubscribing_one_person_leaves_everyone_else_subscribed(client, person, someone_else):
    client.force_login(someone_else)

    client.post(unsubscribe_url(person))

    assert settings_of(person) == (False, True)
    assert settings_of(someone_else) == (True, True)


def test_a_tampered_unsubscribe_link_is_refused_kindly_and_changes_nothing(client, person):
    token = links.unsubscribe_token(person.pk, DeliveryKind.REMINDER)
    url = reverse("tracking:unsubscribe", args=[tampered(token)])

    asked, posted = client.get(url), client.post(url)

    assert (asked.status_code, posted.status_code) == (400, 400)
    assert INVALID in posted.text
    assert settings_of(person) == (True, True)


def test_an_unsubscribe_link_rewritten_for_another_person_changes_nothing(
    client, person, someone_else
):
    payload = links.unsubscribe_token(someone_else.pk, DeliveryKind.REMINDER).split(":", 1)[0]
    signature = links.unsubscribe_token(person.pk, DeliveryKind.REMINDER).split(":", 1)[1]

    response = client.post(reverse("tracking:unsubscribe", args=[f"{payload}:{signature}"]))

    assert response.status_code == 400
    assert settings_of(someone_else) == (True, True)
    assert settings_of(person) == (True, True)


def test_a_log_link_does_not_work_as_an_unsubscribe_link(client, person):
    response = client.post(
        reverse("tracking:unsubscribe", args=[links.log_token(person, WEDNESDAY)])
    )

    assert response.status_code == 400
    assert settings_of(person) == (True, True)


def test_an_unsubscribe_link_keeps_working_long_after_the_email(client, person):
    # Unlike log links, unsubscribe links do not expire: the law and the mail providers
    # expect the link in an old email to work.
    with issued_ago(dt.timedelta(days=400)):
        url = unsubscribe_url(person)

    assert client.post(url).status_code == 200
    assert settings_of(person) == (False, True)


# --- what got in the way ------------------------------------------------------------------------


def reflection_url(user, obstacle=Obstacle.PAIN) -> str:
    token = links.reflection_token(user.pk, WEDNESDAY, obstacle)
    return reverse("tracking:reflection_link", args=[token])


def test_opening_an_obstacle_link_asks_before_recording(client, person):
    response = client.get(reflection_url(person))

    assert response.status_code == 200
    assert not WeekReflection.objects.exists()


def test_confirming_an_obstacle_records_it_for_that_person_and_shows_the_tip(
    client, person, someone_else
):
    client.force_login(someone_else)

    response = client.post(reflection_url(person, Obstacle.FORGOT))

    assert "keep your mat or band" in response.text
    (reflection,) = WeekReflection.objects.all()
    assert (reflection.user, reflection.obstacle) == (person, Obstacle.FORGOT)


def test_a_tampered_obstacle_link_is_refused_kindly(client, person):
    token = links.reflection_token(person.pk, WEDNESDAY, Obstacle.PAIN)

    response = client.post(reverse("tracking:reflection_link", args=[tampered(token)]))

    assert response.status_code == 400
    assert not WeekReflection.objects.exists()


def test_a_log_link_stops_working_once_the_password_is_changed(client, person):
    url = log_url(person)
    person.set_password("a-brand-new-calm-passphrase")
    person.save()

    response = client.post(url)

    assert response.status_code == 400
    assert INVALID in response.text
    assert signed_in_user(client) is None


# --- forging, expiry and revocation: what the tests above leave out -----------------------------


def forged(payload: dict, salt: str) -> str:
    """A token made exactly as the site makes them, but with a key that is not the site's."""
    from django.core import signing

    return signing.dumps(payload, salt=salt, key="an attacker's guess at the secret key")


@pytest.mark.parametrize(
    ("name", "payload", "salt"),
    [
        ("tracking:log_link", {"d": "2026-06-10", "k": "", "n": "x"}, "osteofit.log-link"),
        ("tracking:unsubscribe", {"k": "reminder"}, "osteofit.unsubscribe"),
        (
            "tracking:reflection_link",
            {"w": "2026-06-08", "o": "no_time"},
            "osteofit.reflection",
        ),
    ],
)
def test_a_link_signed_without_the_sites_secret_key_is_refused(client, person, name, payload, salt):
    payload = {**payload, "p": links.person_ref(person.pk)}

    response = client.post(reverse(name, args=[forged(payload, salt)]))

    assert response.status_code == 400
    assert INVALID in response.text
    assert signed_in_user(client) is None
    assert settings_of(person) == (True, True)
    assert not WeekReflection.objects.exists()


def test_an_obstacle_link_expires_after_two_weeks(client, person):
    with issued_ago(links.REFLECTION_MAX_AGE + dt.timedelta(minutes=1)):
        url = reflection_url(person)

    response = client.post(url)

    assert response.status_code == 410
    assert EXPIRED in response.text
    assert not WeekReflection.objects.exists()


def test_an_obstacle_link_with_its_answer_changed_is_refused(client, person):
    token = links.reflection_token(person.pk, WEDNESDAY, Obstacle.PAIN)
    payload, signature = token.split(":", 1)
    other = links.reflection_token(person.pk, WEDNESDAY, Obstacle.FORGOT).split(":", 1)[0]

    response = client.post(reverse("tracking:reflection_link", args=[f"{other}:{signature}"]))

    assert payload != other
    assert response.status_code == 400
    assert not WeekReflection.objects.exists()


def test_the_links_of_a_deleted_account_do_nothing_and_fail_kindly(client, person):
    from osteofit.accounts.services import account_delete

    log, unsubscribe, reflection = log_url(person), unsubscribe_url(person), reflection_url(person)
    account_delete(user=person)

    assert client.post(log).status_code == 400
    assert signed_in_user(client) is None
    assert client.post(unsubscribe).status_code < 500
    assert client.post(reflection).status_code < 500
    assert not WeekReflection.objects.exists()


# --- links name the person by an opaque id ------------------------------------------------------


def readable_part(token: str) -> dict:
    """What anyone holding the link can read: the payload part, without the signature."""
    import base64
    import json

    payload = token.split(":", 1)[0]
    return json.loads(base64.urlsafe_b64decode(payload + "=" * (-len(payload) % 4)))


@pytest.mark.parametrize("kind", ["log", "unsubscribe", "reflection"])
def test_no_link_shows_the_persons_user_id(person, kind):
    token = {
        "log": lambda: links.log_token(person, WEDNESDAY),
        "unsubscribe": lambda: links.unsubscribe_token(person.pk, DeliveryKind.REMINDER),
        "reflection": lambda: links.reflection_token(person.pk, WEDNESDAY, Obstacle.PAIN),
    }[kind]()

    readable = readable_part(token)

    assert "u" not in readable
    assert str(person.pk) not in {str(value) for value in readable.values()}
    assert readable["p"] == links.person_ref(person.pk) != links.person_ref(person.pk + 1)


def test_the_opaque_id_leads_back_to_the_person_and_only_them(person, someone_else):
    assert links.person_id(links.person_ref(person.pk)) == person.pk
    assert links.person_id(links.person_ref(someone_else.pk)) == someone_else.pk


def old_style(payload: dict, salt: str) -> str:
    """A genuine token of the kind sent before links hid the user id."""
    from django.core import signing

    return signing.dumps(payload, salt=salt)


def test_an_old_style_log_link_is_refused_kindly(client, person):
    token = old_style({"u": person.pk, "d": WEDNESDAY.isoformat(), "k": ""}, "osteofit.log-link")

    response = client.post(reverse("tracking:log_link", args=[token]))

    assert response.status_code == 400
    assert "comes from an older email" in response.text
    assert signed_in_user(client) is None


def test_an_old_style_obstacle_link_is_refused_kindly(client, person):
    token = old_style(
        {"u": person.pk, "w": WEDNESDAY.isoformat(), "o": "pain"}, "osteofit.reflection"
    )

    response = client.post(reverse("tracking:reflection_link", args=[token]))

    assert response.status_code == 400
    assert "comes from an older email" in response.text
    assert not WeekReflection.objects.exists()


def test_an_old_style_unsubscribe_link_still_unsubscribes(client, person):
    # Unsubscribe links in emails already sent must keep working, whatever their format.
    token = old_style({"u": person.pk, "k": "reminder"}, "osteofit.unsubscribe")

    assert client.post(reverse("tracking:unsubscribe", args=[token])).status_code == 200
    assert settings_of(person) == (False, True)


# --- the calendar feed: a secret address, revocable ---------------------------------------------


def feed(program) -> str:
    return reverse("tracking:calendar_feed", args=[program.calendar_token])


def test_each_calendar_address_carries_a_long_random_secret(person, someone_else):
    tokens = [
        Program.objects.get(user=p, active=True).calendar_token for p in (person, someone_else)
    ]

    assert tokens[0] != tokens[1]
    for token in tokens:
        assert len(token) >= 32
        assert str(person.pk) not in token.split("-")  # nothing guessable from the person


def test_resetting_the_calendar_revokes_the_old_address_and_only_that_persons(
    client, person, someone_else
):
    mine = Program.objects.get(user=person, active=True)
    theirs = Program.objects.get(user=someone_else, active=True)
    old_mine, old_theirs = feed(mine), feed(theirs)
    reauthenticated(client, person)

    client.post(reverse("tracking:calendar_reset"))

    mine.refresh_from_db()
    assert client.get(old_mine).status_code == 404
    assert client.get(feed(mine)).status_code == 200
    assert client.get(old_theirs).status_code == 200


def test_the_calendar_of_a_deleted_account_is_gone(client, person):
    from osteofit.accounts.services import account_delete

    address = feed(Program.objects.get(user=person, active=True))
    account_delete(user=person)

    assert client.get(address).status_code == 404


def test_a_calendar_address_with_one_character_changed_is_not_found(client, person):
    address = feed(Program.objects.get(user=person, active=True))

    assert client.get(address.replace(".ics", "x.ics")).status_code == 404
    assert client.get(tampered(address[: -len(".ics")]) + ".ics").status_code == 404
