"""The resistance bands, lightest first, and the movement patterns exercises are tagged with."""

BANDS = [
    ("extra-light", "Extra light"),
    ("light", "Light"),
    ("medium", "Medium"),
    ("heavy", "Heavy"),
    ("extra-heavy", "Extra heavy"),
]
BAND_SLUGS = [slug for slug, _ in BANDS]

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
