"""The exercise catalogue: what to do, how, how much, how often, how to progress, what to avoid."""

import hashlib

from django.core.exceptions import ValidationError
from django.core.validators import MaxValueValidator, MinValueValidator
from django.db import models
from django.db.models import F, Q
from django.db.models.signals import m2m_changed
from django.dispatch import receiver
from django.urls import reverse

from exercises import dose
from exercises.policy import (
    ADVANCE_AFTER_MAX,
    EFFORT_MAX,
    PAIN_MAX,
    Policy,
    policy_problems,
)
from exercises.svg import svg_problems

DEFAULTS = Policy()  # the policy a new exercise starts with

EDITED_BY_STAFF_HELP = (
    "Set when staff change this in the admin: `catalogue_sync` then keeps this text instead of "
    "the built-in content. Untick it to take the built-in content back at the next sync."
)


class Kind(models.TextChoices):
    STRENGTHENING = "strengthening", "Strengthening"
    RESISTANCE = "resistance", "Resistance"
    STRETCH = "stretch", "Stretch"
    BALANCE = "balance", "Balance"
    POSTURE = "posture", "Posture"


class Source(models.TextChoices):
    """Where an exercise comes from: the original program, or the bone-health guidelines
    (Too Fit to Fracture; Strong, Steady and Straight) that the catalogue was reviewed against."""

    PROGRAM = "program", "From the OsteoFit program"
    GUIDELINES = "guidelines", "From bone-health guidelines"


class Equipment(models.TextChoices):
    NONE = "none", "No equipment"
    FLOOR_MAT = "floor-mat", "Floor mat"
    RESISTANCE_BAND = "resistance-band", "Resistance band"
    COUNTER = "counter", "A stable counter or table"
    CHAIR = "chair", "A sturdy chair"


class Movement(models.Model):
    """A movement pattern an exercise uses, e.g. spinal flexion or a gentle back arch."""

    slug = models.SlugField(unique=True)
    name = models.CharField(max_length=80)
    description = models.CharField(max_length=240, blank=True)

    class Meta:
        ordering = ["name"]

    def __str__(self) -> str:
        return self.name


class AvoidedMovement(models.Model):
    """An entry on the avoid list: movements that put fragile bones at risk, and why."""

    slug = models.SlugField(unique=True)
    name = models.CharField(max_length=80)
    reason = models.TextField(help_text="Why it is risky, in plain words.")
    examples = models.CharField(
        max_length=240, help_text="Everyday examples, comma-separated: running, jumping."
    )
    advice = models.TextField(blank=True, help_text="What to do instead, or how to be careful.")
    caution_only = models.BooleanField(
        default=False,
        help_text="Not banned outright, but many of its moves are risky: be cautious.",
    )
    movements = models.ManyToManyField(
        Movement,
        related_name="avoided_in",
        help_text="The movement patterns that make it risky; no recommended exercise may use them.",
    )
    position = models.PositiveSmallIntegerField(default=0)
    edited_by_staff = models.BooleanField(default=False, help_text=EDITED_BY_STAFF_HELP)

    class Meta:
        ordering = ["position", "name"]

    def __str__(self) -> str:
        return self.name

    def example_list(self) -> list[str]:
        return [part.strip() for part in self.examples.split(",") if part.strip()]


class Band(models.Model):
    """A resistance band level. Bands are ordered from lightest (position 0) to heaviest."""

    slug = models.SlugField(unique=True)
    name = models.CharField(max_length=40, unique=True)
    position = models.PositiveSmallIntegerField(unique=True)

    class Meta:
        ordering = ["position"]

    def __str__(self) -> str:
        return self.name


class Exercise(models.Model):
    slug = models.SlugField(unique=True)
    name = models.CharField(max_length=80, unique=True)
    kind = models.CharField(max_length=20, choices=Kind.choices)
    recommended = models.BooleanField(
        default=True,
        help_text="Part of the OsteoFit program; may use no movement from the avoid list.",
    )
    summary = models.CharField(max_length=200, help_text="One line for the catalogue card.")
    purpose = models.TextField(help_text="Why this helps, in one paragraph.")
    equipment = models.CharField(max_length=20, choices=Equipment.choices, default=Equipment.NONE)
    starting_position = models.TextField()
    movements = models.ManyToManyField(Movement, related_name="exercises", blank=True)

    reps_min = models.PositiveSmallIntegerField(validators=[MinValueValidator(1)])
    reps_max = models.PositiveSmallIntegerField(validators=[MinValueValidator(1)])
    reps_per_side = models.BooleanField(
        default=False, help_text="Repetitions are counted on each side (left and right)."
    )
    hold_seconds = models.PositiveSmallIntegerField(null=True, blank=True)
    sets = models.PositiveSmallIntegerField(default=1, validators=[MinValueValidator(1)])
    sessions_per_day_start = models.PositiveSmallIntegerField(
        default=1, validators=[MinValueValidator(1), MaxValueValidator(dose.SESSIONS_PER_DAY_MAX)]
    )
    sessions_per_day_max = models.PositiveSmallIntegerField(
        default=1, validators=[MinValueValidator(1), MaxValueValidator(dose.SESSIONS_PER_DAY_MAX)]
    )
    days_per_week_min = models.PositiveSmallIntegerField(
        validators=[MinValueValidator(1), MaxValueValidator(dose.DAYS_PER_WEEK_MAX)]
    )
    days_per_week_max = models.PositiveSmallIntegerField(
        validators=[MinValueValidator(1), MaxValueValidator(dose.DAYS_PER_WEEK_MAX)],
        help_text="7 means every day.",
    )
    progression_note = models.CharField(
        max_length=240, blank=True, help_text="How it progresses, in plain words."
    )

    source = models.CharField(
        max_length=20,
        choices=Source.choices,
        default=Source.PROGRAM,
        help_text="Shown on the page: the original program, or added from bone-health guidelines.",
    )
    on_floor = models.BooleanField(
        default=False,
        help_text="Done lying or sitting on the floor, so getting down and up again is needed.",
    )
    floor_alternative = models.ForeignKey(
        "self",
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="floor_alternative_for",
        help_text=(
            "For a floor exercise: the standing or seated exercise done instead by someone who "
            "cannot get down to the floor safely. That exercise then only ever replaces this one."
        ),
    )
    position = models.PositiveSmallIntegerField(default=0)
    edited_by_staff = models.BooleanField(default=False, help_text=EDITED_BY_STAFF_HELP)

    class Meta:
        ordering = ["position", "name"]
        constraints = [
            models.CheckConstraint(
                condition=Q(reps_min__lte=F("reps_max")), name="exercise_reps_range_in_order"
            ),
            models.CheckConstraint(
                condition=Q(sessions_per_day_start__lte=F("sessions_per_day_max")),
                name="exercise_sessions_per_day_in_order",
            ),
            models.CheckConstraint(
                condition=Q(days_per_week_min__lte=F("days_per_week_max"))
                & Q(days_per_week_max__lte=dose.DAYS_PER_WEEK_MAX),
                name="exercise_days_per_week_in_order",
            ),
            models.CheckConstraint(
                condition=Q(floor_alternative__isnull=True) | Q(on_floor=True),
                name="exercise_floor_alternative_only_for_floor_work",
            ),
            models.CheckConstraint(
                condition=~Q(floor_alternative=F("pk")),
                name="exercise_floor_alternative_not_itself",
            ),
        ]

    #: The movements a form is about to save (see ExerciseForm); clean() checks these instead
    #: of the stored ones, which the save is going to replace.
    pending_movements = None

    def __str__(self) -> str:
        return self.name

    def get_absolute_url(self) -> str:
        return reverse("exercises:detail", args=[self.slug])

    def clean(self) -> None:
        errors = {}
        if self.reps_min and self.reps_max and self.reps_min > self.reps_max:
            errors["reps_max"] = (
                f"The most repetitions ({self.reps_max}) cannot be fewer than the "
                f"fewest ({self.reps_min})."
            )
        if self.sessions_per_day_start > self.sessions_per_day_max:
            errors["sessions_per_day_max"] = (
                "The most sessions a day cannot be fewer than the sessions a day at the start."
            )
        if (
            self.days_per_week_min
            and self.days_per_week_max
            and self.days_per_week_min > self.days_per_week_max
        ):
            errors["days_per_week_max"] = (
                "The most days a week cannot be fewer than the fewest days a week."
            )
        errors.update(self._floor_alternative_problems())
        if self.recommended and (self.pk or self.pending_movements is not None):
            # A form about to replace the movements has its choice checked, not the stored
            # ones, and the error goes on the field the person changed.
            if self.pending_movements is not None:
                movement_ids, field = [m.pk for m in self.pending_movements], "movements"
            else:
                movement_ids, field = self.movements.values_list("pk", flat=True), "recommended"
            try:
                _refuse_avoided_movements(self, movement_ids)
            except ValidationError as error:
                errors[field] = error.messages
        if errors:
            raise ValidationError(errors)

    def _floor_alternative_problems(self) -> dict[str, str]:
        alternative = self.floor_alternative
        if alternative is None:
            return {}
        if not self.on_floor:
            return {
                "floor_alternative": "Only a floor exercise has a floor alternative: tick "
                "“on the floor” or leave this empty."
            }
        if self.pk and alternative.pk == self.pk:
            return {"floor_alternative": "An exercise cannot be its own floor alternative."}
        if alternative.on_floor:
            return {
                "floor_alternative": f"{alternative.name} is done on the floor too, so it cannot "
                "replace floor work: choose a standing or seated exercise."
            }
        if self.pk and alternative.floor_alternative_id == self.pk:
            return {"floor_alternative": f"{alternative.name} already names this one."}
        return {}

    @property
    def dose_text(self) -> str:
        return dose.in_words(
            dose.repetitions(self.sets, self.reps_min, self.reps_max, per_side=self.reps_per_side),
            dose.hold(self.hold_seconds),
        )

    @property
    def every_day(self) -> bool:
        """Done every day (the gentle stretches), not only on training days."""
        return self.days_per_week_min == dose.DAYS_PER_WEEK_MAX

    @property
    def cadence_text(self) -> str:
        return dose.in_words(
            dose.times_a_day_range(self.sessions_per_day_start, self.sessions_per_day_max),
            _days(self),
        )


def _days(exercise: "Exercise") -> str:
    if exercise.every_day:
        return "every day"
    if exercise.days_per_week_min == exercise.days_per_week_max:
        return f"{exercise.days_per_week_min} days a week"
    return f"{exercise.days_per_week_min}-{exercise.days_per_week_max} days a week"


class Step(models.Model):
    """One numbered instruction, in order."""

    exercise = models.ForeignKey(Exercise, on_delete=models.CASCADE, related_name="steps")
    position = models.PositiveSmallIntegerField()
    text = models.TextField()

    class Meta:
        ordering = ["exercise", "position"]
        constraints = [
            models.UniqueConstraint(fields=["exercise", "position"], name="step_position_unique")
        ]

    def __str__(self) -> str:
        return f"{self.exercise}: step {self.position}"


class SafetyCue(models.Model):
    """A reminder that keeps the movement safe, e.g. "keep your neck in line with your arms"."""

    exercise = models.ForeignKey(Exercise, on_delete=models.CASCADE, related_name="cues")
    position = models.PositiveSmallIntegerField()
    text = models.CharField(max_length=300)

    class Meta:
        ordering = ["exercise", "position"]
        constraints = [
            models.UniqueConstraint(fields=["exercise", "position"], name="cue_position_unique")
        ]

    def __str__(self) -> str:
        return self.text


class ProgressionPolicy(models.Model):
    """The thresholds that move a person up or down an exercise's ladder.

    Data, not code, so a physiotherapist can tune them per exercise in the admin.
    """

    exercise = models.OneToOneField(
        Exercise, on_delete=models.CASCADE, related_name="progression_policy"
    )
    advance_after = models.PositiveSmallIntegerField(
        default=DEFAULTS.advance_after,
        validators=[MinValueValidator(1), MaxValueValidator(ADVANCE_AFTER_MAX)],
        help_text="Comfortable days in a row that meet target before moving up one rung.",
    )
    target_max_pain_before = models.PositiveSmallIntegerField(
        default=DEFAULTS.target_max_pain_before,
        validators=[MaxValueValidator(PAIN_MAX)],
        help_text="A day counts only if pain before every session was at most this.",
    )
    target_max_pain_after = models.PositiveSmallIntegerField(
        default=DEFAULTS.target_max_pain_after,
        validators=[MaxValueValidator(PAIN_MAX)],
        help_text="A session meets target only if pain after is at most this.",
    )
    target_max_pain_rise = models.PositiveSmallIntegerField(
        default=DEFAULTS.target_max_pain_rise,
        validators=[MaxValueValidator(PAIN_MAX)],
        help_text="…and pain rose by at most this during the session.",
    )
    target_max_effort = models.PositiveSmallIntegerField(
        default=DEFAULTS.target_max_effort,
        validators=[MaxValueValidator(EFFORT_MAX)],
        help_text="…and effort (0-10) was at most this: harder means the step is too big.",
    )
    step_back_pain_after = models.PositiveSmallIntegerField(
        default=DEFAULTS.step_back_pain_after,
        validators=[MaxValueValidator(PAIN_MAX)],
        help_text="Pain after at or above this steps back one rung.",
    )
    step_back_pain_rise = models.PositiveSmallIntegerField(
        default=DEFAULTS.step_back_pain_rise,
        validators=[MaxValueValidator(PAIN_MAX)],
        help_text="A rise in pain at or above this steps back one rung.",
    )
    pause_pain_after = models.PositiveSmallIntegerField(
        default=DEFAULTS.pause_pain_after,
        validators=[MaxValueValidator(PAIN_MAX)],
        help_text="Pain after at or above this pauses the whole program.",
    )

    class Meta:
        verbose_name_plural = "progression policies"
        constraints = [
            models.CheckConstraint(
                condition=Q(target_max_pain_after__lt=F("step_back_pain_after"))
                & Q(step_back_pain_after__lte=F("pause_pain_after"))
                & Q(pause_pain_after__lte=PAIN_MAX),
                name="policy_pain_thresholds_in_order",
            ),
            models.CheckConstraint(
                condition=Q(target_max_pain_rise__lt=F("step_back_pain_rise")),
                name="policy_pain_rise_thresholds_in_order",
            ),
        ]

    def __str__(self) -> str:
        return f"Progression policy for {self.exercise}"

    def clean(self) -> None:
        problems = policy_problems(self)
        if problems:
            raise ValidationError(problems)


class LadderRung(models.Model):
    """One place on an exercise's ladder: the prescription there. Position 0 is the start."""

    exercise = models.ForeignKey(Exercise, on_delete=models.CASCADE, related_name="rungs")
    position = models.PositiveSmallIntegerField()
    sets = models.PositiveSmallIntegerField(default=1, validators=[MinValueValidator(1)])
    reps = models.PositiveSmallIntegerField(validators=[MinValueValidator(1)])
    hold_seconds = models.PositiveSmallIntegerField(null=True, blank=True)
    sessions_per_day = models.PositiveSmallIntegerField(
        default=1, validators=[MinValueValidator(1), MaxValueValidator(dose.SESSIONS_PER_DAY_MAX)]
    )
    band = models.ForeignKey(Band, on_delete=models.PROTECT, null=True, blank=True)

    class Meta:
        ordering = ["exercise", "position"]
        constraints = [
            models.UniqueConstraint(fields=["exercise", "position"], name="rung_position_unique"),
            models.CheckConstraint(condition=Q(reps__gte=1), name="rung_reps_positive"),
            models.CheckConstraint(condition=Q(sets__gte=1), name="rung_sets_positive"),
        ]

    def __str__(self) -> str:
        return f"{self.exercise} rung {self.position}"


def _refuse_avoided_movements(exercise: Exercise, movement_ids) -> None:
    from exercises.services import exercise_movements_validate

    exercise_movements_validate(
        recommended=exercise.recommended,
        name=exercise.name,
        movements=Movement.objects.filter(pk__in=list(movement_ids)),
    )


@receiver(m2m_changed, sender=Exercise.movements.through)
def _exercise_movements_changed(sender, instance, action, reverse, pk_set, **kwargs):
    """No code path, admin or script, can tag a recommended exercise with an avoided movement."""
    if action != "pre_add" or not pk_set:
        return
    if not reverse:
        _refuse_avoided_movements(instance, pk_set)
        return
    if instance.avoided_in.exists():
        for exercise in Exercise.objects.filter(pk__in=pk_set, recommended=True):
            _refuse_avoided_movements(exercise, [instance.pk])


@receiver(m2m_changed, sender=AvoidedMovement.movements.through)
def _avoid_list_changed(sender, instance, action, reverse, pk_set, **kwargs):
    """Adding a movement to the avoid list is refused while a recommended exercise uses it."""
    if action != "pre_add" or not pk_set:
        return
    from exercises.services import avoid_list_movements_validate

    movement_ids = {instance.pk} if reverse else pk_set
    avoid_list_movements_validate(movements=Movement.objects.filter(pk__in=movement_ids))


class FloorGuide(models.Model):
    """How to get down to the floor, or up from it, safely: taught, not assumed (PRODUCT.md).
    Every floor exercise's page links to the guides."""

    slug = models.SlugField(unique=True)
    name = models.CharField(max_length=80, unique=True)
    summary = models.CharField(max_length=200, help_text="One line under the title.")
    safety_note = models.TextField(
        help_text="What to know before trying it, e.g. practise with someone there at first."
    )
    position = models.PositiveSmallIntegerField(default=0)
    edited_by_staff = models.BooleanField(default=False, help_text=EDITED_BY_STAFF_HELP)

    class Meta:
        ordering = ["position", "name"]

    def __str__(self) -> str:
        return self.name

    def get_absolute_url(self) -> str:
        return reverse("exercises:floor-guide", args=[self.slug])


class FloorGuideStep(models.Model):
    """One numbered instruction of a floor guide, in order."""

    guide = models.ForeignKey(FloorGuide, on_delete=models.CASCADE, related_name="steps")
    position = models.PositiveSmallIntegerField()
    text = models.TextField()

    class Meta:
        ordering = ["guide", "position"]
        constraints = [
            models.UniqueConstraint(
                fields=["guide", "position"], name="floor_guide_step_position_unique"
            )
        ]

    def __str__(self) -> str:
        return f"{self.guide}: step {self.position}"


class Picture(models.Model):
    """One drawing of a position (start, end, a step of a floor guide), as SVG markup.

    Kept in the database with the catalogue, so staff replace it in the admin and every web
    process serves the same one. Pages show it with `<img src alt>` from its own URL (see
    `exercises.views.picture`), never inlined, so markup staff upload cannot run in a page.
    """

    exercise = models.ForeignKey(
        Exercise, on_delete=models.CASCADE, null=True, blank=True, related_name="pictures"
    )
    floor_guide = models.ForeignKey(
        FloorGuide, on_delete=models.CASCADE, null=True, blank=True, related_name="pictures"
    )
    position = models.PositiveSmallIntegerField(default=1)
    label = models.CharField(max_length=40, help_text="What it shows, briefly: Start, End, …")
    alt = models.CharField(
        max_length=400, help_text="The position described for someone who cannot see the picture."
    )
    svg = models.TextField(
        help_text="The drawing's SVG markup. Upload an .svg file or paste the markup; scripts, "
        "embedded HTML, event attributes and links to other files are refused."
    )
    digest = models.CharField(
        max_length=16, editable=False, help_text="Part of the picture's address; changes with it."
    )
    edited_by_staff = models.BooleanField(default=False, help_text=EDITED_BY_STAFF_HELP)

    class Meta:
        ordering = ["position", "pk"]
        constraints = [
            models.CheckConstraint(
                condition=(Q(exercise__isnull=False) & Q(floor_guide__isnull=True))
                | (Q(exercise__isnull=True) & Q(floor_guide__isnull=False)),
                name="picture_of_one_exercise_or_guide",
            ),
            models.CheckConstraint(condition=~Q(alt=""), name="picture_has_alt_text"),
            models.CheckConstraint(condition=~Q(svg=""), name="picture_has_markup"),
            # save() computes it; a bulk_create that forgot it would give a broken address.
            models.CheckConstraint(condition=~Q(digest=""), name="picture_has_digest"),
            models.UniqueConstraint(
                fields=["exercise", "position"],
                condition=Q(exercise__isnull=False),
                name="picture_position_unique_per_exercise",
            ),
            models.UniqueConstraint(
                fields=["floor_guide", "position"],
                condition=Q(floor_guide__isnull=False),
                name="picture_position_unique_per_guide",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.exercise or self.floor_guide}: {self.label}"

    def save(self, *args, **kwargs) -> None:
        self.digest = picture_digest(self.svg)
        if kwargs.get("update_fields") is not None and "svg" in kwargs["update_fields"]:
            kwargs["update_fields"] = {*kwargs["update_fields"], "digest"}
        super().save(*args, **kwargs)

    def clean(self) -> None:
        errors = {}
        if (self.exercise_id is None) == (self.floor_guide_id is None):
            errors["exercise"] = "A picture belongs to one exercise or one floor guide."
        if not self.alt.strip():
            errors["alt"] = "Describe the position shown for people who cannot see the picture."
        problems = svg_problems(self.svg)
        if problems:
            errors["svg"] = problems
        if errors:
            raise ValidationError(errors)

    @property
    def url(self) -> str:
        """Its address names its content, so it can be cached for a year: new markup, new URL."""
        return reverse("exercises:picture", args=[self.pk, self.digest])


def picture_digest(markup: str) -> str:
    return hashlib.sha256(markup.encode()).hexdigest()[:16]


class CatalogueContent(models.Model):
    """Which version of the built-in content (`exercises.catalogue.CATALOGUE_VERSION`) this
    database holds: one row, written by `manage.py catalogue_sync`."""

    version = models.PositiveIntegerField()
    synced_at = models.DateTimeField(auto_now=True)

    class Meta:
        verbose_name_plural = "catalogue content"
        constraints = [models.CheckConstraint(condition=Q(pk=1), name="catalogue_content_one_row")]

    def __str__(self) -> str:
        return f"Catalogue content version {self.version}"
