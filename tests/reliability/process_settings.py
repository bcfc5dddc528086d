"""Settings for the Celery workers and beats the fault tests start as real processes.

The project's own settings (base: Redis from REDIS_URL, the database from DATABASE_URL), with
emails written one file each into OSTEOFIT_TEST_OUTBOX by `tests.reliability.mailers` so a test
can count exactly which reminder went out how often, unless EMAIL_URL names a real mail server.
"""

import os

from osteofit.settings import environment as env
from osteofit.settings.base import *  # noqa: F403
from osteofit.settings.base import PASSWORD_HASHERS

DEBUG = False
# The test process creates people with the test settings' fast hasher.
PASSWORD_HASHERS = [*PASSWORD_HASHERS, "django.contrib.auth.hashers.MD5PasswordHasher"]
if os.environ.get("EMAIL_URL"):
    MAILERS = {"default": env.mailer()}
else:
    MAILERS = {
        "default": {
            "BACKEND": "tests.reliability.mailers.OutboxFolderMailer",
            "OPTIONS": {"folder": env.text("OSTEOFIT_TEST_OUTBOX")},
        }
    }
