"""Which exercises a program holds, and how high each may climb, from the person's answers.

Pure rules (no Django), beside `progression` rather than inside it: `progression` is about one
exercise's place on its ladder, this is about the program as a whole, and it is the one place
that says what the floor and fracture answers mean (PRODUCT.md, issue 14):
- someone who cannot get down to the floor and up again safely has no floor exercise: each is
  replaced by its standing or seated alternative;
- after a spinal fracture, until a physiotherapist has said yes, there is no floor exercise
  either, and no band above the lightest: each ladder stops below its first stronger band;
- an exercise that is another's floor alternative enters a program only in its place.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable, Sequence
from dataclasses import dataclass

IMPACT_AFTER_SPINAL_FRACTURE = (
    "After a spinal fracture, keep impact at the level of brisk walking: no running, jumping or "
    "other jolting movement."
)


@dataclass(frozen=True)
class Answers:
    """The program questions that decide its make-up."""

    floor_ok: bool  # can get down to the floor and up again safely on their own
    spinal_fracture: bool  # ever had a fracture in the spine
    physio_cleared_on: dt.date | None = None  # the local day a physiotherapist's yes was recorded

    @property
    def physio_cleared(self) -> bool:
        return self.physio_cleared_on is not None


@dataclass(frozen=True)
class Candidate:
    """A recommended exercise as composition sees it."""

    slug: str
    on_floor: bool = False
    floor_alternative: str | None = None  # the slug of its standing or seated alternative


def floor_allowed(answers: Answers) -> bool:
    """Floor work needs a safe way down and up, and after a spinal fracture a physio's yes."""
    return answers.floor_ok and (not answers.spinal_fracture or answers.physio_cleared)


def stronger_bands_allowed(answers: Answers, day: dt.date) -> bool:
    """Whether a ladder may climb past its lightest band on `day`.

    After a spinal fracture only from the day after the physiotherapist's yes was recorded:
    the whole of that day (sessions before and after saying yes) counts as before it, so
    every session is judged the same way when it is logged and when the history is replayed.
    """
    if not answers.spinal_fracture:
        return True
    return answers.physio_cleared_on is not None and day > answers.physio_cleared_on


def compose(candidates: Sequence[Candidate], answers: Answers) -> tuple[str, ...]:
    """The slugs a program holds, in the candidates' order: each floor exercise or, where floor
    work is not allowed, its alternative in its place (or nothing, if it has none)."""
    alternatives = {c.floor_alternative for c in candidates if c.floor_alternative}
    floor = floor_allowed(answers)
    held: list[str] = []
    for candidate in candidates:
        if candidate.slug in alternatives:
            continue  # enters only in the place of the floor exercise it stands in for
        chosen = candidate.floor_alternative if candidate.on_floor and not floor else candidate.slug
        if chosen is not None and chosen not in held:
            held.append(chosen)
    return tuple(held)


def lightest_band_top(bands: Sequence[str | None]) -> int:
    """The highest rung (index) that needs no band stronger than the ladder's lightest: the
    rung just below the first that changes band (ladders go from the lightest band up)."""
    lightest = next((band for band in bands if band is not None), None)
    for index, band in enumerate(bands):
        if band is not None and band != lightest:
            return max(index - 1, 0)
    return max(len(bands) - 1, 0)


def within_allowed[R](
    ladder: Sequence[R], bands: Iterable[str | None], allowed: bool
) -> tuple[R, ...]:
    """The ladder as the fold may climb it: whole, or cut below its first stronger band."""
    ladder = tuple(ladder)
    if allowed:
        return ladder
    return ladder[: lightest_band_top(tuple(bands)) + 1]


RETURNS_AT_START = "returns_at_start"  # the ceiling reason of an exercise that comes back


def returns_at_start_words(exercise_name: str, first_rung: str, days_in_a_row: str) -> str:
    return (
        f"{exercise_name} is back in your program and starts again at its first step, "
        f"{first_rung}; it moves up after {days_in_a_row}."
    )
