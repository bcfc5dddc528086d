"""Every write to programs, sessions and email settings, by job: `programs`, `sessions`,
`progress` (the rules applied to the database) and `reminder_settings`. Callers use the names
below, so a module can move without changing them."""

from tracking.services.programs import (
    DOCTOR_REQUIRED,
    calendar_token_reset,
    program_compose,
    program_pause,
    program_put,
    program_resume,
    program_safety_stop,
    program_start,
    program_update,
)
from tracking.services.progress import SAFETY_PAUSE_MESSAGE
from tracking.services.reminder_settings import (
    emails_unsubscribe,
    reminder_settings_update,
    week_reflection_record,
)
from tracking.services.sessions import (
    CLOCK_SKEW,
    SAFETY_PAUSED_LOGGING,
    EntryInput,
    IdempotencyConflict,
    SessionInputError,
    program_recompute,
    session_delete,
    session_frozen,
    session_log,
    session_update,
)

__all__ = [
    "CLOCK_SKEW",
    "DOCTOR_REQUIRED",
    "SAFETY_PAUSED_LOGGING",
    "SAFETY_PAUSE_MESSAGE",
    "EntryInput",
    "IdempotencyConflict",
    "SessionInputError",
    "calendar_token_reset",
    "emails_unsubscribe",
    "program_compose",
    "program_pause",
    "program_put",
    "program_recompute",
    "program_resume",
    "program_safety_stop",
    "program_start",
    "program_update",
    "reminder_settings_update",
    "session_delete",
    "session_frozen",
    "session_log",
    "session_update",
    "week_reflection_record",
]
