"""The tracking services against the real database: starting and changing a program, logging
sessions, and the program moving up, stepping back and pausing as the rules say.

The rules themselves are tested as pure functions in test_progression.py; these tests check
that the services apply them to what people log, store every change, and save nothing bad.
"""

import datetime as dt

import pytest
from django.core.exceptions import ValidationError

from exercises.models import Band
from tests.factories import UserFactory
from tests.tracking.factories import (
    ZONE,
    ProgramFactory,
    days_logged,
    hours_ago,
    local_today,
    prescribed_entries,
    session_logged,
    sessions_logged,
)
from tests.tracking.records import events, rungs, states
from tracking import selectors, services
from tracking.models import (
    Entry,
    EventKind,
    PauseReason,
    Prescription,
    Program,
    ProgressionEvent,
    Session,
)
from tracking.progression import Rung

pytestmark = pytest.mark.django_db

START = {
    "doctor_confirmed": True,
    "floor_ok": True,
    "spinal_fracture": False,
    "training_days": ["mon", "wed", "fri"],
    "reminder_time": dt.time(8, 30),
    "timezone_name": "Europe/Paris",
    "reminders_enabled": True,
}


def snapshot(program) -> tuple[list, list]:
    """Everything the progression writes: each prescription's whole state, and every event."""
    return states(program), events(program)


def recomputed(program) -> tuple[list, list]:
    services.program_recompute(program=program)
    return snapshot(program)


def advance_events(program, slug="back-extension"):
    return list(
        ProgressionEvent.objects.filter(
            program=program, kind=EventKind.ADVANCE, exercise__slug=slug
        )
    )


# --- starting a program -----------------------------------------------------------------------


def test_a_program_starts_only_after_the_person_confirms_they_asked_their_doctor(user):
    with pytest.raises(ValidationError) as refused:
        services.program_start(user=user, **{**START, "doctor_confirmed": False})

    assert "asked your doctor" in refused.value.message_dict["doctor_confirmed"][0]
    assert not Program.objects.exists()
    assert not Prescription.objects.exists()


@pytest.mark.parametrize(
    "days",
    [
        [],
        ["mon"],
        ["mon", "thu"],
        ["mon", "tue", "wed", "thu", "fri"],
        ["mon", "tue", "wed", "thu", "fri", "sat", "sun"],
    ],
)
def test_a_program_needs_three_or_four_training_days(user, days):
    with pytest.raises(ValidationError) as refused:
        services.program_start(user=user, **{**START, "training_days": days})

    assert "Choose 3 or 4 training days" in refused.value.message_dict["training_days"][0]
    assert not Program.objects.exists()


@pytest.mark.parametrize(
    ("days", "mask"), [(["mon", "wed", "fri"], 0b10101), (["tue", "thu", "sat", "sun"], 0b1101010)]
)
def test_three_or_four_training_days_are_stored_as_those_weekdays(user, days, mask):
    program = services.program_start(user=user, **{**START, "training_days": days})

    assert program.training_days == mask
    assert program.weekday_codes == days


@pytest.mark.parametrize(
    ("days", "message"),
    [(["mon", "wed", "funday"], "not a day we know"), (["mon", "mon", "wed"], "more than once")],
)
def test_unknown_or_repeated_training_days_are_refused(user, days, message):
    with pytest.raises(ValidationError) as refused:
        services.program_start(user=user, **{**START, "training_days": days})

    assert message in refused.value.message_dict["training_days"][0]
    assert not Program.objects.exists()


@pytest.mark.parametrize("zone", ["Mars/Olympus", "", "europe/london"])
def test_a_time_zone_that_is_not_an_iana_name_is_refused(user, zone):
    with pytest.raises(ValidationError) as refused:
        services.program_start(user=user, **{**START, "timezone_name": zone})

    assert "not a time zone we know" in refused.value.message_dict["timezone"][0]
    assert not Program.objects.exists()


def test_a_reminder_time_that_is_not_a_time_of_day_is_refused(user):
    with pytest.raises(ValidationError) as refused:
        services.program_start(user=user, **{**START, "reminder_time": "25:99"})

    assert "like 08:30" in refused.value.message_dict["reminder_time"][0]
    assert not Program.objects.exists()


def test_every_problem_with_a_program_is_reported_at_once(user):
    with pytest.raises(ValidationError) as refused:
        services.program_start(
            user=user,
            **{**START, "doctor_confirmed": False, "training_days": ["mon"], "timezone_name": "X"},
        )

    assert set(refused.value.message_dict) == {"doctor_confirmed", "training_days", "timezone"}


def test_a_person_has_only_one_active_program(user):
    services.program_start(user=user, **START)

    with pytest.raises(ValidationError, match="already have a program"):
        services.program_start(user=user, **{**START, "training_days": ["tue", "thu", "sat"]})

    assert Program.objects.filter(user=user).count() == 1
    assert Program.objects.get(user=user).weekday_codes == ["mon", "wed", "fri"]


def test_two_people_each_have_their_own_program(user):
    services.program_start(user=user, **START)
    services.program_start(user=UserFactory(), **START)

    assert Program.objects.filter(active=True).count() == 2


def test_a_new_program_prescribes_every_recommended_exercise_at_the_start_of_its_ladder(user):
    program = services.program_start(user=user, **START)

    items = selectors.program_items(selectors.program_active(user))

    assert [item.exercise.slug for item in items] == [
        "back-extension",
        "seated-row",
        "standing-back-bend",
        "shoulder-raises-and-rotations",
        "knee-lifts",
        "ankle-pulls",
    ]
    assert {item.rung_index for item in items} == {0}
    assert set(rungs(program).values()) == {0}


def test_back_extension_starts_at_six_repetitions_on_each_side_once_a_day(user):
    services.program_start(user=user, **START)
    items = {i.exercise.slug: i for i in selectors.program_items(selectors.program_active(user))}

    back = items["back-extension"]

    assert back.rung == Rung(sets=1, reps=6, sessions_per_day=1, hold_seconds=3, band=None)
    assert back.exercise.reps_per_side
    assert not back.daily


def test_seated_row_starts_at_six_repetitions_once_a_day_on_the_lightest_band(user):
    services.program_start(user=user, **START)
    items = {i.exercise.slug: i for i in selectors.program_items(selectors.program_active(user))}

    row = items["seated-row"]

    assert (row.rung.sets, row.rung.reps, row.rung.sessions_per_day) == (1, 6, 1)
    assert row.rung.band == Band.objects.order_by("position").first().slug == "extra-light"
    assert not row.daily


def test_standing_back_bend_starts_at_five_repetitions_held_five_seconds_twice_a_day(user):
    services.program_start(user=user, **START)
    items = {i.exercise.slug: i for i in selectors.program_items(selectors.program_active(user))}

    bend = items["standing-back-bend"]

    assert bend.rung == Rung(sets=1, reps=5, sessions_per_day=2, hold_seconds=5, band=None)
    assert bend.daily


def test_the_gentle_stretches_are_due_every_day_and_the_strengthening_on_training_days(user):
    services.program_start(user=user, **START)

    items = selectors.program_items(selectors.program_active(user))

    assert [item.exercise.slug for item in items if item.daily] == [
        "standing-back-bend",
        "shoulder-raises-and-rotations",
        "knee-lifts",
        "ankle-pulls",
    ]


def test_a_spinal_fracture_is_recorded_and_every_exercise_starts_at_the_lowest_step(user):
    program = services.program_start(user=user, **{**START, "spinal_fracture": True})

    assert program.spinal_fracture
    assert set(rungs(program).values()) == {0}


def test_a_program_starts_on_todays_date_in_its_own_time_zone(user):
    program = services.program_start(user=user, **{**START, "timezone_name": "Pacific/Kiritimati"})

    assert program.started_on == local_today("Pacific/Kiritimati")


def test_starting_a_program_remembers_the_time_zone_on_the_account(user):
    services.program_start(user=user, **{**START, "timezone_name": "America/Toronto"})

    user.refresh_from_db()
    assert user.timezone == "America/Toronto"


# --- changing, pausing and resuming a program -------------------------------------------------


def test_a_person_can_change_their_days_time_time_zone_and_reminders():
    program = ProgramFactory()

    services.program_update(
        program=program,
        doctor_confirmed=True,
        floor_ok=True,
        spinal_fracture=False,
        training_days=["tue", "thu", "sat", "sun"],
        reminder_time=dt.time(18, 15),
        timezone_name="Asia/Tokyo",
        reminders_enabled=False,
    )

    program.refresh_from_db()
    assert program.weekday_codes == ["tue", "thu", "sat", "sun"]
    assert program.reminder_time == dt.time(18, 15)
    assert program.timezone == "Asia/Tokyo"
    assert not program.reminders_enabled
    program.user.refresh_from_db()
    assert program.user.timezone == "Asia/Tokyo"


def test_a_change_to_two_training_days_is_refused_and_nothing_changes():
    program = ProgramFactory()

    with pytest.raises(ValidationError) as refused:
        services.program_update(
            program=program,
            doctor_confirmed=True,
            floor_ok=True,
            spinal_fracture=True,
            training_days=["tue", "thu"],
            reminder_time=dt.time(18, 15),
            timezone_name="Asia/Tokyo",
            reminders_enabled=False,
        )

    assert "training_days" in refused.value.message_dict
    program.refresh_from_db()
    assert program.weekday_codes == ["mon", "wed", "fri"]
    assert program.timezone == ZONE
    assert program.reminders_enabled
    assert not program.spinal_fracture


def test_a_paused_program_resumes_without_questions_when_the_person_paused_it():
    program = ProgramFactory()

    services.program_pause(program=program)
    program.refresh_from_db()
    assert program.paused
    assert program.pause_reason == PauseReason.CHOSEN
    assert program.paused_at is not None

    services.program_resume(program=program)
    program.refresh_from_db()
    assert not program.paused
    assert program.pause_reason == ""
    assert program.paused_at is None


def test_resetting_the_calendar_token_gives_a_new_secret():
    program = ProgramFactory()
    old = program.calendar_token

    services.calendar_token_reset(program=program)

    program.refresh_from_db()
    assert program.calendar_token != old
    assert len(program.calendar_token) >= 32


# --- logging: bad input saves nothing ---------------------------------------------------------


def entry(**changes) -> services.EntryInput:
    fields = {"exercise": "back-extension", "sets": 1, "reps": 6, "hold_seconds": 3, "band": None}
    return services.EntryInput(**{**fields, **changes})


@pytest.mark.parametrize(
    ("fields", "field", "message"),
    [
        ({"pain_before": -1}, "pain_before", "pain you had before is a number from 0 to 10"),
        ({"pain_after": 11}, "pain_after", "pain you had after is a number from 0 to 10"),
        ({"effort": 99}, "effort", "How hard it felt is a number from 0 to 10"),
        ({"entries": [entry(sets=0)]}, "entries", "sets must be between 1 and 10"),
        ({"entries": [entry(sets=500)]}, "entries", "sets must be between 1 and 10"),
        ({"entries": [entry(reps=-3)]}, "entries", "repetitions must be between 0 and 50"),
        ({"entries": [entry(reps=1000)]}, "entries", "repetitions must be between 0 and 50"),
        ({"entries": [entry(hold_seconds=0)]}, "entries", "between 1 and 120 seconds"),
        ({"entries": [entry(hold_seconds=3600)]}, "entries", "between 1 and 120 seconds"),
        ({"entries": [entry(exercise="sit-ups")]}, "entries", "not an exercise in your program"),
        ({"entries": [entry(), entry(reps=7)]}, "entries", "listed twice"),
        ({"entries": []}, "entries", "at least one exercise"),
        ({"entries": [entry(band="light")]}, "entries", "does not use a band"),
        (
            {"entries": [entry(exercise="seated-row", band="titanium", hold_seconds=1)]},
            "entries",
            "not a band we know",
        ),
        ({"performed_at": hours_ago(-24)}, "performed_at", "in the future"),
        ({"performed_at": hours_ago(24 * 400)}, "performed_at", "before your program started"),
        ({"performed_at": dt.datetime(2025, 1, 1, 9, 0)}, "performed_at", "time zone"),
    ],
)
def test_a_session_with_bad_input_is_refused_with_a_message_and_saves_nothing(
    fields, field, message
):
    program = ProgramFactory()

    with pytest.raises(ValidationError) as refused:
        services.session_log(
            user=program.user,
            **{
                "performed_at": hours_ago(1),
                "pain_before": 1,
                "pain_after": 1,
                "effort": 4,
                "red_flag": False,
                "entries": [entry()],
                **fields,
            },
        )

    assert message in " ".join(refused.value.message_dict[field])
    assert not Session.objects.exists()
    assert not Entry.objects.exists()
    assert not ProgressionEvent.objects.exists()
    assert not Program.objects.get().paused


def test_an_exercise_that_is_real_but_not_in_the_program_is_refused():
    program = ProgramFactory()
    Prescription.objects.filter(program=program, exercise__slug="seated-row").delete()

    with pytest.raises(ValidationError, match="not an exercise in your program"):
        session_logged(program, entries=[entry(exercise="seated-row", hold_seconds=1)])

    assert not Session.objects.exists()


def test_a_session_cannot_be_logged_before_a_program_is_started(user):
    with pytest.raises(ValidationError, match="Start your program"):
        services.session_log(
            user=user,
            performed_at=hours_ago(1),
            pain_before=0,
            pain_after=0,
            effort=3,
            red_flag=False,
            entries=[entry()],
        )

    assert not Session.objects.exists()


# --- logging: what is stored -----------------------------------------------------------------


def test_a_logged_session_stores_how_it_felt_and_each_exercise_done():
    program = ProgramFactory()

    session = session_logged(
        program,
        pain_before=2,
        pain_after=3,
        effort=6,
        notes="Felt stiff at first.",
        entries=[entry(reps=5), entry(exercise="seated-row", hold_seconds=1, band="light")],
    )

    session.refresh_from_db()
    assert (session.pain_before, session.pain_after, session.effort) == (2, 3, 6)
    assert session.notes == "Felt stiff at first."
    assert session.user == program.user
    assert session.program == program
    assert list(
        session.entries.order_by("exercise__position").values_list(
            "exercise__slug", "sets", "reps", "hold_seconds", "band__slug"
        )
    ) == [("back-extension", 1, 5, 3, None), ("seated-row", 1, 6, 1, "light")]


def test_a_session_is_dated_by_the_calendar_of_the_programs_time_zone():
    program = ProgramFactory(timezone_name="Pacific/Auckland")
    # 23:30 on some evening in UTC is already the next morning in New Zealand.
    evening_utc = (hours_ago(48)).replace(hour=23, minute=30, second=0, microsecond=0)

    session = session_logged(program, performed_at=evening_utc)

    assert session.local_date == evening_utc.date() + dt.timedelta(days=1)


# --- progression as sessions are logged -------------------------------------------------------


def test_two_comfortable_sessions_keep_the_prescription_and_count_towards_moving_up():
    program = ProgramFactory()

    sessions_logged(program, 2)

    back = Prescription.objects.get(program=program, exercise__slug="back-extension")
    assert (back.rung, back.streak) == (0, 2)
    assert not ProgressionEvent.objects.exists()


def test_three_comfortable_days_move_each_once_a_day_exercise_up_one_step():
    program = ProgramFactory()

    sessions_logged(program, 3)

    moved = rungs(program)
    assert (moved["back-extension"], moved["seated-row"], moved["knee-lifts"]) == (1, 1, 1)


def test_three_days_with_one_session_each_leave_a_twice_a_day_exercise_where_it_was():
    program = ProgramFactory()

    sessions_logged(program, 3)

    bend = Prescription.objects.get(program=program, exercise__slug="standing-back-bend")
    assert (bend.rung, bend.streak) == (0, 0)
    assert not advance_events(program, "standing-back-bend")


def test_three_days_with_two_sessions_each_move_a_twice_a_day_exercise_up_one_step():
    program = ProgramFactory()

    days_logged(program, [4, 2, 0], per_day=2)

    assert rungs(program)["standing-back-bend"] == 1
    assert len(advance_events(program, "standing-back-bend")) == 1


def test_an_exercise_at_the_top_of_its_ladder_stays_there():
    program = ProgramFactory()
    # Standing Back Bend: twice a day, then three times a day, its top.
    days_logged(program, [10, 9, 8], per_day=2)
    assert rungs(program)["standing-back-bend"] == 1

    days_logged(program, [6, 4, 2, 0], per_day=3)

    bend = Prescription.objects.get(program=program, exercise__slug="standing-back-bend")
    assert (bend.rung, bend.streak) == (1, 3)
    assert len(advance_events(program, "standing-back-bend")) == 1


def test_moving_up_is_recorded_as_an_event_saying_from_what_to_what_why_and_which_session():
    program = ProgramFactory()

    *_, third = sessions_logged(program, 3)

    [event] = advance_events(program)
    assert event.session == third
    assert (event.from_rung, event.to_rung) == (0, 1)
    assert event.from_text == "6 repetitions, hold 3 seconds, once a day"
    assert event.to_text == "7 repetitions, hold 3 seconds, once a day"
    assert event.reason == "target_met_streak"
    assert event.message == (
        "Three comfortable days in a row: Back Extension moves up to "
        "7 repetitions, hold 3 seconds, once a day."
    )
    assert event.occurred_at == third.performed_at


def test_the_next_log_is_prefilled_from_the_new_step():
    program = ProgramFactory()
    sessions_logged(program, 3)

    [back] = prescribed_entries(program, only={"back-extension"})

    assert back.reps == 7


def test_a_session_short_of_the_prescription_does_not_count_towards_moving_up():
    program = ProgramFactory()
    session_logged(program, performed_at=hours_ago(100))
    session_logged(program, performed_at=hours_ago(50), entries=[entry(reps=5)])
    session_logged(program, performed_at=hours_ago(1))

    assert rungs(program)["back-extension"] == 0
    assert not advance_events(program)


def test_seated_row_moves_to_the_next_band_after_the_top_of_the_lightest():
    program = ProgramFactory()
    # Six rungs on the lightest band (6-8 reps once a day, then twice a day): 3 days each, with
    # two sessions a day (the second adds nothing on a once-a-day rung).
    days_logged(program, range(17, -1, -1), per_day=2)

    row = next(
        i
        for i in selectors.program_items(selectors.program_active(program.user))
        if i.exercise.slug == "seated-row"
    )
    assert row.rung_index == 6
    assert (row.rung.reps, row.rung.sessions_per_day, row.rung.band) == (6, 2, "light")


@pytest.mark.parametrize(
    ("pain_before", "pain_after", "reason"),
    [(0, 5, "pain_high"), (3, 6, "pain_high"), (1, 3, "pain_rose"), (2, 4, "pain_rose")],
)
def test_a_painful_session_steps_each_exercise_in_it_back_one_step(pain_before, pain_after, reason):
    program = ProgramFactory()
    sessions_logged(program, 3)

    painful = session_logged(program, pain_before=pain_before, pain_after=pain_after)

    assert rungs(program)["back-extension"] == 0
    event = ProgressionEvent.objects.get(
        program=program, kind=EventKind.STEP_BACK, exercise__slug="back-extension"
    )
    assert event.session == painful
    assert (event.from_rung, event.to_rung) == (1, 0)
    assert event.reason == reason
    assert f"{pain_after} out of 10" in event.message
    assert "eases back to 6 repetitions" in event.message


def test_a_painful_session_steps_back_only_the_exercises_logged_in_it():
    program = ProgramFactory()
    sessions_logged(program, 3)

    session_logged(
        program,
        pain_before=0,
        pain_after=5,
        entries=prescribed_entries(program, only={"seated-row"}),
    )

    assert rungs(program)["seated-row"] == 0
    assert rungs(program)["back-extension"] == 1


def test_a_painful_session_never_steps_below_the_start():
    program = ProgramFactory()

    session_logged(program, pain_before=0, pain_after=6)

    assert set(rungs(program).values()) == {0}
    assert not ProgressionEvent.objects.filter(kind=EventKind.STEP_BACK).exists()


def test_a_painful_session_below_the_pause_threshold_leaves_the_program_running():
    program = ProgramFactory()

    session_logged(program, pain_before=0, pain_after=6)

    program.refresh_from_db()
    assert not program.paused


# --- safety pauses ----------------------------------------------------------------------------


@pytest.mark.parametrize("pain_after", [7, 10])
def test_severe_pain_after_a_session_pauses_the_whole_program_for_safety(pain_after):
    program = ProgramFactory()

    session = session_logged(program, pain_before=2, pain_after=pain_after)

    program.refresh_from_db()
    assert program.paused
    assert program.pause_reason == PauseReason.SAFETY
    assert program.paused_for_safety
    pause = ProgressionEvent.objects.get(program=program, kind=EventKind.PAUSE)
    assert pause.session == session
    assert pause.reason == "pain_high"
    assert "stop exercising and see your doctor" in pause.message
    assert "or a warning sign" in pause.message
    assert "call emergency services now" in pause.message.lower()


def test_a_red_flag_pauses_the_program_even_when_the_pain_score_is_low():
    program = ProgramFactory()

    session_logged(program, pain_before=0, pain_after=1, red_flag=True)

    program.refresh_from_db()
    assert program.paused_for_safety
    assert ProgressionEvent.objects.get(kind=EventKind.PAUSE).reason == "red_flag"


def test_a_red_flag_also_steps_each_exercise_back():
    program = ProgramFactory()
    sessions_logged(program, 3)

    session_logged(program, pain_before=0, pain_after=0, red_flag=True)

    assert rungs(program)["back-extension"] == 0


def test_a_safety_pause_overrides_a_pause_the_person_chose():
    program = ProgramFactory()
    services.program_pause(program=program)

    session_logged(program, pain_after=8)

    program.refresh_from_db()
    assert program.pause_reason == PauseReason.SAFETY


def test_after_a_safety_pause_the_program_resumes_only_once_the_person_has_seen_a_doctor():
    program = ProgramFactory()
    session_logged(program, pain_after=8)
    program.refresh_from_db()

    with pytest.raises(ValidationError) as refused:
        services.program_resume(program=program)

    assert "seen your doctor" in refused.value.message_dict["seen_doctor"][0]
    program.refresh_from_db()
    assert program.paused_for_safety


def test_confirming_a_doctors_visit_resumes_the_program_and_is_recorded():
    program = ProgramFactory()
    session_logged(program, pain_after=8)
    program.refresh_from_db()

    services.program_resume(program=program, seen_doctor=True)

    program.refresh_from_db()
    assert not program.paused
    resume = ProgressionEvent.objects.get(program=program, kind=EventKind.RESUME)
    assert resume.reason == "seen_doctor"


# --- recomputing: backdated logs, corrections and deletions -----------------------------------


def test_logging_each_new_session_gives_the_same_state_as_recomputing_from_all_logs():
    program = ProgramFactory()
    sessions_logged(program, 4)
    session_logged(program, pain_before=1, pain_after=4)
    sessions_logged(program, 3)

    logged = snapshot(program)

    assert logged == recomputed(program)
    assert len(logged[1]) > 3


def test_a_backdated_painful_session_undoes_a_move_up_it_came_before():
    program = ProgramFactory()
    *_, third = sessions_logged(program, 3)
    assert rungs(program)["back-extension"] == 1

    session_logged(program, performed_at=third.performed_at - dt.timedelta(hours=1), pain_after=5)

    assert rungs(program)["back-extension"] == 0
    assert not advance_events(program)
    assert snapshot(program) == recomputed(program)


def test_a_backdated_comfortable_session_can_complete_a_run_of_three():
    program = ProgramFactory()
    first = session_logged(program, performed_at=hours_ago(100))
    last = session_logged(program, performed_at=hours_ago(1))

    middle = session_logged(program, performed_at=hours_ago(50))

    [event] = advance_events(program)
    assert event.session == last
    assert first.performed_at < middle.performed_at < last.performed_at
    assert snapshot(program) == recomputed(program)


def test_correcting_a_session_to_uncomfortable_recomputes_the_program():
    program = ProgramFactory()
    _, second, _ = sessions_logged(program, 3)

    services.session_update(
        session=second,
        performed_at=second.performed_at,
        pain_before=3,
        pain_after=4,
        effort=5,
        red_flag=False,
        entries=prescribed_entries(program),  # now the step-1 dose: more than was prescribed
    )

    assert rungs(program)["back-extension"] == 0
    assert not advance_events(program)
    second.refresh_from_db()
    assert (second.pain_before, second.pain_after) == (3, 4)
    assert snapshot(program) == recomputed(program)


def test_correcting_a_session_to_severe_pain_pauses_the_program():
    program = ProgramFactory()
    [session] = sessions_logged(program, 1)

    services.session_update(
        session=session,
        performed_at=session.performed_at,
        pain_before=1,
        pain_after=9,
        effort=5,
        red_flag=False,
        entries=prescribed_entries(program),
    )

    program.refresh_from_db()
    assert program.paused_for_safety


def test_a_correction_with_bad_input_is_refused_and_the_session_stays_as_it_was():
    program = ProgramFactory()
    [session] = sessions_logged(program, 1)
    before = snapshot(program)

    with pytest.raises(ValidationError):
        services.session_update(
            session=session,
            performed_at=session.performed_at,
            pain_before=1,
            pain_after=1,
            effort=5,
            red_flag=False,
            entries=[entry(reps=500)],
        )

    session.refresh_from_db()
    assert session.effort == 4
    assert session.entries.count() == 6
    assert snapshot(program) == before


def test_deleting_a_painful_session_lets_the_comfortable_ones_count_again():
    program = ProgramFactory()
    session_logged(program, performed_at=hours_ago(200))
    painful = session_logged(program, performed_at=hours_ago(150), pain_before=1, pain_after=3)
    session_logged(program, performed_at=hours_ago(100))
    last = session_logged(program, performed_at=hours_ago(1))
    assert rungs(program)["back-extension"] == 0

    services.session_delete(session=painful)

    assert not Session.objects.filter(pk=painful.pk).exists()
    assert rungs(program)["back-extension"] == 1
    [event] = advance_events(program)
    assert event.session == last
    assert snapshot(program) == recomputed(program)


def test_deleting_a_session_that_completed_a_move_up_takes_the_move_back():
    program = ProgramFactory()
    *_, third = sessions_logged(program, 3)

    services.session_delete(session=third)

    assert rungs(program)["back-extension"] == 0
    assert not ProgressionEvent.objects.filter(program=program).exists()
    assert not Entry.objects.filter(session_id=third.pk).exists()
    assert snapshot(program) == recomputed(program)


def test_a_session_from_an_earlier_program_cannot_be_changed():
    earlier = ProgramFactory()
    [old] = sessions_logged(earlier, 1)
    Program.objects.filter(pk=earlier.pk).update(active=False)
    ProgramFactory(user=earlier.user)

    with pytest.raises(ValidationError, match="earlier program"):
        services.session_update(
            session=old,
            performed_at=old.performed_at,
            pain_before=5,
            pain_after=5,
            effort=5,
            red_flag=False,
            entries=[entry()],
        )

    old.refresh_from_db()
    assert old.pain_before == 1


def test_recomputing_one_program_leaves_other_peoples_programs_alone():
    mine, theirs = ProgramFactory(), ProgramFactory()
    sessions_logged(mine, 3)
    sessions_logged(theirs, 3)
    session_logged(theirs, pain_after=5)
    before = snapshot(theirs)

    services.program_recompute(program=mine)

    assert snapshot(theirs) == before
