"""/api/v1/shares/: private report links. Creating one hands out health data, so it needs a
reauthentication in the last few minutes, as the export does; its address (with the secret) is
in the creation's answer only."""

from django.conf import settings
from django.http import Http404
from django.urls import reverse
from drf_spectacular.utils import OpenApiResponse, extend_schema
from rest_framework import generics, serializers, status
from rest_framework.parsers import JSONParser
from rest_framework.response import Response
from rest_framework.views import APIView

from osteofit.api_input import StrictBooleanField, StrictCharField, StrictChoiceField
from osteofit.reauthentication import REAUTHENTICATION_RESPONSE, require_recent_reauthentication
from osteofit.transactions import ServicesOwnTransactions
from tracking import sharing
from tracking.api.views import LOCATION_HEADER
from tracking.models import Share
from tracking.services import shares

PERIOD_HELP = (
    f"Weeks the report covers, up to the day the link is opened: one of "
    f"{', '.join(str(w) for w in sharing.REPORT_PERIODS)}; null for everything since the start."
)


class ShareCreateSerializer(serializers.Serializer):
    label = StrictCharField(
        max_length=sharing.LABEL_MAX, help_text='Who the link is for, e.g. "Dr Patel, physio".'
    )
    period_weeks = StrictChoiceField(
        choices=sharing.REPORT_PERIODS,
        allow_null=True,
        default=sharing.DEFAULT_PERIOD,
        help_text=PERIOD_HELP,
    )
    include_notes = StrictBooleanField(
        default=False, help_text="Whether the report shows your session notes."
    )
    expires_in_days = StrictChoiceField(
        choices=sharing.EXPIRY_DAYS,
        default=sharing.DEFAULT_EXPIRY_DAYS,
        help_text="Days until the link stops working on its own.",
    )


class ShareSerializer(serializers.ModelSerializer):
    """A link as listed: never its address, whose secret is shown once, on creation."""

    period_weeks = serializers.IntegerField(allow_null=True, read_only=True, help_text=PERIOD_HELP)

    class Meta:
        model = Share
        fields = [
            "id",
            "label",
            "period_weeks",
            "include_notes",
            "created_at",
            "expires_at",
            "revoked_at",
            "last_opened_at",
        ]
        read_only_fields = fields


class ShareCreatedSerializer(ShareSerializer):
    url = serializers.URLField(
        read_only=True,
        help_text="The link to send. It holds the secret, and is shown only in this answer.",
    )

    class Meta(ShareSerializer.Meta):
        fields = ["id", "url", *ShareSerializer.Meta.fields[1:]]
        read_only_fields = fields


def share_url(token: str) -> str:
    return f"{settings.SITE_URL}{reverse('tracking:shared', args=[token])}"


class ShareListView(ServicesOwnTransactions, generics.ListAPIView):
    """Your private report links: list them (paginated like every list), or make a new one."""

    parser_classes = [JSONParser]
    serializer_class = ShareSerializer

    def get_queryset(self):
        if getattr(self, "swagger_fake_view", False):  # the schema generator asks with no one
            return Share.objects.none()
        return Share.objects.filter(owner=self.request.user).order_by("-created_at", "-pk")

    @extend_schema(
        request=ShareCreateSerializer,
        parameters=[LOCATION_HEADER],
        responses={
            201: OpenApiResponse(
                ShareCreatedSerializer,
                description="The link; `url` holds its secret and is never shown again.",
            ),
            403: REAUTHENTICATION_RESPONSE,
        },
    )
    def post(self, request):
        require_recent_reauthentication(request)
        serializer = ShareCreateSerializer(data=request.data)
        serializer.is_valid(raise_exception=True)
        try:
            created = shares.share_create(owner=request.user, **serializer.validated_data)
        except shares.ShareInputError as error:
            raise serializers.ValidationError(error.errors) from error
        share = created.share
        share.url = share_url(created.token)
        location = reverse("api:share-detail", args=[share.pk])
        return Response(
            ShareCreatedSerializer(share).data,
            status=status.HTTP_201_CREATED,
            headers={"Location": request.build_absolute_uri(location)},
        )


class ShareDetailView(ServicesOwnTransactions, APIView):
    """One of your links: read it, or revoke it (it stops working at once)."""

    serializer_class = ShareSerializer

    @extend_schema(responses=ShareSerializer)
    def get(self, request, pk: int):
        share = Share.objects.filter(owner=request.user, pk=pk).first()
        if share is None:
            raise Http404("You have no such link.")
        return Response(ShareSerializer(share).data)

    @extend_schema(
        responses={204: OpenApiResponse(description="Revoked: the link opens nothing from now.")}
    )
    def delete(self, request, pk: int):
        if not shares.share_revoke(owner=request.user, share_id=pk):
            raise Http404("You have no such link.")
        return Response(status=status.HTTP_204_NO_CONTENT)
