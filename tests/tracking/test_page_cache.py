"""A person's dashboard is cached until their records or their day change, never longer."""

import datetime as dt

import pytest
from django.contrib.auth import get_user_model
from django.test import Client
from django.urls import reverse

from tests.api.helpers import session_body
from tests.factories import UserFactory
from tests.tracking.factories import ProgramFactory, session_logged
from tracking import services
from tracking.models import Session
from tracking.page_cache import person_key

pytestmark = pytest.mark.django_db

DASHBOARD = reverse("tracking:dashboard")


@pytest.fixture
def program(user):
    return ProgramFactory(user=user)


def week_line(response) -> str:
    text = response.context["board_html"]
    start = text.index('class="week-progress"')
    return text[start : text.index("</p>", start)]


def test_a_session_logged_through_the_api_shows_on_a_dashboard_seen_just_before(
    signed_in_client, program
):
    before = signed_in_client.get(DASHBOARD)

    signed_in_client.post(
        reverse("api:session-list"), session_body(), content_type="application/json"
    )
    after = signed_in_client.get(DASHBOARD)

    assert "<strong>0 of" in week_line(before)
    assert "<strong>1 of" in week_line(after)


def test_a_deleted_session_leaves_the_dashboard_at_once(signed_in_client, program):
    session = session_logged(program)
    assert "<strong>1 of" in week_line(signed_in_client.get(DASHBOARD))

    services.session_delete(session=session)

    assert "<strong>0 of" in week_line(signed_in_client.get(DASHBOARD))


def test_a_severe_pain_pause_shows_on_a_dashboard_seen_just_before(signed_in_client, program):
    signed_in_client.get(DASHBOARD)

    session_logged(program, pain_after=8)

    assert "paused for your safety" in signed_in_client.get(DASHBOARD).context["board_html"]


def test_a_staff_edit_in_the_admin_shows_on_the_person_dashboard(client, program):
    client.force_login(program.user)
    session = session_logged(program)
    assert "<strong>1 of" in week_line(client.get(DASHBOARD))

    staff = Client()
    staff.force_login(UserFactory(is_staff=True, is_superuser=True))
    staff.post(reverse("admin:tracking_session_delete", args=[session.pk]), {"post": "yes"})

    assert not Session.objects.filter(pk=session.pk).exists()
    assert "<strong>0 of" in week_line(client.get(DASHBOARD))


def test_one_person_never_sees_another_persons_cached_dashboard(program):
    mine, theirs = Client(), Client()
    mine.force_login(program.user)
    other = ProgramFactory().user
    theirs.force_login(other)
    session_logged(program)

    assert "<strong>1 of" in week_line(mine.get(DASHBOARD))
    assert "<strong>0 of" in week_line(theirs.get(DASHBOARD))


def test_the_key_moves_on_every_quarter_hour_so_a_new_day_is_never_missed(user):
    quarter_to = dt.datetime(2026, 11, 27, 23, 59, tzinfo=dt.UTC)

    assert person_key(user, "dashboard", now=quarter_to) != person_key(
        user, "dashboard", now=quarter_to + dt.timedelta(minutes=1)
    )
    assert person_key(user, "dashboard", now=quarter_to) == person_key(
        user, "dashboard", now=quarter_to - dt.timedelta(minutes=14)
    )


def test_a_change_of_time_zone_is_a_new_key(user):
    before = person_key(user, "dashboard")
    user.timezone = "Asia/Tokyo"

    assert person_key(user, "dashboard") != before


def test_saving_a_person_loaded_earlier_never_moves_their_records_version_back(program):
    stale = get_user_model().objects.get(pk=program.user_id)
    session_logged(program)
    moved_on = get_user_model().objects.get(pk=program.user_id).records_version

    stale.first_name = "Ann"
    stale.save()

    assert get_user_model().objects.get(pk=program.user_id).records_version == moved_on


def test_the_sessions_list_shows_a_session_logged_just_after_it_was_read(signed_in_client, program):
    url = reverse("api:session-list")
    assert signed_in_client.get(url).json()["count"] == 0

    signed_in_client.post(url, session_body(), content_type="application/json")

    assert signed_in_client.get(url).json()["count"] == 1


def test_each_page_and_filter_of_the_sessions_list_is_kept_apart(signed_in_client, program):
    session_logged(program)
    url = reverse("api:session-list")
    everything = signed_in_client.get(url).json()

    long_ago = signed_in_client.get(url, {"date_to": "2020-01-01"}).json()

    assert everything["count"] == 1
    assert long_ago["count"] == 0


def test_an_edited_session_shows_its_new_scores_in_the_list_at_once(signed_in_client, program):
    session = session_logged(program)
    url = reverse("api:session-list")
    assert signed_in_client.get(url).json()["results"][0]["effort"] != 9

    signed_in_client.patch(
        reverse("api:session-detail", args=[session.pk]),
        {"effort": 9},
        content_type="application/json",
    )

    assert signed_in_client.get(url).json()["results"][0]["effort"] == 9


def test_progress_counts_a_session_logged_just_after_it_was_read(signed_in_client, program):
    url = reverse("api:progress")
    before = signed_in_client.get(url).json()["weeks"][-1]["done"]

    session_logged(program)

    assert signed_in_client.get(url).json()["weeks"][-1]["done"] == before + 1
