from django.core.cache import cache as django_cache
from django.db import transaction
from django.shortcuts import get_object_or_404, render
from django.template.loader import render_to_string

from exercises import cache, selectors


@transaction.non_atomic_requests
def catalogue(request):
    """The listing is rendered once per search and catalogue version, then served from cache."""
    search = selectors.exercise_search(request.GET)
    valid = search.is_valid()
    filtered = any(request.GET.get(name) for name in ("q", "kind", "equipment"))
    key = cache.fragment_key("results", search.form.cleaned_data if valid else None)
    results = django_cache.get(key)
    if results is None:
        exercises = list(search.qs) if valid else []
        results = render_to_string(
            "exercises/catalogue.html#results",
            {
                "groups": selectors.exercises_by_kind(exercises),
                "count": len(exercises),
                "filtered": filtered,
            },
        )
        django_cache.set(key, results, cache.FRAGMENT_SECONDS)
    return render(
        request,
        "exercises/catalogue.html",
        {"form": search.form, "results": results, "filtered": filtered},
    )


def detail(request, slug: str):
    exercise = get_object_or_404(selectors.exercises_with_details(), slug=slug)
    return render(request, "exercises/detail.html", {"exercise": exercise})


def avoid(request):
    return render(request, "exercises/avoid.html", {"avoided": selectors.avoided_movements()})
