from django.urls import path
from rest_framework.routers import SimpleRouter

from tracking.api import shares, views, week

router = SimpleRouter()
router.register("sessions", views.SessionViewSet, basename="session")

urlpatterns = [
    path("program/", views.ProgramView.as_view(), name="program"),
    path("schedule/", views.ScheduleView.as_view(), name="schedule"),
    path("progress/", views.ProgressView.as_view(), name="progress"),
    path("reminders/", views.ReminderSettingsView.as_view(), name="reminders"),
    path("week/", week.WeekView.as_view(), name="week"),
    path("shares/", shares.ShareListView.as_view(), name="share-list"),
    path("shares/<int:pk>/", shares.ShareDetailView.as_view(), name="share-detail"),
    *router.urls,
]
