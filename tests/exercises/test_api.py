"""The public, read-only catalogue API: its contract, filters, pagination and errors."""

import pytest
from django.urls import reverse

from tests.exercises.factories import ExerciseFactory

pytestmark = pytest.mark.django_db

EXERCISES = reverse("api:exercise-list")
AVOID = reverse("api:avoid-list")


def detail_url(slug: str) -> str:
    return reverse("api:exercise-detail", args=[slug])


def slugs(response) -> list[str]:
    return [result["slug"] for result in response.json()["results"]]


def test_anonymous_clients_can_read_the_catalogue(client):
    response = client.get(EXERCISES)

    assert response.status_code == 200
    assert response["Content-Type"] == "application/json"


def test_the_list_is_paginated_with_count_next_previous_and_results(client):
    body = client.get(EXERCISES).json()

    assert set(body) == {"count", "next", "previous", "results"}
    assert body["count"] == 12
    assert body["next"] is None
    assert body["previous"] is None
    assert [result["slug"] for result in body["results"]] == [
        "back-extension",
        "seated-row",
        "standing-back-bend",
        "shoulder-raises-and-rotations",
        "knee-lifts",
        "ankle-pulls",
        "tandem-stance",
        "single-leg-stand",
        "sit-to-stand",
        "chin-tuck",
        "standing-band-row",
        "standing-back-extension",
    ]


def test_each_result_carries_what_a_client_needs_to_show_and_prescribe_the_exercise(client):
    results = client.get(EXERCISES).json()["results"]

    for result in results:
        assert {
            "slug",
            "name",
            "kind",
            "equipment",
            "dose",
            "cadence",
            "ladder",
            "movements",
            "steps",
            "cues",
            "source",
            "on_floor",
            "floor_alternative",
            "replaces",
            "floor_guides",
            "pictures",
        } <= set(result)


def test_the_seated_row_result_spells_out_dose_cadence_ladder_movements_steps_and_cues(client):
    row = client.get(EXERCISES).json()["results"][1]

    assert row["name"] == "Seated Row"
    assert row["kind"] == "resistance"
    assert row["equipment"] == "resistance-band"
    assert row["dose"] == {
        "reps_min": 6,
        "reps_max": 8,
        "reps_per_side": False,
        "hold_seconds": 1,
        "sets": 1,
        "text": "6-8 repetitions, hold 1 second",
    }
    assert row["cadence"] == {
        "sessions_per_day_start": 1,
        "sessions_per_day_max": 2,
        "days_per_week_min": 3,
        "days_per_week_max": 4,
        "text": "once a day, building to twice, 3-4 days a week",
    }
    assert len(row["ladder"]) == 18
    assert row["ladder"][0] == {
        "rung": 0,
        "sets": 1,
        "reps": 6,
        "hold_seconds": 1,
        "sessions_per_day": 1,
        "band": "extra-light",
    }
    assert row["ladder"][-1]["band"] == "extra-heavy"
    assert row["movements"] == ["shoulder-blade-squeeze"]
    assert row["steps"][0] == "Sit tall, with your shoulders relaxed and down."
    assert len(row["cues"]) == 7
    assert any("Never reach forward for your toes" in cue for cue in row["cues"])
    assert "image" not in row
    assert (row["source"], row["on_floor"]) == ("program", True)
    assert (row["floor_alternative"], row["replaces"]) == ("standing-band-row", None)
    assert row["url"] == "http://testserver" + detail_url("seated-row")


def test_the_list_filters_by_kind(client):
    response = client.get(EXERCISES, {"kind": "stretch"})

    assert slugs(response) == [
        "standing-back-bend",
        "shoulder-raises-and-rotations",
        "knee-lifts",
        "ankle-pulls",
    ]


def test_the_list_filters_by_equipment(client):
    response = client.get(EXERCISES, {"equipment": "floor-mat"})

    assert slugs(response) == ["back-extension"]


def test_the_list_is_searched_with_q(client):
    response = client.get(EXERCISES, {"q": "band"})

    assert slugs(response) == ["seated-row", "standing-band-row"]
    assert response.json()["count"] == 2


def test_an_unknown_kind_is_a_400_that_names_the_filter(client):
    response = client.get(EXERCISES, {"kind": "juggling"})

    assert response.status_code == 400
    assert "kind" in response.json()["fields"]


def test_the_list_pages_twenty_at_a_time_with_a_link_to_the_next_page(client):
    ExerciseFactory.create_batch(20)

    first = client.get(EXERCISES).json()
    second = client.get(first["next"]).json()

    assert first["count"] == 32
    assert len(first["results"]) == 20
    assert first["next"] == "http://testserver" + EXERCISES + "?page=2"
    assert len(second["results"]) == 12
    assert second["next"] is None
    assert second["previous"] == "http://testserver" + EXERCISES
    assert {r["slug"] for r in first["results"]}.isdisjoint(r["slug"] for r in second["results"])


def test_pagination_keeps_the_filters(client):
    ExerciseFactory.create_batch(21, kind="balance")

    first = client.get(EXERCISES, {"kind": "balance"}).json()
    second = client.get(first["next"]).json()

    assert first["count"] == 23  # the two built-in balance exercises too
    assert "kind=balance" in first["next"]
    assert {r["kind"] for r in second["results"]} == {"balance"}


def test_a_page_past_the_end_is_a_404(client):
    response = client.get(EXERCISES, {"page": 2})

    assert response.status_code == 404
    assert response.json() == {"detail": "Invalid page.", "code": "not_found", "fields": {}}


def test_one_exercise_is_read_by_its_slug(client):
    response = client.get(detail_url("knee-lifts"))

    assert response.status_code == 200
    body = response.json()
    assert body["slug"] == "knee-lifts"
    assert body["dose"]["reps_per_side"] is True
    assert any("Never lie on your back" in cue for cue in body["cues"])


def test_an_unknown_slug_is_a_404_with_a_json_error(client):
    response = client.get(detail_url("toe-touches"))

    assert response.status_code == 404
    assert response["Content-Type"] == "application/json"
    assert response.json() == {
        "detail": "No Exercise matches the given query.",
        "code": "not_found",
        "fields": {},
    }


def test_the_avoid_list_gives_each_movement_with_its_reason_examples_and_advice(client):
    response = client.get(AVOID)

    assert response.status_code == 200
    body = response.json()
    assert [entry["slug"] for entry in body] == [
        "high-impact",
        "bending-forward",
        "twisting",
        "some-yoga-and-pilates",
    ]
    for entry in body:
        assert set(entry) == {
            "slug",
            "name",
            "reason",
            "examples",
            "advice",
            "caution_only",
            "movements",
        }
        assert entry["reason"]
    assert body[1]["examples"][:2] == ["toe touches", "sit-ups"]
    assert body[1]["movements"] == ["spinal-flexion"]
    assert body[3]["caution_only"] is True


def test_one_avoid_entry_is_read_by_its_slug(client):
    response = client.get(reverse("api:avoid-detail", args=["twisting"]))

    assert response.status_code == 200
    assert response.json()["movements"] == ["spinal-twist"]


@pytest.mark.parametrize("method", ["post", "put", "patch", "delete"])
@pytest.mark.parametrize("url", [EXERCISES, detail_url("seated-row"), AVOID])
def test_the_catalogue_cannot_be_written_through_the_api(client, method, url):
    response = getattr(client, method)(url, {"name": "Toe Touch"}, content_type="application/json")

    assert response.status_code in (403, 405)


def test_signed_in_people_cannot_write_the_catalogue_either(signed_in_client):
    response = signed_in_client.post(
        EXERCISES, {"slug": "toe-touch", "name": "Toe Touch"}, content_type="application/json"
    )

    assert response.status_code in (403, 405)
