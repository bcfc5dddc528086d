"""/robots.txt: crawlers are asked to keep out of every address that carries a secret (emailed
links, calendar feeds, share links, reset keys: `secret_paths.SECRET_PREFIXES`, the one list),
the API and the admin, so a leaked link is never indexed.

Pages behind login stay crawlable: a crawler is only ever redirected to the login page, so
nothing personal can be indexed, and Lighthouse's SEO audit of such a page stays whole. Rules
are plain prefixes that every parser reads the same way (no `$` or `*`)."""

from __future__ import annotations

from django.http import HttpResponse
from django.views.decorators.cache import cache_control
from django.views.decorators.http import require_safe

from osteofit.middleware import same_for_everyone
from osteofit.secret_paths import SECRET_PREFIXES

KEPT_OUT = (*SECRET_PREFIXES, "/api/", "/_allauth/", "/admin/")
RULES = "\n".join(["User-agent: *", *(f"Disallow: {prefix}" for prefix in KEPT_OUT), ""])


@require_safe
@same_for_everyone
@cache_control(public=True, max_age=86400)
def robots_txt(request):
    return HttpResponse(RULES, content_type="text/plain; charset=utf-8")
