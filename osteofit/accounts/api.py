"""/api/v1/me/: the account itself, its export and its deletion."""

from django.core.exceptions import ValidationError as DjangoValidationError
from drf_spectacular.utils import OpenApiResponse, extend_schema
from rest_framework import serializers, status
from rest_framework.parsers import JSONParser
from rest_framework.response import Response
from rest_framework.views import APIView

from osteofit.accounts import services
from osteofit.accounts.export_schema import ExportSerializer
from osteofit.api_input import StrictCharField


class AccountSerializer(serializers.Serializer):
    email = serializers.EmailField(read_only=True)
    first_name = StrictCharField(max_length=150, allow_blank=True, required=False)
    last_name = StrictCharField(max_length=150, allow_blank=True, required=False)
    timezone = StrictCharField(
        max_length=64, required=False, help_text="IANA name, e.g. Europe/London."
    )


class MeView(APIView):
    """Your account: read it, change your name or time zone, or delete it with all your data."""

    serializer_class = AccountSerializer
    parser_classes = [JSONParser]

    @extend_schema(responses=AccountSerializer)
    def get(self, request):
        return Response(AccountSerializer(request.user).data)

    @extend_schema(request=AccountSerializer, responses=AccountSerializer)
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
        responses={204: OpenApiResponse(description="The account and its data are gone.")}
    )
    def delete(self, request):
        services.account_delete(user=request.user)
        return Response(status=status.HTTP_204_NO_CONTENT)


class ExportView(APIView):
    """Everything OsteoFit holds about you, as one JSON document."""

    @extend_schema(
        responses={200: OpenApiResponse(ExportSerializer, description="The export document.")}
    )
    def get(self, request):
        response = Response(services.account_export(user=request.user))
        response["Content-Disposition"] = f'attachment; filename="{services.export_filename()}"'
        return response
