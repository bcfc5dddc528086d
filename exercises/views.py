from django.core.cache import cache as django_cache
from django.db import transaction
from django.http import Http404, HttpResponse
from django.shortcuts import get_object_or_404, render
from django.template.loader import render_to_string
from django.utils.csp import CSP
from django.views.decorators.csp import csp_override, csp_report_only_override
from django.views.decorators.http import require_safe

from exercises import catalogue_cache, selectors
from osteofit.middleware import same_for_everyone
from osteofit.public_pages import public_page

SEARCH_FIELDS = ("q", "kind", "equipment")


@public_page(("kind", "equipment"), uncached=("q",), version=catalogue_cache.catalogue_version)
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


@public_page(version=catalogue_cache.catalogue_version)
def detail(request, slug: str):
    exercise = get_object_or_404(selectors.exercise_page(), slug=slug)
    guides = selectors.floor_guides() if exercise.on_floor else []
    return render(request, "exercises/detail.html", {"exercise": exercise, "floor_guides": guides})


@transaction.non_atomic_requests
def floor_guide(request, slug: str):
    guide = selectors.floor_guide(slug)
    if guide is None:
        raise Http404("No such floor guide.")
    return render(request, "exercises/floor_guide.html", {"guide": guide})


#: A picture's address names its content (`Picture.digest`), so it never changes under it.
PICTURE_CACHE_CONTROL = "public, max-age=31536000, immutable"
#: Nothing in the drawing may load or run anything; inline styles (dark mode) are allowed.
PICTURE_CSP = {"default-src": [CSP.NONE], "style-src": [CSP.UNSAFE_INLINE]}


@require_safe
@transaction.non_atomic_requests
@same_for_everyone
@csp_override(PICTURE_CSP)
@csp_report_only_override({})
def picture(request, picture_id: int, digest: str):
    """One exercise or guide picture as an SVG image, for `<img src>`: pages never inline it."""
    markup = selectors.picture_markup(picture_id, digest)
    if markup is None:
        raise Http404("No such picture.")
    response = HttpResponse(markup, content_type="image/svg+xml; charset=utf-8")
    response["Cache-Control"] = PICTURE_CACHE_CONTROL
    response["X-Content-Type-Options"] = "nosniff"
    return response


@public_page(version=catalogue_cache.catalogue_version)
def avoid(request):
    return render(request, "exercises/avoid.html", {"avoided": selectors.avoided_movements()})
