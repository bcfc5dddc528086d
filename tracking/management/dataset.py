"""The benchmark data set's people, simulated: pure Python over the progression rules, no
database, so it runs in worker processes. `manage.py generate_dataset` loads what it makes.

Each history is folded through tracking/progression.py exactly as services._progress applies
it, so the prescriptions and events are what `program_recompute` would rebuild from the logs.
"""

from __future__ import annotations

import datetime as dt
import random
import time
import zoneinfo
from dataclasses import dataclass

from tracking import progression
from tracking.ladders import rung_at
from tracking.models import EventKind

# Where people live, weighted: zones either side of UTC, with and without summer time.
ZONES = (
    ("Europe/London", 30),
    ("Europe/Berlin", 12),
    ("America/New_York", 15),
    ("America/Chicago", 8),
    ("America/Los_Angeles", 8),
    ("Australia/Sydney", 8),
    ("Asia/Kolkata", 7),
    ("Asia/Tokyo", 4),
    ("Pacific/Auckland", 3),
    ("UTC", 5),
)
# Pain before a session, and how much it changes by the end: mostly comfortable, now and then
# a rise that steps an exercise back. Pain after stays below 7, which would pause the program.
PAIN_BEFORE = ((0, 35), (1, 30), (2, 20), (3, 10), (4, 5))
PAIN_CHANGE = ((-1, 10), (0, 50), (1, 34), (2, 5), (3, 1))
PAIN_AFTER_MOST = 6
NOTES = ("", "", "", "", "", "", "", "", "Felt steady.", "Tired today.", "Back a bit stiff.")
CHUNK_USERS = 250
NULL = "\\N"


def weighted(pairs) -> list:
    return [value for value, weight in pairs for _ in range(weight)]


@dataclass(frozen=True)
class Item:
    """One exercise of every generated program, with what the rules need to move it."""

    exercise_id: int
    name: str
    ladder: tuple[progression.Step, ...]
    policy: progression.Policy


@dataclass(frozen=True)
class Person:
    index: int
    user_id: int
    program_id: int
    zone: str
    weekdays: tuple[int, ...]
    started_on: dt.date
    adherence: float  # chance of doing a training day's session
    full_dose: float  # chance of reaching the prescribed reps for an exercise


@dataclass
class Chunk:
    """One batch of people's histories: rows per table, or COPY text when `as_text`."""

    sessions: list | str
    entries: list | str
    events: list | str
    prescriptions: list | str
    counts: dict[str, int]
    seconds: float


SESSION_COLUMNS = (
    "id",
    "user_id",
    "program_id",
    "performed_at",
    "local_date",
    "pain_before",
    "pain_after",
    "effort",
    "red_flag",
    "notes",
    "idempotency_key",
    "idempotency_fingerprint",
    "created_at",
    "updated_at",
)
ENTRY_COLUMNS = ("session_id", "exercise_id", "sets", "reps", "hold_seconds", "band_id")
EVENT_COLUMNS = (
    "program_id",
    "session_id",
    "exercise_id",
    "kind",
    "from_step",
    "to_step",
    "from_text",
    "to_text",
    "reason",
    "message",
    "occurred_at",
)
PRESCRIPTION_COLUMNS = ("program_id", "exercise_id", "step", "streak", "position")


def _text(value) -> str:
    """A value in PostgreSQL's COPY text format."""
    if value is None:
        return NULL
    if value is True:
        return "t"
    if value is False:
        return "f"
    if isinstance(value, str):
        return value.replace("\\", "\\\\").replace("\t", "\\t").replace("\n", "\\n")
    return str(value)


def copy_text(rows: list[tuple]) -> str:
    return "".join("\t".join(map(_text, row)) + "\n" for row in rows)


def _entry_text(rows: list[tuple]) -> str:
    """Entries are most of the rows, and hold only numbers: formatted without `_text`."""
    return "".join(
        f"{s}\t{e}\t{sets}\t{reps}\t{NULL if hold is None else hold}\t"
        f"{NULL if band is None else band}\n"
        for s, e, sets, reps, hold, band in rows
    )


def _session_text(rows: list[tuple]) -> str:
    return "".join(
        f"{r[0]}\t{r[1]}\t{r[2]}\t{r[3]}\t{r[4]}\t{r[5]}\t{r[6]}\t{r[7]}\t{_text(r[8])}\t"
        f"{_text(r[9])}\t{_text(r[10])}\t{_text(r[11])}\t{r[12]}\t{r[13]}\n"
        for r in rows
    )


def _event_text(rows: list[tuple]) -> str:
    """Events repeat a few hundred distinct wordings: each is escaped once."""
    middles: dict[tuple, str] = {}
    lines = []
    for row in rows:
        middle = row[2:-1]
        text = middles.get(middle)
        if text is None:
            text = middles[middle] = "\t".join(map(_text, middle))
        lines.append(f"{row[0]}\t{row[1]}\t{text}\t{row[-1]}\n")
    return "".join(lines)


class Simulator:
    """Plays people's years forward through the progression rules. Pure: no database.

    A person's state per exercise is (position, streak). Each distinct (exercise, state,
    outcome) goes through `progression.decide` once and is remembered, with the event's
    wording from `progression.describe`, as services._progress would write it.
    """

    def __init__(self, items: tuple[Item, ...], band_ids: dict[str, int], *, seed: int, now):
        self.items = items
        self.band_ids = band_ids
        self.seed = seed
        self.now = now
        self.pain_before = weighted(PAIN_BEFORE)
        self.pain_change = weighted(PAIN_CHANGE)
        self._moves: dict[tuple, tuple] = {}

    def move(self, key: tuple) -> tuple:
        """(position after, streak after, event fields or None) for
        key = (exercise index, position, streak, sets, reps, pain before, pain after)."""
        move = self._moves.get(key)
        if move is None:
            n, position, streak, sets, reps, pain_before, pain_after = key
            item = self.items[n]
            outcome = progression.Outcome(
                sets=sets, reps=reps, pain_before=pain_before, pain_after=pain_after
            )
            decision = progression.decide(
                item.ladder, progression.State(position, streak), outcome, item.policy
            )
            event = None
            if decision.change != progression.Change.HOLD:
                kind = (
                    EventKind.ADVANCE
                    if decision.change == progression.Change.ADVANCE
                    else EventKind.STEP_BACK
                )
                event = (
                    item.exercise_id,
                    kind.value,
                    decision.before.position,
                    decision.after.position,
                    progression.describe_step(rung_at(item.ladder, decision.before.position)),
                    progression.describe_step(rung_at(item.ladder, decision.after.position)),
                    decision.reason.value,
                    progression.describe(decision, item.ladder, item.name, outcome),
                )
            move = (decision.after.position, decision.after.streak, event)
            self._moves[key] = move
        return move

    def history(self, person: Person, first_session_id: int, today: dt.date):
        """One person's sessions, entries, events and final prescriptions, as row tuples."""
        rng = random.Random(f"{self.seed}:{person.index}")
        zone = zoneinfo.ZoneInfo(person.zone)
        states = [(0, 0)] * len(self.items)
        sessions, entries, events = [], [], []
        session_id = first_session_id
        day = person.started_on
        while day < today:
            if day.weekday() in person.weekdays and rng.random() < person.adherence:
                local = dt.datetime.combine(
                    day, dt.time(rng.randrange(7, 20), rng.randrange(0, 60, 5)), zone
                )
                performed_at = local.astimezone(dt.UTC)
                if performed_at < self.now:
                    row = self._session(rng, person, session_id, performed_at, day, states)
                    sessions.append(row[0])
                    entries.extend(row[1])
                    events.extend(row[2])
                    session_id += 1
            day += dt.timedelta(days=1)
        prescriptions = [
            (person.program_id, item.exercise_id, position, streak, n)
            for n, (item, (position, streak)) in enumerate(zip(self.items, states, strict=True))
        ]
        return sessions, entries, events, prescriptions

    def _session(self, rng, person, session_id, performed_at, day, states):
        pain_before = rng.choice(self.pain_before)
        pain_after = min(max(pain_before + rng.choice(self.pain_change), 0), PAIN_AFTER_MOST)
        session = (
            session_id,
            person.user_id,
            person.program_id,
            performed_at,
            day,
            pain_before,
            pain_after,
            rng.randrange(3, 8),
            False,
            rng.choice(NOTES),
            "",
            "",
            performed_at,
            performed_at,
        )
        entries, events = [], []
        for n, item in enumerate(self.items):
            position, streak = states[n]
            step = rung_at(item.ladder, position)
            reps = step.reps if rng.random() < person.full_dose else max(step.reps - 2, 0)
            band = self.band_ids[step.band] if step.band else None
            entries.append(
                (session_id, item.exercise_id, step.sets, reps, step.hold_seconds or None, band)
            )
            after, after_streak, event = self.move(
                (n, position, streak, step.sets, reps, pain_before, pain_after)
            )
            states[n] = (after, after_streak)
            if event is not None:
                events.append((person.program_id, session_id, *event, performed_at))
        return session, entries, events

    def chunk(self, people: list[Person], first_session_id: int, per_person: int, today, as_text):
        started = time.perf_counter()
        tables: tuple[list, list, list, list] = ([], [], [], [])
        for offset, person in enumerate(people):
            rows = self.history(person, first_session_id + offset * per_person, today)
            for table, part in zip(tables, rows, strict=True):
                table.extend(part)
        counts = dict(
            zip(("sessions", "entries", "events", "prescriptions"), map(len, tables), strict=True)
        )
        if as_text:
            sessions, entries, events, prescriptions = tables
            tables = (
                _session_text(sessions),
                _entry_text(entries),
                _event_text(events),
                copy_text(prescriptions),
            )
        return Chunk(*tables, counts=counts, seconds=time.perf_counter() - started)


_SIMULATOR: Simulator | None = None  # each worker process's own


def worker_start(simulator: Simulator) -> None:
    global _SIMULATOR
    _SIMULATOR = simulator


def worker_chunk(args) -> Chunk:
    return _SIMULATOR.chunk(*args)
