"""The resistance bands, lightest first, and the movement patterns exercises are tagged with."""

BANDS = [
    ("extra-light", "Extra light"),
    ("light", "Light"),
    ("medium", "Medium"),
    ("heavy", "Heavy"),
    ("extra-heavy", "Extra heavy"),
]
BAND_SLUGS = [slug for slug, _ in BANDS]

# The dose and ladder of a band row, seated on the floor or standing with the band anchored:
# the standing row replaces the seated one, so the two must never drift apart.
BAND_ROW_DOSE = {
    "reps_min": 6,
    "reps_max": 8,
    "reps_per_side": False,
    "hold_seconds": 1,
    "sessions_per_day_start": 1,
    "sessions_per_day_max": 2,
    "days_per_week_min": 3,
    "days_per_week_max": 4,
    "progression_note": (
        "Start with 6 once a day on the lightest band; build to 8, then twice a day, then "
        "move to the next band."
    ),
    "ladder": {
        "reps": (6, 8),
        "sessions_per_day": (1, 2),
        "hold_seconds": 1,
        "bands": BAND_SLUGS,
    },
}

MOVEMENTS = [
    (
        "spinal-flexion",
        "Bending the spine forward",
        "Rounding the back, as in a toe touch or sit-up.",
    ),
    ("spinal-twist", "Twisting at the waist", "Turning the shoulders against the hips."),
    ("high-impact", "High impact", "Jumping, running or landing hard."),
    (
        "spinal-extension",
        "Gentle back extension",
        "Lifting or leaning back a little, with control.",
    ),
    ("hip-extension", "Hip extension", "Moving the leg backwards from the hip."),
    ("hip-flexion", "Hip flexion", "Raising the thigh with the back upright."),
    ("shoulder-blade-squeeze", "Shoulder-blade squeeze", "Drawing the shoulder blades together."),
    ("shoulder-mobility", "Shoulder mobility", "Lifting and circling the shoulders."),
    ("ankle-mobility", "Ankle mobility", "Pulling the toes up and pointing them away."),
    (
        "standing-balance",
        "Standing balance",
        "Holding steady on a narrow base or on one leg, with a hand on a support.",
    ),
    (
        "sit-to-stand",
        "Standing up from a chair",
        "Straightening the hips and knees together with the back kept straight.",
    ),
    ("chin-tuck", "Chin tuck", "Drawing the head straight back over the shoulders."),
]
