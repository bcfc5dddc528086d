"""The progression's safety rules against the real database: one test for each counterexample
in issue 13 ("guided session"). Each one passed through the rules before it: they counted
taps, not days; ignored pain before and effort; let a replay climb past a step back; let a
person edit or delete around a safety pause; and let any date in the past be logged.

The rules as pure functions are tested in test_progression.py; here the services, the API and
the admin must apply them to what people actually log.
"""

import datetime as dt

import pytest
from django.core.exceptions import ValidationError
from django.utils import timezone

from tests.api.helpers import SESSIONS, send, session_body
from tests.tracking.factories import (
    COMFORTABLE,
    ProgramFactory,
    days_logged,
    local_noon,
    local_today,
    prescribed_entries,
    session_logged,
)
from tests.tracking.records import ceilings, events, rungs, states
from tracking import progression, selectors, services
from tracking.models import (
    Ceiling,
    Entry,
    EventKind,
    Prescription,
    ProgressionEvent,
    Session,
)

pytestmark = pytest.mark.django_db

BACK = "back-extension"


def state_of(program, slug: str = BACK) -> dict:
    """Everything the rules keep for one exercise: its rung, its run of days and its day."""
    return Prescription.objects.values(*Prescription.STATE_FIELDS).get(
        program=program, exercise__slug=slug
    )


def advances(program):
    return ProgressionEvent.objects.filter(program=program, kind=EventKind.ADVANCE)


def snapshot(program) -> tuple[dict, list, list]:
    """All the progression writes: every prescription's whole state, every event, and every
    ceiling."""
    return states(program), events(program), ceilings(program)


def back_extension(*, reps: int) -> services.EntryInput:
    """The Back Extension done at `reps` on each side: 8 is the full dose of its first three
    rungs, so a forgotten session counts whichever of them the replay puts it on."""
    return services.EntryInput(exercise=BACK, sets=1, reps=reps, hold_seconds=3)


def logged_now(program, performed_at=None, **fields) -> Session:
    """A session entered now, on the real clock: done now, or, with `performed_at`, forgotten
    and entered late."""
    return services.session_log(
        user=program.user,
        performed_at=performed_at,
        **{"entries": prescribed_entries(program), **COMFORTABLE, **fields},
    )


def first_twice_a_day_rung(program, slug: str = BACK) -> int:
    [item] = [
        item
        for item in selectors.program_items(selectors.program_active(program.user))
        if item.exercise.slug == slug
    ]
    return next(n for n, rung in enumerate(item.ladder) if rung.sessions_per_day == 2)


def placed_at(program, rung: int, slug: str = BACK) -> None:
    Prescription.objects.filter(program=program, exercise__slug=slug).update(rung=rung)


def paused_for_safety(program, *, days_ago: int = 1) -> Session:
    """A session that reports a warning sign, `days_ago` days back: it pauses the program."""
    pausing = session_logged(program, performed_at=local_noon(days_ago), red_flag=True)
    program.refresh_from_db()
    assert program.paused_for_safety
    return pausing


def resumed(program) -> None:
    program.refresh_from_db()
    services.program_resume(program=program, seen_doctor=True)
    program.refresh_from_db()


# --- days, not taps ---------------------------------------------------------------------------


def test_three_sessions_minutes_apart_on_one_day_count_as_one_comfortable_day_not_three():
    program = ProgramFactory()

    for minutes in (0, 5, 10):
        session_logged(program, performed_at=local_noon(1) + dt.timedelta(minutes=minutes))

    back = state_of(program)
    assert (back["rung"], back["streak"]) == (0, 1)
    assert not advances(program).exists()


def test_fifteen_sessions_within_an_hour_never_move_any_exercise_up():
    program = ProgramFactory()

    for n in range(15):
        session_logged(program, performed_at=local_noon(1) + dt.timedelta(minutes=4 * n))

    assert set(rungs(program).values()) == {0}
    assert {state["streak"] for state in states(program).values()} == {1}
    assert not advances(program).exists()


# --- "twice a day" ----------------------------------------------------------------------------


def test_one_session_a_day_never_meets_a_twice_a_day_rung():
    program = ProgramFactory()
    twice = first_twice_a_day_rung(program)
    placed_at(program, twice)

    days_logged(program, [4, 2, 0])

    back = state_of(program)
    assert (back["rung"], back["streak"]) == (twice, 0)
    assert not advances(program).filter(exercise__slug=BACK).exists()


def test_a_twice_a_day_rungs_day_counts_only_with_its_second_session():
    program = ProgramFactory()
    twice = first_twice_a_day_rung(program)
    placed_at(program, twice)

    session_logged(program, performed_at=local_noon(1) - dt.timedelta(hours=3))
    after_first = state_of(program)
    session_logged(program, performed_at=local_noon(1) + dt.timedelta(hours=3))

    assert (after_first["streak"], after_first["day_sessions"], after_first["day_met"]) == (
        0,
        1,
        False,
    )
    back = state_of(program)
    assert (back["rung"], back["streak"], back["day_met"]) == (twice, 1, True)


def test_three_days_with_two_sessions_each_move_a_twice_a_day_rung_up():
    program = ProgramFactory()
    twice = first_twice_a_day_rung(program)
    placed_at(program, twice)

    days_logged(program, [4, 2, 0], per_day=2)

    assert state_of(program)["rung"] == twice + 1


def test_a_second_session_the_same_day_for_one_exercise_adds_nothing_and_leaves_the_rest_alone():
    program = ProgramFactory()
    session_logged(program, performed_at=local_noon(1))
    before = states(program)

    session_logged(
        program,
        performed_at=local_noon(1) + dt.timedelta(hours=3),
        entries=prescribed_entries(program, only={"knee-lifts"}),
    )

    assert states(program) == before
    assert before["knee-lifts"]["streak"] == 1


# --- pain before and effort count -------------------------------------------------------------


def test_pain_nine_before_and_three_after_on_three_days_never_moves_up():
    program = ProgramFactory()

    days_logged(program, [4, 2, 0], pain_before=9, pain_after=3)

    assert set(rungs(program).values()) == {0}
    assert {state["streak"] for state in states(program).values()} == {0}
    assert not advances(program).exists()


def test_effort_nine_on_three_days_holds_every_exercise_where_it_is():
    program = ProgramFactory()

    days_logged(program, [4, 2, 0], effort=9)

    assert set(rungs(program).values()) == {0}
    assert {state["streak"] for state in states(program).values()} == {0}
    assert not advances(program).exists()


# --- a step back is a ratchet -----------------------------------------------------------------


def climbed_then_stepped_back(program) -> Session:
    """Three comfortable days put the Back Extension on its second rung (8 days ago); a painful
    session 3 days ago steps it back to the first. Returns the painful session."""
    days_logged(program, [12, 10, 8])
    assert state_of(program)["rung"] == 1
    painful = session_logged(program, performed_at=local_noon(3), pain_before=1, pain_after=5)
    assert state_of(program)["rung"] == 0
    return painful


def test_forgotten_sessions_dated_before_a_step_back_never_lift_the_exercise_above_it():
    program = ProgramFactory()
    climbed_then_stepped_back(program)

    # Without the ratchet these three days would move it up to the third rung, and the step
    # back would leave it on the second.
    for days_ago in (7, 6, 5):
        logged_now(program, local_noon(days_ago), entries=[back_extension(reps=8)])

    assert state_of(program)["rung"] == 0
    assert Session.objects.filter(program=program).count() == 7


def test_correcting_an_older_session_never_lifts_the_exercise_above_a_later_step_back():
    program = ProgramFactory()
    climbed_then_stepped_back(program)
    logged_now(program, local_noon(7), entries=[back_extension(reps=8)])
    logged_now(program, local_noon(6), entries=[back_extension(reps=8)])
    short = logged_now(program, local_noon(5), entries=[back_extension(reps=5)])
    assert state_of(program)["rung"] == 0

    # Now the full dose: without the ratchet, the third comfortable day in a row.
    services.session_update(
        session=short,
        performed_at=short.performed_at,
        entries=[back_extension(reps=8)],
        **COMFORTABLE,
    )

    assert state_of(program)["rung"] == 0
    assert list(short.entries.values_list("reps", flat=True)) == [8]


def test_deleting_the_painful_session_keeps_the_step_back_it_caused():
    program = ProgramFactory()
    painful = climbed_then_stepped_back(program)

    services.session_delete(session=painful)

    assert not Session.objects.filter(pk=painful.pk).exists()
    assert state_of(program)["rung"] == 0
    ceiling = Ceiling.objects.get(program=program, exercise__slug=BACK)
    assert (ceiling.rung, ceiling.session_id) == (0, None)


# --- while paused for safety ------------------------------------------------------------------


@pytest.fixture
def paused():
    """A program paused for safety by yesterday's session, with a comfortable one before it."""
    program = ProgramFactory()
    earlier = session_logged(program, performed_at=local_noon(2))
    pausing = paused_for_safety(program, days_ago=1)
    return program, earlier, pausing


def assert_refused_while_paused(refused) -> None:
    message = " ".join(refused.value.messages)
    assert "paused for your safety" in message
    assert "see your doctor" in message


def test_while_paused_for_safety_a_session_cannot_be_logged(paused):
    program, _, _ = paused

    with pytest.raises(ValidationError) as refused:
        logged_now(program)

    assert_refused_while_paused(refused)
    assert Session.objects.filter(program=program).count() == 2


def test_while_paused_for_safety_a_session_cannot_be_changed(paused):
    program, earlier, _ = paused

    with pytest.raises(ValidationError) as refused:
        services.session_update(
            session=earlier,
            performed_at=earlier.performed_at,
            entries=prescribed_entries(program),
            **{**COMFORTABLE, "pain_after": 0, "notes": "Changed"},
        )

    assert_refused_while_paused(refused)
    earlier.refresh_from_db()
    assert (earlier.pain_after, earlier.notes) == (COMFORTABLE["pain_after"], "")


def test_while_paused_for_safety_no_session_can_be_deleted(paused):
    program, earlier, pausing = paused

    for session in (earlier, pausing):
        with pytest.raises(ValidationError) as refused:
            services.session_delete(session=session)
        assert_refused_while_paused(refused)

    assert Session.objects.filter(program=program).count() == 2


def test_after_resuming_the_warning_sign_cannot_be_edited_off_the_session_that_paused(paused):
    program, _, pausing = paused
    resumed(program)

    with pytest.raises(ValidationError, match="from before your program was paused for safety"):
        services.session_update(
            session=pausing,
            performed_at=pausing.performed_at,
            entries=prescribed_entries(program),
            **{**COMFORTABLE, "red_flag": False},
        )

    pausing.refresh_from_db()
    assert pausing.red_flag
    assert ProgressionEvent.objects.filter(program=program, kind=EventKind.PAUSE).exists()


# --- backdating -------------------------------------------------------------------------------


def test_a_session_up_to_seven_days_late_is_accepted():
    program = ProgramFactory()

    session = logged_now(program, local_noon(progression.BACKDATE_DAYS))

    assert session.local_date == local_today() - dt.timedelta(days=progression.BACKDATE_DAYS)


def test_a_session_eight_days_late_is_refused_naming_the_limit():
    program = ProgramFactory()

    with pytest.raises(ValidationError) as refused:
        logged_now(program, local_noon(progression.BACKDATE_DAYS + 1))

    message = " ".join(refused.value.message_dict["performed_at"])
    assert "up to 7 days late" in message
    earliest = local_today() - dt.timedelta(days=progression.BACKDATE_DAYS)
    assert f"{earliest:%d %B %Y}" in message
    assert not Session.objects.exists()


def test_a_session_before_the_program_started_is_refused():
    program = ProgramFactory(today=local_today() - dt.timedelta(days=2))

    with pytest.raises(ValidationError) as refused:
        logged_now(program, local_noon(3))

    assert "before your program started" in " ".join(refused.value.message_dict["performed_at"])
    assert not Session.objects.exists()


def test_a_session_dated_before_the_latest_safety_pause_is_refused():
    program = ProgramFactory()
    paused_for_safety(program, days_ago=2)
    resumed(program)

    with pytest.raises(ValidationError) as refused:
        logged_now(program, local_noon(3))

    message = " ".join(refused.value.message_dict["performed_at"])
    assert "before your program was paused for safety" in message
    assert Session.objects.filter(program=program).count() == 1


def test_a_session_in_the_future_is_refused():
    program = ProgramFactory()

    with pytest.raises(ValidationError) as refused:
        logged_now(program, timezone.now() + dt.timedelta(hours=1))

    assert "in the future" in " ".join(refused.value.message_dict["performed_at"])
    assert not Session.objects.exists()


# --- the admin --------------------------------------------------------------------------------


def admin_url(session: Session, view: str) -> str:
    return f"/admin/tracking/session/{session.pk}/{view}/"


def test_deleting_a_session_in_the_admin_recomputes_the_program(admin_client):
    program = ProgramFactory()
    *_, third = days_logged(program, [4, 2, 0])
    assert state_of(program)["rung"] == 1

    response = admin_client.post(admin_url(third, "delete"), {"post": "yes"})

    assert response.status_code == 302
    assert not Session.objects.filter(pk=third.pk).exists()
    assert state_of(program)["rung"] == 0
    assert not advances(program).exists()
    logged = snapshot(program)
    services.program_recompute(program=program)
    assert snapshot(program) == logged


def test_the_admin_shows_a_sessions_answers_without_a_form_to_change_them(admin_client):
    program = ProgramFactory()
    session = session_logged(program, pain_after=2)

    html = admin_client.get(admin_url(session, "change")).content.decode()

    for field in ("pain_before", "pain_after", "effort", "red_flag", "performed_at"):
        assert f'name="{field}"' not in html
    assert 'name="_save"' not in html


def test_posting_to_a_sessions_admin_page_changes_nothing(admin_client):
    program = ProgramFactory()
    session = session_logged(program, pain_after=2)
    before = snapshot(program)

    response = admin_client.post(
        admin_url(session, "change"),
        {"pain_before": 0, "pain_after": 9, "effort": 1, "red_flag": "on", "notes": "Edited"},
    )

    assert response.status_code == 403
    session.refresh_from_db()
    assert (session.pain_after, session.red_flag, session.notes) == (2, False, "")
    assert snapshot(program) == before
    program.refresh_from_db()
    assert not program.paused


def test_the_admin_offers_no_delete_for_a_session_from_before_a_safety_pause(admin_client):
    program = ProgramFactory()
    pausing = paused_for_safety(program)
    resumed(program)

    change_page = admin_client.get(admin_url(pausing, "change")).content.decode()
    delete_page = admin_client.get(admin_url(pausing, "delete"))
    delete = admin_client.post(admin_url(pausing, "delete"), {"post": "yes"})

    assert admin_url(pausing, "delete") not in change_page
    assert (delete_page.status_code, delete.status_code) == (403, 403)
    assert Session.objects.filter(pk=pausing.pk).exists()


# --- recomputing gives what logging gave ------------------------------------------------------


def test_recomputing_a_history_built_by_logging_gives_exactly_the_stored_state_and_events():
    program = ProgramFactory()
    # A session entered after a later one first (a replay), then one session at a time.
    days_logged(program, [20])
    session_logged(program, performed_at=local_noon(21))
    days_logged(program, [19, 18, 17], per_day=2)  # everything moves up, twice-a-day too
    days_logged(program, [16], per_day=3)  # more sessions than the day needs
    days_logged(program, [15], pain_before=6)  # pain before too high to count
    days_logged(program, [14], effort=9)  # too hard to count
    days_logged(program, [13], gentle=True)  # a gentle day
    session_logged(program, performed_at=local_noon(12), entries=[back_extension(reps=5)])
    days_logged(program, [11], pain_before=1, pain_after=5)  # a step back, and its ceiling
    days_logged(program, [10, 9, 8, 7])  # three days after it lift it again
    session_logged(program, performed_at=local_noon(6), pain_before=2, pain_after=4)  # rose 2
    days_logged(program, [5, 4], per_day=2)
    logged = snapshot(program)
    assert {"advance", "step_back"} <= {event[0] for event in logged[1]}
    assert logged[2]

    services.program_recompute(program=program)

    assert snapshot(program) == logged


def test_recomputing_after_a_safety_pause_gives_exactly_the_stored_state_and_events():
    program = ProgramFactory()
    days_logged(program, [10, 9, 8])  # the once-a-day exercises move up
    days_logged(program, [7])  # and have one comfortable day on their new rung
    # A warning sign in a session of the Back Extension alone pauses the whole program.
    session_logged(
        program,
        performed_at=local_noon(6),
        red_flag=True,
        entries=prescribed_entries(program, only={BACK}),
    )
    resumed(program)
    days_logged(program, [5, 4, 3])
    logged = snapshot(program)

    services.program_recompute(program=program)

    assert snapshot(program) == logged


def test_recomputing_after_a_warning_sign_at_the_check_in_gives_exactly_the_stored_state():
    program = ProgramFactory()
    days_logged(program, [4, 3, 2])  # the once-a-day exercises move up
    days_logged(program, [1])  # and have one comfortable day on their new rung
    services.program_safety_stop(program=program)  # a warning sign before exercising today
    resumed(program)
    logged_now(program)
    logged = snapshot(program)

    services.program_recompute(program=program)

    assert snapshot(program) == logged


# --- the answers are asked, never assumed -----------------------------------------------------

MISSING_ANSWERS = [
    ("pain_before", "How much pain you had before is needed"),
    ("pain_after", "How much pain you had after is needed"),
    ("effort", "How hard it felt is needed"),
    ("red_flag", "did you notice any warning sign"),
]


@pytest.mark.parametrize(("field", "message"), MISSING_ANSWERS)
def test_the_service_refuses_a_session_missing_an_answer_naming_it(field, message):
    program = ProgramFactory()

    with pytest.raises(ValidationError) as refused:
        logged_now(program, local_noon(1), **{field: None})

    assert list(refused.value.message_dict) == [field]
    assert message in " ".join(refused.value.message_dict[field])
    assert not Session.objects.exists()
    assert not Entry.objects.exists()


@pytest.mark.parametrize("field", [field for field, _ in MISSING_ANSWERS])
@pytest.mark.parametrize("sent", ["left out", "null"])
def test_the_api_refuses_a_session_missing_an_answer_with_a_400_naming_it(
    signed_in_client, user, field, sent
):
    ProgramFactory(user=user)
    body = session_body()
    if sent == "left out":
        del body[field]
    else:
        body[field] = None

    response = send(signed_in_client, "post", SESSIONS, body)

    assert response.status_code == 400, response.content
    assert list(response.json()["fields"]) == [field]
    assert not Session.objects.exists()
