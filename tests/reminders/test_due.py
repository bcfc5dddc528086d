"""Who is due a training-day reminder at a given instant: one bulk selection across every time
zone, exact on clock-change days, late but never too late after an outage, and never for
anyone who should not get one."""

import datetime as dt
import zoneinfo

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext

from tests.factories import UserFactory
from tests.reminders.helpers import (
    EIGHT,
    LONDON,
    MONDAY,
    TUESDAY,
    WEDNESDAY,
    at,
    days_with,
    program_for,
    reminders_by_user,
)
from tests.tracking.factories import session_logged
from tracking import reminders, services
from tracking.models import Delivery, DeliveryKind, DeliveryStatus

pytestmark = pytest.mark.django_db

# 18:30 UTC on Wednesday 10 June 2026: from 08:30 on Wednesday in Honolulu (UTC-10) to 08:30 on
# Thursday in Kiritimati (UTC+14), passing local midnight in Kolkata on the way.
INSTANT = dt.datetime(2026, 6, 10, 18, 30, tzinfo=dt.UTC)
ZONES = [
    "Pacific/Honolulu",  # UTC-10
    "America/Anchorage",  # UTC-8 in summer
    "America/New_York",  # UTC-4 in summer
    "UTC",
    "Europe/London",  # UTC+1 in summer
    "Asia/Kolkata",  # UTC+5:30, at 00:00 on Thursday
    "Asia/Kathmandu",  # UTC+5:45
    "Australia/Sydney",  # UTC+10
    "Pacific/Auckland",  # UTC+12
    "Pacific/Kiritimati",  # UTC+14
]


def local(instant: dt.datetime, zone: str) -> dt.datetime:
    return instant.astimezone(zoneinfo.ZoneInfo(zone))


def program_due_at(instant: dt.datetime, zone: str, *, late_by=dt.timedelta(0)):
    """A program in `zone` whose reminder time is the local time at `instant` plus `late_by`,
    with the local day at `instant` a training day."""
    there = local(instant, zone)
    return program_for(
        zone=zone,
        reminder=(there + late_by).time(),
        days=days_with(there.date()),
    )


def test_everyone_whose_reminder_time_has_come_is_due_on_their_own_local_day(dispatch):
    programs = {zone: program_due_at(INSTANT, zone) for zone in ZONES}

    dispatch(INSTANT)

    due = reminders_by_user()
    assert {zone: due[p.user_id].local_date for zone, p in programs.items()} == {
        zone: local(INSTANT, zone).date() for zone in ZONES
    }
    assert due[programs["Pacific/Honolulu"].user_id].local_date == WEDNESDAY
    assert due[programs["Pacific/Kiritimati"].user_id].local_date == dt.date(2026, 6, 11)
    assert {d.due_at for d in due.values()} == {INSTANT}
    assert {d.status for d in due.values()} == {DeliveryStatus.QUEUED}


def test_nobody_is_due_a_minute_before_their_reminder_time_in_any_zone(dispatch):
    for zone in ZONES:
        program_due_at(INSTANT, zone, late_by=dt.timedelta(minutes=1))

    dispatched = dispatch(INSTANT)

    assert dispatched.report.queued == 0
    assert not Delivery.objects.exists()


def queries_to_dispatch(dispatch, instant: dt.datetime) -> int:
    with CaptureQueriesContext(connection) as queries:
        dispatch(instant)
    return len(queries)


def test_the_selection_takes_as_many_queries_for_thirty_people_as_for_ten(dispatch):
    for zone in ZONES:
        program_due_at(INSTANT, zone)
    for_ten = queries_to_dispatch(dispatch, INSTANT)
    Delivery.objects.all().delete()
    for zone in ZONES:
        for _ in range(2):
            program_due_at(INSTANT, zone)

    for_thirty = queries_to_dispatch(dispatch, INSTANT)

    assert Delivery.objects.count() == 30
    assert for_thirty == for_ten


# --- clock changes ------------------------------------------------------------------------------

CLOCK_CHANGES = [
    # zone, the Sunday the clocks change, 08:00 local that day as UTC
    pytest.param(LONDON, dt.date(2026, 3, 29), dt.datetime(2026, 3, 29, 7, 0), id="London-spring"),
    pytest.param(
        LONDON, dt.date(2026, 10, 25), dt.datetime(2026, 10, 25, 8, 0), id="London-autumn"
    ),
    pytest.param(
        "America/New_York",
        dt.date(2026, 3, 8),
        dt.datetime(2026, 3, 8, 12, 0),
        id="New-York-spring",
    ),
    pytest.param(
        "America/New_York",
        dt.date(2026, 11, 1),
        dt.datetime(2026, 11, 1, 13, 0),
        id="New-York-autumn",
    ),
]


@pytest.mark.parametrize(("zone", "day", "eight_local"), CLOCK_CHANGES)
def test_an_eight_oclock_reminder_is_due_at_eight_local_on_the_day_the_clocks_change(
    dispatch, zone, day, eight_local
):
    eight_local = eight_local.replace(tzinfo=dt.UTC)
    assert local(eight_local, zone).time() == EIGHT  # the table above is right
    program = program_for(zone=zone, reminder=EIGHT, days=days_with(day))

    dispatched = dispatch(eight_local)

    delivery = reminders_by_user()[program.user_id]
    assert dispatched.enqueued == [delivery.pk]
    assert (delivery.local_date, delivery.due_at) == (day, eight_local)


@pytest.mark.parametrize(("zone", "day", "eight_local"), CLOCK_CHANGES)
def test_an_eight_oclock_reminder_is_not_due_before_eight_local_on_the_day_the_clocks_change(
    dispatch, zone, day, eight_local
):
    eight_local = eight_local.replace(tzinfo=dt.UTC)
    program_for(zone=zone, reminder=EIGHT, days=days_with(day))

    # An hour early is 08:00 by the other side of the change; a second early is 07:59:59.
    for early in (dt.timedelta(hours=1), dt.timedelta(seconds=1)):
        dispatch(eight_local - early)

    assert not Delivery.objects.exists()


# --- the late cut-off ---------------------------------------------------------------------------


def test_a_reminder_missed_while_the_system_was_down_goes_out_later_that_day(dispatch):
    program = program_for(reminder=EIGHT)

    dispatched = dispatch(at(LONDON, WEDNESDAY, 15, 0))

    delivery = reminders_by_user()[program.user_id]
    assert dispatched.enqueued == [delivery.pk]
    assert delivery.due_at == at(LONDON, WEDNESDAY, 8, 0)
    assert (
        delivery.expires_at
        == at(LONDON, WEDNESDAY, 21, 0)
        == reminders.send_window(WEDNESDAY, EIGHT, zoneinfo.ZoneInfo(LONDON))[1]
    )


def test_a_late_reminder_is_still_due_at_the_cutoff_itself(dispatch):
    program = program_for(reminder=EIGHT)

    dispatch(at(LONDON, WEDNESDAY, 21, 0, 0))

    assert program.user_id in reminders_by_user()


def test_a_late_reminder_is_never_due_after_the_cutoff(dispatch):
    program_for(reminder=EIGHT)

    for when in (at(LONDON, WEDNESDAY, 21, 0, 1), at(LONDON, WEDNESDAY, 23, 59)):
        dispatch(when)

    assert not Delivery.objects.exists()


@pytest.mark.parametrize(
    ("reminder", "last_due", "first_too_late"),
    [
        # A reminder set after 20:00 still gets an hour...
        (dt.time(20, 30), (21, 30, 0), (21, 30, 1)),
        # ...but never past local midnight, which belongs to the next day.
        (dt.time(23, 30), (23, 59, 59), None),
    ],
)
def test_a_reminder_set_late_in_the_evening_gets_an_hour_but_not_past_midnight(
    dispatch, reminder, last_due, first_too_late
):
    program = program_for(reminder=reminder)

    if first_too_late:
        dispatch(at(LONDON, WEDNESDAY, *first_too_late))
        assert not Delivery.objects.exists()
    dispatch(at(LONDON, WEDNESDAY, *last_due))

    delivery = reminders_by_user()[program.user_id]
    assert delivery.local_date == WEDNESDAY
    assert delivery.expires_at <= at(LONDON, WEDNESDAY + dt.timedelta(days=1), 0, 0)


def test_no_reminder_is_ever_sent_for_a_day_that_has_passed(dispatch):
    # Wednesday and Thursday are training days; the system is down all Wednesday.
    program = program_for(reminder=EIGHT, days=("mon", "wed", "thu"))

    dispatch(at(LONDON, WEDNESDAY + dt.timedelta(days=1), 0, 5))
    assert not Delivery.objects.exists()

    dispatch(at(LONDON, WEDNESDAY + dt.timedelta(days=1), 8, 0))
    assert reminders_by_user()[program.user_id].local_date == WEDNESDAY + dt.timedelta(days=1)
    assert Delivery.objects.count() == 1


# --- who is not reminded ------------------------------------------------------------------------


def test_no_reminder_on_a_day_that_is_not_a_training_day(dispatch):
    program_for(reminder=EIGHT, days=("mon", "wed", "fri"))

    dispatch(at(LONDON, TUESDAY, 9, 0))

    assert not Delivery.objects.exists()


def test_no_reminder_while_the_program_is_paused(dispatch):
    program = program_for(reminder=EIGHT)
    services.program_pause(program=program)

    dispatch(at(LONDON, WEDNESDAY, 9, 0))

    assert not Delivery.objects.exists()


def test_no_reminder_when_reminders_are_turned_off(dispatch):
    program = program_for(reminder=EIGHT)
    services.reminder_settings_update(
        program=program,
        reminders_enabled=False,
        reminder_time=EIGHT,
        weekly_summary_enabled=False,
        weekly_summary_day=6,
    )

    dispatch(at(LONDON, WEDNESDAY, 9, 0))

    assert not Delivery.objects.exists()


def test_no_reminder_to_an_email_address_that_is_not_confirmed(dispatch):
    program_for(reminder=EIGHT, verified=False)

    dispatch(at(LONDON, WEDNESDAY, 9, 0))

    assert not Delivery.objects.exists()


def test_no_reminder_after_the_address_changed_to_one_not_yet_confirmed(dispatch):
    program = program_for(reminder=EIGHT)
    program.user.email = "new-address@example.com"
    program.user.save(update_fields=["email"])

    dispatch(at(LONDON, WEDNESDAY, 9, 0))

    assert not Delivery.objects.exists()


def test_no_reminder_to_a_deactivated_account(dispatch):
    program = program_for(reminder=EIGHT)
    program.user.is_active = False
    program.user.save(update_fields=["is_active"])

    dispatch(at(LONDON, WEDNESDAY, 9, 0))

    assert not Delivery.objects.exists()


def test_a_session_already_logged_that_day_is_recorded_as_skipped_and_no_email_is_queued(
    dispatch, mailoutbox
):
    program = program_for(reminder=EIGHT)
    session_logged(program, performed_at=at(LONDON, WEDNESDAY, 7, 15))

    dispatched = dispatch(at(LONDON, WEDNESDAY, 8, 0))

    delivery = reminders_by_user()[program.user_id]
    assert delivery.status == DeliveryStatus.SKIPPED
    assert delivery.detail == "A session was already logged that day."
    assert (dispatched.report.skipped, dispatched.enqueued) == (1, [])
    reminders.deliveries_send([delivery.pk], now=at(LONDON, WEDNESDAY, 8, 0))
    assert mailoutbox == []


def test_a_session_just_after_local_midnight_counts_for_that_local_day(dispatch):
    # 00:30 on Wednesday in London is still Tuesday in UTC.
    program = program_for(reminder=EIGHT)
    session_logged(program, performed_at=at(LONDON, WEDNESDAY, 0, 30))

    dispatch(at(LONDON, WEDNESDAY, 8, 0))

    assert reminders_by_user()[program.user_id].status == DeliveryStatus.SKIPPED


def test_a_session_logged_the_evening_before_does_not_count_for_today(dispatch):
    program = program_for(reminder=EIGHT)
    session_logged(program, performed_at=at(LONDON, TUESDAY, 23, 30))

    dispatch(at(LONDON, WEDNESDAY, 8, 0))

    assert reminders_by_user()[program.user_id].status == DeliveryStatus.QUEUED


def test_no_reminder_after_unsubscribing_from_reminders(dispatch):
    program = program_for(reminder=EIGHT)
    services.emails_unsubscribe(user_id=program.user_id, kind=DeliveryKind.REMINDER)

    dispatch(at(LONDON, WEDNESDAY, 9, 0))

    assert not Delivery.objects.exists()


def test_unsubscribing_from_weekly_summaries_keeps_training_day_reminders(dispatch):
    program = program_for(reminder=EIGHT, summary=True)
    services.emails_unsubscribe(user_id=program.user_id, kind=DeliveryKind.SUMMARY)

    dispatch(at(LONDON, WEDNESDAY, 9, 0))

    assert program.user_id in reminders_by_user()


def test_no_reminder_before_the_program_has_started(dispatch):
    program_for(reminder=EIGHT, started=WEDNESDAY + dt.timedelta(days=1))

    dispatch(at(LONDON, WEDNESDAY, 9, 0))

    assert not Delivery.objects.exists()


def test_a_reminder_is_due_on_the_day_the_program_starts(dispatch):
    program = program_for(reminder=EIGHT, started=MONDAY)

    dispatch(at(LONDON, MONDAY, 9, 0))

    assert reminders_by_user()[program.user_id].local_date == MONDAY


def test_only_the_people_due_are_selected_among_many(dispatch):
    due = program_for(reminder=EIGHT)
    program_for(reminder=dt.time(9, 30))
    program_for(reminder=EIGHT, verified=False)
    services.program_pause(program=program_for(reminder=EIGHT))
    UserFactory()  # no program at all

    dispatch(at(LONDON, WEDNESDAY, 9, 0))

    assert set(reminders_by_user()) == {due.user_id}
