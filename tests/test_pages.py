import re

import pytest
from django.test import Client
from django.urls import URLPattern, URLResolver, get_resolver, reverse
from django.utils.html import escape

from exercises.models import Exercise, FloorGuide

pytestmark = pytest.mark.django_db

PUBLIC_PAGES = {
    "",
    "health/",
    "robots.txt",
    "safety/",
    "accounts/login/",
    "accounts/signup/",
    "accounts/logout/",
    "accounts/login/code/",
    "accounts/login/code/confirm/",
    "accounts/password/reset/",
    "accounts/password/reset/done/",
    "accounts/password/reset/key/done/",
    "accounts/confirm-email/",
    "accounts/reauthenticate/",
    "accounts/inactive/",
}


def test_the_landing_page_says_what_osteofit_is_and_to_ask_a_doctor_first(client):
    response = client.get(reverse("home"))
    assert response.status_code == 200
    html = response.content.decode()
    assert "osteoporosis" in html
    assert "not medical advice" in html
    assert "Ask your doctor" in html
    assert '<html lang="en">' in html
    assert 'href="#main"' in html


def test_account_pages_use_the_site_layout(client):
    html = client.get(reverse("account_signup")).content.decode()
    assert '<html lang="en">' in html
    assert '<main id="main"' in html
    assert "username" not in html.lower()


def _static_paths(resolver=None, prefix=""):
    """Every URL pattern without parameters, as a path."""
    resolver = resolver or get_resolver()
    for pattern in resolver.url_patterns:
        route = str(pattern.pattern)
        if "<" in route or "(?P" in route or route.startswith("^"):
            continue
        if isinstance(pattern, URLResolver):
            yield from _static_paths(pattern, prefix + route)
        elif isinstance(pattern, URLPattern):
            yield prefix + route


def test_every_page_that_needs_login_redirects_anonymous_visitors_to_it(client):
    login = reverse("account_login")
    checked = 0
    for path in _static_paths():
        if path in PUBLIC_PAGES or path.startswith(
            ("admin/", "api/", "_allauth/", "static/", "media/")
        ):
            continue
        if path.startswith("exercises/"):
            continue
        response = client.get("/" + path)
        assert response.status_code == 302, f"/{path} answered {response.status_code}"
        assert response["Location"].startswith(login), f"/{path} went to {response['Location']}"
        checked += 1
    assert checked >= 3


def test_the_health_check_reports_the_database(client):
    response = client.get(reverse("health"))
    assert response.status_code == 200
    assert response.json()["checks"] == {"database": True, "broker": True}


def test_an_unknown_page_is_a_friendly_404_with_ways_back(client):
    response = client.get("/no-such-page/")
    assert response.status_code == 404
    html = response.content.decode()
    assert "We could not find that page" in html
    assert 'href="/"' in html


def test_a_form_sent_without_its_safety_cookie_gets_a_friendly_page():
    response = Client(enforce_csrf_checks=True).post("/accounts/login/", {"login": "x"})
    assert response.status_code == 403
    assert "Please try that again" in response.content.decode()
    # Said plainly: the session may have ended, and what was sent is not saved.
    assert "What you sent was not saved. Your session had ended" in response.content.decode()


def test_an_unknown_api_address_answers_with_the_json_error_shape(client):
    response = client.get("/api/v1/no-such-endpoint/")
    assert response.status_code == 404
    assert response.json() == {
        "detail": "There is no API endpoint at this address.",
        "code": "not_found",
        "fields": {},
    }


# --- every page, for everyone: nothing of one person reaches another ---------------------------
#
# Every URL pattern outside the admin and the two JSON APIs (/api/v1/: tests/api/
# test_permissions.py; allauth's /_allauth/: its own flows, walked for leaks below) has a row in
# PAGE_ACCESS, with the status each kind of visitor gets from a GET:
#
# - anonymous: not signed in; owner: the person whose session, tokens and links the URLs carry;
# - other: another person with a program of their own; staff: a staff superuser, also with a
#   program of their own. Pages give staff nothing extra; they work in the admin.
#
# Whatever the status, no page shown to anyone but the owner may contain the owner's email,
# name, notes or calendar secret, and no request by anyone but the owner (GET or POST) may
# change the owner's data; except through the emailed links (CAPABILITY_LINKS), which act for
# whoever holds them, as they must (tests/reminders/test_links.py).
# A new URL pattern fails test_every_url_pattern_has_a_row_in_the_access_table until it gets one.

LOGIN = "login"  # a redirect to the login page
ANY = "any"  # allauth's own sign-in pages: they vary by state, and hold nothing of anyone

# fmt: off
PAGE_ACCESS = {
    #  URL name                              anonymous  owner  other  staff
    "home":                                  (200,      200,   200,   200),
    "health":                                (200,      200,   200,   200),
    "robots":                                (200,      200,   200,   200),
    "api-schema":                            (200,      200,   200,   200),
    "api-docs":                              (200,      200,   200,   200),
    "exercises:catalogue":                   (200,      200,   200,   200),
    "exercises:avoid":                       (200,      200,   200,   200),
    "exercises:detail":                      (200,      200,   200,   200),
    "exercises:floor-guide":                 (200,      200,   200,   200),
    "exercises:picture":                     (200,      200,   200,   200),
    "account:overview":                      (LOGIN,    200,   200,   200),
    # The download and the calendar address ask for the password first (allauth's page).
    "account:export":                        (LOGIN,    302,   302,   302),
    "account:delete":                        (LOGIN,    200,   200,   200),
    "account:reauthenticate_by_code":        (LOGIN,    405,   405,   405),
    "tracking:dashboard":                    (LOGIN,    200,   200,   200),
    "tracking:today":                        (LOGIN,    200,   200,   200),
    "tracking:safety":                       (200,      200,   200,   200),
    "tracking:weekly_plan":                  (LOGIN,    200,   200,   200),
    "tracking:progress":                     (LOGIN,    200,   200,   200),
    "tracking:program_start":                (LOGIN,    302,   302,   302),
    "tracking:program_settings":             (LOGIN,    200,   200,   200),
    "tracking:program_pause":                (LOGIN,    405,   405,   405),
    "tracking:floor_answer":                 (LOGIN,    405,   405,   405),
    "tracking:program_resume":               (LOGIN,    200,   200,   200),
    "tracking:calendar":                     (LOGIN,    302,   302,   302),
    "tracking:calendar_reset":               (LOGIN,    405,   405,   405),
    "tracking:calendar_alarm":               (LOGIN,    405,   405,   405),
    "account:my_data":                       (LOGIN,    302,   302,   302),
    "tracking:reminder_settings":            (LOGIN,    200,   200,   200),
    "tracking:history":                      (LOGIN,    200,   200,   200),
    "tracking:report":                       (LOGIN,    200,   200,   200),
    "tracking:report_pdf":                   (LOGIN,    200,   200,   200),
    "tracking:share_create":                 (LOGIN,    405,   405,   405),
    "tracking:share_revoke":                 (LOGIN,    405,   405,   405),
    # The FHIR and CSV downloads ask for the password first, as the JSON one.
    "account:export_fhir":                   (LOGIN,    302,   302,   302),
    "account:export_csv":                    (LOGIN,    302,   302,   302),
    "tracking:session_new":                  (LOGIN,    200,   200,   200),
    "tracking:session_edit":                 (LOGIN,    200,   404,   404),
    "tracking:session_delete":               (LOGIN,    200,   404,   404),
    # The emailed and calendar links: the token is the key, whoever holds it.
    "tracking:calendar_feed":                (200,      200,   200,   200),
    # The log link asks before it signs in; someone else signed in is asked which account.
    "tracking:log_link":                     (200,      302,   200,   200),
    "account:email_change_undo":             (200,      200,   200,   200),
    "tracking:unsubscribe":                  (200,      200,   200,   200),
    "tracking:reflection_link":              (200,      200,   200,   200),
    # A share link shows the owner's report to whoever holds it, read-only.
    "tracking:shared":                       (200,      200,   200,   200),
    # Ahead of allauth's own: OsteoFit has no phone numbers (osteofit.views.no_phone_numbers).
    "headless-no-phone-numbers":             (404,      404,   404,   404),
    # allauth's browser pages: sign-up, log-in, reset, email and password management.
    **dict.fromkeys((
        "account_login", "account_logout", "account_inactive", "account_signup",
        "account_reauthenticate", "account_email", "account_email_verification_sent",
        "account_change_password", "account_set_password", "account_reset_password",
        "account_confirm_login_code", "account_reset_password_from_key_done",
        "account_reset_password_from_key", "account_reset_password_done",
        "account_request_login_code",
    ), (ANY, ANY, ANY, ANY)),
}
# fmt: on
CAPABILITY_LINKS = {
    "account:email_change_undo",
    "tracking:shared",
    "tracking:calendar_feed",
    "tracking:log_link",
    "tracking:unsubscribe",
    "tracking:reflection_link",
}
WALKED_ELSEWHERE = ("admin:", "api:", "headless:")
# allauth's endpoints that answer with the signed-in person's own account: a walk of the
# headless API that misses them has shown nothing.
HEADLESS_ACCOUNT_ENDPOINTS = {
    "headless:app:account:current_session",
    "headless:browser:account:current_session",
}
OWNERS_NOTE = "owner-only-note-5c81"
OWNERS_NAME = "Ownerina"


def _named_patterns(resolver=None, namespace=""):
    """(full URL name, pattern) for every named pattern of the site."""
    resolver = resolver or get_resolver()
    for pattern in resolver.url_patterns:
        if isinstance(pattern, URLResolver):
            inner = f"{namespace}{pattern.namespace}:" if pattern.namespace else namespace
            yield from _named_patterns(pattern, inner)
        elif pattern.name:
            yield f"{namespace}{pattern.name}", pattern


@pytest.fixture
def people():
    from allauth.account.models import EmailAddress  # noqa: F401 (factories confirm emails)

    from tests.factories import UserFactory
    from tests.tracking.factories import ProgramFactory, session_logged
    from tracking.services.shares import share_create

    owner = ProgramFactory(user=UserFactory(first_name=OWNERS_NAME)).user
    session = session_logged(owner.programs.get(), notes=OWNERS_NOTE)
    owner.share_link = share_create(owner=owner, label="The owner's physio", include_notes=True)
    other = ProgramFactory().user
    staff = ProgramFactory(user=UserFactory(is_staff=True, is_superuser=True)).user
    return {"anonymous": None, "owner": owner, "other": other, "staff": staff}, session


def _path(name: str, owner, session) -> str:
    """The URL of a pattern, its parameters filled with the owner's objects and links."""
    import datetime as dt

    from tracking import links
    from tracking.models import DeliveryKind, Obstacle

    program = owner.programs.get()
    args = {
        "exercises:detail": ["back-extension"],
        "exercises:floor-guide": ["getting-down-to-the-floor"],
        "tracking:session_edit": [session.pk],
        "tracking:session_delete": [session.pk],
        "tracking:share_revoke": [owner.share_link.share.pk],
        "tracking:shared": [owner.share_link.token],
        "tracking:calendar_feed": [program.calendar_token],
        "tracking:log_link": [links.log_token(owner, dt.date.today())],
        "account:email_change_undo": [
            links.email_undo_token(owner.pk, owner.email, "changed@example.com")
        ],
        "tracking:unsubscribe": [links.unsubscribe_token(owner.pk, DeliveryKind.REMINDER)],
        "tracking:reflection_link": [
            links.reflection_token(owner.pk, dt.date.today(), Obstacle.NO_TIME)
        ],
    }
    if name == "exercises:picture":
        from tests.exercises.factories import PictureFactory

        return PictureFactory().url
    if name == "headless-no-phone-numbers":
        return reverse(name, args=["app"])
    if name == "account_reset_password_from_key":
        return reverse(name, kwargs={"uidb36": "zz", "key": "not-a-key"})
    return reverse(name, args=args.get(name, []))


def _owners_data(owner) -> dict:
    from osteofit.accounts.export import account_export

    document = account_export(user=owner)
    document.pop("exported_at")
    document["account"].pop("last_login")  # signing in moves it: the login, not the page
    for share in document["shares"]:
        share.pop("last_opened_at")  # opening a share link records it, and changes nothing else
    return document


def _secrets_of(owner, session) -> list[str]:
    return [owner.email, OWNERS_NAME, OWNERS_NOTE, owner.programs.get().calendar_token]


def test_every_url_pattern_has_a_row_in_the_access_table():
    names = {name for name, _ in _named_patterns() if not name.startswith(WALKED_ELSEWHERE)}
    assert names - set(PAGE_ACCESS) == set(), "add these to PAGE_ACCESS"
    assert set(PAGE_ACCESS) - names == set(), "these rows name patterns that do not exist"


@pytest.mark.parametrize("who", ["anonymous", "owner", "other", "staff"])
def test_each_page_answers_each_kind_of_person_as_the_table_says_and_leaks_nothing(people, who):
    everyone, session = people
    owner = everyone["owner"]
    before = _owners_data(owner)
    secrets = _secrets_of(owner, session)
    column = ["anonymous", "owner", "other", "staff"].index(who)
    wrong = {}
    for name, statuses in PAGE_ACCESS.items():
        client = Client(raise_request_exception=False)
        if everyone[who] is not None:
            client.force_login(everyone[who])
        path = _path(name, owner, session)
        response = client.get(path)
        expected = statuses[column]
        if expected == LOGIN:
            if response.status_code != 302 or not response["Location"].startswith(
                reverse("account_login")
            ):
                wrong[name] = (response.status_code, response.get("Location"))
        elif expected == ANY:
            if response.status_code >= 500:
                wrong[name] = response.status_code
        elif response.status_code != expected:
            wrong[name] = response.status_code
        if who != "owner" and name not in CAPABILITY_LINKS:
            body = response.content.decode(errors="replace")
            leaked = [secret for secret in secrets if secret in body]
            assert not leaked, f"{path} showed {who} the owner's {leaked}"
    assert wrong == {}, f"as {who}, these answered otherwise than PAGE_ACCESS says"
    assert _owners_data(owner) == before


@pytest.mark.parametrize("who", ["anonymous", "other", "staff"])
def test_no_post_by_anyone_else_changes_the_owners_data(people, who):
    everyone, session = people
    owner = everyone["owner"]
    before = _owners_data(owner)
    client = Client(raise_request_exception=False)
    if everyone[who] is not None:
        client.force_login(everyone[who])

    for name in PAGE_ACCESS:
        if name in CAPABILITY_LINKS or name in {"account_logout", "account:reauthenticate_by_code"}:
            continue
        response = client.post(_path(name, owner, session), {"notes": "Changed by someone."})
        assert response.status_code < 500, name
        assert _owners_data(owner) == before, f"a POST by {who} to {name} changed the owner's data"


@pytest.mark.parametrize("who", ["anonymous", "other"])
def test_the_admin_sends_everyone_but_staff_to_its_login(people, who):
    everyone, session = people
    client = Client()
    if everyone[who] is not None:
        client.force_login(everyone[who])

    for path in (
        "/admin/",
        "/admin/tracking/session/",
        f"/admin/tracking/session/{session.pk}/change/",
        "/admin/accounts/user/",
    ):
        response = client.get(path)
        assert response.status_code == 302, path
        assert response["Location"].startswith("/admin/login/"), path


def test_staff_see_peoples_records_only_in_the_admin(people):
    everyone, session = people
    client = Client()
    client.force_login(everyone["staff"])

    assert client.get(f"/admin/tracking/session/{session.pk}/change/").status_code == 200
    assert client.get(f"/sessions/{session.pk}/edit/").status_code == 404


@pytest.mark.parametrize("who", ["anonymous", "owner", "other", "staff"])
def test_allauths_headless_api_shows_nobody_the_owners_data(people, who):
    everyone, session = people
    owner = everyone["owner"]
    secrets = _secrets_of(owner, session)
    client = Client(raise_request_exception=False)
    if everyone[who] is not None:
        client.force_login(everyone[who])

    walked = set()
    for name, pattern in _named_patterns():
        if not name.startswith("headless:") or "<" in str(pattern.pattern):
            continue
        response = client.get(reverse(name))
        assert response.status_code < 500, name
        if who != "owner":
            body = response.content.decode(errors="replace")
            assert not [s for s in secrets if s in body], f"{name} leaked to {who}"
        walked.add(name)
    assert walked >= HEADLESS_ACCOUNT_ENDPOINTS, "the walk missed the account endpoints"


def meta_description(html: str) -> str:
    found = re.findall(r'<meta name="description" content="([^"]*)">', html)
    assert len(found) == 1, "one meta description per page"
    return found[0]


@pytest.mark.parametrize(
    ("path", "words"),
    [
        ("/", "osteoporosis"),
        ("/exercises/", "exercises"),
        ("/exercises/avoid/", "Movements that put weakened bones at risk"),
    ],
)
def test_public_pages_describe_themselves_for_search_results(client, path, words):
    description = meta_description(client.get(path).content.decode())
    assert words in description
    assert 50 <= len(description) <= 160


def test_an_exercise_page_is_described_by_its_own_summary(client):
    exercise = Exercise.objects.get(slug="seated-row")
    html = client.get(reverse("exercises:detail", args=[exercise.slug])).content.decode()
    assert meta_description(html) == escape(exercise.summary)


def test_a_floor_guide_is_described_by_its_own_summary(client):
    guide = FloorGuide.objects.first()
    html = client.get(reverse("exercises:floor-guide", args=[guide.slug])).content.decode()
    assert meta_description(html) == escape(guide.summary)


def test_the_landing_and_catalogue_descriptions_differ_from_the_sites_default(client):
    landing = meta_description(client.get("/").content.decode())
    catalogue = meta_description(client.get("/exercises/").content.decode())
    login = meta_description(client.get(reverse("account_login")).content.decode())
    assert len({landing, catalogue, login}) == 3
