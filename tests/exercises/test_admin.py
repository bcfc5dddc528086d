"""Staff curate the catalogue in the admin; the admin refuses what the catalogue rules refuse."""

import pytest
from django.urls import reverse
from pytest_django.asserts import assertContains

from exercises.models import AvoidedMovement, Exercise, Movement
from tests.exercises.admin_forms import change_form
from tests.exercises.factories import AvoidedMovementFactory, ExerciseFactory, MovementFactory
from tests.factories import UserFactory

pytestmark = pytest.mark.django_db

EXERCISE_ADD = reverse("admin:exercises_exercise_add")


@pytest.fixture
def staff_client(client):
    client.force_login(UserFactory(is_staff=True, is_superuser=True))
    return client


def _inline(prefix: str, rows: list[dict], min_num: int = 0) -> dict:
    data = {
        f"{prefix}-TOTAL_FORMS": str(len(rows)),
        f"{prefix}-INITIAL_FORMS": "0",
        f"{prefix}-MIN_NUM_FORMS": str(min_num),
        f"{prefix}-MAX_NUM_FORMS": "1000",
    }
    for n, row in enumerate(rows):
        data.update({f"{prefix}-{n}-{field}": value for field, value in row.items()})
    return data


def exercise_form(
    *, rungs=({"position": 0, "reps": 6, "sets": 1, "sessions_per_day": 1},), **fields
):
    """What the admin's add page posts for a valid new exercise; override any part of it."""
    data = {
        "name": "Wall Slide",
        "slug": "wall-slide",
        "kind": "strengthening",
        "recommended": "on",
        "position": "50",
        "summary": "Slide your back up a wall.",
        "purpose": "Strengthens the legs with an upright back.",
        "starting_position": "Stand with your back against a wall.",
        "equipment": "none",
        "reps_min": "6",
        "reps_max": "8",
        "sets": "1",
        "sessions_per_day_start": "1",
        "sessions_per_day_max": "2",
        "days_per_week_min": "3",
        "days_per_week_max": "4",
        "source": "program",
        "movements": [str(Movement.objects.get(slug="hip-extension").pk)],
        **_inline("steps", [{"position": 1, "text": "Slide down a little."}]),
        **_inline("cues", [{"position": 1, "text": "Keep your back against the wall."}]),
        **_inline("rungs", list(rungs)),
        **_inline(
            "progression_policy",
            [
                {
                    "advance_after": 3,
                    "target_max_pain_before": 4,
                    "target_max_pain_after": 3,
                    "target_max_pain_rise": 1,
                    "target_max_effort": 8,
                    "step_back_pain_after": 5,
                    "step_back_pain_rise": 2,
                    "pause_pain_after": 7,
                }
            ],
            min_num=1,
        ),
        **_inline("pictures", []),
    }
    data.update(fields)
    return data


def test_staff_can_add_an_exercise_with_its_steps_cues_ladder_and_default_policy(staff_client):
    response = staff_client.post(EXERCISE_ADD, exercise_form())

    assert response.status_code == 302
    exercise = Exercise.objects.get(slug="wall-slide")
    assert [step.text for step in exercise.steps.all()] == ["Slide down a little."]
    assert exercise.rungs.count() == 1
    policy = exercise.progression_policy
    assert (policy.advance_after, policy.target_max_pain_before, policy.target_max_effort) == (
        3,
        4,
        8,
    )


def test_the_admin_refuses_an_exercise_with_no_ladder_rungs(staff_client):
    response = staff_client.post(EXERCISE_ADD, exercise_form(rungs=[]))

    assert response.status_code == 200
    assertContains(
        response, "An exercise needs a ladder with at least one rung: its starting prescription."
    )
    assert not Exercise.objects.filter(slug="wall-slide").exists()


def test_the_admin_refuses_a_dose_range_whose_fewest_repetitions_exceed_the_most(staff_client):
    response = staff_client.post(EXERCISE_ADD, exercise_form(reps_min="8", reps_max="6"))

    assert response.status_code == 200
    assertContains(response, "The most repetitions (6) cannot be fewer than the fewest (8).")
    assert not Exercise.objects.filter(slug="wall-slide").exists()


def test_the_admin_refuses_a_recommended_exercise_tagged_with_an_avoided_movement(staff_client):
    flexion = Movement.objects.get(slug="spinal-flexion")

    response = staff_client.post(EXERCISE_ADD, exercise_form(movements=[str(flexion.pk)]))

    assert response.status_code == 200
    assertContains(
        response,
        "Wall Slide is recommended, so it cannot use a movement from the avoid list: "
        "Bending the spine forward.",
    )
    assert not Exercise.objects.filter(slug="wall-slide").exists()


def test_the_admin_accepts_an_avoided_movement_on_an_exercise_outside_the_program(staff_client):
    flexion = Movement.objects.get(slug="spinal-flexion")
    form = exercise_form(movements=[str(flexion.pk)])
    del form["recommended"]

    response = staff_client.post(EXERCISE_ADD, form)

    assert response.status_code == 302
    assert list(Exercise.objects.get(slug="wall-slide").movements.all()) == [flexion]


def test_staff_can_untag_an_avoided_movement_and_recommend_the_exercise_in_one_save(staff_client):
    flexion = Movement.objects.get(slug="spinal-flexion")
    safe = MovementFactory()
    exercise = ExerciseFactory(recommended=False, movements=[flexion], rungs=0, steps=0, cues=0)
    form = exercise_form(
        name=exercise.name, slug=exercise.slug, movements=[str(safe.pk)], recommended="on"
    )
    form.update(
        {
            "progression_policy-INITIAL_FORMS": "1",
            "progression_policy-0-id": str(exercise.progression_policy.pk),
            "progression_policy-0-exercise": str(exercise.pk),
        }
    )

    response = staff_client.post(
        reverse("admin:exercises_exercise_change", args=[exercise.pk]), form
    )

    assert response.status_code == 302
    exercise.refresh_from_db()
    assert exercise.recommended
    assert list(exercise.movements.all()) == [safe]


def test_the_admin_refuses_to_put_a_movement_a_recommended_exercise_uses_on_the_avoid_list(
    staff_client,
):
    movement = MovementFactory()
    ExerciseFactory(name="Wall Slide", movements=[movement])
    avoided = AvoidedMovementFactory()

    response = staff_client.post(
        reverse("admin:exercises_avoidedmovement_change", args=[avoided.pk]),
        {
            "name": avoided.name,
            "slug": avoided.slug,
            "reason": avoided.reason,
            "examples": avoided.examples,
            "advice": avoided.advice,
            "position": avoided.position,
            "movements": [str(movement.pk)],
        },
    )

    assert response.status_code == 200
    assertContains(
        response, "Recommended exercises use this movement (Wall Slide); change them first."
    )
    assert not AvoidedMovement.objects.get(pk=avoided.pk).movements.exists()


def test_the_exercise_list_can_be_searched_and_filtered_by_kind(staff_client):
    url = reverse("admin:exercises_exercise_changelist")

    searched = staff_client.get(url, {"q": "row"})
    filtered = staff_client.get(url, {"kind__exact": "stretch"})

    assert [e.slug for e in searched.context["cl"].result_list] == [
        "seated-row",
        "standing-band-row",
    ]
    assert {e.slug for e in filtered.context["cl"].result_list} == {
        "standing-back-bend",
        "shoulder-raises-and-rotations",
        "knee-lifts",
        "ankle-pulls",
    }


def test_the_exercise_add_page_prepopulates_the_slug_and_has_step_cue_ladder_picture_inlines(
    staff_client,
):
    response = staff_client.get(EXERCISE_ADD)

    assert response.status_code == 200
    assert response.context["adminform"].prepopulated_fields[0]["field"].name == "slug"
    prefixes = {formset.formset.prefix for formset in response.context["inline_admin_formsets"]}
    assert prefixes == {"steps", "cues", "rungs", "progression_policy", "pictures"}


def test_people_who_are_not_staff_cannot_reach_the_catalogue_admin(client, user):
    client.force_login(user)

    response = client.get(EXERCISE_ADD)

    assert response.status_code == 302


def test_changing_only_a_cue_in_the_admin_marks_the_exercise_as_edited_by_staff(staff_client):
    exercise = Exercise.objects.get(slug="ankle-pulls")
    data = change_form(staff_client, exercise)
    data["cues-0-text"] = "Staff's own cue."

    response = staff_client.post(
        reverse("admin:exercises_exercise_change", args=[exercise.pk]), data
    )

    assert response.status_code == 302
    exercise.refresh_from_db()
    assert exercise.edited_by_staff
    assert exercise.cues.filter(text="Staff's own cue.").exists()


def test_tuning_only_the_progression_policy_leaves_the_text_to_the_built_in_content(
    staff_client,
):
    exercise = Exercise.objects.get(slug="ankle-pulls")
    data = change_form(staff_client, exercise)
    data["progression_policy-0-advance_after"] = "5"

    response = staff_client.post(
        reverse("admin:exercises_exercise_change", args=[exercise.pk]), data
    )

    assert response.status_code == 302
    exercise.refresh_from_db()
    assert exercise.progression_policy.advance_after == 5
    assert not exercise.edited_by_staff


def test_staff_can_untick_edited_by_staff_to_hand_an_exercise_back_to_the_built_in_content(
    staff_client,
):
    exercise = Exercise.objects.get(slug="ankle-pulls")
    Exercise.objects.filter(pk=exercise.pk).update(edited_by_staff=True)
    data = change_form(staff_client, exercise)
    data.pop("edited_by_staff")

    response = staff_client.post(
        reverse("admin:exercises_exercise_change", args=[exercise.pk]), data
    )

    assert response.status_code == 302
    exercise.refresh_from_db()
    assert not exercise.edited_by_staff
