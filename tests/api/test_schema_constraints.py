"""The schema says what the server enforces, so a client generated from it sends nothing the
server refuses for its form (the rules that depend on data are said in words)."""

import pytest
from drf_spectacular.generators import SchemaGenerator

from osteofit.api_auth import CHALLENGE
from tracking.schedule import WEEKDAY_CODES


@pytest.fixture(scope="module")
def schema():
    return SchemaGenerator().get_schema(request=None, public=True)


def component(schema, name: str) -> dict:
    return schema["components"]["schemas"][name]


def test_training_days_are_three_or_four_different_weekday_codes(schema):
    days = component(schema, "PatchedProgramRequest")["properties"]["training_days"]

    assert (days["minItems"], days["maxItems"], days["uniqueItems"]) == (3, 4, True)
    assert component(schema, "WeekdayEnum")["enum"] == list(WEEKDAY_CODES)


def test_the_doctors_confirmation_can_only_be_true(schema):
    assert component(schema, "DoctorConfirmedEnum")["enum"] == [True]


def test_a_session_logs_at_least_one_entry(schema):
    assert component(schema, "SessionRequest")["properties"]["entries"]["minItems"] == 1


def test_a_session_id_in_a_path_is_an_integer(schema):
    (parameter,) = [
        p
        for p in schema["paths"]["/api/v1/sessions/{id}/"]["get"]["parameters"]
        if p["in"] == "path"
    ]

    assert parameter["schema"]["type"] == "integer"


def test_why_a_program_is_paused_is_an_enum_or_null(schema):
    assert component(schema, "PauseReasonEnum")["enum"] == ["chosen", "safety"]


def test_the_summary_day_is_a_weekday_code(schema):
    day = component(schema, "ReminderSettings")["properties"]["weekly_summary_day"]

    assert day["allOf"] == [{"$ref": "#/components/schemas/WeekdayEnum"}]


def test_an_obstacle_is_one_of_the_answers_offered(schema):
    assert component(schema, "ObstacleEnum")["enum"] == ["pain", "no_time", "forgot", "unwell"]


def test_logging_a_session_documents_its_headers_and_conflicts(schema):
    created = schema["paths"]["/api/v1/sessions/"]["post"]["responses"]

    assert {"Idempotent-Replayed", "Location", "ETag"} <= set(created["201"]["headers"])
    assert {"409", "422"} <= set(created)


@pytest.mark.parametrize("path", ["/api/v1/program/", "/api/v1/reminders/", "/api/v1/me/"])
def test_reads_document_etag_and_304_and_writes_412(schema, path):
    item = schema["paths"][path]

    assert "ETag" in item["get"]["responses"]["200"]["headers"]
    assert "304" in item["get"]["responses"]
    assert "412" in item["patch"]["responses"]


def test_every_list_takes_page_size_up_to_100(schema):
    for path, item in schema["paths"].items():
        names = {p["name"]: p for p in item.get("get", {}).get("parameters", [])}
        if "page" in names:
            assert names["page_size"]["schema"]["maximum"] == 100, path


def test_the_token_scheme_says_what_a_refusal_looks_like(schema):
    assert schema["components"]["securitySchemes"]["SessionToken"]["name"] == "X-Session-Token"
    assert CHALLENGE.startswith("Session ")
