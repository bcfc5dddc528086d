from drf_spectacular.utils import OpenApiParameter, extend_schema, extend_schema_view
from rest_framework import viewsets
from rest_framework.permissions import AllowAny

from exercises import selectors
from exercises.api.serializers import AvoidedMovementSerializer, ExerciseSerializer
from exercises.filters import ExerciseFilter
from osteofit.api_input import StrictFilterForm, StrictPageNumberPagination
from osteofit.transactions import ServicesOwnTransactions


class ExerciseApiFilter(ExerciseFilter):
    """The catalogue page's filters, read strictly: `?kind=` is an error rather than "any"."""

    class Meta(ExerciseFilter.Meta):
        form = StrictFilterForm


@extend_schema_view(
    list=extend_schema(
        parameters=[
            OpenApiParameter(
                "q",
                str,
                pattern=r"^[^\u0000]*$",
                description="Search: words to find in the name, summary, purpose, kind or "
                "equipment; every word must match.",
            )
        ]
    )
)
class ExerciseViewSet(ServicesOwnTransactions, viewsets.ReadOnlyModelViewSet):
    """The public exercise catalogue. Filter by `kind` and `equipment`; search with `q`."""

    serializer_class = ExerciseSerializer
    permission_classes = [AllowAny]
    filterset_class = ExerciseApiFilter
    pagination_class = StrictPageNumberPagination
    lookup_field = "slug"
    # Any segment reaches the view, so an unknown slug is the API's JSON 404, not the HTML page.
    lookup_value_regex = "[^/]+"

    def get_queryset(self):
        return selectors.exercises_with_details()


class AvoidedMovementViewSet(ServicesOwnTransactions, viewsets.ReadOnlyModelViewSet):
    """The movements people with osteoporosis should avoid, each with its reason."""

    serializer_class = AvoidedMovementSerializer
    permission_classes = [AllowAny]
    lookup_field = "slug"
    lookup_value_regex = "[^/]+"
    pagination_class = StrictPageNumberPagination

    def get_queryset(self):
        return selectors.avoided_movements()
