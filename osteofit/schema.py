"""What the OpenAPI schema says about every operation at once, so a generated client knows it.

drf-spectacular documents each view from its serializers; this post-processing hook adds what
holds across the API and is not any one view's business:

- the errors every operation may answer, all in the one `Error` shape (`osteofit.api_errors`),
  with the `Retry-After` header on 429 and 503;
- conditional requests: a resource read and written at one address (the program, the reminder
  settings, me, a session) has an `ETag` on its GET (`If-None-Match` -> 304), and its writes
  take an optional `If-Match` (-> 412 when it no longer matches);
- `Location` on every 201, `Idempotent-Replayed` on a replayed answer;
- one tag per resource, with a line that says what the resource is;
- no `default` in what a client sends: a field left out of an update keeps its value, and a
  generated client fills a documented default in (openapi-python-client does), so it would send
  `recent_fracture: false` with every change of the program, undoing the person's answer.

The tag of an operation is the first part of its path after `/api/v1/` (SCHEMA_PATH_PREFIX).
"""

from osteofit.api_errors import ERROR_SCHEMA

PATH_PREFIX = "/api/v1/"

# The tags in the order the docs list them. A new resource needs its line here (the schema tests
# fail on a tag without one).
TAGS = {
    "me": "Your account: profile, time zone, data export, deleting the account.",
    "program": "Your program: start it, change training days, pause and resume.",
    "sessions": "Logged sessions: log one, correct it, delete it; sync changes and deletions.",
    "schedule": "What is due on which day.",
    "progress": "Where each exercise stands on its ladder, and why it moved.",
    "week": "This week at a glance.",
    "reflections": "The weekly answer to what got in the way.",
    "reminders": "Reminder emails: on or off, the time, the weekly summary.",
    "calendar": "The private calendar feed address of your training days, and its reset.",
    "shares": "Read-only reports shared with a clinician.",
    "exercises": "The exercise catalogue: instructions, safety cues, dose and ladder.",
    "avoid": "Movements to avoid, each with its reason.",
}

ERROR = {"application/json": {"schema": {"$ref": "#/components/schemas/Error"}}}
RETRY_AFTER = {
    "Retry-After": {
        "description": "How many seconds to wait before trying again.",
        "schema": {"type": "integer", "minimum": 0},
    }
}

# Every operation.
ERROR_RESPONSES = {
    "400": "The request is not valid; `fields` says which fields and why.",
    "401": "Not signed in, or the session token has expired or was logged out: log in again. "
    "The answer carries `WWW-Authenticate`; `code` is `not_authenticated` or "
    "`authentication_failed`.",
    "403": "Signed in, but not allowed; `code` says why (for example `reauthentication_required`).",
    "404": "Not found, or not yours.",
    "429": "Too many requests; wait for the number of seconds in `Retry-After`.",
    "503": "The service is briefly unavailable; try again after `Retry-After` seconds.",
}
# Operations that take a body.
BODY_ERROR_RESPONSES = {
    "413": "The body is larger than the server accepts (about 2.5 MB).",
    "415": "The body must be JSON: send `Content-Type: application/json`.",
}
# Operations that change something.
WRITE_ERROR_RESPONSES = {
    "409": "Not possible in the current state of your records; `code` says why (for example "
    "`paused_for_safety`).",
}
IDEMPOTENT_ERROR_RESPONSES = {
    "409": "This Idempotency-Key was used for a session that has since been deleted: code "
    "`idempotency_key_used`.",
    "422": "This Idempotency-Key was used for a different request.",
}
STALE_RESPONSE = {
    "412": "`If-Match` does not match the current `ETag`: someone changed it since you read it. "
    "Read it again, then repeat the change."
}
HEADERS_WITH_RETRY_AFTER = ("429", "503")

WRITES = {"post", "put", "patch", "delete"}
# Writes to what is there (not a POST to a collection): a GET beside one makes a resource.
CHANGES = {"put", "patch", "delete"}
METHODS = WRITES | {"get"}

ETAG = {
    "ETag": {
        "description": "A strong validator of this representation; send it back in `If-Match` "
        "to change it safely, or in `If-None-Match` to read it only if it changed.",
        "schema": {"type": "string"},
    }
}
IF_NONE_MATCH = {
    "in": "header",
    "name": "If-None-Match",
    "required": False,
    "schema": {"type": "string"},
    "description": "The `ETag` you hold: the answer is 304 with no body while it still matches.",
}
IF_MATCH = {
    "in": "header",
    "name": "If-Match",
    "required": False,
    "schema": {"type": "string"},
    "description": "The `ETag` you read: the change is made only if it still matches (412 if "
    "not). Leave it out to change it whatever its state.",
}
NOT_MODIFIED = {"304": {"description": "Not modified: the `ETag` in `If-None-Match` matches."}}
LOCATION = {
    "Location": {
        "description": "The address of what was created.",
        "schema": {"type": "string", "format": "uri"},
    }
}
IDEMPOTENT_REPLAYED = {
    "Idempotent-Replayed": {
        "description": "`true` when this is the stored answer to an earlier request with the "
        "same Idempotency-Key (nothing new was done).",
        "schema": {"type": "string", "enum": ["true"]},
    }
}


def postprocess(result, generator, request, public):
    """drf-spectacular POSTPROCESSING_HOOKS entry: see the module docstring."""
    components = result.setdefault("components", {}).setdefault("schemas", {})
    components["Error"] = ERROR_SCHEMA
    for name in _request_components(result):
        for field in components[name].get("properties", {}).values():
            field.pop("default", None)
    for path, item in result.get("paths", {}).items():
        conditional = "get" in item and bool(CHANGES & set(item))
        for method, operation in item.items():
            if method not in METHODS:
                continue
            _document_errors(method, operation, conditional)
            _document_headers(method, operation, conditional)
            operation["tags"] = [_tag(path)]
    used = {
        tag
        for item in result.get("paths", {}).values()
        for op in item.values()
        for tag in op.get("tags", [])
    }
    result["tags"] = [
        {"name": name, "description": text} for name, text in TAGS.items() if name in used
    ]
    return result


def _request_components(result) -> set[str]:
    """The components request bodies use (COMPONENT_SPLIT_REQUEST keeps them apart from the
    answers'), and the components those use in turn."""
    schemas = result["components"]["schemas"]
    found: set[str] = set()
    pending = [
        media["schema"]
        for item in result.get("paths", {}).values()
        for operation in item.values()
        if isinstance(operation, dict) and "requestBody" in operation
        for media in operation["requestBody"].get("content", {}).values()
    ]
    while pending:
        node = pending.pop()
        if isinstance(node, list):
            pending.extend(node)
        elif isinstance(node, dict):
            reference = node.get("$ref", "")
            name = reference.removeprefix("#/components/schemas/")
            if reference and name not in found and name in schemas:
                found.add(name)
                pending.append(schemas[name])
            pending.extend(value for key, value in node.items() if key != "$ref")
    return found


def _tag(path: str) -> str:
    if not path.startswith(PATH_PREFIX):
        return path.strip("/").split("/")[0]
    return path.removeprefix(PATH_PREFIX).split("/")[0]


def _document_errors(method: str, operation: dict, conditional: bool) -> None:
    responses = operation.setdefault("responses", {})
    errors = dict(ERROR_RESPONSES)
    if "requestBody" in operation:
        errors.update(BODY_ERROR_RESPONSES)
    if method in WRITES:
        errors.update(WRITE_ERROR_RESPONSES)
    if _has_parameter(operation, "Idempotency-Key"):
        errors.update(IDEMPOTENT_ERROR_RESPONSES)
    if conditional and method in CHANGES:
        errors.update(STALE_RESPONSE)
    for status, description in errors.items():
        responses.setdefault(status, {"description": description})
    for status, response in responses.items():
        if status.startswith(("4", "5")):
            # An error an operation declares itself (e.g. 422) has the same body as the rest.
            response.setdefault("content", ERROR)
        if status in HEADERS_WITH_RETRY_AFTER:
            response.setdefault("headers", {}).update(RETRY_AFTER)


def _document_headers(method: str, operation: dict, conditional: bool) -> None:
    responses = operation["responses"]
    if "201" in responses:
        responses["201"].setdefault("headers", {}).update(LOCATION)
    if _has_parameter(operation, "Idempotency-Key"):
        for status in _successes(responses):
            responses[status].setdefault("headers", {}).update(IDEMPOTENT_REPLAYED)
    if not conditional:
        return
    if method == "get":
        _add_parameter(operation, IF_NONE_MATCH)
        for status in _successes(responses):
            responses[status].setdefault("headers", {}).update(ETAG)
        for status, response in NOT_MODIFIED.items():
            responses.setdefault(status, response)
    elif method in CHANGES:
        _add_parameter(operation, IF_MATCH)


def _successes(responses: dict) -> list[str]:
    return [status for status in responses if status.startswith("2") and status != "204"]


def _has_parameter(operation: dict, name: str) -> bool:
    return any(
        parameter.get("in") == "header" and parameter.get("name", "").lower() == name.lower()
        for parameter in operation.get("parameters", [])
    )


def _add_parameter(operation: dict, parameter: dict) -> None:
    if not _has_parameter(operation, parameter["name"]):
        operation.setdefault("parameters", []).append(dict(parameter))
