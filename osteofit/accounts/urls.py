from django.urls import path

from osteofit.accounts import views
from tracking import report_views

app_name = "account"

urlpatterns = [
    path("", views.overview, name="overview"),
    path("data/", views.my_data, name="my_data"),
    path("export/", views.export_download, name="export"),
    path("export/fhir/", report_views.export_fhir, name="export_fhir"),
    path("export/csv/", report_views.export_csv, name="export_csv"),
    path("delete/", views.delete, name="delete"),
    path("email/undo/<str:token>/", views.email_change_undo, name="email_change_undo"),
    path("confirm/code/", views.reauthenticate_by_code, name="reauthenticate_by_code"),
]
