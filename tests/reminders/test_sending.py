"""What a reminder and a weekly summary say, the headers mail clients need, and what happens
when the mail server fails: tried again, and recorded as failed when the tries run out."""

import datetime as dt
import email.policy
import smtplib
from unittest import mock

import pytest
from celery.exceptions import Retry
from django.core.mail.backends.base import BaseEmailBackend

from tests.factories import UserFactory
from tests.reminders.helpers import (
    EIGHT,
    LONDON,
    MONDAY,
    SUNDAY,
    WEDNESDAY,
    at,
    due_now_program,
    html_of,
    link_in,
    program_for,
    token_of,
)
from tests.tracking.factories import session_logged
from tracking import links, reminders, selectors, services, tasks
from tracking.models import (
    Delivery,
    DeliveryKind,
    DeliveryStatus,
    EventKind,
    Obstacle,
    ProgressionEvent,
    WeekReflection,
)
from tracking.tasks import send_deliveries

pytestmark = pytest.mark.django_db

EIGHT_WEDNESDAY = at(LONDON, WEDNESDAY, 8, 0)


class DisconnectingMailer(BaseEmailBackend):
    """A mail server that drops the connection as each message is sent."""

    def send_messages(self, email_messages):
        raise smtplib.SMTPServerDisconnected("Connection unexpectedly closed")


class UnreachableMailer(BaseEmailBackend):
    """A mail server that cannot be reached at all."""

    def open(self):
        raise ConnectionRefusedError(111, "Connection refused")

    def send_messages(self, email_messages):
        self.open()


def mail_through(settings, backend: type[BaseEmailBackend]) -> None:
    settings.MAILERS = {"default": {"BACKEND": f"{__name__}.{backend.__name__}"}}


@pytest.fixture
def reminder_sent(dispatch, mailoutbox):
    """Send Wednesday's reminder to a person who did one session on Monday, and return it."""

    def send(**user_fields):
        program = program_for(reminder=EIGHT, **user_fields)
        session_logged(program, performed_at=at(LONDON, MONDAY, 18, 0))
        reminders.deliveries_send(dispatch(EIGHT_WEDNESDAY).enqueued, now=EIGHT_WEDNESDAY)
        (message,) = mailoutbox
        return program, message

    return send


# --- the training-day reminder ------------------------------------------------------------------


def test_a_reminder_lists_todays_exercises_with_links_to_their_instructions(
    reminder_sent, settings
):
    program, message = reminder_sent()

    items = selectors.program_items(selectors.program_active(program.user))
    assert len(items) == 10
    for item in items:
        page = f"{settings.SITE_URL}/exercises/{item.exercise.slug}/"
        assert f"- {item.exercise.name}: {item.text}" in message.body
        assert f"  {page}\n" in message.body
        assert f'<a href="{page}" style="color:#0b5394;font-weight:700;">' in html_of(message)
        assert f"{item.exercise.name}</a>: {item.text}" in html_of(message)
    assert "- Seated Row: 6 repetitions, hold 1 second, once a day, extra light band" in (
        message.body
    )


def test_a_reminder_tells_how_many_sessions_are_done_this_week(reminder_sent):
    _, message = reminder_sent()

    assert "This week: 1 of 3 sessions done." in message.body
    assert "This week: 1 of 3 sessions done." in html_of(message)


def test_a_reminder_links_to_todays_guided_session_for_that_person(reminder_sent):
    program, message = reminder_sent()

    url = link_in(message.body, "log")
    assert link_in(html_of(message), "log") == url
    link = links.log_link_read(token_of(url))
    assert (link.user_id, link.local_date) == (program.user_id, WEDNESDAY)
    assert link.still_valid_for(program.user)


def test_a_reminder_links_to_unsubscribe_and_carries_the_one_click_headers(reminder_sent):
    program, message = reminder_sent()

    url = link_in(message.body, "unsubscribe")
    assert link_in(html_of(message), "unsubscribe") == url
    assert links.unsubscribe_link_read(token_of(url)) == links.UnsubscribeLink(
        program.user_id, DeliveryKind.REMINDER
    )
    assert message.extra_headers["List-Unsubscribe"] == f"<{url}>"
    assert message.extra_headers["List-Unsubscribe-Post"] == "List-Unsubscribe=One-Click"


def test_the_unsubscribe_headers_go_over_the_wire_as_one_plain_line_each(reminder_sent):
    _, message = reminder_sent()
    url = link_in(message.body, "unsubscribe")

    # What Django's SMTP backend hands the server: a folded List-Unsubscribe would be turned
    # into =?utf-8?q?...?= words, which mail providers do not read as a link.
    wire = message.message(policy=email.policy.SMTP).as_bytes()

    assert f"\r\nList-Unsubscribe: <{url}>\r\n".encode() in wire
    assert b"\r\nList-Unsubscribe-Post: List-Unsubscribe=One-Click\r\n" in wire


def test_a_reminder_goes_to_the_persons_address_as_plain_text_and_html(reminder_sent):
    program, message = reminder_sent()

    assert message.to == [program.user.email]
    assert message.content_subtype == "plain"
    assert [mimetype for _, mimetype in message.alternatives] == ["text/html"]
    assert '<html lang="en">' in html_of(message)


def test_a_reminder_greets_the_person_by_first_name(reminder_sent):
    _, message = reminder_sent(first_name="Margaret")

    assert message.subject == "Margaret, it's a training day: your back exercises for Wednesday"
    assert message.body.startswith("Hello Margaret,\n")
    assert "Hello Margaret, today is a training day" in html_of(message)


def test_a_reminder_reads_naturally_without_a_first_name(reminder_sent):
    _, message = reminder_sent(first_name="")

    assert message.subject == "It's a training day: your back exercises for Wednesday"
    assert message.body.startswith("Hello,\n")
    assert "Hello, today is a training day" in html_of(message)
    assert "None" not in message.subject + message.body


def test_a_first_name_with_an_apostrophe_is_not_html_escaped_in_the_subject_or_text(
    reminder_sent,
):
    _, message = reminder_sent(first_name="D'Arcy")

    assert message.subject.startswith("D'Arcy, it's a training day")
    assert message.body.startswith("Hello D'Arcy,\n")
    assert "Hello D&#x27;Arcy" in html_of(message)


def test_a_session_logged_after_the_reminder_was_queued_stops_the_email(dispatch, mailoutbox):
    program = program_for(reminder=EIGHT)
    ids = dispatch(EIGHT_WEDNESDAY).enqueued
    session_logged(program, performed_at=at(LONDON, WEDNESDAY, 8, 0))

    report = reminders.deliveries_send(ids, now=at(LONDON, WEDNESDAY, 8, 1))

    delivery = Delivery.objects.get()
    assert (report.sent, report.skipped, mailoutbox) == (0, 1, [])
    assert (delivery.status, delivery.detail) == (
        DeliveryStatus.SKIPPED,
        "A session was already logged that day.",
    )


def test_pausing_after_the_reminder_was_queued_stops_the_email(dispatch, mailoutbox):
    program = program_for(reminder=EIGHT)
    ids = dispatch(EIGHT_WEDNESDAY).enqueued
    services.program_pause(program=program)

    reminders.deliveries_send(ids, now=EIGHT_WEDNESDAY)

    assert mailoutbox == []
    assert Delivery.objects.get().status == DeliveryStatus.SKIPPED


def test_sending_a_batch_marks_each_delivery_sent(dispatch, mailoutbox):
    people = [program_for(reminder=EIGHT).user for _ in range(3)]

    report = reminders.deliveries_send(dispatch(EIGHT_WEDNESDAY).enqueued, now=EIGHT_WEDNESDAY)

    assert report.sent == 3
    assert sorted(m.to[0] for m in mailoutbox) == sorted(p.email for p in people)
    assert set(Delivery.objects.values_list("status", flat=True)) == {DeliveryStatus.SENT}
    assert Delivery.objects.filter(sent_at__isnull=True).count() == 0


# --- a mail server that fails -------------------------------------------------------------------


def test_a_dropped_smtp_connection_leaves_the_delivery_queued_with_the_error_noted(
    dispatch, settings
):
    program_for(reminder=EIGHT)
    ids = dispatch(EIGHT_WEDNESDAY).enqueued
    mail_through(settings, DisconnectingMailer)

    with pytest.raises(reminders.TransientSendError) as raised:
        reminders.deliveries_send(ids, now=EIGHT_WEDNESDAY)

    delivery = Delivery.objects.get()
    assert raised.value.pending == ids
    assert delivery.status == DeliveryStatus.QUEUED
    assert delivery.detail == "Attempt failed: Connection unexpectedly closed"
    assert delivery.lease_until is None


def test_an_unreachable_mail_server_is_a_failure_to_try_again(dispatch, settings):
    program_for(reminder=EIGHT)
    ids = dispatch(EIGHT_WEDNESDAY).enqueued
    mail_through(settings, UnreachableMailer)

    with pytest.raises(reminders.TransientSendError) as raised:
        reminders.deliveries_send(ids, now=EIGHT_WEDNESDAY)

    delivery = Delivery.objects.get()
    assert raised.value.pending == ids
    assert delivery.status == DeliveryStatus.QUEUED
    assert "Connection refused" in delivery.detail
    assert delivery.lease_until is None


def test_a_delivery_that_failed_once_is_sent_by_the_next_try(dispatch, settings, mailoutbox):
    program_for(reminder=EIGHT)
    ids = dispatch(EIGHT_WEDNESDAY).enqueued
    mail_through(settings, DisconnectingMailer)
    with pytest.raises(reminders.TransientSendError):
        reminders.deliveries_send(ids, now=EIGHT_WEDNESDAY)
    settings.MAILERS = {"default": {"BACKEND": "django.core.mail.backends.locmem.EmailBackend"}}

    reminders.deliveries_send(ids, now=EIGHT_WEDNESDAY + dt.timedelta(seconds=30))

    delivery = Delivery.objects.get()
    assert len(mailoutbox) == 1
    assert (delivery.status, delivery.attempts) == (DeliveryStatus.SENT, 2)


def test_the_send_task_retries_a_failed_send_with_a_growing_backoff(settings):
    due_now_program()
    ids = reminders.dispatch_due(enqueue=lambda ids: None).queued_ids
    mail_through(settings, DisconnectingMailer)

    with mock.patch.object(send_deliveries, "retry", side_effect=Retry()) as retry:
        send_deliveries.apply(args=[ids], retries=2)

    retry.assert_called_once_with(args=[ids], countdown=tasks.backoff(2))
    assert [tasks.backoff(n) for n in range(tasks.MAX_RETRIES)] == [30, 60, 120, 240, 480]
    assert Delivery.objects.get().status == DeliveryStatus.QUEUED


def test_the_send_tasks_last_failure_marks_the_delivery_failed(settings):
    due_now_program()
    ids = reminders.dispatch_due(enqueue=lambda ids: None).queued_ids
    mail_through(settings, DisconnectingMailer)

    send_deliveries.apply(args=[ids], retries=tasks.MAX_RETRIES)

    delivery = Delivery.objects.get()
    assert delivery.status == DeliveryStatus.FAILED
    assert delivery.detail.startswith("Gave up: 1 email(s) not sent:")
    assert "Connection unexpectedly closed" in delivery.detail


def test_the_send_task_gives_up_after_its_retries_when_run_eagerly(settings):
    due_now_program()
    ids = reminders.dispatch_due(enqueue=lambda ids: None).queued_ids
    mail_through(settings, DisconnectingMailer)

    send_deliveries.apply(args=[ids])  # eager retries run at once, without the countdown

    delivery = Delivery.objects.get()
    assert delivery.status == DeliveryStatus.FAILED
    assert delivery.attempts == tasks.MAX_RETRIES + 1


# --- the weekly summary -------------------------------------------------------------------------

EIGHT_SUNDAY = at(LONDON, SUNDAY, 8, 0)
WEEK_FROM = SUNDAY - dt.timedelta(days=7)


@pytest.fixture
def summary_sent(dispatch, mailoutbox):
    """Send Sunday's weekly summary after sessions on the given local days of the week before."""

    def send(*session_days, first_name="Joan", reflections=(), changes=()):
        user = UserFactory(first_name=first_name)
        program = program_for(user, reminder=EIGHT, summary=True, summary_day=SUNDAY.weekday())
        for day in session_days:
            session_logged(program, performed_at=at(LONDON, day, 18, 0))
        for week_start, obstacle in reflections:
            services.week_reflection_record(
                user_id=user.pk, week_start=week_start, obstacle=obstacle
            )
        for message in changes:
            ProgressionEvent.objects.create(
                program=program,
                kind=EventKind.ADVANCE,
                reason="met_target",
                message=message,
                occurred_at=at(LONDON, SUNDAY - dt.timedelta(days=2), 12, 0),
            )
        ids = dispatch(EIGHT_SUNDAY).enqueued
        reminders.deliveries_send(ids, now=EIGHT_SUNDAY)
        (summary,) = [m for m in mailoutbox if "week" in m.subject]
        return program, summary

    return send


def test_the_summary_is_due_on_the_chosen_day_and_only_then(dispatch):
    program = program_for(reminder=EIGHT, summary=True, summary_day=SUNDAY.weekday())

    dispatch(at(LONDON, SUNDAY - dt.timedelta(days=1), 9, 0))
    dispatch(EIGHT_SUNDAY)

    (summary,) = Delivery.objects.filter(kind=DeliveryKind.SUMMARY)
    assert (summary.user_id, summary.local_date) == (program.user_id, SUNDAY)


def test_the_summary_counts_the_sessions_of_the_week_against_the_target(summary_sent):
    _, message = summary_sent(MONDAY, WEDNESDAY)

    assert message.subject == "Joan, your OsteoFit week: 2 of 3 sessions"
    assert "2 of 3 sessions done." in message.body
    assert "Your week: 2 of 3 sessions" in html_of(message)


def test_the_summary_lists_next_weeks_training_days_at_the_reminder_time(summary_sent):
    _, message = summary_sent(MONDAY, WEDNESDAY)

    for line in (
        "Monday 15 June at 08:00",
        "Wednesday 17 June at 08:00",
        "Friday 19 June at 08:00",
    ):
        assert f"- {line}" in message.body
        assert line in html_of(message)
    assert "Tuesday 16 June" not in message.body


def test_the_summary_lists_the_weeks_prescription_changes(summary_sent):
    _, message = summary_sent(MONDAY, WEDNESDAY, changes=["Knee Lifts moves up to 6 repetitions."])

    assert "- Knee Lifts moves up to 6 repetitions." in message.body
    assert "Knee Lifts moves up to 6 repetitions." in html_of(message)


def test_a_short_week_asks_what_got_in_the_way_with_one_link_per_reason(summary_sent):
    program, message = summary_sent(MONDAY, WEDNESDAY)

    for value, label in Obstacle.choices:
        url = link_in(message.body.split(f"- {label}: ", 1)[1], "week")
        assert links.reflection_link_read(token_of(url)) == links.ReflectionLink(
            program.user_id, WEEK_FROM, value
        )
        assert url in html_of(message)
    assert "What got in the way" in html_of(message)


def test_a_full_week_is_praised_and_asks_nothing(summary_sent):
    _, message = summary_sent(MONDAY, WEDNESDAY, dt.date(2026, 6, 12))

    assert "3 of 3 sessions done. Well done, you kept to your program." in message.body
    assert "/r/week/" not in message.body
    assert "/r/week/" not in html_of(message)
    assert "What got in the way" not in html_of(message)


def test_the_summary_offers_the_tip_that_matches_the_last_answer(summary_sent):
    _, message = summary_sent(
        MONDAY,
        reflections=[
            (WEEK_FROM - dt.timedelta(days=14), Obstacle.PAIN),
            (WEEK_FROM - dt.timedelta(days=7), Obstacle.FORGOT),
        ],
    )

    assert f"A tip for this week: {reminders.TIPS[Obstacle.FORGOT]}" in message.body
    assert reminders.TIPS[Obstacle.FORGOT] in html_of(message)
    assert reminders.TIPS[Obstacle.PAIN] not in message.body


def test_the_summary_offers_no_tip_before_any_answer(summary_sent):
    _, message = summary_sent(MONDAY)

    assert "A tip for this week" not in message.body
    assert not any(tip in message.body for tip in reminders.TIPS.values())


def test_the_summary_reads_naturally_without_a_first_name(summary_sent):
    _, message = summary_sent(MONDAY, WEDNESDAY, first_name="")

    assert message.subject == "Your OsteoFit week: 2 of 3 sessions"
    assert message.body.startswith("Hello,\n")


def test_the_summary_unsubscribe_link_stops_summaries_only(summary_sent):
    program, message = summary_sent(MONDAY, WEDNESDAY)

    url = link_in(message.body, "unsubscribe")
    assert links.unsubscribe_link_read(token_of(url)) == links.UnsubscribeLink(
        program.user_id, DeliveryKind.SUMMARY
    )
    assert message.extra_headers["List-Unsubscribe"] == f"<{url}>"


def test_the_reflection_answer_is_stored_for_the_week(summary_sent, client):
    program, message = summary_sent(MONDAY)
    url = link_in(message.body.split("- No time: ", 1)[1], "week")

    client.post(url)

    (reflection,) = WeekReflection.objects.filter(user=program.user)
    assert (reflection.week_start, reflection.obstacle) == (WEEK_FROM, Obstacle.NO_TIME)


def test_no_line_of_a_summary_on_the_wire_is_longer_than_smtp_allows(summary_sent):
    _, message = summary_sent(MONDAY)

    wire = message.message(policy=email.policy.SMTP).as_bytes()

    assert max(len(line) for line in wire.split(b"\r\n")) <= 998
