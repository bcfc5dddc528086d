"""Site-wide pages that belong to no app: the landing page and the health check."""

from django.db import connection
from django.http import JsonResponse
from django.views.defaults import page_not_found as django_page_not_found
from django.views.generic import TemplateView

from osteofit.celery import app as celery_app


class HomeView(TemplateView):
    template_name = "home.html"


def health(request):
    """Readiness for a load balancer: 200 when the database answers, the broker is reported."""
    checks = {"database": _database_ok(), "broker": _broker_ok()}
    status = 200 if checks["database"] else 503
    return JsonResponse(
        {"status": "ok" if status == 200 else "unavailable", "checks": checks}, status=status
    )


def _database_ok() -> bool:
    try:
        with connection.cursor() as cursor:
            cursor.execute("SELECT 1")
        return True
    except Exception:
        return False


def _broker_ok() -> bool:
    try:
        with celery_app.connection_for_write() as broker:
            broker.ensure_connection(max_retries=1, timeout=2)
        return True
    except Exception:
        return False


def page_not_found(request, exception):
    """A JSON error for API clients, the friendly page for people."""
    if request.path.startswith("/api/"):
        return JsonResponse(
            {
                "detail": "There is no API endpoint at this address.",
                "code": "not_found",
                "fields": {},
            },
            status=404,
        )
    return django_page_not_found(request, exception)
