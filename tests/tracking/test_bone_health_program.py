"""Programs that follow the floor and fracture answers (issue 14): what they hold, the band cap
after a spinal fracture, and what changes when the answers change."""

import datetime as dt
import zoneinfo

import pytest
from django.core.exceptions import ValidationError

from tests.tracking.factories import ZONE, ProgramFactory, local_today, prescribed_entries
from tests.tracking.floor import floor_catalogue
from tests.tracking.records import rungs
from tracking import composition, selectors, services
from tracking.models import Ceiling, Entry, Program

pytestmark = pytest.mark.django_db

FLOOR_EXERCISES = {"back-extension", "seated-row"}
ALTERNATIVES = {"standing-back-extension", "standing-band-row"}
CAP_TOP = 5  # the Seated Row's ladder (and its standing alternative's): 8 twice a day, extra-light


@pytest.fixture(autouse=True)
def catalogue():
    return floor_catalogue()


def held(program) -> set[str]:
    return {p.exercise.slug for p in Program.objects.get(pk=program.pk).prescriptions.all()}


def settings_of(program: Program, **answers) -> dict:
    return {
        "program": program,
        "doctor_confirmed": True,
        "floor_ok": program.floor_ok,
        "spinal_fracture": program.spinal_fracture,
        "training_days": program.weekday_codes,
        "reminder_time": program.reminder_time,
        "timezone_name": program.timezone,
        "reminders_enabled": program.reminders_enabled,
        **answers,
    }


def noon(days_ago: int, hour: int = 12) -> dt.datetime:
    day = local_today() - dt.timedelta(days=days_ago)
    return dt.datetime.combine(day, dt.time(hour, 0), zoneinfo.ZoneInfo(ZONE))


def comfortable_days(program, slug: str, days_ago: range) -> None:
    """Each day in `days_ago`, the prescription of `slug` done in full, comfortably, as many
    times as it asks that day."""
    for ago in days_ago:
        for hour in (9, 17):
            entries = prescribed_entries(program, only={slug})
            services.session_log(
                user=program.user,
                performed_at=noon(ago, hour),
                now=noon(ago, hour) + dt.timedelta(minutes=1),
                entries=entries,
                pain_before=0,
                pain_after=0,
                effort=5,
                red_flag=False,
            )


# --- what a program holds ----------------------------------------------------------------


def test_a_program_for_someone_who_can_use_the_floor_holds_no_alternative():
    program = ProgramFactory(floor_ok=True)

    assert FLOOR_EXERCISES <= held(program)
    assert not ALTERNATIVES & held(program)


def test_a_program_started_with_floor_ok_false_holds_no_floor_exercise():
    program = ProgramFactory(floor_ok=False)

    assert not FLOOR_EXERCISES & held(program)
    assert ALTERNATIVES <= held(program)


def test_a_program_started_after_a_spinal_fracture_holds_no_floor_exercise():
    program = ProgramFactory(floor_ok=True, spinal_fracture=True)

    assert not FLOOR_EXERCISES & held(program)
    assert ALTERNATIVES <= held(program)


def test_floor_ok_and_spinal_fracture_must_be_answered_to_start(user):
    start = {
        "user": user,
        "doctor_confirmed": True,
        "training_days": ["mon", "wed", "fri"],
        "reminder_time": dt.time(9, 0),
        "timezone_name": ZONE,
    }

    with pytest.raises(ValidationError) as refused:
        services.program_start(**start, floor_ok=None, spinal_fracture=None)

    assert {"floor_ok", "spinal_fracture"} <= refused.value.message_dict.keys()
    assert not Program.objects.filter(user=user).exists()


# --- the band cap after a spinal fracture ---------------------------------------------------


def test_after_a_spinal_fracture_no_band_climbs_above_the_lightest_even_when_replayed():
    program = ProgramFactory(floor_ok=False, spinal_fracture=True)

    comfortable_days(program, "standing-band-row", range(30, 0, -1))
    capped = rungs(program)["standing-band-row"]
    services.program_recompute(program=program)

    assert capped == CAP_TOP
    assert rungs(program)["standing-band-row"] == CAP_TOP
    assert not Entry.objects.filter(session__program=program, band__slug="light").exists()
    item = next(
        i
        for i in selectors.program_items(selectors.program_active(program.user))
        if i.exercise.slug == "standing-band-row"
    )
    assert item.rung.band == "extra-light"
    assert len(item.ladder) == CAP_TOP + 1


def test_the_physiotherapists_yes_lifts_the_band_cap_from_the_next_day():
    program = ProgramFactory(floor_ok=False, spinal_fracture=True)
    comfortable_days(program, "standing-band-row", range(30, 6, -1))
    assert rungs(program)["standing-band-row"] == CAP_TOP

    services.program_update(**settings_of(program, physio_cleared=True), today=noon(6).date())
    program.refresh_from_db()
    comfortable_days(program, "standing-band-row", range(5, 2, -1))

    assert program.physio_cleared_on == noon(6).date()
    assert rungs(program)["standing-band-row"] == CAP_TOP + 1
    services.program_recompute(program=program)
    assert rungs(program)["standing-band-row"] == CAP_TOP + 1


def test_the_yes_brings_floor_work_in_at_its_first_rung_and_the_alternatives_leave():
    program = ProgramFactory(floor_ok=True, spinal_fracture=True)
    comfortable_days(program, "standing-band-row", range(12, 2, -1))

    services.program_update(**settings_of(program, physio_cleared=True))

    program.refresh_from_db()
    assert program.physio_cleared_on == local_today()
    assert FLOOR_EXERCISES <= held(program)
    assert not ALTERNATIVES & held(program)
    assert rungs(program)["seated-row"] == 0
    assert rungs(program)["back-extension"] == 0
    # The alternative's history stays.
    assert Entry.objects.filter(session__program=program, exercise__slug="standing-band-row")


def test_taking_the_yes_back_returns_to_the_standing_exercises_and_the_cap():
    program = ProgramFactory(floor_ok=True, spinal_fracture=True)
    services.program_update(**settings_of(program, physio_cleared=True))
    program.refresh_from_db()

    services.program_update(**settings_of(program, physio_cleared=False))

    program.refresh_from_db()
    assert program.physio_cleared_on is None
    assert not FLOOR_EXERCISES & held(program)


def test_leaving_the_go_ahead_out_keeps_it_as_it_is():
    program = ProgramFactory(floor_ok=True, spinal_fracture=True)
    services.program_update(
        **settings_of(program, physio_cleared=True), today=local_today() - dt.timedelta(days=3)
    )
    program.refresh_from_db()

    services.program_update(**settings_of(program, reminders_enabled=False))

    program.refresh_from_db()
    assert program.physio_cleared_on == local_today() - dt.timedelta(days=3)


# --- the floor answer changing ----------------------------------------------------------------


def test_a_floor_exercise_that_comes_back_starts_again_at_its_first_rung():
    program = ProgramFactory(floor_ok=True)
    comfortable_days(program, "back-extension", range(12, 2, -1))
    assert rungs(program)["back-extension"] > 0

    services.program_update(**settings_of(program, floor_ok=False))
    program.refresh_from_db()
    assert "back-extension" not in held(program)
    services.program_update(**settings_of(program, floor_ok=True))
    services.program_recompute(program=program)

    assert rungs(program)["back-extension"] == 0
    assert Ceiling.objects.filter(
        program=program, exercise__slug="back-extension", reason=composition.RETURNS_AT_START
    ).exists()


def test_a_person_who_says_the_floor_is_no_longer_safe_gets_the_alternatives_at_once():
    program = ProgramFactory(floor_ok=True)

    services.program_update(**settings_of(program, floor_ok=False))

    assert not FLOOR_EXERCISES & held(program)
    assert ALTERNATIVES <= held(program)
