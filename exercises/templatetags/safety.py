"""`{% warning_signs %}`: the one list of warning signs, with the emergency line, in any page."""

from django import template

from exercises.safety import EMERGENCY, WARNING_SIGNS

register = template.Library()


@register.inclusion_tag("includes/warning_signs.html")
def warning_signs(list_id: str = "warning-signs"):
    return {"signs": WARNING_SIGNS, "emergency": EMERGENCY, "list_id": list_id}


@register.simple_tag
def warning_signs_list() -> dict:
    """The same list for emails, which lay it out themselves:
    `{% warning_signs_list as safety %}`."""
    return {"signs": WARNING_SIGNS, "emergency": EMERGENCY}
