"""/robots.txt: crawlers may read the public pages (the landing page, the catalogue, the safety
page) and are asked to keep out of everything else, share links and API included.

The disallowed prefixes are read from the URL configuration, so a new private page is covered
without anyone remembering to list it. Rules are plain prefixes that every parser reads the
same way (no `$` or `*`)."""

from __future__ import annotations

from django.http import HttpResponse
from django.urls import URLPattern, URLResolver, get_resolver
from django.views.decorators.cache import cache_control
from django.views.decorators.http import require_safe

from osteofit.middleware import same_for_everyone

PUBLIC_SECTIONS = frozenset({"exercises", "safety", "static", "robots.txt"})


def first_segments(patterns) -> set[str]:
    """The literal first path segment of every route ('' for the landing page)."""
    segments: set[str] = set()
    for pattern in patterns:
        route = str(pattern.pattern).lstrip("^")
        if isinstance(pattern, URLResolver) and route == "":
            segments |= first_segments(pattern.url_patterns)
            continue
        if isinstance(pattern, URLPattern | URLResolver):
            segment = route.split("/", 1)[0]
            if "<" not in segment and "(" not in segment:
                segments.add(segment)
    return segments


def robots_rules(segments: set[str]) -> str:
    private = sorted(segment for segment in segments - PUBLIC_SECTIONS if segment)
    return "\n".join(["User-agent: *", *(f"Disallow: /{segment}/" for segment in private), ""])


@require_safe
@same_for_everyone
@cache_control(public=True, max_age=86400)
def robots_txt(request):
    body = robots_rules(first_segments(get_resolver().url_patterns))
    return HttpResponse(body, content_type="text/plain; charset=utf-8")
