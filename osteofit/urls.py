from allauth.account.decorators import secure_admin_login
from django.conf import settings
from django.contrib import admin
from django.urls import include, path
from django.utils.csp import CSP
from django.views.decorators.csp import csp_override, csp_report_only_override
from drf_spectacular.views import SpectacularAPIView, SpectacularSwaggerView

from osteofit import views
from osteofit.public_pages import public_page
from osteofit.robots import robots_txt


def _inline_script_allowed(view):
    """Swagger UI starts from an inline script: allowed on the API docs page, and only there."""
    relaxed = {**settings.CONTENT_SECURITY_POLICY, "script-src": [CSP.SELF, CSP.UNSAFE_INLINE]}
    view = csp_override(relaxed if settings.SECURE_CSP else {})(view)
    return csp_report_only_override(relaxed if settings.SECURE_CSP_REPORT_ONLY else {})(view)


# The admin has no password form of its own: /admin/login/ sends everyone to allauth's login
# page (its rate limits, lock-out and login by code apply), then back; a signed-in person who
# is not staff is refused there, and staff go on to the admin. Django's admin login form is
# never reached, whatever the method, so it cannot check passwords outside those limits.
admin.site.login = secure_admin_login(views.admin_signed_in)


urlpatterns = [
    path("", public_page()(views.HomeView.as_view()), name="home"),
    path("health/", views.health, name="health"),
    path("robots.txt", robots_txt, name="robots"),
    path("accounts/", include("allauth.urls")),
    path("account/", include("osteofit.accounts.urls")),
    path("exercises/", include("exercises.urls")),
    path("", include("tracking.urls")),
    path("api/v1/", include("osteofit.api_urls")),
    path("api/schema/", SpectacularAPIView.as_view(), name="api-schema"),
    path(
        "api/docs/",
        _inline_script_allowed(SpectacularSwaggerView.as_view(url_name="api-schema")),
        name="api-docs",
    ),
    path(
        "_allauth/<str:client>/v1/account/phone",
        views.no_phone_numbers,
        name="headless-no-phone-numbers",
    ),
    path("_allauth/", include("allauth.headless.urls")),
    path("admin/", admin.site.urls),
]

handler404 = "osteofit.views.page_not_found"
handler500 = "osteofit.views.server_error"
