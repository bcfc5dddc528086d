"""The catalogue list page and list endpoint cost the same few queries however big it grows."""

from itertools import cycle

import pytest
from django.core.cache import cache
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from exercises.models import Band, Equipment, Exercise, Kind, LadderRung
from tests.exercises.factories import ExerciseFactory

pytestmark = pytest.mark.django_db

# The page, rendered afresh: exercises, then one prefetch each for movements, steps, cues and
# rungs (with band). It reads only, so it has no ATOMIC_REQUESTS savepoint.
CATALOGUE_PAGE_QUERIES = 5
# The endpoint: the same, plus the paginator's COUNT.
EXERCISE_LIST_QUERIES = 6


def queries_for(client, url: str) -> int:
    with CaptureQueriesContext(connection) as captured:
        response = client.get(url)
    assert response.status_code == 200
    return len(captured.captured_queries)


def grow_catalogue_to_200():
    """194 more exercises, each with steps, cues, a ladder on a band and a movement tag.

    Kinds cycle from strengthening, so 39 of them are strengthening exercises.
    """
    kinds, equipment = cycle(Kind.values), cycle(Equipment.values)
    band = Band.objects.get(slug="medium")
    for _ in range(194):
        ExerciseFactory(kind=next(kinds), equipment=next(equipment), rungs__band=band)
    assert Exercise.objects.count() == 200
    assert (
        LadderRung.objects.filter(band=band, exercise__slug__startswith="test-").count() == 194 * 3
    )


def test_the_catalogue_page_runs_the_same_queries_with_6_or_200_exercises(client):
    url = reverse("exercises:catalogue")
    with_6 = queries_for(client, url)

    grow_catalogue_to_200()
    cache.clear()
    with_200 = queries_for(client, url)

    assert with_6 == with_200 == CATALOGUE_PAGE_QUERIES


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


def test_a_signed_in_visitor_costs_only_the_session_and_user_once_cached(
    signed_in_client, django_assert_num_queries
):
    url = reverse("exercises:catalogue")
    signed_in_client.get(url)

    with django_assert_num_queries(2):
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


def test_the_exercise_list_endpoint_runs_the_same_queries_with_6_or_200_exercises(client):
    url = reverse("api:exercise-list")
    with_6 = queries_for(client, url)

    grow_catalogue_to_200()
    with_200 = queries_for(client, url)

    assert with_6 == with_200 == EXERCISE_LIST_QUERIES


def test_a_filtered_search_of_the_list_endpoint_runs_the_same_queries_at_200_exercises(
    client, django_assert_num_queries
):
    grow_catalogue_to_200()

    with django_assert_num_queries(EXERCISE_LIST_QUERIES):
        response = client.get(
            reverse("api:exercise-list"), {"kind": "strengthening", "q": "test", "page": 2}
        )

    body = response.json()
    assert body["count"] == 39
    assert len(body["results"]) == 19


def test_a_filter_choice_is_served_from_the_cache_after_the_first_visit(
    client, django_assert_num_queries
):
    url = reverse("exercises:catalogue")
    first = client.get(url, {"kind": "stretch"})

    with django_assert_num_queries(0):
        again = client.get(url, {"kind": "stretch"})

    assert again.context["listing"] == first.context["listing"]


def test_free_text_searches_are_never_kept_in_the_cache(client, django_assert_num_queries):
    url = reverse("exercises:catalogue")
    client.get(url, {"q": "row"})

    with django_assert_num_queries(CATALOGUE_PAGE_QUERIES):
        client.get(url, {"q": "row"})
