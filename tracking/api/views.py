"""REST endpoints for a person's own program, sessions, schedule and progress."""

import hashlib
import json
import re

import django_filters
from django.core.exceptions import ValidationError as DjangoValidationError
from django.http import Http404
from drf_spectacular.types import OpenApiTypes
from drf_spectacular.utils import OpenApiParameter, OpenApiResponse, extend_schema
from rest_framework import mixins, status, viewsets
from rest_framework.exceptions import APIException, ValidationError
from rest_framework.parsers import JSONParser
from rest_framework.response import Response
from rest_framework.views import APIView

from osteofit.api_input import StrictFilterForm, StrictPageNumberPagination
from osteofit.transactions import ServicesOwnTransactions
from tracking import selectors, services
from tracking.api.serializers import (
    MAX_SCHEDULE_DAYS,
    EntrySerializer,
    ProgramSerializer,
    ProgressSerializer,
    ReminderSettingsSerializer,
    ScheduleDaySerializer,
    ScheduleQuerySerializer,
    SessionSerializer,
    service_errors,
)
from tracking.models import Session
from tracking.page_cache import person_cached

# A header value a client can always send as it is; blank is the same as leaving it out.
IDEMPOTENCY_KEY = re.compile(r"[ -~]{0,255}")
IDEMPOTENCY_KEY_INVALID = "Use at most 255 printable ASCII characters, e.g. a UUID."


class IdempotencyKeyReused(APIException):
    status_code = 422
    default_detail = (
        "This Idempotency-Key was already used for a different session. Use a new key for a "
        "new session."
    )
    default_code = "idempotency_key_reused"


def _active_program(request):
    program = selectors.program_active(request.user)
    if program is None:
        raise Http404("You have not started a program yet.")
    return program


class ProgramView(ServicesOwnTransactions, APIView):
    """Your program. PUT starts it (the first time) or changes it."""

    serializer_class = ProgramSerializer
    parser_classes = [JSONParser]

    def _response(self, program, status_code=status.HTTP_200_OK):
        serializer = ProgramSerializer(program, context={"items": selectors.program_items(program)})
        return Response(serializer.data, status=status_code)

    @extend_schema(responses=ProgramSerializer)
    def get(self, request):
        return self._response(_active_program(request))

    @extend_schema(
        request=ProgramSerializer, responses={200: ProgramSerializer, 201: ProgramSerializer}
    )
    def put(self, request):
        serializer = ProgramSerializer(data=request.data)
        serializer.is_valid(raise_exception=True)
        data = serializer.validated_data
        try:
            _, created = services.program_put(
                user=request.user,
                doctor_confirmed=data["doctor_confirmed"],
                floor_ok=data["floor_ok"],
                spinal_fracture=data["spinal_fracture"],
                physio_cleared=data.get("physio_cleared"),
                training_days=data["weekday_codes"],
                reminder_time=data["reminder_time"],
                timezone_name=data["timezone"],
                reminders_enabled=data["reminders_enabled"],
                # Leaving `paused` out keeps the program running or paused as it is.
                paused=data.get("paused"),
                seen_doctor=data["seen_doctor"],
            )
        except DjangoValidationError as error:
            raise service_errors(error) from error
        program = selectors.program_active(request.user)
        return self._response(program, status.HTTP_201_CREATED if created else status.HTTP_200_OK)


class SessionFilter(django_filters.FilterSet):
    date_from = django_filters.DateFilter(field_name="local_date", lookup_expr="gte")
    date_to = django_filters.DateFilter(field_name="local_date", lookup_expr="lte")

    class Meta:
        model = Session
        fields = ["date_from", "date_to"]
        form = StrictFilterForm


def _entries(data) -> list[services.EntryInput]:
    return [services.EntryInput.of(entry) for entry in data]


def _entries_whole(data) -> list:
    """Entries sent in a PATCH replace the old ones, so each must be complete: a partial
    serializer would let `sets` or `exercise` go missing."""
    entries = EntrySerializer(data=data, many=True)
    if not entries.is_valid():
        raise ValidationError({"entries": entries.errors})
    return entries.validated_data


class SessionViewSet(
    ServicesOwnTransactions,
    mixins.ListModelMixin,
    mixins.RetrieveModelMixin,
    mixins.CreateModelMixin,
    mixins.DestroyModelMixin,
    viewsets.GenericViewSet,
):
    """Your logged sessions, newest first. Logging one moves your program on."""

    serializer_class = SessionSerializer
    filterset_class = SessionFilter
    pagination_class = StrictPageNumberPagination
    parser_classes = [JSONParser]
    http_method_names = ["get", "post", "patch", "delete", "head", "options"]
    # Any segment reaches the view, so `/sessions/1.5/` is the API's JSON 404, not the HTML page.
    lookup_value_regex = "[^/]+"

    def get_queryset(self):
        if getattr(self, "swagger_fake_view", False):
            return Session.objects.none()
        return selectors.sessions_for_user(self.request.user)

    def list(self, request, *args, **kwargs):
        """Each page is kept for the person until their records change (tracking.page_cache)."""
        page = super().list
        data = person_cached(
            request.user,
            "sessions",
            lambda: page(request, *args, **kwargs).data,
            request.build_absolute_uri(),
        )
        return Response(data)

    def perform_create(self, serializer):
        data = serializer.validated_data
        key = self.request.headers.get("Idempotency-Key", "")
        if not IDEMPOTENCY_KEY.fullmatch(key):
            raise ValidationError({"Idempotency-Key": [IDEMPOTENCY_KEY_INVALID]})
        key = key.strip() or None
        fingerprint = hashlib.sha256(
            json.dumps(self.request.data, sort_keys=True, default=str).encode()
        ).hexdigest()
        try:
            serializer.instance = services.session_log(
                idempotency_key=key,
                idempotency_fingerprint=fingerprint,
                user=self.request.user,
                performed_at=data.get("performed_at"),
                pain_before=data["pain_before"],
                pain_after=data["pain_after"],
                effort=data["effort"],
                red_flag=data["red_flag"],
                notes=data.get("notes", ""),
                entries=_entries(data["entries"]),
            )
        except DjangoValidationError as error:
            raise service_errors(error) from error
        except services.IdempotencyConflict as error:
            raise IdempotencyKeyReused() from error

    @extend_schema(
        parameters=[
            OpenApiParameter(
                "Idempotency-Key",
                str,
                location=OpenApiParameter.HEADER,
                required=False,
                pattern=f"^{IDEMPOTENCY_KEY.pattern}$",
                description="Any unique string (a UUID): up to 255 printable ASCII characters. "
                "Retrying with the same key returns the first result and logs nothing new.",
            )
        ],
        responses={
            201: SessionSerializer,
            422: OpenApiResponse(description="The Idempotency-Key was used for another request."),
        },
    )
    def create(self, request, *args, **kwargs):
        serializer = self.get_serializer(data=request.data)
        serializer.is_valid(raise_exception=True)
        self.perform_create(serializer)
        session = self.get_queryset().get(pk=serializer.instance.pk)
        response = Response(self.get_serializer(session).data, status=status.HTTP_201_CREATED)
        if serializer.instance.replayed:
            response["Idempotent-Replayed"] = "true"
        return response

    def partial_update(self, request, *args, **kwargs):
        session = self.get_object()
        serializer = self.get_serializer(session, data=request.data, partial=True)
        serializer.is_valid(raise_exception=True)
        data = serializer.validated_data
        entries = (
            _entries(_entries_whole(request.data["entries"]))
            if "entries" in data
            else _entries(session.entries.all())
        )
        try:
            services.session_update(
                session=session,
                performed_at=data.get("performed_at", session.performed_at),
                pain_before=data.get("pain_before", session.pain_before),
                pain_after=data.get("pain_after", session.pain_after),
                effort=data.get("effort", session.effort),
                red_flag=data.get("red_flag", session.red_flag),
                notes=data.get("notes", session.notes),
                entries=entries,
            )
        except DjangoValidationError as error:
            raise service_errors(error) from error
        return Response(self.get_serializer(self.get_queryset().get(pk=session.pk)).data)

    def perform_destroy(self, instance):
        services.session_delete(session=instance)


class ScheduleView(ServicesOwnTransactions, APIView):
    """Training days between two dates (at most 366 days), what is due, and what was done."""

    @extend_schema(
        parameters=[
            OpenApiParameter("from", OpenApiTypes.DATE, required=True, description="YYYY-MM-DD"),
            OpenApiParameter(
                "to",
                OpenApiTypes.DATE,
                required=True,
                description=f"YYYY-MM-DD, on or after `from` and at most {MAX_SCHEDULE_DAYS} days "
                "later.",
            ),
        ],
        responses=ScheduleDaySerializer(many=True),
    )
    def get(self, request):
        query = ScheduleQuerySerializer(data=request.query_params)
        query.is_valid(raise_exception=True)
        program = _active_program(request)
        days = selectors.schedule_for(
            program,
            date_from=query.validated_data["date_from"],
            date_to=query.validated_data["date_to"],
        )
        payload = [
            {
                "date": scheduled.day.date,
                "training_day": scheduled.day.training,
                "status": scheduled.day.status.value,
                "due": [
                    {
                        "exercise": item.exercise.slug,
                        "sets": rung.sets,
                        "reps": rung.reps,
                        "hold_seconds": rung.hold_seconds,
                        "sessions_per_day": rung.sessions_per_day,
                        "band": rung.band,
                    }
                    for item, rung in scheduled.due
                ],
            }
            for scheduled in days
        ]
        return Response(ScheduleDaySerializer(payload, many=True).data)


class ProgressView(ServicesOwnTransactions, APIView):
    """Adherence per week, the streak, current prescriptions and recent changes."""

    @extend_schema(responses=ProgressSerializer)
    def get(self, request):
        data = person_cached(
            request.user,
            "progress",
            lambda: ProgressSerializer(selectors.progress(_active_program(request))).data,
        )
        return Response(data)


class ReminderSettingsView(ServicesOwnTransactions, APIView):
    """Training-day reminders and the weekly summary: on or off, when, and what was sent."""

    serializer_class = ReminderSettingsSerializer
    parser_classes = [JSONParser]

    def _response(self, request, program):
        context = {"recent": selectors.recent_deliveries(request.user)}
        return Response(ReminderSettingsSerializer(program, context=context).data)

    @extend_schema(responses=ReminderSettingsSerializer)
    def get(self, request):
        return self._response(request, _active_program(request))

    @extend_schema(request=ReminderSettingsSerializer, responses=ReminderSettingsSerializer)
    def put(self, request):
        program = _active_program(request)
        serializer = ReminderSettingsSerializer(data=request.data)
        serializer.is_valid(raise_exception=True)
        try:
            services.reminder_settings_update(program=program, **serializer.validated_data)
        except DjangoValidationError as error:
            raise service_errors(error) from error
        return self._response(request, program)
