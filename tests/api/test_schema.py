"""The OpenAPI schema: it validates, every operation documents its errors in the one Error shape,
every body is typed, and the interactive docs load nothing from another host."""

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
EVERY_OPERATION_DOCUMENTS = ("400", "401", "403", "404", "429")
METHODS = {"get", "put", "patch", "post", "delete"}


@pytest.fixture(scope="module")
def schema():
    return SchemaGenerator().get_schema(request=None, public=True)


def operations(schema):
    for path, item in schema["paths"].items():
        for method, operation in item.items():
            if method in METHODS:
                yield f"{method.upper()} {path}", operation


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


def test_every_documented_client_error_uses_the_error_schema(schema):
    untyped = [
        f"{name} {status}"
        for name, operation in operations(schema)
        for status, response in operation["responses"].items()
        if str(status).startswith("4")
        and response.get("content", {}).get("application/json") != {"schema": ERROR_REF}
    ]

    assert untyped == []


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
