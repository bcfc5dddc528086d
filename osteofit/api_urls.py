"""Every REST endpoint, under /api/v1/ (namespace "api")."""

from django.urls import include, path

from osteofit.accounts.api import ConfirmationCodeView, ExportView, MeView
from tracking.api.exports import CsvExportView, FhirExportView

app_name = "api"

urlpatterns = [
    path("me/", MeView.as_view(), name="me"),
    path("me/export/", ExportView.as_view(), name="me-export"),
    path("me/export/fhir/", FhirExportView.as_view(), name="me-export-fhir"),
    path("me/export/csv/", CsvExportView.as_view(), name="me-export-csv"),
    path("me/confirmation-code/", ConfirmationCodeView.as_view(), name="me-confirmation-code"),
    path("", include("exercises.api.urls")),
    path("", include("tracking.api.urls")),
]
