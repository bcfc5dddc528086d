"""Who is calling the API: allauth's session token (phone apps) or the browser's session cookie.

A client must be able to tell "log in again" from "not allowed". DRF answers an unauthenticated
request with 401 only when the first authentication class names a challenge for the
`WWW-Authenticate` header (otherwise 403), and allauth's `XSessionTokenAuthentication` names
none and treats an unknown, expired or logged-out token as no token at all. Here:

- no credentials at all: 401 `not_authenticated`;
- an `X-Session-Token` that is unknown, expired or logged out: 401 `authentication_failed`
  (never a silent fall-back to the cookie);
- signed in but not allowed (a CSRF failure with the cookie, a limited session, ...): 403.
"""

from allauth.headless.contrib.rest_framework.authentication import XSessionTokenAuthentication
from drf_spectacular.extensions import OpenApiAuthenticationExtension
from rest_framework.exceptions import AuthenticationFailed

# The challenge every 401 carries: send the session token from allauth's headless login.
SCHEME = "Session"
CHALLENGE = f'{SCHEME} realm="api", header="X-Session-Token"'
TOKEN_REFUSED = (
    "This session token is not valid: it has expired or you logged out. Log in again to get a "
    "new one."
)


class SessionTokenAuthentication(XSessionTokenAuthentication):
    """allauth's token check, with a challenge (so DRF answers 401) and a refused token said
    out loud (so a wrong token is not read as "anonymous")."""

    def authenticate(self, request):
        token = self.get_session_token(request)
        if not token:
            return None
        found = super().authenticate(request)
        if found is None:
            raise AuthenticationFailed(TOKEN_REFUSED)
        return found

    def authenticate_header(self, request) -> str:
        return CHALLENGE


class SessionTokenScheme(OpenApiAuthenticationExtension):
    """The schema's one name for the token: `SessionToken`, as the settings' SECURITY says."""

    target_class = SessionTokenAuthentication
    name = "SessionToken"

    def get_security_definition(self, auto_schema):
        return {
            "type": "apiKey",
            "in": "header",
            "name": "X-Session-Token",
            "description": "The session token from allauth's headless login "
            "(/_allauth/app/v1/auth/login, `meta.session_token`). Without it, or with one that "
            f"has expired or was logged out, the answer is 401 with `WWW-Authenticate: {CHALLENGE}`"
            " and the code `not_authenticated` or `authentication_failed`.",
        }
