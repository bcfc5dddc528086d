from django.core.mail.backends.base import BaseEmailBackend


class RenderOnlyBackend(BaseEmailBackend):
    """Serialise every message to bytes (the full cost of preparing it for SMTP), keep none."""

    def send_messages(self, email_messages):
        for message in email_messages:
            message.message().as_bytes()
        return len(email_messages)
