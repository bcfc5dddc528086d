"""A program's first week asks only for the training days left in it, and every place that
counts the week says the same number: the dashboard's "done of target", its table, the
bone-health week on the dashboard and in GET /api/v1/week/ (`schedule.week_target`)."""

import datetime as dt
import re

import pytest
from django.urls import reverse
from django.utils import timezone

from tests.tracking.factories import ZONE, ProgramFactory, local_today
from tracking import schedule, selectors

pytestmark = pytest.mark.django_db

MON_WED_FRI = frozenset({0, 2, 4})
MONDAY = dt.date(2026, 3, 2)


def test_a_week_started_on_wednesday_asks_for_wednesday_and_friday():
    assert schedule.week_target(MON_WED_FRI, MONDAY, MONDAY + dt.timedelta(days=2)) == 2


def test_a_week_started_on_monday_and_every_later_week_ask_for_the_full_target():
    assert schedule.week_target(MON_WED_FRI, MONDAY, MONDAY) == 3
    assert schedule.week_target(MON_WED_FRI, MONDAY + dt.timedelta(weeks=1), MONDAY) == 3


def test_a_week_started_on_saturday_asks_for_nothing():
    assert schedule.week_target(MON_WED_FRI, MONDAY, MONDAY + dt.timedelta(days=5)) == 0


def test_on_the_first_wednesday_the_dashboard_counts_agree(user):
    wednesday = MONDAY + dt.timedelta(days=2)
    program = ProgramFactory(user=user, today=wednesday)
    noon = dt.datetime.combine(wednesday, dt.time(12), timezone.get_default_timezone())

    board = selectors.dashboard(selectors.program_active(user), now=noon.astimezone(dt.UTC))

    assert program.started_on == wednesday
    assert board.this_week.target == 2
    assert board.adherence.weeks[-1].target == 2
    assert board.bone_week.strength_target == 2


def test_the_dashboard_its_table_and_the_api_say_the_same_first_week_target(signed_in_client, user):
    today = local_today(ZONE)
    ProgramFactory(user=user, today=today)
    monday = schedule.week_start(today)
    target = schedule.week_target(MON_WED_FRI, monday, today)

    html = signed_in_client.get(reverse("tracking:dashboard")).content.decode()
    week = signed_in_client.get("/api/v1/week/").json()["weeks"][0]

    if target:
        assert re.search(rf"<strong>0 of {target}</strong>\s*sessions? done", html)
    else:
        assert "No training days are left this week" in html
    assert f"<tr><td>{monday.day} {monday:%b %Y}</td><td>0</td><td>{target}</td>" in html
    assert f"<strong>0 of {target} days</strong>" in html  # strength, the bone-health week
    assert week["strength"]["target"] == target
