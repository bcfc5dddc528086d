"""A mail backend for worker processes under test: one file per email, and a way to stop dead.

Each email is written to its own file, named after its delivery (the X-OsteoFit-Delivery
header), so a test counts how often each reminder really went out. With
OSTEOFIT_TEST_HANG=before:N (or after:N) the process's Nth email hangs before (or after) it is
written, and a `hanging` file says so: the test then SIGKILLs the worker at exactly that point,
in the middle of a batch.
"""

import os
import time
import uuid
from pathlib import Path

from django.core.mail.backends.base import BaseEmailBackend

_sent_by_this_process = 0


class OutboxFolderMailer(BaseEmailBackend):
    def __init__(self, folder: str, **kwargs):
        super().__init__(**kwargs)
        self.folder = Path(folder)
        when, _, number = os.environ.get("OSTEOFIT_TEST_HANG", "").partition(":")
        self.hang = (when, int(number)) if number else None

    def send_messages(self, email_messages):
        global _sent_by_this_process
        for message in email_messages:
            _sent_by_this_process += 1
            self._maybe_hang("before")
            delivery = message.extra_headers.get("X-OsteoFit-Delivery", "none")
            final = self.folder / f"delivery-{delivery}-{uuid.uuid4().hex}.eml"
            partial = final.with_suffix(".partial")
            partial.write_bytes(message.message().as_bytes())
            partial.rename(final)  # the mail server has it: all or nothing
            self._maybe_hang("after")
        return len(email_messages)

    def _maybe_hang(self, when: str) -> None:
        if self.hang == (when, _sent_by_this_process):
            (self.folder / "hanging").write_text(f"{when} email {_sent_by_this_process}")
            time.sleep(3600)
