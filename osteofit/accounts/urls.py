from django.urls import path

from osteofit.accounts import views

app_name = "account"

urlpatterns = [
    path("", views.overview, name="overview"),
    path("export/", views.export_download, name="export"),
    path("delete/", views.delete, name="delete"),
]
