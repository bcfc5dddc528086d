"""The exercise pictures: `PICTURES[slug]` lists (file, label, alt text) in order.

Drawn by scripts/draw_pictures.py, which writes this file and the SVGs beside it; edit
the script, not the output."""

PICTURES: dict[str, list[tuple[str, str, str]]] = {
    "back-extension": [
        (
            "back-extension-1.svg",
            "Start",
            (
                "Lying face down on a mat, legs straight, arms stretched out beyond the head, "
                "forehead facing the mat."
            ),
        ),
        (
            "back-extension-2.svg",
            "Lift",
            (
                "Still lying face down: the right leg and the left arm lifted a few centimetres "
                "off the mat, head facing the mat and in line with the back."
            ),
        ),
    ],
    "seated-row": [
        (
            "seated-row-1.svg",
            "Start",
            (
                "Sitting upright on a mat, legs straight in front, a band looped round the balls "
                "of the feet, arms reaching forward holding the band just taut."
            ),
        ),
        (
            "seated-row-2.svg",
            "Pull",
            (
                "Still sitting upright with a straight back: elbows bent and drawn back, hands by"
                " the lower ribs, the band pulled towards the body."
            ),
        ),
    ],
    "standing-back-bend": [
        (
            "standing-back-bend-1.svg",
            "Start",
            (
                "Standing tall with the back towards a counter, one hand resting on the counter "
                "behind, the other hand on the hip, chin level."
            ),
        ),
        (
            "standing-back-bend-2.svg",
            "Lean back a little",
            (
                "The same position leaning back a small, comfortable amount, one hand still on "
                "the counter, head straight and chin level."
            ),
        ),
    ],
    "shoulder-raises-and-rotations": [
        (
            "shoulder-raises-and-rotations-1.svg",
            "Start",
            ("Sitting upright on a sturdy chair, feet flat, arms relaxed by the sides."),
        ),
        (
            "shoulder-raises-and-rotations-2.svg",
            "Lift the shoulders",
            ("Sitting upright, both shoulders lifted gently towards the ears, back straight."),
        ),
        (
            "shoulder-raises-and-rotations-3.svg",
            "Roll the shoulders",
            (
                "Sitting upright, the shoulders rolling slowly in small circles; the back stays "
                "upright and the chin level."
            ),
        ),
    ],
    "knee-lifts": [
        (
            "knee-lifts-1.svg",
            "Start",
            ("Sitting upright towards the front of a sturdy chair, feet flat on the floor."),
        ),
        (
            "knee-lifts-2.svg",
            "Lift one knee",
            (
                "Sitting upright, one knee raised a little, the foot a hand's width off the "
                "floor; the back stays straight."
            ),
        ),
        (
            "knee-lifts-3.svg",
            "Or standing",
            (
                "Standing tall holding the top of the back of a sturdy chair with both hands, one"
                " knee raised a little in front."
            ),
        ),
    ],
    "ankle-pulls": [
        (
            "ankle-pulls-1.svg",
            "Start",
            (
                "Sitting upright on a sturdy chair, one leg stretched out in front with the heel "
                "on the floor, the foot relaxed."
            ),
        ),
        (
            "ankle-pulls-2.svg",
            "Pull the toes up",
            (
                "The same position with the toes of the outstretched foot pulled up towards the "
                "body, the foot pointing at the ceiling; the back stays against the chair."
            ),
        ),
    ],
    "tandem-stance": [
        (
            "tandem-stance-1.svg",
            "Start",
            (
                "Standing tall side-on to a counter, the hand nearest it resting on top, feet "
                "together."
            ),
        ),
        (
            "tandem-stance-2.svg",
            "Heel to toe",
            (
                "Standing tall side-on to the counter, one hand on it, one foot straight in front"
                " of the other, the front heel touching the toes of the back foot."
            ),
        ),
    ],
    "single-leg-stand": [
        (
            "single-leg-stand-1.svg",
            "Start",
            (
                "Standing tall side-on to a counter, the hand nearest it resting on top, weight "
                "on both feet."
            ),
        ),
        (
            "single-leg-stand-2.svg",
            "Stand on one leg",
            (
                "Standing tall side-on to the counter, one hand on it, the foot further from it "
                "lifted a little off the floor behind, the knee bent."
            ),
        ),
    ],
    "sit-to-stand": [
        (
            "sit-to-stand-1.svg",
            "Start",
            (
                "Sitting upright towards the front of a sturdy chair, feet flat and a little "
                "apart, arms crossed over the chest."
            ),
        ),
        (
            "sit-to-stand-2.svg",
            "Stand up",
            ("Standing tall in front of the chair, arms still crossed over the chest."),
        ),
    ],
    "chin-tuck": [
        (
            "chin-tuck-1.svg",
            "Start",
            ("Sitting upright on a sturdy chair, looking straight ahead, chin level."),
        ),
        (
            "chin-tuck-2.svg",
            "Draw the chin back",
            (
                "Sitting upright, the head drawn straight back a little, chin still level and not"
                " tipped down; a dashed circle shows where the head started."
            ),
        ),
    ],
    "standing-band-row": [
        (
            "standing-band-row-1.svg",
            "Start",
            (
                "Standing tall facing a door frame, a band anchored at waist height, arms "
                "reaching forward holding the band just taut."
            ),
        ),
        (
            "standing-band-row-2.svg",
            "Pull",
            (
                "Still standing tall with a straight back: elbows bent and drawn back, hands by "
                "the waist, the band pulled towards the body."
            ),
        ),
    ],
    "standing-back-extension": [
        (
            "standing-back-extension-1.svg",
            "Start",
            ("Standing tall facing a counter, both hands resting on it, feet a little apart."),
        ),
        (
            "standing-back-extension-2.svg",
            "Lift one arm",
            (
                "Still standing tall with the back straight, one hand on the counter and the "
                "other arm lifted forward and up to a comfortable height, chin level."
            ),
        ),
    ],
    "getting-down-to-the-floor": [
        (
            "getting-down-to-the-floor-1.svg",
            "One knee down",
            (
                "Holding the seat of a sturdy chair in front, one knee lowered to the floor, the "
                "other foot flat, back straight and upright."
            ),
        ),
        (
            "getting-down-to-the-floor-2.svg",
            "Hands and knees",
            (
                "On hands and knees on a mat, back straight and level, head in line, looking at "
                "the floor."
            ),
        ),
        (
            "getting-down-to-the-floor-3.svg",
            "Onto your side",
            (
                "Lying on one side on the mat, the head resting on the lower arm, the top hand on"
                " the floor in front of the chest."
            ),
        ),
        (
            "getting-down-to-the-floor-4.svg",
            "Roll onto your back",
            (
                "Lying on the back on the mat, knees bent and feet flat, arms by the sides, after"
                " rolling over in one piece."
            ),
        ),
    ],
    "getting-up-from-the-floor": [
        (
            "getting-up-from-the-floor-1.svg",
            "Roll onto your side",
            (
                "Lying on one side on the mat after rolling over in one piece, the top hand on "
                "the floor in front of the chest, ready to push up."
            ),
        ),
        (
            "getting-up-from-the-floor-2.svg",
            "Hands and knees",
            (
                "Pushed up onto hands and knees, back straight and level, a sturdy chair close in"
                " front."
            ),
        ),
        (
            "getting-up-from-the-floor-3.svg",
            "One knee up, holding the chair",
            (
                "Half kneeling with both hands on the seat of the chair, one foot flat in front, "
                "back straight and upright."
            ),
        ),
        (
            "getting-up-from-the-floor-4.svg",
            "Stand up",
            ("Standing tall in front of the chair, back straight, arms by the sides."),
        ),
    ],
}
