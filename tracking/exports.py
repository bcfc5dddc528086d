"""Readable exports beside the JSON one: the sessions as CSV, one row per session and exercise,
for a spreadsheet. (The FHIR Bundle is `tracking.fhir`.)"""

from __future__ import annotations

import csv
import datetime as dt
import io

from django.utils import timezone

from tracking import selectors

CSV_MEDIA_TYPE = "text/csv; charset=utf-8"
COLUMNS = (
    "session_id",
    "date",
    "time",
    "pain_before",
    "pain_after",
    "effort",
    "warning_sign",
    "gentle_day",
    "exercise",
    "sets",
    "reps",
    "hold_seconds",
    "band",
    "notes",
)
# A cell a spreadsheet would run as a formula starts with one of these; a quote makes it text.
_FORMULA_STARTS = ("=", "+", "-", "@", "\t", "\r")


def _text(value: str) -> str:
    return f"'{value}" if value.startswith(_FORMULA_STARTS) else value


def sessions_csv(user) -> str:
    """Every session, oldest first, with a row for each exercise done: the date as ISO
    8601 (YYYY-MM-DD) and the time of day in the person's own time zone, so it sorts and
    opens as dates in any spreadsheet. Starts with a byte-order mark, for Excel's sake."""
    out = io.StringIO()
    out.write("\ufeff")
    writer = csv.writer(out, lineterminator="\r\n")
    writer.writerow(COLUMNS)
    program = selectors.program_active(user)
    zone = program.zone if program else dt.UTC
    sessions = selectors.sessions_for_user(user).order_by("performed_at", "id")
    for session in sessions:
        local = timezone.localtime(session.performed_at, zone)
        common = [
            session.pk,
            session.local_date.isoformat(),
            local.strftime("%H:%M"),
            session.pain_before,
            session.pain_after,
            session.effort,
            "yes" if session.red_flag else "no",
            "yes" if session.gentle else "no",
        ]
        notes = _text(session.notes)
        entries = list(session.entries.all()) or [None]
        for entry in entries:
            if entry is None:
                writer.writerow([*common, "", "", "", "", "", notes])
                continue
            writer.writerow(
                [
                    *common,
                    entry.exercise.name,
                    entry.sets,
                    entry.reps,
                    entry.hold_seconds if entry.hold_seconds is not None else "",
                    entry.band.name if entry.band else "",
                    notes,
                ]
            )
    return out.getvalue()


def csv_filename(now: dt.datetime | None = None) -> str:
    return f"osteofit-sessions-{(now or timezone.now()):%Y-%m-%d}.csv"
