"""What the progression has written for a program, read back the same way by every test that
compares it: rungs, whole states, events and ceilings."""

from tracking.models import Ceiling, Prescription, ProgressionEvent

EVENT_FIELDS = (
    "kind",
    "exercise__slug",
    "from_rung",
    "to_rung",
    "from_text",
    "to_text",
    "reason",
    "message",
    "session_id",
    "occurred_at",
)


def states(program) -> dict[str, dict]:
    """Every exercise's whole state, by slug: its rung, its run of days and its latest day."""
    rows = Prescription.objects.filter(program=program).values(
        "exercise__slug", *Prescription.STATE_FIELDS
    )
    return {row.pop("exercise__slug"): row for row in rows}


def rungs(program) -> dict[str, int]:
    return {slug: state["rung"] for slug, state in states(program).items()}


def events(program) -> list[tuple]:
    """Every progression event in the order it happened."""
    return list(
        ProgressionEvent.objects.filter(program=program)
        .order_by("occurred_at", "session_id", "exercise__position", "kind")
        .values_list(*EVENT_FIELDS)
    )


def ceilings(program) -> list[tuple]:
    return list(
        Ceiling.objects.filter(program=program)
        .order_by("since", "exercise__position", "id")
        .values_list("exercise__slug", "session_id", "rung", "since", "local_date", "reason")
    )
