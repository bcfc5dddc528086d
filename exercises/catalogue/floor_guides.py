"""Getting down to the floor and up again: taught, not assumed (PRODUCT.md), in our own words.

One knee at a time with a neutral spine, then a log-roll into position; up again by rolling to
the side and through hands and knees to a half-kneel at a sturdy chair. Practise with someone
there at first. Every floor exercise's page links to both guides.
"""

from __future__ import annotations

from typing import Any

PRACTISE_FIRST = (
    "Practise with someone there the first few times, and keep a phone within reach. If you "
    "cannot get down to the floor and up again safely on your own, do the standing versions of "
    "the floor exercises instead, and ask a physiotherapist to teach you."
)

FLOOR_GUIDES: list[dict[str, Any]] = [
    {
        "slug": "getting-down-to-the-floor",
        "name": "Getting down to the floor",
        "summary": "One knee at a time beside a sturdy chair, back straight, then roll into "
        "position.",
        "safety_note": PRACTISE_FIRST,
        "steps": [
            "Put your mat on the floor in front of a sturdy chair whose back is against a wall, "
            "so it cannot slide.",
            "Stand close to the chair, facing it, and hold the top of its back with both hands, "
            "so that you do not bend forward to reach it.",
            "Go down one knee at a time, keeping your back straight: step one foot back and "
            "lower that knee gently onto the mat, bending at your hips and knees, not at your "
            "back. Slide your hands down the chair to its seat as you go.",
            "Lower the other knee, so that you are kneeling on both knees, still holding the "
            "chair.",
            "Move your hands one at a time from the chair to the mat, so that you are on your "
            "hands and knees, back straight and eyes looking down.",
            "Lower yourself sideways onto one hip and then onto your side, using your arms to "
            "control the movement.",
            "Log-roll into position: roll your shoulders and hips together, as one piece, onto "
            "your front or your back, without twisting. For an exercise done sitting, push "
            "yourself up from your side with your arms instead, keeping your back straight.",
        ],
    },
    {
        "slug": "getting-up-from-the-floor",
        "name": "Getting up from the floor",
        "summary": "Roll onto your side, come up through hands and knees, and stand from a "
        "half-kneel at a sturdy chair.",
        "safety_note": PRACTISE_FIRST,
        "steps": [
            "Log-roll onto your side: bend your knees a little and roll your shoulders and hips "
            "together, as one piece, without twisting.",
            "Push yourself up with your arms onto your hands and knees, back straight and eyes "
            "looking down.",
            "Move on your hands and knees to the sturdy chair and put both hands on its seat.",
            "Bring one foot forward and put it flat on the floor, so that you are half-kneeling "
            "with that knee bent.",
            "Breathe out and push up through your front leg and your arms to standing, keeping "
            "your back straight.",
            "Turn and sit on the chair for a moment before you walk on, in case you feel dizzy.",
        ],
    },
]
