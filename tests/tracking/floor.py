"""The catalogue's floor facts the program tests rely on: each floor exercise names its
standing alternative (the catalogue content sets them; this fails loudly if it stops)."""

from exercises.models import Exercise

FLOOR = {"back-extension": "standing-back-extension", "seated-row": "standing-band-row"}


def floor_catalogue() -> dict[str, Exercise]:
    """Every exercise by slug, after checking the floor exercises and their alternatives."""
    exercises = {e.slug: e for e in Exercise.objects.select_related("floor_alternative")}
    for slug, alternative in FLOOR.items():
        assert exercises[slug].on_floor, slug
        assert exercises[slug].floor_alternative.slug == alternative, slug
        assert not exercises[alternative].on_floor, alternative
    return exercises
