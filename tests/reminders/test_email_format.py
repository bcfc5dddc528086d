"""The reminder and the weekly summary as mail software sees them: valid MIME, RFC line limits
in every part, the headers that mark them automatic and unsubscribable, the button first, and a
summary that judges only the days the program has run."""

import datetime as dt
import email
import email.parser
import email.policy
import re

import pytest

from tests.factories import UserFactory
from tests.reminders.helpers import EIGHT, LONDON, SUNDAY, WEDNESDAY, at, html_of, program_for
from tests.reminders.test_sending import reminder_sent, summary_sent  # noqa: F401 (fixtures)
from tests.tracking.factories import session_logged
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


# --- the message as built for sending ------------------------------------------------------------

HEADERS = (
    "Subject",
    "From",
    "To",
    "Date",
    "Message-ID",
    "MIME-Version",
    "List-Unsubscribe",
    "List-Unsubscribe-Post",
    "Auto-Submitted",
    "X-OsteoFit-Delivery",
)


def sent_emails(dispatch, mailoutbox, first_name: str) -> list:
    """A reminder (Tuesday), a summary (Saturday) and a summary carrying the day's reminder
    (Sunday), to people of that first name who train on Sundays, Tuesdays and Thursdays."""
    for summary_day in (SUNDAY - dt.timedelta(days=1), SUNDAY):
        program = program_for(
            UserFactory(first_name=first_name),
            reminder=EIGHT,
            days=("sun", "tue", "thu"),
            summary=True,
            summary_day=summary_day.weekday(),
        )
        session_logged(program, performed_at=at(LONDON, WEDNESDAY, 18, 0))
    for day in (WEDNESDAY - dt.timedelta(days=1), SUNDAY - dt.timedelta(days=1), SUNDAY):
        now = at(LONDON, day, 8, 0)
        reminders.deliveries_send(dispatch(now).enqueued, now=now)
    return list(mailoutbox)


@pytest.mark.parametrize("first_name", ["Joan", "D'Arcy", "", "Zoë", "Łucja 李"])
def test_every_email_is_valid_mime_byte_for_byte_with_every_header(
    dispatch, mailoutbox, settings, first_name
):
    messages = sent_emails(dispatch, mailoutbox, first_name)

    # Tuesday's two reminders, Saturday's summary, Sunday's reminder and Sunday's summary
    # with the reminder inside
    assert len(messages) == 5
    for message in messages:
        for policy in (email.policy.SMTP, email.policy.default):
            raw = message.message(policy=policy).as_bytes()
            msg = email.parser.BytesParser(policy=email.policy.default).parsebytes(raw)
            assert [part.defects for part in msg.walk()] == [[], [], []]
            assert all(msg[name] for name in HEADERS), [n for n in HEADERS if not msg[n]]
            assert msg["Subject"] == message.subject
            for subtype, content in (("plain", message.body), ("html", html_of(message))):
                decoded = msg.get_body((subtype,)).get_content()
                assert decoded.replace(policy.linesep, "\n") == content
            assert_lines_within_limits(msg)
            assert_automatic_and_unsubscribable(msg, settings)
        parsed(message)


def normalised(raw: bytes) -> bytes:
    """The bytes with what differs from one build to the next (boundary, date) made equal."""
    boundary = re.search(rb'boundary="([^"]+)"', raw).group(1)
    raw = raw.replace(boundary, b"BOUNDARY")
    return re.sub(rb"\r\nDate: [^\r]+\r\n", b"\r\nDate: D\r\n", raw)


@pytest.mark.parametrize("first_name", ["Joan", "D'Arcy", ""])
def test_the_quick_builder_writes_the_bytes_djangos_builder_writes(
    dispatch, mailoutbox, first_name
):
    for message in sent_emails(dispatch, mailoutbox, first_name):
        quick = message._built(email.policy.SMTP)
        assert quick is not None
        assert normalised(quick.as_bytes()) == normalised(
            message._built_by_django(email.policy.SMTP).as_bytes()
        )


def test_a_subject_that_needs_encoding_is_left_to_djangos_builder(dispatch, mailoutbox):
    message, *_ = sent_emails(dispatch, mailoutbox, "Zoë")

    assert message._built(email.policy.SMTP) is None
    raw = message.message(policy=email.policy.SMTP).as_bytes()
    assert b"\r\nSubject: =?utf-8?" in raw
