"""Account writes (update, delete with every trace), shared by the browser pages and the API.

The data download is `osteofit.accounts.export`."""

import hashlib
import json
import re
from importlib import import_module
from urllib.parse import urlsplit

from django.conf import settings
from django.contrib.admin.models import LogEntry
from django.contrib.auth import SESSION_KEY, get_user_model
from django.contrib.contenttypes.models import ContentType
from django.core.cache import cache
from django.db import transaction
from django.db.models.deletion import Collector
from django.utils import timezone
from rest_framework.settings import api_settings

from tracking.models import Program
from tracking.page_cache import person_forget

User = get_user_model()


@transaction.atomic
def account_update(
    *,
    user,
    first_name: str | None = None,
    last_name: str | None = None,
    timezone_name: str | None = None,
):
    """Change the name or time zone; the running program follows the person's time zone."""
    if first_name is not None:
        user.first_name = first_name
    if last_name is not None:
        user.last_name = last_name
    if timezone_name is not None:
        user.timezone = timezone_name
    user.full_clean(exclude=["password"])
    user.save(update_fields=["first_name", "last_name", "timezone"])
    if timezone_name is not None:
        Program.objects.filter(user=user, active=True).update(
            timezone=timezone_name, updated_at=timezone.now()
        )
    return user


DELETED_ACCOUNT = "deleted account"


@transaction.atomic
def account_delete(*, user) -> None:
    """Delete the account and, through the foreign keys, every row that belongs to it; then
    every trace that no foreign key leads to: the admin's log entries about those rows, every
    stored session naming the person, and their cache entries."""
    user_pk = user.pk
    addresses = {
        user.email.lower(),
        *(a.lower() for a in user.emailaddress_set.values_list("email", flat=True)),
    }
    doomed = User.objects.filter(pk=user_pk)
    collector = Collector(using=doomed.db, origin=doomed)
    collector.collect(doomed)
    _admin_log_anonymise(collector)
    collector.delete()
    login_sessions_end(user_pk, addresses)
    # After the commit: a request still building a page for them before it would put it back.
    transaction.on_commit(lambda: _cache_entries_forget(user_pk, addresses), robust=True)


def _admin_log_anonymise(collector: Collector) -> None:
    """Staff keep the record that they changed something, but it no longer says whose: every
    admin log entry about a row being deleted loses its link, its text and its message (which
    can quote the row, e.g. an email address added inline). Entries the person made as staff
    go with them (their foreign key cascades)."""
    rows: dict[type, set] = {
        model: {row.pk for row in found} for model, found in collector.data.items()
    }
    for queryset in collector.fast_deletes:
        rows.setdefault(queryset.model, set()).update(queryset.values_list("pk", flat=True))
    for model, pks in rows.items():
        if model is LogEntry or model._meta.auto_created or not pks:
            continue
        LogEntry.objects.filter(
            content_type=ContentType.objects.get_for_model(model),
            object_id__in=[str(pk) for pk in pks],
        ).update(object_id=None, object_repr=DELETED_ACCOUNT, change_message="")


def _names_an_address(addresses: set[str]):
    """A test for text that holds one of the addresses as a whole (not inside a longer one)."""
    alternatives = "|".join(re.escape(address) for address in sorted(addresses))
    pattern = re.compile(rf"(?<![\w.+-])(?:{alternatives})(?![\w-]|\.\w)", re.IGNORECASE)
    return lambda text: pattern.search(text) is not None


def login_sessions_end(
    user_pk, addresses: set[str] = frozenset(), *, keep: str | None = None
) -> None:
    """Delete every stored login session that is the person's or names one of their addresses
    (all but the session `keep`, when one is named):
    the ones behind browser cookies and behind each app's X-Session-Token, and anonymous ones
    holding a pending sign-up, login code or password reset for the address. No foreign key
    leads to them, so the deletion above leaves them, and allauth keeps the address in them
    until they expire.

    Sessions do not record their owner in a column, so each one is decoded: slow with very many
    sessions, but deleting an account is rare. Only database-backed session engines can be
    searched; with a cache-only engine the sessions simply expire (they no longer sign anybody
    in, since the user is gone)."""
    store_class = import_module(settings.SESSION_ENGINE).SessionStore
    if not hasattr(store_class, "get_model_class"):
        return
    decoder = store_class()
    owner = str(user_pk)
    names_them = _names_an_address(addresses) if addresses else lambda text: False
    doomed = []
    for stored in store_class.get_model_class().objects.iterator():
        if stored.session_key == keep:
            continue
        data = decoder.decode(stored.session_data)
        if data.get(SESSION_KEY) == owner or names_them(json.dumps(data, default=str)):
            doomed.append(stored.session_key)
    for session_key in doomed:
        store_class(session_key=session_key).delete()


def _cache_entries_forget(user_pk, addresses: set[str]) -> None:
    """Delete the cache entries that name the person: their cached pages, DRF's throttle
    history under their id, and allauth's rate-limit counters under their id or address
    (allauth keys those by a hash of the address, or of "host:address" for failed logins)."""
    person_forget(user_pk)
    cache.delete_many(
        [f"throttle_{scope}_{user_pk}" for scope in api_settings.DEFAULT_THROTTLE_RATES]
    )
    delete_pattern = getattr(cache, "delete_pattern", None)
    if delete_pattern is None:
        return
    delete_pattern(f"allauth:rl:*:user:{user_pk}")
    hosts = {urlsplit(settings.SITE_URL).netloc, *settings.ALLOWED_HOSTS}
    hosts = {host.lstrip(".") for host in hosts if host and "*" not in host}
    for address in addresses:
        for key in (address, *(f"{host}:{address}" for host in hosts)):
            delete_pattern(f"allauth:rl:*:{hashlib.sha256(key.encode()).hexdigest()}")
