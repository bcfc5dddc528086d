"""The OpenAPI schema: it validates, every operation documents its errors in the one Error shape,
every body is typed, one security scheme and one tag per resource, and the interactive docs load
nothing from another host."""

import re
from html.parser import HTMLParser
from urllib.parse import urlsplit

import jsonschema
import pytest
from django.core.management import call_command
from drf_spectacular.generators import SchemaGenerator

from tests.api.helpers import EXPORT
from tests.reauth import reauthenticated
from tests.tracking.factories import ProgramFactory, session_logged

ERROR_REF = {"$ref": "#/components/schemas/Error"}
EVERY_OPERATION_DOCUMENTS = ("400", "401", "403", "404", "429", "503")
METHODS = {"get", "put", "patch", "post", "delete"}
WRITES = {"put", "patch", "post", "delete"}
# A resource read and changed at one address: its GET has an ETag, its changes take If-Match.
CONDITIONAL = {
    "/api/v1/me/",
    "/api/v1/program/",
    "/api/v1/reminders/",
    "/api/v1/sessions/{id}/",
}
# What a description must not show a client: our own module paths.
INTERNAL_NAME = re.compile(r"\b(osteofit|tracking|exercises)\.[a-z_]+|\.py\b")


@pytest.fixture(scope="module")
def schema():
    return SchemaGenerator().get_schema(request=None, public=True)


def operations(schema):
    for path, item in schema["paths"].items():
        for method, operation in item.items():
            if method in METHODS:
                yield f"{method.upper()} {path}", operation


def descriptions(node, where="schema"):
    """Every description in the document, with where it is."""
    if isinstance(node, dict):
        for key, value in node.items():
            if key == "description" and isinstance(value, str):
                yield where, value
            else:
                yield from descriptions(value, f"{where}.{key}")
    elif isinstance(node, list):
        for index, value in enumerate(node):
            yield from descriptions(value, f"{where}[{index}]")


def test_the_schema_validates_with_no_warnings(tmp_path):
    # --fail-on-warn turns any warning of drf-spectacular (an untyped field, a view it cannot
    # read) into an error, and --validate checks the result against the OpenAPI 3 spec.
    call_command("spectacular", "--validate", "--fail-on-warn", "--file", str(tmp_path / "s.yaml"))

    assert (tmp_path / "s.yaml").read_text().startswith("openapi: 3")


def test_every_operation_documents_the_common_errors_with_the_error_schema(schema):
    missing = [
        f"{name} {status}"
        for name, operation in operations(schema)
        for status in EVERY_OPERATION_DOCUMENTS
        if operation["responses"].get(status, {}).get("content", {}).get("application/json")
        != {"schema": ERROR_REF}
    ]

    assert list(operations(schema))
    assert missing == []


def test_every_documented_error_uses_the_error_schema(schema):
    untyped = [
        f"{name} {status}"
        for name, operation in operations(schema)
        for status, response in operation["responses"].items()
        if str(status).startswith(("4", "5"))
        and response.get("content", {}).get("application/json") != {"schema": ERROR_REF}
    ]

    assert untyped == []


def test_every_write_documents_a_conflict_and_every_body_its_content_type(schema):
    missing = [
        f"{method.upper()} {path} {status}"
        for path, item in schema["paths"].items()
        for method, operation in item.items()
        if method in WRITES
        for status in ("409", *(("413", "415") if "requestBody" in operation else ()))
        if status not in operation["responses"]
    ]

    assert missing == []


def test_too_many_requests_and_unavailable_say_when_to_try_again(schema):
    missing = [
        f"{name} {status}"
        for name, operation in operations(schema)
        for status in ("429", "503")
        if "Retry-After" not in operation["responses"][status].get("headers", {})
    ]

    assert missing == []


def test_every_created_answer_says_where_it_is(schema):
    created = [
        (name, operation["responses"]["201"])
        for name, operation in operations(schema)
        if "201" in operation["responses"]
    ]

    assert created
    assert [
        name for name, response in created if "Location" not in response.get("headers", {})
    ] == []


def test_resources_have_an_etag_and_their_changes_take_if_match(schema):
    for path in CONDITIONAL:
        item = schema["paths"][path]
        read = item["get"]
        assert "ETag" in read["responses"]["200"]["headers"], path
        assert "304" in read["responses"], path
        assert "If-None-Match" in header_parameters(read), path
        for method in set(item) & {"put", "patch", "delete"}:
            assert "If-Match" in header_parameters(item[method]), f"{method} {path}"
            assert "412" in item[method]["responses"], f"{method} {path}"


def test_a_collection_takes_no_if_match(schema):
    assert "If-Match" not in header_parameters(schema["paths"]["/api/v1/sessions/"]["post"])
    assert "412" not in schema["paths"]["/api/v1/sessions/"]["post"]["responses"]


def test_a_replayed_session_is_marked_as_replayed(schema):
    created = schema["paths"]["/api/v1/sessions/"]["post"]["responses"]["201"]

    assert "Idempotent-Replayed" in created["headers"]


def header_parameters(operation):
    return {p["name"] for p in operation.get("parameters", []) if p["in"] == "header"}


def test_there_is_one_security_scheme_for_the_session_token(schema):
    schemes = schema["components"]["securitySchemes"]
    token_schemes = [
        name
        for name, scheme in schemes.items()
        if scheme.get("in") == "header" and scheme.get("name") == "X-Session-Token"
    ]

    assert token_schemes == ["SessionToken"]
    for name, operation in operations(schema):
        requirements = [next(iter(r), None) for r in operation.get("security", [])]
        assert requirements.count("SessionToken") == 1, name


def test_every_operation_is_tagged_with_its_resource_and_every_tag_says_what_it_is(schema):
    tags = {tag["name"]: tag["description"] for tag in schema["tags"]}

    for name, operation in operations(schema):
        resource = name.split()[1].removeprefix("/api/v1/").split("/")[0]
        assert operation["tags"] == [resource], name
    assert "v1" not in tags
    assert all(tags.values())
    assert {tag for _, operation in operations(schema) for tag in operation["tags"]} == set(tags)


def test_operation_ids_do_not_repeat_the_version(schema):
    ids = [operation["operationId"] for _, operation in operations(schema)]

    assert len(ids) == len(set(ids))
    assert [i for i in ids if i.startswith("v1")] == []


def test_no_description_names_our_own_modules(schema):
    internal = [
        f"{where}: {text}" for where, text in descriptions(schema) if INTERNAL_NAME.search(text)
    ]

    assert internal == []


def test_nothing_a_client_sends_has_a_default(schema):
    # A generated client fills documented defaults in, so a change of the program would carry
    # `recent_fracture: false` and undo the person's answer.
    defaults = [
        f"{name}.{field}"
        for name, component in schema["components"]["schemas"].items()
        if name.endswith("Request")
        for field, definition in component.get("properties", {}).items()
        if "default" in definition
    ]

    assert any(name.endswith("Request") for name in schema["components"]["schemas"])
    assert defaults == []


def test_the_error_schema_has_detail_code_and_fields(schema):
    error = schema["components"]["schemas"]["Error"]

    assert set(error["required"]) == {"detail", "code", "fields"}
    assert error["properties"]["fields"]["type"] == "object"


def test_every_successful_response_with_a_body_is_typed(schema):
    untyped = [
        f"{name} {status}"
        for name, operation in operations(schema)
        for status, response in operation["responses"].items()
        if str(status).startswith("2")
        and status != "204"
        # JSON, or the download's own type (application/fhir+json, text/csv)
        and not any(media.get("schema") for media in response.get("content", {}).values())
    ]

    assert untyped == []


def test_every_request_body_is_typed(schema):
    untyped = [
        name
        for name, operation in operations(schema)
        if "requestBody" in operation
        and not operation["requestBody"]["content"].get("application/json", {}).get("schema")
    ]

    assert untyped == []


def as_json_schema(node):
    """OpenAPI 3.0's `nullable: true` as JSON Schema understands it."""
    if isinstance(node, list):
        return [as_json_schema(item) for item in node]
    if not isinstance(node, dict):
        return node
    converted = {key: as_json_schema(value) for key, value in node.items() if key != "nullable"}
    return {"anyOf": [converted, {"type": "null"}]} if node.get("nullable") else converted


@pytest.mark.django_db
def test_a_real_export_matches_its_documented_schema(client, schema):
    program = ProgramFactory()
    session_logged(program, red_flag=True)  # a session with entries, and a pause event
    reauthenticated(client, program.user)  # the export asks for the password first
    documented = schema["paths"][EXPORT]["get"]["responses"]["200"]["content"]["application/json"]

    document = client.get(EXPORT).json()

    assert document["sessions"]
    assert document["events"]
    jsonschema.validate(
        document,
        as_json_schema({**documented["schema"], "components": schema["components"]}),
    )


@pytest.mark.django_db
def test_the_export_of_a_running_program_matches_its_documented_schema(client, schema):
    program = ProgramFactory()  # not paused: no pause reason
    session_logged(program)
    reauthenticated(client, program.user)
    documented = schema["paths"][EXPORT]["get"]["responses"]["200"]["content"]["application/json"]

    document = client.get(EXPORT).json()

    assert [row["pause_reason"] for row in document["programs"]] == [""]
    jsonschema.validate(
        document,
        as_json_schema({**documented["schema"], "components": schema["components"]}),
    )


@pytest.mark.django_db
@pytest.mark.parametrize(
    ("url", "content_type"),
    [
        ("/api/schema/", "application/vnd.oai.openapi"),
        ("/api/schema/?format=json", "application/vnd.oai.openapi+json"),
    ],
)
def test_the_schema_is_served_to_anyone(client, url, content_type):
    response = client.get(url)

    assert response.status_code == 200
    assert response["Content-Type"].startswith(content_type)


class _Assets(HTMLParser):
    def __init__(self):
        super().__init__()
        self.urls: list[str] = []

    def handle_starttag(self, tag, attrs):
        attributes = dict(attrs)
        for name in ("src", "href"):
            if tag in {"script", "link", "img"} and attributes.get(name):
                self.urls.append(attributes[name])


@pytest.mark.django_db
def test_the_interactive_docs_load_their_scripts_and_styles_from_our_own_static_files(client):
    response = client.get("/api/docs/")

    assert response.status_code == 200
    parser = _Assets()
    parser.feed(response.content.decode())
    kinds = {url.rsplit(".", 1)[-1] for url in parser.urls}
    assert {"js", "css"} <= kinds, parser.urls
    for url in parser.urls:
        parts = urlsplit(url)
        assert not parts.scheme, f"{url} comes from another host"
        assert not parts.netloc, f"{url} comes from another host"
        assert url.startswith("/static/"), url
        asset = client.get(url)
        assert asset.status_code == 200, url
        asset.close()  # WhiteNoise streams the file; let it go


@pytest.mark.django_db
def test_the_interactive_docs_point_at_our_schema(client):
    html = client.get("/api/docs/").content.decode()

    assert '"/api/schema/"' in html
    for host in ("unpkg.com", "jsdelivr", "cdnjs", "googleapis"):
        assert host not in html
