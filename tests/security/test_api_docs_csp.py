"""The account API's documentation page runs its one inline script under the policy's nonce."""

import re

import pytest
from django.urls import reverse

pytestmark = pytest.mark.django_db


def test_the_account_api_page_script_carries_the_nonce_the_policy_names(client):
    response = client.get(reverse("headless:openapi_html"))

    assert response.status_code == 200
    policy = response.headers["Content-Security-Policy-Report-Only"]
    nonce = re.search(r"'nonce-([^']+)'", policy).group(1)
    assert f'<script nonce="{nonce}">' in response.text
