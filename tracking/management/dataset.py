"""The benchmark data set's people, simulated: pure Python over the progression rules, no
database, so it runs in worker processes. `manage.py generate_dataset` loads what it makes.

Each history runs the one fold in tracking/progression.py (`apply`, a session at a time)
exactly as tracking/services/progress.py applies it: the prescriptions (with their day) and
events are what `program_recompute` rebuilds from the logs, and each step back leaves the
Ceiling row the app would have stored.
"""

from __future__ import annotations

import datetime as dt
import random
import time
import zoneinfo
from dataclasses import dataclass

from tracking import progression
from tracking.ladders import rung_at
from tracking.models import Session

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
# a rise that steps an exercise back. Pain after stays below every exercise's pause level.
PAIN_BEFORE = ((0, 35), (1, 30), (2, 20), (3, 10), (4, 5))
PAIN_CHANGE = ((-1, 10), (0, 50), (1, 34), (2, 5), (3, 1))
EFFORT = range(3, 8)  # moderately hard: never above a policy's target_max_effort
NOTES = ("", "", "", "", "", "", "", "", "Felt steady.", "Tired today.", "Back a bit stiff.")
CHUNK_USERS = 250
NULL = "\\N"


def weighted(pairs) -> list:
    return [value for value, weight in pairs for _ in range(weight)]


@dataclass(frozen=True)
class ExerciseRules:
    """One exercise of every generated program, with what the rules need to move it."""

    exercise_id: int
    name: str
    ladder: tuple[progression.Rung, ...]
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
    ceilings: list | str
    prescriptions: list | str
    counts: dict[str, int]
    seconds: float


SESSION_COLUMNS = (
    "id",
    "user_id",
    "program_id",
    "performed_at",
    "local_date",
    *Session.ANSWERS,
    "gentle",
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
    "from_rung",
    "to_rung",
    "from_text",
    "to_text",
    "reason",
    "message",
    "occurred_at",
)
CEILING_COLUMNS = (
    "program_id",
    "exercise_id",
    "session_id",
    "rung",
    "since",
    "local_date",
    "reason",
    "created_at",
)
PRESCRIPTION_COLUMNS = (
    "program_id",
    "exercise_id",
    "rung",
    "streak",
    "day",
    "day_sessions",
    "day_met",
    "day_spoiled",
    "position",
)
# The synthetic pair of local days every remembered decision is taken on: a person logs at
# most one session a local day, so only whether the day before counted matters, not its date.
_DAY_BEFORE, _DAY = dt.date(2000, 1, 1), dt.date(2000, 1, 2)


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
        f"{_text(r[9])}\t{_text(r[10])}\t{_text(r[11])}\t{_text(r[12])}\t{r[13]}\t{r[14]}\n"
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

    A person's state per exercise is a `progression.State` kept as a tuple (position, streak,
    day_sessions, day_met, day_spoiled); the day is the person's latest session day, shared
    by every exercise since each session has them all. Each distinct (exercise, state as the
    new day begins, outcome) goes through `progression.apply` once, on a synthetic pair of
    days, and is remembered with its event (wording from `progression.describe`) and the
    ceiling a step back leaves, as tracking/services/progress.py would write them.
    """

    def __init__(
        self, items: tuple[ExerciseRules, ...], band_ids: dict[str, int], *, seed: int, now
    ):
        self.items = items
        self.band_ids = band_ids
        self.seed = seed
        self.now = now
        self.pain_before = weighted(PAIN_BEFORE)
        self.pain_change = weighted(PAIN_CHANGE)
        # Below every exercise's pause level, so every generated program keeps running.
        self.pain_after_most = min(item.policy.pause_pain_after for item in items) - 1
        self._moves: dict[tuple, tuple] = {}

    def move(self, key: tuple) -> tuple:
        """(state after, events, ceiling or None) for key = (exercise index, position, streak,
        whether the previous day counted, sets, reps, pain before, pain after, effort)."""
        move = self._moves.get(key)
        if move is None:
            move = self._moves[key] = self._apply(*key)
        return move

    def _apply(self, n, position, streak, counted, sets, reps, pain_before, pain_after, effort):
        """One session's outcome for one exercise, as `progress.replay` folds it: the
        session, then the ceiling its step back stored (which holds it where it is)."""
        item = self.items[n]
        before = progression.State(position, streak, day=_DAY_BEFORE, day_met=counted)
        outcome = progression.Outcome(
            sets=sets, reps=reps, pain_before=pain_before, pain_after=pain_after, effort=effort
        )
        decision = progression.apply(
            item.ladder, item.policy, before, progression.Logged(_DAY, outcome)
        )
        events = [self._event(item, decision, outcome)]
        ceiling = None
        if progression.leaves_ceiling(decision):
            ceiling = (decision.reason.value, decision.after.position)
            rung = min(decision.after.position, len(item.ladder) - 1)
            decision = progression.apply(
                item.ladder, item.policy, decision.after, progression.Ceiling(_DAY, rung)
            )
            events.append(self._event(item, decision, None))
        after = decision.after
        state = (after.position, after.streak, after.day_sessions, after.day_met, after.day_spoiled)
        return state, tuple(event for event in events if event is not None), ceiling

    @staticmethod
    def _event(item: ExerciseRules, decision: progression.Decision, outcome) -> tuple | None:
        """The event columns a decision writes (between session and time), or None."""
        kind = progression.event_kind(decision)
        if kind is None:
            return None
        return (
            item.exercise_id,
            kind,
            decision.before.position,
            decision.after.position,
            progression.describe_rung(rung_at(item.ladder, decision.before.position)),
            progression.describe_rung(rung_at(item.ladder, decision.after.position)),
            decision.reason.value,
            progression.describe(decision, item.ladder, item.name, outcome, item.policy),
        )

    def history(self, person: Person, first_session_id: int, today: dt.date):
        """One person's sessions, entries, events, ceilings and final prescriptions, as rows."""
        rng = random.Random(f"{self.seed}:{person.index}")
        zone = zoneinfo.ZoneInfo(person.zone)
        states = [(0, 0, 0, False, False)] * len(self.items)
        rows = ([], [], [], [])  # sessions, entries, events, ceilings
        session_id = first_session_id
        last_day = None  # the prescriptions' day: the latest session's
        day = person.started_on
        while day < today:
            if day.weekday() in person.weekdays and rng.random() < person.adherence:
                local = dt.datetime.combine(
                    day, dt.time(rng.randrange(7, 20), rng.randrange(0, 60, 5)), zone
                )
                performed_at = local.astimezone(dt.UTC)
                if performed_at < self.now:
                    self._session(rng, person, session_id, performed_at, day, states, rows)
                    session_id += 1
                    last_day = day
            day += dt.timedelta(days=1)
        prescriptions = [
            (person.program_id, item.exercise_id, position, streak, last_day, *today_fields, n)
            for n, (item, (position, streak, *today_fields)) in enumerate(
                zip(self.items, states, strict=True)
            )
        ]
        return (*rows, prescriptions)

    def _session(self, rng, person, session_id, performed_at, day, states, rows) -> None:
        sessions, entries, events, ceilings = rows
        pain_before = rng.choice(self.pain_before)
        pain_after = min(max(pain_before + rng.choice(self.pain_change), 0), self.pain_after_most)
        effort = rng.choice(EFFORT)
        sessions.append(
            (
                session_id,
                person.user_id,
                person.program_id,
                performed_at,
                day,
                pain_before,
                pain_after,
                effort,
                False,  # red_flag: a warning sign would pause the program
                False,  # gentle
                rng.choice(NOTES),
                "",
                "",
                performed_at,
                performed_at,
            )
        )
        for n, item in enumerate(self.items):
            position, streak, _, met, spoiled = states[n]
            step = rung_at(item.ladder, position)
            reps = step.reps if rng.random() < person.full_dose else max(step.reps - 2, 0)
            band = self.band_ids[step.band] if step.band else None
            entries.append(
                (session_id, item.exercise_id, step.sets, reps, step.hold_seconds or None, band)
            )
            state, moved, ceiling = self.move(
                (
                    n,
                    position,
                    streak,
                    met and not spoiled,
                    step.sets,
                    reps,
                    pain_before,
                    pain_after,
                    effort,
                )
            )
            states[n] = state
            for event in moved:
                events.append((person.program_id, session_id, *event, performed_at))
            if ceiling is not None:
                reason, rung = ceiling
                ceilings.append(
                    (
                        person.program_id,
                        item.exercise_id,
                        session_id,
                        rung,
                        performed_at,
                        day,
                        reason,
                        performed_at,
                    )
                )

    def chunk(self, people: list[Person], first_session_id: int, per_person: int, today, as_text):
        started = time.perf_counter()
        names = ("sessions", "entries", "events", "ceilings", "prescriptions")
        tables: tuple[list, ...] = tuple([] for _ in names)
        for offset, person in enumerate(people):
            rows = self.history(person, first_session_id + offset * per_person, today)
            for table, part in zip(tables, rows, strict=True):
                table.extend(part)
        counts = dict(zip(names, map(len, tables), strict=True))
        if as_text:
            sessions, entries, events, ceilings, prescriptions = tables
            tables = (
                _session_text(sessions),
                _entry_text(entries),
                _event_text(events),
                copy_text(ceilings),
                copy_text(prescriptions),
            )
        return Chunk(*tables, counts=counts, seconds=time.perf_counter() - started)


_SIMULATOR: Simulator | None = None  # each worker process's own


def worker_start(simulator: Simulator) -> None:
    global _SIMULATOR
    _SIMULATOR = simulator


def worker_chunk(args) -> Chunk:
    return _SIMULATOR.chunk(*args)
