"""The catalogue pages and endpoints cost the same few queries however big the catalogue grows,
pictures included."""

from itertools import cycle

import pytest
from django.core.cache import cache
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from exercises.models import (
    Band,
    Equipment,
    Exercise,
    Kind,
    LadderRung,
    Picture,
    picture_digest,
)
from tests.exercises.factories import SVG, ExerciseFactory, PictureFactory

pytestmark = pytest.mark.django_db

BUILT_IN = 12
# The page, rendered afresh: exercises (with their floor alternative), then one prefetch each
# for movements, steps, cues, rungs (with band), pictures (without their markup) and the floor
# exercise each one replaces. It reads only, so it has no ATOMIC_REQUESTS savepoint.
CATALOGUE_PAGE_QUERIES = 7
# The endpoint: the same, plus the paginator's COUNT...
EXERCISE_LIST_QUERIES = 8
# ...and, once per answer that holds a floor exercise, the floor guides with their steps and
# pictures.
FLOOR_GUIDE_QUERIES = 3


def queries_for(client, url: str) -> int:
    with CaptureQueriesContext(connection) as captured:
        response = client.get(url)
    assert response.status_code == 200
    return len(captured.captured_queries)


def grow_catalogue_to_200():
    """188 more exercises, each with steps, cues, a ladder on a band, a movement tag and two
    pictures, and two pictures on every built-in exercise too.

    Kinds cycle from strengthening, so 38 of them are strengthening exercises.
    """
    kinds, equipment = cycle(Kind.values), cycle(Equipment.values)
    band = Band.objects.get(slug="medium")
    added = 200 - BUILT_IN
    for _ in range(added):
        ExerciseFactory(kind=next(kinds), equipment=next(equipment), rungs__band=band)
    pictured = set(Picture.objects.values_list("exercise", flat=True))
    Picture.objects.bulk_create(
        Picture(
            exercise=exercise,
            position=n,
            label=label,
            alt=f"{exercise.name}: {label}",
            svg=SVG,
            digest=picture_digest(SVG),
        )
        for exercise in Exercise.objects.exclude(pk__in=pictured)
        for n, label in ((1, "Start"), (2, "End"))
    )
    assert Exercise.objects.count() == 200
    assert (
        LadderRung.objects.filter(band=band, exercise__slug__startswith="test-").count()
        == added * 3
    )
    assert not Exercise.objects.filter(pictures__isnull=True).exists()


def test_the_catalogue_page_runs_the_same_queries_with_12_or_200_exercises_and_their_pictures(
    client,
):
    url = reverse("exercises:catalogue")
    with_12 = queries_for(client, url)

    grow_catalogue_to_200()
    cache.clear()
    with_200 = queries_for(client, url)

    assert with_12 == with_200 == CATALOGUE_PAGE_QUERIES


def test_the_catalogue_page_lists_all_200_exercises_in_those_queries(
    client, django_assert_num_queries
):
    grow_catalogue_to_200()

    with django_assert_num_queries(CATALOGUE_PAGE_QUERIES):
        response = client.get(reverse("exercises:catalogue"))

    assert "200 exercises" in response.text


def test_the_catalogue_page_is_served_from_the_cache_after_the_first_visit(
    client, django_assert_num_queries
):
    url = reverse("exercises:catalogue")
    first = client.get(url)

    with django_assert_num_queries(0):
        again = client.get(url)

    assert again.text == first.text


def test_a_search_is_cached_apart_from_the_whole_catalogue(client):
    url = reverse("exercises:catalogue")
    client.get(url)

    searched = client.get(url, {"q": "row"})

    assert "Seated Row" in searched.text
    assert "Back Extension" not in searched.text


def test_a_signed_in_visitor_costs_only_the_session_with_its_user_once_cached(
    signed_in_client, django_assert_num_queries
):
    url = reverse("exercises:catalogue")
    signed_in_client.get(url)

    with django_assert_num_queries(1):
        signed_in_client.get(url)


def test_an_edit_to_the_catalogue_shows_on_the_page_once_it_commits(
    client, django_capture_on_commit_callbacks
):
    url = reverse("exercises:catalogue")
    client.get(url)
    exercise = Exercise.objects.get(slug="seated-row")

    with django_capture_on_commit_callbacks(execute=True):
        exercise.name = "Seated Row with a band"
        exercise.save()

    assert "Seated Row with a band" in client.get(url).text


def test_a_new_exercise_is_a_catalogue_change_too(client, django_capture_on_commit_callbacks):
    url = reverse("exercises:catalogue")
    client.get(url)

    with django_capture_on_commit_callbacks(execute=True):
        ExerciseFactory(name="Wall Angels", kind=Kind.POSTURE)

    assert "Wall Angels" in client.get(url).text


def test_the_exercise_list_endpoint_runs_the_same_queries_with_12_or_200_exercises(client):
    url = reverse("api:exercise-list")
    with_12 = queries_for(client, url)

    grow_catalogue_to_200()
    with_200 = queries_for(client, url)

    assert with_12 == with_200 == EXERCISE_LIST_QUERIES + FLOOR_GUIDE_QUERIES


def test_a_filtered_search_of_the_list_endpoint_runs_the_same_queries_at_200_exercises(
    client, django_assert_num_queries
):
    grow_catalogue_to_200()

    with django_assert_num_queries(EXERCISE_LIST_QUERIES):
        response = client.get(
            reverse("api:exercise-list"), {"kind": "strengthening", "q": "test", "page": 2}
        )

    body = response.json()
    assert body["count"] == 38
    assert len(body["results"]) == 18
    assert all(len(result["pictures"]) == 2 for result in body["results"])


def test_a_filter_choice_is_served_from_the_cache_after_the_first_visit(
    client, django_assert_num_queries
):
    url = reverse("exercises:catalogue")
    first = client.get(url, {"kind": "stretch"})

    with django_assert_num_queries(0):
        again = client.get(url, {"kind": "stretch"})

    # Anonymous: the whole page, from the process's copy (osteofit.public_pages).
    assert again.content == first.content


def test_free_text_searches_are_never_kept_in_the_cache(client, django_assert_num_queries):
    url = reverse("exercises:catalogue")
    client.get(url, {"q": "row"})

    with django_assert_num_queries(CATALOGUE_PAGE_QUERIES):
        client.get(url, {"q": "row"})


def test_the_catalogue_page_shows_each_exercises_first_picture_by_its_address(client):
    grow_catalogue_to_200()

    response = client.get(reverse("exercises:catalogue"))

    for picture in Picture.objects.filter(position=1, exercise__isnull=False):
        assert f'src="{picture.url}"' in response.text
    assert SVG not in response.text


@pytest.mark.parametrize("slug", ["seated-row", "standing-band-row", "chin-tuck"])
def test_an_exercise_page_costs_the_same_queries_with_or_without_many_pictures(
    client, slug, django_assert_num_queries, django_capture_on_commit_callbacks
):
    """The exercise with everything it shows (7, as on the catalogue page), and for a floor
    exercise the floor guides with their steps and pictures (3)."""
    exercise = Exercise.objects.get(slug=slug)
    expected = CATALOGUE_PAGE_QUERIES + (FLOOR_GUIDE_QUERIES if exercise.on_floor else 0)
    with django_assert_num_queries(expected):
        client.get(exercise.get_absolute_url())

    with django_capture_on_commit_callbacks(execute=True):  # a new catalogue version
        for _ in range(5):
            PictureFactory(exercise=exercise)
    with django_assert_num_queries(expected):
        response = client.get(exercise.get_absolute_url())

    assert response.status_code == 200


def test_one_exercise_from_the_endpoint_with_its_pictures_costs_a_fixed_number_of_queries(
    client, django_assert_num_queries
):
    exercise = Exercise.objects.get(slug="back-extension")
    PictureFactory.create_batch(4, exercise=exercise)

    with django_assert_num_queries(CATALOGUE_PAGE_QUERIES + FLOOR_GUIDE_QUERIES):
        body = client.get(reverse("api:exercise-detail", args=[exercise.slug])).json()

    assert len(body["pictures"]) >= 4
