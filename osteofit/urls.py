from django.contrib import admin
from django.urls import include, path
from drf_spectacular.views import SpectacularAPIView, SpectacularSwaggerView

from osteofit import views

urlpatterns = [
    path("", views.HomeView.as_view(), name="home"),
    path("health/", views.health, name="health"),
    path("accounts/", include("allauth.urls")),
    path("account/", include("osteofit.accounts.urls")),
    path("exercises/", include("exercises.urls")),
    path("", include("tracking.urls")),
    path("api/v1/", include("osteofit.api_urls")),
    path("api/schema/", SpectacularAPIView.as_view(), name="api-schema"),
    path("api/docs/", SpectacularSwaggerView.as_view(url_name="api-schema"), name="api-docs"),
    path("_allauth/", include("allauth.headless.urls")),
    path("admin/", admin.site.urls),
]

handler404 = "osteofit.views.page_not_found"
