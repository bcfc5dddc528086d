"""HTTP benchmark mode: the production settings, as gunicorn would run them (DEBUG off,
persistent database connections, Redis cache, manifest static files), on plain HTTP on
loopback, with the bench URLs (the bare baseline view) added. bench/data.py sets the
environment these read."""

from osteofit.settings.production import *  # noqa: F403

ROOT_URLCONF = "bench.urls"
# Hundreds of people sign in from 127.0.0.1 within seconds when the benchmark starts.
ACCOUNT_RATE_LIMITS = False
