"""Today's guided session, `/today/`, as plain pages and forms (no JavaScript): check-in, one
exercise per screen, check-out, save; the safety stops; resuming half-way; the day's status."""

import pytest
from django.urls import reverse

from tests.html_forms import inputs
from tests.tracking.factories import (
    ProgramFactory,
    days_excluding_today,
    days_including_today,
    earlier_today,
    session_logged,
)
from tracking import selectors
from tracking.models import PauseReason, Prescription, Session

pytestmark = pytest.mark.django_db
TODAY = "/today/"


def checked(response, name: str) -> list[str]:
    return [i.get("value") for i in inputs(response) if i.get("name") == name and "checked" in i]


def radio_values(response, name: str) -> list[str]:
    return [i["value"] for i in inputs(response) if i.get("name") == name and i["type"] == "radio"]


@pytest.fixture
def program(db):
    return ProgramFactory(training_days=days_including_today())


@pytest.fixture
def person(client, program):
    client.force_login(program.user)
    return client


def post(client, action: str, **fields):
    return client.post(TODAY, {"action": action, **fields})


def check_in(client, pain: int = 1, warning: str = "no"):
    return post(client, "check_in", pain_before=str(pain), red_flag=warning)


def do_every_exercise(client) -> int:
    """Press Done on every exercise screen with today's dose; how many there were."""
    count = 0
    while "Exercise " in (page := client.get(TODAY)).content.decode():
        values = {i["name"]: i.get("value", "") for i in inputs(page) if i.get("type") == "number"}
        assert post(client, "done", **values).status_code == 302
        count += 1
    return count


def check_out(client, **answers):
    return post(
        client,
        "check_out",
        **{"pain_after": "1", "effort": "5", "red_flag": "no", "notes": "", **answers},
    )


def test_the_check_in_asks_pain_and_warning_signs_with_nothing_preselected(person):
    page = person.get(TODAY)
    text = page.content.decode()
    assert "How much pain do you have right now?" in text
    assert "Anything new or worrying since last time?" in text
    assert "Changes in bladder or bowel control" in text
    assert "call emergency services now" in text
    assert "Ask your doctor first" in text
    assert radio_values(page, "pain_before") == [str(n) for n in range(11)]
    assert radio_values(page, "red_flag") == ["yes", "no"]
    assert checked(page, "pain_before") == []
    assert checked(page, "red_flag") == []


def test_starting_without_answering_is_refused_naming_each_question(person):
    response = person.post(TODAY, {"action": "check_in"})
    text = response.content.decode()
    assert response.status_code == 200
    assert "Please choose a number from 0 to 10." in text
    assert "Please answer yes or no." in text
    assert "Exercise 1 of" not in text


def test_a_whole_guided_session_logs_what_was_done_and_says_what_changed(person, program):
    due = len(selectors.today(selectors.program_active(program.user)).still_due)
    assert check_in(person, pain=2).status_code == 302
    first = person.get(TODAY).content.decode()
    assert f"Exercise 1 of {due}" in first
    assert "How to do it" in first
    for button in ("Done", "Skip this one", "This hurts — stop"):
        assert button in first

    assert do_every_exercise(person) == due
    page = person.get(TODAY)
    assert "How was it?" in page.content.decode()
    assert checked(page, "pain_after") == checked(page, "effort") == checked(page, "red_flag") == []
    response = check_out(person, pain_after="2", effort="6", notes="Steady")

    assert response.status_code == 302
    session = Session.objects.get(user=program.user)
    assert (session.pain_before, session.pain_after, session.effort) == (2, 2, 6)
    assert session.red_flag is False
    assert session.notes == "Steady"
    assert session.entries.count() == due
    after = person.get(TODAY).content.decode()
    assert f"Logged at {selectors.local_now(program):%H}" in after
    assert "Well done." in after
    assert "comfortable day" in after  # what changed, in plain words


def test_a_skipped_exercise_is_not_logged(person, program):
    check_in(person)
    assert post(person, "skip").status_code == 302
    do_every_exercise(person)
    check_out(person)
    session = Session.objects.get(user=program.user)
    first = selectors.today(selectors.program_active(program.user)).due[0]
    assert not session.entries.filter(exercise=first.exercise).exists()


def test_leaving_half_way_and_coming_back_resumes_at_the_same_screen(person, client, program):
    check_in(person)
    post(person, "skip")
    assert "Exercise 2 of" in person.get(TODAY).content.decode()
    person.get(reverse("tracking:dashboard"))
    assert "Exercise 2 of" in person.get(TODAY).content.decode()


def test_a_warning_sign_at_check_in_stops_the_program_and_shows_what_to_do(person, program):
    check_in(person, pain=1, warning="yes")
    page = person.get(TODAY).content.decode()
    assert "Stop for now" in page
    assert "Nothing you have logged is lost" in page
    assert "call emergency services now" in page
    program.refresh_from_db()
    assert program.paused
    assert program.pause_reason == PauseReason.SAFETY
    assert not Session.objects.exists()


def test_pain_seven_or_more_at_check_in_means_no_exercises_today(person, program):
    check_in(person, pain=7)
    page = person.get(TODAY).content.decode()
    assert "No exercises today" in page
    assert "Stop for now" in page
    assert "Exercise 1 of" not in page


def test_pain_five_or_six_offers_a_gentle_day_one_rung_lower_that_never_counts(person, program):
    Prescription.objects.filter(program=program).update(rung=1)
    check_in(person, pain=5)
    assert "A gentle day?" in person.get(TODAY).content.decode()
    post(person, "gentle")
    assert "gentle day" in person.get(TODAY).content.decode()
    do_every_exercise(person)
    check_out(person)
    session = Session.objects.get(user=program.user)
    assert session.gentle is True
    items = {
        i.exercise.pk: i for i in selectors.program_items(selectors.program_active(program.user))
    }
    for entry in session.entries.all():
        gentle_rung = items[entry.exercise_id].ladder[0]
        assert entry.reps == gentle_rung.reps
    assert set(Prescription.objects.filter(program=program).values_list("streak", flat=True)) == {0}


def test_choosing_rest_on_a_painful_day_logs_nothing(person, program):
    check_in(person, pain=6)
    post(person, "rest")
    assert "Rest today" in person.get(TODAY).content.decode()
    assert not Session.objects.exists()


def test_this_hurts_goes_to_the_check_out_with_the_warning_signs_first(person, program):
    check_in(person)
    post(person, "hurt", sets="1", reps="2")
    page = person.get(TODAY).content.decode()
    assert "You stopped: that was right" in page
    assert page.index("Anything worrying") < page.index("How much pain do you have now?")


def test_this_hurts_with_a_warning_sign_ends_on_the_safety_page(person, program):
    check_in(person)
    post(person, "hurt", sets="1", reps="2")
    response = check_out(person, pain_after="6", red_flag="yes")
    assert response["Location"] == reverse("tracking:safety")
    assert "Stop for now" in person.get(response["Location"]).content.decode()
    program.refresh_from_db()
    assert program.paused_for_safety
    assert Session.objects.get(user=program.user).entries.get().reps == 2


def twice_a_day(program) -> list[str]:
    """Today's exercises whose rung in force asks for two sessions a day."""
    today = selectors.today(selectors.program_active(program.user))
    return [item.exercise.name for item in today.due if item.rung.sessions_per_day > 1]


def test_once_logged_today_the_page_says_so_and_offers_a_repeat_only_for_twice_a_day_rungs(
    person, program
):
    Prescription.objects.filter(program=program).update(rung=0)
    session_logged(program, performed_at=earlier_today(program.timezone))
    page = person.get(TODAY).content.decode()
    assert "Logged at" in page
    assert "Well done." in page
    offered = twice_a_day(program)
    assert ("Do the twice-a-day session" in page) == bool(offered)
    once = [
        item.exercise.name
        for item in selectors.today(selectors.program_active(program.user)).due
        if item.rung.sessions_per_day == 1
    ]
    assert once
    offer = page.split("Do the twice-a-day session")[0].split("Well done.")[-1]
    for name in once:
        assert name not in offer


def test_a_twice_a_day_rung_offers_a_second_session_with_only_those_exercises(person, program):
    prescription, position = next(
        (p, n)
        for p in Prescription.objects.filter(program=program).select_related("exercise")
        for n, rung in enumerate(p.exercise.rungs.all())
        if rung.sessions_per_day == 2 and p.exercise.days_per_week_min < 7
    )
    prescription.rung = position
    prescription.save()
    session_logged(program, performed_at=earlier_today(program.timezone))
    expected = twice_a_day(program)
    assert prescription.exercise.name in expected
    page = person.get(TODAY).content.decode()
    assert "Do the twice-a-day session" in page
    post(person, "again")
    check_in(person)
    screen = person.get(TODAY).content.decode()
    assert f"Exercise 1 of {len(expected)}" in screen
    assert do_every_exercise(person) == len(expected)
    check_out(person)
    second = Session.objects.filter(user=program.user).order_by("performed_at").last()
    assert sorted(e.exercise.name for e in second.entries.all()) == sorted(expected)


def test_on_a_rest_day_only_the_daily_stretches_are_in_the_session(client):
    program = ProgramFactory(training_days=days_excluding_today())
    client.force_login(program.user)
    check_in(client)
    page = client.get(TODAY).content.decode()
    today = selectors.today(selectors.program_active(program.user))
    assert f"Exercise 1 of {len(today.due)}" in page
    assert all(item.daily for item in today.due)


def test_the_guided_session_is_for_signed_in_people_only(client):
    response = client.get(TODAY)
    assert response.status_code == 302
    assert reverse("account_login") in response["Location"]


def test_the_safety_page_is_public_and_plain(client):
    page = client.get(reverse("tracking:safety")).content.decode()
    assert "Stop for now" in page
    assert "Numbness, tingling or weakness" in page
    assert "call emergency services now" in page
