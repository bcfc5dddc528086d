"""Reads of the catalogue, with the joins and prefetches that keep query counts fixed."""

from itertools import groupby

from django.db.models import Prefetch, QuerySet

from exercises.filters import ExerciseFilter
from exercises.models import (
    AvoidedMovement,
    Exercise,
    FloorGuide,
    Kind,
    LadderRung,
    Picture,
)


def pictures_without_markup() -> QuerySet[Picture]:
    """Pictures in order, without their SVG: pages only need each one's URL, label and alt."""
    return Picture.objects.defer("svg").order_by("position", "pk")


def pictures_prefetch() -> Prefetch:
    """An exercise's (or guide's) pictures for a page, in order: one query, without markup."""
    return Prefetch("pictures", queryset=pictures_without_markup())


def exercises_with_details() -> QuerySet[Exercise]:
    """Exercises with everything a card, a detail page or the API shows, in a fixed 7 queries:
    the exercises, then movements, steps, cues, rungs (with band), pictures, and which floor
    exercise each one replaces."""
    return (
        Exercise.objects.select_related("progression_policy", "floor_alternative")
        .prefetch_related(
            "movements",
            "steps",
            "cues",
            Prefetch("rungs", queryset=LadderRung.objects.select_related("band")),
            pictures_prefetch(),
            Prefetch(
                "floor_alternative_for",
                queryset=Exercise.objects.only("pk", "slug", "name", "floor_alternative"),
            ),
        )
        .order_by("position", "name")
    )


def exercise_page() -> QuerySet[Exercise]:
    """An exercise page's exercise: `exercises_with_details` already carries its pictures."""
    return exercises_with_details()


def exercise_pictures(exercise: Exercise) -> list[Picture]:
    """An exercise's pictures in order: from the prefetch when the exercise came from
    `exercises_with_details` (no query), otherwise in one query."""
    return list(exercise.pictures.all())


def floor_guides() -> QuerySet[FloorGuide]:
    """The floor guides in order, with their steps and pictures (3 queries)."""
    return FloorGuide.objects.prefetch_related("steps", pictures_prefetch()).order_by(
        "position", "name"
    )


def floor_guide(slug: str) -> FloorGuide | None:
    return floor_guides().filter(slug=slug).first()


def picture_markup(picture_id: int, digest: str) -> str | None:
    """The SVG of one picture at the version its URL names, or None if it has changed since."""
    return (
        Picture.objects.filter(pk=picture_id, digest=digest).values_list("svg", flat=True).first()
    )


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
