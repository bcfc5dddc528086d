from django.core.cache import cache as django_cache
from django.db import transaction
from django.http import HttpResponse
from django.shortcuts import get_object_or_404, render
from django.template.loader import render_to_string

from exercises import catalogue_cache, selectors
from exercises.models import Picture

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


@transaction.non_atomic_requests  # reads only, like the catalogue: no savepoint round trips
def detail(request, slug: str):
    exercise = get_object_or_404(selectors.exercise_page(), slug=slug)
    return render(request, "exercises/detail.html", {"exercise": exercise})


def avoid(request):
    return render(request, "exercises/avoid.html", {"avoided": selectors.avoided_movements()})


# Provisional (bone-pictures): bone-catalogue owns the real picture view; keep theirs at merge.
@transaction.non_atomic_requests
def picture(request, pk: int, digest: str):
    """A picture's markup from its own address, which names its content: cached for a year,
    with a policy that lets nothing in it run or load."""
    found = get_object_or_404(Picture.objects.only("svg", "digest"), pk=pk, digest=digest)
    response = HttpResponse(found.svg, content_type="image/svg+xml; charset=utf-8")
    response["Cache-Control"] = "public, max-age=31536000, immutable"
    response["Content-Security-Policy"] = "default-src 'none'; style-src 'unsafe-inline'"
    response["X-Content-Type-Options"] = "nosniff"
    return response
