"""Catalogue integrity: the rules a curated exercise must keep, checked wherever it is written."""

from collections.abc import Iterable, Sequence

from django.core.exceptions import ValidationError

from exercises.models import Exercise, Movement


def exercise_movements_validate(*, recommended: bool, name: str, movements: Iterable[Movement]):
    """A recommended exercise may use no movement that is on the avoid list."""
    ids = [movement.pk for movement in movements]
    risky = sorted(
        Movement.objects.filter(pk__in=ids, avoided_in__isnull=False)
        .distinct()
        .values_list("name", flat=True)
    )
    if recommended and risky:
        raise ValidationError(
            f"{name} is recommended, so it cannot use a movement from the avoid list: "
            f"{', '.join(risky)}.",
            code="avoided_movement",
        )


def avoid_list_movements_validate(*, movements: Iterable[Movement]) -> None:
    """A movement joins the avoid list only once no recommended exercise uses it."""
    ids = [movement.pk for movement in movements]
    clashing = sorted(
        Exercise.objects.filter(recommended=True, movements__in=ids)
        .distinct()
        .values_list("name", flat=True)
    )
    if clashing:
        raise ValidationError(
            f"Recommended exercises use this movement ({', '.join(clashing)}); change them first.",
            code="avoided_movement",
        )


def ladder_validate(positions: Sequence[int]) -> None:
    """A ladder has at least one rung (the start) and its rungs are numbered 0, 1, 2... in order."""
    if not positions:
        raise ValidationError(
            "An exercise needs a ladder with at least one rung: its starting prescription.",
            code="empty_ladder",
        )
    if sorted(positions) != list(range(len(positions))):
        raise ValidationError(
            "Ladder rungs must be numbered 0, 1, 2… with no gaps; 0 is where people start.",
            code="ladder_gaps",
        )


def exercise_validate(exercise: Exercise) -> None:
    """Every rule for one stored exercise: its own fields, its ladder, its movements."""
    exercise.full_clean()
    ladder_validate(list(exercise.rungs.values_list("position", flat=True)))
    exercise_movements_validate(
        recommended=exercise.recommended, name=exercise.name, movements=exercise.movements.all()
    )


def catalogue_validate() -> None:
    """Check the whole catalogue; raises the first problem found, naming the exercise."""
    for exercise in Exercise.objects.all():
        try:
            exercise_validate(exercise)
        except ValidationError as error:
            raise ValidationError(f"{exercise.name}: {'; '.join(error.messages)}") from error
