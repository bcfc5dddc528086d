"""What the API accepts: JSON values of the types its schema documents, nothing looser.

DRF's fields coerce: `"yes"` and `0` pass as booleans, `"5"` as an integer, `7` as a string. A
client built from the schema never sends those, so one that does has a bug, and a guess at what
it meant (is `"no"` false?) is worse than a 400 that names the field. The same goes for query
filters: django-filter reads `?kind=` or `?date_to=` as "no filter", which suits an HTML form's
empty choice but hides a client's missing value; text filters (search) may still be empty.
"""

from django import forms
from django.core.validators import ProhibitNullCharactersValidator, RegexValidator
from django.db import models
from rest_framework import serializers

BLANK_VALUE = "Give a value, or leave the parameter out."


class StrictBooleanField(serializers.BooleanField):
    def to_internal_value(self, data):
        if not isinstance(data, bool):
            self.fail("invalid", input=data)
        return data


class StrictIntegerField(serializers.IntegerField):
    def to_internal_value(self, data):
        if isinstance(data, bool) or not isinstance(data, int | float):
            self.fail("invalid")
        return super().to_internal_value(data)


# A NUL cannot be stored (PostgreSQL refuses it), so DRF refuses it; as a regex validator the
# rule also reaches the schema, as `pattern`. (Blank values never reach validators; `+` keeps ""
# out of the pattern, so the schema's oneOf for blank-or-pattern has exactly one match.)
NO_NUL = RegexValidator(
    r"\A[^\x00]+\Z", message="Null characters are not allowed.", code="null_characters_not_allowed"
)


class StrictCharField(serializers.CharField):
    def __init__(self, **kwargs):
        super().__init__(**kwargs)
        self.validators = [
            NO_NUL if isinstance(v, ProhibitNullCharactersValidator) else v for v in self.validators
        ]

    def to_internal_value(self, data):
        if not isinstance(data, str):
            self.fail("invalid")
        return super().to_internal_value(data)


class StrictChoiceField(serializers.ChoiceField):
    """The choice itself, not its string form: `"0"` is not the choice `0`."""

    def to_internal_value(self, data):
        if data == "" and self.allow_blank:
            return ""
        if isinstance(data, bool) or type(data) not in {type(key) for key in self.choices}:
            self.fail("invalid_choice", input=data)
        return super().to_internal_value(data)


class StrictModelSerializer(serializers.ModelSerializer):
    serializer_field_mapping = {
        **serializers.ModelSerializer.serializer_field_mapping,
        models.BooleanField: StrictBooleanField,
        models.CharField: StrictCharField,
        models.TextField: StrictCharField,
        models.IntegerField: StrictIntegerField,
        models.SmallIntegerField: StrictIntegerField,
        models.PositiveIntegerField: StrictIntegerField,
        models.PositiveSmallIntegerField: StrictIntegerField,
    }
    serializer_choice_field = StrictChoiceField


class BlankRejectingForm(forms.Form):
    """The form of an API FilterSet: a sent parameter that is not free text needs a value."""

    def clean(self):
        cleaned = super().clean()
        for name, field in self.fields.items():
            if self.data.get(name) == "" and not isinstance(field, forms.CharField):
                self.add_error(name, BLANK_VALUE)
        return cleaned
