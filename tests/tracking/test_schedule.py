"""The schedule rules: training days, what is due, and adherence by ISO week."""

import random
from datetime import date, datetime, timedelta
from itertools import pairwise

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from tracking.schedule import (
    WEEKDAY_CODES,
    Day,
    DayStatus,
    Week,
    adherence,
    iso_week,
    parse_weekdays,
    plan,
    training_dates,
    week_start,
    weekday_codes,
)

MON_WED_FRI = frozenset({0, 2, 4})
MON_TUE_THU_FRI = frozenset({0, 1, 3, 4})


def d(text: str) -> date:
    return date.fromisoformat(text)


def every(start: str, end: str, days: frozenset[int] = MON_WED_FRI) -> list[date]:
    """Every training date from start to end: a person who never missed a session."""
    return training_dates(days, d(start), d(end))


# --- Day codes ------------------------------------------------------------------------------


def test_day_codes_become_weekday_numbers():
    assert parse_weekdays(["mon", "wed", "fri"]) == MON_WED_FRI


def test_day_codes_forgive_capitals_and_spaces():
    assert parse_weekdays([" Mon", "WED "]) == frozenset({0, 2})


def test_an_unknown_day_code_is_refused_with_the_codes_we_know():
    with pytest.raises(ValueError, match="mon, tue, wed"):
        parse_weekdays(["mon", "funday"])


def test_a_day_listed_twice_is_refused():
    with pytest.raises(ValueError, match="more than once"):
        parse_weekdays(["mon", "wed", "Mon"])


def test_a_single_string_of_codes_is_refused():
    with pytest.raises(ValueError, match="list of day codes"):
        parse_weekdays("mon")


def test_no_day_codes_give_no_training_days():
    assert parse_weekdays([]) == frozenset()


def test_weekday_numbers_become_codes_in_week_order():
    assert weekday_codes({4, 0, 2}) == ["mon", "wed", "fri"]


def test_a_weekday_number_outside_the_week_is_refused():
    with pytest.raises(ValueError, match="0 \\(Monday\\) to 6 \\(Sunday\\)"):
        weekday_codes({7})


@settings(max_examples=50)
@given(st.frozensets(st.integers(0, 6)))
def test_codes_and_numbers_round_trip(days):
    assert parse_weekdays(weekday_codes(days)) == days


def test_the_codes_follow_date_weekday_numbering():
    monday = d("2026-03-02")
    assert [WEEKDAY_CODES[(monday + timedelta(i)).weekday()] for i in range(7)] == list(
        WEEKDAY_CODES
    )


# --- Training dates -------------------------------------------------------------------------


def test_a_fortnight_of_monday_wednesday_friday_has_six_training_dates():
    assert len(every("2026-03-02", "2026-03-15")) == 6


def test_training_dates_include_both_ends():
    assert every("2026-03-02", "2026-03-06") == [d("2026-03-02"), d("2026-03-04"), d("2026-03-06")]


def test_a_single_rest_day_has_no_training_dates():
    assert every("2026-03-03", "2026-03-03") == []


def test_no_training_days_give_no_training_dates():
    assert training_dates(frozenset(), d("2026-03-02"), d("2026-03-29")) == []


def test_an_end_before_the_start_is_refused():
    with pytest.raises(ValueError, match="comes before the start"):
        training_dates(MON_WED_FRI, d("2026-03-10"), d("2026-03-09"))


def test_a_datetime_is_refused_where_a_calendar_date_is_needed():
    with pytest.raises(ValueError, match="local calendar date"):
        training_dates(MON_WED_FRI, datetime(2026, 3, 2, 9), d("2026-03-09"))


def test_training_dates_run_across_new_year():
    assert every("2026-12-28", "2027-01-04") == [
        d("2026-12-28"),
        d("2026-12-30"),
        d("2027-01-01"),
        d("2027-01-04"),
    ]


def test_the_week_the_clocks_go_forward_keeps_its_training_days():
    # Europe moves its clocks on Sunday 29 March 2026, North America on Sunday 8 March.
    assert every("2026-03-23", "2026-03-29") == [d("2026-03-23"), d("2026-03-25"), d("2026-03-27")]
    assert len(every("2026-03-02", "2026-03-08")) == 3


def test_the_week_the_clocks_go_back_keeps_its_training_days():
    assert every("2026-10-19", "2026-10-25") == [d("2026-10-19"), d("2026-10-21"), d("2026-10-23")]


@settings(max_examples=50)
@given(st.frozensets(st.integers(0, 6)), st.dates(), st.integers(0, 60))
def test_training_dates_are_exactly_the_planned_weekdays_in_range(days, start, length):
    end = start + timedelta(days=length) if start <= date.max - timedelta(days=length) else start
    result = training_dates(days, start, end)
    expected = [
        start + timedelta(i)
        for i in range((end - start).days + 1)
        if (start + timedelta(i)).weekday() in days
    ]
    assert result == expected


# --- The plan -------------------------------------------------------------------------------

# Program starts on Wednesday 4 March 2026; today is Wednesday 11 March.
START, TODAY = d("2026-03-04"), d("2026-03-11")


def status_on(days: list[Day], text: str) -> Day:
    return next(day for day in days if day.date == d(text))


def a_fortnight(logged: list[date]) -> list[Day]:
    return plan(MON_WED_FRI, d("2026-03-02"), d("2026-03-15"), TODAY, logged, START)


def test_a_logged_training_day_is_done():
    assert status_on(a_fortnight([d("2026-03-06")]), "2026-03-06") == Day(
        d("2026-03-06"), True, DayStatus.DONE
    )


def test_a_past_training_day_without_a_session_is_missed():
    assert status_on(a_fortnight([]), "2026-03-09").status is DayStatus.MISSED


def test_today_as_a_training_day_without_a_session_is_due():
    assert status_on(a_fortnight([]), "2026-03-11").status is DayStatus.DUE


def test_today_with_a_session_already_logged_is_done():
    assert status_on(a_fortnight([TODAY]), "2026-03-11").status is DayStatus.DONE


def test_a_future_training_day_is_upcoming():
    assert status_on(a_fortnight([]), "2026-03-13").status is DayStatus.UPCOMING


def test_a_day_off_the_plan_is_rest():
    assert status_on(a_fortnight([]), "2026-03-10") == Day(d("2026-03-10"), False, DayStatus.REST)


def test_a_session_on_a_rest_day_is_done_and_stays_a_rest_day_in_the_plan():
    assert status_on(a_fortnight([d("2026-03-07")]), "2026-03-07") == Day(
        d("2026-03-07"), False, DayStatus.DONE
    )


def test_days_before_the_program_started_are_not_training_days():
    assert status_on(a_fortnight([]), "2026-03-02") == Day(
        d("2026-03-02"), False, DayStatus.BEFORE_START
    )


def test_a_session_before_the_program_started_does_not_make_that_day_done():
    assert status_on(a_fortnight([d("2026-03-02")]), "2026-03-02").status is (
        DayStatus.BEFORE_START
    )


def test_the_program_start_day_itself_is_part_of_the_plan():
    assert status_on(a_fortnight([]), "2026-03-04").status is DayStatus.MISSED


def test_the_plan_has_one_day_for_each_calendar_date_across_the_clock_change():
    days = plan(MON_WED_FRI, d("2026-03-27"), d("2026-03-31"), TODAY, [], START)
    assert [day.date for day in days] == [d("2026-03-27") + timedelta(i) for i in range(5)]


def test_a_plan_ending_before_it_starts_is_refused():
    with pytest.raises(ValueError, match="comes before the start"):
        plan(MON_WED_FRI, d("2026-03-15"), d("2026-03-02"), TODAY, [], START)


def test_a_logged_datetime_is_refused_in_the_plan():
    with pytest.raises(ValueError, match="local calendar date"):
        plan(MON_WED_FRI, d("2026-03-02"), d("2026-03-15"), TODAY, [datetime(2026, 3, 6)], START)


@settings(max_examples=60)
@given(
    days=st.frozensets(st.integers(0, 6)),
    offsets=st.lists(st.integers(0, 27)),
    today_offset=st.integers(-5, 33),
    start_offset=st.integers(-5, 33),
)
def test_every_day_of_a_plan_gets_exactly_one_fitting_status(
    days, offsets, today_offset, start_offset
):
    first = d("2026-03-02")
    logged = {first + timedelta(o) for o in offsets}
    today, program_start = first + timedelta(today_offset), first + timedelta(start_offset)
    result = plan(days, first, first + timedelta(27), today, logged, program_start)
    assert len(result) == 28
    for day in result:
        if day.date < program_start:
            assert day.status is DayStatus.BEFORE_START
        elif day.date in logged:
            assert day.status is DayStatus.DONE
        elif day.training:
            assert day.status in {DayStatus.MISSED, DayStatus.DUE, DayStatus.UPCOMING}
            assert (day.status is DayStatus.DUE) == (day.date == today)
        else:
            assert day.status is DayStatus.REST
    assert sum(day.status is DayStatus.DUE for day in result) <= 1


# --- ISO weeks ------------------------------------------------------------------------------


@pytest.mark.parametrize("text", ["2026-12-28", "2026-12-31", "2027-01-01", "2027-01-03"])
def test_the_last_days_of_2026_and_first_of_2027_are_iso_week_53_of_2026(text):
    assert iso_week(d(text)) == (2026, 53)


def test_the_first_monday_of_2027_starts_iso_week_1_of_2027():
    assert iso_week(d("2027-01-04")) == (2027, 1)


def test_the_last_days_of_2024_belong_to_iso_week_1_of_2025():
    assert iso_week(d("2024-12-30")) == (2025, 1)


def test_a_week_starts_on_its_monday_even_across_new_year():
    assert week_start(d("2027-01-03")) == d("2026-12-28")


def test_a_monday_starts_its_own_week():
    assert week_start(d("2026-03-02")) == d("2026-03-02")


@settings(max_examples=50)
@given(st.dates(min_value=date(1, 1, 8)))
def test_every_date_shares_its_iso_week_with_its_monday(day):
    assert week_start(day).weekday() == 0
    assert iso_week(week_start(day)) == iso_week(day)


# --- Adherence ------------------------------------------------------------------------------


def test_a_week_with_two_sessions_on_one_day_counts_once():
    logged = [d("2026-03-02"), d("2026-03-02"), d("2026-03-04")]
    result = adherence(logged, MON_WED_FRI, today=d("2026-03-09"), program_start=d("2026-03-02"))
    assert result.weeks[0] == Week(start=d("2026-03-02"), done=2, planned=3, met=False, target=3)


def test_logged_dates_may_come_in_any_order_with_duplicates():
    logged = every("2026-03-02", "2026-03-15")
    jumbled = [*reversed(logged), *logged[:2]]
    assert adherence(jumbled, MON_WED_FRI, d("2026-03-16"), d("2026-03-02")) == adherence(
        logged, MON_WED_FRI, d("2026-03-16"), d("2026-03-02")
    )


def test_three_sessions_meet_a_three_day_week():
    result = adherence(
        every("2026-03-02", "2026-03-08"), MON_WED_FRI, d("2026-03-09"), d("2026-03-02")
    )
    assert result.weeks[0].met


def test_sessions_on_extra_days_count_towards_the_week():
    logged = [d("2026-03-02"), d("2026-03-03"), d("2026-03-07")]
    result = adherence(logged, MON_WED_FRI, d("2026-03-09"), d("2026-03-02"))
    assert result.weeks[0] == Week(d("2026-03-02"), done=3, planned=3, met=True, target=3)


def test_a_four_day_program_needs_four_sessions_a_week_by_default():
    logged = every("2026-03-02", "2026-03-08")  # Monday, Wednesday, Friday
    result = adherence(logged, MON_TUE_THU_FRI, d("2026-03-09"), d("2026-03-02"))
    assert result.weeks[0] == Week(d("2026-03-02"), done=3, planned=4, met=False, target=4)


def test_an_explicit_target_replaces_the_number_of_training_days():
    logged = every("2026-03-02", "2026-03-08")
    result = adherence(logged, MON_TUE_THU_FRI, d("2026-03-09"), d("2026-03-02"), target=3)
    assert result.weeks[0].met


def test_the_default_target_is_never_below_three_sessions_a_week():
    logged = [d("2026-03-02"), d("2026-03-04")]
    result = adherence(logged, frozenset({0, 2}), d("2026-03-09"), d("2026-03-02"))
    assert not result.weeks[0].met


def test_a_partial_first_week_asks_only_for_its_own_training_days():
    # Starting on Wednesday leaves Wednesday and Friday in the first week.
    logged = [d("2026-03-04"), d("2026-03-06")]
    result = adherence(logged, MON_WED_FRI, d("2026-03-09"), d("2026-03-04"))
    assert result.weeks[0] == Week(d("2026-03-02"), done=2, planned=2, met=True, target=2)


def test_a_first_week_with_nothing_planned_neither_adds_to_nor_breaks_the_streak():
    # Starting on Saturday leaves no Monday, Wednesday or Friday in the first week.
    logged = every("2026-03-09", "2026-03-15")
    result = adherence(logged, MON_WED_FRI, d("2026-03-16"), d("2026-03-07"))
    assert result.weeks[0] == Week(d("2026-03-02"), done=0, planned=0, met=True, target=0)
    assert result.streak == 1


def test_sessions_before_the_program_started_are_ignored():
    logged = [d("2026-03-02"), d("2026-03-04")]
    result = adherence(logged, MON_WED_FRI, d("2026-03-09"), d("2026-03-04"))
    assert result.weeks[0].done == 1


def test_sessions_dated_after_today_are_ignored():
    logged = [d("2026-03-09"), d("2026-03-13")]
    result = adherence(logged, MON_WED_FRI, d("2026-03-11"), d("2026-03-02"))
    assert result.weeks[-1].done == 1


def test_the_streak_counts_met_weeks_back_from_last_week():
    logged = every("2026-03-02", "2026-03-22")
    assert adherence(logged, MON_WED_FRI, d("2026-03-23"), d("2026-03-02")).streak == 3


def test_a_missed_week_breaks_the_streak():
    logged = every("2026-03-02", "2026-03-08") + every("2026-03-16", "2026-03-29")
    assert adherence(logged, MON_WED_FRI, d("2026-03-30"), d("2026-03-02")).streak == 2


def test_a_missed_last_week_leaves_no_streak():
    logged = every("2026-03-02", "2026-03-15")
    assert adherence(logged, MON_WED_FRI, d("2026-03-23"), d("2026-03-02")).streak == 0


def test_an_in_progress_week_does_not_break_the_streak():
    logged = every("2026-03-02", "2026-03-15")
    result = adherence(logged, MON_WED_FRI, d("2026-03-18"), d("2026-03-02"))
    assert not result.weeks[-1].met
    assert result.streak == 2


def test_a_current_week_already_met_adds_one_to_the_streak():
    logged = every("2026-03-02", "2026-03-20")
    assert adherence(logged, MON_WED_FRI, d("2026-03-20"), d("2026-03-02")).streak == 3


def test_the_streak_reaches_further_back_than_the_weeks_shown():
    logged = every("2026-01-05", "2026-03-15")
    result = adherence(logged, MON_WED_FRI, d("2026-03-16"), d("2026-01-05"), weeks=4)
    assert len(result.weeks) == 4
    assert result.streak == 10


def test_the_weeks_shown_are_the_last_twelve_oldest_first_ending_this_week():
    result = adherence([], MON_WED_FRI, d("2026-03-18"), d("2025-06-02"))
    assert [w.start for w in result.weeks] == [
        d("2025-12-29") + timedelta(weeks=i) for i in range(12)
    ]


def test_the_weeks_shown_never_start_before_the_program_week():
    result = adherence([], MON_WED_FRI, d("2026-03-18"), d("2026-03-04"))
    assert [w.start for w in result.weeks] == [d("2026-03-02"), d("2026-03-09"), d("2026-03-16")]


def test_before_the_program_week_there_is_nothing_to_show():
    result = adherence([], MON_WED_FRI, d("2026-03-01"), d("2026-03-02"))
    assert (result.weeks, result.streak, result.last_4_percent, result.last_12_percent) == (
        [],
        0,
        None,
        None,
    )


def test_the_percentages_wait_for_the_first_complete_week():
    result = adherence([d("2026-03-02")], MON_WED_FRI, d("2026-03-05"), d("2026-03-02"))
    assert (result.last_4_percent, result.last_12_percent) == (None, None)


def test_the_percentages_cover_the_last_four_and_twelve_complete_weeks():
    # Eight weeks in full, then four weeks of one session each; today is in week thirteen.
    logged = every("2026-01-05", "2026-03-01")
    logged += [d("2026-03-02"), d("2026-03-09"), d("2026-03-16"), d("2026-03-23")]
    result = adherence(logged, MON_WED_FRI, d("2026-04-01"), d("2026-01-05"))
    assert result.last_4_percent == 33  # 4 of 12
    assert result.last_12_percent == 78  # 28 of 36


def test_the_current_week_does_not_count_towards_the_percentages():
    logged = every("2026-03-02", "2026-03-08")
    result = adherence(logged, MON_WED_FRI, d("2026-03-13"), d("2026-03-02"))
    assert result.last_4_percent == 100


def test_extra_sessions_do_not_lift_a_percentage_above_100():
    logged = [d("2026-03-02") + timedelta(i) for i in range(7)] + [d("2026-03-09")]
    result = adherence(logged, MON_WED_FRI, d("2026-03-16"), d("2026-03-02"))
    assert result.last_4_percent == 67  # 3 + 1 of 6: a full week cannot make up for a thin one


def test_a_percentage_exactly_halfway_rounds_up():
    # Five of eight planned days over two four-day weeks is 62.5%.
    logged = [d("2026-03-02"), d("2026-03-03"), d("2026-03-05"), d("2026-03-06"), d("2026-03-09")]
    result = adherence(logged, MON_TUE_THU_FRI, d("2026-03-16"), d("2026-03-02"))
    assert result.last_4_percent == 63


def test_a_week_across_new_year_counts_its_sessions_in_iso_week_53():
    logged = [d("2026-12-28"), d("2026-12-30"), d("2027-01-01")]
    result = adherence(logged, MON_WED_FRI, d("2027-01-04"), d("2026-12-28"))
    assert result.weeks[0] == Week(d("2026-12-28"), done=3, planned=3, met=True, target=3)
    assert (result.streak, result.last_4_percent) == (1, 100)


def test_showing_fewer_than_one_week_is_refused():
    with pytest.raises(ValueError, match="at least one week"):
        adherence([], MON_WED_FRI, d("2026-03-16"), d("2026-03-02"), weeks=0)


def test_a_weekly_target_of_zero_is_refused():
    with pytest.raises(ValueError, match="at least 1 session"):
        adherence([], MON_WED_FRI, d("2026-03-16"), d("2026-03-02"), target=0)


def test_a_logged_datetime_is_refused_in_adherence():
    with pytest.raises(ValueError, match="local calendar date"):
        adherence([datetime(2026, 3, 2, 8)], MON_WED_FRI, d("2026-03-16"), d("2026-03-02"))


# --- Adherence properties -------------------------------------------------------------------

EPOCH = d("2026-01-01")


@st.composite
def histories(draw):
    days = draw(st.frozensets(st.integers(0, 6)))
    program_start = EPOCH + timedelta(draw(st.integers(0, 120)))
    today = program_start + timedelta(draw(st.integers(-10, 200)))
    logged = [EPOCH + timedelta(o) for o in draw(st.lists(st.integers(0, 330), max_size=120))]
    weeks = draw(st.integers(1, 20))
    target = draw(st.one_of(st.none(), st.integers(1, 7)))
    return logged, days, today, program_start, weeks, target


few = settings(max_examples=80, deadline=None)


@few
@given(histories())
def test_adherence_percentages_stay_within_0_and_100(history):
    result = adherence(*history)
    for percent in (result.last_4_percent, result.last_12_percent):
        assert percent is None or 0 <= percent <= 100


@few
@given(histories())
def test_the_streak_never_exceeds_the_weeks_since_the_program_started(history):
    _, _, today, program_start, _, _ = history
    result = adherence(*history)
    weeks_since_start = max(0, (week_start(today) - week_start(program_start)).days // 7 + 1)
    assert 0 <= result.streak <= weeks_since_start


@few
@given(histories())
def test_the_weeks_shown_are_consecutive_mondays_ending_this_week(history):
    _, days, today, program_start, weeks, _ = history
    result = adherence(*history)
    assert len(result.weeks) <= weeks
    starts = [w.start for w in result.weeks]
    assert all(s.weekday() == 0 for s in starts)
    assert all(b - a == timedelta(weeks=1) for a, b in pairwise(starts))
    if starts:
        assert starts[-1] == week_start(today)
        assert starts[0] >= week_start(program_start)
    assert all(0 <= w.done <= 7 and 0 <= w.planned <= len(days) for w in result.weeks)


@few
@given(histories(), st.randoms(use_true_random=False))
def test_the_order_and_repetition_of_logged_dates_do_not_matter(history, rng: random.Random):
    logged, *rest = history
    jumbled = logged + logged[: len(logged) // 2]
    rng.shuffle(jumbled)
    assert adherence(jumbled, *rest) == adherence(logged, *rest)
