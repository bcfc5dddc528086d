"""The data download: every stored column of every row that belongs to a person, as one document.

One builder for the page download (`/account/export/`), `GET /api/v1/me/export/` and the
OpenAPI schema: the serializers below are the document and its documentation at once. They
are model serializers over `columns(Model)`, so a column added to a model appears in the
download (with its type, nullability and help text in the schema) without anyone having to
remember it; the only columns left out are the secrets in `SECRET_COLUMNS`, each with why.
tests/security/test_personal_data.py compares the document's keys with the models' columns.

`osteofit.accounts` reads `tracking` here; `tracking` never imports the accounts app.
"""

from __future__ import annotations

import datetime as dt

from allauth.account.models import EmailAddress
from django.contrib.auth import get_user_model
from django.db.models import Model, Prefetch
from django.utils import timezone
from django.utils.dateparse import parse_datetime
from rest_framework import serializers

from tracking.models import (
    CalendarSeries,
    Ceiling,
    Delivery,
    Entry,
    Prescription,
    Program,
    ProgressionEvent,
    Session,
    Share,
    WeekReflection,
)
from tracking.selectors import sessions_for_user

User = get_user_model()

FORMAT = "osteofit-export/2"

# "app_label.Model.field": why the column is not in the download. Nothing else is left out.
SECRET_COLUMNS = {
    "accounts.User.password": "the password's hash: a credential, not data about the person",
    "tracking.Program.calendar_token": "the secret in the calendar feed's address: whoever "
    "holds it reads the feed, so it never travels in a file that may be forwarded",
    "tracking.Share.token_hash": "the hash of a share link's secret: it identifies the link "
    "to the site, and the secret itself is shown once and never stored",
}


def columns(model: type[Model], *nested: str) -> list[str]:
    """Every stored column of `model` except its secrets, then the nested lists named."""
    label = model._meta.label
    return [
        field.name
        for field in model._meta.concrete_fields
        if f"{label}.{field.name}" not in SECRET_COLUMNS
    ] + list(nested)


class _CatalogueSlug(serializers.SlugRelatedField):
    """Exercises and bands by their catalogue slug, which a reader can look up."""

    def __init__(self, **kwargs):
        super().__init__(slug_field="slug", read_only=True, **kwargs)


class _ChoiceOrBlank(serializers.ChoiceField):
    """A choice a row may leave blank (a running program has no pause reason). DRF drops
    `allow_blank` from read-only fields, and without it the schema's enum leaves "" out, so a
    generated client refuses the export of anyone not paused."""

    def __init__(self, **kwargs):
        super().__init__(**kwargs)
        self.allow_blank = True


class _Row(serializers.ModelSerializer):
    """Output only: every field read-only, so the schema lists each key as always there."""

    def get_extra_kwargs(self):
        return {name: {"read_only": True} for name in self.Meta.fields}

    def build_standard_field(self, field_name, model_field):
        field_class, kwargs = super().build_standard_field(field_name, model_field)
        if field_class is serializers.ChoiceField and model_field.blank:
            field_class = _ChoiceOrBlank
        return field_class, kwargs


class ExportEmailAddressSerializer(_Row):
    class Meta:
        model = EmailAddress
        fields = columns(EmailAddress)


class ExportAccountSerializer(_Row):
    email_addresses = ExportEmailAddressSerializer(
        many=True, read_only=True, source="emailaddress_set"
    )

    class Meta:
        model = User
        fields = columns(User, "email_addresses")


class ExportPrescriptionSerializer(_Row):
    exercise = _CatalogueSlug()

    class Meta:
        model = Prescription
        fields = columns(Prescription)


class ExportCalendarSeriesSerializer(_Row):
    """One stretch of the schedule as the calendar feed shows it (days, time, zone, from when)."""

    training_days = serializers.ListField(
        child=serializers.CharField(), source="weekday_codes", read_only=True
    )
    reminder_time = serializers.TimeField(format="%H:%M", read_only=True, help_text="HH:MM")

    class Meta:
        model = CalendarSeries
        fields = columns(CalendarSeries)


class ExportProgramSerializer(_Row):
    training_days = serializers.ListField(
        child=serializers.CharField(),
        source="weekday_codes",
        read_only=True,
        help_text="e.g. mon, wed, fri.",
    )
    reminder_time = serializers.TimeField(format="%H:%M", read_only=True, help_text="HH:MM")
    prescriptions = ExportPrescriptionSerializer(many=True, read_only=True)
    calendar_series = ExportCalendarSeriesSerializer(many=True, read_only=True)

    class Meta:
        model = Program
        fields = columns(Program, "prescriptions", "calendar_series")


class ExportEntrySerializer(_Row):
    exercise = _CatalogueSlug()
    band = _CatalogueSlug(allow_null=True)

    class Meta:
        model = Entry
        fields = columns(Entry)


class ExportSessionSerializer(_Row):
    entries = ExportEntrySerializer(many=True, read_only=True)

    class Meta:
        model = Session
        fields = columns(Session, "entries")


class ExportEventSerializer(_Row):
    exercise = _CatalogueSlug(allow_null=True)

    class Meta:
        model = ProgressionEvent
        fields = columns(ProgressionEvent)


class ExportCeilingSerializer(_Row):
    """A step back's ratchet: the exercise stays at or below `rung` until it has had its run
    of comfortable days after `since`."""

    exercise = _CatalogueSlug()

    class Meta:
        model = Ceiling
        fields = columns(Ceiling)


class ExportDeliverySerializer(_Row):
    class Meta:
        model = Delivery
        fields = columns(Delivery)


class ExportReflectionSerializer(_Row):
    class Meta:
        model = WeekReflection
        fields = columns(WeekReflection)


class ExportShareSerializer(_Row):
    """A private report link: who it is for, what it shows, until when; never its secret."""

    class Meta:
        model = Share
        fields = columns(Share)


class ExportSerializer(serializers.Serializer):
    exported_at = serializers.DateTimeField()
    format = serializers.CharField(help_text=FORMAT)
    account = ExportAccountSerializer()
    programs = ExportProgramSerializer(many=True)
    sessions = ExportSessionSerializer(many=True)
    events = ExportEventSerializer(many=True)
    ceilings = ExportCeilingSerializer(many=True)
    deliveries = ExportDeliverySerializer(many=True)
    reflections = ExportReflectionSerializer(many=True)
    shares = ExportShareSerializer(many=True)


def account_export(*, user) -> dict:
    """All of a person's data as one JSON-ready document (a fixed number of queries).

    Times are written in UTC whatever the time zone of the request, so the page download and
    the API give the same file."""
    rows = {
        "exported_at": timezone.now(),
        "format": FORMAT,
        "account": User.objects.prefetch_related("emailaddress_set").get(pk=user.pk),
        "programs": Program.objects.filter(user=user).prefetch_related(
            Prefetch("prescriptions", queryset=Prescription.objects.select_related("exercise")),
            "calendar_series",
        ),
        "sessions": sessions_for_user(user),
        "events": ProgressionEvent.objects.filter(program__user=user).select_related("exercise"),
        "ceilings": Ceiling.objects.filter(program__user=user).select_related("exercise"),
        "deliveries": Delivery.objects.filter(user=user),
        "reflections": WeekReflection.objects.filter(user=user),
        "shares": Share.objects.filter(owner=user),
    }
    with timezone.override(dt.UTC):
        return ExportSerializer(rows).data


def export_filename(now: dt.datetime | None = None) -> str:
    return f"osteofit-export-{(now or timezone.now()):%Y-%m-%d}.json"


# The readable page of the same document (`/account/data/`): each row's columns as label and
# value, the nested lists as their own sections, and the long lists summed up beside their file.
def _readable(value) -> str:
    if value is None or value == "":
        return "—"
    if value is True:
        return "Yes"
    if value is False:
        return "No"
    if isinstance(value, list):
        return ", ".join(_readable(item) for item in value) or "—"
    moment = parse_datetime(value) if isinstance(value, str) and "T" in value else None
    if moment is not None:
        return f"{moment:%-d %B %Y, %H:%M} UTC"
    return str(value)


def readable_rows(row: dict, *, leave_out: tuple[str, ...] = ()) -> list[tuple[str, str]]:
    """One row of the document as (label, value) pairs, in the document's order."""
    return [
        (name.replace("_", " ").capitalize(), _readable(value))
        for name, value in row.items()
        if name not in leave_out
        and not (isinstance(value, list) and value and isinstance(value[0], dict))
    ]


def account_export_readable(document: dict) -> dict:
    """The export as the "My data" page shows it: the same content, in sections."""
    sessions = document["sessions"]
    return {
        "exported_at": _readable(document["exported_at"]),
        "account": readable_rows(document["account"]),
        "email_addresses": [readable_rows(row) for row in document["account"]["email_addresses"]],
        "programs": [
            {
                "facts": readable_rows(program),
                "prescriptions": [readable_rows(row) for row in program["prescriptions"]],
                "calendar_series": [readable_rows(row) for row in program["calendar_series"]],
            }
            for program in document["programs"]
        ],
        "sessions": {
            "count": len(sessions),
            "entries": sum(len(session["entries"]) for session in sessions),
            "first": _readable(sessions[-1]["performed_at"]) if sessions else None,
            "latest": _readable(sessions[0]["performed_at"]) if sessions else None,
        },
        "counts": [
            ("Changes to your exercises", len(document["events"])),
            ("Limits after a step back", len(document["ceilings"])),
            ("Emails sent to you", len(document["deliveries"])),
            ("Answers about your week", len(document["reflections"])),
            ("Report links you shared", len(document["shares"])),
        ],
    }
