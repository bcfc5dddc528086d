"""`manage.py recompute_programs` brings prescriptions built by older rules into line."""

import pytest
from django.core.management import call_command

from tests.tracking.factories import ProgramFactory, sessions_logged
from tracking.models import Prescription

pytestmark = pytest.mark.django_db


def state(program) -> list[tuple]:
    return list(
        Prescription.objects.filter(program=program)
        .order_by("position")
        .values_list(*Prescription.STATE_FIELDS)
    )


def test_a_prescription_moved_up_by_old_rules_is_recomputed_from_the_logs(capsys):
    program = ProgramFactory()
    sessions_logged(program, 2)
    expected = state(program)
    # As the session-count rules of earlier releases could leave it: higher, no day recorded.
    Prescription.objects.filter(program=program).update(rung=2, streak=1, day=None)

    call_command("recompute_programs")

    assert state(program) == expected
    assert "Recomputed 1 program." in capsys.readouterr().out


def test_running_it_twice_changes_nothing():
    program = ProgramFactory()
    sessions_logged(program, 4)
    call_command("recompute_programs")
    once = state(program)
    call_command("recompute_programs")
    assert state(program) == once
