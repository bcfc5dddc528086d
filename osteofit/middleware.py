"""The project's own middleware, each for one rule about every request or answer.

- `PermissionsPolicyMiddleware`: browser features no page uses are refused, on every answer.
- `PrivateAnswersMiddleware`: an answer that depends on who is asking is never stored by a
  shared cache.
- `FormBodiesOnlyMiddleware`: pages take forms as browsers send them; anything else is a 415.
- `JsonNestingLimitMiddleware`: a JSON body nested too deeply is a 400 before any parser runs.
- `ApiTrailingSlashMiddleware`: a write to an API address without its trailing slash is a
  JSON 404 naming the right address, never a redirect that drops the body (or, with DEBUG, a
  500 from CommonMiddleware).
- `SessionEndedMiddleware`: a form sent after the login session ended is sent on to the login
  page with `session_ended=1`, so that page says plainly the answers were not saved.
"""

import re
from functools import wraps
from urllib.parse import urlencode, urlsplit, urlunsplit

from django.conf import settings
from django.core.exceptions import RequestDataTooBig
from django.http import HttpResponse
from django.shortcuts import resolve_url
from django.utils.cache import patch_vary_headers

from osteofit import api_errors
from osteofit.secret_paths import carries_secret

FORM_TYPES = {"application/x-www-form-urlencoded", "multipart/form-data"}
API_PREFIXES = ("/api/", "/_allauth/")
NOT_A_FORM = (
    "This address takes a form, sent the way a web browser sends one "
    "(application/x-www-form-urlencoded or multipart/form-data). Nothing was saved."
)


class PermissionsPolicyMiddleware:
    """`Permissions-Policy: camera=(), microphone=(), ...` from settings.PERMISSIONS_POLICY."""

    def __init__(self, get_response):
        self.get_response = get_response
        self.policy = ", ".join(f"{feature}=()" for feature in settings.PERMISSIONS_POLICY)

    def __call__(self, request):
        response = self.get_response(request)
        response.headers.setdefault("Permissions-Policy", self.policy)
        return response


# Paths whose every answer is about an account: allauth's pages and API, our account pages.
ACCOUNT_PREFIXES = ("/accounts/", "/_allauth/", "/account/")
CREDENTIAL_HEADERS = ("HTTP_X_SESSION_TOKEN", "HTTP_AUTHORIZATION")
PRIVATE = "private, no-store"


class PrivateAnswersMiddleware:
    """A shared cache (a CDN, Varnish, a company proxy) keys answers by address. Varnish's
    default rules do not look at `X-Session-Token`, so without this one person's export was
    served from the cache to another token, to no token and to a bogus one.

    Every answer says it varies by `Cookie` and `X-Session-Token`, and an answer that depends
    on who is asking is `Cache-Control: private, no-store`. It depends on the caller when the
    request carried credentials (a session cookie, a session token, an Authorization header)
    or was signed in, when the answer sets a cookie (a CSRF token or a session is in it), or
    when the path is an account's or carries a secret (/r/..., /calendar/...). What is left is
    the same for every anonymous visitor (the landing page, the catalogue, the avoid list) and
    stays cacheable; static files are served before this runs and keep WhiteNoise's headers.
    One rule here rather than a decorator per view, so a new personal view cannot forget it.
    """

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        response = self.get_response(request)
        patch_vary_headers(response, ("Cookie", "X-Session-Token"))
        shared = getattr(response, "same_for_everyone", False) and not response.cookies
        if not shared and self.personal(request, response):
            response["Cache-Control"] = PRIVATE
            del response["Expires"]
        return response

    @staticmethod
    def personal(request, response) -> bool:
        user = getattr(request, "user", None)
        return bool(
            any(request.META.get(header) for header in CREDENTIAL_HEADERS)
            or settings.SESSION_COOKIE_NAME in request.COOKIES
            or (user is not None and user.is_authenticated)
            or response.cookies
            or request.path.startswith(ACCOUNT_PREFIXES)
            or carries_secret(request.path)
        )


def same_for_everyone(view):
    """For a view whose answer never depends on who asks and sets no cookie (an exercise
    picture under its content's address): it keeps its own Cache-Control even for a signed-in
    visitor, so browsers can cache it."""

    @wraps(view)
    def wrapped(request, *args, **kwargs):
        response = view(request, *args, **kwargs)
        response.same_for_everyone = True
        return response

    return wrapped


SAFE_METHODS = {"GET", "HEAD", "OPTIONS", "TRACE"}


class ApiTrailingSlashMiddleware:
    """APPEND_SLASH redirects `/api/v1/sessions` to `/api/v1/sessions/`; a client follows a 301
    with a GET, so a POST's body is lost (and DEBUG makes it a 500). Before CommonMiddleware,
    an API write without the slash is answered here instead."""

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        path = request.path
        if (
            request.method not in SAFE_METHODS
            and path.startswith("/api/")
            and not path.endswith("/")
        ):
            detail = (
                f"There is no API endpoint at this address. API addresses end with a slash: {path}/"
            )
            return api_errors.error_response(path, 404, "not_found", detail)
        return self.get_response(request)


class FormBodiesOnlyMiddleware:
    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        if (
            request.method in {"POST", "PUT", "PATCH"}
            and not request.path.startswith(API_PREFIXES)
            and request.content_type not in FORM_TYPES
            and request.META.get("CONTENT_LENGTH", "0") not in {"", "0"}
        ):
            return HttpResponse(NOT_A_FORM, status=415, content_type="text/plain; charset=utf-8")
        return self.get_response(request)


# Deeper than this, a JSON body is refused: no real request nests more than a few levels, and
# Python's parsers recurse per level (about 200 KB of `[` gave allauth's views a RecursionError).
MAX_JSON_NESTING = 64
# allauth's headless API reads every body as JSON, whatever its Content-Type says; so may ours.
JSON_READ_ANYWAY = ("/api/", "/_allauth/")
TOO_DEEPLY_NESTED = (
    f"The JSON body is nested more than {MAX_JSON_NESTING} levels deep. Nothing was saved."
)
_JSON_SPECIAL = re.compile(rb'["\[\]{}]')
_REST_OF_STRING = re.compile(rb'[^"\\]*(?:\\.[^"\\]*)*"', re.DOTALL)


def nesting_exceeds(body: bytes, limit: int) -> bool:
    """Whether brackets in `body` nest deeper than `limit`, brackets inside strings ignored.
    Iterative and linear: each byte is looked at a bounded number of times."""
    depth = 0
    position = 0
    while True:
        found = _JSON_SPECIAL.search(body, position)
        if found is None:
            return False
        character = found.group()
        position = found.end()
        if character == b'"':
            string = _REST_OF_STRING.match(body, position)
            if string is None:  # an unterminated string: the rest is inside it
                return False
            position = string.end()
        elif character in b"[{":
            depth += 1
            if depth > limit:
                return True
        else:
            depth = max(depth - 1, 0)


class JsonNestingLimitMiddleware:
    """Every body that is not a form (JSON for /api/ and allauth's /_allauth/, whatever the
    Content-Type says, since allauth reads the body as JSON regardless) is scanned before any
    view parses it; too deep is a 400 in the API's error shape, and nothing runs."""

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        if (
            request.META.get("CONTENT_LENGTH", "0") not in {"", "0"}
            and (
                request.content_type not in FORM_TYPES or request.path.startswith(JSON_READ_ANYWAY)
            )
            and self.too_deep(request)
        ):
            return api_errors.error_response(
                request.path, 400, "too_deeply_nested", TOO_DEEPLY_NESTED
            )
        return self.get_response(request)

    @staticmethod
    def too_deep(request) -> bool:
        try:
            body = request.body
        except RequestDataTooBig:
            return False  # the view reads the body again and answers 413 as usual
        return nesting_exceeds(
            _as_utf8(body, request.content_params.get("charset")), MAX_JSON_NESTING
        )


def _as_utf8(body: bytes, charset: str | None) -> bytes:
    """The body as the parsers will read it: DRF decodes with the declared charset, and in
    UTF-16 or UTF-32 a bracket or quote byte can sit inside another character."""
    if not charset or charset.lower().replace("-", "").replace("_", "") == "utf8":
        return body
    try:
        return body.decode(charset).encode()
    except (LookupError, UnicodeError):
        return body  # the parser refuses what cannot be decoded, with a 400 of its own


class SessionEndedMiddleware:
    """A POST answered with "log in first" lost what was sent: the login page is told, by
    `session_ended=1` on its address (a redirect, or htmx's HX-Location), to say so."""

    FLAG = "session_ended"

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        response = self.get_response(request)
        if request.method != "POST" or request.user.is_authenticated:
            return response
        for header in ("Location", "HX-Location"):
            if header in response and self._is_login(response[header]):
                response[header] = self._flagged(response[header])
        return response

    @staticmethod
    def _is_login(address: str) -> bool:
        return urlsplit(address).path == resolve_url(settings.LOGIN_URL)

    def _flagged(self, address: str) -> str:
        parts = urlsplit(address)
        if self.FLAG in parts.query:
            return address
        query = f"{parts.query}&{urlencode({self.FLAG: 1})}".lstrip("&")
        return urlunsplit(parts._replace(query=query))
