"""Exercises added from the bone-health guidelines (Osteoporosis Canada's "Too Fit to Fracture",
the Royal Osteoporosis Society's "Strong, Steady and Straight"), in our own words.

Balance at least twice a week (done at a counter, with growing hold times), leg strength
(sit-to-stand), daily posture work (chin tucks), and the standing versions of the two floor
exercises for people who cannot get down to the floor and up again safely. None bends forward,
twists, or goes to the end of a range.
"""

from __future__ import annotations

from typing import Any

from exercises.catalogue.bands import BAND_ROW_DOSE

GUIDELINE_EXERCISES: list[dict[str, Any]] = [
    {
        "slug": "tandem-stance",
        "name": "Tandem Stance",
        "kind": "balance",
        "equipment": "counter",
        "summary": "At a counter, one hand on it, stand heel to toe and hold steady.",
        "purpose": (
            "Trains the balance you need to walk steadily and to turn safely. Better balance "
            "means fewer falls, and with bones weakened by osteoporosis, fewer falls means "
            "fewer fractures."
        ),
        "starting_position": (
            "Stand tall, side-on to a stable kitchen counter, close enough to rest one hand on "
            "it. Feet together, your weight even on both."
        ),
        "steps": [
            "Rest one hand on the counter. Place one foot straight in front of the other, so "
            "the heel of the front foot touches the toes of the back foot.",
            "Stand tall, look ahead, and hold steady, breathing normally.",
            "Hold for the time your program shows, then bring your feet back together.",
            "Put the other foot in front and hold again. One hold with each foot in front is "
            "one repetition.",
        ],
        "cues": [
            "Keep one hand on the counter the whole time: lean on it as lightly as you can, "
            "and hold it firmly if you wobble.",
            "Stand tall and look ahead, not down at your feet.",
            "If heel to toe is too hard at first, put the front foot a little to one side and "
            "build up from there.",
            "If you feel dizzy or unsteady, stop and hold the counter with both hands.",
        ],
        "movements": ["standing-balance"],
        "reps_min": 2,
        "reps_max": 2,
        "reps_per_side": True,
        "hold_seconds": 10,
        "sessions_per_day_start": 1,
        "sessions_per_day_max": 1,
        "days_per_week_min": 2,
        "days_per_week_max": 4,
        "progression_note": (
            "Start by holding for 10 seconds with each foot in front; build to 15, 20 and then "
            "30 seconds."
        ),
        "ladder": {"reps": (2, 2), "sessions_per_day": (1,), "holds": [10, 15, 20, 30]},
    },
    {
        "slug": "single-leg-stand",
        "name": "Single-Leg Stand",
        "kind": "balance",
        "equipment": "counter",
        "summary": "At a counter, one hand on it, stand on one leg and hold steady.",
        "purpose": (
            "Builds the balance and hip strength that keep you steady when you step over "
            "something, climb stairs or put on a shoe, so you are less likely to fall."
        ),
        "starting_position": (
            "Stand tall, side-on to a stable kitchen counter, one hand resting on it, feet "
            "hip-width apart."
        ),
        "steps": [
            "With one hand on the counter, shift your weight onto the leg nearer the counter.",
            "Lift the other foot a little off the floor by bending that knee, keeping your "
            "back upright.",
            "Hold for the time your program shows, breathing normally, then put the foot down.",
            "Turn round so your other hand is on the counter, and stand on the other leg. One "
            "hold on each leg is one repetition.",
        ],
        "cues": [
            "Keep one hand on the counter the whole time: lean on it as lightly as you can, "
            "and hold it firmly if you wobble.",
            "Stand tall: do not lean over the standing leg or bend forward.",
            "Lift the foot only a little; there is no need to raise the knee high.",
            "If you feel dizzy or unsteady, stop and hold the counter with both hands.",
        ],
        "movements": ["standing-balance"],
        "reps_min": 2,
        "reps_max": 2,
        "reps_per_side": True,
        "hold_seconds": 5,
        "sessions_per_day_start": 1,
        "sessions_per_day_max": 1,
        "days_per_week_min": 2,
        "days_per_week_max": 4,
        "progression_note": (
            "Start by holding for 5 seconds on each leg; build to 10, 15, 20 and then 30 seconds."
        ),
        "ladder": {"reps": (2, 2), "sessions_per_day": (1,), "holds": [5, 10, 15, 20, 30]},
    },
    {
        "slug": "sit-to-stand",
        "name": "Sit to Stand",
        "kind": "strengthening",
        "equipment": "chair",
        "summary": "From a sturdy chair, stand up and sit down again slowly, back straight.",
        "purpose": (
            "Strengthens the thighs and hips: the muscles that get you out of a chair, up the "
            "stairs and steady again after a stumble. Strong legs help keep you on your feet "
            "and independent."
        ),
        "starting_position": (
            "Sit towards the front of a sturdy chair with its back against a wall, so it cannot "
            "slide. Feet flat on the floor, hip-width apart and a little behind your knees. "
            "Cross your arms over your chest, or rest your hands on your thighs."
        ),
        "steps": [
            "Sit tall with your back straight.",
            "Lean forward from your hips, with your back straight, only as far as you need to "
            "come up.",
            "Breathe out as you push through your feet and stand up tall.",
            "Breathe in as you sit back down slowly, with control.",
        ],
        "cues": [
            "Breathe out as you stand up; never hold your breath.",
            "Hinge at the hips with a straight back, only as far as you need: never slump or "
            "round your back forward.",
            "Sit down slowly and gently; do not drop into the chair.",
            "If standing up without your arms is too hard at first, push up with your hands on "
            "the chair's arms.",
            "If you feel dizzy, sit still for a moment before standing again.",
        ],
        "movements": ["sit-to-stand"],
        "reps_min": 6,
        "reps_max": 10,
        "reps_per_side": False,
        "hold_seconds": None,
        "sessions_per_day_start": 1,
        "sessions_per_day_max": 1,
        "days_per_week_min": 3,
        "days_per_week_max": 4,
        "progression_note": "Start with 6 once a day; add one at a time, up to 10.",
        "ladder": {"reps": (6, 10), "sessions_per_day": (1,)},
    },
    {
        "slug": "chin-tuck",
        "name": "Chin Tuck",
        "kind": "posture",
        "equipment": "none",
        "summary": "Sitting or standing tall, draw your head straight back, chin level.",
        "purpose": (
            "Trains the neck muscles that hold your head over your shoulders rather than in "
            "front of them. Done every day, it helps you notice a forward stoop and stand "
            "taller."
        ),
        "starting_position": (
            "Sit upright on a sturdy chair, or stand tall, shoulders relaxed, looking straight "
            "ahead."
        ),
        "steps": [
            "Keeping your chin level and your eyes looking ahead, draw your head straight back, "
            "as if making a double chin.",
            "Hold for about 3 seconds, breathing normally.",
            "Relax, and let your head come back to where it started.",
        ],
        "cues": [
            "Move your head straight back, not down: do not nod or drop your chin to your chest.",
            "Keep it small and gentle; it should never hurt.",
            "Keep your back upright and your shoulders relaxed.",
        ],
        "movements": ["chin-tuck"],
        "reps_min": 5,
        "reps_max": 10,
        "reps_per_side": False,
        "hold_seconds": 3,
        "sessions_per_day_start": 1,
        "sessions_per_day_max": 1,
        "days_per_week_min": 7,
        "days_per_week_max": 7,
        "progression_note": (
            "A daily posture habit: start with 5 and add one at a time, up to 10, while it "
            "stays comfortable."
        ),
        "ladder": {"reps": (5, 10), "sessions_per_day": (1,), "hold_seconds": 3},
    },
    {
        "slug": "standing-band-row",
        "name": "Standing Band Row",
        "kind": "resistance",
        "equipment": "resistance-band",
        "summary": "Standing tall, pull a band anchored at waist height back towards you.",
        "purpose": (
            "The Seated Row's work for the upper back, shoulders and arms, done standing, for "
            "anyone who cannot get down to the floor and up again safely. Standing also loads "
            "the spine less than sitting does."
        ),
        "starting_position": (
            "Anchor the middle of the band at waist height: in a door anchor shut in a door "
            "that opens away from you, or looped round a sturdy post. Hold one end in each "
            "hand and stand tall facing the anchor, feet hip-width apart, then step back until "
            "your arms reach forward with the band just taut."
        ),
        "steps": [
            "Stand tall with your shoulders relaxed and down, and your knees soft.",
            "Breathe out as you pull: bend your elbows and draw them back past your sides, "
            "squeezing your shoulder blades together.",
            "Hold for one second.",
            "Breathe in as you slowly let your arms go forward again, keeping control of the band.",
        ],
        "cues": [
            "Breathe out as you pull and in as you release; never hold your breath.",
            "Keep your back straight and upright: do not lean back or round forward as you pull.",
            "Check the anchor holds before you start, and move slowly both ways; never let the "
            "band snap back.",
            "Move to a stronger band only when the program says so.",
        ],
        "movements": ["shoulder-blade-squeeze"],
        **BAND_ROW_DOSE,
    },
    {
        "slug": "standing-back-extension",
        "name": "Standing Back Extension",
        "kind": "strengthening",
        "equipment": "counter",
        "summary": "Facing a counter, hands on it, stand tall and lift one arm at a time.",
        "purpose": (
            "Works the muscles along the spine and between the shoulder blades, as the Back "
            "Extension does on the floor, for anyone who cannot get down to the floor and up "
            "again safely."
        ),
        "starting_position": (
            "Stand facing a stable kitchen counter, close enough to rest both hands on it with "
            "your elbows slightly bent, feet hip-width apart."
        ),
        "steps": [
            "Stand tall: draw your shoulder blades gently back and down, chin level, as if "
            "growing taller.",
            "Breathe out and lift one arm forward and up, only as high as is comfortable, "
            "keeping the other hand on the counter.",
            "Hold for about 3 seconds, standing tall and breathing normally.",
            "Lower the arm slowly back to the counter, then lift the other arm in the same "
            "way. One lift on each side is one repetition.",
        ],
        "cues": [
            "Breathe out as you lift and in as you lower; never hold your breath.",
            "Stand tall rather than lean back: the work is in holding your back straight, "
            "never in arching it.",
            "Lift the arm only as high as is comfortable, never to the end of how far it goes.",
            "Keep one hand on the counter the whole time.",
            "Keep your hips and shoulders facing the counter; do not twist.",
        ],
        "movements": ["spinal-extension"],
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
]
