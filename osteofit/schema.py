"""What the OpenAPI schema says about every operation at once, so a generated client knows it.

drf-spectacular documents each view from its serializers; this post-processing hook adds what
holds across the API and is not any one view's business:

- the errors every operation may answer, all in the one `Error` shape (`osteofit.api_errors`),
  with the `Retry-After` header on 429 and 503;
- one tag per resource, with a line that says what the resource is;
- no `default` in what a client sends: a field left out of an update keeps its value, and a
  generated client fills a documented default in (openapi-python-client does), so it would send
  `recent_fracture: false` with every change of the program, undoing the person's answer.

The tag of an operation is the first part of its path after `/api/v1/` (SCHEMA_PATH_PREFIX).
What belongs to some views only is documented on them: conditional requests (`ETag`,
`If-Match`, `If-None-Match`, 304, 412) by `osteofit.api_conditional`, `Location` and
`Idempotent-Replayed` by the views that send them.
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
HEADERS_WITH_RETRY_AFTER = ("429", "503")

WRITES = {"post", "put", "patch", "delete"}
METHODS = WRITES | {"get"}


def postprocess(result, generator, request, public):
    """drf-spectacular POSTPROCESSING_HOOKS entry: see the module docstring."""
    components = result.setdefault("components", {}).setdefault("schemas", {})
    components["Error"] = ERROR_SCHEMA
    for name in _request_components(result):
        for field in components[name].get("properties", {}).values():
            field.pop("default", None)
    for path, item in result.get("paths", {}).items():
        for method, operation in item.items():
            if method not in METHODS:
                continue
            _document_errors(method, operation)
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


def _document_errors(method: str, operation: dict) -> None:
    responses = operation.setdefault("responses", {})
    errors = dict(ERROR_RESPONSES)
    if "requestBody" in operation:
        errors.update(BODY_ERROR_RESPONSES)
    if method in WRITES:
        errors.update(WRITE_ERROR_RESPONSES)
    for status, description in errors.items():
        responses.setdefault(status, {"description": description})
    for status, response in responses.items():
        if status.startswith(("4", "5")):
            # An error an operation declares itself (e.g. 422) has the same body as the rest.
            response.setdefault("content", ERROR)
        if status in HEADERS_WITH_RETRY_AFTER:
            response.setdefault("headers", {}).update(RETRY_AFTER)
