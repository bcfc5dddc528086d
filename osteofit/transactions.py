"""Where transactions begin: in the services, around each write.

ATOMIC_REQUESTS wraps every view in a transaction, a safety net for views that write in more
than one step. A view whose every write is one call to a service (each service is its own
transaction) opts out: its reads then cost no BEGIN and COMMIT round trips, and its writes no
extra savepoint inside the request's transaction.
"""

from django.db import transaction


class ServicesOwnTransactions:
    """For DRF views and viewsets whose writes all go through `services`."""

    @classmethod
    def as_view(cls, *args, **initkwargs):
        return transaction.non_atomic_requests(super().as_view(*args, **initkwargs))
