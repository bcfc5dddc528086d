from django.contrib import admin, messages
from django.core.exceptions import ValidationError

from tracking import services
from tracking.models import (
    Delivery,
    Entry,
    Prescription,
    Program,
    ProgressionEvent,
    Session,
    WeekReflection,
)
from tracking.page_cache import records_changed


class RecordsChangedByStaff:
    """A staff edit moves the person's cached pages on, as every service's write does."""

    def person_id(self, obj) -> int:
        return obj.user_id

    def save_related(self, request, form, formsets, change):
        super().save_related(request, form, formsets, change)
        records_changed(self.person_id(form.instance))

    def delete_model(self, request, obj):
        person = self.person_id(obj)
        super().delete_model(request, obj)
        records_changed(person)

    def delete_queryset(self, request, queryset):
        people = {self.person_id(obj) for obj in queryset}
        super().delete_queryset(request, queryset)
        for person in people:
            records_changed(person)


class PrescriptionInline(admin.TabularInline):
    model = Prescription
    extra = 0
    readonly_fields = ["exercise", "rung", "streak"]
    can_delete = False


@admin.register(Program)
class ProgramAdmin(RecordsChangedByStaff, admin.ModelAdmin):
    list_display = ["user", "active", "paused", "pause_reason", "timezone", "reminder_time"]
    list_filter = [
        "active",
        "paused",
        "pause_reason",
        "reminders_enabled",
        "spinal_fracture",
        "floor_ok",
    ]
    search_fields = ["user__email"]
    readonly_fields = ["calendar_token", "created_at", "updated_at"]
    raw_id_fields = ["user"]
    inlines = [PrescriptionInline]
    # The safety answers decide what the program holds (services.program_compose), so once a
    # program exists only the person changes them, through their settings or the API.
    SAFETY_ANSWERS = ("floor_ok", "spinal_fracture", "physio_cleared_on")

    def get_readonly_fields(self, request, obj=None):
        fields = super().get_readonly_fields(request, obj)
        return [*fields, *self.SAFETY_ANSWERS] if obj is not None else fields


class EntryInline(admin.TabularInline):
    model = Entry
    extra = 0


class ReadOnlyEntryInline(EntryInline):
    can_delete = False

    def has_add_permission(self, request, obj=None) -> bool:
        return False

    def has_change_permission(self, request, obj=None) -> bool:
        return False


@admin.register(Session)
class SessionAdmin(admin.ModelAdmin):
    """A person's answers are their record: staff read them and may delete a session (a
    duplicate, say), which goes through `session_delete` and so recomputes the program."""

    list_display = ["user", "local_date", "pain_before", "pain_after", "effort", "red_flag"]
    list_filter = ["red_flag", "local_date"]
    search_fields = ["user__email"]
    date_hierarchy = "local_date"
    raw_id_fields = ["user", "program"]
    inlines = [ReadOnlyEntryInline]

    def has_add_permission(self, request) -> bool:
        return False

    def has_change_permission(self, request, obj=None) -> bool:
        return False

    def has_delete_permission(self, request, obj=None) -> bool:
        allowed = super().has_delete_permission(request, obj)
        return allowed and (obj is None or services.session_frozen(obj) is None)

    def delete_model(self, request, obj):
        services.session_delete(session=obj)

    def delete_queryset(self, request, queryset):
        for session in queryset.select_related("program"):
            try:
                services.session_delete(session=session)
            except ValidationError as error:
                messages.warning(request, f"{session}: {' '.join(error.messages)}")


@admin.register(ProgressionEvent)
class ProgressionEventAdmin(RecordsChangedByStaff, admin.ModelAdmin):
    list_display = ["program", "kind", "exercise", "from_rung", "to_rung", "occurred_at"]
    list_filter = ["kind", "reason"]
    search_fields = ["program__user__email", "message"]
    raw_id_fields = ["program", "session"]

    def person_id(self, obj) -> int:
        return obj.program.user_id


@admin.register(Delivery)
class DeliveryAdmin(admin.ModelAdmin):
    list_display = ["user", "kind", "local_date", "status", "attempts", "sent_at", "detail"]
    list_filter = ["status", "kind", "local_date"]
    search_fields = ["user__email", "detail"]
    date_hierarchy = "local_date"
    raw_id_fields = ["user", "program"]
    readonly_fields = ["claim", "lease_until", "queued_at", "sent_at", "created_at"]


@admin.register(WeekReflection)
class WeekReflectionAdmin(RecordsChangedByStaff, admin.ModelAdmin):
    list_display = ["user", "week_start", "obstacle"]
    list_filter = ["obstacle"]
    search_fields = ["user__email"]
