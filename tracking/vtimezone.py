"""A time zone as an iCalendar VTIMEZONE that never ends: its current rules as yearly RRULEs.

icalendar's own VTIMEZONE lists each clock change up to 2038, after which calendars guess. The
tz database ends every zone's file with its rule for all later years, a POSIX TZ string such as
`GMT0BST,M3.5.0/1,M10.5.0`; this reads that rule. Pure: no Django."""

from __future__ import annotations

import datetime as dt
import re
import zoneinfo
from importlib import resources
from pathlib import Path

from icalendar import Timezone, TimezoneDaylight, TimezoneStandard, vRecur

FIRST_YEAR = 1970
ICAL_WEEKDAYS = ["SU", "MO", "TU", "WE", "TH", "FR", "SA"]  # POSIX counts from Sunday
_NAME = r"(<[^>]+>|[A-Za-z]{3,})"
_OFFSET = r"([+-]?\d{1,2}(?::\d{2}){0,2})"
_RULE = r"M(\d{1,2})\.(\d)\.(\d)(?:/(\d{1,2}(?::\d{2}){0,2}))?"
POSIX = re.compile(rf"^{_NAME}{_OFFSET}(?:{_NAME}{_OFFSET}?,{_RULE},{_RULE})?$")


def _tzif(name: str) -> bytes:
    for root in zoneinfo.TZPATH:
        path = Path(root, name)
        if path.is_file():
            return path.read_bytes()
    return resources.files("tzdata.zoneinfo").joinpath(*name.split("/")).read_bytes()


def posix_rule(name: str) -> str:
    """The zone's rule for the years after its last listed change (the TZif footer)."""
    return _tzif(name).rstrip(b"\n").rsplit(b"\n", 1)[-1].decode("ascii")


def _seconds(text: str) -> int:
    sign = -1 if text.startswith("-") else 1
    parts = [int(part) for part in text.lstrip("+-").split(":")] + [0, 0]
    return sign * (parts[0] * 3600 + parts[1] * 60 + parts[2])


def _rule_start(month: int, week: int, weekday: int, at: dt.time, year: int) -> dt.datetime:
    """The local moment of a `Mm.w.d` rule in `year` (week 5 = the last)."""
    first = dt.date(year, month, 1)
    day = first + dt.timedelta(days=(weekday - (first.isoweekday() % 7)) % 7 + 7 * (week - 1))
    while day.month != month:
        day -= dt.timedelta(days=7)
    return dt.datetime.combine(day, at)


def _observance(kind, name, offset_from, offset_to, start, rrule=None):
    part = kind()
    part.add("tzname", name.strip("<>"))
    part.add("tzoffsetfrom", dt.timedelta(seconds=offset_from))
    part.add("tzoffsetto", dt.timedelta(seconds=offset_to))
    part.add("dtstart", start)
    if rrule:
        part.add("rrule", rrule)
    return part


def vtimezone(name: str) -> Timezone:
    """The VTIMEZONE of an IANA zone, valid for every year from 1970 on under today's rules.

    A rule this reader does not take (a day of the year, or a change at a time outside 0-24 h)
    falls back to icalendar's listing, to a far year."""
    match = POSIX.match(posix_rule(name))
    times = match and [match.group(8), match.group(12)]
    if not match or any(time and not 0 <= _seconds(time) < 86400 for time in times):
        return Timezone.from_tzinfo(
            zoneinfo.ZoneInfo(name), tzid=name, last_date=dt.date(2200, 1, 1)
        )
    timezone = Timezone()
    timezone.add("tzid", name)
    standard = -_seconds(match.group(2))
    if match.group(3) is None:
        timezone.add_component(
            _observance(
                TimezoneStandard,
                match.group(1),
                standard,
                standard,
                dt.datetime(FIRST_YEAR, 1, 1),
            )
        )
        return timezone
    daylight = -_seconds(match.group(4)) if match.group(4) else standard + 3600
    for kind, zone_name, offsets, rule in (
        (TimezoneDaylight, match.group(3), (standard, daylight), match.groups()[4:8]),
        (TimezoneStandard, match.group(1), (daylight, standard), match.groups()[8:12]),
    ):
        month, week, weekday = int(rule[0]), int(rule[1]), int(rule[2])
        seconds = _seconds(rule[3]) if rule[3] else 7200
        at = dt.time(seconds // 3600, seconds % 3600 // 60, seconds % 60)
        ordinal = -1 if week == 5 else week
        timezone.add_component(
            _observance(
                kind,
                zone_name,
                *offsets,
                _rule_start(month, week, weekday, at, FIRST_YEAR),
                vRecur(freq="YEARLY", bymonth=month, byday=f"{ordinal}{ICAL_WEEKDAYS[weekday]}"),
            )
        )
    return timezone
