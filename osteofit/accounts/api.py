"""/api/v1/me/: the account itself, its export and its deletion."""

from allauth.account.adapter import get_adapter
from allauth.core import ratelimit
from django.core.exceptions import ValidationError as DjangoValidationError
from drf_spectacular.utils import OpenApiResponse, extend_schema
from rest_framework import serializers, status
from rest_framework.exceptions import Throttled
from rest_framework.parsers import JSONParser
from rest_framework.response import Response
from rest_framework.views import APIView

from osteofit import reauthentication
from osteofit.accounts import export, services
from osteofit.accounts.export import ExportSerializer
from osteofit.api_conditional import (
    ETAG_HEADER,
    IF_MATCH,
    IF_NONE_MATCH,
    NOT_MODIFIED,
    PRECONDITION_FAILED,
    ConditionalMixin,
)
from osteofit.api_input import StrictCharField, TimezoneField
from osteofit.reauthentication import (
    REAUTHENTICATION_RESPONSE,
    WINDOW,
    require_recent_reauthentication,
)


class AccountSerializer(serializers.Serializer):
    email = serializers.EmailField(read_only=True)
    first_name = StrictCharField(max_length=150, allow_blank=True, required=False)
    last_name = StrictCharField(max_length=150, allow_blank=True, required=False)
    timezone = TimezoneField(required=False)


class DeleteAccountSerializer(serializers.Serializer):
    code = serializers.CharField(
        required=False,
        write_only=True,
        max_length=12,
        help_text="The code sent by POST /api/v1/me/confirmation-code/, instead of the password.",
    )
    password = serializers.CharField(
        required=False,
        write_only=True,
        trim_whitespace=False,  # a password's spaces are part of it
        help_text=f"Your password, to confirm it is you. Not needed within {WINDOW} of "
        "reauthenticating (/_allauth/app/v1/auth/reauthenticate).",
    )


class MeView(ConditionalMixin, APIView):
    """Your account: read it, change your name or time zone, or delete it with all your data."""

    serializer_class = AccountSerializer
    parser_classes = [JSONParser]

    @extend_schema(
        parameters=[IF_NONE_MATCH, ETAG_HEADER],
        responses={200: AccountSerializer, 304: NOT_MODIFIED},
    )
    def get(self, request):
        return Response(AccountSerializer(request.user).data)

    @extend_schema(
        parameters=[IF_MATCH, ETAG_HEADER],
        request=AccountSerializer,
        responses={200: AccountSerializer, 412: PRECONDITION_FAILED},
    )
    def patch(self, request):
        serializer = AccountSerializer(data=request.data, partial=True)
        serializer.is_valid(raise_exception=True)
        data = serializer.validated_data
        try:
            services.account_update(
                user=request.user,
                first_name=data.get("first_name"),
                last_name=data.get("last_name"),
                timezone_name=data.get("timezone"),
            )
        except DjangoValidationError as error:
            raise serializers.ValidationError(error.message_dict) from error
        return Response(AccountSerializer(request.user).data)

    @extend_schema(
        # OpenAPI tools drop a DELETE's body, so the description says what it may hold.
        description="Deletes the account and all its data. Confirm it is you: send "
        f'`{{"password": "..."}}` as the JSON body, or `{{"code": "..."}}` with the code from '
        "`POST /api/v1/me/confirmation-code/`, or reauthenticate within the "
        f"{WINDOW} before (`/_allauth/app/v1/auth/reauthenticate`) and send no body.",
        parameters=[IF_MATCH],
        responses={
            204: OpenApiResponse(description="The account and its data are gone."),
            403: REAUTHENTICATION_RESPONSE,
            412: PRECONDITION_FAILED,
        },
    )
    def delete(self, request):
        serializer = DeleteAccountSerializer(data=request.data)
        serializer.is_valid(raise_exception=True)
        password = serializer.validated_data.get("password")
        code = serializer.validated_data.get("code")
        if code is not None:
            if not reauthentication.confirmation_code_accepted(request, code):
                raise serializers.ValidationError(
                    {"code": ["That code is not right, or no longer works. Ask for a new one."]}
                )
        elif password is not None:
            # allauth's check: it counts towards the same failed-login limits as the login.
            try:
                confirmed = get_adapter(request).reauthenticate(request.user, password)
            except DjangoValidationError as error:  # too many wrong passwords
                raise serializers.ValidationError({"password": error.messages}) from error
            if not confirmed:
                raise serializers.ValidationError({"password": ["That password is not correct."]})
        else:
            require_recent_reauthentication(request)
        services.account_delete(user=request.user)
        return Response(status=status.HTTP_204_NO_CONTENT)


class ExportView(APIView):
    """Everything OsteoFit holds about you, as one JSON document."""

    @extend_schema(
        responses={
            200: OpenApiResponse(ExportSerializer, description="The export document."),
            403: REAUTHENTICATION_RESPONSE,
        }
    )
    def get(self, request):
        require_recent_reauthentication(request)
        response = Response(export.account_export(user=request.user))
        response["Content-Disposition"] = f'attachment; filename="{export.export_filename()}"'
        return response


class ConfirmationCodeView(APIView):
    """Email a code that confirms it is you, for deleting the account without the password."""

    @extend_schema(
        request=None,
        responses={
            204: OpenApiResponse(description="A code is on its way to the account's address."),
            429: OpenApiResponse(description="Too many codes asked for; try again shortly."),
        },
    )
    def post(self, request):
        if not ratelimit.consume(request, action="reauthenticate", user=request.user):
            raise Throttled()
        reauthentication.confirmation_code_send(request)
        return Response(status=status.HTTP_204_NO_CONTENT)
