"""The rules a catalogue entry must keep, checked in the model, the services and the database."""

import pytest
from django.core.exceptions import ValidationError
from django.db import IntegrityError, transaction

from exercises import services
from exercises.models import Exercise, Movement
from tests.exercises.factories import (
    AvoidedMovementFactory,
    ExerciseFactory,
    LadderRungFactory,
    MovementFactory,
)

pytestmark = pytest.mark.django_db


@pytest.fixture
def flexion():
    """Bending the spine forward: on the avoid list in the built-in catalogue."""
    return Movement.objects.get(slug="spinal-flexion")


# Dose range


def test_a_dose_range_whose_fewest_repetitions_exceed_the_most_is_refused_with_a_clear_message():
    exercise = ExerciseFactory.build(reps_min=8, reps_max=6)

    with pytest.raises(ValidationError) as refused:
        exercise.full_clean()

    assert refused.value.message_dict == {
        "reps_max": ["The most repetitions (6) cannot be fewer than the fewest (8)."]
    }


def test_a_dose_range_of_a_single_number_is_allowed():
    exercise = ExerciseFactory.build(reps_min=5, reps_max=5)

    exercise.full_clean()


def test_the_database_refuses_a_dose_range_whose_fewest_repetitions_exceed_the_most():
    with pytest.raises(IntegrityError, match="exercise_reps_range_in_order"), transaction.atomic():
        ExerciseFactory(reps_min=8, reps_max=6)

    assert not Exercise.objects.filter(reps_min=8, reps_max=6).exists()


# Ladder


def test_an_empty_ladder_is_refused_with_a_clear_message():
    with pytest.raises(ValidationError) as refused:
        services.ladder_validate([])

    assert refused.value.code == "empty_ladder"
    assert refused.value.messages == [
        "An exercise needs a ladder with at least one rung: its starting prescription."
    ]


def test_a_ladder_with_a_gap_in_its_rungs_is_refused():
    with pytest.raises(ValidationError) as refused:
        services.ladder_validate([0, 2])

    assert refused.value.code == "ladder_gaps"


def test_a_ladder_numbered_from_zero_without_gaps_is_accepted():
    services.ladder_validate([2, 0, 1])


def test_a_stored_exercise_without_rungs_fails_validation():
    exercise = ExerciseFactory(rungs=0)

    with pytest.raises(ValidationError, match="at least one rung"):
        services.exercise_validate(exercise)


def test_a_stored_exercise_with_a_one_rung_ladder_passes_validation():
    exercise = LadderRungFactory().exercise

    services.exercise_validate(exercise)


def test_catalogue_validation_names_the_exercise_whose_ladder_is_empty():
    ExerciseFactory(name="Wall Slide", rungs=0)

    with pytest.raises(ValidationError) as refused:
        services.catalogue_validate()

    assert refused.value.messages == [
        "Wall Slide: An exercise needs a ladder with at least one rung: its starting prescription."
    ]


# Avoided movements
#
# Django runs m2m add() inside atomic(savepoint=False), so a refused add spoils the surrounding
# transaction; each refusal below runs in its own atomic block, as a caller that wants to carry
# on must.


def test_tagging_a_recommended_exercise_with_an_avoided_movement_is_refused_with_a_clear_message(
    flexion,
):
    exercise = ExerciseFactory(name="Wall Slide")

    with pytest.raises(ValidationError) as refused, transaction.atomic():
        exercise.movements.add(flexion)

    assert refused.value.messages == [
        "Wall Slide is recommended, so it cannot use a movement from the avoid list: "
        "Bending the spine forward."
    ]
    assert not exercise.movements.filter(pk=flexion.pk).exists()


def test_tagging_from_the_movement_side_is_refused_too(flexion):
    exercise = ExerciseFactory()

    with (
        pytest.raises(ValidationError, match="cannot use a movement from the avoid list"),
        transaction.atomic(),
    ):
        flexion.exercises.add(exercise)

    assert not exercise.movements.filter(pk=flexion.pk).exists()


def test_setting_the_movements_of_a_recommended_exercise_to_include_an_avoided_one_is_refused(
    flexion,
):
    exercise = ExerciseFactory()

    with pytest.raises(ValidationError, match="Bending the spine forward"), transaction.atomic():
        exercise.movements.set([*exercise.movements.all(), flexion])

    assert not exercise.movements.filter(pk=flexion.pk).exists()


def test_an_exercise_outside_the_program_may_be_tagged_with_an_avoided_movement(flexion):
    """The catalogue can describe a risky move (to warn about it) as long as it is not recommended."""
    exercise = ExerciseFactory(recommended=False)

    exercise.movements.add(flexion)

    assert exercise.movements.filter(pk=flexion.pk).exists()


def test_making_an_exercise_tagged_with_an_avoided_movement_recommended_is_refused(flexion):
    exercise = ExerciseFactory(recommended=False, movements=[flexion], name="Toe Touch")
    exercise.recommended = True

    with pytest.raises(ValidationError) as refused:
        exercise.full_clean()

    assert refused.value.message_dict == {
        "recommended": [
            "Toe Touch is recommended, so it cannot use a movement from the avoid list: "
            "Bending the spine forward."
        ]
    }


def test_exercise_validation_refuses_a_recommended_exercise_with_an_avoided_movement(flexion):
    exercise = ExerciseFactory(recommended=False, movements=[flexion])
    Exercise.objects.filter(pk=exercise.pk).update(recommended=True)
    exercise.refresh_from_db()

    with pytest.raises(ValidationError, match="cannot use a movement from the avoid list"):
        services.exercise_validate(exercise)


def test_adding_a_movement_a_recommended_exercise_uses_to_the_avoid_list_is_refused():
    movement = MovementFactory()
    ExerciseFactory(name="Wall Slide", movements=[movement])
    avoided = AvoidedMovementFactory()

    with pytest.raises(ValidationError) as refused, transaction.atomic():
        avoided.movements.add(movement)

    assert refused.value.messages == [
        "Recommended exercises use this movement (Wall Slide); change them first."
    ]
    assert not avoided.movements.exists()


def test_putting_a_movement_on_the_avoid_list_from_the_movement_side_is_refused_too():
    movement = MovementFactory()
    ExerciseFactory(movements=[movement])
    avoided = AvoidedMovementFactory()

    with pytest.raises(ValidationError, match="change them first"), transaction.atomic():
        movement.avoided_in.add(avoided)

    assert not avoided.movements.exists()


def test_a_movement_no_recommended_exercise_uses_can_join_the_avoid_list():
    movement = MovementFactory()
    ExerciseFactory(recommended=False, movements=[movement])
    avoided = AvoidedMovementFactory()

    avoided.movements.add(movement)

    assert list(avoided.movements.all()) == [movement]
