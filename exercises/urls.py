from django.urls import path

from exercises import views

app_name = "exercises"

urlpatterns = [
    path("", views.catalogue, name="catalogue"),
    path("avoid/", views.avoid, name="avoid"),
    path("<slug:slug>/", views.detail, name="detail"),
]
