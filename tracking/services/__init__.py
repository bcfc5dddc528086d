"""Every write to programs, sessions and email settings, by job: `programs`, `sessions`,
`progress` (the rules applied to the database) and `reminder_settings`. Callers use the names
below, so a module can move without changing them."""

from tracking.services.calendar import calendar_alarm_set, calendar_series_follow
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
    week_reflection_answer,
    week_reflection_record,
)
from tracking.services.sessions import (
    BEFORE_SAFETY_PAUSE,
    CLOCK_SKEW,
    PAUSED_FOR_SAFETY,
    SAFETY_PAUSED_LOGGING,
    SESSION_TRACE_DAYS,
    EntryInput,
    IdempotencyConflict,
    IdempotencyKeyUsed,
    SessionInputError,
    deleted_sessions_forget,
    program_recompute,
    session_delete,
    session_frozen,
    session_log,
    session_update,
)

__all__ = [
    "BEFORE_SAFETY_PAUSE",
    "CLOCK_SKEW",
    "DOCTOR_REQUIRED",
    "PAUSED_FOR_SAFETY",
    "SAFETY_PAUSED_LOGGING",
    "SAFETY_PAUSE_MESSAGE",
    "SESSION_TRACE_DAYS",
    "EntryInput",
    "IdempotencyConflict",
    "IdempotencyKeyUsed",
    "SessionInputError",
    "calendar_alarm_set",
    "calendar_series_follow",
    "calendar_token_reset",
    "deleted_sessions_forget",
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
    "week_reflection_answer",
    "week_reflection_record",
]
