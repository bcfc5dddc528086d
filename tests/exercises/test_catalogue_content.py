"""The built-in catalogue: every test database is migrated and synced (the release step), so
it is already here."""

import pytest

from exercises.catalogue_sync import catalogue_sync
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
from exercises.services import catalogue_validate

pytestmark = pytest.mark.django_db

PROGRAM_SLUGS = [
    "back-extension",
    "seated-row",
    "standing-back-bend",
    "shoulder-raises-and-rotations",
    "knee-lifts",
    "ankle-pulls",
]
GUIDELINE_SLUGS = [
    "tandem-stance",
    "single-leg-stand",
    "sit-to-stand",
    "chin-tuck",
    "standing-band-row",
    "standing-back-extension",
]


def rungs_of(slug: str) -> list[tuple]:
    return [
        (rung.reps, rung.sessions_per_day, rung.band.slug if rung.band else None)
        for rung in LadderRung.objects.filter(exercise__slug=slug).select_related("band")
    ]


def test_a_fresh_database_holds_the_six_program_exercises_then_the_six_from_the_guidelines():
    assert list(Exercise.objects.values_list("slug", flat=True)) == PROGRAM_SLUGS + GUIDELINE_SLUGS


def test_each_exercise_says_where_it_comes_from():
    sources = dict(Exercise.objects.values_list("slug", "source"))

    assert {sources[slug] for slug in PROGRAM_SLUGS} == {"program"}
    assert {sources[slug] for slug in GUIDELINE_SLUGS} == {"guidelines"}


def test_every_exercise_in_the_catalogue_is_recommended():
    assert set(Exercise.objects.values_list("recommended", flat=True)) == {True}


def test_a_fresh_database_holds_the_four_movements_to_avoid():
    assert list(AvoidedMovement.objects.values_list("slug", "caution_only")) == [
        ("high-impact", False),
        ("bending-forward", False),
        ("twisting", False),
        ("some-yoga-and-pilates", True),
    ]


def test_every_avoid_entry_says_why_and_gives_examples():
    entries = list(AvoidedMovement.objects.all())
    assert entries, "the catalogue has no movements to avoid"
    for entry in entries:
        assert entry.reason, entry.slug
        assert entry.example_list(), entry.slug
        assert entry.movements.exists(), entry.slug


def test_the_avoid_list_names_the_forward_bends_and_impacts_people_must_not_do():
    examples = {entry.slug: entry.example_list() for entry in AvoidedMovement.objects.all()}

    assert {"running", "jumping"} <= set(examples["high-impact"])
    assert {"toe touches", "sit-ups"} <= set(examples["bending-forward"])


def test_the_bands_run_from_extra_light_to_extra_heavy():
    assert list(Band.objects.values_list("slug", flat=True)) == [
        "extra-light",
        "light",
        "medium",
        "heavy",
        "extra-heavy",
    ]


def test_the_seated_row_ladder_starts_at_6_reps_once_a_day_on_the_extra_light_band():
    assert rungs_of("seated-row")[0] == (6, 1, "extra-light")


def test_the_seated_row_ladder_climbs_reps_then_sessions_then_bands():
    assert rungs_of("seated-row")[:7] == [
        (6, 1, "extra-light"),
        (7, 1, "extra-light"),
        (8, 1, "extra-light"),
        (6, 2, "extra-light"),
        (7, 2, "extra-light"),
        (8, 2, "extra-light"),
        (6, 2, "light"),
    ]


def test_the_seated_row_ladder_ends_on_the_extra_heavy_band_twice_a_day_at_8_reps():
    assert rungs_of("seated-row")[-1] == (8, 2, "extra-heavy")


def test_the_seated_row_dose_is_6_to_8_reps_once_building_to_twice_a_day_3_to_4_days_a_week():
    row = Exercise.objects.get(slug="seated-row")

    assert row.dose_text == "6-8 repetitions, hold 1 second"
    assert row.cadence_text == "once a day, building to twice, 3-4 days a week"


def test_the_back_extension_counts_repetitions_on_each_side():
    extension = Exercise.objects.get(slug="back-extension")

    assert extension.reps_per_side
    assert (extension.reps_min, extension.reps_max) == (6, 8)
    assert extension.dose_text == "6-8 repetitions each side, hold 3 seconds"
    assert rungs_of("back-extension") == [
        (6, 1, None),
        (7, 1, None),
        (8, 1, None),
        (6, 2, None),
        (7, 2, None),
        (8, 2, None),
    ]


def test_the_standing_back_bend_is_5_reps_held_5_seconds_2_to_3_times_a_day():
    bend = Exercise.objects.get(slug="standing-back-bend")

    assert (bend.reps_min, bend.reps_max, bend.hold_seconds) == (5, 5, 5)
    assert (bend.sessions_per_day_start, bend.sessions_per_day_max) == (2, 3)
    assert bend.dose_text == "5 repetitions, hold 5 seconds"


def test_the_stretches_are_daily():
    for stretch in Exercise.objects.filter(kind="stretch"):
        assert stretch.cadence_text.endswith("every day"), stretch.slug


def test_the_whole_catalogue_passes_validation():
    catalogue_validate()


def test_no_recommended_exercise_uses_a_movement_on_the_avoid_list():
    risky = Movement.objects.filter(avoided_in__isnull=False)

    assert risky.exists()
    assert not Exercise.objects.filter(recommended=True, movements__in=risky).exists()


def test_every_exercise_has_movement_tags_numbered_steps_and_safety_cues():
    for exercise in Exercise.objects.all():
        assert exercise.movements.exists(), exercise.slug
        positions = list(exercise.steps.values_list("position", flat=True))
        assert positions == list(range(1, len(positions) + 1)), exercise.slug
        assert len(positions) >= 3, exercise.slug
        assert exercise.cues.count() >= 2, exercise.slug


def test_every_exercise_has_a_progression_policy():
    assert ProgressionPolicy.objects.count() == Exercise.objects.count()


def test_knee_lift_cues_say_never_to_lie_down_pulling_the_knee_to_the_chest():
    cues = " ".join(
        SafetyCue.objects.filter(exercise__slug="knee-lifts").values_list("text", flat=True)
    )

    assert "Never lie on your back and pull your knee to your chest" in cues
    assert "seated or standing" in cues


def test_the_standing_back_bend_cues_keep_it_in_a_comfortable_range():
    cues = " ".join(
        SafetyCue.objects.filter(exercise__slug="standing-back-bend").values_list("text", flat=True)
    )

    assert "comfortable range" in cues
    assert "Never force the bend" in cues


def test_the_back_extension_cues_keep_the_neck_in_line_and_the_face_down():
    cues = " ".join(
        SafetyCue.objects.filter(exercise__slug="back-extension").values_list("text", flat=True)
    )

    assert "one straight line" in cues
    assert "face the mat" in cues


def test_syncing_the_catalogue_again_changes_nothing():
    tables = [
        Band,
        Movement,
        AvoidedMovement,
        Exercise,
        Step,
        SafetyCue,
        LadderRung,
        ProgressionPolicy,
    ]

    def snapshot():
        return {model.__name__: model.objects.count() for model in tables} | {
            "exercise movements": Exercise.movements.through.objects.count(),
            "avoided movements": AvoidedMovement.movements.through.objects.count(),
            "seated row ladder": tuple(rungs_of("seated-row")),
        }

    before = snapshot()
    first, second = catalogue_sync(), catalogue_sync()

    assert snapshot() == before
    assert not first.changed
    assert not second.changed
    assert before["Exercise"] == 12
    assert before["AvoidedMovement"] == 4


def test_the_catalogue_sync_command_can_run_on_a_synced_database():
    from io import StringIO

    from django.core.management import call_command

    out = StringIO()
    call_command("catalogue_sync", stdout=out)

    assert "Nothing to change." in out.getvalue()
    assert "The exercise catalogue is up to date." in out.getvalue()
    assert Exercise.objects.count() == 12
    assert LadderRung.objects.filter(exercise__slug="seated-row").count() == 18


def test_every_page_that_prescribes_lists_the_red_flags_and_urgent_care(client):
    html = client.get("/exercises/seated-row/").content.decode()
    for sign in (
        "worse when standing",
        "loss of height",
        "emergency services",
        "bladder",
        "nausea",
    ):
        assert sign in html


def test_the_gentle_stretches_build_from_five_to_ten_repetitions():
    for slug in ("shoulder-raises-and-rotations", "knee-lifts", "ankle-pulls"):
        reps = list(Exercise.objects.get(slug=slug).rungs.values_list("reps", flat=True))
        assert reps == [5, 6, 7, 8, 9, 10]
