"""The progression rules: when an exercise moves up, holds, steps back, or pauses the program."""

from itertools import pairwise

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from exercises.catalogue import ladder_rungs
from tracking.progression import (
    Change,
    Decision,
    Outcome,
    Policy,
    Reason,
    State,
    Step,
    decide,
    describe,
    describe_step,
    meets_target,
    pauses_program,
    replay,
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
    return tuple(Step(**rung) for rung in ladder_rungs(spec))


BANDS = ("extra-light", "light", "medium", "heavy", "extra-heavy")
SEATED_ROW = build_ladder(6, 8, (1, 2), BANDS)
BACK_EXTENSION = build_ladder(6, 8, (1, 2))
STANDING_BACK_BEND = build_ladder(5, 5, (2, 3), hold_seconds=5)
ONE_STEP = (Step(sets=1, reps=5, sessions_per_day=1),)

FIRST = BACK_EXTENSION[0]  # 6 repetitions, once a day


def comfortable(reps: int = 6, sets: int = 1) -> Outcome:
    return Outcome(sets=sets, reps=reps, pain_before=1, pain_after=1)


def pain(after: int, before: int = 0, red_flag: bool = False) -> Outcome:
    return Outcome(sets=1, reps=8, pain_before=before, pain_after=after, red_flag=red_flag)


# --- Steps and policies -------------------------------------------------------------------


@pytest.mark.parametrize("field", ["sets", "reps", "sessions_per_day"])
def test_a_step_that_asks_for_nothing_is_refused(field):
    values = {"sets": 1, "reps": 6, "sessions_per_day": 1, field: 0}
    with pytest.raises(ValueError, match=field):
        Step(**values)


def test_a_negative_hold_is_refused():
    with pytest.raises(ValueError, match="hold"):
        Step(sets=1, reps=5, sessions_per_day=2, hold_seconds=-5)


def test_a_hold_of_zero_seconds_reads_as_no_hold():
    assert describe_step(Step(sets=1, reps=5, sessions_per_day=2, hold_seconds=0)) == (
        "5 repetitions, twice a day"
    )


def test_a_blank_band_is_refused():
    with pytest.raises(ValueError, match="band"):
        Step(sets=1, reps=6, sessions_per_day=1, band=" ")


def test_a_policy_needs_at_least_one_session_to_advance():
    with pytest.raises(ValueError, match="advance_after"):
        Policy(advance_after=0)


def test_a_policy_threshold_outside_the_pain_scale_is_refused():
    with pytest.raises(ValueError, match="pause_pain_after"):
        Policy(pause_pain_after=11)


def test_a_policy_whose_comfort_limit_reaches_the_step_back_limit_is_refused():
    with pytest.raises(ValueError, match="target_max_pain_after"):
        Policy(target_max_pain_after=5, step_back_pain_after=5)


def test_a_policy_whose_allowed_rise_reaches_the_step_back_rise_is_refused():
    with pytest.raises(ValueError, match="target_max_pain_rise"):
        Policy(target_max_pain_rise=2, step_back_pain_rise=2)


def test_a_policy_that_would_pause_before_stepping_back_is_refused():
    with pytest.raises(ValueError, match="pause_pain_after"):
        Policy(step_back_pain_after=6, pause_pain_after=5)


# --- Meeting the target -------------------------------------------------------------------


def test_a_full_comfortable_session_meets_the_target():
    assert meets_target(FIRST, comfortable(), Policy())


def test_more_repetitions_than_prescribed_still_meet_the_target():
    assert meets_target(FIRST, comfortable(reps=9), Policy())


def test_fewer_repetitions_than_prescribed_miss_the_target():
    assert not meets_target(FIRST, comfortable(reps=5), Policy())


def test_fewer_sets_than_prescribed_miss_the_target():
    two_sets = Step(sets=2, reps=6, sessions_per_day=1)
    assert not meets_target(two_sets, comfortable(sets=1), Policy())


def test_pain_after_of_three_still_meets_the_target():
    assert meets_target(FIRST, Outcome(1, 6, pain_before=3, pain_after=3), Policy())


def test_pain_after_of_four_misses_the_target():
    assert not meets_target(FIRST, Outcome(1, 6, pain_before=4, pain_after=4), Policy())


def test_pain_rising_by_one_still_meets_the_target():
    assert meets_target(FIRST, Outcome(1, 6, pain_before=1, pain_after=2), Policy())


def test_pain_rising_by_two_misses_the_target():
    assert not meets_target(FIRST, Outcome(1, 6, pain_before=1, pain_after=3), Policy())


def test_pain_easing_during_the_session_meets_the_target():
    assert meets_target(FIRST, Outcome(1, 6, pain_before=3, pain_after=0), Policy())


def test_a_red_flag_misses_the_target_even_without_pain():
    assert not meets_target(FIRST, Outcome(1, 6, 0, 0, red_flag=True), Policy())


def test_the_target_uses_the_exercises_own_policy():
    lenient = Policy(target_max_pain_after=4, step_back_pain_after=6)
    assert meets_target(FIRST, Outcome(1, 6, pain_before=4, pain_after=4), lenient)


# --- Moving up ----------------------------------------------------------------------------


def test_one_comfortable_session_builds_the_streak():
    decision = decide(BACK_EXTENSION, State(), comfortable())
    assert decision == Decision(State(0, 0), State(0, 1), Change.HOLD, Reason.BUILDING)


def test_two_comfortable_sessions_are_not_yet_enough_to_move_up():
    decision = decide(BACK_EXTENSION, State(0, 1), comfortable())
    assert (decision.after, decision.change) == (State(0, 2), Change.HOLD)


def test_three_comfortable_sessions_in_a_row_move_up_one_rung():
    state, decisions = replay(BACK_EXTENSION, [comfortable()] * 3)
    assert state.position == 1
    assert decisions[-1].change is Change.ADVANCE
    assert decisions[-1].reason is Reason.TARGET_MET_STREAK


def test_moving_up_starts_a_new_streak_on_the_new_rung():
    decision = decide(BACK_EXTENSION, State(0, 2), comfortable())
    assert decision.after == State(1, 0)


def test_the_new_rung_needs_its_own_three_comfortable_sessions():
    # Six repetitions were enough on the first rung, not on the second (seven).
    state, _ = replay(BACK_EXTENSION, [comfortable(reps=6)] * 6)
    assert state == State(1, 0)


def test_a_policy_asking_for_two_sessions_moves_up_after_two():
    state, _ = replay(BACK_EXTENSION, [comfortable()] * 2, Policy(advance_after=2))
    assert state.position == 1


def test_a_policy_asking_for_one_session_moves_up_every_comfortable_session():
    state, _ = replay(BACK_EXTENSION, [comfortable(reps=8)] * 4, Policy(advance_after=1))
    assert state.position == 4


def test_a_streak_already_past_the_threshold_moves_up_on_the_next_comfortable_session():
    decision = decide(BACK_EXTENSION, State(0, 7), comfortable())
    assert decision.change is Change.ADVANCE


def test_the_top_of_the_ladder_stays():
    top = State(len(SEATED_ROW) - 1, 0)
    decision = decide(SEATED_ROW, top, comfortable(reps=8))
    assert decision.after.position == top.position
    assert (decision.change, decision.reason) == (Change.HOLD, Reason.TOP_OF_LADDER)


def test_the_streak_at_the_top_stops_growing_at_advance_after():
    top = State(len(BACK_EXTENSION) - 1, 0)
    state, _ = replay(BACK_EXTENSION, [comfortable(reps=8)] * 10, start=top)
    assert state == State(top.position, 3)


def test_a_one_step_ladder_is_always_at_the_top():
    decision = decide(ONE_STEP, State(), comfortable(reps=5))
    assert decision.reason is Reason.TOP_OF_LADDER


# --- Holding ------------------------------------------------------------------------------


def test_a_missed_target_resets_the_streak():
    decision = decide(BACK_EXTENSION, State(0, 2), comfortable(reps=5))
    assert decision == Decision(State(0, 2), State(0, 0), Change.HOLD, Reason.TARGET_MISSED)


def test_pain_after_of_four_holds_without_stepping_back():
    decision = decide(BACK_EXTENSION, State(2, 1), Outcome(1, 8, pain_before=3, pain_after=4))
    assert decision.after == State(2, 0)
    assert decision.reason is Reason.TARGET_MISSED


def test_a_missed_session_between_comfortable_ones_restarts_the_count():
    outcomes = [comfortable(), comfortable(), comfortable(reps=4), comfortable(), comfortable()]
    state, _ = replay(BACK_EXTENSION, outcomes)
    assert state == State(0, 2)


# --- Stepping back ------------------------------------------------------------------------


def test_pain_after_of_five_steps_back_one_rung():
    decision = decide(BACK_EXTENSION, State(3, 0), pain(after=5, before=4))
    assert decision.after == State(2, 0)
    assert (decision.change, decision.reason) == (Change.STEP_BACK, Reason.PAIN_HIGH)


def test_a_pain_rise_of_two_steps_back_one_rung():
    decision = decide(BACK_EXTENSION, State(3, 0), pain(after=3, before=1))
    assert decision.after == State(2, 0)
    assert (decision.change, decision.reason) == (Change.STEP_BACK, Reason.PAIN_ROSE)


def test_high_pain_is_the_reason_when_pain_both_rose_and_ended_high():
    decision = decide(BACK_EXTENSION, State(3, 0), pain(after=7, before=1))
    assert decision.reason is Reason.PAIN_HIGH


def test_a_red_flag_steps_back_as_high_pain():
    decision = decide(BACK_EXTENSION, State(3, 0), pain(after=0, red_flag=True))
    assert decision.after == State(2, 0)
    assert decision.reason is Reason.PAIN_HIGH


def test_a_step_back_resets_the_streak():
    decision = decide(BACK_EXTENSION, State(3, 2), pain(after=6))
    assert decision.after.streak == 0


def test_a_step_back_is_only_ever_one_rung():
    decision = decide(SEATED_ROW, State(17, 2), pain(after=10))
    assert decision.after.position == 16


def test_a_step_back_never_goes_below_the_start():
    decision = decide(BACK_EXTENSION, State(0, 2), pain(after=6))
    assert decision == Decision(State(0, 2), State(0, 0), Change.HOLD, Reason.AT_START)


def test_a_painful_session_at_the_top_still_steps_back():
    decision = decide(SEATED_ROW, State(17, 3), pain(after=5))
    assert decision.change is Change.STEP_BACK


def test_a_step_back_follows_the_exercises_own_policy():
    sturdier = Policy(step_back_pain_after=6, pause_pain_after=8)
    decision = decide(BACK_EXTENSION, State(3, 0), pain(after=5, before=5), sturdier)
    assert decision.change is Change.HOLD


# --- Refusing what cannot be ----------------------------------------------------------------


def test_an_empty_ladder_is_refused():
    with pytest.raises(ValueError, match="empty"):
        decide((), State(), comfortable())


@pytest.mark.parametrize("position", [-1, 6, 60])
def test_a_position_outside_the_ladder_is_refused(position):
    with pytest.raises(ValueError, match="outside the ladder"):
        decide(BACK_EXTENSION, State(position, 0), comfortable())


def test_a_negative_streak_is_refused():
    with pytest.raises(ValueError, match="streak"):
        decide(BACK_EXTENSION, State(0, -1), comfortable())


@pytest.mark.parametrize(("before", "after"), [(-1, 0), (0, -1), (11, 0), (0, 11)])
def test_pain_outside_zero_to_ten_is_refused(before, after):
    with pytest.raises(ValueError, match="0 to 10"):
        decide(BACK_EXTENSION, State(), Outcome(1, 6, pain_before=before, pain_after=after))


def test_negative_repetitions_done_are_refused():
    with pytest.raises(ValueError, match="negative"):
        decide(BACK_EXTENSION, State(), Outcome(1, -6, 0, 0))


# --- Replaying a history ------------------------------------------------------------------


def test_replaying_no_sessions_keeps_the_start_state():
    assert replay(BACK_EXTENSION, [], start=State(2, 1)) == (State(2, 1), [])


def test_replay_returns_one_decision_per_session_in_order():
    outcomes = [comfortable(), pain(after=6), comfortable()]
    _, decisions = replay(BACK_EXTENSION, outcomes)
    assert [d.reason for d in decisions] == [Reason.BUILDING, Reason.AT_START, Reason.BUILDING]


def test_replay_accepts_a_one_pass_iterator():
    state, _ = replay(BACK_EXTENSION, iter([comfortable()] * 3))
    assert state.position == 1


def test_eighteen_comfortable_full_sessions_take_the_back_extension_to_its_top():
    state, _ = replay(BACK_EXTENSION, [comfortable(reps=8)] * 18)
    assert state.position == len(BACK_EXTENSION) - 1


def test_each_decision_starts_where_the_previous_one_ended():
    outcomes = [comfortable(reps=8)] * 5 + [pain(after=5)] + [comfortable(reps=8)] * 4
    _, decisions = replay(SEATED_ROW, outcomes)
    assert all(a.after == b.before for a, b in pairwise(decisions))


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
    with pytest.raises(ValueError, match="0 to 10"):
        pauses_program(12, red_flag=False)


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
    assert SEATED_ROW[-1] == Step(sets=1, reps=8, sessions_per_day=2, band="extra-heavy")


def test_the_back_extension_ladder_is_six_steps_without_a_band():
    assert build_ladder(6, 8, (1, 2)) == (
        Step(1, 6, 1),
        Step(1, 7, 1),
        Step(1, 8, 1),
        Step(1, 6, 2),
        Step(1, 7, 2),
        Step(1, 8, 2),
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
    ("step", "words"),
    [
        (Step(1, 6, 1), "6 repetitions, once a day"),
        (Step(1, 8, 2, band="light"), "8 repetitions, twice a day, light band"),
        (Step(1, 5, 3, hold_seconds=5), "5 repetitions, hold 5 seconds, 3 times a day"),
        (Step(1, 6, 1, band="extra-light"), "6 repetitions, once a day, extra light band"),
        (Step(2, 8, 1), "2 sets of 8 repetitions, once a day"),
        (Step(1, 1, 1, hold_seconds=1), "1 repetition, hold 1 second, once a day"),
    ],
)
def test_a_step_reads_as_plain_english(step, words):
    assert describe_step(step) == words


def test_moving_up_is_described_with_the_new_step():
    outcome = comfortable()
    decision = decide(BACK_EXTENSION, State(0, 2), outcome)
    assert describe(decision, BACK_EXTENSION, "Seated Row", outcome) == (
        "Three comfortable sessions in a row: Seated Row moves up to 7 repetitions, once a day."
    )


def test_stepping_back_for_high_pain_says_the_pain_and_advises_rest():
    outcome = pain(after=6, before=6)
    decision = decide(BACK_EXTENSION, State(1, 0), outcome)
    assert describe(decision, BACK_EXTENSION, "Back Extension", outcome) == (
        "Pain after the session was 6 out of 10, so Back Extension eases back to "
        "6 repetitions, once a day. Rest, and log how the next session feels."
    )


def test_stepping_back_for_rising_pain_says_how_it_rose():
    outcome = pain(after=3, before=1)
    decision = decide(BACK_EXTENSION, State(1, 0), outcome)
    text = describe(decision, BACK_EXTENSION, "Back Extension", outcome)
    assert text.startswith("Pain went from 1 to 3 out of 10, so Back Extension eases back")


def test_a_red_flag_is_described_with_advice_to_check_with_a_doctor():
    outcome = pain(after=2, before=2, red_flag=True)
    decision = decide(BACK_EXTENSION, State(1, 0), outcome)
    text = describe(decision, BACK_EXTENSION, "Back Extension", outcome)
    assert text.startswith("You noted sudden or sharp pain")
    assert "doctor or physiotherapist" in text


def test_pain_on_the_first_step_is_described_as_staying_there():
    outcome = pain(after=6)
    decision = decide(BACK_EXTENSION, State(), outcome)
    text = describe(decision, BACK_EXTENSION, "Back Extension", outcome)
    assert "stays on its first step, 6 repetitions, once a day" in text


def test_building_a_streak_is_described_with_the_count_so_far():
    outcome = comfortable()
    decision = decide(BACK_EXTENSION, State(0, 1), outcome)
    assert describe(decision, BACK_EXTENSION, "Back Extension", outcome) == (
        "Two comfortable sessions in a row: Back Extension stays at 6 repetitions, "
        "once a day for now."
    )


def test_a_short_session_is_described_kindly_with_the_full_count():
    outcome = comfortable(reps=4)
    decision = decide(BACK_EXTENSION, State(), outcome)
    text = describe(decision, BACK_EXTENSION, "Back Extension", outcome)
    assert "short of the full 6 repetitions" in text
    assert "aim for the full count next time" in text


def test_a_mildly_uncomfortable_session_is_described_with_its_pain_scores():
    outcome = Outcome(1, 6, pain_before=3, pain_after=4)
    decision = decide(BACK_EXTENSION, State(), outcome)
    text = describe(decision, BACK_EXTENSION, "Back Extension", outcome)
    assert "pain 3 before, 4 after, out of 10" in text


def test_the_top_of_the_ladder_is_described_as_such():
    outcome = comfortable(reps=8)
    decision = decide(BACK_EXTENSION, State(5, 0), outcome)
    text = describe(decision, BACK_EXTENSION, "Back Extension", outcome)
    assert "top of its ladder, 8 repetitions, twice a day" in text


# --- Properties -----------------------------------------------------------------------------

pains = st.integers(0, 10)
any_outcome = st.builds(
    Outcome,
    sets=st.integers(0, 3),
    reps=st.integers(0, 10),
    pain_before=pains,
    pain_after=pains,
    red_flag=st.booleans(),
)


@st.composite
def comfortable_outcomes(draw) -> Outcome:
    before = draw(st.integers(0, 3))
    after = draw(st.integers(0, min(3, before + 1)))
    return Outcome(draw(st.integers(1, 3)), draw(st.integers(6, 10)), before, after)


@st.composite
def policies(draw) -> Policy:
    target_after = draw(st.integers(0, 8))
    step_back_after = draw(st.integers(target_after + 1, 10))
    target_rise = draw(st.integers(0, 5))
    return Policy(
        advance_after=draw(st.integers(1, 5)),
        target_max_pain_after=target_after,
        target_max_pain_rise=target_rise,
        step_back_pain_after=step_back_after,
        step_back_pain_rise=draw(st.integers(target_rise + 1, 10)),
        pause_pain_after=draw(st.integers(step_back_after, 10)),
    )


ladders = st.sampled_from([SEATED_ROW, BACK_EXTENSION, STANDING_BACK_BEND, ONE_STEP])
# Mostly comfortable sessions, so that histories really climb the ladder.
histories = st.lists(st.one_of(comfortable_outcomes(), comfortable_outcomes(), any_outcome))
few = settings(max_examples=60, deadline=None)


@few
@given(ladders, histories, policies())
def test_the_position_never_leaves_the_ladder(ladder, outcomes, policy):
    _, decisions = replay(ladder, outcomes, policy)
    assert all(0 <= d.after.position < len(ladder) for d in decisions)


@few
@given(ladders, histories, policies())
def test_a_decision_moves_at_most_one_rung(ladder, outcomes, policy):
    _, decisions = replay(ladder, outcomes, policy)
    assert all(abs(d.after.position - d.before.position) <= 1 for d in decisions)


@few
@given(ladders, st.lists(any_outcome, max_size=30))
def test_it_never_advances_on_a_painful_session(ladder, outcomes):
    _, decisions = replay(ladder, outcomes)
    for decision, outcome in zip(decisions, outcomes, strict=True):
        if outcome.pain_after >= 4 or outcome.pain_rise >= 2 or outcome.red_flag:
            assert decision.change is not Change.ADVANCE
            assert decision.after.position <= decision.before.position
            assert decision.after.streak == 0


@few
@given(ladders, histories, policies())
def test_replaying_the_same_sessions_twice_gives_the_same_result(ladder, outcomes, policy):
    assert replay(ladder, outcomes, policy) == replay(ladder, outcomes, policy)


@few
@given(ladders, histories, policies(), st.integers(0, 60))
def test_replaying_in_two_chunks_equals_replaying_at_once(ladder, outcomes, policy, cut):
    cut = min(cut, len(outcomes))
    middle, first_part = replay(ladder, outcomes[:cut], policy)
    end, second_part = replay(ladder, outcomes[cut:], policy, start=middle)
    assert (end, first_part + second_part) == replay(ladder, outcomes, policy)


@few
@given(ladders, histories, policies())
def test_advancing_takes_exactly_advance_after_comfortable_sessions_in_a_row(
    ladder, outcomes, policy
):
    _, decisions = replay(ladder, outcomes, policy)
    run = 0  # comfortable sessions in a row since arriving on this rung, counted independently
    for decision, outcome in zip(decisions, outcomes, strict=True):
        position = decision.before.position
        on_top = position == len(ladder) - 1
        run = run + 1 if meets_target(ladder[position], outcome, policy) else 0
        assert (decision.change is Change.ADVANCE) == (run == policy.advance_after and not on_top)
        if decision.after.position != position:
            run = 0
        elif on_top:
            run = min(run, policy.advance_after)


@few
@given(ladders, histories, policies())
def test_the_streak_stays_below_advance_after_except_at_the_top(ladder, outcomes, policy):
    _, decisions = replay(ladder, outcomes, policy)
    for d in decisions:
        limit = (
            policy.advance_after
            if d.after.position == len(ladder) - 1
            else policy.advance_after - 1
        )
        assert 0 <= d.after.streak <= limit


@few
@given(ladders, histories)
def test_every_decision_can_be_described(ladder, outcomes):
    _, decisions = replay(ladder, outcomes)
    for decision, outcome in zip(decisions, outcomes, strict=True):
        text = describe(decision, ladder, "Seated Row", outcome)
        assert "Seated Row" in text
        assert text.endswith(".")


@few
@given(pains, st.booleans())
def test_a_pause_always_comes_with_a_step_back_or_a_hold_at_the_start(pain_after, red_flag):
    outcome = Outcome(1, 8, pain_before=pain_after, pain_after=pain_after, red_flag=red_flag)
    if pauses_program(pain_after, red_flag):
        decision = decide(BACK_EXTENSION, State(3, 2), outcome)
        assert decision.change is Change.STEP_BACK
