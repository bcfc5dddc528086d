"""The pure composition rules: what a program holds, and how far its bands may climb."""

import datetime as dt

from hypothesis import given, settings
from hypothesis import strategies as st

from tracking import composition, progression
from tracking.composition import Answers, Candidate

CATALOGUE = [
    Candidate("back-extension", on_floor=True, floor_alternative="standing-back-extension"),
    Candidate("seated-row", on_floor=True, floor_alternative="standing-band-row"),
    Candidate("standing-back-extension"),
    Candidate("standing-band-row"),
    Candidate("standing-back-bend"),
    Candidate("tandem-stance"),
]
CLEARED = dt.date(2026, 11, 2)


def test_someone_who_can_use_the_floor_holds_the_floor_exercises_and_no_alternative():
    held = composition.compose(CATALOGUE, Answers(floor_ok=True, spinal_fracture=False))

    assert held == ("back-extension", "seated-row", "standing-back-bend", "tandem-stance")


def test_someone_who_cannot_use_the_floor_holds_the_alternatives_in_their_place():
    held = composition.compose(CATALOGUE, Answers(floor_ok=False, spinal_fracture=False))

    assert held == (
        "standing-back-extension",
        "standing-band-row",
        "standing-back-bend",
        "tandem-stance",
    )


def test_after_a_spinal_fracture_floor_work_waits_for_the_physiotherapist():
    waiting = composition.compose(CATALOGUE, Answers(floor_ok=True, spinal_fracture=True))
    cleared = composition.compose(
        CATALOGUE, Answers(floor_ok=True, spinal_fracture=True, physio_cleared_on=CLEARED)
    )

    assert "back-extension" not in waiting and "seated-row" not in waiting
    assert "standing-band-row" in waiting
    assert cleared[:2] == ("back-extension", "seated-row")


def test_a_physiotherapists_yes_does_not_bring_floor_work_to_someone_who_cannot_use_the_floor():
    held = composition.compose(
        CATALOGUE, Answers(floor_ok=False, spinal_fracture=True, physio_cleared_on=CLEARED)
    )

    assert not {"back-extension", "seated-row"} & set(held)


def test_a_floor_exercise_without_an_alternative_is_left_out_when_the_floor_is_not_safe():
    held = composition.compose(
        [Candidate("floor-only", on_floor=True), Candidate("knee-lifts")],
        Answers(floor_ok=False, spinal_fracture=False),
    )

    assert held == ("knee-lifts",)


def test_stronger_bands_wait_after_a_fracture_until_the_day_after_the_yes():
    fractured = Answers(floor_ok=True, spinal_fracture=True, physio_cleared_on=CLEARED)

    assert composition.stronger_bands_allowed(Answers(True, False), CLEARED)
    assert not composition.stronger_bands_allowed(Answers(True, True), CLEARED)
    assert not composition.stronger_bands_allowed(fractured, CLEARED)
    assert composition.stronger_bands_allowed(fractured, CLEARED + dt.timedelta(days=1))


BANDS = ("extra-light",) * 6 + ("light",) * 3 + ("medium",) * 3


def test_the_capped_ladder_stops_below_its_first_stronger_band():
    assert composition.lightest_band_top(BANDS) == 5
    assert composition.lightest_band_top((None, None, None)) == 2
    assert len(composition.within_allowed(range(12), BANDS, allowed=False)) == 6
    assert len(composition.within_allowed(range(12), BANDS, allowed=True)) == 12


LADDER = tuple(
    progression.Rung(sets=1, reps=6 + n % 3, sessions_per_day=1, band=band)
    for n, band in enumerate(BANDS)
)


@settings(max_examples=60, deadline=None)
@given(
    st.lists(
        st.tuples(st.integers(0, 10), st.integers(0, 10), st.integers(0, 10), st.booleans()),
        min_size=1,
        max_size=60,
    )
)
def test_the_fold_never_climbs_past_the_lightest_band_on_a_capped_ladder(days):
    capped = composition.within_allowed(LADDER, BANDS, allowed=False)
    history = [
        progression.Logged(
            dt.date(2026, 1, 1) + dt.timedelta(days=n),
            progression.Outcome(
                sets=1, reps=8, pain_before=before, pain_after=after, effort=effort, red_flag=flag
            ),
        )
        for n, (before, after, effort, flag) in enumerate(days)
    ]

    state, decisions = progression.fold(capped, progression.Policy(), history)

    assert state.position <= 5
    assert all(LADDER[d.after.position].band == "extra-light" for d in decisions)


def test_many_comfortable_days_on_a_capped_ladder_rest_at_its_top():
    capped = composition.within_allowed(LADDER, BANDS, allowed=False)
    comfortable = progression.Outcome(sets=1, reps=8, pain_before=0, pain_after=0, effort=5)
    history = [
        progression.Logged(dt.date(2026, 1, 1) + dt.timedelta(days=n), comfortable)
        for n in range(40)
    ]

    state, _ = progression.fold(capped, progression.Policy(), history)

    assert state.position == 5
