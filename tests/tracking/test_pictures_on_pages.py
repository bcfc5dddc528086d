"""The exercise pictures where a person exercises: the guided session shows the exercise on
screen above its steps, and the printable week shows how to do each exercise with its steps and
pictures. Both read pictures from the process's copy of the catalogue, so more pictures cost no
more queries."""

import re
from html import unescape

import pytest
from django.core.cache import cache
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from exercises import catalogue_cache
from exercises.models import Picture
from tests.exercises.pictures import pictures_loaded
from tests.tracking.factories import ProgramFactory, days_including_today

pytestmark = pytest.mark.django_db
TODAY = "/today/"
PLAN = reverse("tracking:weekly_plan")


@pytest.fixture
def program(db):
    return ProgramFactory(training_days=days_including_today())


@pytest.fixture
def person(client, program):
    client.force_login(program.user)
    return client


def pictures_shown(html: str) -> list[tuple[str, str]]:
    """(src, alt) of each picture shown, in page order."""
    blocks = "".join(re.findall(r'<div class="pictures">(.*?)</div>', html, re.S))
    return [
        (unescape(src), unescape(alt))
        for src, alt in re.findall(r'<img src="([^"]*)" alt="([^"]*)"', blocks)
    ]


def expected(pictures: list[Picture]) -> list[tuple[str, str]]:
    return [(p.url, p.alt) for p in pictures]


def first_exercise_screen(client) -> str:
    client.post(TODAY, {"action": "check_in", "pain_before": "1", "red_flag": "no"})
    return client.get(TODAY).content.decode()


def queries_for(client, url: str) -> int:
    with CaptureQueriesContext(connection) as captured:
        assert client.get(url).status_code == 200
    return len(captured.captured_queries)


def more_pictures(pictures: list[Picture], how_many: int = 6) -> None:
    exercise = pictures[0].exercise
    for n in range(how_many):
        exercise.pictures.create(
            position=len(pictures) + n + 1,
            label="Another",
            alt="Another view of the same position.",
            svg=pictures[0].svg,
        )
    # a new catalogue version, as the commit would give it (tests never commit)
    cache.delete(catalogue_cache.VERSION_KEY)


# The guided session


def test_the_guided_exercise_screen_shows_its_pictures_above_its_steps(person):
    loaded = pictures_loaded()

    html = first_exercise_screen(person)

    name = re.search(r"<h1>(.*?)</h1>", html).group(1)
    slug = next(slug for slug, pictures in loaded.items() if pictures[0].exercise.name == name)
    assert pictures_shown(html) == expected(loaded[slug])
    assert all(alt.strip() for _, alt in pictures_shown(html))
    assert html.index('<div class="pictures">') < html.index('<ol class="steps-list">')


def test_the_guided_exercise_screen_costs_the_same_queries_with_more_pictures(person):
    loaded = pictures_loaded()
    html = first_exercise_screen(person)
    name = re.search(r"<h1>(.*?)</h1>", html).group(1)
    on_screen = next(p for p in loaded.values() if p[0].exercise.name == name)
    person.get(TODAY)  # the catalogue copy is loaded once per version, not per page
    before = queries_for(person, TODAY)

    more_pictures(on_screen)
    person.get(TODAY)

    assert queries_for(person, TODAY) == before
    assert len(pictures_shown(person.get(TODAY).content.decode())) == len(on_screen) + 6


# The printable week


def test_the_printable_week_shows_how_to_do_each_exercise_with_steps_and_pictures(person, program):
    loaded = pictures_loaded()

    html = person.get(PLAN).content.decode()

    how_to = html[html.index('id="how-to"') :]
    for prescription in program.prescriptions.select_related("exercise"):
        exercise = prescription.exercise
        assert f'<h3 id="how-{exercise.slug}">{exercise.name}</h3>' in how_to
        for step in exercise.steps.all():
            assert unescape(step.text) in unescape(how_to)
    shown = pictures_shown(how_to)
    for prescription in program.prescriptions.all():
        for picture in expected(loaded[prescription.exercise.slug]):
            assert picture in shown
    assert all(alt.strip() for _, alt in shown)
    # meant for printing: every picture loads at once, not when scrolled to
    assert 'loading="lazy"' not in how_to


def test_the_printable_week_costs_the_same_queries_with_more_pictures(person, program):
    loaded = pictures_loaded()
    person.get(PLAN)
    before = queries_for(person, PLAN)

    more_pictures(loaded[program.prescriptions.first().exercise.slug])
    person.get(PLAN)

    assert queries_for(person, PLAN) == before
