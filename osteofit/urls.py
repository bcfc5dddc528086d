from django.contrib import admin
from django.urls import include, path
from drf_spectacular.views import SpectacularAPIView

from osteofit import views

urlpatterns = [
    path("", views.HomeView.as_view(), name="home"),
    path("health/", views.health, name="health"),
    path("accounts/", include("allauth.urls")),
    path("exercises/", include("exercises.urls")),
    path("", include("tracking.urls")),
    path("api/v1/", include("osteofit.api_urls")),
    path("api/schema/", SpectacularAPIView.as_view(), name="api-schema"),
    path("admin/", admin.site.urls),
]
