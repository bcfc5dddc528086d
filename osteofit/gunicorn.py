"""gunicorn's logger with secrets redacted: the Procfile starts gunicorn with
`--logger-class osteofit.gunicorn.RedactedLogger`, so the access log shows
`GET /r/log/[redacted]/` and never the token that signs a person in."""

from gunicorn.glogging import Logger

from osteofit.secret_paths import SecretsRedacted

_REDACTED = SecretsRedacted()


class RedactedLogger(Logger):
    def setup(self, cfg):
        super().setup(cfg)
        # On the loggers themselves, so every handler gunicorn gives them sees the redacted text.
        for log in (self.error_log, self.access_log):
            log.addFilter(_REDACTED)
