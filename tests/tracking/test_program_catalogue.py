"""Which catalogue exercises a new program prescribes: a floor alternative only ever replaces
its floor exercise, so it never joins a program on its own."""

import pytest

from exercises.models import Exercise
from tests.tracking.factories import ProgramFactory

pytestmark = pytest.mark.django_db


def test_a_new_program_leaves_out_the_standing_versions_of_the_floor_exercises():
    program = ProgramFactory()

    prescribed = set(program.prescriptions.values_list("exercise__slug", flat=True))

    assert "standing-band-row" not in prescribed
    assert "standing-back-extension" not in prescribed
    assert {"seated-row", "back-extension"} <= prescribed


def test_a_new_program_takes_the_guideline_balance_strength_and_posture_exercises():
    program = ProgramFactory()

    prescribed = set(program.prescriptions.values_list("exercise__slug", flat=True))

    assert {"tandem-stance", "single-leg-stand", "sit-to-stand", "chin-tuck"} <= prescribed
    assert prescribed == set(
        Exercise.objects.filter(recommended=True, floor_alternative_for__isnull=True).values_list(
            "slug", flat=True
        )
    )
