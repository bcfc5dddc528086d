"""An exercise's progression thresholds, as stored with it in the catalogue: their defaults and
what makes a set of them workable. Pure, so the catalogue's model and admin and the progression
rules (`tracking.progression`) share one definition."""

from __future__ import annotations

from dataclasses import dataclass

PAIN_MIN, PAIN_MAX = 0, 10  # pain, 0 = none, 10 = the worst imaginable
EFFORT_MIN, EFFORT_MAX = 0, 10  # effort, 0 = very easy, 10 = the hardest possible
ADVANCE_AFTER_MAX = 20


@dataclass(frozen=True)
class Policy:
    """Thresholds for one exercise, stored with it in the catalogue; these are the defaults."""

    advance_after: int = 3  # comfortable days in a row needed to move up
    target_max_pain_before: int = 4  # pain before at or above 5 never counts towards moving up
    target_max_pain_after: int = 3  # pain after must be <= this to meet target
    target_max_pain_rise: int = 1  # pain after - pain before must be <= this to meet target
    target_max_effort: int = 8  # harder than this means the step is too big: hold
    step_back_pain_after: int = 5  # pain after >= this steps back one rung
    step_back_pain_rise: int = 2  # pain after - pain before >= this steps back one rung
    pause_pain_after: int = 7  # pain after >= this pauses the whole program

    def __post_init__(self) -> None:
        problems = policy_problems(self)
        if problems:
            raise ValueError(" ".join(problems))


def policy_problems(policy) -> list[str]:
    """Why a set of thresholds cannot work, in words for the staff who tune them (empty when
    they can). `policy` is anything with a Policy's fields: a Policy, or the catalogue's
    ProgressionPolicy row, whose admin form and database constraint say the same."""
    problems = []
    if not 1 <= policy.advance_after <= ADVANCE_AFTER_MAX:
        problems.append(
            f"advance_after must be between 1 and {ADVANCE_AFTER_MAX}, not {policy.advance_after}."
        )
    for name in (
        "target_max_pain_before",
        "target_max_pain_after",
        "target_max_pain_rise",
        "step_back_pain_after",
        "step_back_pain_rise",
        "pause_pain_after",
    ):
        value = getattr(policy, name)
        if not PAIN_MIN <= value <= PAIN_MAX:
            problems.append(f"{name} must be between {PAIN_MIN} and {PAIN_MAX}, not {value}.")
    if not EFFORT_MIN <= policy.target_max_effort <= EFFORT_MAX:
        problems.append(
            f"target_max_effort must be between {EFFORT_MIN} and {EFFORT_MAX}, "
            f"not {policy.target_max_effort}."
        )
    # Each threshold must leave room for the one below it, or a rule could never fire.
    if policy.target_max_pain_after >= policy.step_back_pain_after:
        problems.append("target_max_pain_after must be below step_back_pain_after.")
    if policy.target_max_pain_rise >= policy.step_back_pain_rise:
        problems.append("target_max_pain_rise must be below step_back_pain_rise.")
    if policy.step_back_pain_after > policy.pause_pain_after:
        problems.append("step_back_pain_after must not be above pause_pain_after.")
    return problems
