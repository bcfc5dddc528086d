"""The site's URLs plus the benchmark's baseline: a Django view that touches no database."""

from django.db import transaction
from django.http import HttpResponse
from django.urls import include, path


@transaction.non_atomic_requests
def bare(request):
    """The floor every page stands on: middleware, routing and a response, nothing else."""
    return HttpResponse(b"ok\n", content_type="text/plain")


urlpatterns = [
    path("bench/bare/", bare, name="bench-bare"),
    path("", include("osteofit.urls")),
]

handler404 = "osteofit.views.page_not_found"
