"""Sessions in the database, read with their person in one query.

Every signed-in request read its session (1 query) and then its user (1 more); the app's
`X-Session-Token` cost 3, because allauth's token strategy asks `exists()` before loading.
A session cache in Redis was left out on purpose (docs/performance.md): a session ended while
Redis is down would come back from Redis afterwards. So nothing here is trusted that the
database has not just confirmed:

- `SessionStore` keeps, per process, which person each session key signed in (a hint only).
  With a hint, the session row and the user row come back in ONE query; the hint is used only
  when the session's own data names the same person, and a missing or expired session row
  means no session, exactly as before. A logout, password change, account deletion or "end
  other sessions" deletes or changes the rows, so it takes effect on the next request, with
  or without Redis.
- `SessionUserBackend` hands Django's `get_user` that user instead of querying again; the
  session hash check (password changes) still runs on it as always.
- `SessionTokenStrategy` loads the token's session once instead of `exists()` + load.
"""

from __future__ import annotations

import contextvars

from allauth.account.auth_backends import AuthenticationBackend
from allauth.headless.internal import sessionkit
from allauth.headless.tokens.strategies.sessions import SessionTokenStrategy as AllauthStrategy
from django.contrib.auth import BACKEND_SESSION_KEY, SESSION_KEY, get_user_model
from django.contrib.auth.backends import ModelBackend
from django.contrib.sessions.backends import db
from django.contrib.sessions.models import Session
from django.core.signals import request_finished
from django.db.models import Subquery
from django.utils import timezone

# Hints kept per process; past this many, they start again (a hint only saves a query).
MAX_HINTS = 20_000
_owner_hint: dict[str, str] = {}

# The person loaded with this request's session: (session key, user), for `get_user` once.
_loaded_with_session: contextvars.ContextVar[tuple[str, object] | None] = contextvars.ContextVar(
    "osteofit_loaded_with_session", default=None
)

# Sessions made before this engine name Django's and allauth's backends; they are read as ours.
BACKENDS = {
    "django.contrib.auth.backends.ModelBackend": "osteofit.sessions.SessionUserBackend",
    "allauth.account.auth_backends.AuthenticationBackend": (
        "osteofit.sessions.SessionAuthenticationBackend"
    ),
}


class SessionStore(db.SessionStore):
    def load(self):
        _loaded_with_session.set(None)
        hint = _owner_hint.get(self.session_key) if self.session_key else None
        if hint is not None:
            data = self._load_with_user(hint)
            if data is not None:
                return data
        data = super().load()
        self._remember_owner(data)
        return self._with_current_backend(data)

    def _load_with_user(self, user_id: str) -> dict | None:
        """The session and its person in one query, or None to load them the usual way (the
        person is gone, or the session names someone else). An ended session is {}."""
        session_data = Subquery(
            Session.objects.filter(
                session_key=self.session_key, expire_date__gt=timezone.now()
            ).values("session_data")[:1]
        )
        found = get_user_model()._default_manager.filter(pk=user_id)
        user = next(iter(found.annotate(_session_data=session_data)[:1]), None)
        if user is None:
            _owner_hint.pop(self.session_key, None)
            return None
        if user._session_data is None:  # ended, expired or never there
            _owner_hint.pop(self.session_key, None)
            self._session_key = None
            return {}
        data = self.decode(user._session_data)
        if data.get(SESSION_KEY) != user_id:
            _owner_hint.pop(self.session_key, None)
            return None
        _loaded_with_session.set((self.session_key, user))
        return self._with_current_backend(data)

    def _remember_owner(self, data: dict) -> None:
        owner = data.get(SESSION_KEY)
        if owner is None or not self.session_key:
            return
        if len(_owner_hint) >= MAX_HINTS:
            _owner_hint.clear()
        _owner_hint[self.session_key] = owner

    @staticmethod
    def _with_current_backend(data: dict) -> dict:
        backend = data.get(BACKEND_SESSION_KEY)
        if backend in BACKENDS:
            data[BACKEND_SESSION_KEY] = BACKENDS[backend]
        return data

    def save(self, must_create=False):
        super().save(must_create)
        self._remember_owner(self._get_session(no_load=must_create))

    def delete(self, session_key=None):
        _owner_hint.pop(session_key or self.session_key, None)
        super().delete(session_key)


def _forget_loaded(**kwargs) -> None:
    _loaded_with_session.set(None)


request_finished.connect(_forget_loaded, dispatch_uid="osteofit.sessions.forget_loaded")


class _UserLoadedWithSession:
    """`get_user` answers with the person the session was just loaded with, once."""

    def get_user(self, user_id):
        loaded = _loaded_with_session.get()
        if loaded is not None:
            _loaded_with_session.set(None)
            user = loaded[1]
            if str(user.pk) == str(user_id):
                return user if self.user_can_authenticate(user) else None
        return super().get_user(user_id)


class SessionUserBackend(_UserLoadedWithSession, ModelBackend):
    pass


class SessionAuthenticationBackend(_UserLoadedWithSession, AuthenticationBackend):
    pass


class SessionTokenStrategy(AllauthStrategy):
    def lookup_session(self, session_token: str):
        """One load (allauth's own `sessionkit.lookup_session`), not `exists()` and a load."""
        return sessionkit.lookup_session(session_token)
