from django.urls import path

from exercises import views

app_name = "exercises"

urlpatterns = [
    path("", views.catalogue, name="catalogue"),
    path("avoid/", views.avoid, name="avoid"),
    path("floor/<slug:slug>/", views.floor_guide, name="floor-guide"),
    path("pictures/<int:picture_id>-<slug:digest>.svg", views.picture, name="picture"),
    path("<slug:slug>/", views.detail, name="detail"),
]
