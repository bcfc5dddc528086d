"""One JSON shape for every API error (the schema documents it: `osteofit.schema`).

Every 4xx answer of /api/ looks like
    {"detail": "what went wrong, for a person", "code": "invalid", "fields": {"pain_after": [...]}}
where `fields` is empty unless the request had field errors.
"""

import logging

from django.core.exceptions import PermissionDenied, RequestDataTooBig
from django.http import Http404, JsonResponse
from rest_framework import exceptions
from rest_framework.response import Response
from rest_framework.views import exception_handler as drf_exception_handler

INVALID_SUMMARY = "Some of what you sent is not valid; see `fields`."
TOO_LARGE = "The request body is too large. Send less, for example shorter notes."

ERROR_SCHEMA = {
    "type": "object",
    "required": ["detail", "code", "fields"],
    "properties": {
        "detail": {"type": "string", "description": "What went wrong, in plain words."},
        "code": {"type": "string", "description": "A stable machine code, e.g. invalid."},
        "fields": {
            "type": "object",
            "description": "Messages per field; nested objects and lists for nested input.",
            "additionalProperties": {},
        },
    },
}


class StateConflict(exceptions.ValidationError):
    """A request that is well formed but that the current state refuses (409), with its own
    code so a client can act on it: `paused_for_safety` means "see your doctor first", never
    "fix the request". `fields` may still name the field that would unlock it."""

    status_code = 409

    def __init__(self, detail, *, code: str, summary: str | None = None):
        super().__init__(detail, code=code)
        self.error_code = code
        self.summary = summary


def error_response(path: str, status: int, code: str, detail: str) -> JsonResponse:
    """An error answered before any view runs (middleware, the 503 handler): our shape for
    /api/, allauth's own for its headless API, whose clients read `errors`."""
    if path.startswith("/_allauth/"):
        body = {"status": status, "errors": [{"message": detail, "code": code}]}
    else:
        body = {"detail": detail, "code": code, "fields": {}}
    return JsonResponse(body, status=status)


def exception_handler(exc, context):
    if isinstance(exc, RequestDataTooBig):
        # Raised while DRF reads the body; left alone, Django answers with an HTML 400 page.
        logging.getLogger("django.security.RequestDataTooBig").warning(str(exc))
        return Response(
            {"detail": TOO_LARGE, "code": "request_too_large", "fields": {}},
            status=413,
        )
    response = drf_exception_handler(exc, context)
    if response is None:
        return None
    if isinstance(exc, exceptions.ValidationError):
        fields = (
            response.data
            if isinstance(response.data, dict)
            else {"non_field_errors": response.data}
        )
        general = fields.get("non_field_errors")
        detail = str(general[0]) if isinstance(general, list) and general else INVALID_SUMMARY
        detail = getattr(exc, "summary", None) or detail
        code = getattr(exc, "error_code", "invalid")
    else:
        fields = {}
        detail = (
            str(response.data.get("detail", exc)) if isinstance(response.data, dict) else str(exc)
        )
        code = _code(exc)
    response.data = {"detail": detail, "code": code, "fields": fields}
    return response


def _code(exc) -> str:
    if isinstance(exc, Http404):
        return "not_found"
    if isinstance(exc, PermissionDenied):
        return "permission_denied"
    codes = exc.get_codes() if isinstance(exc, exceptions.APIException) else "error"
    return codes if isinstance(codes, str) else "error"
