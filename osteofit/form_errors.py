"""The error summary every form shows at its top, and field messages that name their field.

A message alone under a field ("This field is required.") says nothing when it is read out of
context, in the summary or by a screen reader: each one here names its field, and on the log
form's rows the exercise too. Registered as the `form_errors` template library."""

from dataclasses import dataclass

from django import forms, template

register = template.Library()

SUMMARY_ID = "error-summary"
REQUIRED = forms.Field.default_error_messages["required"]


@dataclass(frozen=True)
class ErrorItem:
    message: str
    target: str  # the id of the element the link moves focus to; "" for no link


def _label(field: forms.BoundField) -> str:
    return str(field.label or field.name.replace("_", " ").capitalize())


def _target(field: forms.BoundField) -> str:
    """The first focusable control of the field: a group of radios or boxes is a fieldset."""
    if not field.auto_id:
        return ""
    return f"{field.auto_id}_0" if field.field.widget.use_fieldset else field.auto_id


def _named(prefix: str, message: str) -> str:
    joiner = " " if prefix.endswith(("?", ".")) else ": "
    if joiner == ": " and message[:1].isupper() and not message[1:2].isupper():
        message = message[0].lower() + message[1:]
    if not message.endswith((".", "?", "!")):
        message += "."
    return f"{prefix}{joiner}{message}"


def named_messages(field: forms.BoundField, exercise: str = "", *, label: bool = True) -> list[str]:
    """The field's errors, each naming the field (and the exercise, on the log form's rows).
    Under the field itself (`label=False`) its label is already read with it, so only the
    exercise is named there."""
    name = _label(field)
    messages = []
    for error in field.errors:
        error = str(error)
        if error == REQUIRED:
            error = "Please fill this in."
        if exercise:
            prefix = (
                exercise if _mentions_what(error) or not label else f"{exercise}, {name.lower()}"
            )
        elif label:
            prefix = name
        else:
            messages.append(error)
            continue
        messages.append(_named(prefix, error))
    return messages


def _mentions_what(message: str) -> bool:
    """The log form's number messages say what to enter ("enter the repetitions you did")."""
    return message.startswith("enter ")


def _exercise_name(form: forms.Form) -> str:
    exercise = getattr(form, "exercise_obj", None)
    return str(exercise.name) if exercise is not None else ""


def summary_items(*forms_and_formsets) -> list[ErrorItem]:
    items: list[ErrorItem] = []
    for thing in forms_and_formsets:
        if thing is None or thing == "":
            continue
        if isinstance(thing, forms.BaseFormSet):
            first = thing.forms[0] if thing.forms else None
            first_field = next(iter(first.visible_fields()), None) if first else None
            for error in thing.non_form_errors():
                items.append(ErrorItem(str(error), _target(first_field) if first_field else ""))
            for form in thing.forms:
                items.extend(_form_items(form, _exercise_name(form)))
        else:
            items.extend(_form_items(thing, _exercise_name(thing)))
    return items


def _form_items(form: forms.Form, exercise: str) -> list[ErrorItem]:
    if not form.is_bound:
        return []
    items = [ErrorItem(str(error), "") for error in form.non_field_errors()]
    for field in form:
        if field.is_hidden:
            for error in field.errors:
                items.append(ErrorItem(str(error), ""))
            continue
        items.extend(
            ErrorItem(message, _target(field)) for message in named_messages(field, exercise)
        )
    return items


@register.inclusion_tag("includes/error_summary.html")
def error_summary(*forms_and_formsets, summary_id: str = ""):
    """`{% error_summary form formset %}`: nothing when all is well. A page with a second form
    gives that one its own `summary_id`, so no two summaries share an id."""
    return {"items": summary_items(*forms_and_formsets), "summary_id": summary_id or SUMMARY_ID}


@register.simple_tag
def field_messages(field: forms.BoundField, exercise: str = "") -> str:
    """`{% field_messages field exercise %}`: the field's errors as one sentence each."""
    return " ".join(named_messages(field, exercise or "", label=False))
