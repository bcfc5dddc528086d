from django.urls import path

from tracking import guided_views, reminder_views, report_views, views

app_name = "tracking"

urlpatterns = [
    path("dashboard/", views.dashboard, name="dashboard"),
    path("today/", guided_views.today, name="today"),
    path("safety/", guided_views.safety, name="safety"),
    path("plan/", views.weekly_plan, name="weekly_plan"),
    path("progress/", views.progress, name="progress"),
    path("program/start/", views.program_start, name="program_start"),
    path("program/settings/", views.program_settings, name="program_settings"),
    path("program/floor/", views.floor_answer, name="floor_answer"),
    path("program/pause/", views.program_pause, name="program_pause"),
    path("program/resume/", views.program_resume, name="program_resume"),
    path("program/calendar/", views.calendar, name="calendar"),
    path("program/calendar/reset/", views.calendar_reset, name="calendar_reset"),
    path("program/calendar/alarm/", views.calendar_alarm, name="calendar_alarm"),
    path("calendar/<str:token>.ics", views.calendar_feed, name="calendar_feed"),
    path("reminders/", reminder_views.reminder_settings, name="reminder_settings"),
    path("r/log/<str:token>/", reminder_views.log_link, name="log_link"),
    path("r/unsubscribe/<str:token>/", reminder_views.unsubscribe, name="unsubscribe"),
    path("r/week/<str:token>/", reminder_views.reflection_link, name="reflection_link"),
    path("report/", report_views.report, name="report"),
    path("report/pdf/", report_views.report_download, name="report_pdf"),
    path("report/shares/", report_views.share_create, name="share_create"),
    path("report/shares/<int:pk>/revoke/", report_views.share_revoke, name="share_revoke"),
    path("shared/<str:token>/", report_views.shared, name="shared"),
    path("sessions/", views.history, name="history"),
    path("sessions/new/", views.session_new, name="session_new"),
    path("sessions/<int:pk>/edit/", views.session_edit, name="session_edit"),
    path("sessions/<int:pk>/delete/", views.session_delete, name="session_delete"),
]
