"""Confirming it is you, as the tests need it: through allauth's own reauthentication page (a
browser client) or its headless endpoint (an app's X-Session-Token), never by writing the
session by hand, so a test fails if the real path stops working."""

from django.urls import reverse

from tests.factories import PASSWORD

HEADLESS_REAUTHENTICATE = "/_allauth/app/v1/auth/reauthenticate"


def reauthenticated(client, user=None, password: str = PASSWORD):
    """`client` signed in as `user` (if given) and confirmed with the password just now."""
    if user is not None:
        client.force_login(user)
    response = client.post(reverse("account_reauthenticate"), {"password": password})
    assert response.status_code == 302, response.content.decode()[:500]
    return client


def app_reauthenticated(client, token: str, password: str = PASSWORD) -> None:
    """The app session behind `token` confirmed with the password just now."""
    response = client.post(
        HEADLESS_REAUTHENTICATE,
        {"password": password},
        content_type="application/json",
        HTTP_X_SESSION_TOKEN=token,
    )
    assert response.status_code == 200, response.content.decode()[:500]
