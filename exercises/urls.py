from django.urls import path

from exercises import views

app_name = "exercises"

urlpatterns = [
    path("", views.catalogue, name="catalogue"),
    path("avoid/", views.avoid, name="avoid"),
    path("pictures/<int:pk>/<str:digest>.svg", views.picture, name="picture"),
    path("<slug:slug>/", views.detail, name="detail"),
]
