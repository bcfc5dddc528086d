"""Laptop mode: `make run`. SQLite, no broker server, emails to var/outbox."""

from osteofit.settings import environment as env
from osteofit.settings.base import *  # noqa: F403

DEBUG = env.flag("DEBUG", True)

# Static files come straight from static/ and the apps; `collectstatic` is for production.
STATIC_ROOT = None
WHITENOISE_USE_FINDERS = True
WHITENOISE_AUTOREFRESH = True
