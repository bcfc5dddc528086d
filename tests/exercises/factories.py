"""Factories for the catalogue models.

Every test database already holds the built-in catalogue (the data migration loads it), so
slugs, names and band positions here come from sequences that cannot clash with it.
"""

import factory

from exercises.models import (
    AvoidedMovement,
    Band,
    Equipment,
    Exercise,
    FloorGuide,
    FloorGuideStep,
    Kind,
    LadderRung,
    Movement,
    Picture,
    ProgressionPolicy,
    SafetyCue,
    Step,
)


class MovementFactory(factory.django.DjangoModelFactory):
    """A movement pattern that is not on the avoid list (until a test puts it there)."""

    class Meta:
        model = Movement

    slug = factory.Sequence(lambda n: f"test-movement-{n}")
    name = factory.Sequence(lambda n: f"Test movement {n}")
    description = "A movement made up for a test."


class AvoidedMovementFactory(factory.django.DjangoModelFactory):
    """An avoid-list entry; pass `movements=[...]` to say which patterns make it risky."""

    class Meta:
        model = AvoidedMovement
        skip_postgeneration_save = True

    slug = factory.Sequence(lambda n: f"test-avoid-{n}")
    name = factory.Sequence(lambda n: f"Test risky activity {n}")
    reason = "It is risky for fragile bones."
    examples = "one example, another example"
    advice = "Do something gentler."
    position = factory.Sequence(lambda n: 100 + n)

    @factory.post_generation
    def movements(self, create, extracted, **kwargs):
        if create and extracted:
            self.movements.add(*extracted)


class BandFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Band

    slug = factory.Sequence(lambda n: f"test-band-{n}")
    name = factory.Sequence(lambda n: f"Test band {n}")
    position = factory.Sequence(lambda n: 100 + n)


class ExerciseFactory(factory.django.DjangoModelFactory):
    """A complete, valid, recommended exercise: steps, cues, a ladder, a policy and a safe movement.

    Counts can be changed per test: `ExerciseFactory(rungs=0)` has an empty ladder,
    `ExerciseFactory(rungs__band=band)` puts every rung on that band, and
    `ExerciseFactory(movements=[flexion])` is tagged with the given movements.
    """

    class Meta:
        model = Exercise
        skip_postgeneration_save = True

    slug = factory.Sequence(lambda n: f"test-exercise-{n}")
    name = factory.Sequence(lambda n: f"Test Exercise {n}")
    kind = Kind.STRENGTHENING
    recommended = True
    summary = "A made-up exercise for tests."
    purpose = "It exists so tests have something to look at."
    equipment = Equipment.NONE
    starting_position = "Sit upright on a sturdy chair."
    reps_min = 6
    reps_max = 8
    hold_seconds = None
    sets = 1
    sessions_per_day_start = 1
    sessions_per_day_max = 2
    days_per_week_min = 3
    days_per_week_max = 4
    position = factory.Sequence(lambda n: 100 + n)

    @factory.post_generation
    def movements(self, create, extracted, **kwargs):
        if not create:
            return
        self.movements.add(*(extracted if extracted is not None else [MovementFactory()]))

    @factory.post_generation
    def steps(self, create, extracted, **kwargs):
        if create:
            count = 3 if extracted is None else extracted
            Step.objects.bulk_create(
                Step(exercise=self, position=n, text=f"Step {n} of {self.name}.")
                for n in range(1, count + 1)
            )

    @factory.post_generation
    def cues(self, create, extracted, **kwargs):
        if create:
            count = 2 if extracted is None else extracted
            SafetyCue.objects.bulk_create(
                SafetyCue(exercise=self, position=n, text=f"Cue {n} for {self.name}.")
                for n in range(1, count + 1)
            )

    @factory.post_generation
    def rungs(self, create, extracted, **kwargs):
        if create:
            count = 3 if extracted is None else extracted
            LadderRung.objects.bulk_create(
                LadderRung(
                    exercise=self, position=n, reps=self.reps_min + n, band=kwargs.get("band")
                )
                for n in range(count)
            )

    @factory.post_generation
    def policy(self, create, extracted, **kwargs):
        if create and extracted is not False:
            ProgressionPolicy.objects.create(exercise=self)


class StepFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Step

    exercise = factory.SubFactory(ExerciseFactory, steps=0)
    position = factory.Sequence(lambda n: 100 + n)
    text = "Do the next thing slowly."


class SafetyCueFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = SafetyCue

    exercise = factory.SubFactory(ExerciseFactory, cues=0)
    position = factory.Sequence(lambda n: 100 + n)
    text = "Keep your back straight."


class LadderRungFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = LadderRung

    exercise = factory.SubFactory(ExerciseFactory, rungs=0)
    position = 0
    reps = 6
    sessions_per_day = 1


#: The smallest picture the checks accept: one calm line.
SVG = (
    '<svg xmlns="http://www.w3.org/2000/svg" viewBox="0 0 320 240">'
    '<path d="M40 200 L280 200" stroke="currentColor" fill="none"/></svg>'
)


class PictureFactory(factory.django.DjangoModelFactory):
    """A picture of an exercise made for the test (pass `floor_guide=...` for a guide's)."""

    class Meta:
        model = Picture

    exercise = factory.SubFactory(ExerciseFactory)
    position = factory.Sequence(lambda n: 1 + n)
    label = "Start"
    alt = "A person sitting tall on a chair, feet flat on the floor."
    svg = SVG


class FloorGuideFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = FloorGuide
        skip_postgeneration_save = True

    slug = factory.Sequence(lambda n: f"test-guide-{n}")
    name = factory.Sequence(lambda n: f"Test guide {n}")
    summary = "A made-up guide for tests."
    safety_note = "Practise with someone there at first."
    position = factory.Sequence(lambda n: 100 + n)

    @factory.post_generation
    def steps(self, create, extracted, **kwargs):
        if create:
            count = 3 if extracted is None else extracted
            FloorGuideStep.objects.bulk_create(
                FloorGuideStep(guide=self, position=n, text=f"Step {n} of {self.name}.")
                for n in range(1, count + 1)
            )
