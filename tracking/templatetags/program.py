"""`{% spinal_fracture_notice program %}`: what a spinal fracture changes, on every page that
shows the program, in the words `tracking.composition` holds."""

from django import template

from tracking import composition

register = template.Library()


@register.inclusion_tag("includes/spinal_fracture_notice.html")
def spinal_fracture_notice(program):
    answers = composition.Answers(
        floor_ok=program.floor_ok,
        spinal_fracture=program.spinal_fracture,
        physio_cleared_on=program.physio_cleared_on,
    )
    return {
        "show": program.spinal_fracture,
        "cleared": answers.physio_cleared,
        "impact": composition.IMPACT_AFTER_SPINAL_FRACTURE,
    }
