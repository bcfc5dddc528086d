"""Browser forms. They parse and present; the rules live in tracking.services."""

import datetime as dt

from django import forms
from django.core.exceptions import ValidationError
from django.utils import timezone

from exercises.models import Band, Equipment
from exercises.safety import WARNING_SIGNS_QUESTION
from osteofit.timezones import grouped_timezones
from tracking import progression
from tracking.schedule import WEEKDAY_CODES

DAY_NAMES = ["Monday", "Tuesday", "Wednesday", "Thursday", "Friday", "Saturday", "Sunday"]
PAIN_CHOICES = [(n, str(n)) for n in range(progression.PAIN_MIN, progression.PAIN_MAX + 1)]
EFFORT_CHOICES = [(n, str(n)) for n in range(progression.EFFORT_MIN, progression.EFFORT_MAX + 1)]
YES_NO = [("yes", "Yes"), ("no", "No")]
FLOOR_OK_QUESTION = "Can you get down to the floor and up again safely on your own?"
SPINAL_FRACTURE_QUESTION = "Have you ever had a fracture in your spine?"
PHYSIO_CLEARED_LABEL = "My physiotherapist has said yes to floor exercises and stronger bands"


class ScaleField(forms.TypedChoiceField):
    """A 0-10 answer that matters for safety: large buttons, none chosen until the person
    chooses (a missing answer is an error, never a default)."""

    widget = forms.RadioSelect

    def __init__(self, *, choices, label, error, **kwargs):
        super().__init__(
            choices=choices,
            coerce=int,
            label=label,
            error_messages={"required": error},
            **kwargs,
        )


class YesNoField(forms.TypedChoiceField):
    """An explicit yes or no, with neither preselected."""

    widget = forms.RadioSelect

    def __init__(self, *, label, error, **kwargs):
        super().__init__(
            choices=YES_NO,
            coerce=lambda value: value == "yes",
            label=label,
            error_messages={"required": error},
            **kwargs,
        )

    def prepare_value(self, value):
        if isinstance(value, bool):
            return "yes" if value else "no"
        return value


def pain_field(label: str) -> ScaleField:
    return ScaleField(
        choices=PAIN_CHOICES,
        label=label,
        error=f"Please choose a number from {progression.PAIN_MIN} to {progression.PAIN_MAX}.",
        help_text="0 = no pain, 10 = the worst pain you can imagine.",
    )


def effort_field() -> ScaleField:
    return ScaleField(
        choices=EFFORT_CHOICES,
        label="How hard did it feel?",
        error=f"Please choose a number from {progression.EFFORT_MIN} to {progression.EFFORT_MAX}.",
        help_text="0 = very easy, 10 = the hardest you could do. About 5 to 8 is right.",
    )


def warning_sign_field() -> YesNoField:
    return YesNoField(
        label=WARNING_SIGNS_QUESTION,
        error="Please answer yes or no.",
    )


def floor_ok_field() -> YesNoField:
    """The floor question, in the same words wherever it is asked."""
    return YesNoField(
        label=FLOOR_OK_QUESTION,
        error="Please answer yes or no: it decides whether you get floor exercises.",
        help_text=(
            "If not, or if you are unsure, answer no: you get standing and seated exercises "
            "instead. You can change this later."
        ),
    )


class FloorAnswerForm(forms.Form):
    """The floor question for a program started before it was asked."""

    floor_ok = floor_ok_field()


def _timezone_choices():
    """Cities grouped by region (one optgroup each); the value stays the IANA name."""
    return [(region, list(cities)) for region, cities in grouped_timezones()]


class ProgramForm(forms.Form):
    doctor_confirmed = forms.BooleanField(
        required=False,
        label="I have asked my doctor which exercises suit me",
        help_text="Required. Nothing is scheduled until you confirm this.",
    )
    floor_ok = floor_ok_field()
    spinal_fracture = YesNoField(
        label=SPINAL_FRACTURE_QUESTION,
        error="Please answer yes or no: it decides which exercises and bands are safe for you.",
        help_text="At any time, not only recently. A fracture of a vertebra counts.",
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
    timezone = forms.ChoiceField(
        label="Your time zone",
        choices=_timezone_choices,
        # static/js/timezone.js adds the device's zone and a search box to this list.
        widget=forms.Select(attrs={"data-zone-search": ""}),
    )
    reminders_enabled = forms.BooleanField(
        required=False, initial=True, label="Email me a reminder on my training days"
    )


class ProgramSettingsForm(ProgramForm):
    """The program once started. Reminders are on the one reminders page (ReminderSettingsForm)."""

    reminder_time = None
    reminders_enabled = None
    physio_cleared = forms.BooleanField(
        required=False,
        label=PHYSIO_CLEARED_LABEL,
        help_text=(
            "Tick this only when your physiotherapist has said yes. We record the date. Untick it "
            "if they change their advice."
        ),
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
    pain_before = pain_field("How much pain did you have before you started?")
    pain_after = pain_field("How much pain did you have afterwards?")
    effort = effort_field()
    red_flag = warning_sign_field()
    notes = forms.CharField(
        required=False, max_length=2000, widget=forms.Textarea(attrs={"rows": 3}), label="Notes"
    )


def says_what(what: str, bounds: str) -> dict[str, str]:
    """A number's messages that say what to enter, so "Back Extension: enter the repetitions
    you did" reads right in the error summary (osteofit.form_errors names the exercise)."""
    within = f"{what}, {bounds}"
    return {
        "required": what,
        "invalid": f"{what}, as a whole number",
        "min_value": within,
        "max_value": within,
    }


class EntryNumbersForm(forms.Form):
    """What was done of one exercise: sets, repetitions and the hold, within the rules' bounds.
    Shared by the log form's rows and the guided session's exercise screen."""

    sets = forms.IntegerField(
        min_value=progression.SETS_MIN,
        max_value=progression.SETS_MAX,
        label="Sets",
        error_messages=says_what(
            "enter the number of sets you did",
            f"from {progression.SETS_MIN} to {progression.SETS_MAX}",
        ),
    )
    reps = forms.IntegerField(
        min_value=progression.REPS_MIN,
        max_value=progression.REPS_MAX,
        label="Repetitions in each set",
        error_messages=says_what(
            "enter the repetitions you did",
            f"from {progression.REPS_MIN} to {progression.REPS_MAX}",
        ),
    )
    hold_seconds = forms.IntegerField(
        required=False,
        min_value=progression.HOLD_MIN,
        max_value=progression.HOLD_MAX,
        label="Hold (seconds)",
        error_messages=says_what(
            "enter how many seconds you held",
            f"from {progression.HOLD_MIN} to {progression.HOLD_MAX}",
        ),
    )

    def __init__(self, *args, exercise=None, hold: bool | None = None, **kwargs):
        super().__init__(*args, **kwargs)
        self.exercise_obj = exercise
        if exercise is not None:
            if exercise.reps_per_side:
                self.fields["reps"].label = "Repetitions on each side, in each set"
            if not (exercise.hold_seconds if hold is None else hold):
                del self.fields["hold_seconds"]


class EntryForm(EntryNumbersForm):
    exercise = forms.CharField(widget=forms.HiddenInput)
    done = forms.BooleanField(required=False, label="Done")
    band = forms.ModelChoiceField(
        queryset=Band.objects.all(), required=False, to_field_name="slug", label="Band"
    )
    field_order = ["exercise", "done", "sets", "reps", "hold_seconds", "band"]

    def __init__(self, *args, exercise=None, **kwargs):
        super().__init__(*args, exercise=exercise, **kwargs)
        if exercise is not None and exercise.equipment != Equipment.RESISTANCE_BAND:
            del self.fields["band"]


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
        required=False,
        label="Email me a weekly summary of how my program is going",
        help_text="Optional: your reminders come whether or not this is on.",
    )
    weekly_summary_day = forms.TypedChoiceField(
        choices=list(enumerate(DAY_NAMES)), coerce=int, label="Weekly summary day"
    )
