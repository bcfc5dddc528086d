"""REST endpoints for a person's own program, sessions, schedule, progress, reminders, weekly
answers and calendar feed. Every write is one service call; the rules live there."""

import datetime as dt
import hashlib
import json
import re

import django_filters
from django.core.exceptions import ValidationError as DjangoValidationError
from django.http import Http404
from django.urls import reverse
from drf_spectacular.types import OpenApiTypes
from drf_spectacular.utils import OpenApiParameter, OpenApiResponse, extend_schema
from rest_framework import generics, mixins, status, viewsets
from rest_framework.exceptions import APIException, ValidationError
from rest_framework.parsers import JSONParser
from rest_framework.response import Response
from rest_framework.views import APIView

from osteofit.api_conditional import (
    ETAG_HEADER,
    IF_MATCH,
    IF_NONE_MATCH,
    NOT_MODIFIED,
    PRECONDITION_FAILED,
    ConditionalMixin,
)
from osteofit.api_input import (
    OffsetDateTimeFilter,
    StrictFilterForm,
    StrictPageNumberPagination,
    values_kept,
)
from osteofit.reauthentication import REAUTHENTICATION_RESPONSE, require_recent_reauthentication
from osteofit.transactions import ServicesOwnTransactions
from tracking import selectors, services
from tracking.api.serializers import (
    MAX_SCHEDULE_DAYS,
    CalendarSerializer,
    DeletedSessionSerializer,
    EntrySerializer,
    ProgramSerializer,
    ProgressSerializer,
    ReflectionSerializer,
    ReminderSettingsSerializer,
    ResumeSerializer,
    ScheduleDaySerializer,
    ScheduleQuerySerializer,
    SessionSerializer,
    service_errors,
)
from tracking.models import DeletedSession, Session, WeekReflection
from tracking.page_cache import person_cached

# A header value a client can always send as it is; blank is the same as leaving it out.
IDEMPOTENCY_KEY = re.compile(r"[ -~]{0,255}")
IDEMPOTENCY_KEY_INVALID = "Use at most 255 printable ASCII characters, e.g. a UUID."
# Service keyword names that differ from the API's field names.
PROGRAM_SERVICE_NAMES = {"timezone": "timezone_name"}


class IdempotencyKeyReused(APIException):
    status_code = 422
    default_detail = (
        "This Idempotency-Key was already used for a different session. Use a new key for a "
        "new session."
    )
    default_code = "idempotency_key_reused"


class IdempotencyKeyUsed(APIException):
    status_code = 409
    default_detail = (
        "This Idempotency-Key logged a session that has since been deleted, so it is not logged "
        "again. Use a new key for a new session."
    )
    default_code = "idempotency_key_used"


PAUSED_FOR_SAFETY = OpenApiResponse(
    description="The program is paused for your safety (code `paused_for_safety`): see your "
    "doctor first, then resume with `seen_doctor: true`. Sessions from before the latest safety "
    "pause stay as they were (code `before_safety_pause`)."
)
LOCATION_HEADER = OpenApiParameter(
    "Location",
    OpenApiTypes.URI,
    location=OpenApiParameter.HEADER,
    response=[201],
    description="The address of what was created.",
)


def _active_program(request):
    program = selectors.program_active(request.user)
    if program is None:
        raise Http404("You have not started a program yet.")
    return program


def _created(response: Response, request, url_name: str, *args) -> Response:
    response["Location"] = request.build_absolute_uri(reverse(url_name, args=args))
    return response


# --- /program/ -----------------------------------------------------------------------------


def _program_answer(program, status_code=status.HTTP_200_OK) -> Response:
    serializer = ProgramSerializer(program, context={"items": selectors.program_items(program)})
    return Response(serializer.data, status=status_code)


class LocksProgramFirst:
    """For conditional views whose writes go through a service that locks the program."""

    def lock_for_condition(self, request) -> None:
        services.program_lock(request.user)


class ProgramView(LocksProgramFirst, ConditionalMixin, ServicesOwnTransactions, APIView):
    """Your program. PUT starts it (the first time, 201) or changes it (200); PATCH changes it.
    A change touches only the fields sent: every field left out keeps its value."""

    serializer_class = ProgramSerializer
    parser_classes = [JSONParser]

    @extend_schema(
        parameters=[IF_NONE_MATCH, ETAG_HEADER],
        responses={200: ProgramSerializer, 304: NOT_MODIFIED},
    )
    def get(self, request):
        return _program_answer(_active_program(request))

    @extend_schema(
        description="Starts your program (201, with Location) when you have none: then "
        "`doctor_confirmed`, `training_days`, `reminder_time` and `timezone` are needed (a 400 "
        "names each one missing). Otherwise changes it (200): fields left out keep their "
        "current value, so nothing is ever reset by leaving it out.",
        parameters=[IF_MATCH, ETAG_HEADER, LOCATION_HEADER],
        # Every field optional, as on a change; the description says what starting needs.
        request=ProgramSerializer(partial=True),
        responses={
            200: ProgramSerializer,
            201: ProgramSerializer,
            409: PAUSED_FOR_SAFETY,
            412: PRECONDITION_FAILED,
        },
    )
    def put(self, request):
        program = selectors.program_active(request.user)
        return self._write(request, program)

    @extend_schema(
        description="Changes only the fields sent.",
        parameters=[IF_MATCH, ETAG_HEADER],
        request=ProgramSerializer(partial=True),
        responses={200: ProgramSerializer, 409: PAUSED_FOR_SAFETY, 412: PRECONDITION_FAILED},
    )
    def patch(self, request):
        return self._write(request, _active_program(request))

    def _write(self, request, program):
        serializer = ProgramSerializer(program, data=request.data, partial=program is not None)
        serializer.is_valid(raise_exception=True)
        fields = values_kept(serializer, program, leave_out=ProgramSerializer.CONTROLS)
        try:
            _, created = services.program_put(
                user=request.user,
                **{PROGRAM_SERVICE_NAMES.get(name, name): value for name, value in fields.items()},
                # Leaving `paused` out keeps the program running or paused as it is.
                paused=serializer.validated_data.get("paused"),
                seen_doctor=serializer.validated_data.get("seen_doctor", False),
                physio_cleared=serializer.validated_data.get("physio_cleared"),
                # Left out of a change, the stored floor answer is kept, not given.
                floor_asked="floor_ok" in serializer.validated_data,
            )
        except DjangoValidationError as error:
            raise service_errors(error) from error
        program = selectors.program_active(request.user)
        if created:
            return _created(
                _program_answer(program, status.HTTP_201_CREATED), request, "api:program"
            )
        return _program_answer(program)


class ProgramPauseView(ServicesOwnTransactions, APIView):
    """Pause your program by choice (a holiday, a cold): no reminders, nothing missed."""

    @extend_schema(request=None, responses={200: ProgramSerializer})
    def post(self, request):
        program = _active_program(request)
        services.program_pause(program=program)
        return _program_answer(selectors.program_active(request.user))


class ProgramResumeView(ServicesOwnTransactions, APIView):
    """Resume your program. After a safety pause, only with `seen_doctor: true`."""

    parser_classes = [JSONParser]

    @extend_schema(
        request=ResumeSerializer, responses={200: ProgramSerializer, 409: PAUSED_FOR_SAFETY}
    )
    def post(self, request):
        serializer = ResumeSerializer(data=request.data)
        serializer.is_valid(raise_exception=True)
        program = _active_program(request)
        try:
            services.program_resume(
                program=program, seen_doctor=serializer.validated_data["seen_doctor"]
            )
        except DjangoValidationError as error:
            raise service_errors(error) from error
        return _program_answer(selectors.program_active(request.user))


# --- /sessions/ ----------------------------------------------------------------------------


class SessionFilter(django_filters.FilterSet):
    date_from = django_filters.DateFilter(
        field_name="local_date", lookup_expr="gte", label="Sessions on or after this local date."
    )
    date_to = django_filters.DateFilter(
        field_name="local_date", lookup_expr="lte", label="Sessions on or before this local date."
    )
    updated_since = OffsetDateTimeFilter(
        field_name="updated_at",
        lookup_expr="gt",
        label="RFC 3339 time with its offset: only sessions logged or changed after it (to "
        "sync: see docs/api.md).",
    )

    class Meta:
        model = Session
        fields = ["date_from", "date_to", "updated_since"]
        form = StrictFilterForm


def _entries(data) -> list[services.EntryInput]:
    return [services.EntryInput.of(entry) for entry in data]


def _entries_whole(data) -> list:
    """Entries sent in a PATCH replace the old ones, so each must be complete: a partial
    serializer would let `sets` or `exercise` go missing."""
    entries = EntrySerializer(data=data, many=True, allow_empty=False, min_length=1)
    if not entries.is_valid():
        raise ValidationError({"entries": entries.errors})
    return entries.validated_data


def _utc(value):
    if isinstance(value, dt.datetime):
        return value.astimezone(dt.UTC).isoformat()
    return str(value)


def _fingerprint(validated: dict) -> str:
    """What a request asked for, after parsing: the same instant written as `Z` or `+00:00`,
    fields in any order, are the same request."""
    return hashlib.sha256(json.dumps(validated, sort_keys=True, default=_utc).encode()).hexdigest()


class SessionViewSet(
    LocksProgramFirst,
    ConditionalMixin,
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
    lookup_value_converter = "int"
    conditional_actions = ("retrieve", "create", "partial_update", "destroy")

    def get_queryset(self):
        if getattr(self, "swagger_fake_view", False):
            return Session.objects.none()
        return selectors.sessions_for_user(self.request.user)

    def list(self, request, *args, **kwargs):
        # Each page is kept for the person until their records change (tracking.page_cache).
        page = super().list
        data = person_cached(
            request.user,
            "sessions",
            lambda: page(request, *args, **kwargs).data,
            request.build_absolute_uri(),
        )
        return Response(data)

    @extend_schema(
        parameters=[IF_NONE_MATCH, ETAG_HEADER],
        responses={200: SessionSerializer, 304: NOT_MODIFIED},
    )
    def retrieve(self, request, *args, **kwargs):
        return super().retrieve(request, *args, **kwargs)

    def perform_create(self, serializer):
        data = serializer.validated_data
        key = self.request.headers.get("Idempotency-Key", "")
        if not IDEMPOTENCY_KEY.fullmatch(key):
            raise ValidationError({"Idempotency-Key": [IDEMPOTENCY_KEY_INVALID]})
        key = key.strip() or None
        try:
            serializer.instance = services.session_log(
                idempotency_key=key,
                idempotency_fingerprint=_fingerprint(data),
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
        except services.IdempotencyKeyUsed as error:
            raise IdempotencyKeyUsed() from error

    @extend_schema(
        parameters=[
            OpenApiParameter(
                "Idempotency-Key",
                str,
                location=OpenApiParameter.HEADER,
                required=False,
                pattern=f"^{IDEMPOTENCY_KEY.pattern}$",
                description="Any unique string (a UUID): up to 255 printable ASCII characters. "
                "Retrying with the same key returns the first result and logs nothing new "
                "(compared after parsing: the same instant in any offset is the same).",
            ),
            OpenApiParameter(
                "Idempotent-Replayed",
                OpenApiTypes.STR,
                location=OpenApiParameter.HEADER,
                response=[201],
                enum=["true"],
                description="Present (true) when this answer repeats the first request's with "
                "the same Idempotency-Key: nothing new was logged.",
            ),
            LOCATION_HEADER,
            OpenApiParameter(
                "ETag",
                OpenApiTypes.STR,
                location=OpenApiParameter.HEADER,
                response=[201],
                description=ETAG_HEADER.description,
            ),
        ],
        responses={
            201: SessionSerializer,
            409: OpenApiResponse(
                description="The program is paused for your safety (code `paused_for_safety`), "
                "or the Idempotency-Key logged a session since deleted (code "
                "`idempotency_key_used`)."
            ),
            422: OpenApiResponse(
                description="The Idempotency-Key was used for another request (code "
                "`idempotency_key_reused`)."
            ),
        },
    )
    def create(self, request, *args, **kwargs):
        serializer = self.get_serializer(data=request.data)
        serializer.is_valid(raise_exception=True)
        self.perform_create(serializer)
        session = serializer.instance
        if session.replayed:
            # A retry answers with the first request's session, read as a GET would.
            session = self.get_queryset().get(pk=session.pk)
        response = Response(self.get_serializer(session).data, status=status.HTTP_201_CREATED)
        if serializer.instance.replayed:
            response["Idempotent-Replayed"] = "true"
        return _created(response, request, "api:session-detail", session.pk)

    @extend_schema(
        parameters=[IF_MATCH, ETAG_HEADER],
        responses={200: SessionSerializer, 409: PAUSED_FOR_SAFETY, 412: PRECONDITION_FAILED},
    )
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

    @extend_schema(
        parameters=[IF_MATCH],
        responses={204: None, 409: PAUSED_FOR_SAFETY, 412: PRECONDITION_FAILED},
    )
    def destroy(self, request, *args, **kwargs):
        return super().destroy(request, *args, **kwargs)

    def perform_destroy(self, instance):
        try:
            services.session_delete(session=instance)
        except DjangoValidationError as error:
            raise service_errors(error) from error


class DeletedSessionFilter(django_filters.FilterSet):
    since = OffsetDateTimeFilter(
        field_name="deleted_at",
        lookup_expr="gt",
        label="RFC 3339 time with its offset: only sessions deleted after it.",
    )

    class Meta:
        model = DeletedSession
        fields = ["since"]
        form = StrictFilterForm


class DeletedSessionsView(ServicesOwnTransactions, generics.ListAPIView):
    """Your sessions deleted in the last 90 days (`{id, deleted_at}`), oldest deletion first:
    what a syncing app drops from its own copy."""

    # The 90 days are services.SESSION_TRACE_DAYS (the schema shows the docstring, not this).

    serializer_class = DeletedSessionSerializer
    filterset_class = DeletedSessionFilter
    pagination_class = StrictPageNumberPagination

    def get_queryset(self):
        if getattr(self, "swagger_fake_view", False):
            return DeletedSession.objects.none()
        return selectors.deleted_sessions_for_user(self.request.user)


# --- /schedule/, /progress/ -----------------------------------------------------------------


def _date_parameter(name: str, description: str):
    return OpenApiParameter(name, OpenApiTypes.DATE, required=True, description=description)


class ScheduleView(ServicesOwnTransactions, APIView):
    """Training days between two dates (at most 366 days), what is due, and what was done."""

    @extend_schema(
        parameters=[
            # `from` and `to`, the old names, are still read for one release (deprecated, in
            # docs/api-changes.md) but not offered here: a client sends one name or the other.
            _date_parameter("date_from", "The first day, YYYY-MM-DD."),
            _date_parameter(
                "date_to",
                f"The last day, YYYY-MM-DD, on or after `date_from` and at most "
                f"{MAX_SCHEDULE_DAYS} days in all.",
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


# --- /reminders/ ---------------------------------------------------------------------------


class ReminderSettingsView(LocksProgramFirst, ConditionalMixin, ServicesOwnTransactions, APIView):
    """Training-day reminders and the weekly summary: on or off, when, and what was sent."""

    serializer_class = ReminderSettingsSerializer
    parser_classes = [JSONParser]

    def _response(self, request, program):
        context = {"recent": selectors.recent_deliveries(request.user)}
        return Response(ReminderSettingsSerializer(program, context=context).data)

    @extend_schema(
        parameters=[IF_NONE_MATCH, ETAG_HEADER],
        responses={200: ReminderSettingsSerializer, 304: NOT_MODIFIED},
    )
    def get(self, request):
        return self._response(request, _active_program(request))

    @extend_schema(
        description="Sets every setting (all are needed).",
        parameters=[IF_MATCH, ETAG_HEADER],
        request=ReminderSettingsSerializer,
        responses={200: ReminderSettingsSerializer, 412: PRECONDITION_FAILED},
    )
    def put(self, request):
        return self._write(request, partial=False)

    @extend_schema(
        description="Changes only the settings sent.",
        parameters=[IF_MATCH, ETAG_HEADER],
        request=ReminderSettingsSerializer(partial=True),
        responses={200: ReminderSettingsSerializer, 412: PRECONDITION_FAILED},
    )
    def patch(self, request):
        return self._write(request, partial=True)

    def _write(self, request, *, partial: bool):
        program = _active_program(request)
        serializer = ReminderSettingsSerializer(program, data=request.data, partial=partial)
        serializer.is_valid(raise_exception=True)
        try:
            services.reminder_settings_update(program=program, **values_kept(serializer, program))
        except DjangoValidationError as error:
            raise service_errors(error) from error
        return self._response(request, program)


# --- /calendar/ ----------------------------------------------------------------------------


def _calendar_answer(request, program) -> Response:
    url = request.build_absolute_uri(
        reverse("tracking:calendar_feed", args=[program.calendar_token])
    )
    return Response(CalendarSerializer({"url": url}).data)


class CalendarView(ServicesOwnTransactions, APIView):
    """The secret address of your calendar feed. Like the page, it needs a recent
    reauthentication: whoever holds the address sees your training days."""

    @extend_schema(responses={200: CalendarSerializer, 403: REAUTHENTICATION_RESPONSE})
    def get(self, request):
        require_recent_reauthentication(request)
        return _calendar_answer(request, _active_program(request))


class CalendarResetView(ServicesOwnTransactions, APIView):
    """A new calendar feed address; the old one stops working. Needs a recent
    reauthentication."""

    @extend_schema(
        request=None, responses={200: CalendarSerializer, 403: REAUTHENTICATION_RESPONSE}
    )
    def post(self, request):
        require_recent_reauthentication(request)
        program = services.calendar_token_reset(program=_active_program(request))
        return _calendar_answer(request, program)


# --- /reflections/ -------------------------------------------------------------------------


class ReflectionListView(ServicesOwnTransactions, generics.ListAPIView):
    """Your answers to the weekly summary's "what got in the way?", the latest week first."""

    serializer_class = ReflectionSerializer
    pagination_class = StrictPageNumberPagination

    def get_queryset(self):
        if getattr(self, "swagger_fake_view", False):
            return WeekReflection.objects.none()
        return selectors.reflections_for_user(self.request.user)


class ReflectionView(ServicesOwnTransactions, APIView):
    """Your answer for one week, as from the weekly summary email's links."""

    parser_classes = [JSONParser]

    @extend_schema(
        parameters=[
            OpenApiParameter(
                "week_start",
                OpenApiTypes.DATE,
                location=OpenApiParameter.PATH,
                description="The week's Monday, YYYY-MM-DD: a week of your program that has begun.",
            ),
            LOCATION_HEADER,
        ],
        request=ReflectionSerializer,
        responses={200: ReflectionSerializer, 201: ReflectionSerializer},
    )
    def put(self, request, week_start: str):
        try:
            monday = dt.date.fromisoformat(week_start)
        except ValueError:
            raise Http404("There is no week at this address.") from None
        serializer = ReflectionSerializer(data=request.data)
        serializer.is_valid(raise_exception=True)
        try:
            reflection, first = services.week_reflection_answer(
                program=_active_program(request),
                week_start=monday,
                obstacle=serializer.validated_data["obstacle"],
            )
        except DjangoValidationError as error:
            raise service_errors(error) from error
        answer = Response(ReflectionSerializer(reflection).data)
        if first:
            answer.status_code = status.HTTP_201_CREATED
            _created(answer, request, "api:reflection", monday.isoformat())
        return answer
