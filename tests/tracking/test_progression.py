"""The progression rules: when an exercise moves up, holds, steps back, or pauses the program.

Days, not taps: a streak counts comfortable local days, so most tests here log one session a
day (`on_days`) and twice-a-day rungs log two (`twice_a_day`). The properties that must hold
for every history are in test_fold_properties.py.
"""

import datetime as dt
import re
from dataclasses import asdict
from itertools import pairwise
from types import SimpleNamespace

import pytest

from exercises.catalogue import ladder_rungs
from tracking.progression import (
    Ceiling,
    Change,
    CheckIn,
    Decision,
    Logged,
    Outcome,
    Policy,
    Reason,
    Rung,
    State,
    apply,
    check_in,
    counts_towards_moving_up,
    days_in_a_row,
    describe,
    describe_rung,
    event_kind,
    fold,
    gentle_position,
    pauses_program,
    policy_problems,
    sessions_still_due,
)


def build_ladder(reps_from, reps_to, sessions_per_day, bands=(None,), sets=1, hold_seconds=None):
    """Ladders in the catalogue's standard shape, as the progression rules receive them."""
    spec = {
        "reps": (reps_from, reps_to),
        "sessions_per_day": sessions_per_day,
        "bands": list(bands),
        "sets": sets,
        "hold_seconds": hold_seconds,
    }
    return tuple(Rung(**rung) for rung in ladder_rungs(spec))


BANDS = ("extra-light", "light", "medium", "heavy", "extra-heavy")
SEATED_ROW = build_ladder(6, 8, (1, 2), BANDS)
BACK_EXTENSION = build_ladder(6, 8, (1, 2))
STANDING_BACK_BEND = build_ladder(5, 5, (2, 3), hold_seconds=5)
ONE_RUNG = (Rung(sets=1, reps=5, sessions_per_day=1),)

FIRST = BACK_EXTENSION[0]  # 6 repetitions, once a day
TWICE = 3  # the Back Extension's first twice-a-day rung: 6 repetitions, twice a day
TOP = len(BACK_EXTENSION) - 1  # 8 repetitions, twice a day

MONDAY = dt.date(2025, 3, 3)


def day(n: int) -> dt.date:
    return MONDAY + dt.timedelta(days=n)


def comfortable(reps: int = 6, sets: int = 1, effort: int = 6) -> Outcome:
    return Outcome(sets=sets, reps=reps, pain_before=1, pain_after=1, effort=effort)


def pain(after: int, before: int = 0, red_flag: bool = False) -> Outcome:
    return Outcome(
        sets=1, reps=8, pain_before=before, pain_after=after, effort=6, red_flag=red_flag
    )


def on_days(outcomes, first: int = 0) -> list[Logged]:
    """One session a day, on consecutive days."""
    return [Logged(day(first + n), outcome) for n, outcome in enumerate(outcomes)]


def twice_a_day(days: int, outcome: Outcome | None = None, first: int = 0) -> list[Logged]:
    """Two sessions on each of `days` consecutive days."""
    outcome = outcome or comfortable(reps=8)
    return [Logged(day(first + n), outcome) for n in range(days) for _ in range(2)]


DEFAULT = Policy()


def session(ladder, state, outcome, policy=DEFAULT, on: int = 0) -> Decision:
    """The decision one session takes, on day `on`."""
    return apply(ladder, policy, state, Logged(day(on), outcome))


def where(state: State) -> tuple[int, int]:
    return state.position, state.streak


def thresholds(**changes) -> SimpleNamespace:
    """Thresholds as staff might type them, before `Policy` refuses the ones that cannot work."""
    return SimpleNamespace(**{**asdict(Policy()), **changes})


# --- Steps and policies -------------------------------------------------------------------


@pytest.mark.parametrize("field", ["sets", "reps", "sessions_per_day"])
def test_a_step_that_asks_for_nothing_is_refused(field):
    values = {"sets": 1, "reps": 6, "sessions_per_day": 1, field: 0}
    with pytest.raises(ValueError, match=field):
        Rung(**values)


def test_a_negative_hold_is_refused():
    with pytest.raises(ValueError, match="hold"):
        Rung(sets=1, reps=5, sessions_per_day=2, hold_seconds=-5)


def test_a_hold_of_zero_seconds_reads_as_no_hold():
    assert describe_rung(Rung(sets=1, reps=5, sessions_per_day=2, hold_seconds=0)) == (
        "5 repetitions, twice a day"
    )


def test_a_blank_band_is_refused():
    with pytest.raises(ValueError, match="band"):
        Rung(sets=1, reps=6, sessions_per_day=1, band=" ")


def test_the_default_policy_has_no_problems():
    assert policy_problems(Policy()) == []


def test_the_default_policy_holds_pain_before_above_four_and_effort_above_eight():
    assert (Policy().target_max_pain_before, Policy().target_max_effort) == (4, 8)


@pytest.mark.parametrize(
    ("changes", "message"),
    [
        ({"advance_after": 0}, "advance_after must be between 1 and 20, not 0."),
        (
            {"target_max_pain_before": 11},
            "target_max_pain_before must be between 0 and 10, not 11.",
        ),
        ({"target_max_pain_rise": -1}, "target_max_pain_rise must be between 0 and 10, not -1."),
        ({"pause_pain_after": 11}, "pause_pain_after must be between 0 and 10, not 11."),
        ({"target_max_effort": 11}, "target_max_effort must be between 0 and 10, not 11."),
        ({"target_max_effort": -1}, "target_max_effort must be between 0 and 10, not -1."),
        (
            {"target_max_pain_after": 5, "step_back_pain_after": 5},
            "target_max_pain_after must be below step_back_pain_after.",
        ),
        (
            {"target_max_pain_rise": 2, "step_back_pain_rise": 2},
            "target_max_pain_rise must be below step_back_pain_rise.",
        ),
        (
            {"step_back_pain_after": 6, "pause_pain_after": 5},
            "step_back_pain_after must not be above pause_pain_after.",
        ),
    ],
)
def test_a_policy_that_cannot_work_is_explained_and_refused(changes, message):
    assert policy_problems(thresholds(**changes)) == [message]
    with pytest.raises(ValueError, match=re.escape(message)):
        Policy(**changes)


def test_every_problem_of_a_policy_is_reported_at_once():
    problems = policy_problems(thresholds(advance_after=0, target_max_effort=12))
    assert problems == [
        "advance_after must be between 1 and 20, not 0.",
        "target_max_effort must be between 0 and 10, not 12.",
    ]


# --- Counting towards moving up -------------------------------------------------------------


def test_a_full_comfortable_session_counts_towards_moving_up():
    assert counts_towards_moving_up(FIRST, comfortable())


def test_more_repetitions_than_prescribed_still_count():
    assert counts_towards_moving_up(FIRST, comfortable(reps=9))


def test_fewer_repetitions_than_prescribed_do_not_count():
    assert not counts_towards_moving_up(FIRST, comfortable(reps=5))


def test_fewer_sets_than_prescribed_do_not_count():
    two_sets = Rung(sets=2, reps=6, sessions_per_day=1)
    assert not counts_towards_moving_up(two_sets, comfortable(sets=1))


def test_pain_after_of_three_still_counts():
    assert counts_towards_moving_up(FIRST, Outcome(1, 6, pain_before=3, pain_after=3, effort=6))


def test_pain_after_of_four_does_not_count():
    assert not counts_towards_moving_up(FIRST, Outcome(1, 6, pain_before=4, pain_after=4, effort=6))


def test_pain_rising_by_one_still_counts():
    assert counts_towards_moving_up(FIRST, Outcome(1, 6, pain_before=1, pain_after=2, effort=6))


def test_pain_rising_by_two_does_not_count():
    assert not counts_towards_moving_up(FIRST, Outcome(1, 6, pain_before=1, pain_after=3, effort=6))


def test_pain_easing_during_the_session_counts():
    assert counts_towards_moving_up(FIRST, Outcome(1, 6, pain_before=3, pain_after=0, effort=6))


def test_pain_before_of_four_still_counts():
    assert counts_towards_moving_up(FIRST, Outcome(1, 6, pain_before=4, pain_after=3, effort=6))


@pytest.mark.parametrize("before", range(5, 11))
def test_pain_before_of_five_or_more_never_counts(before):
    # Pain after 3 is comfortable on its own, and the pain eased: only the start rules it out.
    assert not counts_towards_moving_up(
        FIRST, Outcome(1, 6, pain_before=before, pain_after=3, effort=6)
    )


def test_effort_of_eight_still_counts():
    assert counts_towards_moving_up(FIRST, comfortable(effort=8))


@pytest.mark.parametrize("effort", [9, 10])
def test_effort_of_nine_or_more_never_counts(effort):
    assert not counts_towards_moving_up(FIRST, comfortable(effort=effort))


def test_a_gentle_session_never_counts():
    gentle = Outcome(1, 6, pain_before=0, pain_after=0, effort=5, gentle=True)
    assert not counts_towards_moving_up(FIRST, gentle)


def test_a_red_flag_never_counts_even_without_pain():
    assert not counts_towards_moving_up(FIRST, Outcome(1, 6, 0, 0, effort=5, red_flag=True))


def test_counting_uses_the_exercises_own_pain_after_limit():
    lenient = Policy(target_max_pain_after=4, step_back_pain_after=6)
    assert counts_towards_moving_up(
        FIRST, Outcome(1, 6, pain_before=4, pain_after=4, effort=6), lenient
    )


def test_counting_uses_the_exercises_own_pain_before_limit():
    lenient = Policy(target_max_pain_before=5)
    assert counts_towards_moving_up(
        FIRST, Outcome(1, 6, pain_before=5, pain_after=3, effort=6), lenient
    )


def test_counting_uses_the_exercises_own_effort_limit():
    assert not counts_towards_moving_up(FIRST, comfortable(effort=7), Policy(target_max_effort=6))


# --- Moving up ----------------------------------------------------------------------------


def test_one_comfortable_day_builds_the_streak():
    decision = session(BACK_EXTENSION, State(), comfortable())
    assert decision == Decision(
        State(),
        State(position=0, streak=1, day=day(0), day_sessions=1, day_met=True),
        Change.HOLD,
        Reason.BUILDING,
    )


def test_two_comfortable_days_are_not_yet_enough_to_move_up():
    state, decisions = fold(BACK_EXTENSION, Policy(), on_days([comfortable()] * 2))
    assert (where(state), decisions[-1].change) == ((0, 2), Change.HOLD)


def test_three_comfortable_days_in_a_row_move_up_one_rung():
    state, decisions = fold(BACK_EXTENSION, Policy(), on_days([comfortable()] * 3))
    assert state.position == 1
    assert decisions[-1].change is Change.ADVANCE
    assert decisions[-1].reason is Reason.TARGET_MET_STREAK


def test_moving_up_starts_a_new_streak_on_the_new_rung():
    decision = session(BACK_EXTENSION, State(0, 2), comfortable())
    assert where(decision.after) == (1, 0)


def test_the_new_rung_needs_its_own_three_comfortable_days():
    # Six repetitions were enough on the first rung, not on the second (seven).
    state, _ = fold(BACK_EXTENSION, Policy(), on_days([comfortable(reps=6)] * 6))
    assert where(state) == (1, 0)


def test_a_policy_asking_for_two_days_moves_up_after_two():
    state, _ = fold(BACK_EXTENSION, Policy(advance_after=2), on_days([comfortable()] * 2))
    assert state.position == 1


def test_a_policy_asking_for_one_day_moves_up_every_comfortable_day():
    state, _ = fold(BACK_EXTENSION, Policy(advance_after=1), on_days([comfortable(reps=8)] * 3))
    assert state.position == 3


def test_a_streak_already_past_the_threshold_moves_up_on_the_next_comfortable_day():
    decision = session(BACK_EXTENSION, State(0, 7), comfortable())
    assert decision.change is Change.ADVANCE


def test_the_top_of_the_ladder_stays():
    top = State(len(SEATED_ROW) - 1, 0)
    state, decisions = fold(SEATED_ROW, Policy(), twice_a_day(1), start=top)
    assert state.position == top.position
    assert (decisions[-1].change, decisions[-1].reason) == (Change.HOLD, Reason.TOP_OF_LADDER)


def test_the_streak_at_the_top_stops_growing_at_advance_after():
    state, _ = fold(BACK_EXTENSION, Policy(), twice_a_day(10), start=State(TOP, 0))
    assert where(state) == (TOP, 3)


def test_a_one_step_ladder_is_always_at_the_top():
    decision = session(ONE_RUNG, State(), comfortable(reps=5))
    assert decision.reason is Reason.TOP_OF_LADDER


def test_a_rung_added_above_the_top_is_reached_on_the_next_comfortable_day():
    at_top, _ = fold(ONE_RUNG, Policy(), on_days([comfortable(reps=5)] * 3))
    grown = (*ONE_RUNG, Rung(sets=1, reps=6, sessions_per_day=1))
    decision = session(grown, at_top, comfortable(reps=6), on=3)
    assert (decision.change, decision.after.position) == (Change.ADVANCE, 1)


# --- Days, not taps -----------------------------------------------------------------------


def test_more_sessions_on_the_same_day_never_add_to_the_streak():
    state, decisions = fold(BACK_EXTENSION, Policy(), [Logged(day(0), comfortable())] * 3)
    assert where(state) == (0, 1)
    assert [d.reason for d in decisions] == [Reason.BUILDING, Reason.SAME_DAY, Reason.SAME_DAY]


def test_three_comfortable_sessions_on_one_day_do_not_move_up():
    state, decisions = fold(BACK_EXTENSION, Policy(), [Logged(day(0), comfortable())] * 3)
    assert state.position == 0
    assert Change.ADVANCE not in {d.change for d in decisions}


def test_a_second_session_on_the_day_of_moving_up_adds_nothing_to_the_new_rung():
    history = [*on_days([comfortable(reps=7)] * 3), Logged(day(2), comfortable(reps=7))]
    state, decisions = fold(BACK_EXTENSION, Policy(), history)
    assert where(state) == (1, 0)
    assert decisions[-1].reason is Reason.SAME_DAY


def test_a_day_with_the_exercise_in_between_rest_days_still_counts_in_the_run():
    # "In a row" means the days the exercise was done: rest days in between break nothing.
    history = [Logged(day(n), comfortable()) for n in (0, 2, 5)]
    state, decisions = fold(BACK_EXTENSION, Policy(), history)
    assert decisions[-1].change is Change.ADVANCE
    assert state.position == 1


def test_a_short_day_breaks_the_run_of_comfortable_days():
    outcomes = [comfortable(), comfortable(), comfortable(reps=4), comfortable(), comfortable()]
    state, _ = fold(BACK_EXTENSION, Policy(), on_days(outcomes))
    assert where(state) == (0, 2)


def test_a_short_session_holds_and_the_next_day_starts_the_run_again():
    state, decisions = fold(
        BACK_EXTENSION, Policy(), on_days([comfortable(), comfortable(), comfortable(reps=5)])
    )
    assert (decisions[-1].change, decisions[-1].reason) == (Change.HOLD, Reason.TARGET_MISSED)
    assert session(BACK_EXTENSION, state, comfortable(), on=3).after.streak == 1


def test_a_short_try_and_then_a_full_session_on_the_same_day_still_count_the_day():
    history = [Logged(day(0), comfortable(reps=4)), Logged(day(0), comfortable())]
    state, decisions = fold(BACK_EXTENSION, Policy(), history)
    assert [d.reason for d in decisions] == [Reason.TARGET_MISSED, Reason.BUILDING]
    assert where(state) == (0, 1)


def test_the_first_session_of_a_twice_a_day_rung_leaves_the_day_under_way():
    decision = session(BACK_EXTENSION, State(TWICE, 1), comfortable())
    assert (decision.change, decision.reason) == (Change.HOLD, Reason.DAY_UNDER_WAY)
    assert (decision.after.streak, decision.after.day_sessions) == (1, 1)
    assert not decision.after.day_met


def test_a_twice_a_day_rung_counts_the_day_with_its_second_full_comfortable_session():
    state, decisions = fold(BACK_EXTENSION, Policy(), twice_a_day(1), start=State(TWICE, 0))
    assert [d.reason for d in decisions] == [Reason.DAY_UNDER_WAY, Reason.BUILDING]
    assert where(state) == (TWICE, 1)


def test_a_twice_a_day_rung_moves_up_after_three_days_of_two_sessions():
    state, decisions = fold(BACK_EXTENSION, Policy(), twice_a_day(3), start=State(TWICE, 0))
    assert state.position == TWICE + 1
    assert [d.change for d in decisions].count(Change.ADVANCE) == 1
    assert decisions[-1].change is Change.ADVANCE


def test_a_day_with_only_one_session_on_a_twice_a_day_rung_breaks_the_run():
    history = [*twice_a_day(2), Logged(day(2), comfortable(reps=8))]
    at_end_of_day, _ = fold(BACK_EXTENSION, Policy(), history, start=State(TWICE, 0))
    assert where(at_end_of_day) == (TWICE, 2)
    next_day = session(BACK_EXTENSION, at_end_of_day, comfortable(reps=8), on=3)
    assert next_day.after.streak == 0
    assert next_day.reason is Reason.DAY_UNDER_WAY


def test_a_twice_a_day_rung_starts_again_at_one_after_a_single_session_day():
    history = [*twice_a_day(2), Logged(day(2), comfortable(reps=8)), *twice_a_day(1, first=3)]
    state, _ = fold(BACK_EXTENSION, Policy(), history, start=State(TWICE, 0))
    assert where(state) == (TWICE, 1)


def test_a_short_second_session_does_not_complete_a_twice_a_day_rung():
    history = [Logged(day(0), comfortable()), Logged(day(0), comfortable(reps=5))]
    state, decisions = fold(BACK_EXTENSION, Policy(), history, start=State(TWICE, 2))
    assert Change.ADVANCE not in {d.change for d in decisions}
    assert session(BACK_EXTENSION, state, comfortable(), on=1).after.streak == 0


def test_sessions_still_due_counts_down_the_rungs_times_a_day():
    rung = BACK_EXTENSION[TWICE]
    assert [sessions_still_due(rung, done) for done in range(4)] == [2, 1, 0, 0]


# --- Holding ------------------------------------------------------------------------------


def test_pain_after_of_four_holds_without_stepping_back_and_resets_the_streak():
    decision = session(BACK_EXTENSION, State(2, 1), Outcome(1, 8, 3, 4, effort=6))
    assert where(decision.after) == (2, 0)
    assert (decision.change, decision.reason) == (Change.HOLD, Reason.TARGET_MISSED)


@pytest.mark.parametrize("before", [5, 6])
def test_pain_before_of_five_or_more_holds_and_resets_the_streak(before):
    decision = session(BACK_EXTENSION, State(0, 2), Outcome(1, 6, before, 3, effort=6))
    assert where(decision.after) == (0, 0)
    assert (decision.change, decision.reason) == (Change.HOLD, Reason.PAIN_BEFORE_HIGH)


@pytest.mark.parametrize("effort", [9, 10])
def test_effort_of_nine_or_more_holds_and_resets_the_streak(effort):
    decision = session(BACK_EXTENSION, State(0, 2), comfortable(effort=effort))
    assert where(decision.after) == (0, 0)
    assert (decision.change, decision.reason) == (Change.HOLD, Reason.EFFORT_HIGH)


def test_a_gentle_day_never_counts_and_starts_the_run_again():
    gentle = Outcome(1, 8, pain_before=0, pain_after=0, effort=5, gentle=True)
    history = on_days([comfortable(), comfortable(), gentle, comfortable()])
    state, decisions = fold(BACK_EXTENSION, Policy(), history)
    assert (decisions[2].change, decisions[2].reason) == (Change.HOLD, Reason.GENTLE_DAY)
    assert where(state) == (0, 1)


def test_discomfort_later_on_a_day_already_counted_takes_the_day_back():
    history = [Logged(day(0), comfortable()), Logged(day(0), comfortable(effort=9))]
    state, decisions = fold(BACK_EXTENSION, Policy(), history, start=State(0, 1))
    assert decisions[-1].reason is Reason.EFFORT_HIGH
    assert state.streak == 0
    assert session(BACK_EXTENSION, state, comfortable(), on=1).after.streak == 1


def test_a_comfortable_session_after_an_uncomfortable_one_the_same_day_does_not_count():
    history = [Logged(day(0), Outcome(1, 6, 5, 3, effort=6)), Logged(day(0), comfortable())]
    state, decisions = fold(BACK_EXTENSION, Policy(), history, start=State(0, 2))
    assert decisions[-1].reason is Reason.DAY_SPOILED
    assert where(state) == (0, 0)


# --- Stepping back ------------------------------------------------------------------------


def test_pain_after_of_five_steps_back_one_rung():
    decision = session(BACK_EXTENSION, State(3, 0), pain(after=5, before=4))
    assert where(decision.after) == (2, 0)
    assert (decision.change, decision.reason) == (Change.STEP_BACK, Reason.PAIN_HIGH)


def test_a_pain_rise_of_two_steps_back_one_rung():
    decision = session(BACK_EXTENSION, State(3, 0), pain(after=3, before=1))
    assert where(decision.after) == (2, 0)
    assert (decision.change, decision.reason) == (Change.STEP_BACK, Reason.PAIN_ROSE)


def test_high_pain_is_the_reason_when_pain_both_rose_and_ended_high():
    decision = session(BACK_EXTENSION, State(3, 0), pain(after=7, before=1))
    assert decision.reason is Reason.PAIN_HIGH


def test_a_red_flag_steps_back_as_high_pain():
    decision = session(BACK_EXTENSION, State(3, 0), pain(after=0, red_flag=True))
    assert where(decision.after) == (2, 0)
    assert decision.reason is Reason.PAIN_HIGH


def test_a_step_back_resets_the_streak():
    decision = session(BACK_EXTENSION, State(3, 2), pain(after=6))
    assert decision.after.streak == 0


def test_a_step_back_is_only_ever_one_rung():
    decision = session(SEATED_ROW, State(17, 2), pain(after=10))
    assert decision.after.position == 16


def test_a_step_back_never_goes_below_the_start():
    decision = session(BACK_EXTENSION, State(0, 2), pain(after=6))
    assert where(decision.after) == (0, 0)
    assert (decision.change, decision.reason) == (Change.HOLD, Reason.AT_START)


def test_a_painful_session_at_the_top_still_steps_back():
    decision = session(SEATED_ROW, State(17, 3), pain(after=5))
    assert decision.change is Change.STEP_BACK


def test_a_step_back_follows_the_exercises_own_policy():
    sturdier = Policy(step_back_pain_after=6, pause_pain_after=8)
    decision = session(BACK_EXTENSION, State(3, 0), pain(after=5, before=5), sturdier)
    assert (decision.change, decision.after.position) == (Change.HOLD, 3)


@pytest.mark.parametrize(
    ("outcome", "reason"),
    [(pain(after=6), Reason.PAIN_HIGH), (pain(after=1, red_flag=True), Reason.PAIN_HIGH)],
)
def test_pain_steps_back_at_once_even_on_a_day_already_counted(outcome, reason):
    history = [Logged(day(0), comfortable(reps=8)), Logged(day(0), outcome)]
    state, decisions = fold(BACK_EXTENSION, Policy(), history, start=State(2, 1))
    assert decisions[0].reason is Reason.BUILDING
    assert (decisions[1].change, decisions[1].reason) == (Change.STEP_BACK, reason)
    assert where(state) == (1, 0)


def test_pain_steps_back_at_once_in_the_middle_of_a_twice_a_day_rung():
    history = [Logged(day(0), comfortable()), Logged(day(0), pain(after=3, before=1))]
    state, decisions = fold(BACK_EXTENSION, Policy(), history, start=State(TWICE, 2))
    assert (decisions[1].change, decisions[1].reason) == (Change.STEP_BACK, Reason.PAIN_ROSE)
    assert where(state) == (TWICE - 1, 0)


def test_pain_on_the_day_of_moving_up_steps_back_from_the_new_rung():
    history = [*on_days([comfortable()] * 3), Logged(day(2), pain(after=6))]
    state, decisions = fold(BACK_EXTENSION, Policy(), history)
    assert [d.change for d in decisions[-2:]] == [Change.ADVANCE, Change.STEP_BACK]
    assert where(state) == (0, 0)


def test_each_painful_session_steps_back_again_even_on_the_same_day():
    state, _ = fold(BACK_EXTENSION, Policy(), [Logged(day(0), pain(after=6))] * 2, State(3, 0))
    assert state.position == 1


def test_pain_on_a_gentle_day_still_steps_back():
    gentle_but_painful = Outcome(1, 6, pain_before=1, pain_after=6, effort=5, gentle=True)
    decision = session(BACK_EXTENSION, State(2, 0), gentle_but_painful)
    assert (decision.change, decision.reason) == (Change.STEP_BACK, Reason.PAIN_HIGH)


# --- The ratchet: ceilings -------------------------------------------------------------------


def test_a_ceiling_below_the_current_rung_brings_the_exercise_down_to_it():
    decision = apply(BACK_EXTENSION, Policy(), State(4, 2), Ceiling(day(0), 2))
    assert where(decision.after) == (2, 0)
    assert (decision.change, decision.reason) == (Change.STEP_BACK, Reason.CEILING)


def test_a_ceiling_at_the_current_rung_holds_and_resets_the_streak():
    decision = apply(BACK_EXTENSION, Policy(), State(2, 2), Ceiling(day(0), 2))
    assert where(decision.after) == (2, 0)
    assert (decision.change, decision.reason) == (Change.HOLD, Reason.CEILING)


def test_a_ceiling_above_the_current_rung_changes_nothing():
    decision = apply(BACK_EXTENSION, Policy(), State(1, 2), Ceiling(day(0), 3))
    assert where(decision.after) == (1, 2)
    assert (decision.change, decision.reason) == (Change.HOLD, Reason.CEILING)


def test_a_ceiling_above_the_current_rung_does_not_break_the_run_of_comfortable_days():
    history = [*on_days([comfortable()] * 2), Ceiling(day(2), 3), Logged(day(3), comfortable())]
    state, decisions = fold(BACK_EXTENSION, Policy(), history)
    assert decisions[-1].change is Change.ADVANCE
    assert state.position == 1


def test_the_day_of_a_ceiling_cannot_count_towards_moving_up():
    history = [Ceiling(day(0), 2), Logged(day(0), comfortable(reps=8))]
    state, decisions = fold(BACK_EXTENSION, Policy(), history, start=State(2, 2))
    assert decisions[-1].reason is Reason.DAY_SPOILED
    assert where(state) == (2, 0)


def test_rising_above_a_ceiling_takes_three_comfortable_days_after_it():
    history = [Ceiling(day(0), 2), *on_days([comfortable(reps=8)] * 3, first=1)]
    _, decisions = fold(BACK_EXTENSION, Policy(), history, start=State(4, 2))
    assert [d.after.position for d in decisions] == [2, 2, 2, 3]


def test_rising_above_a_ceiling_follows_the_exercises_own_advance_after():
    history = [Ceiling(day(0), 1), *on_days([comfortable(reps=8)] * 5, first=1)]
    _, decisions = fold(BACK_EXTENSION, Policy(advance_after=5), history, start=State(1, 4))
    assert [d.after.position for d in decisions] == [1, 1, 1, 1, 1, 2]


def test_sessions_backdated_before_a_step_back_cannot_lift_the_exercise_above_its_ceiling():
    step_back = [Logged(day(0), pain(after=6)), Ceiling(day(0), 2)]
    as_logged, _ = fold(BACK_EXTENSION, Policy(), step_back, start=State(3, 0))
    backdated = [*twice_a_day(3, first=-3), *step_back]
    with_backdated, _ = fold(BACK_EXTENSION, Policy(), backdated, start=State(3, 0))
    assert where(as_logged) == where(with_backdated) == (2, 0)


# --- Refusing what cannot be ----------------------------------------------------------------


def test_an_empty_ladder_is_refused():
    with pytest.raises(ValueError, match="empty"):
        session((), State(), comfortable())


@pytest.mark.parametrize("position", [-1, 6, 60])
def test_a_position_outside_the_ladder_is_refused(position):
    with pytest.raises(ValueError, match="outside the ladder"):
        session(BACK_EXTENSION, State(position, 0), comfortable())


def test_a_negative_streak_is_refused():
    with pytest.raises(ValueError, match="streak"):
        session(BACK_EXTENSION, State(0, -1), comfortable())


@pytest.mark.parametrize(("before", "after"), [(-1, 0), (0, -1), (11, 0), (0, 11)])
def test_pain_outside_zero_to_ten_is_refused(before, after):
    with pytest.raises(ValueError, match="from 0 to 10"):
        session(BACK_EXTENSION, State(), Outcome(1, 6, before, after, effort=5))


@pytest.mark.parametrize("effort", [-1, 11])
def test_effort_outside_zero_to_ten_is_refused(effort):
    with pytest.raises(ValueError, match="Effort is scored from 0 to 10"):
        session(BACK_EXTENSION, State(), comfortable(effort=effort))


def test_negative_repetitions_done_are_refused():
    with pytest.raises(ValueError, match="negative"):
        session(BACK_EXTENSION, State(), Outcome(1, -6, 0, 0, effort=5))


def test_counting_refuses_an_outcome_off_the_scales():
    with pytest.raises(ValueError, match="Effort"):
        counts_towards_moving_up(FIRST, comfortable(effort=12))


# --- Folding a history --------------------------------------------------------------------


def test_folding_no_history_keeps_the_start_state():
    assert fold(BACK_EXTENSION, Policy(), [], start=State(2, 1)) == (State(2, 1), [])


def test_the_fold_returns_one_decision_per_happening_in_order():
    history = on_days([comfortable(), pain(after=6), comfortable()])
    _, decisions = fold(BACK_EXTENSION, Policy(), history)
    assert [d.reason for d in decisions] == [Reason.BUILDING, Reason.AT_START, Reason.BUILDING]


def test_the_fold_accepts_a_one_pass_iterator():
    state, _ = fold(BACK_EXTENSION, Policy(), iter(on_days([comfortable()] * 3)))
    assert state.position == 1


def test_fifteen_comfortable_days_take_the_back_extension_to_its_top():
    # Three days on each of five rungs; the twice-a-day ones get their two sessions a day.
    state, _ = fold(BACK_EXTENSION, Policy(), twice_a_day(15))
    assert state.position == TOP


def test_fourteen_comfortable_days_leave_the_back_extension_one_rung_short_of_its_top():
    state, _ = fold(BACK_EXTENSION, Policy(), twice_a_day(14))
    assert where(state) == (TOP - 1, 2)


def test_each_decision_starts_where_the_previous_one_ended():
    history = [*twice_a_day(5), Logged(day(5), pain(after=5)), *twice_a_day(4, first=6)]
    _, decisions = fold(SEATED_ROW, Policy(), history)
    assert all(a.after == b.before for a, b in pairwise(decisions))


def test_the_fold_is_apply_one_happening_at_a_time():
    history = [*twice_a_day(4), Ceiling(day(4), 1), *twice_a_day(2, first=5)]
    state, decisions = State(), []
    for happening in history:
        decisions.append(apply(BACK_EXTENSION, Policy(), state, happening))
        state = decisions[-1].after
    assert fold(BACK_EXTENSION, Policy(), history) == (state, decisions)


def test_a_decision_names_the_history_entry_it_writes():
    advance = session(BACK_EXTENSION, State(0, 2), comfortable())
    step_back = session(BACK_EXTENSION, State(2, 0), pain(after=6))
    hold = session(BACK_EXTENSION, State(), comfortable())
    assert [event_kind(d) for d in (advance, step_back, hold)] == ["advance", "step_back", None]


# --- Pausing the program --------------------------------------------------------------------


def test_pain_after_of_seven_pauses_the_program():
    assert pauses_program(7, red_flag=False)


def test_pain_after_of_six_does_not_pause_the_program():
    assert not pauses_program(6, red_flag=False)


def test_a_red_flag_pauses_the_program_whatever_the_pain():
    assert pauses_program(0, red_flag=True)


def test_the_pause_follows_the_exercises_own_policy():
    assert pauses_program(6, red_flag=False, policy=Policy(pause_pain_after=6))


def test_pain_outside_the_scale_cannot_decide_a_pause():
    with pytest.raises(ValueError, match="from 0 to 10"):
        pauses_program(12, red_flag=False)


# --- The guided session's check-in ----------------------------------------------------------


@pytest.mark.parametrize("pain_now", range(5))
def test_pain_now_up_to_four_goes_ahead(pain_now):
    assert check_in(pain_now, warning_sign=False) is CheckIn.GO


@pytest.mark.parametrize("pain_now", [5, 6])
def test_pain_now_of_five_or_six_allows_a_gentle_day_at_most(pain_now):
    assert check_in(pain_now, warning_sign=False) is CheckIn.GENTLE


@pytest.mark.parametrize("pain_now", range(7, 11))
def test_pain_now_of_seven_or_more_stops_for_today(pain_now):
    assert check_in(pain_now, warning_sign=False) is CheckIn.STOP


@pytest.mark.parametrize("pain_now", [0, 5])
def test_a_warning_sign_stops_for_today_whatever_the_pain(pain_now):
    assert check_in(pain_now, warning_sign=True) is CheckIn.STOP


@pytest.mark.parametrize("pain_now", [-1, 11])
def test_a_check_in_off_the_pain_scale_is_refused(pain_now):
    with pytest.raises(ValueError, match="from 0 to 10"):
        check_in(pain_now, warning_sign=False)


@pytest.mark.parametrize(("position", "gentle"), [(3, 2), (1, 0), (0, 0)])
def test_a_gentle_day_is_one_rung_lower_and_never_below_the_first(position, gentle):
    assert gentle_position(position) == gentle


# --- Building ladders -----------------------------------------------------------------------


def test_the_seated_row_ladder_has_eighteen_steps():
    assert len(SEATED_ROW) == 18


def test_the_seated_row_ladder_climbs_repetitions_then_sessions_then_band():
    assert [(s.reps, s.sessions_per_day, s.band) for s in SEATED_ROW[:7]] == [
        (6, 1, "extra-light"),
        (7, 1, "extra-light"),
        (8, 1, "extra-light"),
        (6, 2, "extra-light"),
        (7, 2, "extra-light"),
        (8, 2, "extra-light"),
        (6, 2, "light"),
    ]


def test_each_later_band_starts_again_at_six_repetitions_twice_a_day():
    firsts = [s for s in SEATED_ROW if s.reps == 6 and s.band != "extra-light"]
    assert [(s.band, s.sessions_per_day) for s in firsts] == [(b, 2) for b in BANDS[1:]]


def test_the_seated_row_ladder_ends_on_the_heaviest_band_twice_a_day():
    assert SEATED_ROW[-1] == Rung(sets=1, reps=8, sessions_per_day=2, band="extra-heavy")


def test_the_back_extension_ladder_is_six_steps_without_a_band():
    assert build_ladder(6, 8, (1, 2)) == (
        Rung(1, 6, 1),
        Rung(1, 7, 1),
        Rung(1, 8, 1),
        Rung(1, 6, 2),
        Rung(1, 7, 2),
        Rung(1, 8, 2),
    )


def test_sets_and_hold_are_carried_on_every_step():
    ladder = build_ladder(5, 6, (2,), sets=2, hold_seconds=5)
    assert {(s.sets, s.hold_seconds) for s in ladder} == {(2, 5)}


def test_a_single_repetition_count_gives_one_step_per_frequency():
    assert [(s.reps, s.sessions_per_day) for s in STANDING_BACK_BEND] == [(5, 2), (5, 3)]


def test_no_two_steps_of_a_ladder_are_the_same():
    assert len(set(SEATED_ROW)) == len(SEATED_ROW)


# --- Words for the dashboard ----------------------------------------------------------------


@pytest.mark.parametrize(
    ("rung", "words"),
    [
        (Rung(1, 6, 1), "6 repetitions, once a day"),
        (Rung(1, 8, 2, band="light"), "8 repetitions, twice a day, light band"),
        (Rung(1, 5, 3, hold_seconds=5), "5 repetitions, hold 5 seconds, 3 times a day"),
        (Rung(1, 6, 1, band="extra-light"), "6 repetitions, once a day, extra light band"),
        (Rung(2, 8, 1), "2 sets of 8 repetitions, once a day"),
        (Rung(1, 1, 1, hold_seconds=1), "1 repetition, hold 1 second, once a day"),
    ],
)
def test_a_step_reads_as_plain_english(rung, words):
    assert describe_rung(rung) == words


@pytest.mark.parametrize(
    ("n", "words"),
    [
        (1, "one comfortable day"),
        (3, "three comfortable days in a row"),
        (12, "12 comfortable days in a row"),
    ],
)
def test_the_run_of_comfortable_days_reads_as_days(n, words):
    assert days_in_a_row(n) == words


def test_moving_up_is_described_with_the_new_step():
    outcome = comfortable()
    decision = session(BACK_EXTENSION, State(0, 2), outcome)
    assert describe(decision, BACK_EXTENSION, "Seated Row", outcome) == (
        "Three comfortable days in a row: Seated Row moves up to 7 repetitions, once a day."
    )


def test_stepping_back_for_high_pain_says_the_pain_and_advises_rest():
    outcome = pain(after=6, before=6)
    decision = session(BACK_EXTENSION, State(1, 0), outcome)
    assert describe(decision, BACK_EXTENSION, "Back Extension", outcome) == (
        "Pain after the session was 6 out of 10, so Back Extension eases back to "
        "6 repetitions, once a day. Rest, and log how the next session feels."
    )


def test_stepping_back_for_rising_pain_says_how_it_rose():
    outcome = pain(after=3, before=1)
    decision = session(BACK_EXTENSION, State(1, 0), outcome)
    text = describe(decision, BACK_EXTENSION, "Back Extension", outcome)
    assert text.startswith("Pain went from 1 to 3 out of 10, so Back Extension eases back")


def test_a_red_flag_is_described_with_advice_to_check_with_a_doctor():
    outcome = pain(after=2, before=2, red_flag=True)
    decision = session(BACK_EXTENSION, State(1, 0), outcome)
    text = describe(decision, BACK_EXTENSION, "Back Extension", outcome)
    assert text.startswith("You noted a warning sign, so Back Extension eases back")
    assert "doctor or physiotherapist" in text


def test_pain_on_the_first_step_is_described_as_staying_there():
    outcome = pain(after=6)
    decision = session(BACK_EXTENSION, State(), outcome)
    text = describe(decision, BACK_EXTENSION, "Back Extension", outcome)
    assert "stays on its first step, 6 repetitions, once a day" in text


def test_building_a_streak_is_described_with_the_days_so_far():
    outcome = comfortable()
    decision = session(BACK_EXTENSION, State(0, 1), outcome)
    assert describe(decision, BACK_EXTENSION, "Back Extension", outcome) == (
        "Two comfortable days in a row: Back Extension stays at 6 repetitions, once a day for now."
    )


def test_the_first_session_of_a_twice_a_day_rung_says_one_more_makes_the_day_count():
    outcome = comfortable()
    decision = session(BACK_EXTENSION, State(TWICE, 0), outcome)
    assert describe(decision, BACK_EXTENSION, "Back Extension", outcome) == (
        "Back Extension is asked twice a day: 1 more session today makes the day count."
    )


def test_an_extra_session_on_a_counted_day_is_described_as_adding_nothing():
    outcome = comfortable()
    _, decisions = fold(BACK_EXTENSION, Policy(), [Logged(day(0), outcome)] * 2)
    assert describe(decisions[-1], BACK_EXTENSION, "Back Extension", outcome) == (
        "Today is already counted for Back Extension; extra sessions add nothing."
    )


def test_a_comfortable_session_after_a_step_back_the_same_day_is_not_said_to_be_counted():
    outcome = comfortable(reps=8)
    history = [Logged(day(0), pain(after=6)), Logged(day(0), outcome)]
    _, decisions = fold(BACK_EXTENSION, Policy(), history, start=State(2, 1))
    assert decisions[-1].reason is Reason.DAY_SPOILED
    text = describe(decisions[-1], BACK_EXTENSION, "Back Extension", outcome)
    assert "Back Extension" in text
    assert "already counted" not in text


def test_a_short_session_is_described_kindly_with_the_full_count():
    outcome = comfortable(reps=4)
    decision = session(BACK_EXTENSION, State(), outcome)
    text = describe(decision, BACK_EXTENSION, "Back Extension", outcome)
    assert "short of the full 6 repetitions" in text
    assert "aim for the full count next time" in text


def test_a_mildly_uncomfortable_session_is_described_with_its_pain_scores():
    outcome = Outcome(1, 6, pain_before=3, pain_after=4, effort=6)
    decision = session(BACK_EXTENSION, State(), outcome)
    text = describe(decision, BACK_EXTENSION, "Back Extension", outcome)
    assert "pain 3 before, 4 after, out of 10" in text


def test_a_high_pain_before_is_described_with_its_score():
    outcome = Outcome(1, 6, pain_before=6, pain_after=3, effort=6)
    decision = session(BACK_EXTENSION, State(), outcome)
    text = describe(decision, BACK_EXTENSION, "Back Extension", outcome)
    assert "You started with pain 6 out of 10" in text


def test_a_very_hard_session_is_described_with_its_effort():
    outcome = comfortable(effort=9)
    decision = session(BACK_EXTENSION, State(), outcome)
    text = describe(decision, BACK_EXTENSION, "Back Extension", outcome)
    assert "effort 9 out of 10" in text


def test_a_ceiling_that_brings_the_exercise_down_says_so_and_when_it_moves_up_again():
    decision = apply(BACK_EXTENSION, Policy(), State(3, 0), Ceiling(day(0), 1))
    assert describe(decision, BACK_EXTENSION, "Back Extension", None) == (
        "Back Extension goes back to 7 repetitions, once a day, where an earlier step back put "
        "it: after pain or a warning sign it moves up again only after three comfortable days "
        "in a row."
    )


def test_a_ceiling_at_the_current_rung_says_it_stays_until_the_days_are_earned():
    decision = apply(BACK_EXTENSION, Policy(), State(1, 2), Ceiling(day(0), 1))
    assert describe(decision, BACK_EXTENSION, "Back Extension", None) == (
        "Back Extension stays at 7 repetitions, once a day: after pain or a warning sign it "
        "moves up again only after three comfortable days in a row."
    )


def test_the_top_of_the_ladder_is_described_as_such():
    outcome = comfortable(reps=8)
    _, decisions = fold(BACK_EXTENSION, Policy(), [Logged(day(0), outcome)] * 2, State(TOP, 0))
    text = describe(decisions[-1], BACK_EXTENSION, "Back Extension", outcome)
    assert "top of its ladder, 8 repetitions, twice a day" in text


GENTLE = Outcome(1, 6, pain_before=0, pain_after=0, effort=5, gentle=True)

# One way to reach each reason: the start state, then the happenings on day 0 (the last is
# the one described).
REACHING = {
    Reason.TARGET_MET_STREAK: (State(0, 2), [comfortable()]),
    Reason.TOP_OF_LADDER: (State(TOP, 0), [comfortable(reps=8)] * 2),
    Reason.BUILDING: (State(0, 1), [comfortable()]),
    Reason.DAY_UNDER_WAY: (State(TWICE, 1), [comfortable()]),
    Reason.SAME_DAY: (State(0, 1), [comfortable()] * 2),
    Reason.DAY_SPOILED: (State(0, 1), [Outcome(1, 6, 5, 3, effort=6), comfortable()]),
    Reason.TARGET_MISSED: (State(0, 1), [comfortable(reps=4)]),
    Reason.PAIN_BEFORE_HIGH: (State(0, 1), [Outcome(1, 6, 6, 3, effort=6)]),
    Reason.EFFORT_HIGH: (State(0, 1), [comfortable(effort=10)]),
    Reason.GENTLE_DAY: (State(1, 1), [GENTLE]),
    Reason.PAIN_HIGH: (State(2, 1), [pain(after=6)]),
    Reason.PAIN_ROSE: (State(2, 1), [pain(after=3, before=1)]),
    Reason.AT_START: (State(0, 1), [pain(after=6)]),
    Reason.CEILING: (State(4, 1), [None]),
}


def test_every_reason_has_a_way_to_reach_it():
    assert set(REACHING) == set(Reason)


@pytest.mark.parametrize("reason", list(Reason))
def test_every_reason_has_words_and_counts_days_not_sessions(reason):
    start, outcomes = REACHING[reason]
    history = [
        Ceiling(day(0), 2) if outcome is None else Logged(day(0), outcome) for outcome in outcomes
    ]
    _, decisions = fold(BACK_EXTENSION, Policy(), history, start=start)
    assert decisions[-1].reason is reason
    text = describe(decisions[-1], BACK_EXTENSION, "Back Extension", outcomes[-1])
    assert "Back Extension" in text
    assert text.endswith(".")
    assert "sessions in a row" not in text
