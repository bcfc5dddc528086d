"""Browser forms. They parse and present; the rules live in tracking.services."""

import datetime as dt

from django import forms
from django.core.exceptions import ValidationError
from django.utils import timezone

from exercises.models import Band, Equipment
from osteofit.accounts.models import known_timezones
from tracking.models import WEEKDAY_CODES

DAY_NAMES = ["Monday", "Tuesday", "Wednesday", "Thursday", "Friday", "Saturday", "Sunday"]
SCORE_CHOICES = [(n, str(n)) for n in range(11)]


def _timezone_choices():
    return [(name, name.replace("_", " ")) for name in sorted(known_timezones())]


class ProgramForm(forms.Form):
    doctor_confirmed = forms.BooleanField(
        required=False,
        label="I have asked my doctor which exercises suit me",
        help_text="Required. Nothing is scheduled until you confirm this.",
    )
    recent_fracture = forms.BooleanField(
        required=False, label="I have had a fracture in my spine in the last year"
    )
    training_days = forms.MultipleChoiceField(
        choices=list(zip(WEEKDAY_CODES, DAY_NAMES, strict=True)),
        widget=forms.CheckboxSelectMultiple,
        label="Training days",
        help_text="Choose 3 or 4 days, ideally with a rest day between them.",
    )
    reminder_time = forms.TimeField(
        label="Reminder time",
        widget=forms.TimeInput(attrs={"type": "time"}, format="%H:%M"),
        help_text="We email you at this time on your training days.",
    )
    timezone = forms.ChoiceField(label="Your time zone", choices=_timezone_choices)
    reminders_enabled = forms.BooleanField(
        required=False, initial=True, label="Email me a reminder on my training days"
    )


SERVICE_FIELDS = {"timezone_name": "timezone"}


def add_service_errors(form: forms.Form, error: ValidationError) -> None:
    """Show a service's errors next to the fields they are about."""
    if hasattr(error, "error_dict"):
        for field, messages in error.message_dict.items():
            name = SERVICE_FIELDS.get(field, field)
            form.add_error(name if name in form.fields else None, messages)
    else:
        form.add_error(None, error.messages)


class WallClockDateTimeField(forms.DateTimeField):
    """A date and time as the person's clock showed it, left for the view to place in the
    program's time zone. The stock field reads it in the request's zone and refuses the hour
    that repeats when the clocks go back, which is also when the log form prefills it."""

    def to_python(self, value):
        with timezone.override(dt.UTC):
            result = super().to_python(value)
        return result.replace(tzinfo=None) if result else result


class SessionForm(forms.Form):
    performed_at = WallClockDateTimeField(
        label="When did you exercise?",
        widget=forms.DateTimeInput(attrs={"type": "datetime-local"}, format="%Y-%m-%dT%H:%M"),
        input_formats=["%Y-%m-%dT%H:%M", "%Y-%m-%d %H:%M", "%Y-%m-%dT%H:%M:%S"],
    )
    pain_before = forms.TypedChoiceField(
        choices=SCORE_CHOICES, coerce=int, label="Pain before (0 = none, 10 = worst)"
    )
    pain_after = forms.TypedChoiceField(
        choices=SCORE_CHOICES, coerce=int, label="Pain after (0 = none, 10 = worst)"
    )
    effort = forms.TypedChoiceField(
        choices=SCORE_CHOICES, coerce=int, label="Effort (0 = very easy, 10 = hardest)"
    )
    red_flag = forms.BooleanField(
        required=False,
        label="I felt sudden or sharp pain, or another warning sign",
        help_text="For example numbness, tingling, weakness, chest pain, dizziness or nausea.",
    )
    notes = forms.CharField(
        required=False, max_length=2000, widget=forms.Textarea(attrs={"rows": 3}), label="Notes"
    )


class EntryForm(forms.Form):
    exercise = forms.CharField(widget=forms.HiddenInput)
    done = forms.BooleanField(required=False, label="Done")
    sets = forms.IntegerField(min_value=1, max_value=10, label="Sets")
    reps = forms.IntegerField(min_value=0, max_value=50, label="Repetitions in each set")
    hold_seconds = forms.IntegerField(
        required=False, min_value=1, max_value=120, label="Hold (seconds)"
    )
    band = forms.ModelChoiceField(
        queryset=Band.objects.all(), required=False, to_field_name="slug", label="Band"
    )

    def __init__(self, *args, exercise=None, **kwargs):
        super().__init__(*args, **kwargs)
        self.exercise_obj = exercise
        if exercise is not None:
            if exercise.reps_per_side:
                self.fields["reps"].label = "Repetitions on each side, in each set"
            if exercise.equipment != Equipment.RESISTANCE_BAND:
                del self.fields["band"]
            if not exercise.hold_seconds:
                del self.fields["hold_seconds"]


class BaseEntryFormSet(forms.BaseFormSet):
    def __init__(self, *args, exercises=(), **kwargs):
        self.exercises = list(exercises)
        super().__init__(*args, **kwargs)

    def get_form_kwargs(self, index):
        kwargs = super().get_form_kwargs(index)
        if index is not None and index < len(self.exercises):
            kwargs["exercise"] = self.exercises[index]
        return kwargs

    def clean(self):
        if any(self.errors):
            return
        if not any(form.cleaned_data.get("done") for form in self.forms):
            raise ValidationError("Tick at least one exercise you did.")


EntryFormSet = forms.formset_factory(EntryForm, formset=BaseEntryFormSet, extra=0)


class ResumeForm(forms.Form):
    seen_doctor = forms.BooleanField(
        required=False,
        label="I have seen my doctor or physiotherapist and they are happy for me to carry on",
    )


class HistoryFilterForm(forms.Form):
    date_from = forms.DateField(
        required=False, label="From", widget=forms.DateInput(attrs={"type": "date"})
    )
    date_to = forms.DateField(
        required=False, label="To", widget=forms.DateInput(attrs={"type": "date"})
    )

    def clean(self):
        cleaned = super().clean()
        start, end = cleaned.get("date_from"), cleaned.get("date_to")
        if start and end and start > end:
            self.add_error("date_to", "The end date must be on or after the start date.")
        return cleaned


class ReminderSettingsForm(forms.Form):
    reminders_enabled = forms.BooleanField(
        required=False, label="Email me a reminder on my training days"
    )
    reminder_time = forms.TimeField(
        label="Reminder time",
        widget=forms.TimeInput(attrs={"type": "time"}, format="%H:%M"),
        help_text="In your own time zone. A late reminder can still arrive until 21:00.",
    )
    weekly_summary_enabled = forms.BooleanField(
        required=False, label="Email me a weekly summary of how my program is going"
    )
    weekly_summary_day = forms.TypedChoiceField(
        choices=list(enumerate(DAY_NAMES)), coerce=int, label="Weekly summary day"
    )
