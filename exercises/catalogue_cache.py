"""The catalogue is the same for everyone, so its rendered content is cached until it changes,
and each process keeps one copy of its exercises and ladders for the programs that use them.

Every cached fragment's key, and every copy, carries the catalogue's version. Any change to a
catalogue row (in the admin, a script or `catalogue_sync`) and every migration give the
catalogue a new version once the transaction commits, so no one is shown an exercise as it was
before an edit.
"""

from __future__ import annotations

import hashlib
import json
import time
import uuid
from collections.abc import Iterable, Mapping
from typing import Any, NamedTuple

from django.core.cache import cache
from django.db import transaction
from django.db.models import Prefetch
from django.db.models.signals import m2m_changed, post_delete, post_migrate, post_save

from exercises.models import Exercise, LadderRung, Picture

VERSION_KEY = "catalogue:version"
FRAGMENT_SECONDS = 60 * 60


def catalogue_version() -> str:
    return cache.get_or_set(VERSION_KEY, lambda: uuid.uuid4().hex, timeout=None)


def catalogue_changed() -> None:
    """A new version, so every cached fragment of the old one is never read again."""
    transaction.on_commit(lambda: cache.set(VERSION_KEY, uuid.uuid4().hex, timeout=None))


def fragment_key(name: str, params: Mapping[str, Any] | None) -> str:
    """The key of a rendered fragment for a (cleaned) set of search parameters."""
    text = json.dumps(params, sort_keys=True, default=str)
    digest = hashlib.sha256(text.encode()).hexdigest()[:32]
    return f"catalogue:{catalogue_version()}:{name}:{digest}"


def _changed(sender, **kwargs) -> None:
    catalogue_changed()


def connect(models) -> None:
    """Listen to every catalogue model and many-to-many table (called from the app config)."""
    for model in models:
        post_save.connect(_changed, sender=model, dispatch_uid=f"catalogue-save-{model.__name__}")
        post_delete.connect(
            _changed, sender=model, dispatch_uid=f"catalogue-delete-{model.__name__}"
        )
        for field in model._meta.local_many_to_many:
            m2m_changed.connect(
                _changed,
                sender=field.remote_field.through,
                dispatch_uid=f"catalogue-m2m-{model.__name__}-{field.name}",
            )
    post_migrate.connect(_changed, dispatch_uid="catalogue-migrated")


COPY_SECONDS = 10 * 60


class _Loaded(NamedTuple):
    version: str
    exercises: dict[int, Exercise]
    at: float


_loaded: _Loaded | None = None


def catalogue_exercises(*, including: Iterable[int] = ()) -> dict[int, Exercise]:
    """Every exercise with its progression policy, ladder rungs (with their bands), steps, cues
    and pictures (without their markup), by id.

    Programs read these on every page, and they change only when staff edit the catalogue, so
    each process loads them once per catalogue version and shares them, read-only. An id in
    `including` that is not there (an exercise added a moment ago) loads them afresh, and no
    copy is kept longer than COPY_SECONDS, so even a version change the cache missed (an edit
    while Redis was down) shows within ten minutes.
    """
    global _loaded
    version = catalogue_version()
    loaded = _loaded
    if (
        loaded is None
        or loaded.version != version
        or time.monotonic() - loaded.at > COPY_SECONDS
        or not set(including) <= loaded.exercises.keys()
    ):
        exercises = Exercise.objects.select_related("progression_policy").prefetch_related(
            Prefetch("rungs", queryset=LadderRung.objects.select_related("band")),
            "steps",
            "cues",
            # pages link to each picture's own URL, so the markup stays in the database
            Prefetch("pictures", queryset=Picture.objects.defer("svg").order_by("position", "pk")),
        )
        loaded = _loaded = _Loaded(
            version, {exercise.pk: exercise for exercise in exercises}, time.monotonic()
        )
    return loaded.exercises
