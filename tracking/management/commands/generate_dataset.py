"""A realistic data set for benchmarks, generated fast.

    manage.py generate_dataset --users 10000 --weeks 52 --seed 1

N people (bench0@example.com, bench1@...; one shared password, hashed once), each with a
confirmed email, a program of every recommended exercise started `--weeks` weeks ago, and a
session on most of its three or four training days since (at most one a local day), with an
entry for every prescription. Each history runs the one fold in tracking/progression.py as
tracking/services/progress.py applies it, so the prescriptions (step, streak and the latest
day) and the progression events are what `program_recompute` would rebuild from the logs, and
every step back leaves the ceiling the app would have stored. Pain stays below the level that
pauses a program, so every generated program is running and can log more sessions.

On PostgreSQL everything goes in with COPY in one transaction: the session, entry, event,
ceiling and prescription tables lose their foreign keys and secondary indexes for the load and
get them back after it (re-adding a foreign key checks every row). Histories are simulated in worker
processes while this one copies the previous chunk. Other databases (SQLite in the tests) get
the same rows through bulk_create.
"""

from __future__ import annotations

import datetime as dt
import multiprocessing
import os
import random
import time
import zoneinfo
from collections.abc import Iterator

from django.contrib.auth import get_user_model
from django.contrib.auth.hashers import make_password
from django.core.management.base import BaseCommand, CommandError
from django.core.management.color import no_style
from django.db import connection, transaction
from django.db.models import Max, Prefetch
from django.utils import timezone

from exercises.models import Band, Exercise, LadderRung
from tracking import composition
from tracking.ladders import ladder_of, policy_of
from tracking.management.dataset import (
    CEILING_COLUMNS,
    CHUNK_USERS,
    ENTRY_COLUMNS,
    EVENT_COLUMNS,
    PRESCRIPTION_COLUMNS,
    SESSION_COLUMNS,
    ZONES,
    Chunk,
    ExerciseRules,
    Person,
    Simulator,
    copy_text,
    weighted,
    worker_chunk,
    worker_start,
)
from tracking.models import (
    TRAINING_DAY_MASKS,
    CalendarSeries,
    Ceiling,
    Entry,
    Prescription,
    Program,
    ProgressionEvent,
    Session,
    calendar_token_new,
    mask_to_days,
)

DEFAULT_PASSWORD = "osteofit-bench-password"


def _catalogue() -> tuple[tuple[ExerciseRules, ...], dict[str, int]]:
    """The exercises program_start gives someone who can use the floor (or was cleared after
    a spinal fracture), in the order it gives them positions."""
    recommended = list(
        Exercise.objects.filter(recommended=True)
        .select_related("progression_policy", "floor_alternative")
        .prefetch_related(Prefetch("rungs", queryset=LadderRung.objects.select_related("band")))
        .order_by("position", "name")
    )
    held = composition.compose(
        [
            composition.Candidate(
                e.slug, e.on_floor, e.floor_alternative.slug if e.floor_alternative_id else None
            )
            for e in recommended
        ],
        composition.Answers(floor_ok=True, spinal_fracture=False),
    )
    exercises = [e for e in recommended if e.slug in held]
    items = tuple(
        ExerciseRules(exercise_id=e.pk, name=e.name, ladder=ladder_of(e), policy=policy_of(e))
        for e in exercises
    )
    if not items or any(not item.ladder for item in items):
        raise CommandError("The catalogue is missing or has an empty ladder: run migrate first.")
    return items, dict(Band.objects.values_list("slug", "pk"))


class Loader:
    """Writes rows: COPY on PostgreSQL, bulk_create elsewhere; keeps time and rows per table."""

    def __init__(self):
        self.postgres = connection.vendor == "postgresql"
        self.seconds: dict[str, float] = {}
        self.rows: dict[str, int] = {}

    def write(self, model, columns, rows, count: int) -> None:
        started = time.perf_counter()
        if self.postgres:
            table = model._meta.db_table
            names = ", ".join(f'"{model._meta.get_field(c).column}"' for c in columns)
            data = rows if isinstance(rows, str) else copy_text(rows)
            with (
                connection.cursor() as cursor,
                cursor.copy(f'COPY "{table}" ({names}) FROM STDIN') as copy,
            ):
                copy.write(data)
        else:
            model.objects.bulk_create(
                (model(**dict(zip(columns, row, strict=True))) for row in rows), batch_size=500
            )
        label = model._meta.db_table
        self.seconds[label] = self.seconds.get(label, 0.0) + time.perf_counter() - started
        self.rows[label] = self.rows.get(label, 0) + count


def _secondary_schema(models) -> list[tuple[str, str, str, str]]:
    """Foreign keys, unique constraints and other indexes (not primary keys) of the tables, as
    (kind, name, table, definition) in the order to recreate them."""
    tables = [m._meta.db_table for m in models]
    with connection.cursor() as cursor:
        cursor.execute(
            """
            SELECT 'index', i.relname, t.relname, pg_get_indexdef(i.oid)
            FROM pg_index x JOIN pg_class i ON i.oid = x.indexrelid
            JOIN pg_class t ON t.oid = x.indrelid
            WHERE t.relname = ANY(%s) AND NOT x.indisprimary AND NOT EXISTS (
                SELECT 1 FROM pg_constraint c WHERE c.conindid = x.indexrelid
                AND c.conrelid = t.oid AND c.contype IN ('p', 'u', 'x'))
            UNION ALL
            SELECT CASE c.contype WHEN 'u' THEN 'unique' ELSE 'foreign' END, c.conname,
                   t.relname, pg_get_constraintdef(c.oid)
            FROM pg_constraint c JOIN pg_class t ON t.oid = c.conrelid
            WHERE t.relname = ANY(%s) AND c.contype IN ('u', 'f')
            """,
            [tables, tables],
        )
        found = cursor.fetchall()
    order = {"index": 0, "unique": 1, "foreign": 2}
    return sorted(found, key=lambda row: (order[row[0]], row[2], row[1]))


def _drop(schema) -> None:
    if not schema:
        return
    with connection.cursor() as cursor:
        # Check the rows written so far now: a table with pending deferred checks cannot lose
        # a foreign key that involves it.
        cursor.execute("SET CONSTRAINTS ALL IMMEDIATE")
        cursor.execute("SET CONSTRAINTS ALL DEFERRED")
        for kind, name, table, _ in reversed(schema):
            if kind == "index":
                cursor.execute(f'DROP INDEX "{name}"')
            else:
                cursor.execute(f'ALTER TABLE "{table}" DROP CONSTRAINT "{name}"')


def _rebuild(schema) -> None:
    if not schema:
        return
    with connection.cursor() as cursor:
        cursor.execute("SET LOCAL maintenance_work_mem = '512MB'")
        for kind, name, table, definition in schema:
            if kind == "index":
                cursor.execute(definition)
            else:
                cursor.execute(f'ALTER TABLE "{table}" ADD CONSTRAINT "{name}" {definition}')


class Command(BaseCommand):
    help = "Generate people with programs and a history of sessions, in bulk, for benchmarks."

    def add_arguments(self, parser):
        parser.add_argument("--users", type=int, default=10_000)
        parser.add_argument("--weeks", type=int, default=52, help="History length per person.")
        parser.add_argument("--seed", type=int, default=1)
        parser.add_argument("--email-prefix", default="bench", help="Emails are <prefix><n>@…")
        parser.add_argument("--password", default=DEFAULT_PASSWORD)
        parser.add_argument(
            "--jobs",
            type=int,
            default=None,
            help="Simulating worker processes (default: one per core, at most 4, on PostgreSQL; "
            "0 = in this process).",
        )

    def handle(self, *args, users, weeks, seed, email_prefix, password, jobs, **options):
        if users < 1 or weeks < 1:
            raise CommandError("Give at least one user and one week.")
        User = get_user_model()
        generated = User.objects.filter(
            email__startswith=email_prefix, email__endswith="@example.com"
        )
        if generated.exists():
            raise CommandError(
                f"This database already has generated people ({email_prefix}0@example.com…): "
                "use a fresh database or another --email-prefix."
            )
        loader = Loader()
        if jobs is None:
            jobs = min(os.cpu_count() or 1, 4) if loader.postgres else 0
        started = time.perf_counter()
        items, band_ids = _catalogue()
        now = timezone.now()
        today = now.date()
        simulator = Simulator(items, band_ids, seed=seed, now=now)
        per_person = weeks * 7 + 7  # most sessions a person can have: the session id stride
        rebuild_seconds = simulate_seconds = 0.0
        with transaction.atomic():
            people = self._people(loader, users, weeks, seed, email_prefix, password, today)
            session_base = (Session.objects.aggregate(top=Max("id"))["top"] or 0) + 1
            deferred = [Session, Entry, ProgressionEvent, Ceiling, Prescription]
            schema = _secondary_schema(deferred) if loader.postgres else []
            _drop(schema)
            work = [
                (
                    people[i : i + CHUNK_USERS],
                    session_base + i * per_person,
                    per_person,
                    today,
                    loader.postgres,
                )
                for i in range(0, len(people), CHUNK_USERS)
            ]
            for chunk in self._chunks(simulator, work, jobs):
                simulate_seconds += chunk.seconds
                loader.write(Session, SESSION_COLUMNS, chunk.sessions, chunk.counts["sessions"])
                loader.write(Entry, ENTRY_COLUMNS, chunk.entries, chunk.counts["entries"])
                loader.write(ProgressionEvent, EVENT_COLUMNS, chunk.events, chunk.counts["events"])
                loader.write(Ceiling, CEILING_COLUMNS, chunk.ceilings, chunk.counts["ceilings"])
                loader.write(
                    Prescription,
                    PRESCRIPTION_COLUMNS,
                    chunk.prescriptions,
                    chunk.counts["prescriptions"],
                )
            rebuild_started = time.perf_counter()
            _rebuild(schema)
            with connection.cursor() as cursor:
                for sql in connection.ops.sequence_reset_sql(no_style(), [User, Program, Session]):
                    cursor.execute(sql)
            rebuild_seconds = time.perf_counter() - rebuild_started
        analyze_seconds = self._analyze(loader, [User, Program, *deferred])
        self._report(loader, started, simulate_seconds, jobs, rebuild_seconds, analyze_seconds)

    def _people(self, loader, users, weeks, seed, prefix, password, today) -> list[Person]:
        """Accounts, confirmed email addresses and programs, in bulk; the plan of each life."""
        from allauth.account.models import EmailAddress

        User = get_user_model()
        rng = random.Random(seed)
        zones = weighted(ZONES)
        hashed = make_password(password)
        user_base = (User.objects.aggregate(top=Max("id"))["top"] or 0) + 1
        program_base = (Program.objects.aggregate(top=Max("id"))["top"] or 0) + 1
        joined = timezone.now() - dt.timedelta(weeks=weeks, days=1)
        people, user_rows, email_rows, program_rows, series_rows = [], [], [], [], []
        for n in range(users):
            zone = rng.choice(zones)
            # Most people choose the classic Mon/Wed/Fri; the rest any 3 or 4 days.
            mask = 0b10101 if rng.random() < 0.4 else rng.choice(TRAINING_DAY_MASKS)
            started_on = today - dt.timedelta(weeks=weeks)
            person = Person(
                index=n,
                user_id=user_base + n,
                program_id=program_base + n,
                zone=zone,
                weekdays=tuple(mask_to_days(mask)),
                started_on=started_on,
                adherence=rng.uniform(0.7, 1.0),
                full_dose=rng.uniform(0.6, 0.95),
            )
            people.append(person)
            email = f"{prefix}{n}@example.com"
            user_rows.append(
                (person.user_id, hashed, False, f"P{n}", "", False, True, joined, email, zone, 0)
            )
            email_rows.append((person.user_id, email, True, True))
            reminder = dt.time(rng.randrange(7, 20), rng.choice((0, 15, 30, 45)))
            program_rows.append(
                (
                    person.program_id,
                    person.user_id,
                    True,
                    True,
                    # A spinal fracture, cleared by a physiotherapist before the program
                    # started, so everyone holds the whole program the generator folds.
                    fractured := rng.random() < 0.05,
                    True,
                    joined,  # floor question answered at the start, as program_start does
                    started_on - dt.timedelta(days=1) if fractured else None,
                    mask,
                    reminder,
                    zone,
                    True,
                    True,
                    6,
                    False,
                    "",
                    None,
                    started_on,
                    calendar_token_new(),
                    True,
                    joined,
                    joined,
                )
            )
            # The open calendar series program_start begins: from midnight of the first day.
            series_rows.append(
                (
                    person.program_id,
                    f"training-{person.program_id}-{rng.getrandbits(48):012x}@osteofit",
                    mask,
                    reminder,
                    zone,
                    dt.datetime.combine(started_on, dt.time.min, zoneinfo.ZoneInfo(zone)),
                    None,
                    0,
                    joined,
                )
            )
        loader.write(
            User,
            (
                "id",
                "password",
                "is_superuser",
                "first_name",
                "last_name",
                "is_staff",
                "is_active",
                "date_joined",
                "email",
                "timezone",
                "records_version",
            ),
            user_rows,
            users,
        )
        loader.write(EmailAddress, ("user_id", "email", "verified", "primary"), email_rows, users)
        loader.write(
            Program,
            (
                "id",
                "user_id",
                "active",
                "doctor_confirmed",
                "spinal_fracture",
                "floor_ok",
                "floor_answered_at",
                "physio_cleared_on",
                "training_days",
                "reminder_time",
                "timezone",
                "reminders_enabled",
                "weekly_summary_enabled",
                "weekly_summary_day",
                "paused",
                "pause_reason",
                "paused_at",
                "started_on",
                "calendar_token",
                "calendar_alarm",
                "created_at",
                "updated_at",
            ),
            program_rows,
            users,
        )
        loader.write(
            CalendarSeries,
            (
                "program_id",
                "uid",
                "training_days",
                "reminder_time",
                "timezone",
                "starts_at",
                "ends_at",
                "sequence",
                "updated_at",
            ),
            series_rows,
            users,
        )
        return people

    def _chunks(self, simulator: Simulator, work: list, jobs: int) -> Iterator[Chunk]:
        if jobs <= 0:
            for args in work:
                yield simulator.chunk(*args)
            return
        # fork: the workers start with the simulator already in memory, and no Django set-up.
        context = multiprocessing.get_context("fork")
        with context.Pool(jobs, initializer=worker_start, initargs=(simulator,)) as pool:
            yield from pool.imap(worker_chunk, work)

    def _analyze(self, loader, models) -> float:
        if not loader.postgres:
            return 0.0
        started = time.perf_counter()
        # VACUUM sets the visibility map (index-only scans); it cannot run in a transaction.
        command = "ANALYZE" if connection.in_atomic_block else "VACUUM (ANALYZE)"
        with connection.cursor() as cursor:
            for model in models:
                cursor.execute(f'{command} "{model._meta.db_table}"')
        return time.perf_counter() - started

    def _report(self, loader, started, simulate_seconds, jobs, rebuild_seconds, analyze_seconds):
        write = self.stdout.write
        write(f"{'table':<28} {'rows':>11} {'seconds':>8} {'rows/s':>11}")
        for table, rows in loader.rows.items():
            seconds = loader.seconds[table]
            write(f"{table:<28} {rows:>11,} {seconds:>8.1f} {rows / max(seconds, 1e-9):>11,.0f}")
        where = f"CPU seconds over {jobs} worker processes, alongside the copy" if jobs else "s"
        write(f"simulating histories: {simulate_seconds:.1f} {where}")
        if loader.postgres:
            write(
                f"rebuilding indexes and foreign keys (checks every row): {rebuild_seconds:.1f} s"
            )
            write(f"VACUUM (ANALYZE) of the tables: {analyze_seconds:.1f} s")
        total = sum(loader.rows.values())
        elapsed = time.perf_counter() - started
        write(f"total: {total:,} rows in {elapsed:.1f} s ({total / elapsed:,.0f} rows/s)")
