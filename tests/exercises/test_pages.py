"""The catalogue pages, as an anonymous visitor sees them."""

import re

import pytest
from django.urls import reverse
from django.utils.html import escape
from pytest_django.asserts import assertContains, assertNotContains

from exercises.models import AvoidedMovement, Exercise
from tests.exercises.factories import ExerciseFactory

pytestmark = pytest.mark.django_db

CATALOGUE = reverse("exercises:catalogue")
AVOID = reverse("exercises:avoid")


def detail_url(slug: str) -> str:
    return reverse("exercises:detail", args=[slug])


def groups_on(html: str) -> dict[str, list[str]]:
    """Each kind heading on the catalogue page, with the exercise names listed under it."""
    groups = {}
    for section in re.findall(r"<section[^>]*>(.*?)</section>", html, re.S):
        heading = re.search(r"<h2[^>]*>(.*?)</h2>", section, re.S).group(1)
        groups[heading] = re.findall(r"<h3><a [^>]*>(.*?)</a></h3>", section)
    return groups


def exercise_names(response) -> list[str]:
    return [name for names in groups_on(response.content.decode()).values() for name in names]


# The catalogue


def test_anonymous_visitors_see_the_catalogue_grouped_by_kind(client):
    response = client.get(CATALOGUE)

    assert response.status_code == 200
    assert groups_on(response.content.decode()) == {
        "Strengthening": ["Back Extension", "Sit to Stand", "Standing Back Extension"],
        "Resistance": ["Seated Row", "Standing Band Row"],
        "Stretch": [
            "Standing Back Bend",
            "Shoulder Raises and Rotations",
            "Knee Lifts",
            "Ankle Pulls",
        ],
        "Balance": ["Tandem Stance", "Single-Leg Stand"],
        "Posture": ["Chin Tuck"],
    }


def test_each_card_links_to_the_exercise_and_shows_its_dose_and_cadence_at_a_glance(client):
    response = client.get(CATALOGUE)

    for exercise in Exercise.objects.all():
        assertContains(
            response,
            f'<h3><a href="{exercise.get_absolute_url()}">{exercise.name}</a></h3>',
            html=True,
        )
        assertContains(response, f"<dt>Dose</dt><dd>{exercise.dose_text}</dd>", html=True)
        assertContains(response, f"<dt>How often</dt><dd>{exercise.cadence_text}</dd>", html=True)


def test_the_seated_row_card_reads_6_to_8_reps_once_building_to_twice_a_day(client):
    response = client.get(CATALOGUE)

    assertContains(response, "6-8 repetitions, hold 1 second")
    assertContains(response, "once a day, building to twice, 3-4 days a week")


def test_searching_shows_only_the_exercises_whose_words_match(client):
    response = client.get(CATALOGUE, {"q": "band"})

    assert exercise_names(response) == ["Seated Row", "Standing Band Row"]
    assertContains(response, "2 exercises match your search")


def test_search_ignores_letter_case_and_needs_every_word(client):
    assert exercise_names(client.get(CATALOGUE, {"q": "BACK bend"})) == ["Standing Back Bend"]


def test_a_search_with_no_match_says_so_and_offers_the_whole_catalogue(client):
    response = client.get(CATALOGUE, {"q": "trampoline"})

    assert exercise_names(response) == []
    assertContains(response, "No exercise matches that search.")
    assertContains(response, f'<a href="{CATALOGUE}">See every exercise</a>', html=True)


def test_filtering_by_kind_shows_only_that_kind(client):
    response = client.get(CATALOGUE, {"kind": "stretch"})

    assert list(groups_on(response.content.decode())) == ["Stretch"]
    assert len(exercise_names(response)) == 4


def test_filtering_by_equipment_shows_only_exercises_that_use_it(client):
    response = client.get(CATALOGUE, {"equipment": "resistance-band"})

    assert exercise_names(response) == ["Seated Row", "Standing Band Row"]


def test_filters_and_search_combine(client):
    response = client.get(CATALOGUE, {"kind": "stretch", "equipment": "chair", "q": "knee"})

    assert exercise_names(response) == ["Knee Lifts"]


def test_the_filter_form_keeps_the_visitors_choices(client):
    response = client.get(CATALOGUE, {"kind": "stretch", "q": "knee"})

    assertContains(response, 'value="knee"')
    assertContains(response, '<option value="stretch" selected>Stretch</option>', html=True)
    assertContains(response, "Clear filters")


def test_an_unknown_kind_in_the_address_shows_no_exercises_rather_than_an_error(client):
    response = client.get(CATALOGUE, {"kind": "juggling"})

    assert response.status_code == 200
    assert exercise_names(response) == []


def test_an_exercise_added_by_staff_appears_under_its_kind(client):
    ExerciseFactory(name="Heel Raises", kind="balance")

    response = client.get(CATALOGUE)

    assert groups_on(response.content.decode())["Balance"] == [
        "Tandem Stance",
        "Single-Leg Stand",
        "Heel Raises",
    ]


# One exercise


def test_the_detail_page_numbers_the_steps_in_order(client):
    exercise = Exercise.objects.get(slug="back-extension")

    html = client.get(detail_url("back-extension")).content.decode()

    listed = re.search(r'<ol class="steps-list">(.*?)</ol>', html, re.S).group(1)
    assert re.findall(r"<li>(.*?)</li>", listed, re.S) == [
        escape(step.text) for step in exercise.steps.all()
    ]


def test_the_detail_page_shows_every_safety_cue(client):
    exercise = Exercise.objects.get(slug="knee-lifts")

    response = client.get(detail_url("knee-lifts"))

    for cue in exercise.cues.all():
        assertContains(response, escape(cue.text))
    assertContains(response, "Never lie on your back and pull your knee to your chest")


def test_the_detail_page_shows_dose_cadence_equipment_purpose_and_starting_position(client):
    exercise = Exercise.objects.get(slug="seated-row")

    response = client.get(detail_url("seated-row"))

    assertContains(response, "<dt>Dose</dt><dd>6-8 repetitions, hold 1 second</dd>", html=True)
    assertContains(
        response,
        "<dt>How often</dt><dd>once a day, building to twice, 3-4 days a week</dd>",
        html=True,
    )
    assertContains(response, "<dt>Equipment</dt><dd>Resistance band</dd>", html=True)
    assertContains(response, escape(exercise.purpose))
    assertContains(response, escape(exercise.starting_position))


def test_the_detail_page_shows_the_ladder_as_a_table_from_the_first_step_to_the_last(client):
    html = client.get(detail_url("seated-row")).content.decode()

    rows = re.findall(r"<tr><td>(\d+)</td><td>(.*?)</td><td>(\d)</td><td>(.*?)</td></tr>", html)
    assert len(rows) == 18
    assert rows[0] == ("1", "6, hold 1 s", "1", "Extra light")
    assert rows[-1] == ("18", "8, hold 1 s", "2", "Extra heavy")


def test_the_detail_page_tells_people_to_ask_their_doctor_first(client):
    response = client.get(detail_url("standing-back-bend"))

    assertContains(response, "Ask your doctor first.")


def test_the_detail_page_links_a_print_stylesheet(client):
    response = client.get(detail_url("ankle-pulls"))

    assert re.search(
        r'<link rel="stylesheet" href="[^"]*print\.css" media="print">', response.content.decode()
    )
    assertContains(response, 'class="no-print"')


def test_the_print_stylesheet_is_served(client):
    response = client.get("/static/css/print.css")

    assert response.status_code == 200
    assert b".no-print" in b"".join(response.streaming_content)


def test_an_unknown_exercise_is_a_404(client):
    response = client.get(detail_url("toe-touches"))

    assert response.status_code == 404


# Movements to avoid


def test_the_avoid_page_lists_the_four_movements_with_their_reasons_and_examples(client):
    response = client.get(AVOID)

    assert response.status_code == 200
    entries = list(AvoidedMovement.objects.all())
    assert len(entries) == 4
    for entry in entries:
        assertContains(response, escape(entry.name))
        assertContains(response, escape(entry.reason))
        assertContains(response, escape(entry.examples))


def test_the_avoid_page_marks_yoga_and_pilates_as_caution_not_a_ban(client):
    response = client.get(AVOID)

    assertContains(response, "Be careful with: Some yoga and Pilates moves")
    assertContains(response, "Avoid: High-impact exercise")
    assertNotContains(response, "Avoid: Some yoga and Pilates moves")


def test_the_navigation_links_to_the_avoid_page(client):
    for page in (reverse("home"), CATALOGUE, detail_url("seated-row")):
        html = client.get(page).content.decode()
        nav = re.search(r'<nav aria-label="Main">(.*?)</nav>', html, re.S).group(1)
        assert f'href="{AVOID}"' in nav, page


def test_the_avoid_page_marks_itself_as_the_current_page_in_the_navigation(client):
    response = client.get(AVOID)

    assertContains(response, f'<a href="{AVOID}" aria-current="page">', count=1)
