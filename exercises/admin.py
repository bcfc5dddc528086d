from django import forms
from django.contrib import admin
from django.utils.html import format_html

from exercises import services
from exercises.models import (
    AvoidedMovement,
    Band,
    CatalogueContent,
    Exercise,
    FloorGuide,
    FloorGuideStep,
    LadderRung,
    Movement,
    Picture,
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


class PictureForm(forms.ModelForm):
    """A picture's SVG, pasted or uploaded as an .svg file (the file wins when both are given);
    the model's checks (XML, an <svg> root, nothing that runs or loads) apply to either."""

    svg_file = forms.FileField(
        required=False,
        label="Upload an .svg file",
        help_text="Replaces the markup below when chosen.",
        widget=forms.ClearableFileInput(attrs={"accept": ".svg,image/svg+xml"}),
    )
    svg = forms.CharField(
        required=False,
        label="SVG markup",
        widget=forms.Textarea(attrs={"rows": 4, "cols": 60}),
    )

    class Meta:
        model = Picture
        fields = ["position", "label", "alt", "svg_file", "svg", "edited_by_staff"]

    def clean(self):
        cleaned = super().clean()
        upload = cleaned.get("svg_file")
        if upload:
            try:
                cleaned["svg"] = upload.read().decode("utf-8")
            except UnicodeDecodeError:
                self.add_error("svg_file", "That file is not an SVG saved as UTF-8 text.")
        if not cleaned.get("svg"):
            self.add_error("svg", "Paste the SVG markup or upload an .svg file.")
        if self.has_changed() and "edited_by_staff" not in self.changed_data:
            cleaned["edited_by_staff"] = True  # so catalogue_sync keeps this picture
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
            "edited_by_staff",
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


class PictureInline(admin.StackedInline):
    model = Picture
    form = PictureForm
    extra = 0
    ordering = ["position"]
    readonly_fields = ["preview"]
    fields = ["preview", "position", "label", "alt", "svg_file", "svg", "edited_by_staff"]

    @admin.display(description="As people see it")
    def preview(self, picture: Picture) -> str:
        if not picture.pk:
            return "Shown once saved."
        return format_html(
            '<img src="{}" alt="{}" style="max-width: 16rem; height: auto">',
            picture.url,
            picture.alt,
        )


class ExercisePictureInline(PictureInline):
    fk_name = "exercise"


class GuidePictureInline(PictureInline):
    fk_name = "floor_guide"


class StaffEditsMarked:
    """What staff save here is marked `edited_by_staff`, so `catalogue_sync` keeps it rather
    than putting the built-in text back (unless they untick the mark themselves). Inline
    changes mark the parent too, but the progression policy, which the sync never writes, and
    the pictures, each marked on its own, do not."""

    unmarked_inlines = (ProgressionPolicy, Picture)

    def save_model(self, request, obj, form, change):
        if form.has_changed() and "edited_by_staff" not in form.changed_data:
            obj.edited_by_staff = True
        super().save_model(request, obj, form, change)

    def save_formset(self, request, form, formset, change):
        super().save_formset(request, form, formset, change)
        if (
            formset.model not in self.unmarked_inlines
            and formset.has_changed()
            and "edited_by_staff" not in form.changed_data
            and not form.instance.edited_by_staff
        ):
            form.instance.edited_by_staff = True
            type(form.instance).objects.filter(pk=form.instance.pk).update(edited_by_staff=True)


class ProgressionPolicyInline(admin.StackedInline):
    model = ProgressionPolicy
    can_delete = False
    min_num = 1
    max_num = 1


@admin.register(Exercise)
class ExerciseAdmin(StaffEditsMarked, admin.ModelAdmin):
    form = ExerciseForm
    list_display = [
        "name",
        "kind",
        "equipment",
        "recommended",
        "source",
        "on_floor",
        "edited_by_staff",
        "position",
    ]
    list_filter = ["kind", "equipment", "recommended", "source", "on_floor", "edited_by_staff"]
    list_editable = ["position"]
    search_fields = ["name", "slug", "summary", "purpose"]
    prepopulated_fields = {"slug": ["name"]}
    filter_horizontal = ["movements"]
    autocomplete_fields = ["floor_alternative"]
    inlines = [
        StepInline,
        SafetyCueInline,
        LadderRungInline,
        ProgressionPolicyInline,
        ExercisePictureInline,
    ]
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
class AvoidedMovementAdmin(StaffEditsMarked, admin.ModelAdmin):
    form = AvoidedMovementForm
    list_display = ["name", "caution_only", "edited_by_staff", "position"]
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


class FloorGuideStepInline(admin.TabularInline):
    model = FloorGuideStep
    extra = 0
    ordering = ["position"]


@admin.register(FloorGuide)
class FloorGuideAdmin(StaffEditsMarked, admin.ModelAdmin):
    list_display = ["name", "edited_by_staff", "position"]
    search_fields = ["name", "summary"]
    prepopulated_fields = {"slug": ["name"]}
    fields = ["name", "slug", "position", "summary", "safety_note", "edited_by_staff"]
    inlines = [FloorGuideStepInline, GuidePictureInline]


@admin.register(CatalogueContent)
class CatalogueContentAdmin(admin.ModelAdmin):
    """Which built-in content version the database holds; `catalogue_sync` writes it."""

    list_display = ["version", "synced_at"]

    def has_add_permission(self, request):
        return False

    def has_change_permission(self, request, obj=None):
        return False

    def has_delete_permission(self, request, obj=None):
        return False
