"""The reminder and the weekly summary as mail software sees them: valid MIME, RFC line limits
in every part, the headers that mark them automatic and unsubscribable, the button first, and a
summary that judges only the days the program has run."""

import datetime as dt
import email
import email.policy

import pytest

from tests.factories import UserFactory
from tests.reminders.helpers import EIGHT, LONDON, SUNDAY, WEDNESDAY, at, program_for
from tests.reminders.test_sending import reminder_sent, summary_sent  # noqa: F401 (fixtures)
from tracking import reminders
from tracking.models import Delivery, DeliveryKind, DeliveryStatus
from tracking.schedule import summary_week

pytestmark = pytest.mark.django_db

MWF = frozenset({0, 2, 4})


def parsed(message) -> email.message.EmailMessage:
    raw = message.message(policy=email.policy.SMTP).as_bytes()
    parsed = email.message_from_bytes(raw, policy=email.policy.default)
    # byte-for-byte round trip (headers may be up to 998 characters, RFC 5322)
    assert parsed.as_bytes(policy=email.policy.SMTP.clone(max_line_length=998)) == raw
    assert not [part for part in parsed.walk() if part.defects]
    return parsed


def assert_lines_within_limits(msg: email.message.EmailMessage) -> None:
    raw = msg.as_bytes(policy=email.policy.SMTP.clone(max_line_length=998))
    assert max(len(line) for line in raw.split(b"\r\n")) <= 998
    for part in msg.walk():
        if part.is_multipart():
            continue
        encoding = part["Content-Transfer-Encoding"]
        body = part.as_bytes(policy=email.policy.SMTP.clone(max_line_length=998)).split(
            b"\r\n\r\n", 1
        )[1]
        limit = 76 if encoding in ("quoted-printable", "base64") else 998
        assert max(len(line) for line in body.split(b"\r\n")) <= limit, encoding


def assert_automatic_and_unsubscribable(msg, settings) -> None:
    assert msg["Auto-Submitted"] == "auto-generated"
    assert msg["Message-ID"].endswith("@testserver>") or msg["Message-ID"].endswith(
        f"@{settings.SITE_URL.split('//')[1].split('/')[0].split(':')[0]}>"
    )
    assert "@localhost" not in msg["Message-ID"]
    assert msg["List-Unsubscribe"].startswith(f"<{settings.SITE_URL}/")
    assert msg["List-Unsubscribe-Post"] == "List-Unsubscribe=One-Click"


def test_a_reminder_is_valid_mime_within_line_limits_with_its_headers(reminder_sent, settings):  # noqa: F811
    _, message = reminder_sent()
    msg = parsed(message)

    assert_lines_within_limits(msg)
    assert_automatic_and_unsubscribable(msg, settings)


def test_a_reminder_puts_the_button_first_and_a_change_link_beside_stop(reminder_sent, settings):  # noqa: F811
    _, message = reminder_sent()
    msg = parsed(message)
    html = msg.get_body(("html",)).get_content()
    text = msg.get_body(("plain",)).get_content()

    assert html.index("Start today's session") < html.index("<ul")
    assert text.index("/r/log/") < text.index("Your exercises")
    settings_page = f"{settings.SITE_URL}/reminders/"
    assert f'<a href="{settings_page}"' in html
    assert html.index(settings_page) < html.index("Stop these reminders")
    assert f"Change the time or days: {settings_page}" in text
    assert 'name="color-scheme"' not in html


def test_a_summary_is_valid_mime_within_line_limits_with_its_headers(summary_sent, settings):  # noqa: F811
    _, message = summary_sent(WEDNESDAY)
    msg = parsed(message)

    assert_lines_within_limits(msg)
    assert_automatic_and_unsubscribable(msg, settings)


# --- judging only the days the program has run -----------------------------------------------


def test_a_summary_on_the_start_day_judges_nothing():
    assert summary_week([], MWF, SUNDAY, program_start=SUNDAY) is None


def test_a_mid_week_start_asks_only_for_the_training_days_still_possible():
    thursday = SUNDAY - dt.timedelta(days=3)

    week = summary_week([], MWF, SUNDAY, program_start=thursday)

    assert (week.begins, week.done, week.target, week.whole) == (thursday, 0, 1, False)


def test_a_whole_week_keeps_the_full_target():
    week = summary_week([WEDNESDAY], MWF, SUNDAY, program_start=dt.date(2026, 1, 5))

    assert (week.done, week.target, week.whole, week.short) == (1, 3, True, True)


def test_a_resumed_program_is_judged_from_the_resume():
    saturday = SUNDAY - dt.timedelta(days=1)

    week = summary_week([], MWF, SUNDAY, dt.date(2026, 1, 5), resumed_on=saturday)

    assert (week.begins, week.target, week.short) == (saturday, 0, False)


def test_no_summary_goes_out_on_the_day_the_program_started(dispatch, mailoutbox):
    program = program_for(
        UserFactory(), reminder=EIGHT, started=SUNDAY, summary=True, summary_day=6
    )
    now = at(LONDON, SUNDAY, 8, 0)

    reminders.deliveries_send(dispatch(now).enqueued, now=now)

    summary = Delivery.objects.get(user=program.user, kind=DeliveryKind.SUMMARY)
    assert summary.status == DeliveryStatus.SKIPPED
    assert "just begun" in summary.detail
    assert mailoutbox == []
