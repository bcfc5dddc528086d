"""What the API accepts: JSON values of the types its schema documents, nothing looser.

DRF's fields coerce: `"yes"` and `0` pass as booleans, `"5"` as an integer, `7` as a string. A
client built from the schema never sends those, so one that does has a bug, and a guess at what
it meant (is `"no"` false?) is worse than a 400 that names the field. The same goes for query
parameters: django-filter reads `?kind=` or `?date_to=` as "no filter" (which suits an HTML form's
empty choice, not an API), and `?page=`, `?page=last` or `?page=2&page=3` all find a page.
"""

import datetime as dt
import re

import django_filters
from django import forms
from django.core.validators import ProhibitNullCharactersValidator, RegexValidator
from django.db import models
from drf_spectacular.utils import extend_schema_field
from rest_framework import serializers
from rest_framework.exceptions import NotFound
from rest_framework.pagination import PageNumberPagination

from osteofit.timezones import known_timezones, validate_timezone

BLANK_VALUE = "Give a value, or leave the parameter out."
GIVE_ONCE = "Give this parameter once."
PAGE_NUMBER = re.compile(r"-?[0-9]+")


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


@extend_schema_field({"type": "string", "enum": sorted(known_timezones())})
class TimezoneField(StrictCharField):
    """An IANA time zone name the server knows; the schema lists them, so a client that picks
    from the list is never refused."""

    def __init__(self, **kwargs):
        kwargs.setdefault(
            "help_text", "An IANA time zone name, e.g. Europe/London: one of the listed names."
        )
        super().__init__(max_length=64, validators=[validate_timezone], **kwargs)


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


class StrictFilterForm(forms.Form):
    """The form of an API FilterSet: each parameter at most once, and one that is not free text
    with a value (django-filter would otherwise take the last of several, or none for blank)."""

    def clean(self):
        cleaned = super().clean()
        for name, field in self.fields.items():
            values = self.data.getlist(name)
            if len(values) > 1:
                self.add_error(name, GIVE_ONCE)
            elif values == [""] and not isinstance(field, forms.CharField):
                self.add_error(name, BLANK_VALUE)
        return cleaned


class OffsetDateTimeFormField(forms.Field):
    """An RFC 3339 time, with its date, time and UTC offset (`Z` or `+01:00`): a time with no
    offset means a different instant in every zone, so it is refused, not guessed."""

    default_error_messages = {
        "invalid": "Give an RFC 3339 time with its UTC offset, e.g. 2026-11-27T09:30:00Z."
    }

    def to_python(self, value):
        if value in self.empty_values:
            return None
        try:
            parsed = dt.datetime.fromisoformat(value)
        except (TypeError, ValueError):
            parsed = None
        if parsed is None or parsed.tzinfo is None or "T" not in value.upper():
            raise forms.ValidationError(self.error_messages["invalid"], code="invalid")
        # In UTC: PostgreSQL refuses offsets beyond about ±15:59 that RFC 3339 allows.
        try:
            return parsed.astimezone(dt.UTC)
        except OverflowError:  # e.g. 0001-01-01T00:00:00+01:00 is before year 1 in UTC
            raise forms.ValidationError(self.error_messages["invalid"], code="invalid") from None


class OffsetDateTimeFilter(django_filters.Filter):
    field_class = OffsetDateTimeFormField


MAX_PAGE_SIZE = 100
PAGE_SIZE_INVALID = f"Give a whole number of results per page from 1 to {MAX_PAGE_SIZE}."


class StrictPageNumberPagination(PageNumberPagination):
    """`?page=` holds one page number. DRF also reads a blank or repeated value as a page and
    `last` as the last page, none of which the schema's `page: integer` allows; those now get
    the same 404 as any other page that does not exist. `?page_size=` (1 to 100) chooses how
    many per page; DRF would quietly ignore a bad one, here it is a 400 naming it."""

    last_page_strings = ()
    page_size_query_param = "page_size"
    max_page_size = MAX_PAGE_SIZE

    def get_page_size(self, request):
        sizes = request.query_params.getlist(self.page_size_query_param)
        if not sizes:
            return self.page_size
        if len(sizes) > 1 or not sizes[0].isdigit() or not 1 <= int(sizes[0]) <= MAX_PAGE_SIZE:
            raise serializers.ValidationError({self.page_size_query_param: [PAGE_SIZE_INVALID]})
        return int(sizes[0])

    def get_page_number(self, request, paginator):
        numbers = request.query_params.getlist(self.page_query_param) or ["1"]
        if len(numbers) > 1 or not PAGE_NUMBER.fullmatch(numbers[0]):
            raise NotFound(self.invalid_page_message)
        return numbers[0]

    def get_schema_operation_parameters(self, view):
        parameters = super().get_schema_operation_parameters(view)
        for parameter in parameters:
            if parameter["name"] == self.page_query_param:
                parameter["schema"]["minimum"] = 1
            if parameter["name"] == self.page_size_query_param:
                parameter["schema"].update(minimum=1, maximum=MAX_PAGE_SIZE)
        return parameters


def values_kept(serializer: serializers.Serializer, instance, *, leave_out=()) -> dict:
    """Every writable field's value after a write that may leave fields out: what was sent,
    else the instance's current value (else, with no instance, the field's default). Keyed by
    the API's field names and driven by the serializer's own fields, so a field added later is
    kept by clients that predate it without any view changing."""
    sent = serializer.validated_data
    values = {}
    for name, field in serializer.fields.items():
        if field.read_only or name in leave_out:
            continue
        if field.source in sent:
            values[name] = sent[field.source]
        elif instance is not None:
            values[name] = field.get_attribute(instance)
    return values
