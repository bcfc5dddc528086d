"""Public pages served whole to anonymous visitors, and compressed.

The landing page, the catalogue and the avoid list are the same for every anonymous visitor:
they hold nothing personal and no form with a CSRF token (the catalogue's search is a GET;
the logout form is only for people signed in). `public_page` renders each variant (the path
and the page's own query parameters) once per catalogue version and process, keeps it plain
and gzipped, and answers later anonymous visitors from that copy: no session, no database,
no template. Answers carry `Cache-Control: public, max-age=60` and `Vary: Accept-Encoding,
Cookie, X-Session-Token`, so a shared cache (tests/security/test_shared_cache.py runs Varnish)
may keep them too.

Compression is safe here and only here: BREACH needs a secret in a compressed body that also
reflects what an attacker sends, and these bodies hold neither a secret nor a CSRF token (the
free-text search, which echoes its words, is never cached or compressed). Pages for people
signed in are never compressed.

Anyone with a session cookie, a messages cookie (the "signed out" notice on the landing page),
credentials or a free-text search gets the view itself, as before.
"""

from __future__ import annotations

import gzip
import threading
from collections.abc import Callable, Iterable
from functools import wraps

from django.conf import settings
from django.contrib.messages.storage.cookie import CookieStorage
from django.db import transaction
from django.http import HttpResponse
from django.utils.cache import patch_cache_control, patch_vary_headers

from osteofit.middleware import CREDENTIAL_HEADERS

MAX_AGE = 60  # seconds a browser or shared cache may keep a public page
MAX_KEPT = 256  # variants kept per process (filter values come from visitors)
_kept: dict[tuple, tuple[dict, bytes, bytes]] = {}
_lock = threading.Lock()


def anonymous(request) -> bool:
    return not (
        settings.SESSION_COOKIE_NAME in request.COOKIES
        or CookieStorage.cookie_name in request.COOKIES
        or any(request.META.get(header) for header in CREDENTIAL_HEADERS)
    )


def public_page(
    params: Iterable[str] = (),
    *,
    uncached: Iterable[str] = (),
    version: Callable[[], str] = lambda: "",
):
    """For a view whose anonymous answer depends only on the path, the query parameters
    `params` and the content `version` (the catalogue's); a request with any of `uncached`
    (free text) is never cached."""
    params, uncached = tuple(params), tuple(uncached)

    def decorate(view):
        @wraps(view)
        @transaction.non_atomic_requests
        def wrapped(request, *args, **kwargs):
            if (
                request.method not in ("GET", "HEAD")
                or not anonymous(request)
                or any(request.GET.get(name) for name in uncached)
            ):
                return view(request, *args, **kwargs)
            key = (
                request.path,
                tuple(request.GET.get(name, "") for name in params),
                version(),
            )
            kept = _kept.get(key)
            if kept is None:
                response = view(request, *args, **kwargs)
                if response.status_code != 200 or response.cookies or response.streaming:
                    return response
                kept = _keep(key, response)
            return _answer(request, *kept)

        return wrapped

    return decorate


def _keep(key: tuple, response) -> tuple[dict, bytes, bytes]:
    if hasattr(response, "render"):
        response.render()  # a TemplateResponse (the landing page)
    body = response.content
    headers = {
        name: value
        for name, value in response.headers.items()
        if name.lower() not in {"content-length", "vary", "cache-control"}
    }
    kept = (headers, body, gzip.compress(body, compresslevel=6, mtime=0))
    with _lock:
        if len(_kept) >= MAX_KEPT:
            _kept.clear()
        _kept[key] = kept
    return kept


def _answer(request, headers: dict, body: bytes, zipped: bytes):
    compressed = "gzip" in request.headers.get("Accept-Encoding", "")
    response = HttpResponse(zipped if compressed else body)
    for name, value in headers.items():
        response[name] = value
    if compressed:
        response["Content-Encoding"] = "gzip"
    patch_vary_headers(response, ("Accept-Encoding",))
    patch_cache_control(response, public=True, max_age=MAX_AGE)
    response.same_for_everyone = True
    return response


def forget() -> None:
    """Drop every kept page (tests; a deploy restarts the processes anyway)."""
    with _lock:
        _kept.clear()
