"""ASGI entry point."""

from osteofit.startup import configured

with configured():
    from django.core.asgi import get_asgi_application

    application = get_asgi_application()
