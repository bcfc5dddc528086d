"""The "My data" page: the data download to read, beside its JSON and CSV files, after the same
confirmation the download asks for, at a fixed number of queries."""

import pytest
from django.urls import reverse

from tests.reauth import reauthenticated
from tests.tracking.factories import ProgramFactory, sessions_logged

pytestmark = pytest.mark.django_db

MY_DATA = reverse("account:my_data")


def test_my_data_asks_to_confirm_it_is_them_first(signed_in_client):
    response = signed_in_client.get(MY_DATA)

    assert response.status_code == 302
    assert response["Location"].startswith(reverse("account_reauthenticate"))


def test_my_data_shows_the_account_the_program_and_a_summary_of_the_sessions(client):
    program = ProgramFactory()
    sessions_logged(program, 3)
    reauthenticated(client, program.user)

    text = client.get(MY_DATA).content.decode()

    assert program.user.email in text
    assert '<h2 id="data-program-1">Program</h2>' in text
    assert "<dt>Reminder time</dt><dd>09:00</dd>" in text
    assert "<dt>Training days</dt><dd>mon, wed, fri</dd>" in text
    assert "3 sessions with" in text
    assert f'href="{reverse("account:export")}"' in text
    assert f'href="{reverse("account:export_csv")}"' in text
    assert program.calendar_token not in text  # the secrets stay out, as in the file


def test_the_account_page_links_to_my_data(signed_in_client):
    text = signed_in_client.get(reverse("account:overview")).content.decode()

    assert f'href="{MY_DATA}"' in text


def test_my_data_costs_the_same_queries_however_long_the_history(client, django_assert_num_queries):
    short = ProgramFactory()
    long = ProgramFactory()
    sessions_logged(short, 1)
    sessions_logged(long, 12)
    reauthenticated(client, short.user)
    client.get(MY_DATA)  # the catalogue copy, loaded once
    # the session with its user (one query), then one query per list of the download (as account_export)
    with django_assert_num_queries(15):
        assert client.get(MY_DATA).status_code == 200

    reauthenticated(client, long.user)
    client.get(MY_DATA)
    with django_assert_num_queries(15):
        assert client.get(MY_DATA).status_code == 200
