"""The reminder's one-click "log it" link (issue 16, item 7): used once, and it signs in only to a
limited session that can do today's guided session and nothing else. The takeover the issue
describes (export, then adding an address on /accounts/email/) fails at its first step."""

import json
import re

import pytest
from allauth.account.models import EmailAddress
from django.core import mail
from django.core.cache import cache
from django.test import Client
from django.urls import reverse

from osteofit.limited_session import LIMITED_SESSION_SECONDS
from tests.factories import PASSWORD
from tests.tracking.factories import ProgramFactory, days_including_today
from tests.tracking.test_guided import check_in, check_out, do_every_exercise
from tracking import links, selectors
from tracking.models import LinkUse, Session

pytestmark = pytest.mark.django_db

TODAY = "/today/"
ATTACKER = "taker@attacker.example"
ALREADY_USED = "This link has already been used"
REAUTHENTICATE = reverse("account_reauthenticate")


@pytest.fixture
def program():
    return ProgramFactory(training_days=days_including_today())


@pytest.fixture
def person(program):
    return program.user


@pytest.fixture
def log_url(person):
    day = selectors.local_now(selectors.program_active(person)).date()
    return reverse("tracking:log_link", args=[links.log_token(person, day)])


def signed_in_user(client) -> int | None:
    user_id = client.session.get("_auth_user_id")
    return int(user_id) if user_id else None


@pytest.fixture
def limited(log_url):
    """A browser with no cookies that opened the link and pressed its button."""
    browser = Client()
    response = browser.post(log_url)
    assert response["Location"] == TODAY
    return browser


def asks_to_confirm(response) -> bool:
    return response.status_code == 302 and response["Location"].startswith(REAUTHENTICATE)


# --- used once ----------------------------------------------------------------------------------


def test_a_second_use_of_the_link_fails_kindly_with_a_way_to_log_in(log_url, limited):
    someone_later = Client()

    response = someone_later.get(log_url)

    assert response.status_code == 410
    assert ALREADY_USED in response.text
    assert f'href="{reverse("account_login")}?next={TODAY}"' in response.text
    assert someone_later.post(log_url).status_code == 410
    assert signed_in_user(someone_later) is None


def test_a_head_request_on_a_used_link_fails_too(log_url, limited):
    response = Client().head(log_url)

    assert response.status_code == 410


def test_opening_the_link_or_a_mail_scanners_head_does_not_use_it_up(log_url, person):
    scanner = Client()
    assert scanner.head(log_url).status_code == 200
    assert scanner.get(log_url).status_code == 200
    assert signed_in_user(scanner) is None

    owner = Client()
    response = owner.post(log_url)

    assert response["Location"] == TODAY
    assert signed_in_user(owner) == person.pk


def test_the_use_is_recorded_in_the_database_so_an_empty_cache_changes_nothing(log_url, limited):
    assert LinkUse.objects.count() == 1
    cache.clear()

    assert Client().post(log_url).status_code == 410


def test_the_button_needs_the_pages_csrf_token_so_another_site_cannot_press_it(log_url):
    other_site = Client(enforce_csrf_checks=True)

    response = other_site.post(log_url)

    assert response.status_code == 403
    assert signed_in_user(other_site) is None
    assert not LinkUse.objects.exists()


def test_the_confirm_page_names_the_account_only_partly(log_url, person):
    response = Client().get(log_url)

    assert person.email not in response.text
    assert f"p•••@{person.email.split('@')[1]}" in response.text


# --- the limited session ------------------------------------------------------------------------


def test_the_limited_session_can_do_and_save_todays_guided_session(limited, person):
    assert check_in(limited, pain=1).status_code == 302
    assert do_every_exercise(limited) > 0
    response = check_out(limited)

    assert response.status_code == 302
    assert not asks_to_confirm(response)
    assert Session.objects.filter(user=person).count() == 1


def test_the_limited_session_ends_within_hours_not_weeks(limited):
    assert limited.session.get_expiry_age() <= LIMITED_SESSION_SECONDS == 12 * 60 * 60


@pytest.mark.parametrize(
    "name",
    [
        "account:export",
        "account:overview",
        "account:delete",
        "account_email",
        "account_change_password",
        "tracking:dashboard",
        "tracking:program_settings",
        "tracking:reminder_settings",
        "tracking:calendar",
        "tracking:history",
    ],
)
def test_the_limited_session_is_asked_to_confirm_it_is_them_on_every_other_page(limited, name):
    url = reverse(name)

    response = limited.get(url)

    assert asks_to_confirm(response)
    assert response["Location"] == f"{REAUTHENTICATE}?next={url.replace('/', '%2F')}"


@pytest.mark.parametrize("url", ["/api/v1/me/", "/api/v1/me/export/", "/api/v1/sessions/"])
def test_the_limited_session_gets_no_answer_from_the_api(limited, url):
    response = limited.get(url)

    assert response.status_code == 403
    assert response.json() == {
        "detail": response.json()["detail"],
        "code": "reauthentication_required",
        "fields": {},
    }


def test_the_takeover_in_the_issue_fails_at_its_first_step(limited, person):
    """Issue 16, item 7: with the link's session, download the export, then add an address of
    one's own on /accounts/email/ (page or headless API). Every step is refused."""
    assert asks_to_confirm(limited.get(reverse("account:export")))
    assert asks_to_confirm(limited.get("/accounts/email/"))
    posted = limited.post("/accounts/email/", {"email": ATTACKER, "action_add": ""})
    assert asks_to_confirm(posted)
    headless = limited.post(
        "/_allauth/browser/v1/account/email",
        json.dumps({"email": ATTACKER}),
        content_type="application/json",
    )
    assert headless.status_code == 403

    assert not EmailAddress.objects.filter(email=ATTACKER).exists()
    assert list(EmailAddress.objects.filter(user=person).values_list("email", flat=True)) == [
        person.email
    ]
    assert not [message for message in mail.outbox if ATTACKER in message.to]


def test_confirming_with_the_password_turns_it_into_a_full_session(limited):
    url = reverse("account:overview")
    response = limited.post(f"{REAUTHENTICATE}?next={url}", {"password": PASSWORD})

    assert response["Location"] == url
    assert limited.get(url).status_code == 200
    assert limited.get(reverse("tracking:dashboard")).status_code == 200


def test_a_wrong_password_leaves_it_limited(limited):
    limited.post(REAUTHENTICATE, {"password": "not-the-password"})

    assert asks_to_confirm(limited.get(reverse("account:overview")))


def test_confirming_with_an_emailed_code_turns_it_into_a_full_session(limited, person):
    url = reverse("account:export")
    mail.outbox = []

    response = limited.post(reverse("account:reauthenticate_by_code"), {"next": url})

    assert response["Location"].startswith(reverse("account_confirm_login_code"))
    (message,) = mail.outbox
    assert message.to == [person.email]
    code = re.search(r"\b([A-Z0-9]{6}|[A-Z0-9]{4}-[A-Z0-9]{4})\b", message.body).group(1)
    confirmed = limited.post(response["Location"], {"code": code})
    assert confirmed.status_code == 302
    assert signed_in_user(limited) == person.pk
    # A fresh confirmation: even the export opens without asking again.
    assert limited.get(url).status_code == 200


# --- a link to another account while someone is signed in ---------------------------------------


def test_a_link_to_another_account_asks_which_account_and_switches_only_when_told(log_url, person):
    someone_else = ProgramFactory().user
    shared_device = Client()
    shared_device.force_login(someone_else)

    asked = shared_device.get(log_url)

    assert asked.status_code == 200
    assert "Which account?" in asked.text
    assert someone_else.email in asked.text
    assert signed_in_user(shared_device) == someone_else.pk
    assert not LinkUse.objects.exists()

    switched = shared_device.post(log_url)

    assert switched["Location"] == TODAY
    assert signed_in_user(shared_device) == person.pk
    assert asks_to_confirm(shared_device.get(reverse("account:overview")))


def test_the_hourly_clean_up_forgets_only_the_uses_of_links_that_have_expired():
    import datetime as dt

    from django.utils import timezone

    from tracking.tasks import forget_expired_link_uses

    now = timezone.now()
    LinkUse.objects.create(nonce="expired", expires_at=now - dt.timedelta(minutes=1))
    LinkUse.objects.create(nonce="still-guarding", expires_at=now + dt.timedelta(hours=1))

    assert forget_expired_link_uses() == 1
    assert list(LinkUse.objects.values_list("nonce", flat=True)) == ["still-guarding"]
