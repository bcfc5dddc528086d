"""The catalogue's floor facts for tests: the floor exercises and their standing alternatives
(bone-catalogue's content sets them; this makes sure they are there whatever content runs)."""

from exercises.models import Exercise, Kind, LadderRung

FLOOR = {"back-extension": "standing-back-extension", "seated-row": "standing-band-row"}


def _alternative(slug: str, like: Exercise) -> Exercise:
    alternative = Exercise.objects.filter(slug=slug).first()
    if alternative is None:
        alternative = Exercise.objects.create(
            slug=slug,
            name=slug.replace("-", " ").capitalize(),
            kind=like.kind or Kind.STRENGTHENING,
            recommended=True,
            summary="A standing alternative, for tests.",
            purpose=like.purpose,
            equipment=like.equipment,
            starting_position="Stand tall at a counter.",
            reps_min=like.reps_min,
            reps_max=like.reps_max,
            sets=like.sets,
            sessions_per_day_start=like.sessions_per_day_start,
            sessions_per_day_max=like.sessions_per_day_max,
            days_per_week_min=like.days_per_week_min,
            days_per_week_max=like.days_per_week_max,
            position=like.position,
        )
        LadderRung.objects.bulk_create(
            LadderRung(
                exercise=alternative,
                position=rung.position,
                sets=rung.sets,
                reps=rung.reps,
                sessions_per_day=rung.sessions_per_day,
                hold_seconds=rung.hold_seconds,
                band=rung.band,
            )
            for rung in like.rungs.all()
        )
    return alternative


def floor_catalogue() -> dict[str, Exercise]:
    """Mark the floor exercises and name their alternatives; returns every exercise by slug."""
    for slug, alternative_slug in FLOOR.items():
        exercise = Exercise.objects.get(slug=slug)
        exercise.on_floor = True
        exercise.floor_alternative = _alternative(alternative_slug, exercise)
        exercise.save()
    return {e.slug: e for e in Exercise.objects.all()}
