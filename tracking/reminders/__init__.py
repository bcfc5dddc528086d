"""Reminders and weekly summaries, by job: `due` says who is due now (all time zones in one
query) and each email's send window; `deliveries` records the Delivery rows that make each email
go out at most once (`dispatch_due`, the insert that drops duplicates, requeueing rows the
broker lost, the lease a sender holds, finishing a row); `sending` sends a batch over one mail
connection, one email per person and day (a summary on a training day carries the reminder)
(`deliveries_send`, `deliveries_fail`, `TransientSendError`); `content` builds what
each email says (its context, `TIPS`, the message and its headers). Callers use the names below
as `tracking.reminders.<name>`, whichever module holds them.
"""

from tracking.reminders.content import TIPS
from tracking.reminders.deliveries import (
    LEASE,
    SELECT_BATCH,
    SEND_BATCH,
    STALE_AFTER,
    DispatchReport,
    dispatch_due,
)
from tracking.reminders.due import LATE_CUTOFF, MIN_LATE_WINDOW, due_programs, send_window
from tracking.reminders.sending import (
    TRANSIENT_ERRORS,
    SendReport,
    TransientSendError,
    deliveries_fail,
    deliveries_send,
)

__all__ = [
    "LATE_CUTOFF",
    "LEASE",
    "MIN_LATE_WINDOW",
    "SELECT_BATCH",
    "SEND_BATCH",
    "STALE_AFTER",
    "TIPS",
    "TRANSIENT_ERRORS",
    "DispatchReport",
    "SendReport",
    "TransientSendError",
    "deliveries_fail",
    "deliveries_send",
    "dispatch_due",
    "due_programs",
    "send_window",
]
