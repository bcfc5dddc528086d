"""Exactly one reminder per person per day, however often and however many dispatchers run,
and however often the broker delivers a send task again."""

import datetime as dt
import threading
from unittest import mock

import pytest

from tests.concurrency import committed, in_threads, needs_real_concurrency
from tests.reminders.helpers import (
    EIGHT,
    LONDON,
    THURSDAY,
    WEDNESDAY,
    at,
    due_now_program,
    program_for,
    reminders_by_user,
)
from tracking import reminders
from tracking.models import Delivery, DeliveryStatus
from tracking.tasks import send_deliveries

EIGHT_WEDNESDAY = at(LONDON, WEDNESDAY, 8, 0)


@pytest.mark.django_db
def test_running_the_dispatcher_twice_records_one_delivery_and_queues_it_once(dispatch):
    program = program_for(reminder=EIGHT)

    first = dispatch(EIGHT_WEDNESDAY)
    second = dispatch(EIGHT_WEDNESDAY + dt.timedelta(minutes=1))

    delivery = reminders_by_user()[program.user_id]
    assert Delivery.objects.count() == 1
    assert first.enqueued == [delivery.pk]
    assert (second.report.queued, second.enqueued) == (0, [])


@pytest.mark.django_db
def test_sending_the_same_batch_twice_sends_one_email(dispatch, mailoutbox):
    program_for(reminder=EIGHT)
    ids = dispatch(EIGHT_WEDNESDAY).enqueued

    first = reminders.deliveries_send(ids, now=EIGHT_WEDNESDAY)
    again = reminders.deliveries_send(ids, now=EIGHT_WEDNESDAY + dt.timedelta(seconds=30))

    assert (first.sent, again.sent) == (1, 0)
    assert len(mailoutbox) == 1
    delivery = Delivery.objects.get()
    assert (delivery.status, delivery.attempts) == (DeliveryStatus.SENT, 1)


@pytest.mark.django_db
def test_a_redelivered_send_task_sends_no_second_email(mailoutbox):
    program = due_now_program()
    ids = reminders.dispatch_due(enqueue=lambda ids: None).queued_ids

    send_deliveries.apply(args=[ids])
    send_deliveries.apply(args=[ids])  # the broker hands the same message out again

    assert [m.to for m in mailoutbox] == [[program.user.email]]
    assert Delivery.objects.get().status == DeliveryStatus.SENT


@pytest.mark.django_db
def test_a_delivery_another_worker_is_sending_is_left_to_that_worker(dispatch, mailoutbox):
    program_for(reminder=EIGHT)
    ids = dispatch(EIGHT_WEDNESDAY).enqueued
    Delivery.objects.filter(pk__in=ids).update(
        lease_until=EIGHT_WEDNESDAY + dt.timedelta(minutes=1)
    )

    report = reminders.deliveries_send(ids, now=EIGHT_WEDNESDAY)

    assert (report.sent, mailoutbox) == (0, [])
    assert Delivery.objects.get().status == DeliveryStatus.QUEUED


@pytest.mark.django_db
def test_a_delivery_whose_worker_died_is_sent_once_the_lease_runs_out(dispatch, mailoutbox):
    program_for(reminder=EIGHT)
    ids = dispatch(EIGHT_WEDNESDAY).enqueued
    Delivery.objects.filter(pk__in=ids).update(
        lease_until=EIGHT_WEDNESDAY + dt.timedelta(minutes=1)
    )

    reminders.deliveries_send(ids, now=EIGHT_WEDNESDAY + dt.timedelta(minutes=2))

    assert len(mailoutbox) == 1


# --- deliveries the broker lost -------------------------------------------------------------------


@pytest.mark.django_db
def test_a_delivery_left_queued_too_long_is_queued_again_once(dispatch):
    program_for(reminder=EIGHT)
    (pk,) = dispatch(EIGHT_WEDNESDAY).enqueued
    later = EIGHT_WEDNESDAY + reminders.STALE_AFTER + dt.timedelta(minutes=1)

    again = dispatch(later)
    soon_after = dispatch(later + dt.timedelta(minutes=1))

    assert (again.report.requeued, again.enqueued) == (1, [pk])
    assert (soon_after.report.requeued, soon_after.enqueued) == (0, [])
    assert Delivery.objects.get().queued_at == later


@pytest.mark.django_db
def test_a_delivery_queued_only_a_few_minutes_ago_is_not_queued_again(dispatch):
    program_for(reminder=EIGHT)
    dispatch(EIGHT_WEDNESDAY)

    again = dispatch(EIGHT_WEDNESDAY + reminders.STALE_AFTER - dt.timedelta(minutes=1))

    assert (again.report.requeued, again.enqueued) == (0, [])


@pytest.mark.django_db
def test_a_stale_delivery_a_worker_is_still_sending_is_not_queued_again(dispatch):
    program_for(reminder=EIGHT)
    dispatch(EIGHT_WEDNESDAY)
    later = EIGHT_WEDNESDAY + reminders.STALE_AFTER + dt.timedelta(minutes=1)
    Delivery.objects.update(lease_until=later + dt.timedelta(minutes=1))

    again = dispatch(later)

    assert again.enqueued == []


@pytest.mark.django_db
def test_a_queued_delivery_past_its_cutoff_is_skipped_not_sent_late(dispatch, mailoutbox):
    program_for(reminder=EIGHT)
    (pk,) = dispatch(at(LONDON, WEDNESDAY, 20, 50)).enqueued

    next_morning = dispatch(at(LONDON, THURSDAY, 7, 0))

    delivery = Delivery.objects.get(pk=pk)
    assert (next_morning.report.expired, next_morning.enqueued) == (1, [])
    assert delivery.status == DeliveryStatus.SKIPPED
    assert delivery.detail == "Not sent in time for that day."
    reminders.deliveries_send([pk], now=at(LONDON, THURSDAY, 7, 0))
    assert mailoutbox == []


@pytest.mark.django_db
def test_a_send_task_that_arrives_after_the_cutoff_skips_the_email(dispatch, mailoutbox):
    program_for(reminder=EIGHT)
    (pk,) = dispatch(at(LONDON, WEDNESDAY, 20, 50)).enqueued

    reminders.deliveries_send([pk], now=at(LONDON, WEDNESDAY, 21, 5))

    delivery = Delivery.objects.get(pk=pk)
    assert (delivery.status, delivery.detail) == (
        DeliveryStatus.SKIPPED,
        "Too late to send for that day.",
    )
    assert mailoutbox == []


# --- two dispatchers at once --------------------------------------------------------------------


@committed
def test_two_dispatchers_running_at_once_queue_each_person_once(mailoutbox):
    needs_real_concurrency("two dispatchers")
    people = [program_for(reminder=EIGHT).user for _ in range(20)]
    # Both sweeps select everyone as due before either records a delivery: the worst race.
    both_selected = threading.Barrier(2, timeout=20)
    select = reminders.due.due_programs

    def selected_then_wait(now, kind):
        due = select(now, kind)
        both_selected.wait()
        return due

    def sweep(_):
        enqueued: list[int] = []
        reminders.dispatch_due(now=EIGHT_WEDNESDAY, enqueue=enqueued.extend)
        return enqueued

    with mock.patch.object(reminders.due, "due_programs", selected_then_wait):
        first, second = in_threads(sweep, 2)

    assert Delivery.objects.count() == len(people)
    assert set(first).isdisjoint(second)
    assert sorted(first + second) == sorted(Delivery.objects.values_list("pk", flat=True))
    reminders.deliveries_send(first, now=EIGHT_WEDNESDAY)
    reminders.deliveries_send(second, now=EIGHT_WEDNESDAY)
    assert sorted(m.to[0] for m in mailoutbox) == sorted(p.email for p in people)


@committed
def test_two_workers_sending_the_same_batch_at_once_send_each_email_once(mailoutbox):
    needs_real_concurrency("two workers")
    people = [program_for(reminder=EIGHT).user for _ in range(20)]
    ids = reminders.dispatch_due(now=EIGHT_WEDNESDAY, enqueue=lambda ids: None).queued_ids
    both_ready = threading.Barrier(2, timeout=20)

    def send(_):
        both_ready.wait()
        return reminders.deliveries_send(ids, now=EIGHT_WEDNESDAY)

    reports = in_threads(send, 2)

    assert sum(report.sent for report in reports) == len(people)
    assert sorted(m.to[0] for m in mailoutbox) == sorted(p.email for p in people)
    assert set(Delivery.objects.values_list("status", flat=True)) == {DeliveryStatus.SENT}
