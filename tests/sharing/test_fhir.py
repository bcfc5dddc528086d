"""The FHIR R4 export: a Bundle that validates, carries the codes the HL7 Physical Activity IG
gives, and reads back to the same sessions and pain values as the database.

The second, independent check is our own structural reading of the R4 rules the models do not
cover (references that resolve inside the bundle, required elements, value ranges, the R4
dateTime pattern): no package on the registries this machine may use ships the official FHIR
JSON schema or a second set of R4 models that could be installed for the test."""

import json
import re

import pytest
from fhir.resources.R4B.bundle import Bundle

from tests.reauth import reauthenticated
from tests.sharing.helpers import program_with_history
from tests.tracking.factories import session_logged
from tracking import fhir
from tracking.models import Session

pytestmark = pytest.mark.django_db

EXPORT = "/api/v1/me/export/fhir/"
PAGE = "/account/export/fhir/"
# The R4 dateTime and date patterns, from the specification's datatypes page.
R4_DATETIME = re.compile(
    r"([0-9]([0-9]([0-9][1-9]|[1-9]0)|[1-9]00)|[1-9]000)(-(0[1-9]|1[0-2])(-(0[1-9]|[1-2][0-9]"
    r"|3[0-1])(T([01][0-9]|2[0-3]):[0-5][0-9]:([0-5][0-9]|60)(\.[0-9]+)?(Z|(\+|-)((0[0-9]|1[0-3])"
    r":[0-5][0-9]|14:00)))?)?)?"
)
R4_DAYS = {"mon", "tue", "wed", "thu", "fri", "sat", "sun"}
REQUIRED = {
    "Patient": (),
    "CarePlan": ("status", "intent", "subject"),
    "ServiceRequest": ("status", "intent", "subject"),
    "Observation": ("status", "code"),
}


@pytest.fixture
def program():
    program = program_with_history()
    session_logged(program, pain_before=2, pain_after=5)  # a step back today
    return program


@pytest.fixture
def document(client, program):
    reauthenticated(client, program.user)
    response = client.get(EXPORT)
    assert response.status_code == 200, response.content
    assert response["Content-Type"].startswith("application/fhir+json")
    return json.loads(response.content)


def resources(document, kind):
    return [e["resource"] for e in document["entry"] if e["resource"]["resourceType"] == kind]


def codes(resource) -> set[tuple[str, str]]:
    return {(c["system"], c["code"]) for c in resource["code"]["coding"]}


def test_the_export_is_a_bundle_of_type_collection_that_validates(document):
    bundle = Bundle.model_validate(document)

    assert bundle.type == "collection"
    assert {e.resource.get_resource_type() for e in bundle.entry} == {
        "Patient",
        "CarePlan",
        "ServiceRequest",
        "Observation",
    }


def test_the_patient_holds_the_email_and_no_name_unless_given(program):
    program.user.first_name = program.user.last_name = ""
    program.user.save()

    (patient,) = resources(fhir.bundle(program.user), "Patient")

    assert patient["telecom"] == [{"system": "email", "value": program.user.email}]
    assert "name" not in patient


def test_a_given_name_is_in_the_patient(client, program):
    program.user.first_name, program.user.last_name = "Ada", "Byron"
    program.user.save()

    (patient,) = resources(fhir.bundle(program.user), "Patient")

    assert patient["name"] == [{"text": "Ada Byron", "family": "Byron", "given": ["Ada"]}]


def test_each_exercise_is_a_service_request_for_exercise_therapy_on_the_training_days(
    document, program
):
    requests = resources(document, "ServiceRequest")
    (plan,) = resources(document, "CarePlan")

    assert len(requests) == program.prescriptions.count()
    for request in requests:
        assert codes(request) == {("http://snomed.info/sct", "229065009")}
        assert request["patientInstruction"]
        assert set(request["occurrenceTiming"]["repeat"]["dayOfWeek"]) >= set(program.weekday_codes)
    assert len(plan["activity"]) == len(requests)


def test_pain_before_and_after_are_loinc_72514_3_observations_at_the_session_time(
    document, program
):
    pain = [
        o for o in resources(document, "Observation") if ("http://loinc.org", "72514-3") in codes(o)
    ]
    sessions = Session.objects.filter(user=program.user)

    assert len(pain) == 2 * sessions.count()
    assert all(0 <= o["valueInteger"] <= 10 for o in pain)
    times = {o["effectiveDateTime"] for o in pain}
    assert times == {fhir._moment(s.performed_at) for s in sessions}


def test_strength_days_per_week_are_loinc_82291_6_in_ucum_days_per_week(document, program):
    weeks = [
        o for o in resources(document, "Observation") if ("http://loinc.org", "82291-6") in codes(o)
    ]

    assert weeks
    for week in weeks:
        assert week["valueQuantity"]["unit"] == "d/wk"
        assert week["valueQuantity"]["code"] == "d/wk"
        assert week["valueQuantity"]["system"] == "http://unitsofmeasure.org"
        assert {c["code"] for cat in week["category"] for c in cat["coding"]} == {
            "activity",
            "PhysicalActivity",
        }
    assert sum(w["valueQuantity"]["value"] for w in weeks) == len(
        set(Session.objects.filter(program=program).values_list("local_date", flat=True))
    )


def test_each_move_up_or_back_is_a_progress_note_on_its_exercise(document, program):
    (plan,) = resources(document, "CarePlan")

    notes = [note["text"] for activity in plan["activity"] for note in activity.get("progress", [])]

    assert sorted(notes) == sorted(
        program.events.filter(kind__in=["advance", "step_back"]).values_list("message", flat=True)
    )
    assert notes


def test_reading_the_bundle_back_gives_the_same_sessions_and_pain_values(document, program):
    bundle = Bundle.model_validate_json(json.dumps(document))
    read_back: dict[str, dict[str, int]] = {}
    for entry in bundle.entry:
        resource = entry.resource
        if resource.get_resource_type() != "Observation" or not resource.identifier:
            continue
        if resource.identifier[0].system.endswith("/fhir/session"):
            kind = {c.code for c in resource.code.coding} & {"pain-before", "pain-after"}
            if kind:
                read_back.setdefault(resource.identifier[0].value, {})[kind.pop()] = (
                    resource.valueInteger
                )

    in_database = {
        str(s.pk): {"pain-before": s.pain_before, "pain-after": s.pain_after}
        for s in Session.objects.filter(user=program.user)
    }
    assert read_back == in_database


def test_the_bundle_keeps_the_r4_rules_the_models_do_not_check(document):
    """Our own structural check, independent of fhir.resources."""
    urls = [entry["fullUrl"] for entry in document["entry"]]
    assert len(urls) == len(set(urls))
    assert all(re.fullmatch(r"urn:uuid:[0-9a-f-]{36}", url) for url in urls)
    for entry in document["entry"]:
        resource = entry["resource"]
        for name in REQUIRED[resource["resourceType"]]:
            assert resource.get(name), f"{resource['resourceType']}.{name} is required"
        for reference in _references(resource):
            assert reference in urls, f"{reference} does not resolve inside the bundle"
        for moment in _datetimes(resource):
            assert R4_DATETIME.fullmatch(moment), moment
        if resource["resourceType"] == "Observation":
            assert resource["status"] in {"final", "amended", "corrected", "preliminary"}
            assert len([k for k in resource if k.startswith("value")]) == 1
        if resource["resourceType"] == "ServiceRequest":
            assert set(resource["occurrenceTiming"]["repeat"]["dayOfWeek"]) <= R4_DAYS
            assert resource["intent"] in {"proposal", "plan", "directive", "order"}


def _references(node):
    if isinstance(node, dict):
        for key, value in node.items():
            if key == "reference" and isinstance(value, str):
                yield value
            else:
                yield from _references(value)
    elif isinstance(node, list):
        for value in node:
            yield from _references(value)


def _datetimes(resource):
    for key in ("effectiveDateTime", "created", "time"):
        if key in resource:
            yield resource[key]
    for note in resource.get("note", []):
        yield note["time"]
    for activity in resource.get("activity", []):
        for note in activity.get("progress", []):
            yield note["time"]


def test_the_account_page_offers_the_same_bundle_after_confirming_it_is_you(client, program):
    reauthenticated(client, program.user)

    response = client.get(PAGE)

    assert response.status_code == 200
    assert response["Content-Type"] == "application/fhir+json"
    assert "attachment;" in response["Content-Disposition"]
    Bundle.model_validate_json(response.content)
