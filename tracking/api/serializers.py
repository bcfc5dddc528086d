"""API shapes for programs, sessions, the schedule and progress. Rules live in the services."""

import re

from django.core.exceptions import ValidationError as DjangoValidationError
from django.utils.dateparse import parse_datetime
from drf_spectacular.utils import extend_schema_field
from rest_framework import serializers

from exercises.safety import WARNING_SIGNS
from osteofit.api_input import (
    GIVE_ONCE,
    StrictBooleanField,
    StrictCharField,
    StrictChoiceField,
    StrictIntegerField,
    StrictModelSerializer,
)
from tracking import progression
from tracking.models import Delivery, Entry, ProgressionEvent, Session
from tracking.schedule import WEEKDAY_CODES

MAX_SCHEDULE_DAYS = 366
CLOCK_TIME = re.compile(r"([01][0-9]|2[0-3]):[0-5][0-9]")


def service_errors(error: DjangoValidationError) -> serializers.ValidationError:
    """A service's ValidationError as a DRF 400 that names the API's own field names."""
    renames = {"timezone_name": "timezone"}
    if hasattr(error, "error_dict"):
        fields = {renames.get(field, field): msgs for field, msgs in error.message_dict.items()}
        if getattr(error, "entry_rows", None):
            fields["entries"] = error.entry_rows
        return serializers.ValidationError(fields)
    return serializers.ValidationError({"non_field_errors": error.messages})


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


class ProgramSerializer(serializers.Serializer):
    doctor_confirmed = StrictBooleanField(
        help_text="Must be true: you have asked your doctor which exercises suit you."
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
    training_days = serializers.ListField(
        source="weekday_codes",
        child=StrictChoiceField(choices=WEEKDAY_CODES),
        help_text="Three or four of mon, tue, wed, thu, fri, sat, sun.",
    )
    reminder_time = ClockTimeField()
    timezone = StrictCharField(max_length=64, help_text="IANA name, e.g. Europe/London.")
    reminders_enabled = StrictBooleanField(default=True)
    paused = StrictBooleanField(
        required=False, help_text="true pauses; false resumes; leave out to keep as it is."
    )
    seen_doctor = StrictBooleanField(
        default=False,
        write_only=True,
        help_text="Needed to resume after a safety pause: you have seen your doctor.",
    )
    pause_reason = serializers.CharField(read_only=True)
    started_on = serializers.DateField(read_only=True)
    items = serializers.SerializerMethodField()

    @extend_schema_field(ItemSerializer(many=True))
    def get_items(self, program) -> list[dict]:
        return ItemSerializer(self.context["items"], many=True).data


class EntrySerializer(StrictModelSerializer):
    exercise = StrictCharField(source="exercise.slug")
    band = StrictCharField(source="band.slug", allow_null=True, required=False, default=None)
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
    entries = EntrySerializer(many=True)
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
            "advice",
        ]
        read_only_fields = ["id", "local_date", "gentle", "advice"]

    def get_advice(self, session) -> str | None:
        return progression.pain_after_advice(session.pain_after, session.red_flag)


class ScheduleQuerySerializer(serializers.Serializer):
    date_from = serializers.DateField()
    date_to = serializers.DateField()

    def to_internal_value(self, data):
        repeated = {name: [GIVE_ONCE] for name in ("from", "to") if len(data.getlist(name)) > 1}
        if repeated:
            raise serializers.ValidationError(repeated)
        renamed = {"date_from": data.get("from"), "date_to": data.get("to")}
        try:
            return super().to_internal_value({k: v for k, v in renamed.items() if v})
        except serializers.ValidationError as error:
            names = {"date_from": "from", "date_to": "to"}
            raise serializers.ValidationError(
                {names.get(k, k): v for k, v in error.detail.items()}
            ) from error

    def validate(self, attrs):
        if attrs["date_to"] < attrs["date_from"]:
            raise serializers.ValidationError({"to": "`to` must be on or after `from`."})
        if (attrs["date_to"] - attrs["date_from"]).days + 1 > MAX_SCHEDULE_DAYS:
            raise serializers.ValidationError(
                {"to": f"Ask for at most {MAX_SCHEDULE_DAYS} days at a time."}
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
    weekly_summary_day = StrictChoiceField(
        choices=list(enumerate(WEEKDAY_CODES)), help_text="0 = Monday … 6 = Sunday."
    )
    timezone = StrictCharField(read_only=True)
    recent = serializers.SerializerMethodField()

    @extend_schema_field(DeliverySerializer(many=True))
    def get_recent(self, program) -> list[dict]:
        return DeliverySerializer(self.context.get("recent", []), many=True).data
