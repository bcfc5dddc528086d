"""Each process keeps one copy of the catalogue's exercises and ladders per catalogue version."""

import time

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext

from exercises import catalogue_cache
from exercises.catalogue_cache import catalogue_exercises
from tests.exercises.factories import ExerciseFactory

pytestmark = pytest.mark.django_db


def test_the_copy_is_loaded_once_and_then_read_without_queries(django_assert_num_queries):
    first = catalogue_exercises()

    with django_assert_num_queries(0):
        again = catalogue_exercises()

    assert again is first
    assert {exercise.slug for exercise in first.values()} >= {"back-extension", "seated-row"}


def test_an_edit_to_a_ladder_gives_a_fresh_copy_once_it_commits(
    django_capture_on_commit_callbacks,
):
    row = next(e for e in catalogue_exercises().values() if e.slug == "seated-row")
    rung = row.rungs.all()[0]

    with django_capture_on_commit_callbacks(execute=True):
        rung.reps = 7
        rung.save()

    fresh = catalogue_exercises()[row.pk]
    assert fresh is not row
    assert fresh.rungs.all()[0].reps == 7


def test_an_exercise_added_a_moment_ago_is_found_even_before_its_version_reaches_the_cache():
    catalogue_exercises()
    added = ExerciseFactory()

    with CaptureQueriesContext(connection) as queries:
        exercises = catalogue_exercises(including={added.pk})

    assert exercises[added.pk].slug == added.slug
    assert queries.captured_queries


def test_no_copy_is_kept_longer_than_ten_minutes_even_if_a_version_change_was_missed(
    monkeypatch,
):
    first = catalogue_exercises()
    later = time.monotonic() + catalogue_cache.COPY_SECONDS + 1
    monkeypatch.setattr(catalogue_cache.time, "monotonic", lambda: later)

    assert catalogue_exercises() is not first
