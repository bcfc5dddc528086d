"""What the sharing tests share: a person with a program and some history, and links."""

import datetime as dt

from django.urls import reverse

from tests.tracking.factories import ProgramFactory, local_noon, local_today, session_logged
from tracking.services import shares

REPORT = reverse("tracking:report")
SHARE_CREATE = reverse("tracking:share_create")


def shared_url(token: str) -> str:
    return reverse("tracking:shared", args=[token])


def program_with_history(
    *, notes: str = "Knees a bit stiff.", days_ago=(9, 7, 5, 2), started_days_ago: int = 120
):
    """A program started `started_days_ago` days ago with a few comfortable sessions on past
    days, the last one with a note."""
    program = ProgramFactory(today=local_today() - dt.timedelta(days=started_days_ago))
    for n, ago in enumerate(days_ago):
        session_logged(
            program,
            performed_at=local_noon(ago),
            notes=notes if n == len(days_ago) - 1 else "",
        )
    return program


def link_for(owner, **fields) -> shares.ShareCreated:
    return shares.share_create(owner=owner, label=fields.pop("label", "Dr Patel, physio"), **fields)


def expired_link_for(owner) -> shares.ShareCreated:
    created = link_for(owner, expires_in_days=7, now=dt.datetime.now(dt.UTC) - dt.timedelta(days=8))
    return created
