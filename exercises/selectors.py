"""Reads of the catalogue, with the joins and prefetches that keep query counts fixed."""

from itertools import groupby

from django.db.models import Prefetch, QuerySet

from exercises.filters import ExerciseFilter
from exercises.models import AvoidedMovement, Exercise, Kind, LadderRung, Picture


def pictures_prefetch() -> Prefetch:
    """An exercise's (or guide's) pictures for a page, in order: one query, without the
    markup, which pages never read (they link to each picture's own URL)."""
    return Prefetch("pictures", queryset=Picture.objects.defer("svg").order_by("position", "pk"))


def exercises_with_details() -> QuerySet[Exercise]:
    """Exercises with everything a card, a detail page or the API shows, in a fixed 5 queries."""
    return (
        Exercise.objects.select_related("progression_policy")
        .prefetch_related(
            "movements",
            "steps",
            "cues",
            Prefetch("rungs", queryset=LadderRung.objects.select_related("band")),
        )
        .order_by("position", "name")
    )


def exercise_page() -> QuerySet[Exercise]:
    """An exercise page's exercise: its details and its pictures, in a fixed 6 queries."""
    return exercises_with_details().prefetch_related(pictures_prefetch())


def exercise_search(params) -> ExerciseFilter:
    """Filter the catalogue by the request's query parameters (q, kind, equipment)."""
    return ExerciseFilter(params, queryset=exercises_with_details())


def exercises_by_kind(exercises) -> list[tuple[str, list[Exercise]]]:
    """Group exercises under their kind's label, in the order kinds are declared."""
    order = {value: n for n, value in enumerate(Kind.values)}
    ordered = sorted(exercises, key=lambda exercise: (order[exercise.kind], exercise.position))
    return [
        (Kind(kind).label, list(group))
        for kind, group in groupby(ordered, key=lambda exercise: exercise.kind)
    ]


def avoided_movements() -> QuerySet[AvoidedMovement]:
    return AvoidedMovement.objects.prefetch_related("movements").order_by("position", "name")
