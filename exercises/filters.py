"""The catalogue's search and filters, shared by the HTML page and the API."""

import django_filters
from django.db.models import Q

from exercises.models import Equipment, Exercise, Kind


class ExerciseFilter(django_filters.FilterSet):
    q = django_filters.CharFilter(method="search", label="Search")
    kind = django_filters.ChoiceFilter(choices=Kind.choices, empty_label="Any kind")
    equipment = django_filters.ChoiceFilter(choices=Equipment.choices, empty_label="Any equipment")

    class Meta:
        model = Exercise
        fields = ["q", "kind", "equipment"]

    def search(self, queryset, name, value):
        words = value.split()
        for word in words:
            queryset = queryset.filter(
                Q(name__icontains=word)
                | Q(summary__icontains=word)
                | Q(purpose__icontains=word)
                | Q(kind__icontains=word)
                | Q(equipment__icontains=word)
            )
        return queryset
