"""Fixtures for the reminder tests: a dispatcher run that also runs its after-commit sends, and
the clean-up after tests that really commit (`helpers.committed`)."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass

import pytest

from tracking import reminders


@dataclass
class Dispatched:
    report: reminders.DispatchReport
    batches: list[list[int]]

    @property
    def enqueued(self) -> list[int]:
        return [pk for batch in self.batches for pk in batch]


@pytest.fixture
def dispatch(django_capture_on_commit_callbacks):
    """Run the dispatcher at an instant. The test's own transaction never commits, so the
    sends it queues "after commit" are captured and run here, into `Dispatched.batches`."""

    def run(now: dt.datetime) -> Dispatched:
        batches: list[list[int]] = []
        with django_capture_on_commit_callbacks(execute=True):
            report = reminders.dispatch_due(now=now, enqueue=batches.append)
        return Dispatched(report=report, batches=batches)

    return run
