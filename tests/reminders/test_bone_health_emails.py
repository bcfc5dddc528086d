"""Every email carries the whole list of warning signs and the emergency line, in its text and
its HTML part, and the weekly summary measures the week against the bone-health guidance."""

import pytest
from django.core import mail
from django.urls import reverse

from exercises.safety import EMERGENCY, WARNING_SIGNS
from tests.reminders.helpers import MONDAY, WEDNESDAY
from tests.reminders.test_sending import reminder_sent, summary_sent  # noqa: F401 (fixtures)
from tracking.schedule import WHAT_COUNTS

pytestmark = pytest.mark.django_db


def parts(message) -> list[str]:
    return [message.body, *(content for content, _ in message.alternatives)]


def carries_every_warning_sign(text: str) -> bool:
    return all(sign.capitalize() in text for sign in WARNING_SIGNS) and EMERGENCY in text


def test_the_reminder_carries_every_warning_sign_in_both_parts(reminder_sent):  # noqa: F811
    _, message = reminder_sent()

    assert len(parts(message)) == 2
    assert all(carries_every_warning_sign(part) for part in parts(message))


def test_the_weekly_summary_carries_every_warning_sign_in_both_parts(summary_sent):  # noqa: F811
    _, message = summary_sent(MONDAY, WEDNESDAY)

    assert len(parts(message)) == 2
    assert all(carries_every_warning_sign(part) for part in parts(message))


def test_the_account_emails_carry_every_warning_sign(client, user):
    client.post(reverse("account_reset_password"), {"email": user.email})

    (message,) = mail.outbox
    assert carries_every_warning_sign(message.body)


def test_the_weekly_summary_counts_strength_days_and_says_what_counts(summary_sent):  # noqa: F811
    _, message = summary_sent(MONDAY, WEDNESDAY)

    for part in parts(message):
        assert "2 of 3 days" in part.replace("<strong>", "").replace("</strong>", "")
        assert "Balance:" in part
        assert "Posture:" in part
        assert WHAT_COUNTS in part
