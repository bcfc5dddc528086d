"""Programs, what each person is prescribed, what they logged, and how their program moved."""

import secrets
import zoneinfo
from itertools import combinations

from django.conf import settings
from django.core.validators import MaxValueValidator, MinValueValidator
from django.db import models
from django.db.models import F, Q
from django.utils import timezone

from exercises.models import Band, Exercise
from osteofit.timezones import validate_timezone
from tracking import progression, sharing
from tracking.schedule import TRAINING_DAYS_PER_WEEK, WEEKDAY_CODES

# Three or four training days a week, as a 7-bit mask (bit 0 = Monday): the seed cadence.
TRAINING_DAY_MASKS = sorted(
    sum(1 << day for day in days)
    for size in TRAINING_DAYS_PER_WEEK
    for days in combinations(range(7), size)
)
PAIN_VALIDATORS = [
    MinValueValidator(progression.PAIN_MIN),
    MaxValueValidator(progression.PAIN_MAX),
]
EFFORT_VALIDATORS = [
    MinValueValidator(progression.EFFORT_MIN),
    MaxValueValidator(progression.EFFORT_MAX),
]


def calendar_token_new() -> str:
    return secrets.token_urlsafe(24)


def days_to_mask(days) -> int:
    return sum(1 << day for day in set(days))


def mask_to_days(mask: int) -> list[int]:
    return [day for day in range(7) if mask & (1 << day)]


class PauseReason(models.TextChoices):
    CHOSEN = "chosen", "Paused by you"
    SAFETY = "safety", "Paused for your safety"


class TrainingWeek:
    """What a row's `training_days` mask and `timezone` name say: its weekdays, their
    iCalendar codes and its zone (a Program, and each CalendarSeries taken from one)."""

    training_days: int
    timezone: str

    @property
    def weekdays(self) -> list[int]:
        return mask_to_days(self.training_days)

    @property
    def weekday_codes(self) -> list[str]:
        return [WEEKDAY_CODES[day] for day in self.weekdays]

    @property
    def zone(self) -> zoneinfo.ZoneInfo:
        return zoneinfo.ZoneInfo(self.timezone)


class Program(TrainingWeek, models.Model):
    """A person's home program: when they train, when they are reminded, and whether it runs."""

    user = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="programs"
    )
    active = models.BooleanField(default=True)
    doctor_confirmed = models.BooleanField(
        help_text="They confirmed they asked their doctor which exercises suit them."
    )
    spinal_fracture = models.BooleanField(
        help_text=(
            "They have had a fracture in the spine at any time: no floor work and no band above "
            "the lightest until a physiotherapist says yes."
        )
    )
    floor_ok = models.BooleanField(
        help_text="They can get down to the floor and up again safely on their own."
    )
    floor_answered_at = models.DateTimeField(
        null=True,
        blank=True,
        help_text=(
            "When they answered the floor question; empty for programs started before it was "
            "asked, whose floor_ok was assumed and must be asked again."
        ),
    )
    physio_cleared_on = models.DateField(
        null=True,
        blank=True,
        help_text=(
            "The local date they recorded that their physiotherapist said yes to floor exercises "
            "and stronger bands; empty when not said (or taken back)."
        ),
    )
    training_days = models.PositiveSmallIntegerField(
        help_text="Weekdays as a bit mask, bit 0 = Monday; three or four of them."
    )
    reminder_time = models.TimeField()
    timezone = models.CharField(max_length=64, validators=[validate_timezone])
    reminders_enabled = models.BooleanField(default=True)
    weekly_summary_enabled = models.BooleanField(default=True)
    calendar_alarm = models.BooleanField(
        default=True,
        help_text="The calendar feed's events carry an alarm at the session's start.",
    )
    weekly_summary_day = models.PositiveSmallIntegerField(
        default=6,
        validators=[MaxValueValidator(len(WEEKDAY_CODES) - 1)],
        help_text="Weekday of the weekly summary email, 0 = Monday, 6 = Sunday.",
    )
    paused = models.BooleanField(default=False)
    pause_reason = models.CharField(max_length=10, choices=PauseReason.choices, blank=True)
    paused_at = models.DateTimeField(null=True, blank=True)
    started_on = models.DateField(help_text="The local date the program started.")
    calendar_token = models.CharField(
        max_length=64,
        unique=True,
        default=calendar_token_new,
        help_text="The secret in the calendar feed's address; resetting it revokes old links.",
    )
    created_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)

    class Meta:
        ordering = ["-created_at"]
        constraints = [
            models.UniqueConstraint(
                fields=["user"], condition=Q(active=True), name="one_active_program_per_user"
            ),
            models.CheckConstraint(
                condition=Q(doctor_confirmed=True), name="program_needs_doctor_confirmation"
            ),
            models.CheckConstraint(
                condition=Q(training_days__in=TRAINING_DAY_MASKS),
                name="program_three_or_four_training_days",
            ),
            models.CheckConstraint(
                condition=Q(paused=False, pause_reason="") | Q(paused=True) & ~Q(pause_reason=""),
                name="program_pause_has_reason",
            ),
        ]
        indexes = [models.Index(fields=["active", "paused", "reminders_enabled"])]

    def __str__(self) -> str:
        return f"Program of {self.user}"

    @property
    def floor_unanswered(self) -> bool:
        """The floor question was never put to them: their floor_ok is an assumption."""
        return self.floor_answered_at is None

    @property
    def paused_for_safety(self) -> bool:
        return self.paused and self.pause_reason == PauseReason.SAFETY


class CalendarSeries(TrainingWeek, models.Model):
    """One stretch of the program's schedule as the calendar feed shows it: a repeating event
    from `starts_at`, ended by `ends_at` when the days, time or zone change or the program
    pauses. Past events keep the days and time they had (tracking.feeds)."""

    program = models.ForeignKey(Program, on_delete=models.CASCADE, related_name="calendar_series")
    uid = models.CharField(max_length=80, unique=True, help_text="The event's iCalendar UID.")
    training_days = models.PositiveSmallIntegerField(help_text="As Program.training_days.")
    reminder_time = models.TimeField(help_text="Each event's local start time.")
    timezone = models.CharField(max_length=64, validators=[validate_timezone])
    starts_at = models.DateTimeField(help_text="No event of the series starts before this.")
    ends_at = models.DateTimeField(
        null=True, blank=True, help_text="No event starts from this moment on; empty while open."
    )
    sequence = models.PositiveIntegerField(
        default=0, help_text="iCalendar SEQUENCE: one more at each change of the event."
    )
    updated_at = models.DateTimeField(auto_now=True)

    class Meta:
        ordering = ["starts_at", "pk"]
        constraints = [
            models.UniqueConstraint(
                fields=["program"],
                condition=Q(ends_at__isnull=True),
                name="one_open_calendar_series_per_program",
            ),
            models.CheckConstraint(
                condition=Q(ends_at__isnull=True) | Q(ends_at__gte=F("starts_at")),
                name="calendar_series_ends_after_it_starts",
            ),
            models.CheckConstraint(
                condition=Q(training_days__in=TRAINING_DAY_MASKS),
                name="calendar_series_three_or_four_training_days",
            ),
        ]

    def __str__(self) -> str:
        return f"Calendar series {self.uid}"


class Prescription(models.Model):
    """Where a program stands on one exercise's ladder. The rung there is what is prescribed."""

    program = models.ForeignKey(Program, on_delete=models.CASCADE, related_name="prescriptions")
    exercise = models.ForeignKey(Exercise, on_delete=models.PROTECT, related_name="+")
    rung = models.PositiveSmallIntegerField(default=0, help_text="Place on the ladder; 0 = start.")
    streak = models.PositiveSmallIntegerField(
        default=0, help_text="Comfortable days in a row that met target at this step."
    )
    day = models.DateField(
        null=True, blank=True, help_text="The latest local day with this exercise (or a ceiling)."
    )
    day_sessions = models.PositiveSmallIntegerField(
        default=0, help_text="Full-dose comfortable sessions on that day."
    )
    day_met = models.BooleanField(default=False, help_text="That day already counted.")
    day_spoiled = models.BooleanField(
        default=False, help_text="That day had discomfort, so it cannot count."
    )
    position = models.PositiveSmallIntegerField(default=0)

    class Meta:
        ordering = ["program", "position"]
        constraints = [
            models.UniqueConstraint(
                fields=["program", "exercise"], name="one_prescription_per_exercise"
            )
        ]

    def __str__(self) -> str:
        return f"{self.exercise} at rung {self.rung}"

    @property
    def state(self) -> progression.State:
        """The stored state as the rules take it (a ladder shortened since keeps its top)."""
        return progression.State(
            position=self.rung,
            streak=self.streak,
            day=self.day,
            day_sessions=self.day_sessions,
            day_met=self.day_met,
            day_spoiled=self.day_spoiled,
        )

    @state.setter
    def state(self, state: progression.State) -> None:
        self.rung = state.position
        self.streak = state.streak
        self.day = state.day
        self.day_sessions = state.day_sessions
        self.day_met = state.day_met
        self.day_spoiled = state.day_spoiled

    STATE_FIELDS = ("rung", "streak", "day", "day_sessions", "day_met", "day_spoiled")


class Session(models.Model):
    """One logged exercise session: when, how it felt, and each exercise done (Entry)."""

    user = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="sessions"
    )
    program = models.ForeignKey(Program, on_delete=models.CASCADE, related_name="sessions")
    performed_at = models.DateTimeField()
    local_date = models.DateField(help_text="The date in the program's timezone when performed.")
    pain_before = models.PositiveSmallIntegerField(validators=PAIN_VALIDATORS)
    pain_after = models.PositiveSmallIntegerField(validators=PAIN_VALIDATORS)
    effort = models.PositiveSmallIntegerField(validators=EFFORT_VALIDATORS)
    red_flag = models.BooleanField(
        default=False, help_text="A warning sign during or after (always asked, never assumed)."
    )
    gentle = models.BooleanField(
        default=False,
        help_text="A gentle day (pain 5-6 before): a rung lower; counts for the week only.",
    )
    notes = models.TextField(blank=True, max_length=2000)
    idempotency_key = models.CharField(
        max_length=255,
        blank=True,
        default="",
        help_text="The client's Idempotency-Key: a retried request returns this session.",
    )
    idempotency_fingerprint = models.CharField(max_length=64, blank=True)
    created_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)

    # The answers every log gives, asked and never assumed (the services refuse a missing one).
    ANSWERS = ("pain_before", "pain_after", "effort", "red_flag")

    class Meta:
        ordering = ["-performed_at", "-id"]
        constraints = [
            models.UniqueConstraint(
                fields=["user", "idempotency_key"],
                condition=~Q(idempotency_key=""),
                name="one_session_per_idempotency_key",
            ),
            models.CheckConstraint(
                condition=Q(pain_before__lte=progression.PAIN_MAX)
                & Q(pain_after__lte=progression.PAIN_MAX)
                & Q(effort__lte=progression.EFFORT_MAX),
                name="session_scores_zero_to_ten",
            ),
        ]
        indexes = [
            models.Index(fields=["user", "-performed_at", "-id"]),
            models.Index(fields=["program", "local_date"]),
            # A syncing app asks for what changed since it last looked.
            models.Index(fields=["user", "updated_at"]),
        ]

    replayed = False  # set by services.session_log when an Idempotency-Key is repeated
    summary: tuple[str, ...] = ()  # set by services.session_log: what it meant, in words

    def __str__(self) -> str:
        return f"Session of {self.user} on {self.local_date}"

    @property
    def pain_change(self) -> int:
        return self.pain_after - self.pain_before


class DeletedSession(models.Model):
    """What is left of a deleted session, for a while (services.SESSION_TRACE_DAYS): its id,
    so a phone app that syncs can drop its own copy, and its Idempotency-Key, so a retry of the
    request that logged it is refused instead of logging it again. Written by
    `services.session_delete` in the deleting transaction; goes with the person's account."""

    user = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="+")
    session_id = models.BigIntegerField(unique=True, help_text="The id the session had.")
    idempotency_key = models.CharField(max_length=255, blank=True, default="")
    deleted_at = models.DateTimeField()

    class Meta:
        ordering = ["deleted_at", "id"]
        constraints = [
            models.UniqueConstraint(
                fields=["user", "idempotency_key"],
                condition=~Q(idempotency_key=""),
                name="one_deleted_session_per_idempotency_key",
            )
        ]
        indexes = [
            models.Index(fields=["user", "deleted_at"]),
            models.Index(fields=["deleted_at"]),
        ]

    def __str__(self) -> str:
        return f"Session {self.session_id} deleted at {self.deleted_at:%Y-%m-%d %H:%M}"


class Entry(models.Model):
    """What was done for one exercise in a session."""

    session = models.ForeignKey(Session, on_delete=models.CASCADE, related_name="entries")
    exercise = models.ForeignKey(Exercise, on_delete=models.PROTECT, related_name="+")
    sets = models.PositiveSmallIntegerField(
        validators=[
            MinValueValidator(progression.SETS_MIN),
            MaxValueValidator(progression.SETS_MAX),
        ]
    )
    reps = models.PositiveSmallIntegerField(
        validators=[
            MinValueValidator(progression.REPS_MIN),
            MaxValueValidator(progression.REPS_MAX),
        ],
        help_text="Repetitions reached in each set (each side for the Back Extension).",
    )
    hold_seconds = models.PositiveSmallIntegerField(
        null=True,
        blank=True,
        validators=[
            MinValueValidator(progression.HOLD_MIN),
            MaxValueValidator(progression.HOLD_MAX),
        ],
    )
    band = models.ForeignKey(
        Band, on_delete=models.PROTECT, null=True, blank=True, related_name="+"
    )

    class Meta:
        verbose_name_plural = "entries"
        ordering = ["session_id", "id"]  # the column: no join to sort by Session's order
        constraints = [
            models.UniqueConstraint(fields=["session", "exercise"], name="one_entry_per_exercise"),
            models.CheckConstraint(
                condition=Q(sets__gte=progression.SETS_MIN)
                & Q(sets__lte=progression.SETS_MAX)
                & Q(reps__lte=progression.REPS_MAX),
                name="entry_numbers_in_range",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.exercise}: {self.sets} × {self.reps}"


class EventKind(models.TextChoices):
    ADVANCE = "advance", "Moved up"
    STEP_BACK = "step_back", "Stepped back"
    PAUSE = "pause", "Program paused"
    RESUME = "resume", "Program resumed"


class ProgressionEvent(models.Model):
    """Every change to a prescription or to the program's running state, with its reason."""

    program = models.ForeignKey(Program, on_delete=models.CASCADE, related_name="events")
    session = models.ForeignKey(
        Session, on_delete=models.CASCADE, null=True, blank=True, related_name="events"
    )
    exercise = models.ForeignKey(
        Exercise, on_delete=models.PROTECT, null=True, blank=True, related_name="+"
    )
    kind = models.CharField(max_length=10, choices=EventKind.choices)
    from_rung = models.PositiveSmallIntegerField(null=True, blank=True)
    to_rung = models.PositiveSmallIntegerField(null=True, blank=True)
    from_text = models.CharField(max_length=120, blank=True)
    to_text = models.CharField(max_length=120, blank=True)
    reason = models.CharField(max_length=30)
    message = models.TextField(help_text="The plain-words explanation shown to the person.")
    occurred_at = models.DateTimeField()

    class Meta:
        ordering = ["-occurred_at", "-id"]
        indexes = [models.Index(fields=["program", "-occurred_at", "-id"])]

    def __str__(self) -> str:
        return f"{self.get_kind_display()}: {self.message}"


class Ceiling(models.Model):
    """The ratchet of a step back or a safety pause: from `since` the exercise may not stand
    above `rung` until it has had its policy's run of comfortable days dated after it. Kept
    when sessions before it are added, changed or deleted (and when its own session is
    deleted), so no replay can climb past the step back that a person actually lived."""

    program = models.ForeignKey(Program, on_delete=models.CASCADE, related_name="ceilings")
    exercise = models.ForeignKey(Exercise, on_delete=models.PROTECT, related_name="+")
    session = models.ForeignKey(
        Session, on_delete=models.SET_NULL, null=True, blank=True, related_name="ceilings"
    )
    rung = models.PositiveSmallIntegerField(help_text="The highest place on the ladder allowed.")
    since = models.DateTimeField(help_text="When the step back or pause happened.")
    local_date = models.DateField(help_text="Its date in the program's time zone.")
    reason = models.CharField(max_length=30)
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["program", "since", "id"]
        constraints = [
            models.UniqueConstraint(
                fields=["exercise", "session"],
                condition=Q(session__isnull=False),
                name="one_ceiling_per_exercise_and_session",
            )
        ]
        indexes = [models.Index(fields=["program", "since", "id"])]

    def __str__(self) -> str:
        return f"{self.exercise} at most rung {self.rung} from {self.local_date}"


class DeliveryKind(models.TextChoices):
    REMINDER = "reminder", "Training-day reminder"
    SUMMARY = "summary", "Weekly summary"


class DeliveryStatus(models.TextChoices):
    QUEUED = "queued", "Queued"
    SENT = "sent", "Sent"
    SKIPPED = "skipped", "Skipped"
    FAILED = "failed", "Failed"


class Delivery(models.Model):
    """One email a person is due on one local day. The unique constraint makes sending at most
    once per person, kind and day, however many dispatchers or workers run."""

    user = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="deliveries"
    )
    program = models.ForeignKey(Program, on_delete=models.CASCADE, related_name="deliveries")
    kind = models.CharField(max_length=10, choices=DeliveryKind.choices)
    local_date = models.DateField(help_text="The person's own date the email is for.")
    status = models.CharField(
        max_length=10, choices=DeliveryStatus.choices, default=DeliveryStatus.QUEUED
    )
    detail = models.CharField(
        max_length=300, blank=True, help_text="Why it was skipped, or the last error."
    )
    due_at = models.DateTimeField(help_text="When it was due (the reminder time, in UTC).")
    expires_at = models.DateTimeField(help_text="After this it is no longer worth sending.")
    claim = models.UUIDField(
        null=True, blank=True, editable=False, help_text="The dispatcher sweep that queued it."
    )
    lease_until = models.DateTimeField(
        null=True, blank=True, help_text="A worker is sending it until then; others keep off."
    )
    queued_at = models.DateTimeField(null=True, blank=True)
    sent_at = models.DateTimeField(null=True, blank=True)
    attempts = models.PositiveSmallIntegerField(default=0)
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        verbose_name_plural = "deliveries"
        ordering = ["-local_date", "-id"]
        constraints = [
            models.UniqueConstraint(
                fields=["user", "kind", "local_date"], name="one_delivery_per_person_kind_day"
            ),
            models.CheckConstraint(
                condition=~Q(status="sent") | Q(sent_at__isnull=False),
                name="sent_delivery_has_time",
            ),
        ]
        indexes = [
            models.Index(fields=["status", "queued_at"]),
            models.Index(fields=["claim"]),
        ]

    def __str__(self) -> str:
        return f"{self.get_kind_display()} for {self.user} on {self.local_date}"


class Obstacle(models.TextChoices):
    PAIN = "pain", "Pain"
    NO_TIME = "no_time", "No time"
    FORGOT = "forgot", "I forgot"
    UNWELL = "unwell", "I was unwell"


class WeekReflection(models.Model):
    """What got in the way in a week that fell short, answered from the weekly summary."""

    user = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="reflections"
    )
    week_start = models.DateField(help_text="The first day of the week the answer is about.")
    obstacle = models.CharField(max_length=10, choices=Obstacle.choices)
    answered_at = models.DateTimeField(auto_now=True)

    class Meta:
        ordering = ["-week_start"]
        constraints = [
            models.UniqueConstraint(fields=["user", "week_start"], name="one_reflection_per_week")
        ]

    def __str__(self) -> str:
        return f"{self.user}, week of {self.week_start}: {self.get_obstacle_display()}"


class LinkUse(models.Model):
    """An emailed one-time link that has been used (a log link, an email-change undo).

    Recorded in the database, so a link works once whichever server or cache answers. It names
    no one: only the link's random nonce, kept until the link would have expired anyway."""

    nonce = models.CharField(max_length=32, unique=True, help_text="The random part of the link.")
    used_at = models.DateTimeField(auto_now_add=True)
    expires_at = models.DateTimeField(
        db_index=True, help_text="When the link stops working anyway; the row can go then."
    )

    def __str__(self) -> str:
        return f"link used at {self.used_at:%Y-%m-%d %H:%M}"


class Share(models.Model):
    """A private, expiring, revocable link that shows a person's report to someone they chose
    (a physiotherapist, a GP). Only the SHA-256 of the link's secret is kept: the secret is
    shown once, in the address, and whoever holds it reads the report until it expires or is
    revoked."""

    owner = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="shares"
    )
    label = models.CharField(
        max_length=sharing.LABEL_MAX, help_text='Who it is for, e.g. "Dr Patel, physio".'
    )
    period_weeks = models.PositiveSmallIntegerField(
        null=True,
        blank=True,
        choices=[(weeks, f"{weeks} weeks") for weeks in sharing.REPORT_PERIODS],
        help_text="Weeks the report covers, up to the day it is opened; empty: since the start.",
    )
    include_notes = models.BooleanField(
        default=False, help_text="Whether the report shows the person's session notes."
    )
    token_hash = models.CharField(
        max_length=64, unique=True, help_text="SHA-256 of the secret in the link's address."
    )
    created_at = models.DateTimeField(default=timezone.now)
    expires_at = models.DateTimeField()
    revoked_at = models.DateTimeField(null=True, blank=True)
    last_opened_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        ordering = ["-created_at", "-id"]
        constraints = [
            models.CheckConstraint(
                condition=Q(period_weeks__isnull=True) | Q(period_weeks__in=sharing.REPORT_PERIODS),
                name="share_period_is_offered",
            ),
            models.CheckConstraint(
                condition=Q(expires_at__gt=F("created_at")), name="share_expires_after_creation"
            ),
        ]
        indexes = [models.Index(fields=["owner", "-created_at"])]

    def __str__(self) -> str:
        return f"Share {self.label!r} of {self.owner}"

    def expired(self, now=None) -> bool:
        return (now or timezone.now()) >= self.expires_at

    @property
    def revoked(self) -> bool:
        return self.revoked_at is not None
