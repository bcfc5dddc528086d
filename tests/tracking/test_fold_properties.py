"""Properties of the one fold that must hold for every ladder, every workable policy and every
history: the safety rules (nothing uncomfortable ever moves anyone up), days not taps, the
ratchet, and replay giving what one-at-a-time application gave."""

import datetime as dt
from collections import Counter
from itertools import pairwise

from hypothesis import given, settings
from hypothesis import strategies as st

from tracking.progression import (
    Ceiling,
    Change,
    Logged,
    Outcome,
    Policy,
    Reason,
    Rung,
    State,
    apply,
    counts_towards_moving_up,
    describe,
    discomfort_reason,
    fold,
    full_dose,
    pauses_program,
    policy_problems,
    step_back_reason,
)

MONDAY = dt.date(2025, 3, 3)
CEILING_DAY = 60  # the ratchet's ceiling: its prefix is dated before, its suffix on or after

# Decisions that add a day to the run of comfortable days (or move up on it).
COUNTED = {Reason.BUILDING, Reason.TARGET_MET_STREAK, Reason.TOP_OF_LADDER}

# Bounded so the whole file runs in well under 20 seconds: the safety properties get the most
# examples, the ones that follow from them fewer.
bounded = settings(max_examples=200, deadline=None)
some = settings(max_examples=100, deadline=None)
few = settings(max_examples=60, deadline=None)


def day(n: int) -> dt.date:
    return MONDAY + dt.timedelta(days=n)


# --- Strategies ---------------------------------------------------------------------------

rungs = st.builds(
    Rung,
    sets=st.integers(1, 3),
    reps=st.integers(1, 10),
    sessions_per_day=st.integers(1, 2),
)
ladders = st.lists(rungs, min_size=1, max_size=6).map(tuple)


@st.composite
def workable_policies(draw) -> Policy:
    """Any thresholds that can work: each rule leaves room for the one below it."""
    target_after = draw(st.integers(0, 9))
    step_back_after = draw(st.integers(target_after + 1, 10))
    target_rise = draw(st.integers(0, 9))
    return Policy(
        advance_after=draw(st.integers(1, 4)),
        target_max_pain_before=draw(st.integers(0, 10)),
        target_max_pain_after=target_after,
        target_max_pain_rise=target_rise,
        target_max_effort=draw(st.integers(0, 10)),
        step_back_pain_after=step_back_after,
        step_back_pain_rise=draw(st.integers(target_rise + 1, 10)),
        pause_pain_after=draw(st.integers(step_back_after, 10)),
    )


def workable(policy: Policy) -> Policy:
    assert policy_problems(policy) == []
    return policy


# The catalogue's own thresholds (with each run length) half the time, so histories climb.
policies = st.one_of(st.builds(Policy, advance_after=st.integers(1, 4)), workable_policies()).map(
    workable
)


pains = st.integers(0, 10)
any_outcome = st.builds(
    Outcome,
    sets=st.integers(0, 3),
    reps=st.integers(0, 10),
    pain_before=pains,
    pain_after=pains,
    effort=st.integers(0, 10),
    red_flag=st.booleans(),
    gentle=st.booleans(),
)


@st.composite
def easy_outcomes(draw) -> Outcome:
    """Full dose on every drawn ladder, little pain and effort: comfortable under most policies,
    so that histories really climb."""
    before = draw(st.integers(0, 2))
    return Outcome(
        sets=3,
        reps=10,
        pain_before=before,
        pain_after=draw(st.integers(0, before)),
        effort=draw(st.integers(0, 6)),
    )


# Mostly easy sessions, so that histories really climb the ladder.
outcomes = st.one_of(*[easy_outcomes()] * 7, any_outcome)


@st.composite
def histories(draw, ladder, first: int = 0, days: int = 16):
    """Days with the exercise from about day `first` on, at times a few days apart, each with
    one to three happenings in order: mostly logged outcomes, now and then a ceiling."""
    history = []
    offset = first + draw(st.sampled_from([0, 1, 2]))
    # Half the time at least half the days, so that histories get somewhere.
    for n in range(draw(st.one_of(st.integers(0, days), st.integers(days // 2, days)))):
        offset += draw(st.sampled_from([1, 1, 1, 2, 4])) if n else 0
        for _ in range(draw(st.sampled_from([1, 1, 2, 2, 3]))):
            if draw(st.integers(0, 15)) == 0:
                history.append(Ceiling(day(offset), draw(st.integers(0, len(ladder) - 1))))
            else:
                history.append(Logged(day(offset), draw(outcomes)))
    return history


@st.composite
def folded(draw):
    """A ladder, a policy, a history and the fold of it from the start."""
    ladder = draw(ladders)
    policy = draw(policies)
    history = draw(histories(ladder))
    state, decisions = fold(ladder, policy, history)
    return ladder, policy, history, state, decisions


def logged(history, decisions):
    """The sessions of a folded history with their decisions (ceilings left out)."""
    return [(h, d) for h, d in zip(history, decisions, strict=True) if isinstance(h, Logged)]


# --- Nothing uncomfortable ever moves anyone up --------------------------------------------


def uncomfortable(outcome: Outcome, policy: Policy) -> bool:
    """The product's list, written out on its own rather than read from the rules."""
    return (
        outcome.pain_before > policy.target_max_pain_before
        or outcome.pain_after > policy.target_max_pain_after
        or outcome.pain_after - outcome.pain_before > policy.target_max_pain_rise
        or outcome.effort > policy.target_max_effort
        or outcome.red_flag
        or outcome.gentle
    )


@bounded
@given(folded())
def test_no_uncomfortable_session_ever_moves_the_exercise_up(case):
    _, policy, history, _, decisions = case
    for happening, decision in logged(history, decisions):
        if uncomfortable(happening.outcome, policy):
            assert decision.change is not Change.ADVANCE
            assert decision.after.position <= decision.before.position
            assert decision.after.streak == 0
            assert decision.after.day_spoiled


@few
@given(folded())
def test_no_uncomfortable_session_counts_towards_moving_up(case):
    ladder, policy, history, _, decisions = case
    for happening, decision in logged(history, decisions):
        if uncomfortable(happening.outcome, policy):
            rung = ladder[decision.before.position]
            assert not counts_towards_moving_up(rung, happening.outcome, policy)


@some
@given(folded())
def test_pain_and_warning_signs_act_on_the_session_that_reports_them(case):
    _, policy, history, _, decisions = case
    for happening, decision in logged(history, decisions):
        if step_back_reason(happening.outcome, policy) is not None:
            expected = max(decision.before.position - 1, 0)
            assert decision.after.position == expected
            on_first = decision.before.position == 0
            assert decision.change is (Change.HOLD if on_first else Change.STEP_BACK)


@few
@given(pains, st.booleans())
def test_a_pause_always_comes_with_a_step_back_or_a_hold_at_the_start(pain_after, red_flag):
    outcome = Outcome(1, 8, pain_after, pain_after, effort=5, red_flag=red_flag)
    ladder = (Rung(1, 6, 1), Rung(1, 8, 1))
    if pauses_program(pain_after, red_flag):
        assert apply(ladder, Policy(), State(1, 2), Logged(MONDAY, outcome)).change is (
            Change.STEP_BACK
        )
        assert apply(ladder, Policy(), State(0, 2), Logged(MONDAY, outcome)).reason is (
            Reason.AT_START
        )


# --- Days, not taps -------------------------------------------------------------------------


@bounded
@given(folded())
def test_a_day_adds_at_most_one_to_the_run_of_comfortable_days(case):
    _, _, history, _, decisions = case
    counted = Counter(h.day for h, d in zip(history, decisions, strict=True) if d.reason in COUNTED)
    assert max(counted.values(), default=0) <= 1
    # And by the numbers: nothing on a day takes the streak more than one above where it began.
    began: dict[dt.date, int] = {}
    for happening, decision in zip(history, decisions, strict=True):
        began.setdefault(happening.day, decision.before.streak)
        assert decision.after.streak <= began[happening.day] + 1


@bounded
@given(folded())
def test_an_exercise_moves_up_at_most_once_a_day(case):
    _, _, history, _, decisions = case
    advances = Counter(
        h.day for h, d in zip(history, decisions, strict=True) if d.change is Change.ADVANCE
    )
    assert max(advances.values(), default=0) <= 1


@some
@given(folded())
def test_a_day_counts_only_with_as_many_full_comfortable_sessions_as_the_rung_asks(case):
    ladder, policy, history, _, decisions = case
    for index, (happening, decision) in enumerate(zip(history, decisions, strict=True)):
        if decision.reason not in COUNTED:
            continue
        rung = ladder[decision.before.position]
        full_that_day = sum(
            1
            for h in history[: index + 1]
            if isinstance(h, Logged)
            and h.day == happening.day
            and counts_towards_moving_up(rung, h.outcome, policy)
        )
        assert full_that_day >= rung.sessions_per_day


@bounded
@given(folded())
def test_a_twice_a_day_rung_never_moves_up_on_a_day_with_fewer_than_two_full_sessions(case):
    ladder, _, history, _, decisions = case
    for index, (happening, decision) in enumerate(zip(history, decisions, strict=True)):
        rung = ladder[decision.before.position]
        if decision.change is not Change.ADVANCE or rung.sessions_per_day != 2:
            continue
        full_that_day = [
            h
            for h in history[: index + 1]
            if isinstance(h, Logged) and h.day == happening.day and full_dose(rung, h.outcome)
        ]
        assert len(full_that_day) >= 2


def reference_positions(ladder, policy, history) -> list[int]:
    """The rules as the product states them, day by day and independently of `apply`: where
    the exercise stands after each happening."""
    position, run = 0, 0
    positions = []
    previous_day, counted, spoiled, full = None, False, False, 0
    for happening in history:
        if isinstance(happening, Ceiling) and position < happening.rung:
            # Already below it: nothing is held back, and it is no day of this exercise.
            positions.append(position)
            continue
        if happening.day != previous_day:
            # The day before fell short: the run starts again.
            if previous_day is not None and not (counted and not spoiled):
                run = 0
            previous_day, counted, spoiled, full = happening.day, False, False, 0
        if isinstance(happening, Ceiling):
            if position >= happening.rung:
                position, run, spoiled = happening.rung, 0, True
        elif step_back_reason(happening.outcome, policy) is not None:
            position, run, spoiled = max(position - 1, 0), 0, True
        elif discomfort_reason(happening.outcome, policy) is not None:
            run, spoiled = 0, True
        elif full_dose(ladder[position], happening.outcome) and not (counted or spoiled):
            full += 1
            if full >= ladder[position].sessions_per_day:
                counted, run = True, run + 1
                if position == len(ladder) - 1:
                    run = min(run, policy.advance_after)
                elif run >= policy.advance_after:
                    position, run = position + 1, 0
        positions.append(position)
    return positions


@some
@given(folded())
def test_the_fold_follows_the_rules_as_the_product_states_them(case):
    ladder, policy, history, _, decisions = case
    assert [d.after.position for d in decisions] == reference_positions(ladder, policy, history)


# --- Replay and one step at a time ----------------------------------------------------------


@bounded
@given(folded())
def test_replay_equals_applying_each_happening_from_any_point(case):
    ladder, policy, history, everything, decisions = case
    for cut in range(len(history) + 1):
        state, so_far = fold(ladder, policy, history[:cut])
        for happening in history[cut:]:
            so_far.append(apply(ladder, policy, state, happening))
            state = so_far[-1].after
        assert (state, so_far) == (everything, decisions)
        rest_state, rest = fold(
            ladder, policy, history[cut:], start=decisions[cut - 1].after if cut else State()
        )
        assert (rest_state, decisions[:cut] + rest) == (everything, decisions)


@few
@given(folded())
def test_replaying_the_same_history_twice_gives_the_same_result(case):
    ladder, policy, history, state, decisions = case
    assert fold(ladder, policy, history) == (state, decisions)


@few
@given(folded())
def test_each_decision_starts_where_the_previous_one_ended(case):
    _, _, _, _, decisions = case
    assert all(a.after == b.before for a, b in pairwise(decisions))


# --- Staying on the ladder ------------------------------------------------------------------


@bounded
@given(folded())
def test_the_position_never_leaves_the_ladder(case):
    ladder, _, _, state, decisions = case
    assert all(0 <= d.after.position < len(ladder) for d in decisions)
    assert 0 <= state.position < len(ladder)


@some
@given(folded())
def test_a_session_moves_at_most_one_rung_and_a_ceiling_never_lifts(case):
    _, _, history, _, decisions = case
    for happening, decision in zip(history, decisions, strict=True):
        moved = decision.after.position - decision.before.position
        if isinstance(happening, Ceiling):
            assert moved <= 0
        else:
            assert abs(moved) <= 1


@bounded
@given(folded())
def test_the_streak_is_never_negative_and_stays_below_advance_after_except_at_the_top(case):
    ladder, policy, _, _, decisions = case
    for d in decisions:
        top = d.after.position == len(ladder) - 1
        limit = policy.advance_after if top else policy.advance_after - 1
        assert 0 <= d.after.streak <= limit


@few
@given(folded())
def test_every_decision_can_be_described_in_days(case):
    ladder, policy, history, _, decisions = case
    for happening, decision in zip(history, decisions, strict=True):
        outcome = happening.outcome if isinstance(happening, Logged) else None
        text = describe(decision, ladder, "Seated Row", outcome, policy)
        assert "Seated Row" in text
        assert text.endswith(".")
        assert "sessions in a row" not in text


# --- The ratchet ----------------------------------------------------------------------------


@st.composite
def edited(draw, prefix):
    """The prefix with sessions inserted, changed or removed, all still dated before the
    ceiling: what backdating, correcting and deleting can do to it."""
    prefix = list(prefix)
    for _ in range(draw(st.integers(1, 4))):
        action = draw(st.sampled_from(["insert", "change", "remove"]))
        if action == "insert" or not prefix:
            when = day(draw(st.integers(0, CEILING_DAY - 1)))
            at = sum(1 for h in prefix if h.day <= when)  # after that day's own sessions
            prefix.insert(at, Logged(when, draw(outcomes)))
            continue
        index = draw(st.integers(0, len(prefix) - 1))
        if action == "remove":
            del prefix[index]
        elif isinstance(prefix[index], Logged):
            prefix[index] = Logged(prefix[index].day, draw(outcomes))
    return prefix


@st.composite
def ratchets(draw):
    """A history with a ceiling in it, and the same history with its past before the ceiling
    changed."""
    ladder = draw(ladders)
    policy = draw(policies)
    prefix = [h for h in draw(histories(ladder, days=16)) if h.day < day(CEILING_DAY)]
    rung = draw(st.one_of(st.integers(0, 1), st.integers(0, len(ladder) - 1)))
    ceiling = Ceiling(day(CEILING_DAY), min(rung, len(ladder) - 1))
    suffix = draw(histories(ladder, first=CEILING_DAY, days=12))
    return ladder, policy, prefix, draw(edited(prefix)), ceiling, suffix


def days_met_after(ceiling, happenings, decisions, policy, ladder, upto: int) -> int:
    """Days dated after the ceiling, up to happening `upto`, whose sessions so far were all
    comfortable and reached the rung's dose: counted here, not read from the fold. (Later
    ceilings are left out, so this can only count too many, never too few.)"""
    by_day: dict[dt.date, list] = {}
    for happening, decision in zip(happenings[: upto + 1], decisions[: upto + 1], strict=True):
        if isinstance(happening, Logged) and happening.day > ceiling.day:
            by_day.setdefault(happening.day, []).append((happening.outcome, decision))
    met = 0
    for sessions in by_day.values():
        comfortable = all(
            step_back_reason(o, policy) is None and discomfort_reason(o, policy) is None
            for o, _ in sessions
        )
        full = sum(1 for o, d in sessions if full_dose(ladder[d.before.position], o))
        asked = min(ladder[d.before.position].sessions_per_day for _, d in sessions)
        met += comfortable and full >= asked
    return met


@bounded
@given(ratchets())
def test_nothing_dated_before_a_ceiling_lifts_the_exercise_above_it(case):
    ladder, policy, prefix, changed_prefix, ceiling, suffix = case
    for past in (prefix, changed_prefix):
        history = [*past, ceiling, *suffix]
        _, decisions = fold(ladder, policy, history)
        at = len(past)
        assert decisions[at].after.position <= ceiling.rung
        assert decisions[at].after.position <= decisions[at].before.position
        for index in range(at + 1, len(history)):
            decision = decisions[index]
            # Checked where it rises above: a later uncomfortable session that day takes the
            # day back from the run but cannot undo the move it already made.
            if decision.before.position <= ceiling.rung < decision.after.position:
                earned = days_met_after(ceiling, history, decisions, policy, ladder, index)
                assert earned >= policy.advance_after


@some
@given(ratchets())
def test_what_follows_a_ceiling_reached_from_the_same_place_does_not_depend_on_the_past(case):
    ladder, policy, prefix, changed_prefix, ceiling, suffix = case
    after = []
    for past in (prefix, changed_prefix):
        _, decisions = fold(ladder, policy, [*past, ceiling, *suffix])
        after.append(decisions[len(past) :])
    # When both pasts leave the exercise at the ceiling, nothing of them survives it.
    if all(a[0].after.position == ceiling.rung for a in after):
        assert [d.after for d in after[0]] == [d.after for d in after[1]]
