"""/api/v1/me/export/fhir/ and /api/v1/me/export/csv/: the person's data in a clinic system's
standard (a FHIR R4 Bundle) and as a spreadsheet. Same rule as the JSON export: a
reauthentication in the last few minutes."""

import json

from drf_spectacular.types import OpenApiTypes
from drf_spectacular.utils import OpenApiResponse, extend_schema
from rest_framework.renderers import BaseRenderer, JSONRenderer
from rest_framework.response import Response
from rest_framework.views import APIView

from osteofit.reauthentication import REAUTHENTICATION_RESPONSE, require_recent_reauthentication
from tracking import exports, fhir


class FhirJSONRenderer(JSONRenderer):
    media_type = fhir.MEDIA_TYPE
    format = "fhir"


class CSVRenderer(BaseRenderer):
    media_type = "text/csv"
    format = "csv"
    charset = "utf-8"

    def render(self, data, accepted_media_type=None, renderer_context=None):
        return data.encode(self.charset) if isinstance(data, str) else json.dumps(data).encode()


class _ErrorsAsJSON:
    """An error from these views is the API's usual JSON, whatever the download's type."""

    def handle_exception(self, exc):
        self.request.accepted_renderer = JSONRenderer()
        self.request.accepted_media_type = JSONRenderer.media_type
        return super().handle_exception(exc)


class FhirExportView(_ErrorsAsJSON, APIView):
    """Your program and log as a FHIR R4 Bundle (type collection), for a clinic's system."""

    renderer_classes = [FhirJSONRenderer, JSONRenderer]

    @extend_schema(
        responses={
            (200, fhir.MEDIA_TYPE): OpenApiResponse(
                OpenApiTypes.OBJECT,
                description="A FHIR R4 Bundle: Patient, CarePlan, a ServiceRequest per "
                "exercise, Observations of pain, effort and strength days per week.",
            ),
            403: REAUTHENTICATION_RESPONSE,
        }
    )
    def get(self, request):
        require_recent_reauthentication(request)
        response = _download(fhir.bundle(request.user), fhir.filename())
        response.content_type = fhir.MEDIA_TYPE
        return response


class CsvExportView(_ErrorsAsJSON, APIView):
    """Your sessions as CSV: one row per session and exercise, ISO dates."""

    renderer_classes = [CSVRenderer, JSONRenderer]

    @extend_schema(
        responses={
            (200, "text/csv"): OpenApiResponse(
                OpenApiTypes.STR,
                description=f"Columns: {', '.join(exports.COLUMNS)}.",
            ),
            403: REAUTHENTICATION_RESPONSE,
        }
    )
    def get(self, request):
        require_recent_reauthentication(request)
        response = _download(exports.sessions_csv(request.user), exports.csv_filename())
        response.content_type = exports.CSV_MEDIA_TYPE
        return response


def _download(data, filename: str) -> Response:
    response = Response(data)
    response["Content-Disposition"] = f'attachment; filename="{filename}"'
    return response
