from django.core.cache import cache as django_cache
from django.db import transaction
from django.shortcuts import get_object_or_404, render
from django.template.loader import render_to_string

from exercises import catalogue_cache, selectors

SEARCH_FIELDS = ("q", "kind", "equipment")


@transaction.non_atomic_requests
def catalogue(request):
    """The page's content, form included, is rendered once per choice of filters and catalogue
    version, then served from the cache. Free-text searches are rendered each time, so no one
    can fill the cache with made-up words."""
    params = {name: request.GET.get(name, "") for name in SEARCH_FIELDS}
    if params["q"]:
        listing = _listing(request.GET)
    else:
        key = catalogue_cache.fragment_key("catalogue", params)
        listing = django_cache.get(key)
        if listing is None:
            listing = _listing(request.GET)
            django_cache.set(key, listing, catalogue_cache.FRAGMENT_SECONDS)
    return render(request, "exercises/catalogue.html", {"listing": listing})


def _listing(params) -> str:
    search = selectors.exercise_search(params)
    exercises = list(search.qs) if search.is_valid() else []
    return render_to_string(
        "exercises/catalogue.html#listing",
        {
            "form": search.form,
            "groups": selectors.exercises_by_kind(exercises),
            "count": len(exercises),
            "filtered": any(params.get(name) for name in SEARCH_FIELDS),
        },
    )


def detail(request, slug: str):
    exercise = get_object_or_404(selectors.exercises_with_details(), slug=slug)
    return render(request, "exercises/detail.html", {"exercise": exercise})


def avoid(request):
    return render(request, "exercises/avoid.html", {"avoided": selectors.avoided_movements()})
