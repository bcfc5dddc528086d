"""Conditional requests for the API: strong ETags, 304 Not Modified and 412 Precondition Failed.

Two devices editing one program must not overwrite each other unnoticed. Every representation a
view marked with `ConditionalMixin` answers with carries `ETag`, a hash of exactly that JSON
(so equal tags mean equal bytes: a strong tag). A GET with a matching `If-None-Match` is a 304
with no body; a PUT, PATCH or DELETE with an `If-Match` that matches no current representation
is a 412 `precondition_failed` and changes nothing. `If-Match` is optional: without it, the
write goes ahead as before.

The current representation a write is checked against is the view's own GET answer, so the tag
a client holds and the tag checked are computed the same way, with no per-view code. A write
with `If-Match` runs in one transaction that first takes the row lock its service would take
(`lock_for_condition`), so no other write lands between the check and the write: of two devices
sending the same tag at once, one goes ahead and the other is told it changed.
"""

from __future__ import annotations

import hashlib
import json

from django.contrib.auth import get_user_model
from django.db import transaction
from django.http import Http404
from drf_spectacular.types import OpenApiTypes
from drf_spectacular.utils import OpenApiParameter, OpenApiResponse
from rest_framework import status
from rest_framework.exceptions import APIException
from rest_framework.response import Response
from rest_framework.utils.encoders import JSONEncoder

WRITES = ("PUT", "PATCH", "DELETE")


class PreconditionFailed(APIException):
    status_code = status.HTTP_412_PRECONDITION_FAILED
    default_detail = (
        "This changed since you last read it (If-Match no longer matches its ETag). Read it "
        "again, then send your change."
    )
    default_code = "precondition_failed"


def etag_of(data) -> str:
    """A strong entity tag for a JSON representation."""
    body = json.dumps(data, cls=JSONEncoder, sort_keys=True, separators=(",", ":"))
    return '"' + hashlib.sha256(body.encode()).hexdigest()[:32] + '"'


def _tags(header: str) -> set[str]:
    return {tag.strip() for tag in header.split(",") if tag.strip()}


def _weakless(tag: str) -> str:
    return tag[2:] if tag.startswith("W/") else tag


class ConditionalMixin:
    """For an APIView or viewset whose GET (retrieve) is the representation its writes change.

    `conditional_actions` limits which viewset actions carry tags (a list is not one thing)."""

    conditional_actions: tuple[str, ...] | None = None

    def _conditional(self) -> bool:
        action = getattr(self, "action", None)
        return self.conditional_actions is None or action in self.conditional_actions

    def _current_tag(self, request, *args, **kwargs) -> str | None:
        """The tag of what a GET would answer now, or None when there is nothing there."""
        read = getattr(self, "retrieve", None) or self.get
        try:
            response = read(request, *args, **kwargs)
        except Http404:
            return None
        return etag_of(response.data) if response.status_code == 200 else None

    def lock_for_condition(self, request) -> None:
        """Lock the row this resource's writes lock first (by default the person's own, read
        again now that it is held), so the check and the write see one state."""
        request.user.refresh_from_db(from_queryset=get_user_model().objects.select_for_update())

    def dispatch(self, request, *args, **kwargs):
        if request.method in WRITES and request.headers.get("If-Match", "").strip():
            with transaction.atomic():
                return super().dispatch(request, *args, **kwargs)
        return super().dispatch(request, *args, **kwargs)

    def initial(self, request, *args, **kwargs):
        super().initial(request, *args, **kwargs)
        expected = request.headers.get("If-Match", "").strip()
        if not expected or request.method not in WRITES or not self._conditional():
            return
        self.lock_for_condition(request)
        current = self._current_tag(request, *args, **kwargs)
        tags = _tags(expected)
        if current is None or ("*" not in tags and current not in tags):
            raise PreconditionFailed()

    def finalize_response(self, request, response, *args, **kwargs):
        if (
            isinstance(response, Response)
            and response.status_code in (200, 201)
            and response.data is not None
            and not response.exception
            and self._conditional()
        ):
            tag = etag_of(response.data)
            asked = {_weakless(t) for t in _tags(request.headers.get("If-None-Match", ""))}
            if request.method in ("GET", "HEAD") and (tag in asked or "*" in asked):
                response = Response(status=status.HTTP_304_NOT_MODIFIED)
            response["ETag"] = tag
        return super().finalize_response(request, response, *args, **kwargs)


# --- the schema's words for it -------------------------------------------------------------

ETAG_HEADER = OpenApiParameter(
    "ETag",
    OpenApiTypes.STR,
    location=OpenApiParameter.HEADER,
    response=[200, 201, 304],
    description="A strong tag of this representation; send it back in If-Match (writes) or "
    "If-None-Match (reads).",
)
IF_NONE_MATCH = OpenApiParameter(
    "If-None-Match",
    OpenApiTypes.STR,
    location=OpenApiParameter.HEADER,
    required=False,
    description="The ETag you hold: an unchanged representation answers 304 with no body.",
)
IF_MATCH = OpenApiParameter(
    "If-Match",
    OpenApiTypes.STR,
    location=OpenApiParameter.HEADER,
    required=False,
    description="Optional: the ETag you last read. If it changed since, the answer is 412 "
    "`precondition_failed` and nothing changes.",
)
NOT_MODIFIED = OpenApiResponse(description="Not modified: the ETag you sent still matches.")
PRECONDITION_FAILED = OpenApiResponse(
    description="If-Match does not match the current ETag (code `precondition_failed`): read "
    "it again first."
)
