"""The catalogue reaches every database: a fresh one and one holding the previous content end
with the same catalogue after the release step, staff edits are kept, and no migration depends
on the live content module."""

import ast
import importlib
from io import StringIO
from pathlib import Path

import pytest
from django.core.management import CommandError, call_command
from django.db import connection
from django.test.utils import CaptureQueriesContext

from exercises import catalogue
from exercises.catalogue_sync import EXERCISE_FIELDS, catalogue_sync
from exercises.models import (
    AvoidedMovement,
    Band,
    CatalogueContent,
    Exercise,
    FloorGuide,
    LadderRung,
    Movement,
    Picture,
    ProgressionPolicy,
    SafetyCue,
    Step,
)
from tests.exercises.factories import SVG

pytestmark = pytest.mark.django_db

MIGRATIONS = Path(__file__).resolve().parents[2] / "exercises" / "migrations"
FIRST_CONTENT = importlib.import_module("exercises.migrations.0002_load_catalogue")
PICTURES = {
    "seated-row": [("Start", "Sitting tall on the floor, band round the feet.", SVG)],
    "getting-up-from-the-floor": [("On your side", "Lying on one side, knees bent.", SVG)],
}


def empty_catalogue() -> None:
    """A database with no catalogue at all (no program refers to it in these tests)."""
    Picture.objects.all().delete()
    FloorGuide.objects.all().delete()
    Exercise.objects.all().delete()
    AvoidedMovement.objects.all().delete()
    Movement.objects.all().delete()
    Band.objects.all().delete()
    CatalogueContent.objects.all().delete()


def load_first_content() -> None:
    """What a database migrated on main holds: migration 0002's frozen content, no version."""
    models = (
        Band,
        Movement,
        AvoidedMovement,
        Exercise,
        Step,
        SafetyCue,
        LadderRung,
        ProgressionPolicy,
    )
    FIRST_CONTENT.catalogue_v1_load({model.__name__: model for model in models})


def snapshot() -> dict:
    """The whole catalogue by slug, with every text and number people see."""
    exercises = {}
    for exercise in Exercise.objects.select_related("floor_alternative").order_by("slug"):
        exercises[exercise.slug] = {
            **{name: getattr(exercise, name) for name in EXERCISE_FIELDS},
            "recommended": exercise.recommended,
            "position": exercise.position,
            "on_floor": exercise.on_floor,
            "floor_alternative": getattr(exercise.floor_alternative, "slug", None),
            "movements": sorted(exercise.movements.values_list("slug", flat=True)),
            "steps": list(exercise.steps.values_list("position", "text")),
            "cues": list(exercise.cues.values_list("position", "text")),
            "rungs": list(
                exercise.rungs.values_list(
                    "position", "sets", "reps", "sessions_per_day", "hold_seconds", "band__slug"
                )
            ),
            "has_policy": ProgressionPolicy.objects.filter(exercise=exercise).exists(),
        }
    return {
        "version": list(CatalogueContent.objects.values_list("version", flat=True)),
        "bands": list(Band.objects.order_by("position").values_list("slug", "name", "position")),
        "movements": sorted(Movement.objects.values_list("slug", "name", "description")),
        "avoided": [
            (
                entry.slug,
                entry.name,
                entry.reason,
                entry.examples,
                entry.advice,
                entry.caution_only,
                entry.position,
                sorted(entry.movements.values_list("slug", flat=True)),
            )
            for entry in AvoidedMovement.objects.order_by("slug")
        ],
        "exercises": exercises,
        "guides": [
            (
                guide.slug,
                guide.name,
                guide.summary,
                guide.safety_note,
                guide.position,
                *guide.steps.values_list("text", flat=True),
            )
            for guide in FloorGuide.objects.order_by("slug")
        ],
        "pictures": sorted(
            Picture.objects.values_list(
                "exercise__slug", "floor_guide__slug", "position", "label", "alt", "digest"
            ),
            key=str,
        ),
    }


def test_a_fresh_database_and_one_holding_the_previous_content_end_with_the_same_catalogue():
    empty_catalogue()
    catalogue_sync(pictures=PICTURES)
    fresh = snapshot()

    empty_catalogue()
    load_first_content()
    assert Exercise.objects.count() == 6  # the previous content, as main left it
    catalogue_sync(pictures=PICTURES)
    upgraded = snapshot()

    assert upgraded == fresh
    assert fresh["version"] == [catalogue.CATALOGUE_VERSION]
    assert len(fresh["exercises"]) == len(catalogue.EXERCISES)
    assert fresh["exercises"]["seated-row"]["floor_alternative"] == "standing-band-row"
    assert len(fresh["pictures"]) == 2


def test_the_release_step_gives_the_test_database_the_current_content():
    assert CatalogueContent.objects.get().version == catalogue.CATALOGUE_VERSION
    assert set(Exercise.objects.values_list("slug", flat=True)) == {
        entry["slug"] for entry in catalogue.EXERCISES
    }


def test_a_second_sync_writes_nothing_and_says_so():
    catalogue_sync(pictures=PICTURES)

    with CaptureQueriesContext(connection) as captured:
        report = catalogue_sync(pictures=PICTURES)

    writes = [
        query["sql"]
        for query in captured.captured_queries
        if query["sql"].startswith(("INSERT", "UPDATE", "DELETE"))
    ]
    assert writes == []
    assert not report.changed
    assert report.lines()[-1] == "Nothing to change."


def test_an_exercise_staff_edited_in_the_admin_keeps_its_text_and_is_reported():
    row = Exercise.objects.get(slug="seated-row")
    row.summary = "Our physiotherapist's own words."
    row.edited_by_staff = True
    row.save()
    row.cues.filter(position=1).update(text="A cue staff wrote.")

    report = catalogue_sync()

    row.refresh_from_db()
    assert row.summary == "Our physiotherapist's own words."
    assert row.cues.get(position=1).text == "A cue staff wrote."
    assert "Seated Row" in report.kept
    assert any("Kept as staff edited them" in line for line in report.lines())


def test_an_exercise_not_marked_as_edited_gets_the_built_in_text_back():
    row = Exercise.objects.get(slug="seated-row")
    row.summary = "Changed by a script, not in the admin."
    row.save()

    report = catalogue_sync()

    row.refresh_from_db()
    assert (
        row.summary == next(e for e in catalogue.EXERCISES if e["slug"] == "seated-row")["summary"]
    )
    assert "Seated Row" in report.updated


def test_a_picture_staff_replaced_is_kept_while_the_others_follow_the_content():
    catalogue_sync(pictures=PICTURES)
    replaced = Picture.objects.get(exercise__slug="seated-row", position=1)
    replaced.svg = SVG.replace("M40 200", "M50 190")
    replaced.edited_by_staff = True
    replaced.save()
    newer = {
        "seated-row": [("Start", "A new description.", SVG), ("End", "Elbows back.", SVG)],
    }

    report = catalogue_sync(pictures=newer)

    pictures = list(Picture.objects.filter(exercise__slug="seated-row").order_by("position"))
    assert [(p.label, p.alt) for p in pictures] == [
        ("Start", PICTURES["seated-row"][0][1]),
        ("End", "Elbows back."),
    ]
    assert "M50 190" in pictures[0].svg
    assert "Seated Row picture 1 (Start)" in report.kept


def test_a_picture_whose_markup_changes_gets_a_new_address():
    catalogue_sync(pictures=PICTURES)
    before = Picture.objects.get(exercise__slug="seated-row").url

    catalogue_sync(pictures={"seated-row": [("Start", "Sitting tall.", SVG + "\n")]})

    assert Picture.objects.get(exercise__slug="seated-row").url != before


def test_a_built_in_picture_that_breaks_the_rules_stops_the_sync_naming_it():
    from django.core.exceptions import ValidationError

    bad = {"chin-tuck": [("Start", "Sitting tall.", "<svg><script>alert(1)</script></svg>")]}

    with pytest.raises(ValidationError, match="Chin Tuck picture 1"):
        catalogue_sync(pictures=bad)


def test_a_database_holding_newer_content_than_the_code_is_left_alone():
    CatalogueContent.objects.filter(pk=1).update(version=catalogue.CATALOGUE_VERSION + 1)

    with pytest.raises(CommandError, match="newer than this code"):
        call_command("catalogue_sync", stdout=StringIO())


def test_the_command_reports_what_it_did():
    Exercise.objects.filter(slug="chin-tuck").update(summary="Out of date.")
    out = StringIO()

    call_command("catalogue_sync", stdout=out)

    assert "Updated: Chin Tuck." in out.getvalue()


def test_no_migration_imports_the_live_catalogue_content():
    for path in MIGRATIONS.glob("*.py"):
        tree = ast.parse(path.read_text())
        for node in ast.walk(tree):
            if isinstance(node, ast.ImportFrom):
                names = {node.module or ""} | {
                    f"{node.module}.{alias.name}" for alias in node.names
                }
            elif isinstance(node, ast.Import):
                names = {alias.name for alias in node.names}
            else:
                continue
            assert not any(
                name.startswith(("exercises.catalogue", "exercises.pictures")) for name in names
            ), path.name


def test_the_release_step_syncs_the_catalogue_after_migrating():
    root = MIGRATIONS.parents[1]
    procfile = dict(
        line.split(":", 1) for line in (root / "Procfile").read_text().splitlines() if line
    )
    makefile = (root / "Makefile").read_text()

    assert procfile["release"].split("&&")[-1].strip() == "python manage.py catalogue_sync"
    migrate_target = makefile.split("\nmigrate:", 1)[1].split("\n\n", 1)[0]
    assert "manage.py migrate --noinput" in migrate_target
    assert "manage.py catalogue_sync" in migrate_target
