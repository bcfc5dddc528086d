"""The built-in catalogue content, in our own words, as data: bands and movement patterns, the
exercises (the original program's and those added from the bone-health guidelines), the avoid
list and the floor guides.

`CATALOGUE_VERSION` names this content. Raise it with every change here: `manage.py
catalogue_sync` (run by the release step) brings a database up to it and records it there.
Migrations never import this module; they keep frozen copies of what they load.
"""

from __future__ import annotations

from typing import Any

from exercises.catalogue.avoid import AVOIDED
from exercises.catalogue.bands import BAND_SLUGS, BANDS, MOVEMENTS
from exercises.catalogue.floor_guides import FLOOR_GUIDES
from exercises.catalogue.guidelines import GUIDELINE_EXERCISES
from exercises.catalogue.program import PROGRAM_EXERCISES

#: 1: the original six exercises (migration 0002). 2: issue 14's bone-health additions.
CATALOGUE_VERSION = 2

EXERCISES: list[dict[str, Any]] = [
    *({**entry, "source": "program"} for entry in PROGRAM_EXERCISES),
    *({**entry, "source": "guidelines"} for entry in GUIDELINE_EXERCISES),
]

__all__ = [
    "AVOIDED",
    "BANDS",
    "BAND_SLUGS",
    "CATALOGUE_VERSION",
    "EXERCISES",
    "FLOOR_GUIDES",
    "MOVEMENTS",
    "ladder_rungs",
]


def ladder_rungs(spec: dict[str, Any]) -> list[dict[str, Any]]:
    """Expand a ladder spec: reps climb, then hold times (balance), then sessions a day, then
    each stronger band. Later bands start again at the fewest reps with the most sessions a day.
    """
    reps_from, reps_to = spec["reps"]
    sessions = list(spec["sessions_per_day"])
    holds = list(spec.get("holds") or [spec.get("hold_seconds")])
    bands = list(spec.get("bands") or [None])
    rungs = []
    for band_index, band in enumerate(bands):
        for per_day in sessions if band_index == 0 else sessions[-1:]:
            for hold in holds:
                for reps in range(reps_from, reps_to + 1):
                    rungs.append(
                        {
                            "reps": reps,
                            "sessions_per_day": per_day,
                            "band": band,
                            "hold_seconds": hold,
                            "sets": spec.get("sets", 1),
                        }
                    )
    return rungs
