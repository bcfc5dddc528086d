"""The shape of the data export (GET /api/v1/me/export/), for the OpenAPI schema only.

The document itself is built by `services.account_export` and `tracking.selectors.data_export`;
these serializers never touch it. tests/api/test_schema.py checks a real export against this
schema, so the two cannot drift apart unnoticed.
"""

from rest_framework import serializers


class ExportEmailAddressSerializer(serializers.Serializer):
    email = serializers.EmailField()
    verified = serializers.BooleanField()
    primary = serializers.BooleanField()


class ExportAccountSerializer(serializers.Serializer):
    email = serializers.EmailField()
    first_name = serializers.CharField()
    last_name = serializers.CharField()
    timezone = serializers.CharField()
    date_joined = serializers.DateTimeField()
    email_addresses = ExportEmailAddressSerializer(many=True)


class ExportPrescriptionSerializer(serializers.Serializer):
    exercise = serializers.CharField()
    rung = serializers.IntegerField()
    streak = serializers.IntegerField()


class ExportProgramSerializer(serializers.Serializer):
    started_on = serializers.DateField()
    active = serializers.BooleanField()
    doctor_confirmed = serializers.BooleanField()
    recent_fracture = serializers.BooleanField()
    training_days = serializers.ListField(child=serializers.CharField())
    reminder_time = serializers.CharField(help_text="HH:MM")
    timezone = serializers.CharField()
    reminders_enabled = serializers.BooleanField()
    weekly_summary_enabled = serializers.BooleanField()
    weekly_summary_day = serializers.IntegerField(help_text="0 = Monday … 6 = Sunday.")
    paused = serializers.BooleanField()
    pause_reason = serializers.CharField()
    prescriptions = ExportPrescriptionSerializer(many=True)


class ExportEntrySerializer(serializers.Serializer):
    exercise = serializers.CharField()
    sets = serializers.IntegerField()
    reps = serializers.IntegerField()
    hold_seconds = serializers.IntegerField(allow_null=True)
    band = serializers.CharField(allow_null=True)


class ExportSessionSerializer(serializers.Serializer):
    id = serializers.IntegerField()
    performed_at = serializers.DateTimeField()
    local_date = serializers.DateField()
    pain_before = serializers.IntegerField()
    pain_after = serializers.IntegerField()
    effort = serializers.IntegerField()
    red_flag = serializers.BooleanField()
    gentle = serializers.BooleanField()
    notes = serializers.CharField()
    entries = ExportEntrySerializer(many=True)


class ExportEventSerializer(serializers.Serializer):
    kind = serializers.CharField()
    exercise = serializers.CharField(allow_null=True)
    from_rung = serializers.IntegerField(allow_null=True)
    to_rung = serializers.IntegerField(allow_null=True)
    reason = serializers.CharField()
    message = serializers.CharField()
    session = serializers.IntegerField(allow_null=True)
    occurred_at = serializers.DateTimeField()


class ExportCeilingSerializer(serializers.Serializer):
    """A step back's ratchet: the exercise stays at or below `rung` until it has had its run
    of comfortable days after `since`."""

    exercise = serializers.CharField()
    rung = serializers.IntegerField()
    since = serializers.DateTimeField()
    local_date = serializers.DateField()
    reason = serializers.CharField()
    session = serializers.IntegerField(allow_null=True)


class ExportDeliverySerializer(serializers.Serializer):
    kind = serializers.CharField()
    local_date = serializers.DateField()
    status = serializers.CharField()
    detail = serializers.CharField()
    sent_at = serializers.DateTimeField(allow_null=True)


class ExportReflectionSerializer(serializers.Serializer):
    week_start = serializers.DateField()
    obstacle = serializers.CharField()


class ExportSerializer(serializers.Serializer):
    exported_at = serializers.DateTimeField()
    format = serializers.CharField(help_text="osteofit-export/1")
    account = ExportAccountSerializer()
    programs = ExportProgramSerializer(many=True)
    sessions = ExportSessionSerializer(many=True)
    events = ExportEventSerializer(many=True)
    ceilings = ExportCeilingSerializer(many=True)
    deliveries = ExportDeliverySerializer(many=True)
    reflections = ExportReflectionSerializer(many=True)
