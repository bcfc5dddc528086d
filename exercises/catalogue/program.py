"""The six exercises of the original OsteoFit program, in our own words.

The facts come from PRODUCT.md; each was checked against the avoid list and the osteoporosis
guidelines' safety cues (comfortable range, no forward bending or twisting, knee lifts seated or
standing, breathe out on the effort). Back Extension and Seated Row are done on the floor, so
each names the standing exercise done instead by someone who cannot get down there safely.
"""

from __future__ import annotations

from typing import Any

from exercises.catalogue.bands import BAND_ROW_DOSE

PROGRAM_EXERCISES: list[dict[str, Any]] = [
    {
        "slug": "back-extension",
        "name": "Back Extension",
        "kind": "strengthening",
        "equipment": "floor-mat",
        "on_floor": True,
        "floor_alternative": "standing-back-extension",
        "summary": "Lying face down, lift one arm and the opposite leg a little.",
        "purpose": (
            "Strengthens the muscles that run along the spine and across the shoulders. Strong "
            "back muscles hold you upright, take strain off the vertebrae and help bone keep its "
            "strength, because bone responds to the pull of working muscle."
        ),
        "starting_position": (
            "Get down onto a mat as “Getting down to the floor” shows, and log-roll onto your "
            "front. Lie face down, legs straight, arms stretched out beyond your head, forehead "
            "resting on the mat or on a folded towel."
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
            "Breathe out as you lift and in as you lower; never hold your breath.",
            "To get up afterwards, follow “Getting up from the floor”: roll onto your side, come "
            "up through your hands and knees, and stand up from a half-kneel at a sturdy chair, "
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
        "on_floor": True,
        "floor_alternative": "standing-band-row",
        "summary": "Sitting tall, pull a resistance band towards you with a straight back.",
        "purpose": (
            "Works the muscles between the shoulder blades, the upper back and the arms against "
            "the pull of a band. Loading these muscles supports the upper spine, helps you sit "
            "and stand taller, and gives the bones of the arms and spine a healthy challenge."
        ),
        "starting_position": (
            "Get down to the floor as “Getting down to the floor” shows, using a sturdy chair, "
            "with someone there the first times. Sit upright with your knees bent, loop the "
            "middle of the band around the balls of your feet and wrap the ends around your "
            "hands, then slide your legs out straight in front of you. Your arms reach forward "
            "with the band just taut."
        ),
        "steps": [
            "Sit tall, with your shoulders relaxed and down.",
            "Breathe out as you pull: keeping your back straight, bend your elbows and draw the "
            "band towards your body, squeezing your shoulder blades together.",
            "Hold for one second.",
            "Breathe in as you slowly let your arms go forward again, keeping control of the band.",
        ],
        "cues": [
            "Keep your back straight and upright the whole time: do not lean back or round "
            "forward as you pull.",
            "Breathe out as you pull and in as you release; never hold your breath.",
            "Move slowly both ways; never let the band snap back.",
            "Never reach forward for your toes to fit the band: bend your knees to bring your "
            "feet closer instead.",
            "If sitting upright with straight legs is hard, bend your knees a little rather than "
            "slumping forward.",
            "To get up afterwards, follow “Getting up from the floor”: roll onto your side, come "
            "up through your hands and knees, and stand up from a half-kneel at the chair, "
            "without curling forward.",
            "Move to a stronger band only when the program says so.",
        ],
        "movements": ["shoulder-blade-squeeze"],
        **BAND_ROW_DOSE,
    },
    {
        "slug": "standing-back-bend",
        "name": "Standing Back Bend",
        "kind": "stretch",
        "equipment": "counter",
        "summary": (
            "Back to a counter, one hand on it and one on your hip, lean back gently to a "
            "comfortable point."
        ),
        "purpose": (
            "Gently lengthens the muscles at the front of the body and relaxes the back muscles. "
            "This can ease back ache and helps counter the forward stoop that spinal fractures "
            "can bring."
        ),
        "starting_position": (
            "Stand with your back to a stable kitchen counter or heavy table, facing away from "
            "it and close enough to touch it behind you. Rest one hand on the counter and put "
            "the other hand on your hip. Feet shoulder-width apart."
        ),
        "steps": [
            "Stand tall, keeping one hand on the counter, and draw your shoulder blades gently "
            "back.",
            "Lean back slowly, only as far as feels comfortable, keeping your head straight and "
            "your chin level.",
            "Hold for about 5 seconds, breathing normally.",
            "Come slowly back to standing upright.",
        ],
        "cues": [
            "Stay in a comfortable range. Never force the bend or push to the end of how far you "
            "can go.",
            "Keep one hand on the counter the whole time; the other stays on your hip.",
            "Keep your chin level; do not tip your head back.",
            "If you feel dizzy or unsteady, stop and hold the counter with both hands.",
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
