"""Forms of the report page: which period to show, and a new share link."""

from django import forms

from tracking import sharing

ALL = "all"
PERIOD_CHOICES = [
    *((str(weeks), f"The last {weeks} weeks") for weeks in sharing.REPORT_PERIODS),
    (ALL, "Everything since I started"),
]
EXPIRY_CHOICES = [(str(days), f"{days} days") for days in sharing.EXPIRY_DAYS]


def period_weeks(value: str) -> int | None:
    return None if value == ALL else int(value)


def period_value(weeks: int | None) -> str:
    return ALL if weeks is None else str(weeks)


class PeriodField(forms.TypedChoiceField):
    def __init__(self, **kwargs):
        super().__init__(
            choices=PERIOD_CHOICES,
            coerce=period_weeks,
            empty_value=sharing.DEFAULT_PERIOD,
            initial=str(sharing.DEFAULT_PERIOD),
            **kwargs,
        )


class ReportForm(forms.Form):
    """What the report shows (GET): the period, and whether the notes are in it."""

    period = PeriodField(label="Period", required=False)
    notes = forms.BooleanField(label="Include my notes", required=False)

    def choice(self) -> tuple[int | None, bool]:
        if not self.is_valid():
            return sharing.DEFAULT_PERIOD, False
        return self.cleaned_data["period"], self.cleaned_data["notes"]


class ShareForm(forms.Form):
    label = forms.CharField(
        label="Who is it for?",
        max_length=sharing.LABEL_MAX,
        help_text="For example “Dr Patel, physio”. Only you see this name.",
        error_messages={"required": "Say who the link is for, for example “Dr Patel, physio”."},
    )
    period = PeriodField(label="Period the report covers")
    include_notes = forms.BooleanField(label="Include my notes", required=False)
    expires_in_days = forms.TypedChoiceField(
        label="The link stops working after",
        choices=EXPIRY_CHOICES,
        coerce=int,
        initial=str(sharing.DEFAULT_EXPIRY_DAYS),
        widget=forms.RadioSelect,
    )
