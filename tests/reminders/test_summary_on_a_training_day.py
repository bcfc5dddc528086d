"""A weekly summary that falls on a training day: one email, the summary carrying that day's
reminder (its button first, then the day's exercises), never two emails and never none.

Both delivery rows stay, so the reminders page and the admin show what happened: the summary
sent, the reminder skipped as sent inside it."""

import datetime as dt

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext

from tests.concurrency import committed, in_threads, needs_real_concurrency
from tests.factories import UserFactory
from tests.reminders.helpers import (
    EIGHT,
    LONDON,
    SUNDAY,
    THURSDAY,
    TUESDAY,
    at,
    days_with,
    html_of,
    link_in,
    program_for,
    token_of,
)
from tests.reminders.test_email_format import (
    assert_automatic_and_unsubscribable,
    assert_lines_within_limits,
    parsed,
)
from tests.tracking.factories import session_logged
from tracking import links, reminders, selectors, services
from tracking.models import Delivery, DeliveryKind, DeliveryStatus

EIGHT_SUNDAY = at(LONDON, SUNDAY, 8, 0)
INSIDE = "Sent inside the weekly summary."


def both_due_on_sunday(first_name="Joan", started=dt.date(2026, 1, 5), user=None):
    """A person who trains on Sundays and has the weekly summary on Sundays, with two of last
    week's three sessions done."""
    program = program_for(
        user or UserFactory(first_name=first_name),
        reminder=EIGHT,
        days=days_with(SUNDAY),
        started=started,
        summary=True,
        summary_day=SUNDAY.weekday(),
    )
    for day in (TUESDAY, THURSDAY):
        if day >= started:
            session_logged(program, performed_at=at(LONDON, day, 18, 0))
    return program


def rows(program) -> dict[str, Delivery]:
    return {d.kind: d for d in Delivery.objects.filter(user=program.user, local_date=SUNDAY)}


def sent_on_sunday(dispatch, mailoutbox, program=None):
    program = program or both_due_on_sunday()
    reminders.deliveries_send(dispatch(EIGHT_SUNDAY).enqueued, now=EIGHT_SUNDAY)
    return program, mailoutbox


# --- one email ----------------------------------------------------------------------------------


@pytest.mark.django_db
def test_a_summary_day_that_is_a_training_day_brings_one_email(dispatch, mailoutbox):
    program, outbox = sent_on_sunday(dispatch, mailoutbox)

    (message,) = outbox
    assert message.to == [program.user.email]
    assert message.subject == (
        "Joan, today is a training day, and your OsteoFit week: 2 of 3 sessions"
    )


@pytest.mark.django_db
def test_the_one_email_puts_todays_session_first_then_the_exercises_then_the_week(
    dispatch, mailoutbox
):
    program, (message,) = sent_on_sunday(dispatch, mailoutbox)
    html, text = html_of(message), message.body

    url = link_in(text, "log")
    assert link_in(html, "log") == url
    link = links.log_link_read(token_of(url))
    assert (link.user_id, link.local_date) == (program.user_id, SUNDAY)
    assert html.index("Start today's session") < html.index("<ul") < html.index("Your week")
    assert text.index("/r/log/") < text.index("Your exercises") < text.index("Your week from")
    for item in selectors.program_items(selectors.program_active(program.user)):
        assert f"- {item.exercise.name}: {item.text}" in text
        assert f"{item.exercise.name}</a>: {item.text}" in html
    assert "2 of 3 sessions done." in text
    assert "Your week: 2 of 3 sessions" in html


@pytest.mark.django_db
def test_the_summary_is_recorded_sent_and_the_reminder_as_sent_inside_it(dispatch, mailoutbox):
    program, _ = sent_on_sunday(dispatch, mailoutbox)

    found = rows(program)
    assert found[DeliveryKind.SUMMARY].status == DeliveryStatus.SENT
    assert found[DeliveryKind.SUMMARY].sent_at is not None
    assert (found[DeliveryKind.REMINDER].status, found[DeliveryKind.REMINDER].detail) == (
        DeliveryStatus.SKIPPED,
        INSIDE,
    )


@pytest.mark.django_db
def test_the_one_email_keeps_its_headers_and_offers_to_stop_either(dispatch, mailoutbox, settings):
    program, (message,) = sent_on_sunday(dispatch, mailoutbox)
    msg = parsed(message)

    assert_lines_within_limits(msg)
    assert_automatic_and_unsubscribable(msg, settings)
    # The email is the summary: its one-click unsubscribe stops summaries, never reminders.
    one_click = msg["List-Unsubscribe"].strip("<>")
    assert links.unsubscribe_link_read(token_of(one_click)) == links.UnsubscribeLink(
        program.user_id, DeliveryKind.SUMMARY
    )
    stops = {
        label: link_in(message.body.split(label, 1)[1], "unsubscribe")
        for label in ("Stop weekly summaries", "Stop training-day reminders")
    }
    assert links.unsubscribe_link_read(token_of(stops["Stop weekly summaries"])).kind == (
        DeliveryKind.SUMMARY
    )
    assert links.unsubscribe_link_read(token_of(stops["Stop training-day reminders"])).kind == (
        DeliveryKind.REMINDER
    )
    for label, url in stops.items():
        assert f'<a href="{url}" style="color:#0b5394;">{label}</a>' in html_of(message)


# --- the reminder alone, or the summary alone ---------------------------------------------------


@pytest.mark.django_db
def test_with_summaries_turned_off_after_the_sweep_the_reminder_goes_alone(dispatch, mailoutbox):
    program = both_due_on_sunday()
    ids = dispatch(EIGHT_SUNDAY).enqueued
    services.reminder_settings_update(
        program=program,
        reminders_enabled=True,
        reminder_time=EIGHT,
        weekly_summary_enabled=False,
        weekly_summary_day=SUNDAY.weekday(),
    )

    reminders.deliveries_send(ids, now=EIGHT_SUNDAY)

    (message,) = mailoutbox
    assert message.subject == "Joan, it's a training day: your back exercises for Sunday"
    found = rows(program)
    assert found[DeliveryKind.REMINDER].status == DeliveryStatus.SENT
    assert found[DeliveryKind.SUMMARY].status == DeliveryStatus.SKIPPED


@pytest.mark.django_db
def test_on_the_programs_first_day_the_reminder_goes_alone(dispatch, mailoutbox):
    program, outbox = sent_on_sunday(dispatch, mailoutbox, both_due_on_sunday(started=SUNDAY))

    (message,) = outbox
    assert message.subject == "Joan, it's a training day: your back exercises for Sunday"
    found = rows(program)
    assert found[DeliveryKind.REMINDER].status == DeliveryStatus.SENT
    assert found[DeliveryKind.REMINDER].detail == ""
    assert "just begun" in found[DeliveryKind.SUMMARY].detail


@pytest.mark.django_db
def test_after_a_session_logged_that_morning_the_summary_goes_alone(dispatch, mailoutbox):
    program = both_due_on_sunday()
    ids = dispatch(EIGHT_SUNDAY).enqueued
    session_logged(program, performed_at=at(LONDON, SUNDAY, 8, 0))

    reminders.deliveries_send(ids, now=at(LONDON, SUNDAY, 8, 1))

    (message,) = mailoutbox
    assert message.subject == "Joan, your OsteoFit week: 2 of 3 sessions"
    assert "/r/log/" not in message.body + html_of(message)
    assert "Start today's session" not in html_of(message)
    assert rows(program)[DeliveryKind.REMINDER].detail == "A session was already logged that day."


# --- never two ----------------------------------------------------------------------------------


@pytest.mark.django_db
def test_repeated_sweeps_and_sends_bring_the_one_email_only(dispatch, mailoutbox):
    program = both_due_on_sunday()
    first = dispatch(EIGHT_SUNDAY).enqueued
    again = dispatch(EIGHT_SUNDAY + dt.timedelta(minutes=1)).enqueued

    for ids in (first, first, again):
        reminders.deliveries_send(ids, now=EIGHT_SUNDAY + dt.timedelta(minutes=1))

    assert again == []
    assert len(mailoutbox) == 1
    assert rows(program)[DeliveryKind.REMINDER].detail == INSIDE


@pytest.mark.django_db
def test_the_two_rows_sent_in_separate_batches_still_bring_one_email(dispatch, mailoutbox):
    program = both_due_on_sunday()
    dispatch(EIGHT_SUNDAY)
    found = rows(program)

    reminders.deliveries_send([found[DeliveryKind.REMINDER].pk], now=EIGHT_SUNDAY)
    reminders.deliveries_send([found[DeliveryKind.SUMMARY].pk], now=EIGHT_SUNDAY)

    (message,) = mailoutbox
    assert "today is a training day, and your OsteoFit week" in message.subject
    assert rows(program)[DeliveryKind.REMINDER].detail == INSIDE


@pytest.mark.django_db
def test_the_sweep_queues_a_persons_two_rows_in_the_same_batch(dispatch, monkeypatch):
    monkeypatch.setattr(reminders.deliveries, "SEND_BATCH", 3)
    people = [both_due_on_sunday() for _ in range(4)]

    batches = dispatch(EIGHT_SUNDAY).batches

    by_id = {d.pk: d.user_id for d in Delivery.objects.all()}
    for program in people:
        (holding,) = [b for b in batches if program.user_id in {by_id[pk] for pk in b}]
        assert sorted(by_id[pk] for pk in holding).count(program.user_id) == 2


@committed
def test_two_workers_sending_a_persons_two_rows_at_once_send_one_email(mailoutbox):
    needs_real_concurrency("two workers")
    people = [both_due_on_sunday(user=UserFactory(first_name="Joan")) for _ in range(10)]
    reminders.dispatch_due(now=EIGHT_SUNDAY, enqueue=lambda ids: None)
    by_kind = {
        kind: list(Delivery.objects.filter(kind=kind).values_list("pk", flat=True))
        for kind in (DeliveryKind.REMINDER, DeliveryKind.SUMMARY)
    }

    kinds = list(by_kind)

    in_threads(lambda n: reminders.deliveries_send(by_kind[kinds[n]], now=EIGHT_SUNDAY), 2)

    assert sorted(m.to[0] for m in mailoutbox) == sorted(p.user.email for p in people)


# --- a batch's cost -----------------------------------------------------------------------------


def queries_to_send(dispatch, count: int) -> int:
    for _ in range(count):
        both_due_on_sunday()
    ids = dispatch(EIGHT_SUNDAY).enqueued
    with CaptureQueriesContext(connection) as queries:
        reminders.deliveries_send(ids, now=EIGHT_SUNDAY)
    return len(queries)


@pytest.mark.django_db
def test_a_batch_of_combined_emails_loads_in_the_same_queries_at_any_size(dispatch, mailoutbox):
    one = queries_to_send(dispatch, 1)
    five = queries_to_send(dispatch, 5)

    # The same loading queries, and one "sent" mark per email (both rows in one statement).
    assert five - one == 4
    assert len(mailoutbox) == 6
