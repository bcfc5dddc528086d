"""API shapes for programs, sessions, the schedule and progress. Rules live in the services."""

import re

from django.core.exceptions import ValidationError as DjangoValidationError
from django.utils.dateparse import parse_datetime
from drf_spectacular.extensions import OpenApiSerializerFieldExtension
from drf_spectacular.utils import extend_schema_field
from rest_framework import serializers
from rest_framework.settings import api_settings

from exercises.safety import WARNING_SIGNS
from osteofit.api_errors import StateConflict
from osteofit.api_input import (
    GIVE_ONCE,
    StrictBooleanField,
    StrictCharField,
    StrictChoiceField,
    StrictIntegerField,
    StrictModelSerializer,
    TimezoneField,
)
from tracking import progression, services
from tracking.models import (
    Delivery,
    Entry,
    Obstacle,
    PauseReason,
    ProgressionEvent,
    Session,
    WeekReflection,
)
from tracking.schedule import TRAINING_DAYS_PER_WEEK, WEEKDAY_CODES

MAX_SCHEDULE_DAYS = 366
CLOCK_TIME = re.compile(r"([01][0-9]|2[0-3]):[0-5][0-9]")
# Refusals that no change to the request fixes: the program's state does (409, own code).
STATE_CODES = (services.PAUSED_FOR_SAFETY, services.BEFORE_SAFETY_PAUSE)
NON_FIELD = api_settings.NON_FIELD_ERRORS_KEY


def _codes(error: DjangoValidationError) -> set:
    if hasattr(error, "error_dict"):
        return {e.code for errors in error.error_dict.values() for e in errors}
    return {e.code for e in error.error_list}


def service_errors(error: DjangoValidationError) -> serializers.ValidationError:
    """A service's ValidationError as the API's error: a 400 that names the API's own field
    names, or a 409 with the state's code (`paused_for_safety`) when only the state is wrong."""
    renames = {"timezone_name": "timezone"}
    if hasattr(error, "error_dict"):
        fields = {renames.get(field, field): msgs for field, msgs in error.message_dict.items()}
        if "entries" in fields:
            fields["entries"] = entry_errors(
                getattr(error, "entry_rows", None) or {NON_FIELD: fields["entries"]}
            )
    else:
        fields = {NON_FIELD: error.messages}
    state = next((code for code in STATE_CODES if code in _codes(error)), None)
    if state is not None:
        return StateConflict(fields, code=state, summary=error.messages[0])
    return serializers.ValidationError(fields)


def entry_errors(errors) -> dict:
    """The one shape of `fields.entries`: an object keyed by the entry's position ("0", "1",
    ...) holding that entry's field errors, and `non_field_errors` for the list as a whole
    (none sent, not a list). DRF's own lists (with `{}` for each good entry) and the services'
    rows (keyed by int) both become this."""
    if isinstance(errors, list):
        if all(isinstance(item, str) for item in errors):
            return {NON_FIELD: errors}
        return {str(position): row for position, row in enumerate(errors) if row}
    return {str(key): row for key, row in errors.items()}


@extend_schema_field(
    {
        "type": "string",
        "pattern": f"^{CLOCK_TIME.pattern}$",
        "example": "08:30",
        "description": "Hours and minutes on a 24-hour clock, HH:MM.",
    }
)
class ClockTimeField(serializers.TimeField):
    """A time of day as HH:MM, both ways. (OpenAPI's `format: time` means RFC 3339's
    HH:MM:SS with an offset, which this API neither sends nor accepts; and strptime's %H:%M
    would also let "8:5" through, which the documented pattern does not.)"""

    def __init__(self, **kwargs):
        super().__init__(format="%H:%M", input_formats=["%H:%M"], **kwargs)

    def to_internal_value(self, value):
        if not isinstance(value, str) or not CLOCK_TIME.fullmatch(value):
            self.fail("invalid", format="hh:mm")
        return super().to_internal_value(value)


class ItemSerializer(serializers.Serializer):
    """An exercise of the program with the prescription in force."""

    exercise = serializers.CharField(source="exercise.slug")
    name = serializers.CharField(source="exercise.name")
    sets = serializers.IntegerField(source="rung.sets")
    reps = serializers.IntegerField(
        source="rung.reps", help_text="Per set; per side for the Back Extension."
    )
    reps_per_side = serializers.BooleanField(source="exercise.reps_per_side")
    hold_seconds = serializers.IntegerField(source="rung.hold_seconds", allow_null=True)
    sessions_per_day = serializers.IntegerField(source="rung.sessions_per_day")
    band = serializers.CharField(source="rung.band", allow_null=True)
    rung = serializers.IntegerField(
        source="rung_index", help_text="Place on the ladder (its rung); 0 is the start."
    )
    rungs = serializers.SerializerMethodField(help_text="How many rungs the ladder has.")
    daily = serializers.BooleanField(help_text="Due every day, not only on training days.")
    text = serializers.CharField(help_text="The prescription in plain words.")

    def get_rungs(self, item) -> int:
        return len(item.ladder)


FEWEST_DAYS, MOST_DAYS = min(TRAINING_DAYS_PER_WEEK), max(TRAINING_DAYS_PER_WEEK)


@extend_schema_field(
    {
        "type": "array",
        "items": {"type": "string", "enum": list(WEEKDAY_CODES)},
        "minItems": FEWEST_DAYS,
        "maxItems": MOST_DAYS,
        "uniqueItems": True,
    }
)
class TrainingDaysField(serializers.ListField):
    """Three or four different weekday codes; the services say why when they are not."""

    def __init__(self, **kwargs):
        super().__init__(child=StrictChoiceField(choices=WEEKDAY_CODES), **kwargs)


class WeekdayCodeField(StrictChoiceField):
    """A weekday as its code ("mon" ... "sun") in the API, as 0-6 (Monday first) where stored:
    the codes of `tracking.schedule`, so training days and the summary's day read alike."""

    def __init__(self, **kwargs):
        super().__init__(choices=WEEKDAY_CODES, **kwargs)

    def to_internal_value(self, data):
        return WEEKDAY_CODES.index(super().to_internal_value(data))

    def to_representation(self, value):
        return WEEKDAY_CODES[value]


@extend_schema_field({"type": "boolean", "enum": [True]})
class ConfirmedField(StrictBooleanField):
    """A confirmation that only counts as true: false is refused with the reason."""

    def __init__(self, *, refusal: str, **kwargs):
        super().__init__(**kwargs)
        self.refusal = refusal

    def to_internal_value(self, data):
        if super().to_internal_value(data) is not True:
            raise serializers.ValidationError(self.refusal)
        return True


class PauseReasonField(serializers.ChoiceField):
    """Why the program is paused, or null while it runs (stored as "")."""

    def __init__(self, **kwargs):
        super().__init__(choices=PauseReason.choices, allow_null=True, read_only=True, **kwargs)

    def to_representation(self, value):
        return value or None


class ProgramSerializer(serializers.Serializer):
    """A program. Starting one (the first PUT) needs every field without a default; changing
    it (a later PUT, or PATCH) changes only the fields sent, and every field left out keeps
    its value."""

    doctor_confirmed = ConfirmedField(
        refusal=services.DOCTOR_REQUIRED,
        help_text="Must be true: you have asked your doctor which exercises suit you.",
    )
    spinal_fracture = StrictBooleanField(
        help_text=(
            "Required. Have you ever had a fracture in your spine? (Renamed from "
            "`recent_fracture`, which asked about the last year only.) When true, the program "
            "has no floor exercise and no band above the lightest until `physio_cleared`."
        )
    )
    floor_ok = StrictBooleanField(
        help_text=(
            "Required. Can you get down to the floor and up again safely on your own? When "
            "false, standing or seated alternatives replace the floor exercises."
        )
    )
    floor_answered_at = serializers.DateTimeField(
        read_only=True,
        allow_null=True,
        help_text=(
            "When `floor_ok` was answered; null for a program from before the question was "
            "asked, whose `floor_ok` is an assumption: ask it and send the answer."
        ),
    )
    physio_cleared = StrictBooleanField(
        required=False,
        write_only=True,
        help_text=(
            "My physiotherapist has said yes to floor exercises and stronger bands: true "
            "records it today, false takes it back; leave out to keep it as it is."
        ),
    )
    physio_cleared_on = serializers.DateField(
        read_only=True,
        allow_null=True,
        help_text="The local date the physiotherapist's yes was recorded, or null.",
    )
    training_days = TrainingDaysField(
        source="weekday_codes",
        help_text=f"{FEWEST_DAYS} or {MOST_DAYS} different days of {', '.join(WEEKDAY_CODES)}.",
    )
    reminder_time = ClockTimeField()
    timezone = TimezoneField()
    reminders_enabled = StrictBooleanField(default=True)
    paused = StrictBooleanField(
        required=False,
        help_text="true pauses; false resumes; leave out to keep as it is. (Or POST to "
        "/api/v1/program/pause/ and /api/v1/program/resume/.)",
    )
    seen_doctor = StrictBooleanField(
        default=False,
        write_only=True,
        help_text="Needed to resume after a safety pause: you have seen your doctor.",
    )
    pause_reason = PauseReasonField(
        help_text="`chosen` (paused by you) or `safety` (pain or a warning sign); null while "
        "the program runs."
    )
    started_on = serializers.DateField(read_only=True)
    items = serializers.SerializerMethodField()

    # Not stored on the program as sent: what to do with its running state, and the
    # physiotherapist's yes (recorded as a date; left out keeps it).
    CONTROLS = ("paused", "seen_doctor", "physio_cleared")

    @extend_schema_field(ItemSerializer(many=True))
    def get_items(self, program) -> list[dict]:
        return ItemSerializer(self.context["items"], many=True).data


class EntryListSerializer(serializers.ListSerializer):
    """Entries, at least one; errors in the one shape of `entry_errors`."""

    def run_validation(self, data=serializers.empty):
        try:
            return super().run_validation(data)
        except serializers.ValidationError as error:
            raise serializers.ValidationError(entry_errors(error.detail)) from error


class EntryListSchema(OpenApiSerializerFieldExtension):
    """drf-spectacular leaves a list serializer's `min_length` out; the schema says it."""

    target_class = EntryListSerializer

    def map_serializer_field(self, auto_schema, direction):
        schema = auto_schema._map_serializer_field(self.target, direction, bypass_extensions=True)
        if self.target.min_length:
            schema["minItems"] = self.target.min_length
        return schema


class EntrySerializer(StrictModelSerializer):
    exercise = StrictCharField(source="exercise.slug")
    band = StrictCharField(
        source="band.slug",
        allow_null=True,
        required=False,
        default=None,
        help_text="The band's slug, only for an exercise done with a resistance band (its "
        "`equipment` is resistance-band); for any other exercise leave it out or null.",
    )
    hold_seconds = StrictIntegerField(
        allow_null=True,
        required=False,
        default=None,
        min_value=progression.HOLD_MIN,
        max_value=progression.HOLD_MAX,
    )
    sets = StrictIntegerField(min_value=progression.SETS_MIN, max_value=progression.SETS_MAX)
    reps = StrictIntegerField(
        min_value=progression.REPS_MIN,
        max_value=progression.REPS_MAX,
        help_text="Per set; per side for the Back Extension.",
    )

    class Meta:
        model = Entry
        fields = ["exercise", "sets", "reps", "hold_seconds", "band"]
        list_serializer_class = EntryListSerializer


class OffsetDateTimeField(serializers.DateTimeField):
    """ISO 8601 with its UTC offset: a time without one is ambiguous for a person who travels."""

    def to_internal_value(self, value):
        try:
            parsed = parse_datetime(value) if isinstance(value, str) else None
        except ValueError:
            # Well formed but impossible, e.g. minute 60: the parent answers "invalid".
            parsed = None
        if parsed is not None and parsed.tzinfo is None:
            raise serializers.ValidationError(
                "Include the UTC offset, for example 2026-11-27T09:30:00+01:00."
            )
        return super().to_internal_value(value)


class SessionSerializer(StrictModelSerializer):
    """A session as logged. The answers about pain, effort and warning signs have no default:
    leaving one out is a 400 naming it."""

    performed_at = OffsetDateTimeField(
        required=False,
        help_text=f"When it was done; leave out for now. At most {progression.BACKDATE_DAYS} "
        "days back, never before the latest safety pause.",
    )
    entries = EntrySerializer(many=True, allow_empty=False, min_length=1)
    pain_before = StrictIntegerField(
        min_value=progression.PAIN_MIN,
        max_value=progression.PAIN_MAX,
        help_text="Pain before the session, 0 = none, 10 = the worst imaginable.",
    )
    pain_after = StrictIntegerField(
        min_value=progression.PAIN_MIN,
        max_value=progression.PAIN_MAX,
        help_text="Pain after the session, 0-10.",
    )
    effort = StrictIntegerField(
        min_value=progression.EFFORT_MIN,
        max_value=progression.EFFORT_MAX,
        help_text="How hard it felt, 0 = very easy, 10 = the hardest possible.",
    )
    red_flag = StrictBooleanField(
        help_text="Whether any warning sign was noticed: " + "; ".join(WARNING_SIGNS) + "."
    )
    gentle = serializers.BooleanField(
        read_only=True, help_text="A gentle day chosen in the guided session."
    )
    advice = serializers.SerializerMethodField(
        help_text=(
            "Plain advice when the pain after this session eases the program back (5-6 out of "
            "10): rest, and see the doctor if it lasts beyond a day or two. Null otherwise."
        )
    )

    class Meta:
        model = Session
        fields = [
            "id",
            "performed_at",
            "local_date",
            *Session.ANSWERS,
            "gentle",
            "notes",
            "entries",
            "created_at",
            "updated_at",
            "advice",
        ]
        read_only_fields = ["id", "local_date", "gentle", "created_at", "updated_at", "advice"]

    def get_advice(self, session) -> str | None:
        return progression.pain_after_advice(session.pain_after, session.red_flag)


class ScheduleQuerySerializer(serializers.Serializer):
    """`date_from` and `date_to`, as the session list names them. The first names, `from` and
    `to`, still work for one release (deprecated); errors use the name the client sent."""

    date_from = serializers.DateField()
    date_to = serializers.DateField()
    DEPRECATED = {"date_from": "from", "date_to": "to"}

    def to_internal_value(self, data):
        self.sent_as = {}
        values, errors = {}, {}
        old_names = any(old in data for old in self.DEPRECATED.values())
        for name, old in self.DEPRECATED.items():
            given = [n for n in (name, old) if n in data]
            self.sent_as[name] = given[0] if given else (old if old_names else name)
            if len(given) > 1:
                errors[name] = [f"Give `{name}` only (`{old}` is its deprecated name)."]
            elif given and len(data.getlist(given[0])) > 1:
                errors[given[0]] = [GIVE_ONCE]
            elif given and data.get(given[0]):
                values[name] = data.get(given[0])
        if errors:
            raise serializers.ValidationError(errors)
        try:
            return super().to_internal_value(values)
        except serializers.ValidationError as error:
            raise serializers.ValidationError(
                {self.sent_as.get(k, k): v for k, v in error.detail.items()}
            ) from error

    def validate(self, attrs):
        first, last = self.sent_as["date_from"], self.sent_as["date_to"]
        if attrs["date_to"] < attrs["date_from"]:
            raise serializers.ValidationError({last: f"`{last}` must be on or after `{first}`."})
        if (attrs["date_to"] - attrs["date_from"]).days + 1 > MAX_SCHEDULE_DAYS:
            raise serializers.ValidationError(
                {last: f"Ask for at most {MAX_SCHEDULE_DAYS} days at a time."}
            )
        return attrs


class DueSerializer(serializers.Serializer):
    exercise = serializers.CharField()
    sets = serializers.IntegerField()
    reps = serializers.IntegerField()
    hold_seconds = serializers.IntegerField(allow_null=True)
    sessions_per_day = serializers.IntegerField()
    band = serializers.CharField(allow_null=True)


class ScheduleDaySerializer(serializers.Serializer):
    date = serializers.DateField()
    training_day = serializers.BooleanField()
    status = serializers.ChoiceField(
        choices=["done", "missed", "due", "upcoming", "rest", "before_start"]
    )
    due = DueSerializer(many=True)


class WeekSerializer(serializers.Serializer):
    week_start = serializers.DateField(source="start")
    done = serializers.IntegerField()
    planned = serializers.IntegerField()
    met = serializers.BooleanField()


class EventSerializer(serializers.ModelSerializer):
    exercise = serializers.SlugRelatedField(slug_field="slug", read_only=True, allow_null=True)
    session = serializers.PrimaryKeyRelatedField(read_only=True, allow_null=True)

    class Meta:
        model = ProgressionEvent
        fields = [
            "kind",
            "exercise",
            "from_rung",
            "to_rung",
            "from_text",
            "to_text",
            "reason",
            "message",
            "session",
            "occurred_at",
        ]


class ProgressSerializer(serializers.Serializer):
    target = serializers.IntegerField(help_text="Sessions a week the program asks for.")
    streak = serializers.IntegerField(source="adherence.streak")
    last_4_percent = serializers.IntegerField(source="adherence.last_4_percent", allow_null=True)
    last_12_percent = serializers.IntegerField(source="adherence.last_12_percent", allow_null=True)
    weeks = WeekSerializer(source="adherence.weeks", many=True)
    prescriptions = ItemSerializer(source="items", many=True)
    events = EventSerializer(many=True)


class DeliverySerializer(serializers.ModelSerializer):
    class Meta:
        model = Delivery
        fields = ["kind", "local_date", "status", "detail", "sent_at"]
        read_only_fields = fields


class ReminderSettingsSerializer(serializers.Serializer):
    reminders_enabled = StrictBooleanField()
    reminder_time = ClockTimeField()
    weekly_summary_enabled = StrictBooleanField()
    weekly_summary_day = WeekdayCodeField(help_text="The day of the weekly summary email.")
    timezone = StrictCharField(read_only=True)
    recent = serializers.SerializerMethodField()

    @extend_schema_field(DeliverySerializer(many=True))
    def get_recent(self, program) -> list[dict]:
        return DeliverySerializer(self.context.get("recent", []), many=True).data


class ResumeSerializer(serializers.Serializer):
    seen_doctor = StrictBooleanField(
        default=False,
        help_text="Needed after a safety pause: you have seen your doctor or physiotherapist "
        "and they are happy for you to carry on. Without it that resume is a 409 "
        "`paused_for_safety`.",
    )


class CalendarSerializer(serializers.Serializer):
    url = serializers.URLField(
        read_only=True,
        help_text="The secret address of your training days as a calendar feed (.ics). "
        "Whoever holds it sees your training days; reset it to revoke it.",
    )


class ReflectionSerializer(serializers.ModelSerializer):
    """What got in the way in a week: the weekly summary email's question."""

    obstacle = StrictChoiceField(choices=Obstacle.choices)

    class Meta:
        model = WeekReflection
        fields = ["week_start", "obstacle", "answered_at"]
        read_only_fields = ["week_start", "answered_at"]


class DeletedSessionSerializer(serializers.Serializer):
    id = serializers.IntegerField(source="session_id", help_text="The deleted session's id.")
    deleted_at = serializers.DateTimeField()
