from django.contrib import admin
from django.contrib.auth.admin import UserAdmin as DjangoUserAdmin

from osteofit.accounts.models import User
from osteofit.accounts.services import account_delete


@admin.register(User)
class UserAdmin(DjangoUserAdmin):
    ordering = ["email"]
    list_display = ["email", "first_name", "last_name", "timezone", "is_staff", "date_joined"]
    search_fields = ["email", "first_name", "last_name"]
    fieldsets = [
        (None, {"fields": ["email", "password"]}),
        ("Personal", {"fields": ["first_name", "last_name", "timezone"]}),
        (
            "Permissions",
            {"fields": ["is_active", "is_staff", "is_superuser", "groups", "user_permissions"]},
        ),
        ("Dates", {"fields": ["last_login", "date_joined"]}),
    ]
    add_fieldsets = [(None, {"classes": ["wide"], "fields": ["email", "password1", "password2"]})]

    def delete_model(self, request, obj):
        """Through the service, so the traces no foreign key reaches (login sessions naming the
        person, cached pages, the admin log's text about them) go with the rows."""
        account_delete(user=obj)

    def delete_queryset(self, request, queryset):
        for user in queryset:
            account_delete(user=user)
