"""WSGI entry point for gunicorn."""

from osteofit.startup import configured

with configured():
    from django.core.wsgi import get_wsgi_application

    application = get_wsgi_application()
