"""The catalogue as it was first loaded (content version 1), frozen here.

A migration runs on every fresh database for ever, so it must not import the live content
module (`exercises.catalogue`): a later field there would break fresh installs. This copy never
changes; `manage.py catalogue_sync` (the release step) brings the content up to date from here.
"""

from typing import Any

from django.db import migrations

BANDS = [
    ("extra-light", "Extra light"),
    ("light", "Light"),
    ("medium", "Medium"),
    ("heavy", "Heavy"),
    ("extra-heavy", "Extra heavy"),
]

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
]

AVOIDED = [
    {
        "slug": "high-impact",
        "name": "High-impact exercise",
        "examples": "running, jumping, skipping, jogging on hard ground",
        "reason": (
            "Each hard landing sends a jolt through the spine, hips and wrists. In bones "
            "weakened by osteoporosis that jolt can be enough to cause a fracture."
        ),
        "advice": "Walk instead of running, and step rather than jump.",
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

EXERCISES: list[dict[str, Any]] = [
    {
        "slug": "back-extension",
        "name": "Back Extension",
        "kind": "strengthening",
        "equipment": "floor-mat",
        "summary": "Lying face down, lift one arm and the opposite leg a little.",
        "purpose": (
            "Strengthens the muscles that run along the spine and across the shoulders. Strong "
            "back muscles hold you upright, take strain off the vertebrae and help bone keep its "
            "strength, because bone responds to the pull of working muscle."
        ),
        "starting_position": (
            "Lie face down on a mat, legs straight, arms stretched out beyond your head, "
            "forehead resting on the mat or on a folded towel."
        ),
        "steps": [
            "Breathe out and slowly lift your right leg and your left arm a few centimetres off "
            "the mat. Keep looking down at the mat.",
            "Hold them there for about 3 seconds, breathing normally.",
            "Lower them slowly back to the mat.",
            "Now lift your left leg and your right arm in the same way, hold, and lower. "
            "One lift on each side is one repetition.",
        ],
        "cues": [
            "Keep your head, neck and raised arm in one straight line: face the mat, do not "
            "look up.",
            "A small, controlled lift is enough. Do not arch hard or swing your arm or leg up.",
            "Breathe throughout; do not hold your breath.",
            "To get up afterwards, roll onto your side and push yourself up with your arms, "
            "without curling forward.",
        ],
        "movements": ["spinal-extension", "hip-extension"],
        "reps_min": 6,
        "reps_max": 8,
        "reps_per_side": True,
        "hold_seconds": 3,
        "sessions_per_day_start": 1,
        "sessions_per_day_max": 2,
        "days_per_week_min": 3,
        "days_per_week_max": 4,
        "progression_note": (
            "Start with 6 on each side once a day; build up to 8, then to twice a day."
        ),
        "ladder": {"reps": (6, 8), "sessions_per_day": (1, 2), "hold_seconds": 3},
    },
    {
        "slug": "seated-row",
        "name": "Seated Row",
        "kind": "resistance",
        "equipment": "resistance-band",
        "summary": "Sitting tall, pull a resistance band towards you with a straight back.",
        "purpose": (
            "Works the muscles between the shoulder blades, the upper back and the arms against "
            "the pull of a band. Loading these muscles supports the upper spine, helps you sit "
            "and stand taller, and gives the bones of the arms and spine a healthy challenge."
        ),
        "starting_position": (
            "Lower yourself to the floor with the help of a sturdy chair, or ask someone to "
            "help. Sit upright with your knees bent, loop the middle of the band around the "
            "balls of your feet and wrap the ends around your hands, then slide your legs out "
            "straight in front of you. Your arms reach forward with the band just taut."
        ),
        "steps": [
            "Sit tall, with your shoulders relaxed and down.",
            "Keeping your back straight, bend your elbows and pull the band towards your body, "
            "drawing your shoulder blades together.",
            "Hold for one second.",
            "Slowly let your arms go forward again, keeping control of the band.",
        ],
        "cues": [
            "Keep your back straight and upright the whole time: do not lean back or round "
            "forward as you pull.",
            "Move slowly both ways; never let the band snap back.",
            "Never reach forward for your toes to fit the band: bend your knees to bring your "
            "feet closer instead.",
            "If sitting upright with straight legs is hard, bend your knees a little rather than "
            "slumping forward.",
            "To get up afterwards, roll onto your side and push up with your arms, using the "
            "chair for support, without curling forward.",
            "Move to a stronger band only when the program says so.",
        ],
        "movements": ["shoulder-blade-squeeze"],
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
            "bands": [slug for slug, _ in BANDS],
        },
    },
    {
        "slug": "standing-back-bend",
        "name": "Standing Back Bend",
        "kind": "stretch",
        "equipment": "counter",
        "summary": "Standing tall, hands on hips, lean back gently to a comfortable point.",
        "purpose": (
            "Gently lengthens the muscles at the front of the body and relaxes the back muscles. "
            "This can ease back ache and helps counter the forward stoop that spinal fractures "
            "can bring."
        ),
        "starting_position": (
            "Stand close to a stable kitchen counter or heavy table, so you can rest a hand on "
            "it if you need to steady yourself. Feet shoulder-width apart, hands on your hips."
        ),
        "steps": [
            "Stand tall and draw your shoulder blades gently back.",
            "Lean back slowly, only as far as feels comfortable, keeping your head straight and "
            "your chin level.",
            "Hold for about 5 seconds, breathing normally.",
            "Come slowly back to standing upright.",
        ],
        "cues": [
            "Stay in a comfortable range. Never force the bend or push to the end of how far you "
            "can go.",
            "Keep your chin level; do not tip your head back.",
            "If you feel dizzy or unsteady, stop and hold the counter.",
        ],
        "movements": ["spinal-extension"],
        "reps_min": 5,
        "reps_max": 5,
        "reps_per_side": False,
        "hold_seconds": 5,
        "sessions_per_day_start": 2,
        "sessions_per_day_max": 3,
        "days_per_week_min": 7,
        "days_per_week_max": 7,
        "progression_note": (
            "Build from 2 to 3 times a day. With practice a physiotherapist may show you a "
            "slightly deeper version; it still stays within a comfortable range."
        ),
        "ladder": {"reps": (5, 5), "sessions_per_day": (2, 3), "hold_seconds": 5},
    },
    {
        "slug": "shoulder-raises-and-rotations",
        "name": "Shoulder Raises and Rotations",
        "kind": "stretch",
        "equipment": "none",
        "summary": "Lift your shoulders gently, then roll them in slow circles.",
        "purpose": (
            "Loosens stiff shoulders and the upper back and encourages the shoulders to sit "
            "back, which helps an upright posture."
        ),
        "starting_position": (
            "Sit upright on a sturdy chair, or stand tall, with your arms relaxed by your sides."
        ),
        "steps": [
            "Lift both shoulders slowly up towards your ears, then let them drop and relax.",
            "Roll your shoulders slowly backwards in small circles.",
            "Roll them slowly forwards in small circles, keeping your back upright.",
        ],
        "cues": [
            "Keep your back upright and your chin level throughout.",
            "Move gently and slowly; never force a movement.",
        ],
        "movements": ["shoulder-mobility"],
        "reps_min": 5,
        "reps_max": 10,
        "reps_per_side": False,
        "hold_seconds": None,
        "sessions_per_day_start": 1,
        "sessions_per_day_max": 1,
        "days_per_week_min": 7,
        "days_per_week_max": 7,
        "progression_note": (
            "A gentle daily stretch: start with 5 and add one at a time, up to 10, while it "
            "stays comfortable."
        ),
        "ladder": {"reps": (5, 10), "sessions_per_day": (1,)},
    },
    {
        "slug": "knee-lifts",
        "name": "Knee Lifts",
        "kind": "stretch",
        "equipment": "chair",
        "summary": "Seated or standing with a straight back, raise one knee at a time.",
        "purpose": (
            "Keeps the hips moving freely and warms up the muscles at the front of the thigh, "
            "which helps with walking and climbing stairs."
        ),
        "starting_position": (
            "Sit upright towards the front of a sturdy chair with your feet flat on the floor, "
            "or stand tall holding the back of the chair or a counter."
        ),
        "steps": [
            "Keeping your back upright, slowly raise one knee a little towards the ceiling.",
            "Pause for a moment, then lower your foot slowly.",
            "Do the same with the other leg. One lift on each side is one repetition.",
        ],
        "cues": [
            "Do this seated or standing only. Never lie on your back and pull your knee to your "
            "chest: that bends the spine forward.",
            "Keep your back straight; do not lean forward or slump to lift the knee.",
            "If standing, hold on for balance.",
        ],
        "movements": ["hip-flexion"],
        "reps_min": 5,
        "reps_max": 10,
        "reps_per_side": True,
        "hold_seconds": None,
        "sessions_per_day_start": 1,
        "sessions_per_day_max": 1,
        "days_per_week_min": 7,
        "days_per_week_max": 7,
        "progression_note": (
            "A gentle daily stretch: start with 5 on each side and add one at a time, up to "
            "10, while it stays comfortable."
        ),
        "ladder": {"reps": (5, 10), "sessions_per_day": (1,)},
    },
    {
        "slug": "ankle-pulls",
        "name": "Ankle Pulls",
        "kind": "stretch",
        "equipment": "chair",
        "summary": "Seated, pull your toes up towards you, hold, and relax.",
        "purpose": (
            "Stretches the calf and keeps the ankles flexible, which helps you walk steadily "
            "and lowers the chance of tripping."
        ),
        "starting_position": (
            "Sit upright on a sturdy chair with one leg stretched out in front of you, heel "
            "resting on the floor."
        ),
        "steps": [
            "Pull the toes of the outstretched foot up towards you, so the foot points at the "
            "ceiling.",
            "Hold for about 5 seconds, feeling a gentle stretch in the calf.",
            "Relax the foot. After your repetitions, change legs.",
        ],
        "cues": [
            "Use your ankle only: do not reach down or bend forward towards your foot.",
            "Keep your back upright against the chair.",
        ],
        "movements": ["ankle-mobility"],
        "reps_min": 5,
        "reps_max": 10,
        "reps_per_side": True,
        "hold_seconds": 5,
        "sessions_per_day_start": 1,
        "sessions_per_day_max": 1,
        "days_per_week_min": 7,
        "days_per_week_max": 7,
        "progression_note": (
            "A gentle daily stretch: start with 5 on each side and add one at a time, up to "
            "10, while it stays comfortable."
        ),
        "ladder": {"reps": (5, 10), "sessions_per_day": (1,), "hold_seconds": 5},
    },
]


def ladder_rungs(spec: dict[str, Any]) -> list[dict[str, Any]]:
    """Expand a ladder spec: reps climb, then sessions a day, then each stronger band.

    Later bands start again at the fewest reps with the most sessions a day.
    """
    reps_from, reps_to = spec["reps"]
    sessions = list(spec["sessions_per_day"])
    bands = list(spec.get("bands") or [None])
    rungs = []
    for band_index, band in enumerate(bands):
        for per_day in sessions if band_index == 0 else sessions[-1:]:
            for reps in range(reps_from, reps_to + 1):
                rungs.append(
                    {
                        "reps": reps,
                        "sessions_per_day": per_day,
                        "band": band,
                        "hold_seconds": spec.get("hold_seconds"),
                        "sets": spec.get("sets", 1),
                    }
                )
    return rungs


_EXERCISE_FIELDS = (
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
)


def catalogue_v1_load(models: dict[str, Any]) -> None:
    """Create or update the catalogue by slug. `models` maps model names to model classes,
    so the data migration can pass its historical models."""
    Band = models["Band"]
    Movement = models["Movement"]
    AvoidedMovement = models["AvoidedMovement"]
    Exercise = models["Exercise"]
    Step = models["Step"]
    SafetyCue = models["SafetyCue"]
    LadderRung = models["LadderRung"]
    ProgressionPolicy = models["ProgressionPolicy"]

    bands = {}
    for position, (slug, name) in enumerate(BANDS):
        bands[slug], _ = Band.objects.update_or_create(
            slug=slug, defaults={"name": name, "position": position}
        )
    movements = {}
    for slug, name, description in MOVEMENTS:
        movements[slug], _ = Movement.objects.update_or_create(
            slug=slug, defaults={"name": name, "description": description}
        )
    for position, entry in enumerate(AVOIDED):
        avoided, _ = AvoidedMovement.objects.update_or_create(
            slug=entry["slug"],
            defaults={
                "name": entry["name"],
                "reason": entry["reason"],
                "examples": entry["examples"],
                "advice": entry["advice"],
                "caution_only": entry["caution_only"],
                "position": position,
            },
        )
        avoided.movements.set([movements[slug] for slug in entry["movements"]])
    for position, entry in enumerate(EXERCISES):
        exercise, _ = Exercise.objects.update_or_create(
            slug=entry["slug"],
            defaults={
                **{field: entry[field] for field in _EXERCISE_FIELDS},
                "recommended": True,
                "position": position,
            },
        )
        exercise.movements.set([movements[slug] for slug in entry["movements"]])
        Step.objects.filter(exercise=exercise).delete()
        Step.objects.bulk_create(
            Step(exercise=exercise, position=n, text=text)
            for n, text in enumerate(entry["steps"], start=1)
        )
        SafetyCue.objects.filter(exercise=exercise).delete()
        SafetyCue.objects.bulk_create(
            SafetyCue(exercise=exercise, position=n, text=text)
            for n, text in enumerate(entry["cues"], start=1)
        )
        LadderRung.objects.filter(exercise=exercise).delete()
        LadderRung.objects.bulk_create(
            LadderRung(
                exercise=exercise,
                position=n,
                reps=rung["reps"],
                sets=rung["sets"],
                sessions_per_day=rung["sessions_per_day"],
                hold_seconds=rung["hold_seconds"],
                band=bands[rung["band"]] if rung["band"] else None,
            )
            for n, rung in enumerate(ladder_rungs(entry["ladder"]))
        )
        ProgressionPolicy.objects.get_or_create(exercise=exercise)


MODELS = [
    "Band",
    "Movement",
    "AvoidedMovement",
    "Exercise",
    "Step",
    "SafetyCue",
    "LadderRung",
    "ProgressionPolicy",
]


def load(apps, schema_editor):
    catalogue_v1_load({name: apps.get_model("exercises", name) for name in MODELS})


class Migration(migrations.Migration):
    dependencies = [("exercises", "0001_catalogue_models")]

    operations = [migrations.RunPython(load, migrations.RunPython.noop)]
