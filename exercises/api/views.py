from rest_framework import viewsets
from rest_framework.permissions import AllowAny

from exercises import selectors
from exercises.api.serializers import AvoidedMovementSerializer, ExerciseSerializer
from exercises.filters import ExerciseFilter


class ExerciseViewSet(viewsets.ReadOnlyModelViewSet):
    """The public exercise catalogue. Filter by `kind` and `equipment`; search with `q`."""

    serializer_class = ExerciseSerializer
    permission_classes = [AllowAny]
    filterset_class = ExerciseFilter
    lookup_field = "slug"

    def get_queryset(self):
        return selectors.exercises_with_details()


class AvoidedMovementViewSet(viewsets.ReadOnlyModelViewSet):
    """The movements people with osteoporosis should avoid, each with its reason."""

    serializer_class = AvoidedMovementSerializer
    permission_classes = [AllowAny]
    lookup_field = "slug"
    pagination_class = None

    def get_queryset(self):
        return selectors.avoided_movements()
