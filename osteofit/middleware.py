"""Pages take forms as browsers send them; anything else is a clear 415, before any view runs.

A page's view reads `request.POST`, which is empty for a JSON or XML body, so without this the
page would come back as if nothing had been sent: no error, nothing saved, nothing said. The
JSON APIs (/api/, allauth's /_allauth/) parse their own bodies and are left alone.
"""

from django.http import HttpResponse

FORM_TYPES = {"application/x-www-form-urlencoded", "multipart/form-data"}
API_PREFIXES = ("/api/", "/_allauth/")
NOT_A_FORM = (
    "This address takes a form, sent the way a web browser sends one "
    "(application/x-www-form-urlencoded or multipart/form-data). Nothing was saved."
)


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
