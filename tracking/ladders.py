"""Turn catalogue rows into the pure progression values, so the rules never touch the ORM."""

import datetime as dt
from collections.abc import Iterable

from exercises.catalogue_cache import catalogue_exercises
from exercises.models import Exercise, ProgressionPolicy
from tracking import composition, progression
from tracking.models import Prescription, Program


def with_exercises(prescriptions: Iterable[Prescription]) -> None:
    """Attach each prescription's exercise, with its policy and ladder, from the process's
    shared copy of the catalogue: no query."""
    prescriptions = list(prescriptions)
    exercises = catalogue_exercises(including={p.exercise_id for p in prescriptions})
    for prescription in prescriptions:
        prescription.exercise = exercises[prescription.exercise_id]


def ladder_of(exercise: Exercise) -> tuple[progression.Rung, ...]:
    """The exercise's ladder; expects `rungs` (with `band`) prefetched."""
    return tuple(
        progression.Rung(
            sets=rung.sets,
            reps=rung.reps,
            sessions_per_day=rung.sessions_per_day,
            hold_seconds=rung.hold_seconds,
            band=rung.band.slug if rung.band_id else None,
        )
        for rung in exercise.rungs.all()
    )


def answers_of(program: Program) -> composition.Answers:
    return composition.Answers(
        floor_ok=program.floor_ok,
        spinal_fracture=program.spinal_fracture,
        physio_cleared_on=program.physio_cleared_on,
    )


def ladder_for(exercise: Exercise, program: Program, day: dt.date) -> tuple[progression.Rung, ...]:
    """The ladder the fold climbs for this program on `day`: the one place the band cap of a
    spinal fracture (without a physiotherapist's yes) is applied, for each new session, every
    replay and the ceilings of a pause alike."""
    ladder = ladder_of(exercise)
    allowed = composition.stronger_bands_allowed(answers_of(program), day)
    return composition.within_allowed(ladder, (rung.band for rung in ladder), allowed)


def policy_of(exercise: Exercise) -> progression.Policy:
    try:
        stored = exercise.progression_policy
    except ProgressionPolicy.DoesNotExist:
        return progression.Policy()
    return progression.Policy(
        advance_after=stored.advance_after,
        target_max_pain_before=stored.target_max_pain_before,
        target_max_pain_after=stored.target_max_pain_after,
        target_max_pain_rise=stored.target_max_pain_rise,
        target_max_effort=stored.target_max_effort,
        step_back_pain_after=stored.step_back_pain_after,
        step_back_pain_rise=stored.step_back_pain_rise,
        pause_pain_after=stored.pause_pain_after,
    )


def rung_at(ladder: tuple[progression.Rung, ...], index: int) -> progression.Rung:
    """The rung a prescription stands on; a ladder shortened by staff keeps people at its top."""
    return ladder[min(index, len(ladder) - 1)]
