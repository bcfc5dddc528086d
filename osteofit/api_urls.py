"""Every REST endpoint, under /api/v1/ (namespace "api")."""

from django.urls import include, path

app_name = "api"

urlpatterns = [
    path("", include("exercises.api.urls")),
    path("", include("tracking.api.urls")),
]
