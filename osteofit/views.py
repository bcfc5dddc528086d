"""Site-wide pages that belong to no app: the landing page, the health check and the error
pages (404, and the 500 handler that answers 503 while the database is unreachable)."""

import sys

from allauth.account.adapter import get_adapter
from django.contrib.auth import REDIRECT_FIELD_NAME
from django.db import InterfaceError, OperationalError, connection
from django.http import HttpResponse, JsonResponse
from django.shortcuts import redirect
from django.template import loader
from django.urls import reverse
from django.utils.http import url_has_allowed_host_and_scheme
from django.views.decorators.cache import never_cache
from django.views.defaults import page_not_found as django_page_not_found
from django.views.defaults import server_error as django_server_error
from django.views.generic import TemplateView

from osteofit.api_errors import error_response
from osteofit.celery import app as celery_app


class HomeView(TemplateView):
    template_name = "home.html"


@never_cache
def health(request):
    """Readiness for a load balancer: 200 when the database answers, 503 otherwise. Which part
    is down (database, broker) is shown only to staff and to the machine itself (loopback, as
    the client address is judged with TRUSTED_PROXIES): to anyone else it maps the inside."""
    checks = {"database": _database_ok(), "broker": _broker_ok()}
    status = 200 if checks["database"] else 503
    answer = {"status": "ok" if status == 200 else "unavailable"}
    if _from_loopback(request) or (checks["database"] and request.user.is_staff):
        answer["checks"] = checks
    return JsonResponse(answer, status=status)


LOOPBACK = {"127.0.0.1", "::1"}


def _from_loopback(request) -> bool:
    try:
        # allauth's reading of the client address, the one its rate limits use.
        return get_adapter(request).get_client_ip(request) in LOOPBACK
    except Exception:  # no address, or X-Forwarded-For shorter than TRUSTED_PROXIES
        return False


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
            # One quick try: a load balancer polls this, and a slow answer helps nobody.
            broker.ensure_connection(max_retries=1, interval_start=0, interval_step=0, timeout=2)
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


# The database refused, dropped or timed out the connection: the site is down for a moment,
# not broken. Django reconnects by itself (CONN_HEALTH_CHECKS) once the server is back.
DATABASE_UNAVAILABLE = (OperationalError, InterfaceError)
RETRY_AFTER_SECONDS = 15
UNAVAILABLE = "OsteoFit is briefly unavailable. Nothing saved is lost; try again in a minute."
SERVER_ERROR = "Something went wrong on our side. What you saved before is safe; try again later."


def server_error(request):
    """handler500. Runs inside Django's `except` block, so the exception is at hand: a database
    that cannot be reached is a 503 with Retry-After, in JSON for API clients; anything else is
    the usual 500. Neither touches the database, sessions or the signed-in user."""
    if isinstance(sys.exc_info()[1], DATABASE_UNAVAILABLE):
        response = _error(request, 503, "service_unavailable", UNAVAILABLE, "503.html")
        response["Retry-After"] = str(RETRY_AFTER_SECONDS)
        return response
    if _wants_json(request):
        return _error(request, 500, "server_error", SERVER_ERROR, "500.html")
    return django_server_error(request)


def _wants_json(request) -> bool:
    return request.path.startswith(("/api/", "/_allauth/"))


def _error(request, status: int, code: str, detail: str, template: str) -> HttpResponse:
    if _wants_json(request):
        return error_response(request.path, status, code, detail)
    # Rendered without the request: context processors would ask the database for the user.
    return HttpResponse(loader.get_template(template).render(), status=status)


def no_phone_numbers(request, client):
    """allauth's headless API mounts its phone-number endpoints whether or not a site uses
    phones, and with none configured they fail with a 500 (its default adapter raises
    NotImplementedError). OsteoFit accounts have no phone number: the endpoint does not exist."""
    detail = "OsteoFit accounts have no phone number."
    return JsonResponse(
        {"status": 404, "errors": [{"message": detail, "code": "not_found"}]}, status=404
    )


def admin_signed_in(request, extra_context=None):
    """/admin/login/ for someone already signed in as staff: on to where they were going."""
    target = request.GET.get(REDIRECT_FIELD_NAME) or request.POST.get(REDIRECT_FIELD_NAME)
    if not url_has_allowed_host_and_scheme(
        target, allowed_hosts={request.get_host()}, require_https=request.is_secure()
    ):
        target = reverse("admin:index")
    return redirect(target)
