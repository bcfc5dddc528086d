"""Where a person is in today's guided session, kept in their login session so that leaving
half-way and coming back (the same local day) resumes at the same screen. Plain values, no
database: the views move it along and `services.session_log` writes the result."""

from __future__ import annotations

import datetime as dt
from dataclasses import asdict, dataclass, field, replace
from enum import StrEnum

from tracking import progression

SESSION_KEY = "guided"


class Stage(StrEnum):
    CHECK_IN = "check_in"
    GENTLE_OFFER = "gentle_offer"  # pain 5-6 now: a gentle day, or rest
    EXERCISE = "exercise"
    CHECK_OUT = "check_out"
    STOPPED = "stopped"  # a warning sign or pain 7+ at check-in: no exercises today
    RESTING = "resting"  # chose rest over a gentle day


@dataclass(frozen=True)
class Done:
    """An exercise as done in the guided session (an Entry once saved)."""

    exercise: str  # slug
    sets: int
    reps: int
    hold_seconds: int | None = None
    band: str | None = None


@dataclass(frozen=True)
class Guide:
    day: dt.date
    stage: Stage = Stage.CHECK_IN
    pain_before: int | None = None
    gentle: bool = False
    exercises: tuple[str, ...] = ()  # slugs of the plan, fixed at check-in
    index: int = 0  # the exercise on screen
    done: tuple[Done, ...] = field(default=())
    hurt: bool = False  # "This hurts — stop" was chosen
    again: bool = False  # a further session today, for the rungs done twice a day

    @property
    def current(self) -> str | None:
        if self.stage != Stage.EXERCISE or self.index >= len(self.exercises):
            return None
        return self.exercises[self.index]

    def checked_in(self, *, pain_now: int, warning_sign: bool, exercises: tuple[str, ...]) -> Guide:
        verdict = progression.check_in(pain_now, warning_sign)
        stage = {
            progression.CheckIn.GO: Stage.EXERCISE,
            progression.CheckIn.GENTLE: Stage.GENTLE_OFFER,
            progression.CheckIn.STOP: Stage.STOPPED,
        }[verdict]
        return replace(self, stage=stage, pain_before=pain_now, exercises=exercises, index=0)

    def gentle_chosen(self, exercises: tuple[str, ...]) -> Guide:
        return replace(self, stage=Stage.EXERCISE, gentle=True, exercises=exercises, index=0)

    def rest_chosen(self) -> Guide:
        return replace(self, stage=Stage.RESTING)

    def _next(self, done: tuple[Done, ...]) -> Guide:
        index = self.index + 1
        stage = Stage.EXERCISE if index < len(self.exercises) else Stage.CHECK_OUT
        return replace(self, index=index, done=done, stage=stage)

    def exercise_done(self, done: Done) -> Guide:
        kept = tuple(d for d in self.done if d.exercise != done.exercise)
        return self._next((*kept, done))

    def exercise_skipped(self) -> Guide:
        return self._next(self.done)

    def exercise_hurt(self, attempt: Done) -> Guide:
        """Stop at once; what was attempted is logged, so the pain acts on that exercise."""
        kept = tuple(d for d in self.done if d.exercise != attempt.exercise)
        return replace(self, stage=Stage.CHECK_OUT, hurt=True, done=(*kept, attempt))

    def to_session(self) -> dict:
        data = asdict(self)
        data["day"] = self.day.isoformat()
        data["stage"] = self.stage.value
        return data

    @classmethod
    def from_session(cls, data: dict | None, day: dt.date) -> Guide:
        """The saved guide if it is today's; otherwise a fresh one (a new day starts over)."""
        if not data or data.get("day") != day.isoformat():
            return cls(day=day)
        try:
            return cls(
                day=day,
                stage=Stage(data["stage"]),
                pain_before=data["pain_before"],
                gentle=bool(data["gentle"]),
                exercises=tuple(data["exercises"]),
                index=int(data["index"]),
                done=tuple(Done(**d) for d in data["done"]),
                hurt=bool(data["hurt"]),
                again=bool(data.get("again", False)),
            )
        except (KeyError, TypeError, ValueError):
            return cls(day=day)
