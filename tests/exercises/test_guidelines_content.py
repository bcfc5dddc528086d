"""Issue 14's catalogue content: the exercises from the bone-health guidelines, floor work and
its alternatives, the breathing and counter-hand cues, the impact wording."""

import re

import pytest
from django.urls import reverse
from pytest_django.asserts import assertContains, assertNotContains

from exercises.catalogue.floor_guides import FLOOR_GUIDES
from exercises.models import AvoidedMovement, Exercise, Kind, LadderRung, Movement, Source

pytestmark = pytest.mark.django_db

STRENGTH_KINDS = (Kind.STRENGTHENING, Kind.RESISTANCE)
# A sentence that names a risky shape of the spine must be saying not to make it.
RISKY_SHAPE = re.compile(
    r"\b(twist\w*|bend\w* forward|round\w* (forward|your back|over)|curl\w*|slump\w*|toe touch\w*|arch\w*)\b",
    re.I,
)
NEGATION = re.compile(r"\b(not|never|no|without|rather than|instead)\b", re.I)


def texts_of(exercise: Exercise) -> str:
    return " ".join(
        [
            exercise.summary,
            exercise.starting_position,
            *exercise.steps.values_list("text", flat=True),
            *exercise.cues.values_list("text", flat=True),
        ]
    )


def cues_of(slug: str) -> str:
    return " ".join(Exercise.objects.get(slug=slug).cues.values_list("text", flat=True))


def holds_of(slug: str) -> list[int]:
    return list(
        LadderRung.objects.filter(exercise__slug=slug)
        .order_by("position")
        .values_list("hold_seconds", flat=True)
    )


# From the guidelines


def test_the_guidelines_add_balance_leg_strength_and_daily_posture_marked_as_such():
    added = dict(Exercise.objects.filter(source=Source.GUIDELINES).values_list("slug", "kind"))

    assert added == {
        "tandem-stance": "balance",
        "single-leg-stand": "balance",
        "sit-to-stand": "strengthening",
        "chin-tuck": "posture",
        "standing-band-row": "resistance",
        "standing-back-extension": "strengthening",
    }


def test_both_balance_exercises_are_done_at_a_counter_with_a_ladder_of_hold_seconds():
    for slug in ("tandem-stance", "single-leg-stand"):
        exercise = Exercise.objects.get(slug=slug)
        holds = holds_of(slug)

        assert exercise.equipment == "counter"
        assert holds == sorted(holds), slug
        assert len(set(holds)) >= 4, slug
        assert holds[-1] == 30
        assert "one hand on the counter" in cues_of(slug)


def test_balance_is_due_at_least_twice_a_week_and_posture_every_day():
    for balance in Exercise.objects.filter(kind=Kind.BALANCE):
        assert balance.days_per_week_min >= 2
    assert Exercise.objects.get(slug="chin-tuck").every_day


def test_sit_to_stand_hinges_at_the_hips_with_a_straight_back_and_never_slumps():
    text = texts_of(Exercise.objects.get(slug="sit-to-stand"))

    assert "sturdy chair" in text
    assert "Breathe out as you stand" in text
    assert "Hinge at the hips with a straight back, only as far as you need" in text
    assert "never slump" in text
    assert "Cross your arms over your chest, or rest your hands on your thighs" in text


def test_the_guideline_exercises_each_have_steps_cues_dose_cadence_ladder_and_policy():
    for exercise in Exercise.objects.filter(source=Source.GUIDELINES):
        assert exercise.steps.count() >= 3, exercise.slug
        assert exercise.cues.count() >= 3, exercise.slug
        assert exercise.rungs.count() >= 4, exercise.slug
        assert exercise.dose_text, exercise.slug
        assert exercise.cadence_text, exercise.slug
        assert exercise.progression_note, exercise.slug
        assert exercise.progression_policy, exercise.slug


def test_no_exercise_old_or_new_is_tagged_with_a_movement_from_the_avoid_list():
    risky = Movement.objects.filter(avoided_in__isnull=False)

    assert set(risky.values_list("slug", flat=True)) >= {
        "spinal-flexion",
        "spinal-twist",
        "high-impact",
    }
    for exercise in Exercise.objects.filter(recommended=True):
        assert not exercise.movements.filter(pk__in=risky).exists(), exercise.slug


def test_exercise_texts_name_forward_bends_twists_and_arching_only_to_rule_them_out():
    for exercise in Exercise.objects.all():
        for sentence in re.split(r"[.;:!?]", texts_of(exercise)):
            if RISKY_SHAPE.search(sentence):
                assert NEGATION.search(sentence), f"{exercise.slug}: {sentence.strip()}"


# Floor work


def test_the_back_extension_and_the_seated_row_are_floor_exercises_with_standing_alternatives():
    floor = dict(
        Exercise.objects.filter(on_floor=True).values_list("slug", "floor_alternative__slug")
    )

    assert floor == {
        "back-extension": "standing-back-extension",
        "seated-row": "standing-band-row",
    }
    for alternative in Exercise.objects.filter(floor_alternative_for__isnull=False):
        assert not alternative.on_floor
        assert alternative.recommended
        assert alternative.source == Source.GUIDELINES


def test_the_standing_band_row_is_anchored_at_waist_height_and_climbs_like_the_seated_row():
    text = texts_of(Exercise.objects.get(slug="standing-band-row"))

    assert "at waist height" in text
    assert "door anchor" in text
    assert "sturdy post" in text
    assert "squeezing your shoulder blades together" in text

    def shape(slug):
        return list(
            LadderRung.objects.filter(exercise__slug=slug)
            .order_by("position")
            .values_list("reps", "sessions_per_day", "band__slug")
        )

    assert shape("standing-band-row") == shape("seated-row")
    assert shape("standing-band-row")[-1][2] == "extra-heavy"


def test_the_standing_back_extension_faces_a_counter_and_never_goes_to_the_end_of_its_range():
    text = texts_of(Exercise.objects.get(slug="standing-back-extension"))

    assert "Stand facing a stable kitchen counter" in text
    assert "never in arching it" in text
    assert "never to the end of how far it goes" in text


def test_an_alternative_cannot_itself_be_done_on_the_floor():
    from django.core.exceptions import ValidationError

    row = Exercise.objects.get(slug="seated-row")
    row.floor_alternative = Exercise.objects.get(slug="back-extension")

    with pytest.raises(ValidationError, match="done on the floor too"):
        row.full_clean()


def test_only_a_floor_exercise_may_name_a_floor_alternative():
    from django.core.exceptions import ValidationError

    row = Exercise.objects.get(slug="chin-tuck")
    row.floor_alternative = Exercise.objects.get(slug="standing-band-row")

    with pytest.raises(ValidationError, match="Only a floor exercise has a floor alternative"):
        row.full_clean()


def test_the_database_refuses_an_alternative_on_an_exercise_that_is_not_on_the_floor():
    from django.db import IntegrityError, transaction

    with pytest.raises(IntegrityError), transaction.atomic():
        Exercise.objects.filter(slug="chin-tuck").update(
            floor_alternative=Exercise.objects.get(slug="standing-band-row")
        )


# Text fixes


def test_every_strengthening_exercise_says_to_breathe_out_on_the_effort_and_never_hold_it():
    for exercise in Exercise.objects.filter(kind__in=STRENGTH_KINDS):
        cues = " ".join(exercise.cues.values_list("text", flat=True))
        assert "Breathe out as you" in cues, exercise.slug
        assert "never hold your breath" in cues, exercise.slug


def test_the_seated_row_says_breathe_out_as_you_pull():
    assert "Breathe out as you pull and in as you release; never hold your breath." in cues_of(
        "seated-row"
    )


def test_the_standing_back_bend_faces_away_from_the_counter_with_one_hand_on_it():
    bend = Exercise.objects.get(slug="standing-back-bend")
    text = texts_of(bend)

    assert "facing away from it and close enough to touch it behind you" in text
    assert "Rest one hand on the counter and put the other hand on your hip" in text
    assert "Keep one hand on the counter the whole time" in text
    assert "hands on your hips" not in text
    assert "comfortable range" in text


def test_the_avoid_page_keeps_avoiding_high_impact_and_says_where_moderate_impact_fits(client):
    advice = AvoidedMovement.objects.get(slug="high-impact").advice

    assert advice.startswith("Avoid high impact such as running and jumping")
    assert "Moderate impact" in advice
    assert "physiotherapist's advice" in advice
    assert "After a fracture in the spine, keep impact to the level of brisk walking." in advice
    assertContains(client.get(reverse("exercises:avoid")), "level of brisk walking")


def test_the_landing_page_no_longer_calls_the_exercises_proven(client):
    response = client.get(reverse("home"))

    assertNotContains(response, "proven")
    assertContains(response, "back, balance and posture exercises")


# Pages


def test_a_guideline_exercise_page_says_it_comes_from_bone_health_guidelines(client):
    response = client.get(reverse("exercises:detail", args=["tandem-stance"]))

    assertContains(response, "From bone-health guidelines")


def test_a_program_exercise_page_carries_no_guidelines_mark(client):
    response = client.get(reverse("exercises:detail", args=["knee-lifts"]))

    assertNotContains(response, "From bone-health guidelines")


def test_every_floor_exercise_page_links_to_both_floor_guides_and_its_standing_version(client):
    for exercise in Exercise.objects.filter(on_floor=True).select_related("floor_alternative"):
        response = client.get(exercise.get_absolute_url())

        assertContains(response, "This exercise starts and ends on the floor.")
        assertContains(response, "practise with someone there at first")
        for slug in ("getting-down-to-the-floor", "getting-up-from-the-floor"):
            assertContains(response, f'href="{reverse("exercises:floor-guide", args=[slug])}"')
        assertContains(response, f'href="{exercise.floor_alternative.get_absolute_url()}"')


def test_an_exercise_not_done_on_the_floor_has_no_floor_section(client):
    assertNotContains(
        client.get(reverse("exercises:detail", args=["chin-tuck"])), "Done on the floor"
    )


def test_a_standing_version_names_the_floor_exercise_it_replaces(client):
    response = client.get(reverse("exercises:detail", args=["standing-band-row"]))

    assertContains(response, "This is the standing version of the")
    assertContains(response, f'href="{reverse("exercises:detail", args=["seated-row"])}"')


@pytest.mark.parametrize(
    ("slug", "words"),
    [
        ("getting-down-to-the-floor", ["one knee", "back straight", "Log-roll", "sturdy chair"]),
        (
            "getting-up-from-the-floor",
            ["roll onto your side", "hands and knees", "half-kneeling", "sturdy chair"],
        ),
    ],
)
def test_each_floor_guide_page_numbers_its_steps_and_says_to_practise_with_someone(
    client, slug, words
):
    response = client.get(reverse("exercises:floor-guide", args=[slug]))

    html = response.content.decode()
    steps = re.search(r'<ol class="steps-list">(.*?)</ol>', html, re.S).group(1)
    assert len(re.findall(r"<li>", steps)) >= 5
    for word in words:
        assert word.lower() in steps.lower(), word
    assertContains(response, "Practise with someone there the first few times")
    assertContains(response, "Ask your doctor first")


def test_an_unknown_floor_guide_is_a_404(client):
    assert client.get(reverse("exercises:floor-guide", args=["jumping-down"])).status_code == 404


def test_the_exercise_api_gives_a_floor_exercise_its_guides_and_standing_version(client):
    body = client.get(reverse("api:exercise-detail", args=["back-extension"])).json()

    assert body["on_floor"] is True
    assert body["floor_alternative"] == "standing-back-extension"
    assert [guide["slug"] for guide in body["floor_guides"]] == [
        "getting-down-to-the-floor",
        "getting-up-from-the-floor",
    ]
    guide = body["floor_guides"][0]
    assert guide["page"] == "http://testserver" + reverse(
        "exercises:floor-guide", args=["getting-down-to-the-floor"]
    )
    assert len(guide["steps"]) >= 5
    assert "Practise with someone" in guide["safety_note"]


def test_the_exercise_api_says_which_floor_exercise_a_standing_version_replaces(client):
    body = client.get(reverse("api:exercise-detail", args=["standing-back-extension"])).json()

    assert body["replaces"] == "back-extension"
    assert body["floor_guides"] == []
    assert body["source"] == "guidelines"


def test_getting_down_starts_by_holding_the_chair_back_so_nobody_bends_forward_to_reach_the_seat():
    (down,) = (guide for guide in FLOOR_GUIDES if guide["slug"] == "getting-down-to-the-floor")
    standing = next(step for step in down["steps"] if step.startswith("Stand"))

    assert "top of its back" in standing
    assert "seat" not in standing
