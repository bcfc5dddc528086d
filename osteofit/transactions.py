"""Where transactions begin: in the services, around each write.

ATOMIC_REQUESTS wraps every view in a transaction, a safety net for views that write in more
than one step. A view whose every write is one call to a service (each service is its own
transaction) opts out: its reads then cost no BEGIN and COMMIT round trips, and its writes no
extra savepoint inside the request's transaction.
"""

from django.db import DEFAULT_DB_ALIAS, connections, transaction


class ServicesOwnTransactions:
    """For DRF views and viewsets whose writes all go through `services`."""

    @classmethod
    def as_view(cls, *args, **initkwargs):
        return transaction.non_atomic_requests(super().as_view(*args, **initkwargs))

    def handle_exception(self, exc):
        """DRF marks the request's transaction for rollback on every error. These views have
        none, so a transaction around them (a test's) is not theirs to roll back: its mark is
        left as it was."""
        database = connections[DEFAULT_DB_ALIAS]
        if not database.in_atomic_block:
            return super().handle_exception(exc)
        mark = database.get_rollback()
        try:
            return super().handle_exception(exc)
        finally:
            database.set_rollback(mark)
