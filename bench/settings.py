"""Benchmark mode: local settings with an email backend that builds each message's bytes, as
an SMTP backend would, and then drops it, so sending is measured without a mail server."""

from osteofit.settings.local import *  # noqa: F403

DEBUG = False
MAILERS = {"default": {"BACKEND": "bench.mail.RenderOnlyBackend"}}
