"""The bone-health week (pure rule and selector): strength, balance and posture days by ISO
week, across the turn of the ISO year."""

import datetime as dt

import pytest

from tracking import schedule

MON_WED_FRI = [0, 2, 4]
# ISO 2026 has 53 weeks: Monday 28 December 2026 starts week 53, Monday 4 January 2027 week 1.
WEEK_53 = dt.date(2026, 12, 28)
WEEK_1 = dt.date(2027, 1, 4)


def weeks(kinds_by_day, today, start=dt.date(2026, 11, 2), count=3):
    return schedule.bone_health_weeks(kinds_by_day, MON_WED_FRI, today, start, weeks=count)


def test_a_day_in_the_new_calendar_year_still_counts_in_iso_week_53_of_the_old_one():
    done = {
        dt.date(2026, 12, 30): {"strengthening"},
        dt.date(2027, 1, 2): {"resistance", "balance"},  # a Saturday, still ISO 2026-W53
        dt.date(2027, 1, 4): {"strengthening"},  # Monday of ISO 2027-W01
    }

    this_week, last_week, _ = weeks(done, today=dt.date(2027, 1, 5))

    assert (this_week.iso_year, this_week.iso_week, this_week.start) == (2027, 1, WEEK_1)
    assert this_week.strength_days == 1
    assert (last_week.iso_year, last_week.iso_week, last_week.start) == (2026, 53, WEEK_53)
    assert last_week.strength_days == 2
    assert last_week.balance_days == 1


def test_iso_week_1_can_begin_in_the_old_calendar_year():
    # 29 December 2025 is the Monday of ISO 2026-W01.
    [week] = weeks(
        {dt.date(2025, 12, 30): {"posture"}},
        dt.date(2025, 12, 31),
        count=1,
        start=dt.date(2025, 12, 1),
    )

    assert (week.iso_year, week.iso_week) == (2026, 1)
    assert week.posture_days == 1
    assert week.posture_target == 3  # Monday to Wednesday so far


def test_stretch_only_days_are_no_strength_days():
    done = {WEEK_53 + dt.timedelta(days=n): {"stretch"} for n in range(3)}

    [week] = weeks(done, WEEK_53 + dt.timedelta(days=6), count=1)

    assert week.strength_days == 0
    assert not week.strength_met
    assert not week.strength_guideline_met


def test_two_strength_days_meet_the_guidelines_but_not_a_three_day_program():
    done = {WEEK_53: {"strengthening", "stretch"}, WEEK_53 + dt.timedelta(days=2): {"resistance"}}

    [week] = weeks(done, WEEK_53 + dt.timedelta(days=6), count=1)

    assert week.strength_days == 2
    assert week.strength_target == 3
    assert week.strength_guideline_met
    assert not week.strength_met


def test_more_sessions_on_one_day_count_that_day_once_for_each_kind():
    done = {WEEK_53: {"balance", "posture"}}

    [week] = weeks(done, WEEK_53 + dt.timedelta(days=6), count=1)

    assert (week.balance_days, week.posture_days) == (1, 1)
    assert not week.balance_met


def test_balance_twice_and_posture_every_day_are_met():
    done = {WEEK_53 + dt.timedelta(days=n): {"posture"} for n in range(7)}
    done[WEEK_53] |= {"balance"}
    done[WEEK_53 + dt.timedelta(days=3)] |= {"balance"}

    [week] = weeks(done, WEEK_53 + dt.timedelta(days=6), count=1)

    assert week.balance_met
    assert week.posture_met


def test_no_week_before_the_programs_first_is_shown_and_its_first_days_are_not_asked():
    start = WEEK_53 + dt.timedelta(days=3)  # a Thursday

    shown = weeks({}, WEEK_1 + dt.timedelta(days=1), start=start, count=10)

    assert [w.start for w in shown] == [WEEK_1, WEEK_53]
    assert shown[1].posture_target == 4  # Thursday to Sunday


def test_the_number_of_weeks_is_bounded():
    with pytest.raises(ValueError, match="Show from 1 to 52 weeks"):
        weeks({}, WEEK_1, count=schedule.BONE_WEEKS_MAX + 1)
