"""Progression rules: what one logged session means for an exercise's place on its ladder.

Pure functions over frozen values, with no Django and no database, so the safety rules can be
tested exhaustively and replayed from a person's history to explain any prescription.
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from enum import StrEnum

PAIN_MIN = 0
PAIN_MAX = 10

_NUMBER_WORDS = ("zero", "one", "two", "three", "four", "five", "six", "seven", "eight", "nine")


@dataclass(frozen=True)
class Step:
    """One rung of a ladder: the prescription at that place."""

    sets: int
    reps: int  # per set (per side for the Back Extension)
    sessions_per_day: int
    hold_seconds: int | None = None  # None or 0: no hold, as the catalogue stores it
    band: str | None = None  # band slug, e.g. "extra-light"; None where no band is used

    def __post_init__(self) -> None:
        # A rung that asks for nothing would let anyone "meet" it; refuse it at the catalogue.
        for name in ("sets", "reps", "sessions_per_day"):
            if getattr(self, name) < 1:
                raise ValueError(f"A step needs at least 1 for {name}, not {getattr(self, name)}.")
        if self.hold_seconds is not None and self.hold_seconds < 0:
            raise ValueError(f"A hold cannot last {self.hold_seconds} seconds.")
        if self.band is not None and not self.band.strip():
            raise ValueError("A band needs a name (use None for no band).")


@dataclass(frozen=True)
class Policy:
    """Thresholds for one exercise, stored with it in the catalogue; these are the defaults."""

    advance_after: int = 3  # consecutive sessions meeting target needed to move up
    target_max_pain_after: int = 3  # pain after must be <= this to meet target
    target_max_pain_rise: int = 1  # pain after - pain before must be <= this to meet target
    step_back_pain_after: int = 5  # pain after >= this steps back one rung
    step_back_pain_rise: int = 2  # pain after - pain before >= this steps back one rung
    pause_pain_after: int = 7  # pain after >= this pauses the whole program

    def __post_init__(self) -> None:
        if self.advance_after < 1:
            raise ValueError(f"advance_after must be at least 1, not {self.advance_after}.")
        for name in (
            "target_max_pain_after",
            "target_max_pain_rise",
            "step_back_pain_after",
            "step_back_pain_rise",
            "pause_pain_after",
        ):
            value = getattr(self, name)
            if not PAIN_MIN <= value <= PAIN_MAX:
                raise ValueError(f"{name} must be between 0 and 10, not {value}.")
        # Each threshold must leave room for the one below it, or a rule could never fire.
        if self.target_max_pain_after >= self.step_back_pain_after:
            raise ValueError("target_max_pain_after must be below step_back_pain_after.")
        if self.target_max_pain_rise >= self.step_back_pain_rise:
            raise ValueError("target_max_pain_rise must be below step_back_pain_rise.")
        if self.step_back_pain_after > self.pause_pain_after:
            raise ValueError("step_back_pain_after must not be above pause_pain_after.")


@dataclass(frozen=True)
class Outcome:
    """What one logged session says about one exercise."""

    sets: int  # sets done
    reps: int  # repetitions reached in every set (per side where relevant)
    pain_before: int  # 0-10, recorded per session
    pain_after: int  # 0-10
    red_flag: bool = False  # "sudden or sharp pain" ticked

    @property
    def pain_rise(self) -> int:
        return self.pain_after - self.pain_before


class Change(StrEnum):
    ADVANCE = "advance"
    HOLD = "hold"
    STEP_BACK = "step_back"


class Reason(StrEnum):
    TARGET_MET_STREAK = "target_met_streak"  # enough comfortable sessions in a row: move up
    TOP_OF_LADDER = "top_of_ladder"  # comfortable, but there is no higher rung
    BUILDING = "building"  # comfortable, streak still growing
    TARGET_MISSED = "target_missed"  # short of the dose, or mildly uncomfortable
    PAIN_HIGH = "pain_high"  # pain after too high, or sudden/sharp pain ticked
    PAIN_ROSE = "pain_rose"  # pain rose too much during the session
    AT_START = "at_start"  # would step back, but already on the first rung


@dataclass(frozen=True)
class State:
    """Where an exercise stands: its rung and the run of comfortable sessions on it."""

    position: int = 0  # index into the ladder
    streak: int = 0  # consecutive sessions meeting target at this position


@dataclass(frozen=True)
class Decision:
    """One application of the rules, kept whole so the dashboard can explain it."""

    before: State
    after: State
    change: Change
    reason: Reason


def _check_outcome(outcome: Outcome) -> None:
    for name in ("pain_before", "pain_after"):
        value = getattr(outcome, name)
        if not PAIN_MIN <= value <= PAIN_MAX:
            raise ValueError(f"Pain is scored from 0 to 10; {name} was {value}.")
    if outcome.sets < 0 or outcome.reps < 0:
        raise ValueError("Sets and repetitions done cannot be negative.")


def _check_state(ladder: Sequence[Step], state: State) -> None:
    if not ladder:
        raise ValueError("The ladder is empty: an exercise needs at least one step.")
    if not 0 <= state.position < len(ladder):
        raise ValueError(
            f"Position {state.position} is outside the ladder (0 to {len(ladder) - 1})."
        )
    if state.streak < 0:
        raise ValueError(f"A streak cannot be negative, not {state.streak}.")


def meets_target(step: Step, outcome: Outcome, policy: Policy = Policy()) -> bool:
    """Whether the session did the full dose and stayed comfortable: the only kind that counts
    towards moving up."""
    _check_outcome(outcome)
    return (
        outcome.sets >= step.sets
        and outcome.reps >= step.reps
        and outcome.pain_after <= policy.target_max_pain_after
        and outcome.pain_rise <= policy.target_max_pain_rise
        and not outcome.red_flag
    )


def decide(
    ladder: Sequence[Step], state: State, outcome: Outcome, policy: Policy = Policy()
) -> Decision:
    """Apply one session to one exercise. Pain is checked first, so a painful session can
    never count towards moving up, whatever else it achieved."""
    _check_state(ladder, state)
    _check_outcome(outcome)

    if outcome.red_flag or outcome.pain_after >= policy.step_back_pain_after:
        pain_reason: Reason | None = Reason.PAIN_HIGH
    elif outcome.pain_rise >= policy.step_back_pain_rise:
        pain_reason = Reason.PAIN_ROSE
    else:
        pain_reason = None

    if pain_reason is not None:
        if state.position == 0:
            return Decision(state, State(0, 0), Change.HOLD, Reason.AT_START)
        return Decision(state, State(state.position - 1, 0), Change.STEP_BACK, pain_reason)

    if not meets_target(ladder[state.position], outcome, policy):
        return Decision(state, State(state.position, 0), Change.HOLD, Reason.TARGET_MISSED)

    streak = state.streak + 1
    if state.position == len(ladder) - 1:
        # Capped rather than reset: it stays a true "ready for more" signal, bounded, and if
        # the catalogue later adds a rung the next comfortable session moves up to it.
        after = State(state.position, min(streak, policy.advance_after))
        return Decision(state, after, Change.HOLD, Reason.TOP_OF_LADDER)
    if streak >= policy.advance_after:
        return Decision(
            state, State(state.position + 1, 0), Change.ADVANCE, Reason.TARGET_MET_STREAK
        )
    return Decision(state, State(state.position, streak), Change.HOLD, Reason.BUILDING)


def replay(
    ladder: Sequence[Step],
    outcomes: Iterable[Outcome],
    policy: Policy = Policy(),
    start: State = State(),
) -> tuple[State, list[Decision]]:
    """Fold the sessions in order; the same history always gives the same prescription."""
    state = start
    decisions: list[Decision] = []
    for outcome in outcomes:
        decision = decide(ladder, state, outcome, policy)
        decisions.append(decision)
        state = decision.after
    return state, decisions


def pauses_program(pain_after: int, red_flag: bool, policy: Policy = Policy()) -> bool:
    """Whether the whole program stops until the person has taken advice, not just one
    exercise easing back."""
    if not PAIN_MIN <= pain_after <= PAIN_MAX:
        raise ValueError(f"Pain is scored from 0 to 10; pain_after was {pain_after}.")
    return red_flag or pain_after >= policy.pause_pain_after


def _count(n: int) -> str:
    return _NUMBER_WORDS[n] if 0 <= n < len(_NUMBER_WORDS) else str(n)


def _times_a_day(n: int) -> str:
    return {1: "once a day", 2: "twice a day"}.get(n, f"{n} times a day")


def _plural(n: int, word: str) -> str:
    return f"{n} {word}" if n == 1 else f"{n} {word}s"


def _dose(step: Step) -> str:
    reps = _plural(step.reps, "repetition")
    return f"{step.sets} sets of {reps}" if step.sets > 1 else reps


def describe_step(step: Step) -> str:
    """A step in the words the dashboard uses, e.g. "8 repetitions, twice a day, light band"."""
    parts = [_dose(step)]
    if step.hold_seconds:
        parts.append(f"hold {_plural(step.hold_seconds, 'second')}")
    parts.append(_times_a_day(step.sessions_per_day))
    if step.band is not None:
        parts.append(f"{step.band.replace('-', ' ')} band")
    return ", ".join(parts)


_REST = "Rest, and log how the next session feels."
_RED_FLAG_ADVICE = (
    "Please stop for today and check with your doctor or physiotherapist before the next session."
)


def _pain_words(outcome: Outcome) -> str:
    if outcome.red_flag:
        return "You noted sudden or sharp pain"
    if outcome.pain_rise > 0:
        return f"Pain went from {outcome.pain_before} to {outcome.pain_after} out of 10"
    return f"Pain after the session was {outcome.pain_after} out of 10"


def describe(
    decision: Decision, ladder: Sequence[Step], exercise_name: str, outcome: Outcome
) -> str:
    """One or two calm sentences for the dashboard saying what changed and why."""
    _check_state(ladder, decision.before)
    _check_state(ladder, decision.after)
    now = describe_step(ladder[decision.after.position])
    advice = _RED_FLAG_ADVICE if outcome.red_flag else _REST

    match decision.reason:
        case Reason.TARGET_MET_STREAK:
            in_a_row = _count(decision.before.streak + 1).capitalize()
            return f"{in_a_row} comfortable sessions in a row: {exercise_name} moves up to {now}."
        case Reason.PAIN_HIGH:
            cause = (
                _pain_words(outcome)
                if outcome.red_flag
                else f"Pain after the session was {outcome.pain_after} out of 10"
            )
            return f"{cause}, so {exercise_name} eases back to {now}. {advice}"
        case Reason.PAIN_ROSE:
            return (
                f"Pain went from {outcome.pain_before} to {outcome.pain_after} out of 10, "
                f"so {exercise_name} eases back to {now}. {advice}"
            )
        case Reason.AT_START:
            return (
                f"{_pain_words(outcome)}. {exercise_name} stays on its first step, {now}. {advice}"
            )
        case Reason.TOP_OF_LADDER:
            return (
                f"Another comfortable session: {exercise_name} is at the top of its ladder, "
                f"{now}. Keep it up."
            )
        case Reason.BUILDING:
            in_a_row = decision.after.streak
            sessions = "session" if in_a_row == 1 else "sessions in a row"
            return (
                f"{_count(in_a_row).capitalize()} comfortable {sessions}: "
                f"{exercise_name} stays at {now} for now."
            )
        case Reason.TARGET_MISSED:
            target = ladder[decision.before.position]
            if outcome.sets < target.sets or outcome.reps < target.reps:
                return (
                    f"This session was short of the full {_dose(target)}, so {exercise_name} "
                    f"stays at {now}. That is fine: aim for the full count next time."
                )
            return (
                f"The session was a little uncomfortable (pain {outcome.pain_before} before, "
                f"{outcome.pain_after} after, out of 10), so {exercise_name} stays at {now} "
                f"until sessions feel comfortable."
            )
    raise ValueError(f"No wording for reason {decision.reason!r}.")
