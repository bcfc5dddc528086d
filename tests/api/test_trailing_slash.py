"""A write to an API address without its trailing slash is a JSON 404 naming the right
address: never a 500 (DEBUG) or a redirect that loses the body (production)."""

import pytest
from django.test import override_settings

from tests.api.helpers import session_body
from tests.tracking.factories import ProgramFactory
from tracking.models import Session

pytestmark = pytest.mark.django_db


@pytest.mark.parametrize("method", ["post", "put", "patch", "delete"])
@pytest.mark.parametrize("debug", [False, True])
def test_a_write_without_the_trailing_slash_is_a_json_404(client, user, method, debug):
    ProgramFactory(user=user)
    client.force_login(user)

    with override_settings(DEBUG=debug, APPEND_SLASH=True):
        response = getattr(client, method)(
            "/api/v1/sessions", session_body(), content_type="application/json"
        )

    assert response.status_code == 404
    assert response["Content-Type"] == "application/json"
    assert response.json()["code"] == "not_found"
    assert "/api/v1/sessions/" in response.json()["detail"]
    assert not Session.objects.exists()


def test_a_read_without_the_trailing_slash_is_still_sent_to_the_right_address(client):
    with override_settings(APPEND_SLASH=True):
        response = client.get("/api/v1/exercises")

    assert response.status_code == 301
    assert response["Location"] == "/api/v1/exercises/"
