"""Entry points call `configured()` so a bad environment stops them with one clear line."""

import os
import sys
from contextlib import contextmanager

DEFAULT_SETTINGS = "osteofit.settings.local"


@contextmanager
def configured():
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", DEFAULT_SETTINGS)
    from osteofit.settings.environment import ConfigurationError

    try:
        yield
    except ConfigurationError as error:
        print(f"OsteoFit cannot start: {error}", file=sys.stderr)
        sys.exit(2)
