from django import forms
from django.contrib import admin

from exercises import services
from exercises.models import (
    AvoidedMovement,
    Band,
    Exercise,
    LadderRung,
    Movement,
    ProgressionPolicy,
    SafetyCue,
    Step,
)


class ExerciseForm(forms.ModelForm):
    class Meta:
        model = Exercise
        fields = [
            "name",
            "slug",
            "kind",
            "recommended",
            "position",
            "summary",
            "purpose",
            "starting_position",
            "equipment",
            "reps_min",
            "reps_max",
            "reps_per_side",
            "hold_seconds",
            "sets",
            "sessions_per_day_start",
            "sessions_per_day_max",
            "days_per_week_min",
            "days_per_week_max",
            "progression_note",
            "movements",
            "source",
            "on_floor",
            "floor_alternative",
            "edited_by_staff",
        ]

    def clean(self):
        cleaned = super().clean()
        # Exercise.clean() (run next, by the model form) checks these against the avoid list,
        # rather than the stored movements this save replaces.
        movements = cleaned.get("movements")
        if movements is not None:
            self.instance.pending_movements = list(movements)
        return cleaned


class AvoidedMovementForm(forms.ModelForm):
    class Meta:
        model = AvoidedMovement
        fields = [
            "name",
            "slug",
            "position",
            "caution_only",
            "examples",
            "reason",
            "advice",
            "movements",
        ]

    def clean_movements(self):
        movements = self.cleaned_data["movements"]
        services.avoid_list_movements_validate(movements=movements)
        return movements


class LadderFormSet(forms.BaseInlineFormSet):
    def clean(self):
        super().clean()
        positions = [
            form.cleaned_data["position"]
            for form in self.forms
            if form.cleaned_data
            and not form.cleaned_data.get("DELETE")
            and form.cleaned_data.get("position") is not None
        ]
        services.ladder_validate(positions)


class StepInline(admin.TabularInline):
    model = Step
    extra = 0
    ordering = ["position"]


class SafetyCueInline(admin.TabularInline):
    model = SafetyCue
    extra = 0
    ordering = ["position"]


class LadderRungInline(admin.TabularInline):
    model = LadderRung
    formset = LadderFormSet
    extra = 0
    ordering = ["position"]
    autocomplete_fields = ["band"]


class ProgressionPolicyInline(admin.StackedInline):
    model = ProgressionPolicy
    can_delete = False
    min_num = 1
    max_num = 1


@admin.register(Exercise)
class ExerciseAdmin(admin.ModelAdmin):
    form = ExerciseForm
    list_display = ["name", "kind", "equipment", "recommended", "position"]
    list_filter = ["kind", "equipment", "recommended", "movements"]
    list_editable = ["position"]
    search_fields = ["name", "slug", "summary", "purpose"]
    prepopulated_fields = {"slug": ["name"]}
    filter_horizontal = ["movements"]
    inlines = [StepInline, SafetyCueInline, LadderRungInline, ProgressionPolicyInline]
    fieldsets = [
        (None, {"fields": ["name", "slug", "kind", "recommended", "position"]}),
        ("Description", {"fields": ["summary", "purpose", "starting_position", "equipment"]}),
        (
            "Dose and cadence",
            {
                "fields": [
                    ("reps_min", "reps_max", "reps_per_side"),
                    ("hold_seconds", "sets"),
                    ("sessions_per_day_start", "sessions_per_day_max"),
                    ("days_per_week_min", "days_per_week_max"),
                    "progression_note",
                ]
            },
        ),
        ("Safety", {"fields": ["movements"]}),
        ("Floor work", {"fields": ["on_floor", "floor_alternative"]}),
        ("Content", {"fields": ["source", "edited_by_staff"]}),
    ]

    def save_related(self, request, form, formsets, change):
        super().save_related(request, form, formsets, change)
        # An inline left at its defaults counts as unchanged and is not saved; every exercise
        # still gets its policy row, so the thresholds can be tuned here later.
        ProgressionPolicy.objects.get_or_create(exercise=form.instance)


@admin.register(AvoidedMovement)
class AvoidedMovementAdmin(admin.ModelAdmin):
    form = AvoidedMovementForm
    list_display = ["name", "caution_only", "position"]
    list_filter = ["caution_only", "movements"]
    search_fields = ["name", "examples", "reason"]
    prepopulated_fields = {"slug": ["name"]}
    filter_horizontal = ["movements"]


@admin.register(Movement)
class MovementAdmin(admin.ModelAdmin):
    list_display = ["name", "slug"]
    search_fields = ["name", "slug"]
    prepopulated_fields = {"slug": ["name"]}


@admin.register(Band)
class BandAdmin(admin.ModelAdmin):
    list_display = ["name", "position"]
    search_fields = ["name"]
    prepopulated_fields = {"slug": ["name"]}
