from django.urls import path
from rest_framework.routers import SimpleRouter

from tracking.api import views

# Path converters, not regexes: `sessions/{id}` is an integer in the schema too.
router = SimpleRouter(use_regex_path=False)
router.register("sessions", views.SessionViewSet, basename="session")

urlpatterns = [
    path("program/", views.ProgramView.as_view(), name="program"),
    path("program/pause/", views.ProgramPauseView.as_view(), name="program-pause"),
    path("program/resume/", views.ProgramResumeView.as_view(), name="program-resume"),
    path("schedule/", views.ScheduleView.as_view(), name="schedule"),
    path("progress/", views.ProgressView.as_view(), name="progress"),
    path("reminders/", views.ReminderSettingsView.as_view(), name="reminders"),
    path("calendar/", views.CalendarView.as_view(), name="calendar"),
    path("calendar/reset/", views.CalendarResetView.as_view(), name="calendar-reset"),
    path("reflections/", views.ReflectionListView.as_view(), name="reflection-list"),
    path("reflections/<str:week_start>/", views.ReflectionView.as_view(), name="reflection"),
    path("sessions/deleted/", views.DeletedSessionsView.as_view(), name="session-deleted"),
    *router.urls,
]
