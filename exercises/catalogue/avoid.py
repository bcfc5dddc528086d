"""The movements to avoid, each with its reason, in our own words (PRODUCT.md).

The high-impact entry keeps the original program's advice, and says, as the bone-health
consensus does, where moderate impact may fit and where it may not (after a spinal fracture).
"""

from __future__ import annotations

from typing import Any

AVOIDED: list[dict[str, Any]] = [
    {
        "slug": "high-impact",
        "name": "High-impact exercise",
        "examples": "running, jumping, skipping, jogging on hard ground",
        "reason": (
            "Each hard landing sends a jolt through the spine, hips and wrists. In bones "
            "weakened by osteoporosis that jolt can be enough to cause a fracture."
        ),
        "advice": (
            "Avoid high impact such as running and jumping: walk instead of running, and step "
            "rather than jump. Moderate impact (for example brisk walking, climbing stairs or "
            "gentle heel drops) may suit some people, but only on a physiotherapist's advice. "
            "After a fracture in the spine, keep impact to the level of brisk walking."
        ),
        "caution_only": False,
        "movements": ["high-impact"],
    },
    {
        "slug": "bending-forward",
        "name": "Bending forward from the waist",
        "examples": "toe touches, sit-ups, crunches, rounding over to lift something",
        "reason": (
            "Curling the back forward squeezes the front edge of each vertebra. When the bones "
            "of the spine are weak, that pressure can crush a vertebra (a compression fracture)."
        ),
        "advice": (
            "Bend at the hips and knees with a straight back when you need to reach low, "
            "and keep loads close to your body."
        ),
        "caution_only": False,
        "movements": ["spinal-flexion"],
    },
    {
        "slug": "twisting",
        "name": "Twisting at the waist",
        "examples": "twisting sit-ups, seated twists, swinging a golf club hard",
        "reason": (
            "Twisting the trunk strains the spine in the same way as bending forward, and the "
            "two together are riskier still."
        ),
        "advice": "Turn your whole body with your feet instead of twisting at the waist.",
        "caution_only": False,
        "movements": ["spinal-twist"],
    },
    {
        "slug": "some-yoga-and-pilates",
        "name": "Some yoga and Pilates moves",
        "examples": "forward folds, spinal twists, roll-ups, the plough",
        "reason": (
            "Yoga and Pilates can build strength and balance, but many of their poses bend the "
            "spine forward or twist it, often towards the end of the range."
        ),
        "advice": (
            "Tell the teacher you have osteoporosis, skip poses that round or twist the back, "
            "and never push into a stretch."
        ),
        "caution_only": True,
        "movements": ["spinal-flexion", "spinal-twist"],
    },
]
