"""Every way in takes a password through allauth, so every way in shares one lock-out: the
login page, the app's and the browser's login API, the admin (which has no password form of
its own) and login by emailed code. The failures are counted in the cache the settings name
(Redis when REDIS_URL is set, as in CI), as they are in production."""

import json
import re

import pytest
from allauth.account import app_settings as account_settings
from django.conf import settings
from django.core.management import call_command
from django.test import Client
from django.urls import reverse

from tests.factories import PASSWORD, UserFactory

pytestmark = pytest.mark.django_db

WRONG = "not-the-right-passphrase"
CODE = re.compile(r"^\s*([A-Z0-9]{4}-[A-Z0-9]{4}|\d{6})\s*$", re.M)


def per_key_limit(action: str) -> int:
    """How many tries one address gets in the window, read from the settings."""
    (rate,) = [r for r in settings.ACCOUNT_RATE_LIMITS[action].split(",") if r.endswith("/key")]
    return int(rate.split("/")[0])


FAILURES_ALLOWED = per_key_limit("login_failed")


def api(client: Client, path: str, body: dict, token: str | None = None):
    headers = {"X-Session-Token": token} if token else {}
    return client.post(path, json.dumps(body), content_type="application/json", headers=headers)


def login_page(email: str, password: str) -> bool:
    client = Client()
    client.post(reverse("account_login"), {"login": email, "password": password})
    return "_auth_user_id" in client.session


def app_login(email: str, password: str) -> bool:
    answer = api(Client(), "/_allauth/app/v1/auth/login", {"email": email, "password": password})
    return answer.status_code == 200 and answer.json()["meta"]["is_authenticated"]


def browser_api_login(email: str, password: str) -> bool:
    client = Client()
    api(client, "/_allauth/browser/v1/auth/login", {"email": email, "password": password})
    return "_auth_user_id" in client.session


def admin_login(email: str, password: str) -> bool:
    """The admin's door, as someone at /admin/login/ finds it: the form there, or wherever it
    sends them (the login page, which sends back)."""
    client = Client()
    door = client.get("/admin/login/?next=/admin/")
    form = door["Location"] if door.status_code == 302 else "/admin/login/?next=/admin/"
    client.post(form, {"login": email, "username": email, "password": password})
    return client.get("/admin/").status_code == 200


DOORS = {
    "the login page": login_page,
    "the app login": app_login,
    "the browser login API": browser_api_login,
    "the admin": admin_login,
}


@pytest.fixture
def staff():
    return UserFactory(is_staff=True, is_superuser=True)


@pytest.mark.parametrize("door", DOORS.values(), ids=DOORS.keys())
def test_the_right_password_opens_each_door(staff, door):
    assert door(staff.email, PASSWORD)


@pytest.mark.parametrize("door", DOORS.values(), ids=DOORS.keys())
def test_after_too_many_wrong_passwords_each_door_refuses_the_right_one(staff, door):
    for _ in range(FAILURES_ALLOWED):
        assert not door(staff.email, WRONG)

    assert not door(staff.email, PASSWORD)


def test_wrong_passwords_through_one_door_count_at_every_other(staff):
    doors = list(DOORS.values())
    for attempt in range(FAILURES_ALLOWED):
        assert not doors[attempt % len(doors)](staff.email, WRONG)

    refused = {name: not door(staff.email, PASSWORD) for name, door in DOORS.items()}

    assert refused == dict.fromkeys(DOORS, True)


def test_one_wrong_password_short_of_the_limit_still_lets_the_owner_in(staff):
    for attempt in range(FAILURES_ALLOWED - 1):
        list(DOORS.values())[attempt % len(DOORS)](staff.email, WRONG)

    assert admin_login(staff.email, PASSWORD)


# --- the admin has no password form of its own -----------------------------------------------


def test_the_admin_login_sends_to_the_login_page_and_back():
    answer = Client().get("/admin/login/?next=/admin/exercises/")

    assert answer.status_code == 302
    assert answer["Location"] == f"{reverse('account_login')}?next=%2Fadmin%2Fexercises%2F"


def test_opening_the_admin_signed_out_ends_on_the_login_page_with_the_way_back():
    answer = Client().get("/admin/", follow=True)

    assert answer.redirect_chain[-1][0].startswith(reverse("account_login"))
    assert "next=%2Fadmin%2F" in answer.redirect_chain[-1][0]
    assert answer.status_code == 200


def test_a_password_posted_to_the_admin_login_signs_nobody_in(staff):
    client = Client()
    answer = client.post(
        "/admin/login/?next=/admin/", {"username": staff.email, "password": PASSWORD}
    )

    assert answer.status_code == 302
    assert answer["Location"].startswith(reverse("account_login"))
    assert "_auth_user_id" not in client.session


def test_staff_signed_in_cannot_check_another_accounts_password_at_the_admin_login(staff):
    """Signed in as a low-privilege staff member, posting the superuser's password to
    /admin/login/ neither signs in as them nor tells whether it was right."""
    boss = UserFactory(is_staff=True, is_superuser=True)
    clerk = UserFactory(is_staff=True)
    client = Client()
    client.force_login(clerk)

    right = client.post(
        "/admin/login/?next=/admin/", {"username": boss.email, "password": PASSWORD}
    )
    wrong = client.post("/admin/login/?next=/admin/", {"username": boss.email, "password": WRONG})

    assert (right.status_code, right["Location"]) == (302, "/admin/")
    assert (wrong.status_code, wrong["Location"]) == (302, "/admin/")
    assert client.session["_auth_user_id"] == str(clerk.pk)


def test_the_admin_login_sends_staff_only_to_this_site():
    client = Client()
    client.force_login(UserFactory(is_staff=True))

    answer = client.get("/admin/login/?next=https://elsewhere.example/")

    assert answer["Location"] == reverse("admin:index")


def test_staff_who_sign_in_on_the_login_page_come_back_to_the_admin(staff):
    client = Client()
    signed_in = client.post(
        f"{reverse('account_login')}?next=/admin/", {"login": staff.email, "password": PASSWORD}
    )

    assert signed_in["Location"] == "/admin/"
    assert client.get("/admin/").status_code == 200


def test_someone_signed_in_who_is_not_staff_is_not_let_into_the_admin():
    client = Client()
    client.force_login(UserFactory(is_staff=False))

    assert client.get("/admin/", follow=True).status_code == 403
    assert client.get("/admin/login/").status_code == 403


# --- login by emailed code --------------------------------------------------------------------

CODES_ALLOWED = per_key_limit("request_login_code")


def request_code_on_the_page(email: str) -> Client:
    client = Client()
    client.post(reverse("account_request_login_code"), {"email": email})
    return client


def request_code_in_the_app(email: str) -> str:
    answer = api(Client(), "/_allauth/app/v1/auth/code/request", {"email": email})
    return answer.json()["meta"]["session_token"]


def test_codes_for_an_address_stop_at_the_limit_whichever_door_asks(staff, mailoutbox):
    for attempt in range(CODES_ALLOWED):
        if attempt % 2:
            request_code_in_the_app(staff.email)
        else:
            request_code_on_the_page(staff.email)
    assert len(mailoutbox) == CODES_ALLOWED

    page = Client().post(reverse("account_request_login_code"), {"email": staff.email})
    app = api(Client(), "/_allauth/app/v1/auth/code/request", {"email": staff.email})

    assert page.status_code == 200  # the form again, with the error
    assert "Too many" in page.content.decode()
    assert app.status_code in {400, 429}
    assert len(mailoutbox) == CODES_ALLOWED


def code_in(message) -> str:
    return CODE.search(message.body).group(1)


def test_after_too_many_wrong_codes_the_page_refuses_the_right_one(staff, mailoutbox):
    client = request_code_on_the_page(staff.email)
    for _ in range(account_settings.LOGIN_BY_CODE_MAX_ATTEMPTS):
        client.post(reverse("account_confirm_login_code"), {"code": "WRONG-CODE"})

    client.post(reverse("account_confirm_login_code"), {"code": code_in(mailoutbox[0])})

    assert "_auth_user_id" not in client.session


def test_after_too_many_wrong_codes_the_app_refuses_the_right_one(staff, mailoutbox):
    token = request_code_in_the_app(staff.email)
    confirm = "/_allauth/app/v1/auth/code/confirm"
    for _ in range(account_settings.LOGIN_BY_CODE_MAX_ATTEMPTS):
        assert api(Client(), confirm, {"code": "WRONG-CODE"}, token).status_code == 400

    answer = api(Client(), confirm, {"code": code_in(mailoutbox[0])}, token)

    assert answer.status_code != 200
    assert not answer.json().get("meta", {}).get("is_authenticated")


def test_a_superuser_from_createsuperuser_confirms_their_address_once_then_reaches_the_admin(
    mailoutbox, monkeypatch
):
    monkeypatch.setenv("DJANGO_SUPERUSER_PASSWORD", PASSWORD)
    call_command("createsuperuser", interactive=False, email="admin@example.com", verbosity=0)
    client = Client()

    first = client.post(
        f"{reverse('account_login')}?next=/admin/",
        {"login": "admin@example.com", "password": PASSWORD},
    )
    assert first["Location"] == reverse("account_email_verification_sent")
    confirmed = client.post(
        reverse("account_email_verification_sent"), {"code": code_in(mailoutbox[0])}
    )

    assert confirmed.status_code == 302
    assert client.get("/admin/").status_code == 200
