"""The built-in pictures in the test database, whichever way the catalogue was loaded."""

from pathlib import Path

from exercises.models import Exercise, Picture
from exercises.pictures import PICTURES

FOLDER = Path(__file__).resolve().parents[2] / "exercises" / "pictures"


def pictures_loaded() -> dict[str, list[Picture]]:
    """Every catalogue exercise's pictures from the manifest (kept as they are if the catalogue
    already holds them), by exercise slug, in order."""
    loaded = {}
    for exercise in Exercise.objects.filter(slug__in=PICTURES):
        loaded[exercise.slug] = [
            Picture.objects.get_or_create(
                exercise=exercise,
                position=position,
                defaults={"label": label, "alt": alt, "svg": (FOLDER / filename).read_text()},
            )[0]
            for position, (filename, label, alt) in enumerate(PICTURES[exercise.slug], start=1)
        ]
    return loaded
