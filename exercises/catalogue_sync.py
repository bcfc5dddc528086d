"""Bring a database's catalogue up to the built-in content (`exercises.catalogue`), idempotently.

Run by the release step (`manage.py catalogue_sync`, after `migrate`) on every database, fresh
or years old, so each one ends with the same catalogue. Rows are matched by slug and written
only where they differ, so a second run writes nothing.

Which wins when staff edited a row in the admin: **the staff edit**. The admin marks what it
saves `edited_by_staff` (an exercise with its steps, cues, ladder and movements; an avoid-list
entry; a floor guide with its steps; a single picture); the sync leaves those rows as they are
and lists them in its report, so someone can review them against the new content. Unticking
`edited_by_staff` in the admin hands the row back to the built-in content at the next sync.
Nothing is deleted but a built-in picture the content no longer has: exercises people were
prescribed stay, and rows staff added are never touched. A progression policy is created once
and then left to staff.
"""

from __future__ import annotations

import importlib
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from django.core.exceptions import ValidationError
from django.db import transaction

from exercises import catalogue
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
from exercises.services import catalogue_validate

PICTURES_MODULE = "exercises.pictures"

EXERCISE_FIELDS = (
    "name",
    "kind",
    "equipment",
    "summary",
    "purpose",
    "starting_position",
    "reps_min",
    "reps_max",
    "reps_per_side",
    "hold_seconds",
    "sessions_per_day_start",
    "sessions_per_day_max",
    "days_per_week_min",
    "days_per_week_max",
    "progression_note",
    "source",
)


class CatalogueNewerThanCode(Exception):
    """The database holds newer built-in content than this code knows (an older release run
    after a newer one); syncing would put old text back, so it refuses."""


@dataclass
class SyncReport:
    version_before: int | None
    version: int
    created: list[str] = field(default_factory=list)
    updated: list[str] = field(default_factory=list)
    kept: list[str] = field(default_factory=list)

    @property
    def changed(self) -> bool:
        return bool(self.created or self.updated) or self.version_before != self.version

    def lines(self) -> list[str]:
        lines = [f"Catalogue content version {self.version_before or 'none'} -> {self.version}."]
        for label, names in (
            ("Created", self.created),
            ("Updated", self.updated),
            (
                "Kept as staff edited them (untick 'edited by staff' to take the new text)",
                self.kept,
            ),
        ):
            if names:
                lines.append(f"{label}: {', '.join(names)}.")
        if not self.changed:
            lines.append("Nothing to change.")
        return lines


PictureSpec = tuple[str, str, str]  # label, alt text, SVG markup


def picture_manifest() -> dict[str, list[PictureSpec]] | None:
    """The built-in pictures by exercise or guide slug, read from `exercises/pictures/`
    (`PICTURES = {slug: [(filename, label, alt), ...]}`), or None when that module is absent."""
    try:
        module = importlib.import_module(PICTURES_MODULE)
    except ModuleNotFoundError as error:
        if error.name != PICTURES_MODULE:
            raise
        return None
    folder = Path(module.__file__).parent
    return {
        slug: [
            (label, alt, (folder / filename).read_text(encoding="utf-8"))
            for filename, label, alt in entries
        ]
        for slug, entries in module.PICTURES.items()
    }


@transaction.atomic
def catalogue_sync(*, pictures: dict[str, list[PictureSpec]] | None = None) -> SyncReport:
    """Create or update the built-in catalogue; keep staff edits; record the content version.

    `pictures` defaults to the built-in manifest (none at all if it is absent)."""
    stored = CatalogueContent.objects.select_for_update().filter(pk=1).first()
    if stored and stored.version > catalogue.CATALOGUE_VERSION:
        raise CatalogueNewerThanCode(
            f"This database holds catalogue content version {stored.version}, newer than this "
            f"code's {catalogue.CATALOGUE_VERSION}; run the newer release's catalogue_sync."
        )
    report = SyncReport(stored.version if stored else None, catalogue.CATALOGUE_VERSION)
    bands = _bands_sync(report)
    movements = _movements_sync(report)
    _avoided_sync(report, movements)
    exercises = _exercises_sync(report, movements, bands)
    guides = _guides_sync(report)
    manifest = picture_manifest() if pictures is None else pictures
    if manifest is not None:
        owners = {**exercises, **guides}
        for slug, specs in manifest.items():
            if slug in owners:
                _pictures_sync(report, owners[slug], specs)
    if report.version_before != report.version:
        CatalogueContent.objects.update_or_create(
            pk=1, defaults={"version": catalogue.CATALOGUE_VERSION}
        )
    catalogue_validate()
    return report


def _save_differences(report: SyncReport, row, values: dict[str, Any], name: str) -> bool:
    """Create or update `row` with `values`; True when it was written."""
    if row.pk is None:
        for key, value in values.items():
            setattr(row, key, value)
        row.save()
        report.created.append(name)
        return True
    changed = [key for key, value in values.items() if getattr(row, key) != value]
    for key in changed:
        setattr(row, key, values[key])
    if changed:
        row.save(update_fields=changed)
        _note(report, name)
    return bool(changed)


def _note(report: SyncReport, name: str) -> None:
    """`name` was updated (a row just created counts once, as created)."""
    if name not in report.updated and name not in report.created:
        report.updated.append(name)


def _bands_sync(report: SyncReport) -> dict[str, Band]:
    found = {band.slug: band for band in Band.objects.all()}
    for position, (slug, name) in enumerate(catalogue.BANDS):
        band = found.setdefault(slug, Band(slug=slug))
        _save_differences(report, band, {"name": name, "position": position}, f"band {name}")
    return found


def _movements_sync(report: SyncReport) -> dict[str, Movement]:
    found = {movement.slug: movement for movement in Movement.objects.all()}
    for slug, name, description in catalogue.MOVEMENTS:
        movement = found.setdefault(slug, Movement(slug=slug))
        _save_differences(
            report, movement, {"name": name, "description": description}, f"movement {name}"
        )
    return found


def _movements_set(report: SyncReport, row, wanted: list[Movement], name: str) -> None:
    if set(row.movements.values_list("pk", flat=True)) != {movement.pk for movement in wanted}:
        row.movements.set(wanted)
        _note(report, name)


def _avoided_sync(report: SyncReport, movements: dict[str, Movement]) -> None:
    found = {entry.slug: entry for entry in AvoidedMovement.objects.all()}
    for position, entry in enumerate(catalogue.AVOIDED):
        row = found.get(entry["slug"]) or AvoidedMovement(slug=entry["slug"])
        name = f"avoid entry {entry['name']}"
        if row.edited_by_staff:
            report.kept.append(name)
            continue
        values = {
            key: entry[key] for key in ("name", "reason", "examples", "advice", "caution_only")
        }
        _save_differences(report, row, {**values, "position": position}, name)
        _movements_set(report, row, [movements[slug] for slug in entry["movements"]], name)


def _children_sync(report, name, current, wanted, replace) -> None:
    """Replace an ordered list of child rows when it differs from the content's."""
    if list(current) != wanted:
        replace()
        _note(report, name)


def _exercises_sync(report, movements, bands) -> dict[str, Exercise]:
    found = {exercise.slug: exercise for exercise in Exercise.objects.all()}
    synced = []
    for position, entry in enumerate(catalogue.EXERCISES):
        exercise = found.get(entry["slug"]) or Exercise(slug=entry["slug"])
        found[entry["slug"]] = exercise
        name = entry["name"]
        if exercise.edited_by_staff:
            report.kept.append(name)
            continue
        values = {key: entry[key] for key in EXERCISE_FIELDS}
        values |= {
            "recommended": True,
            "position": position,
            "on_floor": entry.get("on_floor", False),
        }
        _save_differences(report, exercise, values, name)
        _movements_set(report, exercise, [movements[slug] for slug in entry["movements"]], name)
        _exercise_children_sync(report, exercise, entry, bands)
        ProgressionPolicy.objects.get_or_create(exercise=exercise)
        synced.append((exercise, entry))
    # Alternatives last: each names an exercise that now exists.
    for exercise, entry in synced:
        alternative = entry.get("floor_alternative")
        wanted = found[alternative] if alternative else None
        if exercise.floor_alternative_id != (wanted.pk if wanted else None):
            exercise.floor_alternative = wanted
            exercise.full_clean()
            exercise.save(update_fields=["floor_alternative"])
            _note(report, exercise.name)
    return found


def _exercise_children_sync(report, exercise: Exercise, entry, bands) -> None:
    name = entry["name"]

    def texts(model):
        return (
            model.objects.filter(exercise=exercise)
            .order_by("position")
            .values_list("text", flat=True)
        )

    def replace_texts(model, wanted):
        def replace():
            model.objects.filter(exercise=exercise).delete()
            model.objects.bulk_create(
                model(exercise=exercise, position=n, text=text)
                for n, text in enumerate(wanted, start=1)
            )

        return replace

    _children_sync(report, name, texts(Step), entry["steps"], replace_texts(Step, entry["steps"]))
    _children_sync(
        report, name, texts(SafetyCue), entry["cues"], replace_texts(SafetyCue, entry["cues"])
    )

    rungs = catalogue.ladder_rungs(entry["ladder"])
    wanted = [
        (rung["sets"], rung["reps"], rung["sessions_per_day"], rung["hold_seconds"], rung["band"])
        for rung in rungs
    ]
    current = (
        LadderRung.objects.filter(exercise=exercise)
        .order_by("position")
        .values_list("sets", "reps", "sessions_per_day", "hold_seconds", "band__slug")
    )

    def replace_rungs():
        LadderRung.objects.filter(exercise=exercise).delete()
        LadderRung.objects.bulk_create(
            LadderRung(
                exercise=exercise,
                position=n,
                sets=sets,
                reps=reps,
                sessions_per_day=per_day,
                hold_seconds=hold,
                band=bands[band] if band else None,
            )
            for n, (sets, reps, per_day, hold, band) in enumerate(wanted)
        )

    _children_sync(report, name, current, wanted, replace_rungs)


def _guides_sync(report: SyncReport) -> dict[str, FloorGuide]:
    found = {guide.slug: guide for guide in FloorGuide.objects.all()}
    for position, entry in enumerate(catalogue.FLOOR_GUIDES):
        guide = found.get(entry["slug"]) or FloorGuide(slug=entry["slug"])
        found[entry["slug"]] = guide
        if guide.edited_by_staff:
            report.kept.append(entry["name"])
            continue
        values = {key: entry[key] for key in ("name", "summary", "safety_note")}
        _save_differences(report, guide, {**values, "position": position}, entry["name"])
        current = guide.steps.order_by("position").values_list("text", flat=True)

        def replace(guide=guide, texts=entry["steps"]):
            guide.steps.all().delete()
            FloorGuideStep.objects.bulk_create(
                FloorGuideStep(guide=guide, position=n, text=text)
                for n, text in enumerate(texts, start=1)
            )

        _children_sync(report, entry["name"], current, entry["steps"], replace)
    return found


def _pictures_sync(report: SyncReport, owner, specs: list[PictureSpec]) -> None:
    owner_field = "exercise" if isinstance(owner, Exercise) else "floor_guide"
    existing = {picture.position: picture for picture in owner.pictures.all()}
    for position, (label, alt, markup) in enumerate(specs, start=1):
        picture = existing.pop(position, None) or Picture(position=position, **{owner_field: owner})
        name = f"{owner.name} picture {position} ({label})"
        if picture.edited_by_staff:
            report.kept.append(name)
            continue
        if picture.pk and (picture.label, picture.alt, picture.svg) == (label, alt, markup):
            continue
        created = picture.pk is None
        picture.label, picture.alt, picture.svg = label, alt, markup
        try:
            picture.full_clean(validate_unique=False, validate_constraints=False)
        except ValidationError as error:
            raise ValidationError(f"{name}: {'; '.join(error.messages)}") from error
        picture.save()
        if created:
            report.created.append(name)
        else:
            _note(report, name)
    for picture in existing.values():
        if not picture.edited_by_staff:
            picture.delete()
            _note(report, owner.name)
