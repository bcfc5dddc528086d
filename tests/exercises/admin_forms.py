"""The admin's exercise change form as a browser would post it back."""

from django.urls import reverse

from exercises.models import Exercise


def change_form(client, exercise: Exercise) -> dict:
    """The exercise's admin change form as the browser would post it back, unchanged."""
    response = client.get(reverse("admin:exercises_exercise_change", args=[exercise.pk]))
    data = {}
    for bound in response.context["adminform"].form:
        value = bound.value()
        if value is None or value is False:
            continue
        data[bound.html_name] = (
            [str(v) for v in value] if isinstance(value, list | tuple) else str(value)
        )
    for inline in response.context["inline_admin_formsets"]:
        formset = inline.formset
        management = formset.management_form
        for name in ("TOTAL_FORMS", "INITIAL_FORMS", "MIN_NUM_FORMS", "MAX_NUM_FORMS"):
            data[f"{formset.prefix}-{name}"] = str(management[name].value())
        for form in formset.forms:
            for bound in form:
                value = bound.value()
                if value is None or value is False or bound.name == "svg_file":
                    continue
                data[bound.html_name] = str(value)
    return data
